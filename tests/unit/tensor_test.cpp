// Tensor values, tensor variables, elementwise ops lifted to tensors with scalar broadcasting,
// and the tensor ops: every value is checked against loops written here, every gradient against
// central finite differences (and, where it is simple, against its hand derivation).
#define BOOST_TEST_MODULE ctdiff_tensor
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ctdiff/ctdiff.hpp>
#include <limits>
#include <tuple>

namespace {

using namespace ctdiff::literals;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto W = ctdiff::var<"W", shape<3, 4>>;
constexpr auto A = ctdiff::var<"A", shape<2, 3>>;
constexpr auto x = ctdiff::var<"x", shape<4>>;
constexpr auto u = ctdiff::var<"u", shape<3>>;
constexpr auto v = ctdiff::var<"v", shape<3>>;
constexpr auto s = ctdiff::var<"s">;

/// Deterministic values in [-1, 1) (a linear congruential generator, so the test needs no seed).
struct values {
    std::uint64_t state;
    double next() {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<double>(state >> 11) / static_cast<double>(1ull << 53) * 2.0 - 1.0;
    }
    template <class S>
    tensor<double, S> fill() {
        tensor<double, S> t;
        for (double& e : t) e = next();
        return t;
    }
};

bool agree(double a, double b, double rel) {
    return std::abs(a - b) <= rel * std::max({1.0, std::abs(a), std::abs(b)});
}

/// Checks g (the gradient's entry for one tensor variable) against central differences of fn,
/// a function of that tensor alone.
template <class Fn, class S>
void check_fd(const char* what, Fn fn, const tensor<double, S>& at, const tensor<double, S>& g) {
    for (std::size_t k = 0; k < S::size; ++k) {
        const double h = 1e-6 * std::max(1.0, std::abs(at[k]));
        auto hi = at, lo = at;
        hi[k] += h;
        lo[k] -= h;
        const double fd = (fn(hi) - fn(lo)) / (2 * h);
        BOOST_TEST_CONTEXT(what << " element " << k << ": ad " << g[k] << ", fd " << fd) {
            BOOST_TEST(agree(g[k], fd, 1e-7));
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(tensor_value_type) {
    tensor<double, shape<2, 3>> t{{{1, 2, 3}, {4, 5, 6}}};
    BOOST_TEST(t.size() == 6u);
    BOOST_TEST(t(1, 0) == 4.0);
    BOOST_TEST(t[5] == 6.0);  // row-major
    t(0, 2) = -1.0;
    BOOST_TEST(t.data()[2] == -1.0);
    tensor<double, shape<3>> zeros;
    BOOST_TEST((std::count(zeros.begin(), zeros.end(), 0.0) == 3));
    const tensor<float, shape<2, 3>> f(t);
    BOOST_TEST(f(1, 2) == 6.0f);
    BOOST_TEST(reinterpret_cast<std::uintptr_t>(t.data()) % 32 == 0u);
    const tensor<double, shape<3>> from_array(std::array<double, 3>{1.0, 2.0, 3.0});
    BOOST_TEST(from_array(2) == 3.0);
}

BOOST_AUTO_TEST_CASE(elementwise_ops_and_broadcasting) {
    values r{1};
    const auto uv = r.fill<shape<3>>(), vv = r.fill<shape<3>>();
    const double sv = 0.75;
    // value: a tensor, each element computed by the scalar rule
    const auto y = (ctdiff::tanh(u) * v + s * u - 2_c)(u = uv, v = vv, s = sv);
    for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(agree(y(i), std::tanh(uv(i)) * vv(i) + sv * uv(i) - 2.0, 1e-15));

    // gradient of a scalar reduction, against the hand derivation and finite differences
    constexpr auto f = ctdiff::sum(ctdiff::tanh(u) * v + s * u - 2_c);
    const auto g = ctdiff::grad(f, ctdiff::wrt(u, v, s), u = uv, v = vv, s = sv);
    double gs = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        const double t = std::tanh(uv(i));
        BOOST_TEST(agree(g[u](i), (1 - t * t) * vv(i) + sv, 1e-14));
        BOOST_TEST(agree(g[v](i), t, 1e-14));
        gs += uv(i);
    }
    BOOST_TEST(agree(g[s], gs, 1e-14));  // a scalar broadcast over u: its adjoint is the sum
    check_fd("d/du", [&](const auto& t) { return f(u = t, v = vv, s = sv); }, uv, g[u]);
}

BOOST_AUTO_TEST_CASE(matvec_matmul_transpose_outer) {
    values r{2};
    const auto Wv = r.fill<shape<3, 4>>();
    const auto xv = r.fill<shape<4>>();
    const auto Av = r.fill<shape<2, 3>>();
    const auto uv = r.fill<shape<3>>();

    const auto y = ctdiff::evaluate(ctdiff::matvec(W, x), W = Wv, x = xv);
    for (std::size_t i = 0; i < 3; ++i) {
        double e = 0;
        for (std::size_t j = 0; j < 4; ++j) e += Wv(i, j) * xv(j);
        BOOST_TEST(agree(y(i), e, 1e-15));
    }
    const auto P = ctdiff::evaluate(ctdiff::matmul(A, W), A = Av, W = Wv);  // 2x3 * 3x4
    const auto T = ctdiff::evaluate(ctdiff::transpose(W), W = Wv);
    const auto O = ctdiff::evaluate(ctdiff::outer(u, x), u = uv, x = xv);
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 4; ++j) {
            double e = 0;
            for (std::size_t k = 0; k < 3; ++k) e += Av(i, k) * Wv(k, j);
            BOOST_TEST(agree(P(i, j), e, 1e-15));
        }
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 4; ++j) {
            BOOST_TEST(T(j, i) == Wv(i, j));
            BOOST_TEST(O(i, j) == uv(i) * xv(j));
        }

    // one scalar function through all four ops; every tensor's gradient against differences
    constexpr auto f = ctdiff::sum(ctdiff::sin(ctdiff::matmul(A, W))) +
                       ctdiff::dot(ctdiff::tanh(ctdiff::matvec(W, x)), u) +
                       ctdiff::sum(ctdiff::transpose(W) * ctdiff::transpose(ctdiff::outer(u, x)) * ctdiff::transpose(W) * 0.5_c);
    const auto g = ctdiff::grad(f, ctdiff::wrt(A, W, x, u), A = Av, W = Wv, x = xv, u = uv);
    check_fd("d/dA", [&](const auto& t) { return f(A = t, W = Wv, x = xv, u = uv); }, Av, g[A]);
    check_fd("d/dW", [&](const auto& t) { return f(A = Av, W = t, x = xv, u = uv); }, Wv, g[W]);
    check_fd("d/dx", [&](const auto& t) { return f(A = Av, W = Wv, x = t, u = uv); }, xv, g[x]);
    check_fd("d/du", [&](const auto& t) { return f(A = Av, W = Wv, x = xv, u = t); }, uv, g[u]);

    // hand derivation for the simplest case: d/dW sum(W x) = 1 x^T
    const auto gl = ctdiff::grad(ctdiff::sum(ctdiff::matvec(W, x)), ctdiff::wrt(W, x), W = Wv, x = xv);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 4; ++j) BOOST_TEST(gl[W](i, j) == xv(j));
}

BOOST_AUTO_TEST_CASE(reductions_and_softmax) {
    values r{3};
    const auto uv = r.fill<shape<3>>(), vv = r.fill<shape<3>>();
    double lse = 0;
    for (double e : uv) lse += std::exp(e);
    lse = std::log(lse);
    BOOST_TEST(agree(ctdiff::logsumexp(u)(u = uv), lse, 1e-15));
    BOOST_TEST(agree(ctdiff::mean(u)(u = uv), (uv(0) + uv(1) + uv(2)) / 3, 1e-15));
    const auto sm = ctdiff::evaluate(ctdiff::softmax(u), u = uv);
    const auto lsm = ctdiff::evaluate(ctdiff::log_softmax(u), u = uv);
    for (std::size_t i = 0; i < 3; ++i) {
        BOOST_TEST(agree(sm(i), std::exp(uv(i) - lse), 1e-15));
        BOOST_TEST(agree(lsm(i), uv(i) - lse, 1e-15));
    }

    constexpr auto f = ctdiff::dot(ctdiff::softmax(u), v) + ctdiff::dot(ctdiff::log_softmax(u), v * v) +
                       ctdiff::logsumexp(u * v) + ctdiff::mean(ctdiff::exp(u)) * ctdiff::sum(v);
    const auto g = ctdiff::grad(f, ctdiff::wrt(u, v), u = uv, v = vv);
    check_fd("d/du", [&](const auto& t) { return f(u = t, v = vv); }, uv, g[u]);
    check_fd("d/dv", [&](const auto& t) { return f(u = uv, v = t); }, vv, g[v]);
}

BOOST_AUTO_TEST_CASE(softmax_family_does_not_overflow) {
    const tensor<double, shape<3>> big{{1000.0, 1000.0, -1000.0}};
    BOOST_TEST(agree(ctdiff::logsumexp(u)(u = big), 1000.0 + std::log(2.0), 1e-15));
    const auto sm = ctdiff::evaluate(ctdiff::softmax(u), u = big);
    BOOST_TEST(sm(0) == 0.5);
    BOOST_TEST(sm(2) == 0.0);
    const auto lsm = ctdiff::evaluate(ctdiff::log_softmax(u), u = big);
    BOOST_TEST(agree(lsm(2), -2000.0 - std::log(2.0), 1e-15));  // finite where softmax underflows
    const auto g = ctdiff::grad(ctdiff::logsumexp(u), ctdiff::wrt(u), u = big);
    BOOST_TEST(g[u](0) == 0.5);
    BOOST_TEST(std::isfinite(g[u](2)));
    // NaN propagates; +inf gives +inf
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    BOOST_TEST(std::isnan(ctdiff::logsumexp(u)(u = tensor<double, shape<3>>{{0.0, nan, 1.0}})));
    BOOST_TEST(ctdiff::logsumexp(u)(u = tensor<double, shape<3>>{{0.0, inf, 1.0}}) == inf);
}

// Softmax, log_softmax and logsumexp of inputs at the edges of the double range, constant
// evaluated (g++ rejected -max - max, clang++ inf - inf and NaN / NaN) and at run time: both give
// the IEEE values derived by hand.
namespace softmax_edges {
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double big = std::numeric_limits<double>::max();
constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
using vec = tensor<double, shape<3>>;
constexpr vec all_minus_inf{{-inf, -inf, -inf}}, with_nan{{qnan, 1.0, 2.0}}, with_inf{{inf, 1.0, 2.0}},
    extremes{{big, -big, 2.0}}, two_inf{{inf, inf, 0.0}};
// softmax {max, -max, 2}: exponentials {1, exp(-inf), exp(2 - max)} = {1, 0, 0}
constexpr auto sm_extremes = ctdiff::evaluate(ctdiff::softmax(u), u = extremes);
static_assert(sm_extremes(0) == 1.0 && sm_extremes(1) == 0.0 && sm_extremes(2) == 0.0);
// +inf takes all the mass; every -inf, or a NaN, is NaN throughout
constexpr auto sm_inf = ctdiff::evaluate(ctdiff::softmax(u), u = with_inf);
static_assert(sm_inf(0) == 1.0 && sm_inf(1) == 0.0 && sm_inf(2) == 0.0);
constexpr auto sm_minus_inf = ctdiff::evaluate(ctdiff::softmax(u), u = all_minus_inf);
constexpr auto sm_nan = ctdiff::evaluate(ctdiff::softmax(u), u = with_nan);
static_assert(sm_minus_inf(0) != sm_minus_inf(0) && sm_nan(1) != sm_nan(1));
// log_softmax: x_i - max - log(1 + 0 + 0) = {0, -max - max = -inf, 2 - max}; with +inf, x_i - inf
constexpr auto lsm_extremes = ctdiff::evaluate(ctdiff::log_softmax(u), u = extremes);
static_assert(lsm_extremes(0) == 0.0 && lsm_extremes(1) == -inf && lsm_extremes(2) == 2.0 - big);
constexpr auto lsm_inf = ctdiff::evaluate(ctdiff::log_softmax(u), u = with_inf);
static_assert(lsm_inf(0) != lsm_inf(0) && lsm_inf(1) == -inf && lsm_inf(2) == -inf);
constexpr auto lsm_two_inf = ctdiff::evaluate(ctdiff::log_softmax(u), u = two_inf);
static_assert(lsm_two_inf(0) != lsm_two_inf(0) && lsm_two_inf(2) == -inf);
constexpr auto lsm_minus_inf = ctdiff::evaluate(ctdiff::log_softmax(u), u = all_minus_inf);
static_assert(lsm_minus_inf(0) != lsm_minus_inf(0));
// logsumexp: max + log 1; every -inf gives -inf
static_assert(ctdiff::evaluate(ctdiff::logsumexp(u), u = extremes) == big);
static_assert(ctdiff::evaluate(ctdiff::logsumexp(u), u = all_minus_inf) == -inf);
}  // namespace softmax_edges

BOOST_AUTO_TEST_CASE(softmax_family_at_the_edges_constexpr_and_run_time_agree) {
    using namespace softmax_edges;
    // the same inputs through volatile copies: evaluated at run time
    const auto runtime = [](const vec& x) {
        volatile double a = x(0), b = x(1), c = x(2);
        return vec{{a, b, c}};
    };
    const auto same = [](const vec& p, const vec& q) {
        for (std::size_t i = 0; i < 3; ++i)
            if (!(p(i) == q(i) || (std::isnan(p(i)) && std::isnan(q(i))))) return false;
        return true;
    };
    BOOST_TEST(same(ctdiff::evaluate(ctdiff::softmax(u), u = runtime(extremes)), sm_extremes));
    BOOST_TEST(same(ctdiff::evaluate(ctdiff::softmax(u), u = runtime(with_inf)), sm_inf));
    BOOST_TEST(same(ctdiff::evaluate(ctdiff::softmax(u), u = runtime(all_minus_inf)), sm_minus_inf));
    BOOST_TEST(same(ctdiff::evaluate(ctdiff::softmax(u), u = runtime(with_nan)), sm_nan));
    BOOST_TEST(same(ctdiff::evaluate(ctdiff::log_softmax(u), u = runtime(extremes)), lsm_extremes));
    BOOST_TEST(same(ctdiff::evaluate(ctdiff::log_softmax(u), u = runtime(with_inf)), lsm_inf));
    BOOST_TEST(same(ctdiff::evaluate(ctdiff::log_softmax(u), u = runtime(two_inf)), lsm_two_inf));
    BOOST_TEST(same(ctdiff::evaluate(ctdiff::log_softmax(u), u = runtime(all_minus_inf)), lsm_minus_inf));
    BOOST_TEST(ctdiff::logsumexp(u)(u = runtime(extremes)) == big);
    BOOST_TEST(ctdiff::logsumexp(u)(u = runtime(all_minus_inf)) == -inf);
}

BOOST_AUTO_TEST_CASE(pick_reads_only_valid_indices) {
    const tensor<double, shape<3>> t{{4.0, 5.0, 6.0}};
    constexpr auto k = ctdiff::var<"k">;
    BOOST_TEST(ctdiff::pick(u, k)(u = t, k = 2.0) == 6.0);
    for (double bad : {3.0, -1.0, 0.5, 1e300, std::numeric_limits<double>::quiet_NaN()})
        BOOST_TEST(std::isnan(ctdiff::pick(u, k)(u = t, k = bad)));
    const auto g = ctdiff::grad(ctdiff::pick(u, k) * 3_c, ctdiff::wrt(u), u = t, k = 1.0);
    BOOST_TEST(g[u](0) == 0.0);
    BOOST_TEST(g[u](1) == 3.0);
    BOOST_TEST(g[u](2) == 0.0);
}

BOOST_AUTO_TEST_CASE(float_evaluation) {
    const tensor<float, shape<3>> uf{{0.5f, -0.25f, 1.0f}};
    const auto [value, g] = ctdiff::value_and_grad(ctdiff::dot(u, u) * s, ctdiff::wrt(u, s), u = uf, s = 2.0f);
    static_assert(std::is_same<std::remove_cvref_t<decltype(value)>, float>::value);
    BOOST_TEST(value == 2.0f * (0.25f + 0.0625f + 1.0f));
    BOOST_TEST(g[u](2) == 4.0f);
    BOOST_TEST(g[s] == 1.3125f);
}

BOOST_AUTO_TEST_CASE(jvp_with_tensor_and_scalar_variables) {
    values r{4};
    const auto uv = r.fill<shape<3>>(), du = r.fill<shape<3>>();
    const double sv = 0.3, ds = -0.7;
    constexpr auto f = ctdiff::sum(ctdiff::exp(s * u)) + s * s;
    const auto t = ctdiff::jvp(f, ctdiff::wrt(u, s), std::tuple{du, ds}, u = uv, s = sv);
    // the directional derivative by central differences along (du, ds)
    const double h = 1e-6;
    auto up = uv, um = uv;
    for (std::size_t i = 0; i < 3; ++i) up[i] += h * du[i], um[i] -= h * du[i];
    const double fd = (f(u = up, s = sv + h * ds) - f(u = um, s = sv - h * ds)) / (2 * h);
    BOOST_TEST(agree(t.tangent, fd, 1e-8));
    BOOST_TEST(t.value == f(u = uv, s = sv));
    // by hand: sum_i exp(s u_i) (u_i ds + s du_i) + 2 s ds
    double expected = 2 * sv * ds;
    for (std::size_t i = 0; i < 3; ++i) expected += std::exp(sv * uv(i)) * (uv(i) * ds + sv * du(i));
    BOOST_TEST(agree(t.tangent, expected, 1e-14));
}

BOOST_AUTO_TEST_CASE(views_bind_external_buffers) {
    // parameters kept in one flat buffer, bound without copies
    double buffer[3 * 4 + 4] = {};
    for (std::size_t k = 0; k < 16; ++k) buffer[k] = 0.1 * static_cast<double>(k) - 0.7;
    const auto Wv = ctdiff::view<shape<3, 4>>(buffer);
    const auto xv = ctdiff::view<shape<4>>(buffer + 12);
    constexpr auto f = ctdiff::sum(ctdiff::tanh(ctdiff::matvec(W, x)));
    const auto [value, g] = ctdiff::value_and_grad(f, ctdiff::wrt(W, x), W = Wv, x = xv);
    // the same with owning tensors
    tensor<double, shape<3, 4>> Wt;
    tensor<double, shape<4>> xt;
    for (std::size_t k = 0; k < 12; ++k) Wt[k] = buffer[k];
    for (std::size_t k = 0; k < 4; ++k) xt[k] = buffer[12 + k];
    const auto [value_t, g_t] = ctdiff::value_and_grad(f, ctdiff::wrt(W, x), W = Wt, x = xt);
    BOOST_TEST(value == value_t);
    BOOST_TEST(g[W] == g_t[W]);
    BOOST_TEST(g[x] == g_t[x]);
    BOOST_TEST(Wv.size() == 12u);
    BOOST_TEST(Wv[5] == buffer[5]);
}
