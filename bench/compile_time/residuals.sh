#!/bin/sh
# Compile time of M residuals and their Jacobian (residual_series.cpp) for each M: user seconds
# (the fastest of RUNS), seconds per residual, peak memory. Not part of the test suite.
#
# usage: bench/compile_time/residuals.sh [ROWS] [COMPILERS] [RUNS]
#   e.g. bench/compile_time/residuals.sh "8 16 32 64" "g++ clang++" 3
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
rows=${1:-"8 16 32 64"}
compilers=${2:-"g++ clang++"}
runs=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| residuals M | compiler | -O2 user time | per residual | peak memory |"
echo "|---:|---|---:|---:|---:|"
for cxx in $compilers; do
  for m in $rows; do
    best=""
    i=0
    while [ "$i" -lt "$runs" ]; do
      /usr/bin/time -f "%U %M" -o "$work/time" "$cxx" -std=c++20 -O2 -I"$root/include" -DCTDIFF_ROWS="$m" \
          -c "$root/bench/compile_time/residual_series.cpp" -o "$work/r.o"
      t=$(cut -d' ' -f1 "$work/time")
      if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; kb=$(cut -d' ' -f2 "$work/time"); fi
      i=$((i + 1))
    done
    per=$(echo "scale=4; $best / $m" | bc)
    echo "| $m | $cxx | $best s | $per s | $((kb / 1024)) MiB |"
  done
done
