#!/bin/sh
# Compile time and peak memory of value_and_grad on generated DAGs (bench/compile_time/generate.py),
# written as a Markdown table. Not part of the test suite: it takes minutes.
#
# usage: bench/compile_time/run.sh [SIZES] [COMPILERS] [STYLES]
#   e.g. bench/compile_time/run.sh "100 300 1000" "g++ clang++" "operators named"
# STYLES: how the graph is written, `operators` (x * y + 2_c) and/or `named` (ctdiff::mul, ...).
# Each compile is limited to LIMIT seconds (default 600); a row that hits it says so.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
sizes=${1:-"100 300 1000 3000"}
compilers=${2:-"g++ clang++"}
styles=${3:-"operators"}
limit=${LIMIT:-600}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| target nodes | interior nodes generated | written with | compiler | -O2 wall time | peak memory |"
echo "|---:|---:|---|---|---:|---:|"
for n in $sizes; do
  for style in $styles; do
    flag=""
    [ "$style" = named ] && flag="--named"
    python3 "$root/bench/compile_time/generate.py" "$n" "$work/g$n.cpp" $flag
    nodes=$(grep -o 'about [0-9]*' "$work/g$n.cpp" | cut -d' ' -f2)
    for cxx in $compilers; do
        if timeout "$limit" /usr/bin/time -f "%e %M" -o "$work/time" \
               "$cxx" -std=c++20 -O2 -I"$root/include" -c "$work/g$n.cpp" -o "$work/g$n.o" 2>/dev/null; then
            read -r secs kb < "$work/time"
            echo "| $n | $nodes | $style | $cxx | $secs s | $((kb / 1024)) MiB |"
        else
            echo "| $n | $nodes | $style | $cxx | over $limit s (stopped) | — |"
        fi
    done
  done
done
