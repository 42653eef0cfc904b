// Conditions and select: the value and every derivative come from the taken branch, whatever
// the untaken one is (NaN, infinite, sqrt(-1), log(0), 0/0), in every mode and in static_assert.
// min, max, clamp, floor, ceil, trunc, round: values against std::, derivatives against hand
// derivations and central differences, ties as documented (docs/math.md).
#define BOOST_TEST_MODULE ctdiff_select
#include <boost/test/unit_test.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <vector>
#include <cmath>
#include <ctdiff/ctdiff.hpp>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <tuple>

namespace {

using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr double inf = std::numeric_limits<double>::infinity();

/// The gradient of f with respect to (x, y) at (a, b) by every first-order method, and the
/// Hessian by both second-order ones (hessian, and symbolic d twice).
struct derivatives {
    double value;
    std::array<std::array<double, 2>, 5> first;  // grad, Jacobian forward, Jacobian reverse, jvp, symbolic d
    std::array<std::array<double, 4>, 2> second;  // hessian, symbolic d(d)
};
template <class F>
derivatives all_derivatives(F f, double a, double b) {
    derivatives r{};
    r.value = f(x = a, y = b);
    const auto g = ctdiff::grad(f, ctdiff::wrt(x, y), x = a, y = b);
    const auto jf = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(f, ctdiff::wrt(x, y), x = a, y = b);
    const auto jr = ctdiff::jacobian<ctdiff::jacobian_mode::reverse>(f, ctdiff::wrt(x, y), x = a, y = b);
    const std::array<double, 2> ex{1.0, 0.0}, ey{0.0, 1.0};
    r.first[0] = {g[x], g[y]};
    r.first[1] = {jf.at(0, 0), jf.at(0, 1)};
    r.first[2] = {jr.at(0, 0), jr.at(0, 1)};
    r.first[3] = {ctdiff::jvp(f, ctdiff::wrt(x, y), ex, x = a, y = b).tangent,
                  ctdiff::jvp(f, ctdiff::wrt(x, y), ey, x = a, y = b).tangent};
    r.first[4] = {ctdiff::d(f, x)(x = a, y = b), ctdiff::d(f, y)(x = a, y = b)};
    const auto H = ctdiff::hessian(f, ctdiff::wrt(x, y), x = a, y = b);
    r.second[0] = {H(x, x), H(x, y), H(y, x), H(y, y)};
    r.second[1] = {ctdiff::d(f, x, x)(x = a, y = b), ctdiff::d(f, x, y)(x = a, y = b),
                   ctdiff::d(f, y, x)(x = a, y = b), ctdiff::d(f, y, y)(x = a, y = b)};
    return r;
}
void check(const derivatives& r, double value, std::array<double, 2> gradient, std::array<double, 4> hessian) {
    BOOST_TEST(r.value == value);
    for (std::size_t m = 0; m < r.first.size(); ++m)
        BOOST_TEST_CONTEXT("first-order method " << m) {
            BOOST_TEST(r.first[m][0] == gradient[0]);
            BOOST_TEST(r.first[m][1] == gradient[1]);
        }
    for (std::size_t m = 0; m < r.second.size(); ++m)
        for (std::size_t i = 0; i < 4; ++i)
            BOOST_TEST_CONTEXT("second-order method " << m << ", entry " << i) {
                BOOST_TEST(r.second[m][i] == hessian[i]);
            }
}

// ---- the untaken branch in static_assert ----------------------------------------------------------
// Each untaken branch below is NaN or infinite at the point, and so are its partials.
constexpr auto sqrt_of_negative = ctdiff::select(x > 0_c, ctdiff::sqrt(x) * y, y - x);
static_assert(sqrt_of_negative(x = -1.0, y = 2.0) == 3.0);
static_assert(ctdiff::d(sqrt_of_negative, x)(x = -1.0, y = 2.0) == -1.0);
static_assert(ctdiff::grad(sqrt_of_negative, ctdiff::wrt(x, y), x = -1.0, y = 2.0)[x] == -1.0);
static_assert(ctdiff::grad(sqrt_of_negative, ctdiff::wrt(x, y), x = -1.0, y = 2.0)[y] == 1.0);
static_assert(ctdiff::hessian(sqrt_of_negative, ctdiff::wrt(x, y), x = -1.0, y = 2.0)(x, x) == 0.0);
static_assert(ctdiff::jacobian<ctdiff::jacobian_mode::forward>(sqrt_of_negative, ctdiff::wrt(x, y), x = -1.0,
                                                               y = 2.0)
                  .at(0, 0) == -1.0);

constexpr auto zero_over_zero = ctdiff::select(ctdiff::abs(x) > 0_c, ctdiff::sin(x) / x * y, y);
static_assert(zero_over_zero(x = 0.0, y = 3.0) == 3.0);
static_assert(ctdiff::grad(zero_over_zero, ctdiff::wrt(x, y), x = 0.0, y = 3.0)[x] == 0.0);
static_assert(ctdiff::grad(zero_over_zero, ctdiff::wrt(x, y), x = 0.0, y = 3.0)[y] == 1.0);
static_assert(ctdiff::d(zero_over_zero, x, x)(x = 0.0, y = 3.0) == 0.0);

constexpr auto log_of_zero = ctdiff::select(x > 1_c, ctdiff::log(x - 1_c) * y, x * x * y);
static_assert(log_of_zero(x = 1.0, y = 2.0) == 2.0);
static_assert(ctdiff::grad(log_of_zero, ctdiff::wrt(x, y), x = 1.0, y = 2.0)[x] == 4.0);
static_assert(ctdiff::hessian(log_of_zero, ctdiff::wrt(x, y), x = 1.0, y = 2.0)(x, y) == 2.0);

}  // namespace

// ---- the untaken branch at run time, every mode -------------------------------------------------

BOOST_AUTO_TEST_CASE(untaken_sqrt_of_negative) {
    // y - x: value 3, gradient (-1, 1), Hessian 0
    check(all_derivatives(sqrt_of_negative, -1.0, 2.0), 3.0, {-1.0, 1.0}, {0, 0, 0, 0});
    // taken: sqrt(x) y at (4, 2): 4, (y / (2 sqrt x), sqrt x) = (0.5, 2), H = (-y/(4 x^1.5), 1/(2 sqrt x))
    check(all_derivatives(sqrt_of_negative, 4.0, 2.0), 4.0, {0.5, 2.0}, {-2.0 / 32.0, 0.25, 0.25, 0.0});
}

BOOST_AUTO_TEST_CASE(untaken_zero_over_zero) {
    check(all_derivatives(zero_over_zero, 0.0, 3.0), 3.0, {0.0, 1.0}, {0, 0, 0, 0});
}

BOOST_AUTO_TEST_CASE(untaken_log_of_zero) {
    // x^2 y at (1, 2): 2, (2 x y, x^2) = (4, 1), H = (2 y, 2 x; 2 x, 0)
    check(all_derivatives(log_of_zero, 1.0, 2.0), 2.0, {4.0, 1.0}, {4.0, 2.0, 2.0, 0.0});
}

BOOST_AUTO_TEST_CASE(untaken_infinity) {
    // x <= 0: x y; the other branch, exp(y / x), is exp(inf) at x = 0 and so are its partials
    const auto f = ctdiff::select(x <= 0_c, x * y, ctdiff::exp(y / x));
    check(all_derivatives(f, 0.0, 2.0), 0.0, {2.0, 0.0}, {0.0, 1.0, 1.0, 0.0});
    // the untaken branch is -inf: y - x^-3 at x = 0
    const auto g = ctdiff::select(x < 0_c, y - ctdiff::pow(x, -3_c), y * y);
    check(all_derivatives(g, 0.0, 3.0), 9.0, {0.0, 6.0}, {0.0, 0.0, 0.0, 2.0});
}

BOOST_AUTO_TEST_CASE(untaken_nan_input) {
    // a NaN from the data: the branch that reads it is not taken
    const auto f = ctdiff::select(y > 0_c, x * y, x * (ctdiff::log(y) + ctdiff::sqrt(y)));
    check(all_derivatives(f, 3.0, 2.0), 6.0, {2.0, 3.0}, {0.0, 1.0, 1.0, 0.0});
    const auto g = ctdiff::select(x > 0_c, x * x, ctdiff::sqrt(x - y) * ctdiff::log(x - x));
    check(all_derivatives(g, 1.5, 2.0), 2.25, {3.0, 0.0}, {2.0, 0.0, 0.0, 0.0});
}

BOOST_AUTO_TEST_CASE(infinite_adjoint_does_not_reach_the_untaken_branch) {
    // log(select(...)) at a taken value of 0: the select's adjoint is inf, and the untaken branch
    // y x, which alone depends on y, gets 0 (not inf * 0): df/dy = 0 in every mode.
    // f = log(sqrt(-x)) = log(-x) / 2 for x <= 0: df/dx = 1 / (2 x) = -inf at -0.
    const auto f = ctdiff::log(ctdiff::select(x > 0_c, y * x, ctdiff::sqrt(-x)));
    const auto g = ctdiff::grad(f, ctdiff::wrt(x, y), x = -0.0, y = 2.0);
    const auto jf = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(f, ctdiff::wrt(x, y), x = -0.0, y = 2.0);
    const auto jr = ctdiff::jacobian<ctdiff::jacobian_mode::reverse>(f, ctdiff::wrt(x, y), x = -0.0, y = 2.0);
    BOOST_TEST(g[y] == 0.0);
    BOOST_TEST(jf.at(0, 1) == 0.0);
    BOOST_TEST(jr.at(0, 1) == 0.0);
    BOOST_TEST(ctdiff::d(f, y)(x = -0.0, y = 2.0) == 0.0);
    BOOST_TEST(g[x] == -inf);
    BOOST_TEST(jf.at(0, 0) == -inf);
    BOOST_TEST(ctdiff::d(f, x)(x = -0.0, y = 2.0) == -inf);
}

BOOST_AUTO_TEST_CASE(nested_selects_and_shared_nodes) {
    // s = sqrt(x) is shared: used by the taken branch of the inner select and by the untaken
    // branch of the outer one. f = select(y > 0, select(x > 1, s y, x y), log(-y) s)
    const auto s = ctdiff::sqrt(x);
    const auto f = ctdiff::select(y > 0_c, ctdiff::select(x > 1_c, s * y, x * y), ctdiff::log(-y) * s);
    // x = 4, y = 2: s y = 4; d/dx = y / (2 sqrt x) = 0.5, d/dy = 2; H = (-y / (4 x^1.5), 1/(2 sqrt x); ., 0)
    check(all_derivatives(f, 4.0, 2.0), 4.0, {0.5, 2.0}, {-1.0 / 16.0, 0.25, 0.25, 0.0});
    // x = 0.5, y = 2: x y = 1; (2, 0.5); H = (0, 1; 1, 0)
    check(all_derivatives(f, 0.5, 2.0), 1.0, {2.0, 0.5}, {0.0, 1.0, 1.0, 0.0});
}

BOOST_AUTO_TEST_CASE(select_against_central_differences) {
    // a smooth piece on each side, checked where each side is taken
    const auto f = ctdiff::select(x * y > 1_c && !(x > 3_c), ctdiff::sin(x) * ctdiff::exp(y), x * x - y / x);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.2, 4.0);
    for (int i = 0; i < 200; ++i) {
        const double a = u(rng), b = u(rng);
        const double h = 1e-6;
        const double fx = (f(x = a + h, y = b) - f(x = a - h, y = b)) / (2 * h);
        const double fy = (f(x = a, y = b + h) - f(x = a, y = b - h)) / (2 * h);
        const double cond = a * b;
        if (std::abs(cond - 1) < 1e-4 || std::abs(a - 3) < 1e-4) continue;  // a jump within the step
        const auto g = ctdiff::grad(f, ctdiff::wrt(x, y), x = a, y = b);
        BOOST_TEST_CONTEXT("at (" << a << ", " << b << ")") {
            BOOST_TEST(std::abs(g[x] - fx) <= 1e-6 * std::max(1.0, std::abs(fx)));
            BOOST_TEST(std::abs(g[y] - fy) <= 1e-6 * std::max(1.0, std::abs(fy)));
        }
    }
}

BOOST_AUTO_TEST_CASE(select_on_tensors_is_elementwise) {
    constexpr auto v = ctdiff::var<"v", ctdiff::shape<4>>;
    const auto f = ctdiff::sum(ctdiff::select(v > 0_c, ctdiff::sqrt(v), -v));
    ctdiff::tensor<double, ctdiff::shape<4>> at;
    at(0) = 4.0;
    at(1) = -1.0;
    at(2) = 0.0;
    at(3) = 0.25;
    BOOST_TEST(f(v = at) == 2.0 + 1.0 + 0.0 + 0.5);
    const auto g = ctdiff::grad(f, ctdiff::wrt(v), v = at)[v];
    BOOST_TEST(g(0) == 0.25);
    BOOST_TEST(g(1) == -1.0);
    BOOST_TEST(g(2) == -1.0);  // v = 0 is not > 0: -v is taken; sqrt'(0) = inf is not
    BOOST_TEST(g(3) == 1.0);
}

// ---- conditions ----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(conditions_print_and_evaluate) {
    const auto c = x > 0_c && (y <= x || !(y >= 2_c));
    BOOST_TEST(ctdiff::to_string(c) == "x > 0 && (y <= x || !(y >= 2))");
    BOOST_TEST(c(x = 1.0, y = 0.5) == 1.0);
    BOOST_TEST(c(x = 1.0, y = 3.0) == 0.0);
    BOOST_TEST(c(x = 1.0, y = 1.5) == 1.0);
    BOOST_TEST(c(x = -1.0, y = 0.5) == 0.0);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    BOOST_TEST((x < y)(x = nan, y = 1.0) == 0.0);  // IEEE: every comparison with NaN is false
    BOOST_TEST((x >= y)(x = nan, y = 1.0) == 0.0);
    BOOST_TEST(ctdiff::to_latex(x < y) == "x < y");
    BOOST_TEST(ctdiff::to_string(ctdiff::select(x < y, x, y)) == "select(x < y, x, y)");
}

BOOST_AUTO_TEST_CASE(conditions_have_derivative_zero) {
    const auto c = x * x > y;
    BOOST_TEST(ctdiff::to_string(ctdiff::d(c, x)) == "0");
    const auto g = ctdiff::grad(c * x, ctdiff::wrt(x, y), x = 2.0, y = 1.0);  // a condition used as 1 or 0
    BOOST_TEST(g[x] == 1.0);
    BOOST_TEST(g[y] == 0.0);
}

BOOST_AUTO_TEST_CASE(trace_names_the_taken_branch) {
    std::ostringstream out;
    ctdiff::trace(out, ctdiff::select(x > y, ctdiff::sqrt(x - y), y - x), ctdiff::wrt(x, y), x = 1.0, y = 2.0);
    const std::string text = out.str();
    BOOST_TEST(text.find("f = select(u1, u3, u4) = 1  (u1 fails: u4)") != std::string::npos, text);
    BOOST_TEST(text.find("df/dx = df/du1 * 0 + df/du2 * 1 + df/du4 * (-1) = 0 * 0 + 0 * 1 + 1 * (-1) = -1") !=
                   std::string::npos,
               text);
}

// ---- min, max, clamp -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(min_and_max) {
    check(all_derivatives(ctdiff::max(x * y, y), 3.0, 2.0), 6.0, {2.0, 3.0}, {0.0, 1.0, 1.0, 0.0});
    check(all_derivatives(ctdiff::min(x * y, y), 3.0, 2.0), 2.0, {0.0, 1.0}, {0.0, 0.0, 0.0, 0.0});
    // a tie: half to each side. max(x, y) at x = y: (1/2, 1/2)
    check(all_derivatives(ctdiff::max(x, y), 2.0, 2.0), 2.0, {0.5, 0.5}, {0.0, 0.0, 0.0, 0.0});
    check(all_derivatives(ctdiff::min(x, y), 2.0, 2.0), 2.0, {0.5, 0.5}, {0.0, 0.0, 0.0, 0.0});
    const double nan = std::numeric_limits<double>::quiet_NaN();
    BOOST_TEST(std::isnan(ctdiff::max(x, y)(x = nan, y = 1.0)));  // NaN propagates
    BOOST_TEST(std::isnan(ctdiff::min(x, y)(x = 1.0, y = nan)));
    BOOST_TEST(std::signbit(ctdiff::min(x, y)(x = 0.0, y = -0.0)));   // as std::fmin
    BOOST_TEST(!std::signbit(ctdiff::max(x, y)(x = -0.0, y = 0.0)));  // as std::fmax
    static_assert(ctdiff::max(x, 2_c)(x = 3.0) == 3.0 && ctdiff::min(x, 2_c)(x = 3.0) == 2.0);
    static_assert(std::is_same_v<decltype(ctdiff::max(3_c, 2_c)), ctdiff::constant<ctdiff::rational{3, 1}>>);
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(-5.0, 5.0);
    for (int i = 0; i < 100; ++i) {
        const double a = u(rng), b = u(rng);
        BOOST_TEST(ctdiff::max(x, y)(x = a, y = b) == std::fmax(a, b));
        BOOST_TEST(ctdiff::min(x, y)(x = a, y = b) == std::fmin(a, b));
    }
}

BOOST_AUTO_TEST_CASE(clamp_derivative_is_one_on_the_closed_interval) {
    const auto f = ctdiff::clamp(x, y, 3_c);
    check(all_derivatives(f, 2.0, 2.0), 2.0, {1.0, 0.0}, {0, 0, 0, 0});  // x = lo
    check(all_derivatives(f, 3.0, 2.0), 3.0, {1.0, 0.0}, {0, 0, 0, 0});  // x = hi
    check(all_derivatives(f, 1.0, 2.0), 2.0, {0.0, 1.0}, {0, 0, 0, 0});  // below: lo = y
    check(all_derivatives(f, 5.0, 2.0), 3.0, {0.0, 0.0}, {0, 0, 0, 0});  // above: the constant
    // a clamped argument whose derivative outside the interval is infinite
    const auto g = ctdiff::sqrt(ctdiff::clamp(x, 1_c, 4_c));
    BOOST_TEST(ctdiff::grad(g, ctdiff::wrt(x), x = 0.0)[x] == 0.0);
    static_assert(ctdiff::clamp(x, 0_c, 1_c)(x = 0.25) == 0.25);
}

// ---- floor, ceil, trunc, round -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(rounding_matches_std_and_has_derivative_zero) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(-1e3, 1e3);
    std::vector<double> points = {0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.0, -0.0, 0.49999999999999994,
                                  -0.49999999999999994, 4503599627370495.5, -4503599627370495.5,
                                  4503599627370496.0, 1e300, -1e300, inf, -inf};
    for (int i = 0; i < 200; ++i) points.push_back(u(rng));
    for (double v : points)
        BOOST_TEST_CONTEXT("at " << v) {
            // bitwise equal, so the signs of zero count
            BOOST_TEST(std::bit_cast<std::uint64_t>(ctdiff::floor(x)(x = v)) == std::bit_cast<std::uint64_t>(std::floor(v)));
            BOOST_TEST(std::bit_cast<std::uint64_t>(ctdiff::ceil(x)(x = v)) == std::bit_cast<std::uint64_t>(std::ceil(v)));
            BOOST_TEST(std::bit_cast<std::uint64_t>(ctdiff::trunc(x)(x = v)) == std::bit_cast<std::uint64_t>(std::trunc(v)));
            BOOST_TEST(std::bit_cast<std::uint64_t>(ctdiff::round(x)(x = v)) == std::bit_cast<std::uint64_t>(std::round(v)));
            // the constexpr implementations agree with the run-time ones
            BOOST_TEST(std::bit_cast<std::uint64_t>(ctdiff::math::detail::floor_impl(v)) == std::bit_cast<std::uint64_t>(std::floor(v)));
            BOOST_TEST(std::bit_cast<std::uint64_t>(ctdiff::math::detail::ceil_impl(v)) == std::bit_cast<std::uint64_t>(std::ceil(v)));
            BOOST_TEST(std::bit_cast<std::uint64_t>(ctdiff::math::detail::trunc_impl(v)) == std::bit_cast<std::uint64_t>(std::trunc(v)));
            BOOST_TEST(std::bit_cast<std::uint64_t>(ctdiff::math::detail::round_impl(v)) == std::bit_cast<std::uint64_t>(std::round(v)));
        }
    static_assert(ctdiff::floor(x)(x = -2.5) == -3.0 && ctdiff::ceil(x)(x = -2.5) == -2.0);
    static_assert(ctdiff::round(x)(x = 2.5) == 3.0 && ctdiff::trunc(x)(x = -2.5) == -2.0);
    static_assert(ctdiff::round(x)(x = -2.5f) == -3.0f && ctdiff::floor(x)(x = 2.5L) == 2.0L);
    // exact constants fold: floor(-7/2) = -4, ceil(-7/2) = -3, round(-7/2) = -4, trunc(-7/2) = -3
    static_assert(std::is_same_v<decltype(ctdiff::floor(-3.5_c)), ctdiff::constant<ctdiff::rational{-4, 1}>>);
    static_assert(std::is_same_v<decltype(ctdiff::ceil(-3.5_c)), ctdiff::constant<ctdiff::rational{-3, 1}>>);
    static_assert(std::is_same_v<decltype(ctdiff::round(-3.5_c)), ctdiff::constant<ctdiff::rational{-4, 1}>>);
    static_assert(std::is_same_v<decltype(ctdiff::trunc(-3.5_c)), ctdiff::constant<ctdiff::rational{-3, 1}>>);
    // the derivative is an exact 0, which no sweep follows: an infinite partial below stays out
    const auto f = x + ctdiff::floor(ctdiff::pow(x, -1_c));
    check(all_derivatives(f + 0_c * y, 1e-200, 1.0), 1e-200 + std::floor(1e200), {1.0, 0.0}, {0, 0, 0, 0});
}

BOOST_AUTO_TEST_CASE(strong_zero_in_the_taken_branch_is_reverse_mode_only) {
    // documented in docs/math.md: reverse mode's strong zero below a select reaches a taken
    // branch's exact-0 adjoint; forward mode and d give 0 * inf = NaN, as the branch alone does
    const auto f = ctdiff::select(x >= 0_c, y * ctdiff::sqrt(x), x);
    const auto g = ctdiff::grad(f, ctdiff::wrt(x, y), x = 0.0, y = 0.0);
    BOOST_TEST(g[x] == 0.0);
    BOOST_TEST(g[y] == 0.0);
    BOOST_TEST(std::isnan(ctdiff::d(f, x)(x = 0.0, y = 0.0)));
    BOOST_TEST(std::isnan(ctdiff::grad(y * ctdiff::sqrt(x), ctdiff::wrt(x, y), x = 0.0, y = 0.0)[x]));
}

// ---- regressions: quotients above a select, tensor ops below one, constant evaluation ----------------

BOOST_AUTO_TEST_CASE(quotient_above_a_select) {
    // 1 / select(x >= 0, x, y) at x = 0: y is only in the untaken branch, and the quotient's
    // partial is infinite; d/dy is 0 in every mode (its own tangent rule is not used here)
    for (const auto& r : {all_derivatives(1_c / ctdiff::select(x >= 0_c, x, y), 0.0, 2.0),
                          all_derivatives(ctdiff::pow(ctdiff::select(x >= 0_c, x, y), -1_c), 0.0, 2.0)})
        for (std::size_t m = 0; m < r.first.size(); ++m) BOOST_TEST(r.first[m][1] == 0.0, "method " << m);
    // documented in docs/math.md: a zero partial above the select meets an infinite tangent
    const auto f = y * ctdiff::select(x >= 0_c, ctdiff::sqrt(x), x);
    const auto r = all_derivatives(f, 0.0, 0.0);
    for (std::size_t m = 0; m < r.first.size(); ++m) BOOST_TEST(r.first[m][0] == 0.0, "method " << m);
}

BOOST_AUTO_TEST_CASE(select_inside_an_untaken_branch) {
    // found by the fuzzer: the untaken branch sqrt(y^3 - 1) * select(x < 0, y, x) is NaN at
    // y = 0.5; the adjoint of sqrt(...) is then 0 * select(...), and the tangent of the strong
    // product 0 * (1 / (2 sqrt(...))) formed 0 * NaN, making the Hessian NaN (d twice was right)
    const auto c = y * y * y - 1_c;
    const auto s = ctdiff::select(x < 0_c, y, x);
    for (const auto& r : {all_derivatives(ctdiff::select(x < 0_c, c, ctdiff::sqrt(c) * s), -1.0, 0.5),
                          all_derivatives(ctdiff::select(x < 0_c, c, ctdiff::sqrt(c) / s), -1.0, 0.5),
                          all_derivatives(ctdiff::select(x < 0_c, c, ctdiff::sqrt(c) + s), -1.0, 0.5)})
        check(r, -0.875, {0.0, 0.75}, {0.0, 0.0, 0.0, 3.0});
    const auto f = ctdiff::select(x < 0_c, c, ctdiff::sqrt(c) * s);
    BOOST_TEST(ctdiff::hvp(f, ctdiff::wrt(x, y), std::array{0.0, 1.0}, x = -1.0, y = 0.5)[y] == 3.0);
}

BOOST_AUTO_TEST_CASE(tensor_op_below_a_select) {
    constexpr auto v = ctdiff::var<"v", ctdiff::shape<2>>;
    constexpr auto w = ctdiff::var<"w", ctdiff::shape<2>>;
    ctdiff::tensor<double, ctdiff::shape<2>> vv, wv;
    vv(0) = 1.0;
    vv(1) = 2.0;
    wv(0) = 0.0;  // log(0) = -inf in the untaken branch
    wv(1) = 1.0;
    const auto f = ctdiff::select(x > 0_c, x, ctdiff::dot(v, ctdiff::log(w)));
    const auto g = ctdiff::grad(f, ctdiff::wrt(x, v), x = 1.0, v = vv, w = wv);
    BOOST_TEST(g[x] == 1.0);
    BOOST_TEST(g[v](0) == 0.0);
    BOOST_TEST(g[v](1) == 0.0);
}

namespace {
constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
// an untaken branch that overflows (GCC rejects a finite overflow in constant evaluation)
static_assert(ctdiff::select(x < 1_c, x * x, x)(x = 1e200) == 1e200);
static_assert(ctdiff::select(x < 1_c, x + x, x)(x = 1e308) == 1e308);
static_assert(ctdiff::select(x > 1_c, 1_c / x, x)(x = 1e-310) == 1e-310);
// a NaN that is used stays NaN in constant evaluation (Clang rejects NaN arithmetic)
constexpr double max_of_nan = ctdiff::max(x, y)(x = nan_value, y = 1.0);
static_assert(max_of_nan != max_of_nan);
constexpr double taken_nan = ctdiff::grad(ctdiff::select(x > 0_c, x * y, y), ctdiff::wrt(x, y), x = 1.0, y = nan_value)[x];
static_assert(taken_nan != taken_nan);
}  // namespace
