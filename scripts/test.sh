#!/usr/bin/env bash
# Every test, with all set-up, on a fresh machine: this is the README's test command and what
# .ci/run calls. The conformance suites read ../shared/vectors (or $SOAPSEC_VECTORS); with CI
# set, a missing vectors folder is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
    echo "cargo is required (install Rust with rustup)" >&2
    exit 2
fi

# Unit, integration, CLI, conformance, corpus-replay and property tests, every feature on.
cargo test --locked --all-features --all-targets

# Doc tests (not part of --all-targets).
cargo test --locked --all-features --doc

# The fuzz crate must keep building (its corpora are replayed above, on stable, by
# tests/fuzz_corpus.rs).
cargo check --locked --manifest-path fuzz/Cargo.toml --bins
