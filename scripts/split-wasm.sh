#!/bin/sh
# Trunk's post-build hook: splits the app's wasm at its `#[lazy]` functions
# (Leptos' code splitting, done by wasm-split-cli), so that the pages other
# than the leaderboard are separate modules, fetched when first opened.
#
# Trunk has built the whole module and bound it with wasm-bindgen; this
# splits the module Cargo linked (with --emit-relocs, see .cargo/config.toml),
# binds the main part, runs wasm-opt on every part in release builds, and
# puts them in the staging folder under the names Trunk's page loads; in
# release builds, it also minifies the JS and writes the page's
# Content-Security-Policy (at the end).
set -eu

stage="$TRUNK_STAGING_DIR"
target="${CARGO_TARGET_DIR:-$TRUNK_SOURCE_DIR/target}"
case "$TRUNK_PROFILE" in
  release) profile=wasm-release ;;   # index.html: data-cargo-profile-release
  *) profile=debug ;;
esac
input="$target/wasm32-unknown-unknown/$profile/cvalues-leaderboard.wasm"
set -- "$stage"/cvalues-leaderboard-*.js
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "split-wasm: expected one cvalues-leaderboard-*.js in $stage" >&2
  exit 1
fi
name=$(basename "$1" .js)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-split-cli "$input" "$work/split" --out-name "$name" >/dev/null
# The loader's chunk requests go out a few milliseconds' worth to a task
# (scripts/split-fetch.js says why); the check fails the build if a newer
# wasm-split-cli writes its requests differently.
loader_js="$work/split/__wasm_split.js"
requests=$(grep -c 'fetch(new URL(' "$loader_js" || true)
if [ "$requests" -eq 0 ]; then
  echo "split-wasm: no 'fetch(new URL(' in wasm-split-cli's loader to spread" >&2
  exit 1
fi
sed -i 's|fetch(new URL(|spreadFetch(new URL(|' "$loader_js"
cat "$TRUNK_SOURCE_DIR/scripts/split-fetch.js" >> "$loader_js"
wasm-bindgen --target web --keep-lld-exports --no-typescript \
  --out-dir "$work/bound" --out-name "$name" "$work/split/$name.wasm"
rm "$work/split/$name.wasm"
mv "$work/bound/${name}_bg.wasm" "$work/bound/$name.js" "$work/split/"
# wasm-opt: -Oz until it changes nothing more (--converge); without the
# producers and target-features sections, which no browser reads; and
# --low-memory-unused, which lets it fold `x + C` into a load's offset: the
# linker puts the 1 MiB stack first (`--stack-first`, .cargo/config.toml:
# data from 0x100000 up, the stack pointer starting there and growing down),
# so the low 1K is reached only by a stack about to overflow. Measured on the first view's module: 238.6 -> 236.9 KB
# gzip, 1.4 KB of it from --low-memory-unused.
# (CVALUES_WASM_OPT_EXTRA=-g keeps the functions' names, for a CPU profile
# that names them.)
if [ "$TRUNK_PROFILE" = release ]; then
  for module in "$work/split"/*.wasm; do
    wasm-opt ${CVALUES_WASM_OPT_EXTRA:-} -Oz --converge --low-memory-unused --strip-producers --strip-target-features \
      "$module" -o "$module" 2>/dev/null
  done
fi

# Content-hashed names, as Trunk gives the app's files: a browser must never
# pair a cached module with a newer build. The loader names the modules, and
# the app's JS imports the loader.
hashed() { # FILE: prints FILE's name with the first 16 hex digits of its SHA-256
  base=$(basename "$1")
  echo "${base%.*}-$(sha256sum "$1" | cut -c1-16).${base##*.}"
}
cd "$work/split"
for module in split_*.wasm chunk_*.wasm; do
  [ -e "$module" ] || continue
  new=$(hashed "$module")
  mv "$module" "$new"
  sed -i "s|\"./$module\"|\"./$new\"|g" __wasm_split.js
done
# Release builds minify the JS (terser keeps exported names and property
# names, which the page and the wasm module use).
minify() { # FILE
  if [ "$TRUNK_PROFILE" = release ]; then
    terser "$1" --module --compress --mangle -o "$1.min" && mv "$1.min" "$1"
  fi
}
minify __wasm_split.js
loader=$(hashed __wasm_split.js)
mv __wasm_split.js "$loader"
# (only the import statements: the wasm module's own imports keep the name)
sed -i "/^import /s|\"./__wasm_split.js\"|\"./$loader\"|" "$name.js"
minify "$name.js"
cp ./* "$stage/"
# The page's plain scripts (public/: the reader's preferences, offline use and its service
# worker), minified as well.
if [ "$TRUNK_PROFILE" = release ]; then
  for script in prefs.js offline.js sw.js; do
    terser "$stage/$script" --compress --mangle -o "$stage/$script.min" && mv "$stage/$script.min" "$stage/$script"
  done
fi

# The app's JS imports the loader: fetch it with the app's JS, not after it.
preload="<link rel=\"modulepreload\" href=\"${TRUNK_PUBLIC_URL}$loader\" crossorigin=\"anonymous\">"
sed -i "s|</head>|$preload</head>|" "$stage/index.html"
# The page's one blocking script (prefs.js: the language and the theme, before the first
# paint) goes last in <head>, after the preloads Trunk and this script add there: the browser
# requests what they name while the parser waits for it, so the wasm no longer waits for it.
prefs='<script src="prefs.js"></script>'
sed -i "\|$prefs|d; s|</head>|$prefs</head>|" "$stage/index.html"
# The app's module script runs as soon as its JS is in (`async`), not once the whole page
# is parsed: the wasm compiles and the results are requested while the parser still waits
# for the stylesheet and prefs.js; the app itself waits for the parsed page before it reads
# the language or mounts (src/main.rs).
module='<script type="module">'
grep -q "$module" "$stage/index.html" || { echo "split-wasm.sh: no '$module' in index.html" >&2; exit 1; }
sed -i "s|$module|<script type=\"module\" async>|" "$stage/index.html"

# Release builds ship the stylesheet without its comments and the spaces
# around punctuation (0.75 KB gzip of the first view), under a name and
# integrity hash of its own. (Not Trunk's `minify`, which would minify
# index.html too, where this script finds what it edits.) A space before
# `:` stays: `.a :focus` is not `.a:focus`.
if [ "$TRUNK_PROFILE" = release ]; then
  node - "$stage" <<'JS'
const fs = require("fs"), path = require("path"), crypto = require("crypto");
const stage = process.argv[2];
const page = path.join(stage, "index.html");
let html = fs.readFileSync(page, "utf8");
const links = [...html.matchAll(/href="([^"]*\/)?(style-[0-9a-f]+\.css)" integrity="([^"]+)"/g)];
if (links.length !== 1) {
  console.error(`split-wasm: expected one stylesheet link in ${page}, found ${links.length}`);
  process.exit(1);
}
const [link, dir = "", name] = links[0];
const css = fs.readFileSync(path.join(stage, name), "utf8")
  .replace(/\/\*[\s\S]*?\*\//g, "")
  .replace(/\s+/g, " ")
  .replace(/\s*([{};,>])\s*/g, "$1")
  .replace(/:\s+/g, ":")
  .replace(/;}/g, "}")
  .trim();
const renamed = `style-${crypto.createHash("sha256").update(css).digest("hex").slice(0, 16)}.css`;
fs.rmSync(path.join(stage, name));
fs.writeFileSync(path.join(stage, renamed), css);
const integrity = "sha384-" + crypto.createHash("sha384").update(css).digest("base64");
html = html.replace(link, `href="${dir}${renamed}" integrity="${integrity}"`);
fs.writeFileSync(page, html);
JS
fi

# Release builds get a Content-Security-Policy: scripts only from the site
# itself, plus Trunk's inline loader pinned by its hash (Trunk writes that
# script into the page, so its hash is known only now), wasm compilation,
# styles, images and fetches from the site only (images also as data: URLs),
# no plugins, no <base> elsewhere, no form posts. (Framing cannot be refused
# from a meta tag; a host that can set headers should send
# `frame-ancestors 'none'`.) Debug builds (`make serve`) go without, since
# Trunk's live reload is an inline script of its own.
if [ "$TRUNK_PROFILE" = release ]; then
  node - "$stage/index.html" <<'JS'
const fs = require("fs"), crypto = require("crypto");
const file = process.argv[2];
let html = fs.readFileSync(file, "utf8");
const inline = [...html.matchAll(/<script type="module" async>([\s\S]*?)<\/script>/g)];
if (inline.length !== 1) {
  console.error(`split-wasm: expected one inline module script in ${file}, found ${inline.length}`);
  process.exit(1);
}
const hash = crypto.createHash("sha256").update(inline[0][1]).digest("base64");
const policy = [
  "default-src 'self'",
  `script-src 'self' 'sha256-${hash}' 'wasm-unsafe-eval'`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join("; ");
html = html.replace("<head>", `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
fs.writeFileSync(file, html);
JS
fi
