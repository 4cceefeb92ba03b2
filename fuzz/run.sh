#!/bin/sh
# Run a fuzzing campaign on one cargo-fuzz target (or all of them, one after the other).
#
#   fuzz/run.sh TARGET SECONDS [-- extra libFuzzer flags]
#   fuzz/run.sh all SECONDS          # every target, SECONDS each
#   fuzz/run.sh list                 # the targets
#
# The committed regression corpus fuzz/corpus/TARGET is read but never written: new inputs
# go to fuzz/corpus-local/TARGET (git-ignored), crashes to fuzz/artifacts/TARGET/, and the
# libFuzzer log to fuzz/logs/TARGET-<UTC time>.log. The last line printed is a summary with
# the exec count, e.g. `c14n: 600 s, 1234567 execs, 2057 exec/s, clean`.
# Exit status: 0 clean, 1 a crash, leak or timeout was found, 2 usage or setup error.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

targets() { ls fuzz_targets | sed -n 's/\.rs$//p' | sort; }

usage() {
    echo "usage: fuzz/run.sh TARGET|all SECONDS [-- libFuzzer flags]   (targets: $(targets | tr '\n' ' '))" >&2
    exit 2
}

[ $# -ge 1 ] || usage
if [ "$1" = list ]; then targets; exit 0; fi
[ $# -ge 2 ] || usage
target=$1
seconds=$2
shift 2
[ "${1:-}" = "--" ] && shift
case $seconds in ''|*[!0-9]*) echo "SECONDS must be a whole number, got '$seconds'" >&2; exit 2 ;; esac

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed: run 'cargo install cargo-fuzz --locked'" >&2
    exit 2
fi

run_one() {
    t=$1
    shift
    if [ ! -f "fuzz_targets/$t.rs" ]; then
        echo "no fuzz target '$t' (targets: $(targets | tr '\n' ' '))" >&2
        exit 2
    fi
    mkdir -p "corpus-local/$t" "corpus/$t" "artifacts/$t" logs
    log="logs/$t-$(date -u +%Y%m%dT%H%M%SZ).log"
    status=0
    # RUSTC_BOOTSTRAP lets cargo-fuzz use its nightly-only sanitizer flags on this stable toolchain.
    RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" "corpus-local/$t" "corpus/$t" -- \
        -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
        "$@" >"$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    if [ "$status" -eq 0 ]; then
        verdict=clean
    elif [ -z "$execs" ] && ! grep -q "^INFO: Running with entropic" "$log"; then
        echo "$t: did not start (build or setup failed), see $log"
        return "$status"
    else
        verdict="FAILED (exit $status), see $log and artifacts/$t/"
    fi
    echo "$t: $seconds s, ${execs:-?} execs, ${rate:-?} exec/s, $verdict"
    return "$status"
}

if [ "$target" = all ]; then
    failed=0
    for t in $(targets); do run_one "$t" "$@" || failed=1; done
    exit $failed
fi
run_one "$target" "$@" || exit 1
