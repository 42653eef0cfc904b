// bench/least_squares/ctdiff_terms.hpp — every problem's residuals written once as ctdiff
// expressions, for ctdiff.cpp (the timed default, jacobian_mode::automatic) and ctdiff_modes.cpp
// (the same expressions with the mode forced, CMake option CTDIFF_BENCH_LSQ_MODES).
//
// term<Mode, P, K>::run(p, d, r, J) is one ctdiff::value_and_jacobian_to<Mode> into the caller's
// storage; term<Mode, P, K>::plan() the compile-time plan of that call (whether forward mode
// applies, the two counts of multiply-adds, which one automatic takes). The unknowns are a tensor
// variable x (or, where Ceres' example has one parameter block per scalar, scalar variables), bound
// where they lie with ctdiff::view; data vectors are tensor variables bound the same way.
//
// Residuals that are the same formula over a data vector are one tensor-valued expression (its
// elements are the outputs: Box 3-D, Osborne 1, ...), in a std::tuple with the other residuals
// where there are others (Watson); the rest a std::tuple of scalar expressions, generated with
// ctdiff::outputs_over where there are many (Penalty I/II, Trigonometric, Brown almost-linear:
// it builds the tuple by type, cheaper to compile than `std::tuple{...}` over many outputs).
//
// The including file defines LSQ_CTDIFF_EMIT(P, K), expanded after each term at namespace lsq
// scope (and only for the problems LSQ_WANT selects): what it defines from term<..., P, K>.
#pragma once

#ifndef LSQ_CTDIFF_EMIT
#error "define LSQ_CTDIFF_EMIT(P, K) before including ctdiff_terms.hpp"
#endif

#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <tuple>
#include <utility>

#include "problems.hpp"

namespace lsq {

namespace {

using namespace ctdiff::literals;
using ctdiff::at;
using ctdiff::shape;
using ctdiff::view;
using ctdiff::wrt;

/// What the plan of value_and_jacobian_to(outputs, wrt(...)) says (eval/tangent_sweep.hpp).
/// A term's plan() passes its Mode, so that the call depends on the term's template parameter:
/// a call that did not would be instantiated where plan() is defined, in every unit, whether or
/// not anything asks for the plan (ctdiff.cpp never does), and the plan of all the rows as one
/// graph cost clang++ 2.0 s of Brown–Dennis' 4.0 s after its rows became a loop.
template <ctdiff::jacobian_mode, class Outputs, class Wrt>
constexpr ctdiff_mode_plan plan_of(const Outputs&, Wrt) {
    using outs = typename ctdiff::detail::output_list<Outputs>::type;
    using plan = ctdiff::detail::tangent_plan<ctdiff::detail::dag<outs>, typename Wrt::list>;
    return {plan::plan.applies,        plan::preferred && !plan::mix_preferred, plan::mix_preferred,
            plan::plan.forward_cost,   plan::plan.reverse_cost,                 plan::plan.mixed_cost,
            plan::plan.forward_rows};
}

}  // namespace

/// Term kind K of problem P in jacobian_mode Mode: run() and plan(), specialised per problem below.
template <ctdiff::jacobian_mode Mode, class P, std::size_t K>
struct term;

#if defined(__GNUC__) || defined(__clang__)
#define LSQ_CTDIFF_INLINE [[gnu::always_inline]]
#else
#define LSQ_CTDIFF_INLINE
#endif

// ---- MGH 1, Rosenbrock ---------------------------------------------------------------------------
#if LSQ_WANT(1)
namespace {
namespace p01 {
constexpr auto x = ctdiff::var<"x", shape<2>>;
constexpr auto residuals = std::tuple{10_c * (at<1>(x) - ctdiff::pow(at<0>(x), 2_c)), 1_c - at<0>(x)};
}  // namespace p01
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, rosenbrock, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p01;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p01;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<2>>(p[0]));
    }
};
LSQ_CTDIFF_EMIT(rosenbrock, 0)
#endif

// ---- MGH 2, Freudenstein and Roth ----------------------------------------------------------------
#if LSQ_WANT(2)
namespace {
namespace p02 {
constexpr auto x = ctdiff::var<"x", shape<2>>;
constexpr auto x0 = at<0>(x);
constexpr auto x1 = at<1>(x);
constexpr auto residuals = std::tuple{-13_c + x0 + ((5_c - x1) * x1 - 2_c) * x1,  //
                                      -29_c + x0 + ((x1 + 1_c) * x1 - 14_c) * x1};
}  // namespace p02
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, freudenstein_roth, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p02;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p02;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<2>>(p[0]));
    }
};
LSQ_CTDIFF_EMIT(freudenstein_roth, 0)
#endif

// ---- MGH 3, Powell badly scaled --------------------------------------------------------------------
#if LSQ_WANT(3)
namespace {
namespace p03 {
constexpr auto x = ctdiff::var<"x", shape<2>>;
constexpr auto x0 = at<0>(x);
constexpr auto x1 = at<1>(x);
constexpr auto residuals = std::tuple{10000_c * x0 * x1 - 1_c, ctdiff::exp(-x0) + ctdiff::exp(-x1) - 1.0001_c};
}  // namespace p03
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, powell_badly_scaled, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p03;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p03;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<2>>(p[0]));
    }
};
LSQ_CTDIFF_EMIT(powell_badly_scaled, 0)
#endif

// ---- MGH 4, Brown badly scaled ---------------------------------------------------------------------
#if LSQ_WANT(4)
namespace {
namespace p04 {
constexpr auto x = ctdiff::var<"x", shape<2>>;
constexpr auto x0 = at<0>(x);
constexpr auto x1 = at<1>(x);
constexpr auto residuals = std::tuple{x0 - 1000000_c, x1 - 2e-6_c, x0 * x1 - 2_c};
}  // namespace p04
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, brown_badly_scaled, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p04;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p04;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<2>>(p[0]));
    }
};
LSQ_CTDIFF_EMIT(brown_badly_scaled, 0)
#endif

// ---- MGH 5, Beale ----------------------------------------------------------------------------------
#if LSQ_WANT(5)
namespace {
namespace p05 {
constexpr auto x = ctdiff::var<"x", shape<2>>;
constexpr auto y = ctdiff::var<"y", shape<3>>;
constexpr auto x0 = at<0>(x);
constexpr auto x1 = at<1>(x);
constexpr auto residuals = std::tuple{at<0>(y) - x0 * (1_c - x1),                     //
                                      at<1>(y) - x0 * (1_c - ctdiff::pow(x1, 2_c)),  //
                                      at<2>(y) - x0 * (1_c - ctdiff::pow(x1, 3_c))};
}  // namespace p05
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, beale, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p05;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p05;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<2>>(p[0]), y = view<shape<3>>(d));
    }
};
LSQ_CTDIFF_EMIT(beale, 0)
#endif

// ---- MGH 6, Jennrich and Sampson -------------------------------------------------------------------
#if LSQ_WANT(6)
namespace {
namespace p06 {
constexpr auto x = ctdiff::var<"x", shape<2>>;
constexpr auto t = ctdiff::var<"t", shape<10>>;
constexpr auto residuals = 2_c + 2_c * t - (ctdiff::exp(t * at<0>(x)) + ctdiff::exp(t * at<1>(x)));
}  // namespace p06
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, jennrich_sampson, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p06;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p06;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<2>>(p[0]), t = view<shape<10>>(d));
    }
};
LSQ_CTDIFF_EMIT(jennrich_sampson, 0)
#endif

// ---- MGH 12, Box three-dimensional -----------------------------------------------------------------
#if LSQ_WANT(7)
namespace {
namespace p07 {
constexpr auto x = ctdiff::var<"x", shape<3>>;
constexpr auto t = ctdiff::var<"t", shape<10>>;
constexpr auto c = ctdiff::var<"c", shape<10>>;
constexpr auto residuals = ctdiff::exp(-t * at<0>(x)) - ctdiff::exp(-t * at<1>(x)) - at<2>(x) * c;
}  // namespace p07
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, box_3d, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p07;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p07;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<3>>(p[0]), t = view<shape<10>>(d),
                                                  c = view<shape<10>>(d + 10));
    }
};
LSQ_CTDIFF_EMIT(box_3d, 0)
#endif

// ---- MGH 13, Powell singular -----------------------------------------------------------------------
#if LSQ_WANT(8)
namespace {
namespace p08 {
constexpr auto x = ctdiff::var<"x", shape<4>>;
constexpr auto x0 = at<0>(x);
constexpr auto x1 = at<1>(x);
constexpr auto x2 = at<2>(x);
constexpr auto x3 = at<3>(x);
constexpr auto residuals = std::tuple{x0 + 10_c * x1, ctdiff::sqrt(5_c) * (x2 - x3), ctdiff::pow(x1 - 2_c * x2, 2_c),
                                      ctdiff::sqrt(10_c) * ctdiff::pow(x0 - x3, 2_c)};
}  // namespace p08
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, powell_singular, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p08;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p08;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<4>>(p[0]));
    }
};
LSQ_CTDIFF_EMIT(powell_singular, 0)
#endif

// ---- MGH 14, Wood ----------------------------------------------------------------------------------
#if LSQ_WANT(9)
namespace {
namespace p09 {
constexpr auto x = ctdiff::var<"x", shape<4>>;
constexpr auto x0 = at<0>(x);
constexpr auto x1 = at<1>(x);
constexpr auto x2 = at<2>(x);
constexpr auto x3 = at<3>(x);
constexpr auto residuals = std::tuple{10_c * (x1 - ctdiff::pow(x0, 2_c)),
                                      1_c - x0,
                                      ctdiff::sqrt(90_c) * (x3 - ctdiff::pow(x2, 2_c)),
                                      1_c - x2,
                                      ctdiff::sqrt(10_c) * (x1 + x3 - 2_c),
                                      ctdiff::sqrt(0.1_c) * (x1 - x3)};
}  // namespace p09
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, wood, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p09;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p09;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<4>>(p[0]));
    }
};
LSQ_CTDIFF_EMIT(wood, 0)
#endif

// ---- MGH 15, Kowalik and Osborne -------------------------------------------------------------------
#if LSQ_WANT(10)
namespace {
namespace p10 {
constexpr auto x = ctdiff::var<"x", shape<4>>;
constexpr auto y = ctdiff::var<"y", shape<11>>;
constexpr auto u = ctdiff::var<"u", shape<11>>;
constexpr auto residuals = y - at<0>(x) * (u * u + u * at<1>(x)) / (u * u + u * at<2>(x) + at<3>(x));
}  // namespace p10
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, kowalik_osborne, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p10;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p10;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<4>>(p[0]), y = view<shape<11>>(d),
                                                  u = view<shape<11>>(d + 11));
    }
};
LSQ_CTDIFF_EMIT(kowalik_osborne, 0)
#endif

// ---- MGH 16, Brown and Dennis ----------------------------------------------------------------------
#if LSQ_WANT(11)
namespace {
namespace p11 {
constexpr auto x = ctdiff::var<"x", shape<4>>;
constexpr auto t = ctdiff::var<"t", shape<20>>;
constexpr auto et = ctdiff::var<"et", shape<20>>;  // exp(t)
constexpr auto st = ctdiff::var<"st", shape<20>>;  // sin(t)
constexpr auto ct = ctdiff::var<"ct", shape<20>>;  // cos(t)
constexpr auto residuals =
    ctdiff::pow(at<0>(x) + t * at<1>(x) - et, 2_c) + ctdiff::pow(at<2>(x) + at<3>(x) * st - ct, 2_c);
}  // namespace p11
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, brown_dennis, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p11;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p11;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<4>>(p[0]), t = view<shape<20>>(d),
                                                  et = view<shape<20>>(d + 20), st = view<shape<20>>(d + 40),
                                                  ct = view<shape<20>>(d + 60));
    }
};
LSQ_CTDIFF_EMIT(brown_dennis, 0)
#endif

// ---- MGH 17, Osborne 1 -----------------------------------------------------------------------------
#if LSQ_WANT(12)
namespace {
namespace p12 {
constexpr auto x = ctdiff::var<"x", shape<5>>;
constexpr auto t = ctdiff::var<"t", shape<33>>;
constexpr auto y = ctdiff::var<"y", shape<33>>;
constexpr auto residuals =
    y - (at<0>(x) + at<1>(x) * ctdiff::exp(-t * at<3>(x)) + at<2>(x) * ctdiff::exp(-t * at<4>(x)));
}  // namespace p12
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, osborne_1, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p12;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p12;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<5>>(p[0]), t = view<shape<33>>(d),
                                                  y = view<shape<33>>(d + 33));
    }
};
LSQ_CTDIFF_EMIT(osborne_1, 0)
#endif

// ---- MGH 18, Biggs EXP6 ----------------------------------------------------------------------------
#if LSQ_WANT(13)
namespace {
namespace p13 {
constexpr auto x = ctdiff::var<"x", shape<6>>;
constexpr auto t = ctdiff::var<"t", shape<13>>;
constexpr auto y = ctdiff::var<"y", shape<13>>;
constexpr auto residuals = at<2>(x) * ctdiff::exp(-t * at<0>(x)) - at<3>(x) * ctdiff::exp(-t * at<1>(x)) +
                           at<5>(x) * ctdiff::exp(-t * at<4>(x)) - y;
}  // namespace p13
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, biggs_exp6, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p13;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p13;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<6>>(p[0]), t = view<shape<13>>(d),
                                                  y = view<shape<13>>(d + 13));
    }
};
LSQ_CTDIFF_EMIT(biggs_exp6, 0)
#endif

// ---- MGH 20, Watson, n = 6 -------------------------------------------------------------------------
// The 29 data residuals are one tensor expression over t (Horner's scheme for both sums); the
// outputs are that expression's elements and the two scalar residuals, as one std::tuple.
#if LSQ_WANT(14)
namespace {
namespace p14 {
constexpr auto x = ctdiff::var<"x", shape<6>>;
constexpr auto t = ctdiff::var<"t", shape<29>>;
constexpr auto x0 = at<0>(x);
constexpr auto x1 = at<1>(x);
constexpr auto x2 = at<2>(x);
constexpr auto x3 = at<3>(x);
constexpr auto x4 = at<4>(x);
constexpr auto x5 = at<5>(x);
constexpr auto s1 = x0 + t * (x1 + t * (x2 + t * (x3 + t * (x4 + t * x5))));                  // sum x_j t^j
constexpr auto s2 = x1 + t * (2_c * x2 + t * (3_c * x3 + t * (4_c * x4 + t * (5_c * x5))));  // sum j x_j t^(j-1)
constexpr auto w = s2 - ctdiff::pow(s1, 2_c) - 1_c;
constexpr auto residuals = std::tuple{w, x0, x1 - ctdiff::pow(x0, 2_c) - 1_c};
}  // namespace p14
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, watson, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p14;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p14;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<6>>(p[0]), t = view<shape<29>>(d));
    }
};
LSQ_CTDIFF_EMIT(watson, 0)
#endif

// ---- MGH 23, Penalty I, n = 10 ---------------------------------------------------------------------
#if LSQ_WANT(15)
namespace {
namespace p15 {
constexpr auto x = ctdiff::var<"x", shape<10>>;
constexpr auto scaled = ctdiff::sqrt(1e-5_c) * (x - 1_c);
constexpr auto residuals = ctdiff::outputs_over<11>([](auto i) {
    if constexpr (i < 10) return at<i>(scaled);
    else return ctdiff::dot(x, x) - 0.25_c;
});
}  // namespace p15
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, penalty_1, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p15;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p15;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<10>>(p[0]));
    }
};
LSQ_CTDIFF_EMIT(penalty_1, 0)
#endif

// ---- MGH 24, Penalty II, n = 10 --------------------------------------------------------------------
#if LSQ_WANT(16)
namespace {
namespace p16 {
constexpr auto x = ctdiff::var<"x", shape<10>>;
constexpr auto y = ctdiff::var<"y", shape<9>>;   // y_1 .. y_9
constexpr auto w = ctdiff::var<"w", shape<10>>;  // 10 - j
constexpr auto a = ctdiff::sqrt(1e-5_c);
template <std::size_t J>
constexpr auto e = ctdiff::exp(0.1_c * at<J>(x));
constexpr auto residuals = ctdiff::outputs_over<20>([](auto i) {
    if constexpr (i == 0) return at<0>(x) - 0.2_c;
    else if constexpr (i < 10) return a * (e<i> + e<i - 1> - at<i - 1>(y));  // k = i
    else if constexpr (i < 19) return a * (e<i - 9> - ctdiff::exp(-0.1_c));  // k = i - 9
    else return ctdiff::sum(w * ctdiff::pow(x, 2_c)) - 1_c;
});
}  // namespace p16
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, penalty_2, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p16;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p16;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<10>>(p[0]), y = view<shape<9>>(d),
                                                  w = view<shape<10>>(d + 9));
    }
};
LSQ_CTDIFF_EMIT(penalty_2, 0)
#endif

// ---- MGH 26, Trigonometric, n = 10 -----------------------------------------------------------------
// sum_j cos x_j as a fold over the scalar elements, so that each cos x_i node is shared by the sum
// and by residual i (docs/benchmarks.md: the tensor form 10 - sum(cos(x)) + k (1 - cos(x)) - sin(x)
// computes the cosines twice).
#if LSQ_WANT(17)
namespace {
namespace p17 {
constexpr auto x = ctdiff::var<"x", shape<10>>;
constexpr auto k = ctdiff::var<"k", shape<10>>;
template <std::size_t... J>
constexpr auto cos_sum(std::index_sequence<J...>) {
    return (... + ctdiff::cos(at<J>(x)));
}
constexpr auto s = cos_sum(std::make_index_sequence<10>{});
constexpr auto residuals = ctdiff::outputs_over<10>(
    [](auto i) { return 10_c - s + at<i>(k) * (1_c - ctdiff::cos(at<i>(x))) - ctdiff::sin(at<i>(x)); });
}  // namespace p17
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, trigonometric, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p17;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p17;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<10>>(p[0]), k = view<shape<10>>(d));
    }
};
LSQ_CTDIFF_EMIT(trigonometric, 0)
#endif

// ---- MGH 27, Brown almost-linear, n = 10 -----------------------------------------------------------
// The sum and the product as folds over the scalar elements, as the loops of the hand-written and
// Ceres versions compute them: the nine rows share the sum's nodes.
#if LSQ_WANT(21)
namespace {
namespace p21 {
constexpr auto x = ctdiff::var<"x", shape<10>>;
template <std::size_t... J>
constexpr auto sum_of(std::index_sequence<J...>) {
    return (... + at<J>(x));
}
template <std::size_t... J>
constexpr auto product_of(std::index_sequence<J...>) {
    return (... * at<J>(x));
}
constexpr auto s = sum_of(std::make_index_sequence<10>{});
constexpr auto residuals = ctdiff::outputs_over<10>([](auto i) {
    if constexpr (i < 9) return at<i>(x) + s - 11_c;
    else return product_of(std::make_index_sequence<10>{}) - 1_c;
});
}  // namespace p21
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, brown_almost_linear, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p21;
        return plan_of<Mode>(residuals, wrt(x));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p21;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(x), x = view<shape<10>>(p[0]));
    }
};
LSQ_CTDIFF_EMIT(brown_almost_linear, 0)
#endif

// ---- Ceres powell.cc: four cost functions of two scalar parameter blocks -------------------------------
#if LSQ_WANT(18)
namespace {
namespace p18 {
constexpr auto a = ctdiff::var<"a">;
constexpr auto b = ctdiff::var<"b">;
constexpr auto f1 = a + 10_c * b;
constexpr auto f2 = ctdiff::sqrt(5_c) * (a - b);
constexpr auto f3 = ctdiff::pow(a - 2_c * b, 2_c);
constexpr auto f4 = ctdiff::sqrt(10_c) * ctdiff::pow(a - b, 2_c);
}  // namespace p18
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, ceres_powell, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p18;
        return plan_of<Mode>(f1, wrt(a, b));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p18;
        ctdiff::value_and_jacobian_to<Mode>(r, J, f1, wrt(a, b), a = *p[0], b = *p[1]);
    }
};
LSQ_CTDIFF_EMIT(ceres_powell, 0)
template <ctdiff::jacobian_mode Mode>
struct term<Mode, ceres_powell, 1> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p18;
        return plan_of<Mode>(f2, wrt(a, b));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p18;
        ctdiff::value_and_jacobian_to<Mode>(r, J, f2, wrt(a, b), a = *p[0], b = *p[1]);
    }
};
LSQ_CTDIFF_EMIT(ceres_powell, 1)
template <ctdiff::jacobian_mode Mode>
struct term<Mode, ceres_powell, 2> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p18;
        return plan_of<Mode>(f3, wrt(a, b));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p18;
        ctdiff::value_and_jacobian_to<Mode>(r, J, f3, wrt(a, b), a = *p[0], b = *p[1]);
    }
};
LSQ_CTDIFF_EMIT(ceres_powell, 2)
template <ctdiff::jacobian_mode Mode>
struct term<Mode, ceres_powell, 3> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p18;
        return plan_of<Mode>(f4, wrt(a, b));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double*, double* r, double* J) {
        using namespace p18;
        ctdiff::value_and_jacobian_to<Mode>(r, J, f4, wrt(a, b), a = *p[0], b = *p[1]);
    }
};
LSQ_CTDIFF_EMIT(ceres_powell, 3)
#endif

// ---- Ceres curve_fitting.cc: y - exp(m x + c), one observation bound ----------------------------------
#if LSQ_WANT(19)
namespace {
namespace p19 {
constexpr auto m = ctdiff::var<"m">;
constexpr auto c = ctdiff::var<"c">;
constexpr auto xo = ctdiff::var<"xo">;
constexpr auto yo = ctdiff::var<"yo">;
constexpr auto residual = yo - ctdiff::exp(m * xo + c);
}  // namespace p19
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, curve_fitting, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p19;
        return plan_of<Mode>(residual, wrt(m, c));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p19;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residual, wrt(m, c), m = *p[0], c = *p[1], xo = d[0], yo = d[1]);
    }
};
LSQ_CTDIFF_EMIT(curve_fitting, 0)
#endif

// ---- Snavely's reprojection error (BAL) -------------------------------------------------------------
// Rodrigues' rotation written out: theta = |w|, u = w / theta,
// p = X cos(theta) + (u x X) sin(theta) + u (u . X) (1 - cos(theta)) + t. No small-angle branch
// (ctdiff has no conditional yet): at theta = 0 this is 0/0, where Ceres switches to p = X + w x X.
#if LSQ_WANT(20)
namespace {
namespace p20 {
constexpr auto camera = ctdiff::var<"camera", shape<9>>;
constexpr auto point = ctdiff::var<"point", shape<3>>;
constexpr auto u_obs = ctdiff::var<"u_obs">;
constexpr auto v_obs = ctdiff::var<"v_obs">;

constexpr auto theta = ctdiff::sqrt(ctdiff::pow(at<0>(camera), 2_c) + ctdiff::pow(at<1>(camera), 2_c) +
                                    ctdiff::pow(at<2>(camera), 2_c));
constexpr auto inverse_theta = 1_c / theta;
constexpr auto cos_theta = ctdiff::cos(theta);
constexpr auto sin_theta = ctdiff::sin(theta);
constexpr auto u0 = at<0>(camera) * inverse_theta;
constexpr auto u1 = at<1>(camera) * inverse_theta;
constexpr auto u2 = at<2>(camera) * inverse_theta;
constexpr auto X0 = at<0>(point);
constexpr auto X1 = at<1>(point);
constexpr auto X2 = at<2>(point);
constexpr auto along = (u0 * X0 + u1 * X1 + u2 * X2) * (1_c - cos_theta);
constexpr auto p0 = X0 * cos_theta + (u1 * X2 - u2 * X1) * sin_theta + u0 * along + at<3>(camera);
constexpr auto p1 = X1 * cos_theta + (u2 * X0 - u0 * X2) * sin_theta + u1 * along + at<4>(camera);
constexpr auto p2 = X2 * cos_theta + (u0 * X1 - u1 * X0) * sin_theta + u2 * along + at<5>(camera);
constexpr auto xp = -p0 / p2;
constexpr auto yp = -p1 / p2;
constexpr auto r2 = xp * xp + yp * yp;
constexpr auto distortion = 1_c + r2 * (at<7>(camera) + at<8>(camera) * r2);
constexpr auto residuals =
    std::tuple{at<6>(camera) * distortion * xp - u_obs, at<6>(camera) * distortion * yp - v_obs};
}  // namespace p20
}  // namespace
template <ctdiff::jacobian_mode Mode>
struct term<Mode, bal_snavely, 0> {
    static constexpr ctdiff_mode_plan plan() {
        using namespace p20;
        return plan_of<Mode>(residuals, wrt(camera, point));
    }
    LSQ_CTDIFF_INLINE static void run(const double* const* p, const double* d, double* r, double* J) {
        using namespace p20;
        ctdiff::value_and_jacobian_to<Mode>(r, J, residuals, wrt(camera, point), camera = view<shape<9>>(p[0]),
                                                  point = view<shape<3>>(p[1]), u_obs = d[0], v_obs = d[1]);
    }
};
LSQ_CTDIFF_EMIT(bal_snavely, 0)
#endif

}  // namespace lsq
