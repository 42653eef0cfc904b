// Every op's first and second derivatives against central finite differences at many points.
#define BOOST_TEST_MODULE ctdiff_derivatives
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <limits>
#include <numbers>
#include <cmath>
#include <ctdiff/ctdiff.hpp>
#include <string>
#include <vector>

namespace {

using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;

std::vector<double> grid(double lo, double hi, int n) {
    std::vector<double> v;
    for (int i = 0; i < n; ++i) v.push_back(lo + (hi - lo) * (i + 0.5) / n);
    return v;
}

// Central differences: error O(h^2) for the first derivative, step ~ eps^(1/3) scaled to |v|.
template <class F>
double central_first(F f, double v) {
    const double h = 6e-6 * std::max(1.0, std::abs(v));
    return (f(v + h) - f(v - h)) / (2 * h);
}
template <class F>
double central_second(F f, double v) {
    const double h = 1e-4 * std::max(1.0, std::abs(v));
    return (f(v + h) - 2 * f(v) + f(v - h)) / (h * h);
}

bool near(double got, double want, double rel) {
    return std::abs(got - want) <= rel * std::max(1.0, std::abs(want));
}

// f is a unary expression in x; check d f / dx and d^2 f / dx^2 on the points.
template <class F>
void check_unary(const char* name, F f, const std::vector<double>& points) {
    const auto df = ctdiff::d(f, x);
    const auto d2f = ctdiff::d(f, x, x);
    for (double v : points) {
        auto value = [&](double p) { return f(x = p); };
        auto slope = [&](double p) { return df(x = p); };
        BOOST_TEST_CONTEXT(name << " at x = " << v << ": d = " << ctdiff::to_string(df)) {
            BOOST_TEST(near(df(x = v), central_first(value, v), 1e-7));
            BOOST_TEST(near(d2f(x = v), central_first(slope, v), 1e-6));
            BOOST_TEST(near(d2f(x = v), central_second(value, v), 1e-4));
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(elementary_functions) {
    const auto everywhere = grid(-3.0, 3.0, 41);
    const auto positive = grid(0.05, 6.0, 41);
    check_unary("exp", ctdiff::exp(x), everywhere);
    check_unary("log", ctdiff::log(x), positive);
    check_unary("sqrt", ctdiff::sqrt(x), positive);
    check_unary("sin", ctdiff::sin(x), everywhere);
    check_unary("cos", ctdiff::cos(x), everywhere);
    check_unary("tan", ctdiff::tan(x), grid(-1.3, 1.3, 41));
    check_unary("tanh", ctdiff::tanh(x), everywhere);
    check_unary("sigmoid", ctdiff::sigmoid(x), grid(-8.0, 8.0, 41));
    check_unary("softplus", ctdiff::softplus(x), grid(-8.0, 8.0, 41));
}

BOOST_AUTO_TEST_CASE(inverse_and_special_functions) {
    const auto everywhere = grid(-3.0, 3.0, 41);
    const auto inside_unit = grid(-0.95, 0.95, 41);
    check_unary("atan", ctdiff::atan(x), everywhere);
    check_unary("asin", ctdiff::asin(x), inside_unit);
    check_unary("acos", ctdiff::acos(x), inside_unit);
    check_unary("asinh", ctdiff::asinh(x), everywhere);
    check_unary("acosh", ctdiff::acosh(x), grid(1.05, 6.0, 41));
    check_unary("atanh", ctdiff::atanh(x), inside_unit);
    check_unary("exp2", ctdiff::exp2(x), everywhere);
    check_unary("log2", ctdiff::log2(x), grid(0.05, 6.0, 41));
    check_unary("log10", ctdiff::log10(x), grid(0.05, 6.0, 41));
    check_unary("cbrt", ctdiff::cbrt(x), grid(0.05, 6.0, 41));
    check_unary("cbrt of negatives", ctdiff::cbrt(x), grid(-6.0, -0.05, 41));
    check_unary("erf", ctdiff::erf(x), everywhere);
    check_unary("erfc", ctdiff::erfc(x), everywhere);
    check_unary("atan2(x, 2)", ctdiff::atan2(x, 2_c), everywhere);
    check_unary("atan2(2, x)", ctdiff::atan2(2_c, x), everywhere);
    check_unary("atan2(-1, x)", ctdiff::atan2(-1_c, x), everywhere);  // through the branch cut at x < 0
    check_unary("hypot(x, 1.5)", ctdiff::hypot(x, 1.5_c), everywhere);
    check_unary("hypot(3, x)", ctdiff::hypot(3_c, x), everywhere);
}

BOOST_AUTO_TEST_CASE(inverse_and_special_functions_at_their_edges) {
    const double inf = std::numeric_limits<double>::infinity();
    // derivatives that are infinite where the function is finite
    BOOST_TEST(ctdiff::d(ctdiff::asin(x), x)(x = 1.0) == inf);
    BOOST_TEST(ctdiff::d(ctdiff::acos(x), x)(x = -1.0) == -inf);
    BOOST_TEST(ctdiff::d(ctdiff::atanh(x), x)(x = 1.0) == inf);
    BOOST_TEST(ctdiff::d(ctdiff::acosh(x), x)(x = 1.0) == inf);
    BOOST_TEST(ctdiff::d(ctdiff::cbrt(x), x)(x = 0.0) == inf);
    // derivatives kept in range where the textbook formula overflows
    BOOST_TEST(near(ctdiff::d(ctdiff::asinh(x), x)(x = 1e200), 1e-200, 1e-15));
    BOOST_TEST(near(ctdiff::d(ctdiff::acosh(x), x)(x = 1e200) * 1e200, 1.0, 1e-15));
    BOOST_TEST(near(ctdiff::d(ctdiff::atan2(y, x), y)(x = 1e200, y = 1e199) * 1e200, 1.0 / 1.01, 1e-15));
    BOOST_TEST(near(ctdiff::d(ctdiff::atan2(y, x), x)(x = 1e-200, y = 1e-200) * 1e-200, -0.5, 1e-15));
    // hypot at the origin: 0, as abs'(0)
    const auto g = ctdiff::grad(ctdiff::hypot(x, y), ctdiff::wrt(x, y), x = 0.0, y = 0.0);
    BOOST_TEST(g[x] == 0.0);
    BOOST_TEST(g[y] == 0.0);
    // atan2's gradient is the same in every mode, and its mixed partials are symmetric
    const auto f = ctdiff::atan2(y, x);
    for (double xv : grid(-2.0, 2.0, 8))
        for (double yv : grid(-2.0, 2.0, 8)) {
            const double h2 = xv * xv + yv * yv;
            const auto gr = ctdiff::grad(f, ctdiff::wrt(x, y), x = xv, y = yv);
            BOOST_TEST(near(gr[x], -yv / h2, 1e-15));
            BOOST_TEST(near(gr[y], xv / h2, 1e-15));
            const auto H = ctdiff::hessian(f, ctdiff::wrt(x, y), x = xv, y = yv);
            BOOST_TEST(near(H(x, y), (yv * yv - xv * xv) / (h2 * h2), 1e-13));
            BOOST_TEST(near(H(x, x), 2 * xv * yv / (h2 * h2), 1e-13));
        }
    static_assert(ctdiff::d(ctdiff::atan(x), x)(x = 1.0) == 0.5);
    static_assert(ctdiff::d(ctdiff::log2(x), x)(x = 1.0) * ctdiff::math::ln2_v<double> == 1.0);
    static_assert(ctdiff::erf(x)(x = 0.0) == 0.0 && ctdiff::d(ctdiff::erf(x), x)(x = 0.0) == 2.0 * std::numbers::inv_sqrtpi);
}

// the ops the derivatives are written with compare as what they compute (ctdiff::equal)
static_assert(ctdiff::equal(ctdiff::d(ctdiff::asin(x), x), 1_c / ctdiff::sqrt(1_c - x * x)));
static_assert(ctdiff::equal(ctdiff::d(ctdiff::acos(x), x), -1_c / ctdiff::sqrt(1_c - x * x)));
static_assert(ctdiff::equal(ctdiff::d(ctdiff::atanh(x), x), 1_c / (1_c - x * x)));
static_assert(ctdiff::equal(ctdiff::d(ctdiff::hypot(x, y), x), x / ctdiff::hypot(x, y)));

BOOST_AUTO_TEST_CASE(second_derivatives_without_cancellation) {
    // found by the fuzzer: where the product or quotient rule subtracts nearly equal terms, the
    // ops give their derivatives as products instead (one_minus_square, hypot_ratio); hand
    // derivations in long double as the reference, relative error a few ulps
    const auto close = [](double got, long double want) {
        return std::fabs(static_cast<long double>(got) - want) <= 8 * 0x1p-53L * std::fabs(want);
    };
    for (double u : {1e-9, 1e-5, 0.01, 0.3, -0.7, 0.999999}) {
        const long double v = u, q = (1 - v) * (1 + v);
        BOOST_TEST(close(ctdiff::d(ctdiff::asin(x), x, x)(x = u), v / (q * std::sqrt(q))), "asin'' at " << u);
        BOOST_TEST(close(ctdiff::d(ctdiff::acos(x), x, x)(x = u), -v / (q * std::sqrt(q))), "acos'' at " << u);
        BOOST_TEST(close(ctdiff::d(ctdiff::atanh(x), x, x)(x = u), 2 * v / (q * q)), "atanh'' at " << u);
        BOOST_TEST(close(ctdiff::hessian(ctdiff::asin(x), ctdiff::wrt(x), x = u).at(0, 0), v / (q * std::sqrt(q))));
    }
    // hypot(x, y): d2/dx2 = y^2 / h^3, d2/dy2 = x^2 / h^3, d2/dxdy = -xy / h^3, at |y| << |x| too
    const auto f = ctdiff::hypot(x, y);
    for (double yv : {1e-9, 1e-4, 0.5, -3.0})
        for (double xv : {1.0, -2.5}) {
            const long double a = xv, b = yv, h = std::hypot(a, b), h3 = h * h * h;
            const auto H = ctdiff::hessian(f, ctdiff::wrt(x, y), x = xv, y = yv);
            BOOST_TEST_CONTEXT("hypot at (" << xv << ", " << yv << ")") {
                BOOST_TEST(close(H(x, x), b * b / h3));
                BOOST_TEST(close(H(y, y), a * a / h3));
                BOOST_TEST(close(H(x, y), -a * b / h3));
                BOOST_TEST(close(ctdiff::d(f, x, x)(x = xv, y = yv), b * b / h3));
                BOOST_TEST(close(ctdiff::d(f, y, y)(x = yv, y = xv), b * b / h3));  // arguments swapped
            }
        }
    // at the origin the second derivatives are 0, as the first are (hypot(x, 0) = |x|)
    const auto H0 = ctdiff::hessian(f, ctdiff::wrt(x, y), x = 0.0, y = 0.0);
    BOOST_TEST(H0(x, x) == 0.0);
    BOOST_TEST(H0(x, y) == 0.0);
}

BOOST_AUTO_TEST_CASE(kinked_functions_away_from_the_kink) {
    // grid points never hit 0 exactly (odd count, offset by half a step)
    const auto points = grid(-3.0, 3.0, 40);
    check_unary("relu", ctdiff::relu(x), points);
    check_unary("abs", ctdiff::abs(x), points);
    check_unary("relu(x^3)", ctdiff::relu(ctdiff::pow(x, 3_c)), points);
}

BOOST_AUTO_TEST_CASE(kinks_take_derivative_zero) {
    BOOST_TEST(ctdiff::d(ctdiff::relu(x), x)(x = 0.0) == 0.0);
    BOOST_TEST(ctdiff::d(ctdiff::abs(x), x)(x = 0.0) == 0.0);
    BOOST_TEST(ctdiff::d(ctdiff::relu(x), x)(x = 1e-300) == 1.0);
    BOOST_TEST(ctdiff::d(ctdiff::abs(x), x)(x = -1e-300) == -1.0);
    BOOST_TEST(ctdiff::relu(x)(x = -2.0) == 0.0);
    BOOST_TEST(std::isnan(ctdiff::relu(x)(x = std::nan(""))));
    BOOST_TEST(std::isnan(ctdiff::d(ctdiff::abs(x), x)(x = std::nan(""))));
}

BOOST_AUTO_TEST_CASE(powers) {
    const auto positive = grid(0.1, 4.0, 41);
    const auto everywhere = grid(-3.0, 3.0, 40);
    check_unary("x^2", ctdiff::pow(x, 2_c), everywhere);
    check_unary("x^5", ctdiff::pow(x, 5_c), everywhere);
    check_unary("x^-2", ctdiff::pow(x, -2_c), everywhere);
    check_unary("x^(1/2)", ctdiff::pow(x, 0.5_c), positive);
    check_unary("x^(-1/2)", ctdiff::pow(x, -0.5_c), positive);
    check_unary("x^(3/7)", ctdiff::pow(x, 3_c / 7_c), positive);
    check_unary("x^x", ctdiff::pow(x, x), positive);
    check_unary("2^x", ctdiff::pow(2_c, x), everywhere);
    check_unary("pi^x", ctdiff::pow(ctdiff::pi, x), everywhere);
    check_unary("(3x+1)^2", ctdiff::pow(3_c * x + 1_c, 2_c), everywhere);
}

BOOST_AUTO_TEST_CASE(arithmetic_and_compositions) {
    const auto everywhere = grid(-3.0, 3.0, 40);
    check_unary("x*sin(x)", x * ctdiff::sin(x), everywhere);
    check_unary("sin(x)/(2+cos(x))", ctdiff::sin(x) / (2_c + ctdiff::cos(x)), everywhere);
    check_unary("-exp(-x^2)", -ctdiff::exp(-ctdiff::pow(x, 2_c)), everywhere);
    check_unary("x - tanh(3x)", x - ctdiff::tanh(3_c * x), everywhere);
    check_unary("sigmoid(tanh(x)*e)", ctdiff::sigmoid(ctdiff::tanh(x) * ctdiff::e), everywhere);
    check_unary("log(1 + x^2)", ctdiff::log(1_c + ctdiff::pow(x, 2_c)), everywhere);
    check_unary("1/(x^2 + 1)", 1_c / (ctdiff::pow(x, 2_c) + 1_c), everywhere);
    check_unary("sqrt(softplus(x))", ctdiff::sqrt(ctdiff::softplus(x)), everywhere);
}

BOOST_AUTO_TEST_CASE(binary_ops_partials_and_mixed_second_derivatives) {
    const auto a = x * y;
    const auto q = x / y;
    const auto p = ctdiff::pow(x, y);
    const auto s = ctdiff::sin(x * y) + x - y;
    const auto check = [](const char* name, auto f, double xv, double yv) {
        const auto fx = ctdiff::d(f, x);
        const auto fy = ctdiff::d(f, y);
        const auto fxy = ctdiff::d(f, x, y);
        const auto fyx = ctdiff::d(f, y, x);
        auto along_x = [&](double v) { return f(x = v, y = yv); };
        auto along_y = [&](double v) { return f(x = xv, y = v); };
        auto fx_along_y = [&](double v) { return fx(x = xv, y = v); };
        BOOST_TEST_CONTEXT(name << " at (" << xv << ", " << yv << ")") {
            BOOST_TEST(near(fx(x = xv, y = yv), central_first(along_x, xv), 1e-7));
            BOOST_TEST(near(fy(x = xv, y = yv), central_first(along_y, yv), 1e-7));
            BOOST_TEST(near(fxy(x = xv, y = yv), central_first(fx_along_y, yv), 1e-6));
            BOOST_TEST(near(fxy(x = xv, y = yv), fyx(x = xv, y = yv), 1e-12));  // symmetry
        }
    };
    for (double xv : grid(0.2, 3.0, 9))
        for (double yv : grid(-2.0, 2.0, 8)) {
            check("x*y", a, xv, yv);
            check("x/y", q, xv, yv);
            check("x^y", p, xv, yv);
            check("sin(xy) + x - y", s, xv, yv);
        }
}
