# The two commands of the README. Both first install whatever is missing
# (scripts/setup.sh is idempotent), then:
#   make serve   serves the leaderboard with the shipped results at http://127.0.0.1:8080/
#   make test    runs every check and test (CI runs exactly this, via .ci/run)
SHELL := /bin/bash
export PATH := $(shell scripts/setup.sh --path):$(PATH)

.PHONY: setup serve test site bench bench-page

setup:
	@scripts/setup.sh

# Watches the sources only. Watching the whole folder, target/ included
# (where cargo writes thousands of files), the pinned Trunk's file watcher
# (notify-debouncer-full 0.5.0) panicked once during a fresh clone's first build.
serve: setup
	trunk serve --offline --address 127.0.0.1 --port 8080 \
	  -w index.html -w Trunk.toml -w Cargo.toml -w src -w crates -w public -w results

test: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p cvalues-leaderboard -- -D warnings
	cargo test --workspace
	scripts/workflow.sh validate

# The release site in dist/, for a GitHub Pages subpath: make site PUBLIC_URL=/repo-name/
PUBLIC_URL ?= /
site:
	scripts/workflow.sh site $(PUBLIC_URL) dist

# Benchmarks that print their figures (see the README).
bench: setup
	scripts/parser-instructions.sh
	cargo bench -p cvalues-core --bench throughput
	cargo bench -p cvalues-core --bench filter

bench-page: setup
	cargo bench --bench page
