// bench_least_squares: residuals and Jacobian of each problem (problems.hpp), by the hand-written
// reference, ctdiff and Ceres' AutoDiffCostFunction, in one binary.
//
// Benchmarks are named "<problem>/<implementation>", e.g. "watson/ctdiff". One iteration
// evaluates every term of the problem once (one term for most problems), through one indirect
// call per term for every implementation: ceres::CostFunction::Evaluate (virtual, what the
// solver calls) for Ceres, a function pointer the optimiser cannot see through for the others.
// The parameters are hidden from the optimiser (DoNotOptimize) and the outputs are written to
// memory it must assume is read (ClobberMemory).
//
// Before anything is timed, the hand-written residuals and Jacobians are compared with
// sixth-order central differences of the same residuals computed in long double, and ctdiff's and
// Ceres' with the hand-written ones: each entry within 1e-10 of the largest residual or the
// largest Jacobian entry of its term. The output storage is filled with -12345 first, so an
// entry that is not written fails. A mismatch prints what differs and exits with status 1 before
// anything is timed; `--check` runs the checks alone and prints the largest differences.
//
// Built with LSQ_MODES (CMake option CTDIFF_BENCH_LSQ_MODES, ctdiff_modes.cpp), it also times ctdiff
// with the Jacobian's mode forced, "<problem>/ctdiff_forward" (where forward mode applies),
// "<problem>/ctdiff_reverse" and "<problem>/ctdiff_mixed" (where the plan's mix is one: some rows
// forwards, some backwards), checks them like ctdiff, and gives "<problem>/ctdiff" the counters of
// the compile-time plan that jacobian_mode::automatic follows, summed over the problem's terms:
// forward_cost, reverse_cost, mixed_cost (multiply-adds), forward_applies (1 or 0), forward_terms
// and mixed_terms (how many of the terms automatic runs in forward mode, in the mix), mixes (1
// where some term's mix is one) and terms.
#include <benchmark/benchmark.h>
#include <ceres/cost_function.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "problems.hpp"

#if defined(__clang__)
#define LSQ_COMPILER "clang++ " __clang_version__
#elif defined(__GNUC__)
#define LSQ_COMPILER "g++ " __VERSION__
#else
#define LSQ_COMPILER "unknown compiler"
#endif
#ifndef LSQ_OPTIONS
#define LSQ_OPTIONS "unknown"
#endif

namespace lsq {

using term_function = void (*)(const double* const*, const double*, double*, double*);

template <class Impl, class P, std::size_t... K>
std::array<term_function, sizeof...(K)> functions_of(std::index_sequence<K...>) {
    return {&evaluate<Impl, P, K>...};
}

/// A problem at its starting point: the parameters, the data, and for each term its parameter
/// block pointers, data pointer and where its residuals and Jacobian go.
template <class P>
struct instance {
    std::array<double, P::parameter_count> x = P::start;
    std::vector<double> data = P::data();
    std::array<std::array<const double*, max_blocks>, P::terms> blocks{};
    std::array<const double*, P::terms> term_data{};
    std::array<std::size_t, P::terms> kind{};
    std::array<double, P::terms * P::m> r{};
    std::array<double, P::terms * P::m * P::n> J{};

    instance() {
        for (std::size_t k = 0; k < P::terms; ++k) {
            const term_layout t = P::term(k);
            for (std::size_t b = 0; b < P::block_count; ++b) blocks[k][b] = x.data() + t.block_offset[b];
            term_data[k] = data.data() + t.data_offset;
            kind[k] = t.kind;
        }
    }
    instance(const instance&) = delete;
    instance& operator=(const instance&) = delete;
};

/// Evaluates every term of `in` with Impl.
template <class Impl, class P>
struct direct {
    std::array<term_function, P::kinds> f = functions_of<Impl, P>(std::make_index_sequence<P::kinds>{});
    void operator()(instance<P>& in) const {
        for (std::size_t k = 0; k < P::terms; ++k)
            f[in.kind[k]](in.blocks[k].data(), in.term_data[k], in.r.data() + k * P::m, in.J.data() + k * P::m * P::n);
    }
};

/// Evaluates every term of `in` with Ceres: one AutoDiffCostFunction per term (built once), whose
/// Jacobian blocks (m x size_b each, one after the other) go to the term's part of in.J.
template <class P>
struct through_ceres {
    std::vector<std::unique_ptr<ceres::CostFunction>> cost;
    std::array<std::array<double*, max_blocks>, P::terms> jacobians{};

    explicit through_ceres(instance<P>& in) {
        for (std::size_t k = 0; k < P::terms; ++k) {
            cost.push_back(ceres_cost<P>(in.kind[k], in.term_data[k]));
            double* at = in.J.data() + k * P::m * P::n;
            for (std::size_t b = 0; b < P::block_count; ++b) {
                jacobians[k][b] = at;
                at += P::m * P::block_size[b];
            }
        }
    }
    bool operator()(instance<P>& in) {
        bool ok = true;
        for (std::size_t k = 0; k < P::terms; ++k)
            ok &= cost[k]->Evaluate(in.blocks[k].data(), in.r.data() + k * P::m, jacobians[k].data());
        return ok;
    }
    /// in.J rearranged from Ceres' per-block layout to row-major m x n per term.
    static std::array<double, P::terms * P::m * P::n> dense(const instance<P>& in) {
        std::array<double, P::terms * P::m * P::n> out{};
        for (std::size_t k = 0; k < P::terms; ++k) {
            const double* block = in.J.data() + k * P::m * P::n;
            std::size_t column = 0;
            for (std::size_t b = 0; b < P::block_count; ++b) {
                for (std::size_t i = 0; i < P::m; ++i)
                    for (std::size_t j = 0; j < P::block_size[b]; ++j)
                        out[k * P::m * P::n + i * P::n + column + j] = block[i * P::block_size[b] + j];
                block += P::m * P::block_size[b];
                column += P::block_size[b];
            }
        }
        return out;
    }
};

#ifdef LSQ_MODES
/// The plans of P's terms (ctdiff_modes.cpp), summed over the terms of one evaluation.
struct mode_summary {
    bool forward_applies = true;
    bool mixes = false;  // some term's mix computes some rows forwards and some backwards
    std::size_t forward_terms = 0, mixed_terms = 0, forward_cost = 0, reverse_cost = 0, mixed_cost = 0;
};
template <class P, std::size_t... K>
mode_summary summarise_modes(std::index_sequence<K...>) {
    const std::array<ctdiff_mode_plan, P::kinds> plans{ctdiff_plan<P, K>()...};
    const instance<P> in;
    mode_summary s;
    for (std::size_t k = 0; k < P::terms; ++k) {
        const ctdiff_mode_plan& plan = plans[in.kind[k]];
        s.forward_applies = s.forward_applies && plan.forward_applies;
        s.mixes = s.mixes || (plan.mixed_forward_rows != 0 && plan.mixed_forward_rows != P::m);
        s.forward_terms += plan.chose_forward ? 1 : 0;
        s.mixed_terms += plan.chose_mixed ? 1 : 0;
        s.forward_cost += plan.forward_cost;
        s.reverse_cost += plan.reverse_cost;
        s.mixed_cost += plan.mixed_cost;
    }
    return s;
}
template <class P>
mode_summary modes_of() {
    static const mode_summary s = summarise_modes<P>(std::make_index_sequence<P::kinds>{});
    return s;
}
#endif

// ---- checks ----------------------------------------------------------------------------------------

inline constexpr double tolerance = 1e-10;

/// The largest magnitude among n values.
inline double largest(const double* v, std::size_t n) {
    double m = 0;
    for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(v[i]));
    return m;
}

/// Compares term by term: each residual within tol of the term's largest expected residual, each
/// Jacobian entry within tol of the term's largest expected entry (NaN never passes). Returns an
/// empty string or what differs; `worst` receives the largest relative difference seen.
template <class P>
std::string compare(const char* what, const double* r, const double* J, const double* r_expected,
                    const double* J_expected, double tol, double* worst = nullptr) {
    char text[300];
    for (std::size_t k = 0; k < P::terms; ++k) {
        const double* re = r_expected + k * P::m;
        const double* Je = J_expected + k * P::m * P::n;
        const double rs = std::max(largest(re, P::m), 1e-300), Js = std::max(largest(Je, P::m * P::n), 1e-300);
        for (std::size_t i = 0; i < P::m; ++i) {
            const double d = std::fabs(r[k * P::m + i] - re[i]) / rs;
            if (worst != nullptr) *worst = std::max(*worst, d);
            if (!(d <= tol)) {
                std::snprintf(text, sizeof text, "%s: %s: term %zu residual %zu = %.17g, expected %.17g", P::name, what, k,
                              i, r[k * P::m + i], re[i]);
                return text;
            }
        }
        for (std::size_t e = 0; e < P::m * P::n; ++e) {
            const double d = std::fabs(J[k * P::m * P::n + e] - Je[e]) / Js;
            if (worst != nullptr) *worst = std::max(*worst, d);
            if (!(d <= tol)) {
                std::snprintf(text, sizeof text,
                              "%s: %s: term %zu Jacobian (%zu, %zu) = %.17g, expected %.17g (largest entry %.3g)", P::name,
                              what, k, e / P::n, e % P::n, J[k * P::m * P::n + e], Je[e], Js);
                return text;
            }
        }
    }
    return {};
}

/// Sixth-order central differences of reference_residuals (long double) for every term.
template <class P, std::size_t... K>
void central_differences(const instance<P>& in, std::array<double, P::terms * P::m>& r,
                         std::array<double, P::terms * P::m * P::n>& J, std::index_sequence<K...>) {
    using residual_function = void (*)(const long double* const*, const double*, long double*);
    const std::array<residual_function, P::kinds> f{&reference_residuals<P, K>...};
    for (std::size_t k = 0; k < P::terms; ++k) {
        // the term's unknowns, as long double blocks
        std::array<long double, P::n> u{};
        std::size_t column = 0;
        for (std::size_t b = 0; b < P::block_count; ++b)
            for (std::size_t j = 0; j < P::block_size[b]; ++j) u[column++] = in.blocks[k][b][j];
        const auto eval = [&](const std::array<long double, P::n>& v, long double* out) {
            std::array<const long double*, max_blocks> blocks{};
            std::size_t c = 0;
            for (std::size_t b = 0; b < P::block_count; ++b) {
                blocks[b] = v.data() + c;
                c += P::block_size[b];
            }
            f[in.kind[k]](blocks.data(), in.term_data[k], out);
        };
        std::array<long double, P::m> value{};
        eval(u, value.data());
        for (std::size_t i = 0; i < P::m; ++i) r[k * P::m + i] = static_cast<double>(value[i]);
        constexpr long double weight[3] = {45.0L / 60, -9.0L / 60, 1.0L / 60};  // of f(x + s h) - f(x - s h), s = 1, 2, 3
        for (std::size_t j = 0; j < P::n; ++j) {
            const long double h = 3e-3L * std::max(std::fabs(u[j]), 1e-2L);
            std::array<long double, P::m> derivative{};
            for (std::size_t s = 1; s <= 3; ++s) {
                std::array<long double, P::n> up = u, down = u;
                up[j] += static_cast<long double>(s) * h;
                down[j] -= static_cast<long double>(s) * h;
                std::array<long double, P::m> ru{}, rd{};
                eval(up, ru.data());
                eval(down, rd.data());
                for (std::size_t i = 0; i < P::m; ++i) derivative[i] += weight[s - 1] * (ru[i] - rd[i]);
            }
            for (std::size_t i = 0; i < P::m; ++i)
                J[k * P::m * P::n + i * P::n + j] = static_cast<double>(derivative[i] / h);
        }
    }
}

/// Checks problem P: hand-written against central differences, ctdiff and Ceres against
/// hand-written. Prints one line; returns false on a mismatch (after printing it).
template <class P>
bool check_problem(bool verbose) {
    instance<P> reference;
    direct<handwritten, P>{}(reference);
    // the hand-written Jacobian against central differences
    std::array<double, P::terms * P::m> r_fd{};
    std::array<double, P::terms * P::m * P::n> J_fd{};
    central_differences<P>(reference, r_fd, J_fd, std::make_index_sequence<P::kinds>{});
    double fd_worst = 0;
    std::string error = compare<P>("hand-written against central differences of its long-double residuals",
                                   reference.r.data(), reference.J.data(), r_fd.data(), J_fd.data(), tolerance,
                                   &fd_worst);
    double ctdiff_worst = 0, ceres_worst = 0;
    const auto check_ctdiff = [&]<class Impl>(const char* what, double& worst) {
        if (!error.empty()) return;
        instance<P> in;
        in.r.fill(-12345.0);
        in.J.fill(-12345.0);  // every entry must be written
        direct<Impl, P>{}(in);
        error = compare<P>(what, in.r.data(), in.J.data(), reference.r.data(), reference.J.data(), tolerance, &worst);
    };
    check_ctdiff.template operator()<ctdiff_ad>("ctdiff against hand-written", ctdiff_worst);
#ifdef LSQ_MODES
    double forward_worst = 0, reverse_worst = 0, mixed_worst = 0;
    if (modes_of<P>().forward_applies)
        check_ctdiff.template operator()<ctdiff_forward>("ctdiff, forward mode, against hand-written", forward_worst);
    check_ctdiff.template operator()<ctdiff_reverse>("ctdiff, reverse mode, against hand-written", reverse_worst);
    if (modes_of<P>().mixes)
        check_ctdiff.template operator()<ctdiff_mixed>("ctdiff, mixed mode, against hand-written", mixed_worst);
#endif
    if (error.empty()) {
        instance<P> in;
        in.r.fill(-12345.0);
        in.J.fill(-12345.0);
        through_ceres<P> ceres(in);
        if (!ceres(in)) error = std::string(P::name) + ": Ceres' Evaluate returned false";
        const auto J = through_ceres<P>::dense(in);
        if (error.empty())
            error = compare<P>("Ceres against hand-written", in.r.data(), J.data(), reference.r.data(),
                               reference.J.data(), tolerance, &ceres_worst);
    }
    if (!error.empty()) {
        std::fprintf(stderr, "bench_least_squares: check failed: %s\n", error.c_str());
        return false;
    }
    if (verbose)
        std::printf("%-20s %2zu x %-2zu x %2zu terms  largest relative difference: hand-written vs central "
                    "differences %.1e, ctdiff %.1e, Ceres %.1e\n",
                    P::name, P::m, P::n, P::terms, fd_worst, ctdiff_worst, ceres_worst);
#ifdef LSQ_MODES
    if (verbose) {
        const mode_summary s = modes_of<P>();
        char forward[16] = "n/a", mixed[16] = "n/a";
        if (s.forward_applies) std::snprintf(forward, sizeof forward, "%.1e", forward_worst);
        if (s.mixes) std::snprintf(mixed, sizeof mixed, "%.1e", mixed_worst);
        std::printf("%-20s automatic: %zu of %zu terms forward, %zu mixed (multiply-adds forward %zu, reverse %zu, "
                    "mixed %zu); forced forward %s, forced reverse %.1e, forced mixed %s\n",
                    "", s.forward_terms, P::terms, s.mixed_terms, s.forward_cost, s.reverse_cost, s.mixed_cost,
                    forward, reverse_worst, mixed);
    }
#endif
    return true;
}

// ---- timing ----------------------------------------------------------------------------------------

template <class P>
void time_hand(benchmark::State& state) {
    instance<P> in;
    direct<handwritten, P> run;
    benchmark::DoNotOptimize(run.f);  // the calls stay indirect, as Ceres' virtual ones
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.x.data());
        run(in);
        benchmark::DoNotOptimize(in.J.data());
        benchmark::ClobberMemory();
    }
}

template <class P, class Impl = ctdiff_ad>
void time_ctdiff(benchmark::State& state) {
    instance<P> in;
    direct<Impl, P> run;
    benchmark::DoNotOptimize(run.f);
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.x.data());
        run(in);
        benchmark::DoNotOptimize(in.J.data());
        benchmark::ClobberMemory();
    }
#ifdef LSQ_MODES
    if constexpr (std::is_same_v<Impl, ctdiff_ad>) {
        const mode_summary s = modes_of<P>();
        state.counters["forward_cost"] = static_cast<double>(s.forward_cost);
        state.counters["reverse_cost"] = static_cast<double>(s.reverse_cost);
        state.counters["forward_applies"] = s.forward_applies ? 1 : 0;
        state.counters["forward_terms"] = static_cast<double>(s.forward_terms);
        state.counters["mixed_cost"] = static_cast<double>(s.mixed_cost);
        state.counters["mixed_terms"] = static_cast<double>(s.mixed_terms);
        state.counters["mixes"] = s.mixes ? 1 : 0;
        state.counters["terms"] = static_cast<double>(P::terms);
    }
#endif
}

template <class P>
void time_ceres(benchmark::State& state) {
    instance<P> in;
    through_ceres<P> run(in);
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.x.data());
        benchmark::DoNotOptimize(run(in));
        benchmark::DoNotOptimize(in.J.data());
        benchmark::ClobberMemory();
    }
}

template <class... P>
struct problem_list {
    static bool check(bool verbose) { return (check_problem<P>(verbose) && ...); }
    static void register_all() {
        ((benchmark::RegisterBenchmark((std::string(P::name) + "/handwritten").c_str(), time_hand<P>),
          benchmark::RegisterBenchmark((std::string(P::name) + "/ctdiff").c_str(), time_ctdiff<P>),
          benchmark::RegisterBenchmark((std::string(P::name) + "/ceres").c_str(), time_ceres<P>)),
         ...);
#ifdef LSQ_MODES
        (register_modes<P>(), ...);
#endif
    }
#ifdef LSQ_MODES
    template <class Q>
    static void register_modes() {
        if (modes_of<Q>().forward_applies)
            benchmark::RegisterBenchmark((std::string(Q::name) + "/ctdiff_forward").c_str(),
                                         time_ctdiff<Q, ctdiff_forward>);
        benchmark::RegisterBenchmark((std::string(Q::name) + "/ctdiff_reverse").c_str(), time_ctdiff<Q, ctdiff_reverse>);
        if (modes_of<Q>().mixes)
            benchmark::RegisterBenchmark((std::string(Q::name) + "/ctdiff_mixed").c_str(), time_ctdiff<Q, ctdiff_mixed>);
    }
#endif
};

using all_problems =
    problem_list<rosenbrock, freudenstein_roth, powell_badly_scaled, brown_badly_scaled, beale, jennrich_sampson, box_3d,
                 powell_singular, wood, kowalik_osborne, brown_dennis, osborne_1, biggs_exp6, watson, penalty_1,
                 penalty_2, trigonometric, brown_almost_linear, ceres_powell, curve_fitting, bal_snavely>;

}  // namespace lsq

int main(int argc, char** argv) {
    bool check_only = false;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--check") == 0) {
            check_only = true;
            for (int j = i; j + 1 < argc; ++j) argv[j] = argv[j + 1];
            --argc;
            --i;
        }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    // the checks print to stdout only with --check (stdout may be the JSON of --benchmark_format)
    if (!lsq::all_problems::check(check_only)) return 1;
    if (check_only) return 0;
    lsq::all_problems::register_all();
    benchmark::AddCustomContext("compiler", LSQ_COMPILER);
    benchmark::AddCustomContext("compile_options", LSQ_OPTIONS);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
