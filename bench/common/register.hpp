// bench/common/register.hpp — the benchmark loops, the correctness checks that gate them, and the
// registration of every implementation a binary is built with (CTDIFF_BENCH_WITH_<NAME>).
//
// Benchmarks are named "<problem>/<grad|value>/<implementation>", e.g. "P3/grad/ctdiff".
// Before a benchmark is timed, its implementation's value and gradient are compared with the
// hand-written reference (relative difference at most 1e-10 in every entry; for the networks
// P4-P6, whose gradients have thousands of entries of every size, relative to the largest
// gradient entry); a failed check reports an error through State::SkipWithError and no time.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <type_traits>

#include "problems.hpp"

#if defined(__clang__)
#define CTDIFF_BENCH_COMPILER "clang++ " __clang_version__
#elif defined(__GNUC__)
#define CTDIFF_BENCH_COMPILER "g++ " __VERSION__
#else
#define CTDIFF_BENCH_COMPILER "unknown compiler"
#endif

namespace ctdiff_bench {

template <class Impl>
constexpr const char* implementation_name = "?";
template <>
inline constexpr const char* implementation_name<handwritten> = "handwritten";
template <>
inline constexpr const char* implementation_name<ctdiff_ad> = "ctdiff";
template <>
inline constexpr const char* implementation_name<ctdiff_pack_ad> = "ctdiff_pack";
template <>
inline constexpr const char* implementation_name<eigen_ad> = "eigen";
template <>
inline constexpr const char* implementation_name<ceres_ad> = "ceres";
template <>
inline constexpr const char* implementation_name<boost_ad> = "boost_autodiff";
template <>
inline constexpr const char* implementation_name<adolc_replay> = "adolc_replay";
template <>
inline constexpr const char* implementation_name<adolc_retape> = "adolc_retape";
template <>
inline constexpr const char* implementation_name<torch_ad> = "torch";

inline constexpr double tolerance = 1e-10;

inline bool close(double a, double b, double tol) {
    return std::fabs(a - b) <= tol * std::max(std::fabs(a), std::fabs(b));
}

/// |a - b| at most tol times `scale` (the largest gradient entry).
inline bool close_to_scale(double a, double b, double tol, double scale) { return std::fabs(a - b) <= tol * scale; }

/// Network problems (P4-P6) compare gradient entries relative to the largest one: an entry
/// near zero carries the rounding of a sum of much larger terms.
template <class P>
inline constexpr bool relative_to_largest = requires { P::parameter_count; };

template <std::size_t N>
double largest_gradient_entry(const std::array<double, N>& out) {
    double m = 0.0;
    for (std::size_t i = 1; i < N; ++i) m = std::max(m, std::fabs(out[i]));
    return m;
}

inline std::string mismatch(const char* what, std::size_t entry, double got, double expected) {
    char text[200];
    std::snprintf(text, sizeof text, "check failed: %s[%zu] = %.17g, expected %.17g", what, entry, got, expected);
    return text;
}

/// The hand-written reference itself, against central finite differences (relative 1e-6) and
/// its own value function; P2 also against the worked example (676, 1248).
template <class P>
std::string check_reference() {
    std::array<double, P::inputs> in = P::point;
    std::array<double, P::gradient_size + 1> out{};
    grad<handwritten, P>(in.data(), out.data());
    if (!close(out[0], value<handwritten, P>(in.data()), tolerance))
        return mismatch("value", 0, out[0], value<handwritten, P>(in.data()));
    if constexpr (std::is_same_v<P, p2>) {
        if (out[0] != 676.0 || out[1] != 1248.0) return mismatch("p2 gradient", 1, out[1], 1248.0);
        return {};
    }
    // every entry of P1-P3; of the networks, about 60 entries spread over all layers and the last
    // one (b3), each relative to the largest gradient entry
    const std::size_t step = relative_to_largest<P> ? P::gradient_size / 61 + 1 : 1;
    const double scale = largest_gradient_entry(out);
    const auto check_entry = [&](std::size_t i) -> std::string {
        const double h = 1e-6 * std::max(1.0, std::fabs(in[i]));
        std::array<double, P::inputs> up = in, down = in;
        up[i] += h;
        down[i] -= h;
        const double fd = (value<handwritten, P>(up.data()) - value<handwritten, P>(down.data())) / (2 * h);
        const bool ok = relative_to_largest<P> ? close_to_scale(out[i + 1], fd, 1e-6, scale) : close(out[i + 1], fd, 1e-6);
        return ok ? std::string() : mismatch("finite-difference gradient", i, out[i + 1], fd);
    };
    for (std::size_t i = 0; i < P::gradient_size; i += step)
        if (std::string error = check_entry(i); !error.empty()) return error;
    if (std::string error = check_entry(P::gradient_size - 1); !error.empty()) return error;
    return {};
}

/// Impl's value and gradient at the problem's point against the hand-written reference.
template <class Impl, class P>
std::string check() {
    if constexpr (std::is_same_v<Impl, handwritten>) {
        return check_reference<P>();
    } else {
        std::array<double, P::inputs> in = P::point;
        std::array<double, P::gradient_size + 1> expected{}, got{};
        grad<handwritten, P>(in.data(), expected.data());
        grad<Impl, P>(in.data(), got.data());
        const double scale = largest_gradient_entry(expected);
        for (std::size_t i = 0; i < got.size(); ++i)
            if (!(relative_to_largest<P> && i > 0 ? close_to_scale(got[i], expected[i], tolerance, scale)
                                                  : close(got[i], expected[i], tolerance)))
                return mismatch(i == 0 ? "grad value" : "gradient", i == 0 ? 0 : i - 1, got[i], expected[i]);
        const double v = value<Impl, P>(in.data());
        if (!close(v, expected[0], tolerance)) return mismatch("value", 0, v, expected[0]);
        return {};
    }
}

/// One call of grad<Impl, P> per iteration. The inputs are the same at every iteration but the
/// optimiser cannot know them (DoNotOptimize takes their address), and the outputs are written
/// to memory it must assume is read (ClobberMemory).
template <class Impl, class P>
void time_grad(benchmark::State& state) {
    if (const std::string error = check<Impl, P>(); !error.empty()) {
        state.SkipWithError(error.c_str());
        return;
    }
    std::array<double, P::inputs> in = P::point;
    std::array<double, P::gradient_size + 1> out{};
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.data());
        grad<Impl, P>(in.data(), out.data());
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
}

/// One call of value<Impl, P> per iteration: the forward pass alone.
template <class Impl, class P>
void time_value(benchmark::State& state) {
    if (const std::string error = check<Impl, P>(); !error.empty()) {
        state.SkipWithError(error.c_str());
        return;
    }
    std::array<double, P::inputs> in = P::point;
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.data());
        double v = value<Impl, P>(in.data());
        benchmark::DoNotOptimize(v);
        benchmark::ClobberMemory();
    }
}

inline std::string benchmark_name(const char* problem, const char* kind, const char* implementation) {
    return std::string(problem) + "/" + kind + "/" + implementation;
}

template <class Impl, class... P>
void register_implementation(bool with_value) {
    (benchmark::RegisterBenchmark(benchmark_name(P::name, "grad", implementation_name<Impl>).c_str(),
                                  time_grad<Impl, P>),
     ...);
    if (with_value)
        (benchmark::RegisterBenchmark(benchmark_name(P::name, "value", implementation_name<Impl>).c_str(),
                                      time_value<Impl, P>),
         ...);
}

/// Registers the implementations this binary is built with, the hand-written reference first.
/// The forward-mode peers (Eigen, Ceres, Boost.Math) run P1-P3 only: a network's gradient would
/// carry 369 (P4, P6) or 6,922 (P5) directions through every operation (docs/benchmarks.md).
inline void register_enabled(bool with_value) {
    register_implementation<handwritten, p1, p2, p3, p4, p5, p6>(with_value);
#ifdef CTDIFF_BENCH_WITH_CTDIFF
    register_implementation<ctdiff_ad, p1, p2, p3, p4, p5, p6>(with_value);
    register_implementation<ctdiff_pack_ad, p6>(with_value);
#endif
#ifdef CTDIFF_BENCH_WITH_EIGEN
    register_implementation<eigen_ad, p1, p2, p3>(with_value);
#endif
#ifdef CTDIFF_BENCH_WITH_CERES
    register_implementation<ceres_ad, p1, p2, p3>(with_value);
#endif
#ifdef CTDIFF_BENCH_WITH_BOOST_AUTODIFF
    register_implementation<boost_ad, p1, p2, p3>(with_value);
#endif
#ifdef CTDIFF_BENCH_WITH_ADOLC
    register_implementation<adolc_replay, p1, p2, p3, p4, p5, p6>(with_value);
    register_implementation<adolc_retape, p1, p2, p3, p4, p5, p6>(with_value);
#endif
#ifdef CTDIFF_BENCH_WITH_TORCH
    register_implementation<torch_ad, p1, p2, p3, p4, p5, p6>(with_value);
#endif
}

}  // namespace ctdiff_bench
