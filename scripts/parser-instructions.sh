#!/usr/bin/env bash
# The answer parser's instructions per response, per evaluator family, on
# the golden corpus: counted by callgrind (valgrind), so the figure is the
# same on a fast machine and a slow one, for the same build. Judge a parser
# change by this first, then by `make bench` (seconds, which vary by machine).
#
#   scripts/parser-instructions.sh            # every family
#   scripts/parser-instructions.sh moss       # one
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install -y valgrind)" >&2; exit 1; }
families=("$@")
[ ${#families[@]} -gt 0 ] || families=(chatgpt moss ziya chinese_alpaca)
# The bench binary, built as `cargo bench` builds it (LTO, opt-level 3).
bin=$(cargo bench -p cvalues-core --bench instructions --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -x "$bin" ] || { echo "could not build the instructions bench" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-16s %14s %12s\n' family responses instr/resp
for f in "${families[@]}"; do
  line=$(valgrind --tool=callgrind --callgrind-out-file="$out/$f" \
    --toggle-collect='instructions::parse_all' "$bin" "$f" 2>"$out/$f.log")
  parsed=${line#*: }; parsed=${parsed%% *}
  total=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/$f.log")
  [ -n "$total" ] && [ "$parsed" -gt 0 ] || { cat "$out/$f.log" >&2; exit 1; }
  printf '%-16s %14s %12s\n' "$f" "$parsed" "$((total / parsed))"
done
