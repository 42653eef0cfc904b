// Fixed networks: the gradients of two MLPs against backpropagation written out here by hand
// (to 1e-12, relative to each tensor's largest entry) and against central finite differences;
// parameter sets, initialisation, the losses, and update steps that reduce a loss.
#define BOOST_TEST_MODULE ctdiff_nn
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <ctdiff/ctdiff.hpp>
#include <limits>

namespace {

using namespace ctdiff::literals;
using ctdiff::shape;
using ctdiff::tensor;
namespace nn = ctdiff::nn;

// ---- MLP 4-16-16-1, tanh hidden layers, linear output, squared error ----------------------------
constexpr auto x4 = ctdiff::var<"x", shape<4>>;
constexpr auto target = ctdiff::var<"t">;
constexpr auto small_net = nn::dense<"l3", 16, 1>(nn::tanh(nn::dense<"l2", 16, 16>(nn::tanh(nn::dense<"l1", 4, 16>(x4)))));
constexpr auto small_loss = nn::mse(small_net, target);

// ---- MLP 32-64-64-10, tanh hidden layers, softmax cross-entropy ---------------------------------
constexpr auto x32 = ctdiff::var<"x", shape<32>>;
constexpr auto label = ctdiff::var<"label">;
constexpr auto one_hot = ctdiff::var<"y", shape<10>>;
constexpr auto logits = nn::dense<"o", 64, 10>(nn::tanh(nn::dense<"h2", 64, 64>(nn::tanh(nn::dense<"h1", 32, 64>(x32)))));
constexpr auto large_loss = nn::softmax_cross_entropy(logits, label);
constexpr auto large_loss_one_hot = nn::softmax_cross_entropy(logits, one_hot);

/// A dense layer's values and gradients, for the reference backprop.
template <std::size_t In, std::size_t Out>
struct layer {
    tensor<double, shape<Out, In>> W;
    tensor<double, shape<Out>> b;
};

template <std::size_t In, std::size_t Out>
std::array<double, Out> affine(const layer<In, Out>& l, const std::array<double, In>& x) {
    std::array<double, Out> y{};
    for (std::size_t i = 0; i < Out; ++i) {
        double s = l.b(i);
        for (std::size_t j = 0; j < In; ++j) s += l.W(i, j) * x[j];
        y[i] = s;
    }
    return y;
}
template <std::size_t N>
std::array<double, N> tanh_of(std::array<double, N> a) {
    for (double& e : a) e = std::tanh(e);
    return a;
}
/// Given dL/dy of y = W x + b, adds dL/dW, dL/db into g and returns dL/dx.
template <std::size_t In, std::size_t Out>
std::array<double, In> affine_back(const layer<In, Out>& l, const std::array<double, In>& x,
                                   const std::array<double, Out>& dy, layer<In, Out>& g) {
    std::array<double, In> dx{};
    for (std::size_t i = 0; i < Out; ++i) {
        g.b(i) = dy[i];
        for (std::size_t j = 0; j < In; ++j) {
            g.W(i, j) = dy[i] * x[j];
            dx[j] += l.W(i, j) * dy[i];
        }
    }
    return dx;
}
/// Given dL/dh of h = tanh(a), returns dL/da.
template <std::size_t N>
std::array<double, N> tanh_back(const std::array<double, N>& h, std::array<double, N> dh) {
    for (std::size_t i = 0; i < N; ++i) dh[i] *= 1 - h[i] * h[i];
    return dh;
}

template <class Tensor>
void expect_close(const char* what, const Tensor& ad, const Tensor& reference, double rel) {
    double scale = 0;
    for (double e : reference) scale = std::max(scale, std::abs(e));
    for (std::size_t k = 0; k < reference.size(); ++k)
        BOOST_TEST_CONTEXT(what << "[" << k << "]: ctdiff " << ad[k] << ", reference " << reference[k]) {
            BOOST_TEST(std::abs(ad[k] - reference[k]) <= rel * std::max(std::abs(reference[k]), scale));
        }
}

/// Central differences of fn(theta) with respect to every element of theta[v], against g.
template <class Fn, class Theta, class V, class G>
void expect_fd(const char* what, Fn fn, Theta theta, V v, const G& g, double rel) {
    auto& p = theta[v];
    double scale = 0;
    for (double e : g) scale = std::max(scale, std::abs(e));
    for (std::size_t k = 0; k < p.size(); ++k) {
        const double keep = p[k], h = 1e-5;
        p[k] = keep + h;
        const double hi = fn(theta);
        p[k] = keep - h;
        const double lo = fn(theta);
        p[k] = keep;
        const double fd = (hi - lo) / (2 * h);
        BOOST_TEST_CONTEXT(what << "[" << k << "]: ad " << g[k] << ", fd " << fd) {
            BOOST_TEST(std::abs(g[k] - fd) <= rel * std::max(std::abs(fd), scale));
        }
    }
}

template <std::size_t N>
tensor<double, shape<N>> input(double phase) {
    tensor<double, shape<N>> x;
    for (std::size_t i = 0; i < N; ++i) x(i) = std::sin(1.7 * static_cast<double>(i) + phase);
    return x;
}

}  // namespace

BOOST_AUTO_TEST_CASE(params_collects_the_layers_variables) {
    using P = decltype(nn::params(small_loss));
    static_assert(P::size == 6);  // l1.W l1.b l2.W l2.b l3.W l3.b; not x, not t
    // in order of first use: the deepest layer's parameters first
    using L1W = std::remove_cvref_t<decltype(nn::parameter<"l1", "W", shape<16, 4>>)>;
    using L1b = std::remove_cvref_t<decltype(nn::parameter<"l1", "b", shape<16>>)>;
    using L2W = std::remove_cvref_t<decltype(nn::parameter<"l2", "W", shape<16, 16>>)>;
    using L2b = std::remove_cvref_t<decltype(nn::parameter<"l2", "b", shape<16>>)>;
    using L3W = std::remove_cvref_t<decltype(nn::parameter<"l3", "W", shape<1, 16>>)>;
    using L3b = std::remove_cvref_t<decltype(nn::parameter<"l3", "b", shape<1>>)>;
    static_assert(std::is_same<P, ctdiff::wrt_t<L1W, L1b, L2W, L2b, L3W, L3b>>::value);
    static_assert(std::is_same<L1W, ctdiff::variable<"l1.W", shape<16, 4>>>::value);
    auto theta = nn::parameters<double>(nn::params(small_loss));
    static_assert(decltype(theta)::scalar_count == 4 * 16 + 16 + 16 * 16 + 16 + 16 + 1);  // 369
    BOOST_TEST(theta.scalar_count == 369u);
}

BOOST_AUTO_TEST_CASE(glorot_initialisation_is_seeded_and_bounded) {
    auto a = nn::parameters<double>(nn::params(small_loss));
    auto b = a, c = a;
    nn::glorot_uniform(a, 7);
    nn::glorot_uniform(b, 7);
    nn::glorot_uniform(c, 8);
    constexpr auto W1 = nn::parameter<"l1", "W", shape<16, 4>>;
    constexpr auto b1 = nn::parameter<"l1", "b", shape<16>>;
    BOOST_TEST(a[W1] == b[W1]);
    BOOST_TEST(!(a[W1] == c[W1]));
    const double bound = std::sqrt(6.0 / 20.0);
    double lo = 1, hi = -1;
    for (double w : a[W1]) lo = std::min(lo, w), hi = std::max(hi, w);
    BOOST_TEST(lo >= -bound);
    BOOST_TEST(hi <= bound);
    BOOST_TEST(hi - lo > bound);  // spread over the interval, not stuck at one value
    for (double e : a[b1]) BOOST_TEST(e == 0.0);
}

BOOST_AUTO_TEST_CASE(mlp_4_16_16_1_gradient_equals_backprop_and_differences) {
    auto theta = nn::parameters<double>(nn::params(small_loss));
    nn::glorot_uniform(theta, 1);
    constexpr auto W1 = nn::parameter<"l1", "W", shape<16, 4>>;
    constexpr auto b1 = nn::parameter<"l1", "b", shape<16>>;
    constexpr auto W2 = nn::parameter<"l2", "W", shape<16, 16>>;
    constexpr auto b2 = nn::parameter<"l2", "b", shape<16>>;
    constexpr auto W3 = nn::parameter<"l3", "W", shape<1, 16>>;
    constexpr auto b3 = nn::parameter<"l3", "b", shape<1>>;
    // non-zero biases, so that their gradients' paths are exercised with generic values
    for (std::size_t i = 0; i < 16; ++i) theta[b1](i) = 0.1 * std::cos(static_cast<double>(i)), theta[b2](i) = -0.05 * static_cast<double>(i % 3);
    theta[b3](0) = 0.3;

    for (double phase : {0.0, 0.4, 1.3}) {
        const auto xv = input<4>(phase);
        const double tv = 0.25 - phase;
        const auto [loss, g] = ctdiff::value_and_grad(small_loss, nn::params(small_loss), theta, x4 = xv, target = tv);

        // reference: forward, then backprop by hand
        const layer<4, 16> l1{theta[W1], theta[b1]};
        const layer<16, 16> l2{theta[W2], theta[b2]};
        const layer<16, 1> l3{theta[W3], theta[b3]};
        const std::array<double, 4> x{xv(0), xv(1), xv(2), xv(3)};
        const auto h1 = tanh_of(affine(l1, x));
        const auto h2 = tanh_of(affine(l2, h1));
        const auto y = affine(l3, h2);
        const double r = y[0] - tv;
        BOOST_TEST(std::abs(loss - r * r) <= 1e-15 * r * r);
        layer<4, 16> g1{};
        layer<16, 16> g2{};
        layer<16, 1> g3{};
        const auto dh2 = affine_back(l3, h2, std::array<double, 1>{2 * r}, g3);
        const auto dh1 = affine_back(l2, h1, tanh_back(h2, dh2), g2);
        affine_back(l1, x, tanh_back(h1, dh1), g1);

        expect_close("dL/dW1", g[W1], g1.W, 1e-12);
        expect_close("dL/db1", g[b1], g1.b, 1e-12);
        expect_close("dL/dW2", g[W2], g2.W, 1e-12);
        expect_close("dL/db2", g[b2], g2.b, 1e-12);
        expect_close("dL/dW3", g[W3], g3.W, 1e-12);
        expect_close("dL/db3", g[b3], g3.b, 1e-12);

        const auto fn = [&](const auto& th) { return small_loss(th, x4 = xv, target = tv); };
        expect_fd("fd W1", fn, theta, W1, g[W1], 1e-7);
        expect_fd("fd b1", fn, theta, b1, g[b1], 1e-7);
        expect_fd("fd W2", fn, theta, W2, g[W2], 1e-7);
        expect_fd("fd b2", fn, theta, b2, g[b2], 1e-7);
        expect_fd("fd W3", fn, theta, W3, g[W3], 1e-7);
        expect_fd("fd b3", fn, theta, b3, g[b3], 1e-7);
    }
}

BOOST_AUTO_TEST_CASE(mlp_32_64_64_10_gradient_equals_backprop_and_differences) {
    auto theta = nn::parameters<double>(nn::params(large_loss));
    nn::glorot_uniform(theta, 2);
    constexpr auto W1 = nn::parameter<"h1", "W", shape<64, 32>>;
    constexpr auto b1 = nn::parameter<"h1", "b", shape<64>>;
    constexpr auto W2 = nn::parameter<"h2", "W", shape<64, 64>>;
    constexpr auto b2 = nn::parameter<"h2", "b", shape<64>>;
    constexpr auto W3 = nn::parameter<"o", "W", shape<10, 64>>;
    constexpr auto b3 = nn::parameter<"o", "b", shape<10>>;
    for (std::size_t i = 0; i < 10; ++i) theta[b3](i) = 0.2 * std::sin(static_cast<double>(i));

    const auto xv = input<32>(0.7);
    for (std::size_t k : {0u, 3u, 9u}) {
        const double kv = static_cast<double>(k);
        const auto [loss, g] = ctdiff::value_and_grad(large_loss, nn::params(large_loss), theta, x32 = xv, label = kv);
        tensor<double, shape<10>> hot;
        hot(k) = 1.0;
        const auto [loss_hot, g_hot] =
            ctdiff::value_and_grad(large_loss_one_hot, nn::params(large_loss_one_hot), theta, x32 = xv, one_hot = hot);

        const layer<32, 64> l1{theta[W1], theta[b1]};
        const layer<64, 64> l2{theta[W2], theta[b2]};
        const layer<64, 10> l3{theta[W3], theta[b3]};
        std::array<double, 32> x{};
        for (std::size_t i = 0; i < 32; ++i) x[i] = xv(i);
        const auto h1 = tanh_of(affine(l1, x));
        const auto h2 = tanh_of(affine(l2, h1));
        const auto z = affine(l3, h2);
        // softmax cross-entropy by hand, shifted by the largest logit
        const double m = *std::max_element(z.begin(), z.end());
        double s = 0;
        for (double e : z) s += std::exp(e - m);
        const double expected_loss = m + std::log(s) - z[k];
        BOOST_TEST(std::abs(loss - expected_loss) <= 1e-14 * std::abs(expected_loss));
        BOOST_TEST(std::abs(loss_hot - expected_loss) <= 1e-14 * std::abs(expected_loss));
        std::array<double, 10> dz{};
        for (std::size_t i = 0; i < 10; ++i) dz[i] = std::exp(z[i] - m) / s - (i == k ? 1.0 : 0.0);
        layer<32, 64> g1{};
        layer<64, 64> g2{};
        layer<64, 10> g3{};
        const auto dh2 = affine_back(l3, h2, dz, g3);
        const auto dh1 = affine_back(l2, h1, tanh_back(h2, dh2), g2);
        affine_back(l1, x, tanh_back(h1, dh1), g1);

        for (const auto* gg : {&g, &g_hot}) {
            expect_close("dL/dW1", (*gg)[W1], g1.W, 1e-12);
            expect_close("dL/db1", (*gg)[b1], g1.b, 1e-12);
            expect_close("dL/dW2", (*gg)[W2], g2.W, 1e-12);
            expect_close("dL/db2", (*gg)[b2], g2.b, 1e-12);
            expect_close("dL/dW3", (*gg)[W3], g3.W, 1e-12);
            expect_close("dL/db3", (*gg)[b3], g3.b, 1e-12);
        }
        if (k == 3) {  // differences for every parameter once (7,000 pairs of evaluations)
            const auto fn = [&](const auto& th) { return large_loss(th, x32 = xv, label = kv); };
            expect_fd("fd W1", fn, theta, W1, g[W1], 1e-6);
            expect_fd("fd b1", fn, theta, b1, g[b1], 1e-6);
            expect_fd("fd W2", fn, theta, W2, g[W2], 1e-6);
            expect_fd("fd b2", fn, theta, b2, g[b2], 1e-6);
            expect_fd("fd W3", fn, theta, W3, g[W3], 1e-6);
            expect_fd("fd b3", fn, theta, b3, g[b3], 1e-6);
        }
    }
    // a label that is not a class index gives NaN, not a read out of bounds
    BOOST_TEST(std::isnan(large_loss(theta, x32 = xv, label = 10.0)));
    BOOST_TEST(std::isnan(large_loss(theta, x32 = xv, label = 2.5)));
}

BOOST_AUTO_TEST_CASE(update_steps_reduce_the_loss) {
    auto theta = nn::parameters<double>(nn::params(small_loss));
    nn::glorot_uniform(theta, 3);
    std::array<tensor<double, shape<4>>, 8> xs;
    std::array<double, 8> ts{};
    for (std::size_t i = 0; i < 8; ++i) {
        xs[i] = input<4>(0.37 * static_cast<double>(i));
        ts[i] = std::sin(xs[i](0) + xs[i](1));
    }
    const auto batch_loss = [&](const auto& th) {
        double sum = 0;
        for (std::size_t i = 0; i < 8; ++i) sum += small_loss(th, x4 = xs[i], target = ts[i]);
        return sum / 8;
    };
    const auto batch_grad = [&](const auto& th) {
        auto g = ctdiff::grad(small_loss, nn::params(small_loss), th, x4 = xs[0], target = ts[0]);
        for (std::size_t i = 1; i < 8; ++i) g += ctdiff::grad(small_loss, nn::params(small_loss), th, x4 = xs[i], target = ts[i]);
        g *= 1.0 / 8;
        return g;
    };
    const double start = batch_loss(theta);

    auto plain = theta;
    const nn::sgd<double> descent{0.1};
    for (int step = 0; step < 50; ++step) descent.step(plain, batch_grad(plain));
    BOOST_TEST(batch_loss(plain) < 0.5 * start);

    auto adaptive = theta;
    auto adam = nn::make_adam(adaptive, 0.01);
    for (int step = 0; step < 50; ++step) adam.step(adaptive, batch_grad(adaptive));
    BOOST_TEST(adam.steps() == 50u);
    BOOST_TEST(batch_loss(adaptive) < 0.5 * start);

    // one SGD step is theta - rate * g, element by element
    auto once = theta;
    const auto g = batch_grad(theta);
    descent.step(once, g);
    constexpr auto W2 = nn::parameter<"l2", "W", shape<16, 16>>;
    for (std::size_t k = 0; k < 256; ++k) BOOST_TEST(once[W2][k] == theta[W2][k] - 0.1 * g[W2][k]);
}
