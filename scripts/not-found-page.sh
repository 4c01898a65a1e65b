#!/bin/sh
# Trunk's post-build hook: writes the site's 404.html (public/404.html with
# the public URL in place of %PUBLIC_URL%). GitHub Pages serves it for every
# path the site does not have; it opens the leaderboard with the same query.
set -eu
sed "s|%PUBLIC_URL%|$TRUNK_PUBLIC_URL|g" "$TRUNK_SOURCE_DIR/public/404.html" >"$TRUNK_STAGING_DIR/404.html"
