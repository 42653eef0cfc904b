#!/bin/sh
# Compile time of sum_over<N>(5-node term) and its gradient (generator_series.cpp) for each N:
# user seconds (the fastest of RUNS), and seconds per term. Not part of the test suite.
#
# usage: bench/compile_time/generators.sh [SIZES] [COMPILERS] [RUNS]
#   e.g. bench/compile_time/generators.sh "10 30 100 300 1000" "g++ clang++" 2
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
sizes=${1:-"10 30 100 300 1000"}
compilers=${2:-"g++ clang++"}
runs=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| terms N | compiler | -O2 user time | per term | peak memory |"
echo "|---:|---|---:|---:|---:|"
for cxx in $compilers; do
  for n in $sizes; do
    best=""
    i=0
    while [ "$i" -lt "$runs" ]; do
      /usr/bin/time -f "%U %M" -o "$work/time" "$cxx" -std=c++20 -O2 -I"$root/include" -DCTDIFF_TERMS="$n" \
          -c "$root/bench/compile_time/generator_series.cpp" -o "$work/g.o"
      t=$(cut -d' ' -f1 "$work/time")
      if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; kb=$(cut -d' ' -f2 "$work/time"); fi
      i=$((i + 1))
    done
    per=$(echo "scale=4; $best / $n" | bc)
    echo "| $n | $cxx | $best s | $per s | $((kb / 1024)) MiB |"
  done
done
