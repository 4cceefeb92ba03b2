#!/bin/sh
# Copy the c14n test-vector inputs into fuzz/corpus-local/ (git-ignored) for fuzzing
# campaigns. The vectors are read in place and never committed to this repository.
#
#   fuzz/seed-from-vectors.sh [VECTORS_DIR]     (default: $SOAPSEC_VECTORS or ../shared/vectors)
#   cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run c14n corpus-local/c14n corpus/c14n
#
# Files for the c14n target get the two-byte selector header that soapsec::fuzzing::c14n
# expects (algorithm and node set, then PrefixList and element); each input is written with
# several headers so that every algorithm sees it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vectors=${1:-${SOAPSEC_VECTORS:-$here/../../shared/vectors}}
manifest="$vectors/manifest.tsv"
if [ ! -f "$manifest" ]; then
    echo "no manifest at $manifest" >&2
    exit 1
fi
out="$here/corpus-local"
mkdir -p "$out/xml_parse" "$out/c14n" "$out/envelope"

n=0
# Column 2 of the c14n rows is the input document; several rows share one input.
for input in $(awk -F '\t' '$1 == "c14n" { print $2 }' "$manifest" | sort -u); do
    src="$vectors/$input"
    [ -f "$src" ] || continue
    name=$(printf '%s' "$input" | tr '/' '_')
    cp "$src" "$out/xml_parse/$name"
    for header in '\000\000' '\011\001' '\024\006' '\035\013' '\042\002' '\053\007'; do
        tag=$(printf '%s' "$header" | tr -d '\\')
        { printf "$header"; cat "$src"; } > "$out/c14n/$name.$tag"
    done
    n=$((n + 1))
done
# WS-Security messages make good envelope seeds.
for input in $(awk -F '\t' '$1 == "wss" { print $2 }' "$manifest" | sort -u); do
    src="$vectors/$input"
    [ -f "$src" ] || continue
    cp "$src" "$out/envelope/$(printf '%s' "$input" | tr '/' '_')"
done
echo "seeded $n c14n inputs into $out"
