// ctdiff_bench_demo: a short run of the gradient benchmarks, printed as one table: per problem,
// ctdiff's time, the hand-written reference's, their ratio, and the fastest runtime autodiff
// this binary was built with. Times are medians of 3 interleaved repetitions (CPU time, ns);
// Google Benchmark's own flags still apply (--benchmark_min_time=0.05 in the demo target).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "register.hpp"

namespace {

struct result {
    double ns = -1.0;     // median CPU time per call; negative: not measured
    std::string error;    // the check's message, if it failed
};

// Collects each benchmark's median (or its single run) by name, and prints nothing.
class collector : public benchmark::BenchmarkReporter {
public:
    std::map<std::string, result> results;

    bool ReportContext(const Context&) override { return true; }
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& run : runs) {
            result& r = results[run.run_name.function_name];
            if (run.error_occurred) r.error = run.error_message;
            else if (run.run_type == Run::RT_Iteration && r.ns < 0) r.ns = run.GetAdjustedCPUTime();
            else if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") r.ns = run.GetAdjustedCPUTime();
        }
    }
};

const result* find(const collector& c, const char* problem, const char* implementation) {
    const auto it = c.results.find(ctdiff_bench::benchmark_name(problem, "grad", implementation));
    return it == c.results.end() ? nullptr : &it->second;
}

std::string cell(const result* r) {
    if (r == nullptr) return "-";
    if (!r->error.empty()) return "check failed";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", r->ns);
    return text;
}

std::string ratio(const result* a, const result* b) {
    if (a == nullptr || b == nullptr || !a->error.empty() || !b->error.empty() || b->ns <= 0) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.2fx", a->ns / b->ns);
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    ctdiff_bench::register_enabled(false);  // gradients only

    // P6 (a batch of 256, about 0.1 ms per gradient by hand and 3 ms with ADOL-C) would double
    // the demo's run time: it is in the full report (bench/report.py) only.

    // defaults first, so that the caller's flags override them
    std::vector<char*> args{argv[0]};
    std::string filter = "--benchmark_filter=^P[1-5]/";
    args.push_back(filter.data());
    std::string repetitions = "--benchmark_repetitions=3";
    std::string interleave = "--benchmark_enable_random_interleaving=true";
    args.push_back(repetitions.data());
    args.push_back(interleave.data());
    for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
    int count = static_cast<int>(args.size());
    benchmark::Initialize(&count, args.data());
    if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;

    collector c;
    benchmark::RunSpecifiedBenchmarks(&c);
    benchmark::Shutdown();

    const char* peers[] = {"eigen", "ceres", "boost_autodiff", "adolc_replay", "adolc_retape", "torch"};
    std::printf("Gradient (value + full gradient), median CPU ns per call, %s\n\n", CTDIFF_BENCH_COMPILER);
    std::printf("%-8s %12s %12s %10s   %-28s %10s\n", "problem", "ctdiff", "handwritten", "ratio",
                "fastest runtime autodiff", "vs ctdiff");
    bool failed = false;
    for (const char* problem : {ctdiff_bench::p1::name, ctdiff_bench::p2::name, ctdiff_bench::p3::name,
                                ctdiff_bench::p4::name, ctdiff_bench::p5::name}) {
        const result* ct = find(c, problem, "ctdiff");
        const result* hand = find(c, problem, "handwritten");
        const char* best_name = nullptr;
        const result* best = nullptr;
        for (const char* peer : peers) {
            const result* r = find(c, problem, peer);
            if (r != nullptr && r->error.empty() && (best == nullptr || r->ns < best->ns)) {
                best = r;
                best_name = peer;
            }
        }
        std::string peer_text = best ? std::string(best_name) + " " + cell(best) + " ns" : "(none found)";
        std::printf("%-8s %12s %12s %10s   %-28s %10s\n", problem, cell(ct).c_str(), cell(hand).c_str(),
                    ratio(ct, hand).c_str(), peer_text.c_str(), ratio(best, ct).c_str());
    }
    for (const auto& [name, r] : c.results) {
        if (r.error.empty()) continue;
        std::printf("%s: %s\n", name.c_str(), r.error.c_str());
        failed = true;
    }
    std::printf("\nratio = ctdiff / handwritten; vs ctdiff = peer / ctdiff. Full comparison: docs/benchmarks.md.\n");
    return failed ? 1 : 0;
}
