#!/usr/bin/env bash
# Lighthouse 12.2.3 (the last release that runs on Node 20) on the release
# site, served locally as GitHub Pages serves it; prints the four category
# scores (mobile and desktop settings) and writes the reports to
# target/lighthouse/. Installs Lighthouse into the tools folder if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
LIGHTHOUSE_VERSION=12.2.3
TOOLS_DIR=${CVALUES_TOOLS_DIR:-$HOME/.cache/cvalues-leaderboard-tools}
if ! grep -qs "\"version\": \"$LIGHTHOUSE_VERSION\"" "$TOOLS_DIR/node_modules/lighthouse/package.json"; then
  echo "lighthouse: installing lighthouse $LIGHTHOUSE_VERSION into $TOOLS_DIR" >&2
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund -E "lighthouse@$LIGHTHOUSE_VERSION" >&2
fi
site=target/lighthouse-site
# The same build the browser tests load (and its cache).
CARGO_TARGET_DIR=target/trunk scripts/workflow.sh site /cvalues-leaderboard/ "$site" >&2
exec node scripts/lighthouse.mjs "$site" "$TOOLS_DIR"
