// Regression tests for derivatives at the edges of the double range and at structural zeros:
// each case was once wrong (NaN where the derivative is finite, a finite wrong value, or a build
// that stopped), and each expected value is derived by hand here, evaluated with std:: in long
// double, never read from ctdiff. Every mode is checked: gradient (reverse), Jacobian in forward
// and reverse mode, jvp, symbolic d, and the Hessian where the case is about second derivatives.
#define BOOST_TEST_MODULE ctdiff_edge_cases
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <ctdiff/ctdiff.hpp>
#include <limits>
#include <tuple>

namespace {

using namespace ctdiff::literals;
using ctdiff::pow;
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;

constexpr double inf = std::numeric_limits<double>::infinity();

/// The gradient of f with respect to (x, y) at (a, b) by every first-order method.
struct first_order {
    double grad[2], jacobian_forward[2], jacobian_reverse[2], jvp[2], symbolic[2];
};
template <class F>
first_order all_gradients(F f, double a, double b) {
    first_order r{};
    const auto g = ctdiff::grad(f, ctdiff::wrt(x, y), x = a, y = b);
    const auto jf = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(f, ctdiff::wrt(x, y), x = a, y = b);
    const auto jr = ctdiff::jacobian<ctdiff::jacobian_mode::reverse>(f, ctdiff::wrt(x, y), x = a, y = b);
    const std::array<double, 2> ex{1.0, 0.0}, ey{0.0, 1.0};
    r.grad[0] = g[x];
    r.grad[1] = g[y];
    r.jacobian_forward[0] = jf.at(0, 0);
    r.jacobian_forward[1] = jf.at(0, 1);
    r.jacobian_reverse[0] = jr.at(0, 0);
    r.jacobian_reverse[1] = jr.at(0, 1);
    r.jvp[0] = ctdiff::jvp(f, ctdiff::wrt(x, y), ex, x = a, y = b).tangent;
    r.jvp[1] = ctdiff::jvp(f, ctdiff::wrt(x, y), ey, x = a, y = b).tangent;
    r.symbolic[0] = ctdiff::d(f, x)(x = a, y = b);
    r.symbolic[1] = ctdiff::d(f, y)(x = a, y = b);
    return r;
}
void check_all(const first_order& r, double dx, double dy) {
    for (const double* v : {r.grad, r.jacobian_forward, r.jacobian_reverse, r.jvp, r.symbolic}) {
        BOOST_TEST(v[0] == dx);
        BOOST_TEST(v[1] == dy);
    }
}

bool close(long double got, long double want, long double rel) {
    return std::fabs(got - want) <= rel * std::fabs(want);
}

}  // namespace

// ---- derivatives that are zero by construction ---------------------------------------------------
// step and sign have the exact derivative 0; the edge into their argument carries nothing, even
// where the argument's own partial is infinite (pow(x, -1) at 1e-200 overflows its derivative).

BOOST_AUTO_TEST_CASE(step_of_an_overflowing_argument) {
    // d/dx (x + step(1/x)) = 1; d/dy (y-free) = 0
    check_all(all_gradients(x + ctdiff::step(pow(x, -1_c)) + 0_c * y, 1e-200, 1.0), 1.0, 0.0);
}

BOOST_AUTO_TEST_CASE(step_of_pow_with_huge_exponent) {
    // x * step(x^y) at (0.5, -2000): x^y = 2^2000 = inf; d/dx = step(inf) = 1, d/dy = 0
    check_all(all_gradients(x * ctdiff::step(pow(x, y)), 0.5, -2000.0), 1.0, 0.0);
}

BOOST_AUTO_TEST_CASE(sign_of_an_overflowing_argument) {
    check_all(all_gradients(x + ctdiff::sign(pow(x, -1_c)) + y, 1e-200, 1.0), 1.0, 1.0);
}

BOOST_AUTO_TEST_CASE(step_with_nan_argument_derivative) {
    // step((x - 0.1)^tan(x - 0.1)) at x = 0.1 + 1e-300: the argument's derivative is not finite,
    // step's is 0, so the whole derivative of x * step(...) is step(...) (= 1, the base^exp is 1).
    const double a = 0.1 + 1e-17;
    const auto f = x * ctdiff::step(pow(x - 0.1_c, ctdiff::tan(x - 0.1_c))) + 0_c * y;
    const double s = std::pow(a - 0.1, std::tan(a - 0.1)) > 0 ? 1.0 : 0.0;
    check_all(all_gradients(f, a, 1.0), s, 0.0);
}

// A zero edge is pruned at compile time, so this holds in constant evaluation too.
static_assert(ctdiff::grad(x + ctdiff::step(pow(x, -1_c)), ctdiff::wrt(x), x = 1e-200)[x] == 1.0);

// ---- quotients whose intermediate terms leave the double range -----------------------------------
// The tangent of u / v is formed as (du - (u/v) dv) / v, the division last.

BOOST_AUTO_TEST_CASE(second_derivative_of_x_over_exp_y4) {
    // f = x exp(-y^4): f_yy = x exp(-y^4) (16 y^6 - 12 y^2)
    const long double a = 4.857L, b = 4.019L;
    const long double want = a * std::exp(-b * b * b * b) * (16 * std::pow(b, 6.0L) - 12 * b * b);
    const auto f = x / ctdiff::exp(y * y * y * y);
    const auto H = ctdiff::hessian(f, ctdiff::wrt(x, y), x = double(a), y = double(b));
    BOOST_TEST(close(H(y, y), want, 1e-12L));
    BOOST_TEST(close(ctdiff::d(f, y, y)(x = double(a), y = double(b)), want, 1e-12L));
}

BOOST_AUTO_TEST_CASE(second_derivative_of_x_over_exp_y) {
    // f = x exp(-y): f_yy = x exp(-y) = 2.67e-109 at (1, 250); (x/b)/b alone would be 2e-326
    const long double want = std::exp(-250.0L);
    const auto f = x / ctdiff::exp(y);
    const auto H = ctdiff::hessian(f, ctdiff::wrt(x, y), x = 1.0, y = 250.0);
    BOOST_TEST(close(H(y, y), want, 1e-13L));
    BOOST_TEST(close(ctdiff::d(f, y, y)(x = 1.0, y = 250.0), want, 1e-13L));
    const std::array<double, 2> v{0.0, 1.0};
    const auto hv = ctdiff::hvp(f, ctdiff::wrt(x, y), v, x = 1.0, y = 250.0);
    BOOST_TEST(close(hv[y], want, 1e-13L));
}

BOOST_AUTO_TEST_CASE(first_derivative_of_x_over_y_cubed_forward) {
    // f = x / y^3 at y = 1e60: f_y = -3 x / y^4 = -3e-240. Forward mode and symbolic d form it in
    // range. (The reverse sweep stores df/d(y^3) = -1e-360, below the smallest double: the
    // documented limit of reverse mode, docs/math.md.)
    const auto f = x / pow(y, 3_c);
    const std::array<double, 2> ey{0.0, 1.0};
    BOOST_TEST(close(ctdiff::jvp(f, ctdiff::wrt(x, y), ey, x = 1.0, y = 1e60).tangent, -3e-240L, 1e-14L));
    BOOST_TEST(close(ctdiff::d(f, y)(x = 1.0, y = 1e60), -3e-240L, 1e-14L));
    // the value-level tangent sweep scales a quotient's summed tangent by 1/v once
    const auto J = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(f, ctdiff::wrt(x, y), x = 1.0, y = 1e60);
    BOOST_TEST(close(J.at(0, 1), -3e-240L, 1e-14L));
}

BOOST_AUTO_TEST_CASE(quotient_by_a_huge_exponential_forward_mode) {
    // f = |2(x + 2) + y| / exp(-(x + 2)) at x = -596: f = |A| e^(x+2) ~ 1e-255, f_x = (|A| - 2) e^(x+2)
    // (A = -2(x + 2) - y > 0). The quotient's partial (u/v)/v = 2e-513 is below the double range;
    // forward mode sums before it scales.
    const double a = -596.02859008171936, b = -0.0096062481069129398;
    const long double A = -2 * ((long double)a + 2) - b;
    const long double want = (A - 2) * std::exp((long double)a + 2);
    const auto f = ctdiff::abs(-(x + 2_c) + -(x + 2_c) - y) / ctdiff::exp(-(x + 2_c));
    const auto J = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(f, ctdiff::wrt(x, y), x = a, y = b);
    BOOST_TEST(close(J.at(0, 0), want, 1e-12L));
    const std::array<double, 2> ex{1.0, 0.0};
    BOOST_TEST(close(ctdiff::jvp(f, ctdiff::wrt(x, y), ex, x = a, y = b).tangent, want, 1e-12L));
    BOOST_TEST(close(ctdiff::d(f, x)(x = a, y = b), want, 1e-12L));
}

// ---- powers at 0 ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(pow_with_zero_base) {
    // 0^y = 0 for y > 0: every derivative along y is 0 (PyTorch and JAX agree); d/dx x^y at 0 is
    // y 0^(y-1): 1 for y = 1, 0 for y = 2.
    check_all(all_gradients(pow(x, y), 0.0, 1.0), 1.0, 0.0);
    check_all(all_gradients(pow(x, y), 0.0, 2.0), 0.0, 0.0);
    const auto H = ctdiff::hessian(pow(0_c, y) + x, ctdiff::wrt(x, y), x = 1.0, y = 1.0);
    BOOST_TEST(H(y, y) == 0.0);
    BOOST_TEST(ctdiff::grad(pow(0_c, y), ctdiff::wrt(y), y = 1.0)[y] == 0.0);
    BOOST_TEST(ctdiff::d(pow(0_c, y), y, y)(y = 1.0) == 0.0);
    BOOST_TEST(ctdiff::hessian(pow(x - x, y), ctdiff::wrt(x, y), x = 1.0, y = 1.0)(y, y) == 0.0);
}

BOOST_AUTO_TEST_CASE(pow_at_zero_follows_std) {
    // (-0)^(-1/2) is +inf as std::pow says (1 / sqrt(-0) would be -inf)
    BOOST_TEST(pow(x, -0.5_c)(x = -0.0) == std::pow(-0.0, -0.5));
    BOOST_TEST(pow(x, -0.5_c)(x = 0.0) == inf);
    // d sqrt(u) at +0 is +inf; at -0 it is 1 / (2 * (-0)) = -inf, for sqrt and pow(u, 1/2) alike
    BOOST_TEST(ctdiff::grad(pow(x, 0.5_c), ctdiff::wrt(x), x = 0.0)[x] == inf);
    BOOST_TEST(ctdiff::grad(ctdiff::sqrt(x), ctdiff::wrt(x), x = 0.0)[x] == inf);
    BOOST_TEST(ctdiff::grad(pow(x, 0.5_c), ctdiff::wrt(x), x = -0.0)[x] == -inf);
    BOOST_TEST(ctdiff::grad(ctdiff::sqrt(x), ctdiff::wrt(x), x = -0.0)[x] == -inf);
}

BOOST_AUTO_TEST_CASE(xlogy_is_zero_at_zero) {
    // xlogy(a, b) = a log b, 0 where a = 0 unless b is NaN
    BOOST_TEST(ctdiff::xlogy(x, y)(x = 0.0, y = 0.0) == 0.0);
    BOOST_TEST(std::isnan(ctdiff::xlogy(x, y)(x = 0.0, y = std::nan(""))));
    BOOST_TEST(ctdiff::xlogy(x, y)(x = 2.0, y = 3.0) == 2.0 * std::log(3.0));
    // d/da = log b, d/db = a / b
    check_all(all_gradients(ctdiff::xlogy(x, y), 2.0, 3.0), std::log(3.0), 2.0 / 3.0);
}

// ---- simplification never changes a value at a finite argument ----------------------------------

BOOST_AUTO_TEST_CASE(simplification_keeps_nan_at_finite_arguments) {
    BOOST_TEST(std::isnan((x / x)(x = 0.0)));                       // not 1
    BOOST_TEST((x / x)(x = 3.0) == 1.0);
    BOOST_TEST(std::isnan(pow(ctdiff::sqrt(x), 2_c)(x = -1.0)));    // not -1
    BOOST_TEST(std::isnan(pow(pow(x, 1.5_c), 2_c)(x = -4.0)));      // not -64
    BOOST_TEST(pow(pow(x, 2_c), 3_c)(x = -2.0) == 64.0);            // integer powers still merge
    static_assert(std::is_same_v<decltype(pow(pow(x, 2_c), 3_c)), decltype(pow(x, 6_c))>);
    // structural zeros (documented): x - x and 0 * x are exactly 0, also at inf and NaN
    static_assert(std::is_same_v<decltype(x - x), decltype(0_c)>);
}

// ---- constants that do not fold exactly ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(unfoldable_constants_evaluate_in_floating_point) {
    BOOST_TEST((1_c / (x - x) + x)(x = 1.0) == inf);                 // 1/0: a node, not an error
    BOOST_TEST((pow(10_c, 30_c) * x)(x = 1.0) == 1e30);               // beyond 62 bits
    BOOST_TEST(((1e18_c * 1e18_c) + x)(x = 0.0) == 1e36);
    BOOST_TEST(std::isinf((x / 0_c)(x = 1.0)));
    BOOST_TEST(ctdiff::d(ctdiff::log(x - x), x, x)(x = 1.0) == 0.0);  // a constant's derivative
}

// ---- several expressions evaluated at once ------------------------------------------------------

BOOST_AUTO_TEST_CASE(evaluate_a_tuple) {
    const auto [product, sum, twice] =
        ctdiff::evaluate(std::tuple{x * y, x + y, 2_c * (x * y)}, x = 2.0, y = 3.0);
    BOOST_TEST(product == 6.0);
    BOOST_TEST(sum == 5.0);
    BOOST_TEST(twice == 12.0);
    constexpr auto both = ctdiff::evaluate(std::tuple{x * y, x - y}, x = 2.0, y = 3.0);
    static_assert(std::get<0>(both) == 6.0 && std::get<1>(both) == -1.0);
}

// ---- negative powers and xlogy, grouped like quotients -------------------------------------------

BOOST_AUTO_TEST_CASE(second_derivative_of_a_reciprocal_of_a_huge_value) {
    // f = exp(z)^-1 = e^-z at z = 324: f'' = e^-z; the term 2 u^-3 du^2 alone underflows
    // (u^-3 = 1e-423), which left -e^-z: the wrong sign
    const long double want = std::exp(-324.0L);
    const auto f = pow(ctdiff::exp(y), -1_c) + 0_c * x;
    BOOST_TEST(close(ctdiff::hessian(f, ctdiff::wrt(x, y), x = 0.0, y = 324.0)(y, y), want, 1e-13L));
    BOOST_TEST(close(ctdiff::d(f, y, y)(x = 0.0, y = 324.0), want, 1e-13L));
    const auto J = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(f, ctdiff::wrt(x, y), x = 0.0, y = 324.0);
    BOOST_TEST(close(J.at(0, 1), -want, 1e-13L));
}

BOOST_AUTO_TEST_CASE(second_derivative_of_an_inverse_square_root) {
    // f = ((B y)^2)^(-1/2) = 1 / (B y) with B = e^170 - ish: f_yy = 2 / (B y^3); was -1/2 of it
    const double z = 170.0, yv = 1.3;
    const long double B = std::expm1(std::log1p(std::exp((long double)z)));
    const long double want = 2 / (B * yv * yv * yv);
    const auto b = ctdiff::expm1(ctdiff::softplus(x));
    const auto f = pow((b * y) * (b * y), -0.5_c);
    BOOST_TEST(close(ctdiff::hessian(f, ctdiff::wrt(x, y), x = z, y = yv)(y, y), want, 1e-12L));
    BOOST_TEST(close(ctdiff::d(f, y, y)(x = z, y = yv), want, 1e-12L));
}

BOOST_AUTO_TEST_CASE(xlogy_with_huge_arguments) {
    // xlogy(e^y, e^y) = y e^y at y = 605: d/dy = (y + 1) e^y = 2.2e265; (u dv) / v overflowed
    const long double want = 606.0L * std::exp(605.0L);
    const auto f = ctdiff::xlogy(ctdiff::exp(y), ctdiff::exp(y)) + 0_c * x;
    BOOST_TEST(close(ctdiff::d(f, y)(x = 0.0, y = 605.0), want, 1e-12L));
    const std::array<double, 2> ey{0.0, 1.0};
    BOOST_TEST(close(ctdiff::jvp(f, ctdiff::wrt(x, y), ey, x = 0.0, y = 605.0).tangent, want, 1e-12L));
}
