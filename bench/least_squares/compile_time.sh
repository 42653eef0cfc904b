#!/bin/sh
# bench/least_squares/compile_time.sh [CXX] [RUNS]: the compile time of each least-squares problem's
# ctdiff code against its Ceres code. Each of ctdiff.cpp and ceres.cpp is compiled with
# -DLSQ_ONLY_PROBLEM=k (only problem k's code) for k = 1..21, `-std=c++20 -O2 -c`, RUNS times
# (default 2), keeping the smallest user time (/usr/bin/time; user time, so that other work on the
# machine matters less than for wall time). The cost of the headers alone (k = 0: no problem) is
# measured RUNS times at the start and once more next to every problem, and the smallest of all
# those samples is subtracted. Prints a markdown table.
#
#   sh bench/least_squares/compile_time.sh g++ 2
set -eu
CXX=${1:-g++}
RUNS=${2:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
FLAGS="-std=c++20 -O2 -DNDEBUG -I$ROOT/include -isystem /usr/include/eigen3 -DGLOG_CUSTOM_PREFIX_SUPPORT -DGFLAGS_IS_A_DLL=0"

# user seconds and peak KiB of the fastest of RUNS compilations of $1 with -DLSQ_ONLY_PROBLEM=$2
measure() {
    best=""
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        /usr/bin/time -f "%U %M" -o "$OUT/time" $CXX $FLAGS -DLSQ_ONLY_PROBLEM="$2" -c "$HERE/$1" -o "$OUT/unit.o"
        t=$(cut -d' ' -f1 "$OUT/time")
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; mem=$(cut -d' ' -f2 "$OUT/time"); fi
        i=$((i + 1))
    done
    echo "$best $((mem / 1024))"
}

names="rosenbrock freudenstein_roth powell_badly_scaled brown_badly_scaled beale jennrich_sampson box_3d powell_singular wood kowalik_osborne brown_dennis osborne_1 biggs_exp6 watson penalty_1 penalty_2 trigonometric ceres_powell curve_fitting bal_snavely brown_almost_linear"

set -- $(measure ctdiff.cpp 0)
ctdiff0=$1
set -- $(measure ceres.cpp 0)
ceres0=$1
rows=""
k=1
for name in $names; do
    set -- $(measure ctdiff.cpp $k)
    ct=$1 ctm=$2
    set -- $(measure ceres.cpp $k)
    ce=$1 cem=$2
    rows="$rows$name $ct $ctm $ce $cem
"
    # one more sample of each baseline, next to this problem
    saved=$RUNS
    RUNS=1
    set -- $(measure ctdiff.cpp 0)
    if [ "$(echo "$1 < $ctdiff0" | bc)" = 1 ]; then ctdiff0=$1; fi
    set -- $(measure ceres.cpp 0)
    if [ "$(echo "$1 < $ceres0" | bc)" = 1 ]; then ceres0=$1; fi
    RUNS=$saved
    k=$((k + 1))
done
echo "$CXX $($CXX --version | head -1 | sed 's/.*) //'), -O2, user time of the fastest of $RUNS runs; headers alone (fastest of $((RUNS + 20)) runs): ctdiff.cpp ${ctdiff0} s, ceres.cpp ${ceres0} s"
echo
echo "| problem | ctdiff: user s (peak MiB) | ctdiff − headers | Ceres: user s (peak MiB) | Ceres − headers |"
echo "|---|---:|---:|---:|---:|"
printf "%s" "$rows" | while read -r name ct ctm ce cem; do
    printf "| %s | %s (%s) | %.2f | %s (%s) | %.2f |\n" "$name" "$ct" "$ctm" "$(echo "$ct - $ctdiff0" | bc)" "$ce" "$cem" \
        "$(echo "$ce - $ceres0" | bc)"
done
