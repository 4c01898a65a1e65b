#!/usr/bin/env bash
# The answer parser's instructions per response, per evaluator family, on
# the golden corpus, and loading the shipped demo results per model (as the
# page loads them): counted by callgrind (valgrind), so the figure is the
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
# The bench binaries, built as `cargo bench` builds them (LTO, opt-level 3).
built() { # BENCH
  cargo bench -p cvalues-core --bench "$1" --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1
}
parser=$(built instructions)
loader=$(built load_instructions)
[ -x "$parser" ] && [ -x "$loader" ] || { echo "could not build the instructions benches" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count() { # NAME BIN FUNCTION [ARG]: counts FUNCTION in BIN run with ARG; prints "items total"
  line=$(valgrind --tool=callgrind --callgrind-out-file="$out/$1" \
    --toggle-collect="$3" "$2" ${4:-} 2>"$out/$1.log")
  done=${line#*: }; done=${done%% *}
  total=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/$1.log")
  [ -n "$total" ] && [ "$done" -gt 0 ] || { cat "$out/$1.log" >&2; exit 1; }
  echo "$done $total"
}
printf '%-16s %14s %16s\n' family responses instr/response
for f in "${families[@]}"; do
  read -r parsed total < <(count "$f" "$parser" 'instructions::parse_all' "$f")
  printf '%-16s %14s %16s\n' "$f" "$parsed" "$((total / parsed))"
done
# The page's main work: loading the shipped demo (the item bank and each model).
read -r loaded total < <(count load "$loader" 'load_instructions::load_all')
printf '%-16s %14s %16s\n' "loading the demo" "$loaded models" "$((total / loaded)) instr/model"
