// Reverse mode, forward mode and symbolic d must agree with each other and with central finite
// differences, on a corpus of expressions (the seeds' examples, shared subexpressions, deep
// compositions, several variables, every op); Hessians are symmetric and match finite
// differences of the gradient.
#define BOOST_TEST_MODULE ctdiff_reverse_mode
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <ctdiff/ctdiff.hpp>
#include <tuple>

namespace {

using namespace ctdiff::literals;
using ctdiff::pow;
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto z = ctdiff::var<"z">;

using point = std::array<double, 3>;
constexpr std::array<point, 5> points{{{0.3, 0.7, 1.1}, {1.2, 0.4, 0.9}, {0.8, 1.3, 0.25},
                                       {0.55, 0.95, 1.45}, {1.4, 1.1, 0.6}}};

double ulp_rel(double a, double b) {
    return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-300});
}
bool agree(double a, double b, double rel) {  // relative, with an absolute floor near 0
    return std::abs(a - b) <= rel * std::max({1.0, std::abs(a), std::abs(b)});
}

template <class F>
double at(F f, const point& p) {
    return f(x = p[0], y = p[1], z = p[2]);
}

template <class F>
void check(const char* name, F f) {
    const auto fx = ctdiff::d(f, x);
    const auto fy = ctdiff::d(f, y);
    const auto fz = ctdiff::d(f, z);
    for (const point& p : points) {
        BOOST_TEST_CONTEXT(name << " at (" << p[0] << ", " << p[1] << ", " << p[2] << ")") {
            const auto [value, g] =
                ctdiff::value_and_grad(f, ctdiff::wrt(x, y, z), x = p[0], y = p[1], z = p[2]);
            const std::array<double, 3> reverse{g[x], g[y], g[z]};
            const std::array<double, 3> symbolic{at(fx, p), at(fy, p), at(fz, p)};
            BOOST_TEST(ulp_rel(value, at(f, p)) <= 4e-16);
            for (std::size_t k = 0; k < 3; ++k) {
                std::array<double, 3> e{};
                e[k] = 1.0;
                const auto forward =
                    ctdiff::jvp(f, ctdiff::wrt(x, y, z), e, x = p[0], y = p[1], z = p[2]);
                // finite differences, step ~ eps^(1/3): truncation and rounding both ~1e-10
                point hi = p, lo = p;
                const double h = 6e-6;
                hi[k] += h;
                lo[k] -= h;
                const double fd = (at(f, hi) - at(f, lo)) / (2 * h);
                BOOST_TEST_CONTEXT("d/d" << "xyz"[k] << ": reverse " << reverse[k] << ", symbolic "
                                         << symbolic[k] << ", forward " << forward.tangent
                                         << ", finite difference " << fd) {
                    // the three AD methods evaluate different but equivalent expressions:
                    // they agree to rounding (a few ulp, amplified by cancellation)
                    BOOST_TEST(agree(reverse[k], symbolic[k], 1e-13));
                    BOOST_TEST(agree(reverse[k], forward.tangent, 1e-13));
                    BOOST_TEST(forward.value == value);
                    BOOST_TEST(agree(reverse[k], fd, 2e-7));
                }
            }
            // Hessian: symmetric, and column k equals the finite difference of the gradient
            const auto H = ctdiff::hessian(f, ctdiff::wrt(x, y, z), x = p[0], y = p[1], z = p[2]);
            for (std::size_t k = 0; k < 3; ++k) {
                point hi = p, lo = p;
                const double h = 6e-6;
                hi[k] += h;
                lo[k] -= h;
                const auto ghi = ctdiff::grad(f, ctdiff::wrt(x, y, z), x = hi[0], y = hi[1], z = hi[2]);
                const auto glo = ctdiff::grad(f, ctdiff::wrt(x, y, z), x = lo[0], y = lo[1], z = lo[2]);
                const auto [hx, hy, hz] = ghi;
                const auto [lx, ly, lz] = glo;
                const std::array<double, 3> gh{hx, hy, hz}, gl{lx, ly, lz};
                for (std::size_t i = 0; i < 3; ++i) {
                    const double fd = (gh[i] - gl[i]) / (2 * h);
                    BOOST_TEST_CONTEXT("H(" << i << ", " << k << ") = " << H.at(i, k) << ", fd " << fd) {
                        BOOST_TEST(H.at(i, k) == H.at(k, i));
                        BOOST_TEST(agree(H.at(i, k), fd, 2e-6));
                    }
                }
            }
            // Hessian-vector product equals H v
            const std::array<double, 3> v{0.5, -1.25, 2.0};
            const auto hv = ctdiff::hvp(f, ctdiff::wrt(x, y, z), v, x = p[0], y = p[1], z = p[2]);
            const std::array<double, 3> hvs{hv[x], hv[y], hv[z]};
            for (std::size_t i = 0; i < 3; ++i) {
                const double expected = H.at(i, 0) * v[0] + H.at(i, 1) * v[1] + H.at(i, 2) * v[2];
                BOOST_TEST(agree(hvs[i], expected, 1e-12));
            }
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(seeds) {
    check("cake 2x^2 + 3", 2_c * pow(x, 2_c) + 3_c);
    check("(3x + 1)^2", pow(3_c * x + 1_c, 2_c));
    check("(3x + 2)^2", pow(3_c * x + 2_c, 2_c));
    check("tiny network ((y x)^2 - z)^2", pow(pow(y * x, 2_c) - z, 2_c));
    check("sigmoid neuron (sigmoid(y x + z) - 1)^2", pow(ctdiff::sigmoid(y * x + z) - 1_c, 2_c));
}

BOOST_AUTO_TEST_CASE(shared_subexpressions) {
    constexpr auto u = x * y;
    check("sin(u) u + exp(u)", ctdiff::sin(u) * u + ctdiff::exp(u));
    constexpr auto t = ctdiff::tanh(x + y);
    check("t^3 + t / z", t * t * t + t / z);
    constexpr auto s = ctdiff::sigmoid(x - z);
    check("s (1 - s) + log(s)", s * (1_c - s) + ctdiff::log(s));
    constexpr auto r = ctdiff::sqrt(x * x + y * y + z * z);
    check("r + 1/r + exp(-r)", r + 1_c / r + ctdiff::exp(-r));
    constexpr auto a = x + y;
    constexpr auto b = a * z;
    constexpr auto c = b - a;
    check("diamond a b c", a * b * c + ctdiff::sin(c) * a);
    check("P1 (x+y+z) exp(xyz)", (x + y + z) * ctdiff::exp(x * y * z));
}

BOOST_AUTO_TEST_CASE(deep_compositions) {
    check("sin(cos(tan(x/2)))", ctdiff::sin(ctdiff::cos(ctdiff::tan(x / 2_c))));
    check("exp(sin(exp(sin(x y))))", ctdiff::exp(ctdiff::sin(ctdiff::exp(ctdiff::sin(x * y)))));
    check("tanh^6(x + z)", ctdiff::tanh(ctdiff::tanh(ctdiff::tanh(ctdiff::tanh(ctdiff::tanh(ctdiff::tanh(x + z)))))));
    check("softplus(softplus(softplus(x - y)))", ctdiff::softplus(ctdiff::softplus(ctdiff::softplus(x - y))));
    check("log(1 + exp(log(1 + exp(z))))", ctdiff::log(1_c + ctdiff::exp(ctdiff::log(1_c + ctdiff::exp(z)))));
    check("sqrt(1 + sqrt(1 + sqrt(x y z)))", ctdiff::sqrt(1_c + ctdiff::sqrt(1_c + ctdiff::sqrt(x * y * z))));
    check("((x^2)^2)^2 y", pow(pow(pow(x, 2_c) + y, 2_c), 2_c) * y);
    check("sigmoid(tanh(sigmoid(x) y) z)", ctdiff::sigmoid(ctdiff::tanh(ctdiff::sigmoid(x) * y) * z));
}

BOOST_AUTO_TEST_CASE(several_variables) {
    check("xyz", x * y * z);
    check("x^y z", pow(x, y) * z);
    check("x/y/z", x / y / z);
    check("rosenbrock in 3", 100_c * pow(y - pow(x, 2_c), 2_c) + pow(1_c - x, 2_c) +
                                 100_c * pow(z - pow(y, 2_c), 2_c) + pow(1_c - y, 2_c));
    check("x^2 y^3 z^4", pow(x, 2_c) * pow(y, 3_c) * pow(z, 4_c));
    check("sin(x) cos(y) tan(z)", ctdiff::sin(x) * ctdiff::cos(y) * ctdiff::tan(z));
    check("log(x + y + z) sqrt(xyz)", ctdiff::log(x + y + z) * ctdiff::sqrt(x * y * z));
    check("x - y - z + x y - y z", x - y - z + x * y - y * z);
    check("only y", pow(y, 3_c) - 2_c * y);
    check("constant", 3_c * ctdiff::pi + 1_c);
    check("x itself", x);
}

BOOST_AUTO_TEST_CASE(every_op) {
    check("exp", ctdiff::exp(x * y - z));
    check("log", ctdiff::log(x * y + z));
    check("sqrt", ctdiff::sqrt(x + y * z));
    check("sin", ctdiff::sin(x * z + y));
    check("cos", ctdiff::cos(x - y * z));
    check("tan", ctdiff::tan(x * y / 2_c));
    check("tanh", ctdiff::tanh(x * y - z));
    check("sigmoid", ctdiff::sigmoid(3_c * x - 2_c * y + z));
    check("relu (away from 0)", ctdiff::relu(x + y + z) * x);
    check("softplus", ctdiff::softplus(x * y - z));
    check("abs (away from 0)", ctdiff::abs(x - 3_c) * y + z);
    check("pow const -3/2", pow(x + y, -1.5_c) * z);
    check("pow expression", pow(x + 1_c, y * z));
    check("division", (x + y) / (y * z + 1_c));
    check("negation", -(x * y) - -z);
    check("pi and e", ctdiff::pi * x + pow(ctdiff::e, y * z));
    check("sinh", ctdiff::sinh(x * y - z));
    check("cosh", ctdiff::cosh(x - y * z) * x);
    check("expm1", ctdiff::expm1(x * y - z));
    check("log1p", ctdiff::log1p(x * y + z));
    check("xlogy", ctdiff::xlogy(x + y, y * z));
    check("square", ctdiff::square(x - y * z) + x);
}

BOOST_AUTO_TEST_CASE(seed_network_gradient_is_1248) {
    constexpr auto w = ctdiff::var<"w">;
    constexpr auto t = ctdiff::var<"t">;
    constexpr auto loss = pow(pow(w * x, 2_c) - t, 2_c);
    static_assert(ctdiff::grad(loss, ctdiff::wrt(w), x = 2.0, w = 3.0, t = 10.0)[w] == 1248.0);
    const auto [value, g] = ctdiff::value_and_grad(loss, ctdiff::wrt(w, x, t), x = 2.0, w = 3.0, t = 10.0);
    BOOST_TEST(value == 676.0);
    BOOST_TEST(g[w] == 1248.0);
    BOOST_TEST(g[x] == 1872.0);
    BOOST_TEST(g[t] == -52.0);
    const auto [gw, gx, gt] = g;  // structured bindings, in wrt order
    BOOST_TEST(gw == 1248.0);
    BOOST_TEST(gx == 1872.0);
    BOOST_TEST(gt == -52.0);
    BOOST_TEST(ctdiff::get<1>(g) == 1872.0);
}

BOOST_AUTO_TEST_CASE(jacobian_of_several_outputs) {
    const auto J = ctdiff::jacobian(std::tuple{x * y, ctdiff::sin(x) + z, pow(y, 2_c) * z},
                                    ctdiff::wrt(x, y, z), x = 0.5, y = 2.0, z = 3.0);
    BOOST_TEST(J(0, x) == 2.0);
    BOOST_TEST(J(0, y) == 0.5);
    BOOST_TEST(J(0, z) == 0.0);
    BOOST_TEST(J(1, x) == std::cos(0.5));
    BOOST_TEST(J(1, z) == 1.0);
    BOOST_TEST(J(2, y) == 12.0);
    BOOST_TEST(J(2, z) == 4.0);
}

BOOST_AUTO_TEST_CASE(float_and_long_double) {
    constexpr auto f = ctdiff::tanh(x * y) + pow(z, 2_c);
    const auto gf = ctdiff::grad(f, ctdiff::wrt(x, y, z), x = 0.5f, y = 2.0f, z = 3.0f);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(gf[x])>, float>);
    const auto gl = ctdiff::grad(f, ctdiff::wrt(x, y, z), x = 0.5L, y = 2.0L, z = 3.0L);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(gl[x])>, long double>);
    const double expected_x = 2.0 * (1.0 - std::pow(std::tanh(1.0), 2.0));
    BOOST_TEST(std::abs(gf[x] - expected_x) < 1e-6);
    BOOST_TEST(std::abs(static_cast<double>(gl[x]) - expected_x) < 1e-15);
    BOOST_TEST(gl[z] == 6.0L);
}
