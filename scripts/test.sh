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

# Real peers for the interop tests (enabled by the `interop` feature, which --all-features
# turns on): Debian's xmlsec1. With the feature on, a missing peer fails the tests.
if ! command -v xmlsec1 >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "xmlsec1 is needed for the interop tests; install it (apt-get install xmlsec1)" >&2
        exit 2
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq xmlsec1 >/dev/null
fi
xmlsec1 --version

# Unit, integration, CLI, conformance, interop, corpus-replay and property tests.
cargo test --locked --all-features --all-targets

# Doc tests (not part of --all-targets).
cargo test --locked --all-features --doc

# The fuzz crate must keep building (its corpora are replayed above, on stable, by
# tests/fuzz_corpus.rs).
cargo check --locked --manifest-path fuzz/Cargo.toml --bins
