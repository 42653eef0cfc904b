// The main of every benchmark binary but the demo: the hand-written reference and the
// implementations the binary is built with, gradient and value, under Google Benchmark's usual
// command line (--benchmark_repetitions, --benchmark_format=json, ...).
#include <benchmark/benchmark.h>

#include "register.hpp"

#ifndef CTDIFF_BENCH_OPTIONS
#define CTDIFF_BENCH_OPTIONS "unknown"
#endif

int main(int argc, char** argv) {
    ctdiff_bench::register_enabled(true);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::AddCustomContext("compiler", CTDIFF_BENCH_COMPILER);
    benchmark::AddCustomContext("compile_options", CTDIFF_BENCH_OPTIONS);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
