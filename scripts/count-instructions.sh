#!/usr/bin/env bash
# Counts the instructions each benchmarked case executes, per run, with valgrind's
# callgrind: deterministic where the timings of `cargo bench` drift with the machine.
# Each case runs SMALL and LARGE times in a fresh process; the difference, divided by
# LARGE - SMALL, is the cost of one run without the process's setup. Counts cover every
# thread of the process (the loopback server's too, the same for both sides of a call).
# Under valgrind, SHA-1 runs without the CPU's SHA instructions, so hashing weighs more in
# the encode counts than in real runs.
# Usage: scripts/count-instructions.sh [SMALL LARGE]   (default 100 300; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-100}
large=${2:-300}
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
cargo build --release -p compshare-benches --example count --quiet
bin=target/release/examples/count

count() { # case runs
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

per_run() { # case
    local a b
    a=$(count "$1" "$small")
    b=$(count "$1" "$large")
    echo $(((b - a) / (large - small)))
}

printf '%-44s %14s %14s %7s\n' "case" "sdk" "baseline" "ratio"
for pair in "encode + sign, 8 parameters (vs floor):encode-small-sdk:encode-small-floor" \
    "encode + sign, 25 parameters (vs floor):encode-large-sdk:encode-large-floor" \
    "decode 100 images (vs strict serde_json):decode-100-sdk:decode-100-serde" \
    "loopback call (vs bare reqwest + serde_json):call-sdk:call-bare"; do
    IFS=: read -r what sdk base <<<"$pair"
    s=$(per_run "$sdk")
    b=$(per_run "$base")
    printf '%-44s %14s %14s %7s\n' "$what" "$s" "$b" "$(awk -v s="$s" -v b="$b" 'BEGIN {printf "%.2fx", s / b}')"
done
