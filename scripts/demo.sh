#!/usr/bin/env bash
# The main job, end to end: `soapsec demo` runs the seed exchange (the client calls Price) in
# one process with real crypto and the test PKI, over basicHttp with Message security (the
# client rejects Price's signed-only reply with WCF's exact text) and over wsHttp (success),
# and prints each step next to the static prediction of `soapsec contract check`.
# Exit code 0 = every run matched its prediction.
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet || exit 2
exec target/release/soapsec demo "$@"
