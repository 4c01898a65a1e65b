#!/usr/bin/env bash
# The steps of the GitHub Actions workflows (.github/workflows/), in one
# place, so that what a workflow runs is what runs here:
#
#   scripts/workflow.sh test                   every check and test: the README's test
#                                              command (`make test`), which ends with `validate`
#   scripts/workflow.sh validate               the publishing gate: `cvalues validate results/`,
#                                              exit 0 only for a fully valid results folder
#   scripts/workflow.sh site PUBLIC_URL DIST   the release site for GitHub Pages under
#                                              PUBLIC_URL (`/<repo>/`) into DIST
#
# `test` and `site` install what is missing first. The browser tests and the
# page benchmark build the site they load with `site`.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  test)
    exec make test
    ;;
  validate)
    exec cargo run --quiet -p cvalues -- validate results/
    ;;
  site)
    if [ $# -ne 3 ]; then
      echo "usage: $0 site PUBLIC_URL DIST" >&2
      exit 2
    fi
    scripts/setup.sh
    PATH="$(scripts/setup.sh --path):$PATH"
    exec trunk build --release --offline --public-url "$2" --dist "$3"
    ;;
  *)
    echo "usage: $0 test | validate | site PUBLIC_URL DIST" >&2
    exit 2
    ;;
esac
