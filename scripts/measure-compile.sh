#!/usr/bin/env bash
# Measures the generated crate's own compile time, debug and release, with `cargo build
# --timings`: dependencies are built first, then `cargo clean -p compshare` and a rebuild of
# that crate alone, RUNS times per profile. Prints each run and the median, per action too.
# Usage: scripts/measure-compile.sh [RUNS]   (default 3; needs python3 to read the report)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
actions=$(grep -c 'const NAME: &' generated/compshare/src/actions/*.rs | awk -F: '{s+=$2} END {print s}')

measure() { # profile flag
    local flag=$1 times=()
    cargo build -p compshare $flag --quiet
    for _ in $(seq "$runs"); do
        cargo clean -p compshare $flag --quiet
        cargo build -p compshare $flag --timings --quiet 2>/dev/null
        report=$(ls -t target/cargo-timings/cargo-timing-*.html | sed -n 1p) # sed reads all: no SIGPIPE under pipefail
        t=$(python3 - "$report" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
data = json.loads(re.search(r"UNIT_DATA = (\[.*?\]);", text, re.S).group(1))
print(sum(u["duration"] for u in data if u["name"] == "compshare" and u["target"] == ""))
PY
)
        times+=("$t")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-8s runs: %s s; median %s s = %.4f s per action (%d actions)\n' \
        "${flag:---dev}" "${times[*]}" "$median" "$(awk -v m="$median" -v a="$actions" 'BEGIN {print m / a}')" "$actions"
}

measure ""
measure --release
