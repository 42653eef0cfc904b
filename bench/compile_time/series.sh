#!/bin/sh
# Compile time of a series of generated problems, one size after another: user seconds (the
# fastest of RUNS), seconds per unit of size, and peak memory. Not part of the test suite.
#   generators  sum_over<N>(5-node term) and its gradient (generator_series.cpp, -DCTDIFF_TERMS=N)
#   residuals   M residuals of the Watson form and their Jacobian (residual_series.cpp, -DCTDIFF_ROWS=M)
#
# usage: bench/compile_time/series.sh generators|residuals [SIZES] [COMPILERS] [RUNS]
#   e.g. bench/compile_time/series.sh generators "10 30 100 300 1000" "g++ clang++" 2
#        bench/compile_time/series.sh residuals "8 16 32 64" g++ 3
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
kind=${1:?"usage: series.sh generators|residuals [SIZES] [COMPILERS] [RUNS]"}
case "$kind" in
  generators) source=generator_series.cpp macro=CTDIFF_TERMS default_sizes="10 30 100 300 1000" unit="terms N" per_unit="per term" ;;
  residuals) source=residual_series.cpp macro=CTDIFF_ROWS default_sizes="8 16 32 64" unit="residuals M" per_unit="per residual" ;;
  *) echo "series.sh: the series is 'generators' or 'residuals', not '$kind'" >&2; exit 2 ;;
esac
sizes=${2:-$default_sizes}
compilers=${3:-"g++ clang++"}
runs=${4:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| $unit | compiler | -O2 user time | $per_unit | peak memory |"
echo "|---:|---|---:|---:|---:|"
for cxx in $compilers; do
  for n in $sizes; do
    best=""
    i=0
    while [ "$i" -lt "$runs" ]; do
      /usr/bin/time -f "%U %M" -o "$work/time" "$cxx" -std=c++20 -O2 -I"$root/include" -D"$macro=$n" \
          -c "$root/bench/compile_time/$source" -o "$work/series.o"
      t=$(cut -d' ' -f1 "$work/time")
      if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; kb=$(cut -d' ' -f2 "$work/time"); fi
      i=$((i + 1))
    done
    per=$(echo "scale=4; $best / $n" | bc)
    echo "| $n | $cxx | $best s | $per s | $((kb / 1024)) MiB |"
  done
done
