// The fuzzer's driver: runs the four seed ranges (fuzz_part.cpp, compiled once per part) and
// prints the tally.
// Exit status 1 if anything disagreed. docs/testing.md says how to run a long campaign.
#include <cstdio>

#include "fuzz.hpp"

int main() {
    fuzz::tally t;
    fuzz::run_part<0>(t);
    fuzz::run_part<1>(t);
    fuzz::run_part<2>(t);
    fuzz::run_part<3>(t);
    std::printf("ctdiff fuzz: %ld expressions, %ld (expression, point) pairs, %ld checks (%ld entries not "
                "finite in the reference, skipped; %ld points where a value leaves double's normal range, skipped); "
                "constant evaluation bit-exact %ld of %ld; tensor mode: %ld expressions, %ld points; %ld disagreements\n",
                t.expressions, t.pairs, t.checks, t.skipped, t.out_of_range, t.constant_exact, t.constant_checked,
                t.tensor_expressions, t.tensor_pairs, t.disagreements);
    return t.disagreements == 0 ? 0 : 1;
}
