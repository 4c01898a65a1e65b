#!/usr/bin/env bash
# Installs what building and testing the leaderboard needs, idempotently:
# the wasm32 target, pinned Trunk, wasm-bindgen-cli and wasm-split-cli,
# wasm-opt (binaryen from npm: Debian's is too old), terser, axe-core, and
# Chromium with ChromeDriver.
# `scripts/setup.sh --path` prints the folders to put on PATH (the Makefile does).
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal wasm-bindgen in Cargo.lock
BINARYEN_VERSION=132.0.0        # Trunk.toml pins wasm_opt = "version_132"
TERSER_VERSION=5.51.4           # minifies the app's JS in release builds
AXE_CORE_VERSION=4.10.3         # the accessibility test runs it in Chromium
WASM_SPLIT_VERSION=0.2.4        # wasm_split_cli_support: splits at Leptos' #[lazy]
TOOLS_DIR=${CVALUES_TOOLS_DIR:-$HOME/.cache/cvalues-leaderboard-tools}
BIN_PATH="$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin"

if [ "${1:-}" = "--path" ]; then
  echo "$BIN_PATH"
  exit 0
fi
export PATH="$BIN_PATH:$PATH"
log() { echo "setup: $*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (slow: about 13 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # not --locked: its lock file names a crate version the registry here lacks
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# (wasm-split-cli has no --version: ask cargo what it installed.)
if ! command -v wasm-split-cli >/dev/null ||
  ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "installing wasm-split-cli $WASM_SPLIT_VERSION (wasm_split_cli_support)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}" ||
  ! terser --version 2>/dev/null | grep -qx "terser $TERSER_VERSION" ||
  ! grep -qs "\"version\": \"$AXE_CORE_VERSION\"" "$TOOLS_DIR/node_modules/axe-core/package.json"; then
  log "installing binaryen $BINARYEN_VERSION (wasm-opt), terser $TERSER_VERSION and axe-core $AXE_CORE_VERSION from npm into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund -E \
    "binaryen@$BINARYEN_VERSION" "terser@$TERSER_VERSION" "axe-core@$AXE_CORE_VERSION" >&2
fi

# Chromium for the browser tests, and a CJK font so screenshots show Chinese.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  log "installing chromium, chromium-driver and fonts-wqy-microhei"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >&2
fi
log "all tools present"
