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

# zeep (with python-xmlsec and lxml) signs envelopes for tests/interop_pipeline.rs, in a venv
# under target/ so the system python stays untouched; the tests read its path from
# SOAPSEC_PYTHON. Any failure here stops the run.
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "python3 with venv is needed for the zeep interop tests (apt-get install python3-venv)" >&2
        exit 2
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3 python3-venv python3-pip >/dev/null
fi
venv="$PWD/target/peers-venv"
if ! "$venv/bin/python" -c 'import zeep, xmlsec, lxml' >/dev/null 2>&1; then
    rm -rf "$venv"
    python3 -m venv "$venv" || { echo "could not create the venv $venv" >&2; exit 2; }
    "$venv/bin/python" -m pip install --quiet --upgrade pip \
        || { echo "pip upgrade failed in $venv" >&2; exit 2; }
    "$venv/bin/python" -m pip install --quiet zeep xmlsec lxml \
        || { echo "pip could not install zeep xmlsec lxml into $venv" >&2; exit 2; }
fi
"$venv/bin/python" -c 'import zeep, xmlsec; print("zeep", zeep.__version__, "python-xmlsec", xmlsec.__version__)' \
    || { echo "zeep/xmlsec do not import from $venv" >&2; exit 2; }
export SOAPSEC_PYTHON="$venv/bin/python"

# Unit, integration, CLI, conformance, interop, corpus-replay and property tests.
cargo test --locked --all-features --all-targets

# Doc tests (not part of --all-targets).
cargo test --locked --all-features --doc

# The fuzz crate must keep building (its corpora are replayed above, on stable, by
# tests/fuzz_corpus.rs).
cargo check --locked --manifest-path fuzz/Cargo.toml --bins
