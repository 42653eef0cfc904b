// bench_batch: the batch problems (problems.hpp) for every implementation this binary is built
// with (CTDIFF_BATCH_WITH_<NAME>), double and float. Benchmarks are named
// "<problem>/<double|float>/<implementation>", e.g. "P7/double/ctdiff_pack"; items per second
// are points per second.
//
// Before an implementation is timed, its values and gradients at every point are compared with
// the scalar loop's: relative difference at most 1e-12 for double and 1e-5 for float in every
// entry (the vector kernels and libm differ by an ulp or two; Rosenbrock's gradient entries
// cancel, so they are compared relative to the largest entry at their point). A failed check
// reports an error through State::SkipWithError and no time.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

#include "problems.hpp"

#if defined(__clang__)
#define CTDIFF_BATCH_COMPILER "clang++ " __clang_version__
#else
#define CTDIFF_BATCH_COMPILER "g++ " __VERSION__
#endif

namespace ctdiff_batch {
namespace {

template <class Impl>
constexpr const char* impl_name = "?";
template <>
constexpr const char* impl_name<scalar_loop> = "scalar_loop";
#ifdef CTDIFF_BATCH_WITH_SIMD_LOOP
template <>
constexpr const char* impl_name<simd_loop> = "simd_loop";
#endif
template <>
constexpr const char* impl_name<ctdiff_scalar> = "ctdiff_scalar";
template <>
constexpr const char* impl_name<ctdiff_pack> = "ctdiff_pack";
#ifdef CTDIFF_BATCH_WITH_TORCH  // (an unused name is an error under clang's -Werror)
template <>
constexpr const char* impl_name<torch_batch> = "torch";
#endif

template <class Impl, class P, class T>
std::string check() {
    const std::vector<T> in = batch_inputs<P, T>();
    std::vector<T> want((P::inputs + 1) * P::points), got(want.size());
    batch<scalar_loop, P, T>(in.data(), want.data());
    batch<Impl, P, T>(in.data(), got.data());
    const double tol = std::is_same<T, double>::value ? 1e-12 : 1e-5;
    for (std::size_t i = 0; i < P::points; ++i) {
        double scale = 0;
        for (std::size_t k = 0; k <= P::inputs; ++k) scale = std::max(scale, std::fabs(double(want[k * P::points + i])));
        for (std::size_t k = 0; k <= P::inputs; ++k) {
            const double a = got[k * P::points + i], b = want[k * P::points + i];
            if (!(std::fabs(a - b) <= tol * scale)) {
                char text[200];
                std::snprintf(text, sizeof text, "check failed at point %zu, entry %zu: %.17g, expected %.17g", i, k, a, b);
                return text;
            }
        }
    }
    return {};
}

template <class Impl, class P, class T>
void time_batch(benchmark::State& state) {
    if (const std::string error = check<Impl, P, T>(); !error.empty()) {
        state.SkipWithError(error.c_str());
        return;
    }
    const std::vector<T> in = batch_inputs<P, T>();
    std::vector<T> out((P::inputs + 1) * P::points);
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.data());
        batch<Impl, P, T>(in.data(), out.data());
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * P::points));
}

template <class Impl>
void register_impl() {
    const auto one = [](auto problem, auto type) {
        using P = decltype(problem);
        using T = decltype(type);
        const std::string name = std::string(P::name) + "/" + (std::is_same<T, double>::value ? "double" : "float") +
                                 "/" + impl_name<Impl>;
        benchmark::RegisterBenchmark(name.c_str(), time_batch<Impl, P, T>);
    };
    one(p7{}, double{});
    one(p8{}, double{});
    one(p7{}, float{});
    one(p8{}, float{});
}

}  // namespace
}  // namespace ctdiff_batch

int main(int argc, char** argv) {
    using namespace ctdiff_batch;
    register_impl<scalar_loop>();
#ifdef CTDIFF_BATCH_WITH_SIMD_LOOP
    register_impl<simd_loop>();
#endif
    register_impl<ctdiff_scalar>();
    register_impl<ctdiff_pack>();
#ifdef CTDIFF_BATCH_WITH_TORCH
    register_impl<torch_batch>();
#endif
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::AddCustomContext("compiler", CTDIFF_BATCH_COMPILER);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
