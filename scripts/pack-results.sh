#!/bin/sh
# Trunk's post-build hook: writes the site's first-view pack (`cvalues pack`,
# crates/cvalues-core/src/pack.rs): the manifest and every file the page's
# first view loads, in one file, so the page makes one request for them
# where it would make three per model. Built from the results just copied,
# so it is never stale.
set -eu
cargo run --quiet -p cvalues -- pack "$TRUNK_STAGING_DIR/results" >/dev/null
