// Gradients through the backward sweep's exact adjoint scales (eval/backward.hpp, docs/design.md
// "Exact scales of adjoints"): constant factors folded along edges, contributions of different
// scales meeting in a sum, negative and fractional constants, a variable reached by several
// scaled edges, scales too large to keep, aliased adjoints of tensor nodes and a broadcast scalar.
// Every gradient is checked against its hand derivation or against symbolic d, and central
// finite differences.
#define BOOST_TEST_MODULE ctdiff_sweep_scales
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>

namespace {

using namespace ctdiff::literals;
using ctdiff::shape;
using ctdiff::tensor;
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto z = ctdiff::var<"z">;

bool agree(double a, double b, double rel) {
    return std::abs(a - b) <= rel * std::max({1.0, std::abs(a), std::abs(b)});
}

using point = std::array<double, 3>;
constexpr std::array<point, 4> points{{{0.3, -0.7, 1.1}, {-1.2, 0.4, 0.9}, {0.8, 1.3, -0.25}, {1.5, -1.1, 0.6}}};

/// The gradient of f with respect to x, y, z against symbolic d (within rel) and, unless f
/// oscillates too fast for them, central differences (1e-6).
template <class F>
void check(const char* name, F f, double rel = 1e-14, bool differences = true) {
    const auto fx = ctdiff::d(f, x);
    const auto fy = ctdiff::d(f, y);
    const auto fz = ctdiff::d(f, z);
    for (const point& p : points) {
        BOOST_TEST_CONTEXT(name << " at (" << p[0] << ", " << p[1] << ", " << p[2] << ")") {
            const auto g = ctdiff::grad(f, ctdiff::wrt(x, y, z), x = p[0], y = p[1], z = p[2]);
            const std::array<double, 3> reverse{g[x], g[y], g[z]};
            const std::array<double, 3> symbolic{fx(x = p[0], y = p[1], z = p[2]), fy(x = p[0], y = p[1], z = p[2]),
                                                 fz(x = p[0], y = p[1], z = p[2])};
            for (std::size_t k = 0; k < 3; ++k) {
                point lo = p, hi = p;
                const double h = 1e-6 * std::max(1.0, std::abs(p[k]));
                lo[k] -= h;
                hi[k] += h;
                const double fd = (f(x = hi[0], y = hi[1], z = hi[2]) - f(x = lo[0], y = lo[1], z = lo[2])) / (2 * h);
                BOOST_TEST_CONTEXT("entry " << k << ": reverse " << reverse[k] << ", symbolic " << symbolic[k]
                                            << ", fd " << fd) {
                    BOOST_TEST(agree(reverse[k], symbolic[k], rel));
                    if (differences) BOOST_TEST(agree(reverse[k], fd, 1e-6 * std::max(1.0, std::abs(symbolic[k]))));
                }
            }
        }
    }
}

template <std::size_t I>
constexpr auto name() {
    ctdiff::fixed_string<3> s;
    s.chars[0] = 'r';
    s.chars[1] = static_cast<char>('0' + I);
    return s;
}
template <std::size_t I>
constexpr auto rs = ctdiff::var<name<I>()>;
template <std::size_t... I>
constexpr auto rosenbrock(std::index_sequence<I...>) {
    return (... + (100_c * ctdiff::pow(rs<I + 1> - ctdiff::pow(rs<I>, 2_c), 2_c) + ctdiff::pow(1_c - rs<I>, 2_c)));
}

}  // namespace

BOOST_AUTO_TEST_CASE(rosenbrock_against_its_hand_derivation) {
    // 100 (x1 - x0^2)^2 + (1 - x0)^2 per term: the edges carry 200, -400 and -2, and each inner
    // variable is reached by all three (from two terms)
    constexpr std::size_t n = 6;
    constexpr auto f = rosenbrock(std::make_index_sequence<n - 1>{});
    const std::array<std::array<double, n>, 3> at{{{0.5, -1.25, 2.0, 0.75, -0.3, 1.1},
                                                   {1.0, 1.0, 1.0, 1.0, 1.0, 1.0},
                                                   {-2.0, 3.5, 0.1, -0.6, 1.9, 2.2}}};
    for (const auto& in : at) {
        std::array<double, n> hand{};
        double value = 0;
        for (std::size_t i = 0; i + 1 < n; ++i) {
            const double d = in[i + 1] - in[i] * in[i];
            const double a = 1 - in[i];
            value += 100 * d * d + a * a;
            hand[i + 1] += 200 * d;
            hand[i] += -400 * d * in[i] - 2 * a;
        }
        const auto r = [&]<std::size_t... I>(std::index_sequence<I...>) {
            return ctdiff::value_and_grad(f, ctdiff::wrt(rs<I>...), (rs<I> = in[I])...);
        }(std::make_index_sequence<n>{});
        BOOST_TEST(agree(r.value, value, 1e-15));
        const std::array<double, n> reverse = [&]<std::size_t... I>(std::index_sequence<I...>) {
            return std::array<double, n>{r.grad[rs<I>]...};
        }(std::make_index_sequence<n>{});
        for (std::size_t i = 0; i < n; ++i) {
            BOOST_TEST_CONTEXT("entry " << i << ": " << reverse[i] << " against " << hand[i]) {
                BOOST_TEST(agree(reverse[i], hand[i], 1e-14));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(contributions_of_different_scales_meet) {
    // u reaches the output through 7 u^2 (14 u), -3 u (constant), exp(u)/2 (run time) and u/3:
    // its adjoint takes the scale of its first run-time contribution, the others are rescaled
    constexpr auto u = x * y - z;
    check("7u^2 - 3u + exp(u)/2 + u/3", 7_c * ctdiff::pow(u, 2_c) - 3_c * u + ctdiff::exp(u) / 2_c + u / 3_c);
    // the same node reached by 2 v and 3 v only: a constant adjoint 5, times cos
    constexpr auto v = ctdiff::sin(x * z);
    check("2 sin(xz) + 3 sin(xz) y^0", 2_c * v + 3_c * v + y);
    // fractions that do not cancel: 1/3 and 3/7 into one node, then a run-time factor
    check("(1/3) w + (3/7) w, w = tanh(x y) z", 1_c / 3_c * (ctdiff::tanh(x * y) * z) + 3_c / 7_c * (ctdiff::tanh(x * y) * z));
}

BOOST_AUTO_TEST_CASE(negative_constants_and_negations) {
    check("-2.5 (x - y)^3", -2.5_c * ctdiff::pow(x - y, 3_c));
    check("-(x z) - -(y)", -(x * z) - -(y * y));
    check("x / (y^2 + 1)", x / (ctdiff::pow(y, 2_c) + 1_c) - z / (x * x + 2_c));  // -(a/b)/b partials
    check("(1 - x)^2 - 4 (z - x)^2", ctdiff::pow(1_c - x, 2_c) - 4_c * ctdiff::pow(z - x, 2_c));
}

BOOST_AUTO_TEST_CASE(a_variable_reached_by_several_scaled_edges) {
    // x through 4 x, -x/3, 3 x^2 (6 x), 100 (x y)^2 (200 (x y) y), -2 sin(x), x z
    check("4x - x/3 + 3x^2 + 100(xy)^2 - 2 sin x + xz",
          4_c * x - x / 3_c + 3_c * ctdiff::pow(x, 2_c) + 100_c * ctdiff::pow(x * y, 2_c) - 2_c * ctdiff::sin(x) + x * z);
}

BOOST_AUTO_TEST_CASE(scales_too_large_to_keep) {
    // 1000^4 does not fit the 31 bits a kept scale may have: the chain is multiplied out at run
    // time where it would; and a constant of 2^40 is a run-time factor, not a scale
    constexpr auto c = 1000_c;
    constexpr auto f = c * ctdiff::sin(c * ctdiff::sin(c * ctdiff::sin(c * ctdiff::sin(1e-9_c * x + y * z))));
    check("1000 sin(1000 sin(1000 sin(1000 sin(...))))", f, 1e-12, false);  // d/dy is about 1e12: no differences
    check("2^40 sin(x y) + 2^40 x z", 1099511627776_c * ctdiff::sin(x * y) + 1099511627776_c * (x * z));
}

BOOST_AUTO_TEST_CASE(zero_adjoint_keeps_ieee_semantics) {
    // log(x) reaches the output with 3 and -3: its adjoint 0 is computed at run time, so the
    // gradient at x = 0, where d log(x)/dx is inf, is 0 * inf = NaN (as without scales)
    constexpr auto l = ctdiff::log(x);
    constexpr auto f = 3_c * l + (-3_c) * l + y;
    BOOST_TEST(std::isnan(ctdiff::grad(f, ctdiff::wrt(x, y), x = 0.0, y = 1.0)[x]));
    BOOST_TEST(ctdiff::grad(f, ctdiff::wrt(x, y), x = 2.0, y = 1.0)[x] == 0.0);
    // an inf adjoint times a folded constant stays inf, with the right sign
    constexpr auto g = -400_c * ctdiff::pow(ctdiff::log(x), 2_c);
    const auto gx = ctdiff::grad(g, ctdiff::wrt(x), x = 0.0)[x];
    BOOST_TEST((std::isinf(gx) && gx > 0));  // -800 log(x) / x at 0: -800 * -inf * inf
}

BOOST_AUTO_TEST_CASE(tensors_aliases_and_broadcasting) {
    constexpr auto W = ctdiff::var<"W", shape<3, 4>>;
    constexpr auto a = ctdiff::var<"a", shape<4>>;
    constexpr auto b = ctdiff::var<"b", shape<3>>;
    constexpr auto s = ctdiff::var<"s">;
    tensor<double, shape<3, 4>> Wv;
    tensor<double, shape<4>> av;
    tensor<double, shape<3>> bv;
    for (std::size_t k = 0; k < Wv.size(); ++k) Wv[k] = 0.1 * static_cast<double>(k) - 0.55;
    for (std::size_t k = 0; k < av.size(); ++k) av[k] = 0.3 * static_cast<double>(k) - 0.4;
    for (std::size_t k = 0; k < bv.size(); ++k) bv[k] = 0.2 - 0.15 * static_cast<double>(k);
    const double sv = 0.35;

    // a dense layer: the add node's adjoint is aliased by the matvec node, then scaled by -3 and 2
    constexpr auto f = -3_c * ctdiff::sum(ctdiff::tanh(ctdiff::matvec(W, a) + b)) + 2_c * ctdiff::sum(s * b) +
                       ctdiff::sum(ctdiff::tanh(b + s));  // s is broadcast: its adjoint is a sum, never an alias
    const auto g = ctdiff::grad(f, ctdiff::wrt(W, a, b, s), W = Wv, a = av, b = bv, s = sv);

    std::array<double, 3> z{}, dz{};
    tensor<double, shape<3, 4>> gW;
    tensor<double, shape<4>> ga;
    tensor<double, shape<3>> gb;
    double gs = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        z[i] = bv[i];
        for (std::size_t j = 0; j < 4; ++j) z[i] += Wv(i, j) * av[j];
        const double t = std::tanh(z[i]);
        dz[i] = -3 * (1 - t * t);
        const double t2 = std::tanh(bv[i] + sv);
        gb[i] = dz[i] + 2 * sv + (1 - t2 * t2);
        gs += 2 * bv[i] + (1 - t2 * t2);
        for (std::size_t j = 0; j < 4; ++j) {
            gW(i, j) = dz[i] * av[j];
            ga[j] += Wv(i, j) * dz[i];
        }
    }
    for (std::size_t k = 0; k < gW.size(); ++k) BOOST_TEST(agree(g[W][k], gW[k], 1e-14));
    for (std::size_t k = 0; k < ga.size(); ++k) BOOST_TEST(agree(g[a][k], ga[k], 1e-14));
    for (std::size_t k = 0; k < gb.size(); ++k) BOOST_TEST(agree(g[b][k], gb[k], 1e-14));
    BOOST_TEST(agree(g[s], gs, 1e-14));

    // a scalar with a constant adjoint passed to a tensor op's VJP: 5 sum(tanh(b)) + 0.5 dot(b, b)
    constexpr auto h = 5_c * ctdiff::sum(ctdiff::tanh(b)) + 0.5_c * ctdiff::dot(b, b);
    const auto gh = ctdiff::grad(h, ctdiff::wrt(b), b = bv);
    for (std::size_t i = 0; i < 3; ++i) {
        const double t = std::tanh(bv[i]);
        BOOST_TEST(agree(gh[b][i], 5 * (1 - t * t) + bv[i], 1e-14));
    }
}
