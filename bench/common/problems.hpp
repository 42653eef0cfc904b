// bench/common/problems.hpp — the benchmark problems and the functions every implementation
// defines for them.
//
// A problem is a type with its number of inputs, the number of gradient entries and the point
// it is evaluated at. An implementation is a tag type; it defines, in its own translation unit,
// explicit specialisations of
//
//     grad<Impl, Problem>(in, out)   out[0] = value, out[1..gradient_size] = gradient
//     value<Impl, Problem>(in)       the value alone (forward only)
//
// They are ordinary external functions: the benchmark loop (common/register.hpp) is in another
// translation unit, so every implementation pays exactly one call and sees opaque inputs.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace ctdiff_bench {

/// P1: f(x, y, z) = (x + y + z) exp(x y z), gradient with respect to x, y, z.
struct p1 {
    static constexpr const char* name = "P1";
    static constexpr std::size_t inputs = 3;          // x, y, z
    static constexpr std::size_t gradient_size = 3;   // df/dx, df/dy, df/dz
    static constexpr std::array<double, inputs> point{0.7, -0.4, 1.3};
};

/// P2: the tiny network L = ((w x)^2 - t)^2 at x = 2, w = 3, t = 10, gradient with respect to w.
struct p2 {
    static constexpr const char* name = "P2";
    static constexpr std::size_t inputs = 3;          // x, w, t
    static constexpr std::size_t gradient_size = 1;   // dL/dw = 1248
    static constexpr std::array<double, inputs> point{2.0, 3.0, 10.0};
};

/// P3: Rosenbrock in 16 variables, sum over i < 15 of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2,
/// gradient with respect to all 16.
struct p3 {
    static constexpr const char* name = "P3";
    static constexpr std::size_t inputs = 16;
    static constexpr std::size_t gradient_size = 16;
    static constexpr std::array<double, inputs> point{-1.2, 1.0,  0.3,  -0.7, 1.5,  0.2, -0.9, 0.8,
                                                      1.1,  -0.5, 0.45, 1.25, -1.4, 0.6, 0.9,  -0.3};
};

/// The loss of a network problem: squared error against a scalar target, or softmax
/// cross-entropy against an integer class index (stored as a double).
enum class mlp_loss_kind { squared_error, softmax_cross_entropy };

/// A fully connected network In-H1-H2-Out, tanh on both hidden layers, linear output, the loss
/// averaged over Batch samples; gradient with respect to every parameter.
///
/// Layout of `in` (and of the gradient in `out + 1`, which has the parameters only): the
/// parameters first, in the order of ctdiff's nn::params (first use, deepest layer first):
/// W1 (H1 x In, row-major), b1, W2 (H2 x H1), b2, W3 (Out x H2), b3; then Batch samples, each In
/// inputs followed by its target (squared error) or class index (cross-entropy).
template <std::size_t In, std::size_t H1, std::size_t H2, std::size_t Out, std::size_t Batch, mlp_loss_kind Loss>
struct mlp_problem {
    static constexpr std::size_t n_in = In, n_h1 = H1, n_h2 = H2, n_out = Out, batch = Batch;
    static constexpr mlp_loss_kind loss = Loss;
    // offsets of the parameters in `in`
    static constexpr std::size_t w1 = 0, b1 = w1 + H1 * In, w2 = b1 + H1, b2 = w2 + H2 * H1, w3 = b2 + H2,
                                 b3 = w3 + Out * H2;
    static constexpr std::size_t parameter_count = b3 + Out;
    static constexpr std::size_t sample_size = In + 1;  // inputs, then target or class index
    static constexpr std::size_t data = parameter_count;  // offset of the first sample
    static constexpr std::size_t inputs = parameter_count + Batch * sample_size;
    static constexpr std::size_t gradient_size = parameter_count;
};

namespace detail {
/// splitmix64: a tiny portable generator, so that every compiler sees the same problem data.
class problem_random {
public:
    explicit problem_random(std::uint64_t seed) : state_(seed) {}
    /// Uniform in [lo, hi).
    double uniform(double lo, double hi) {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        return lo + static_cast<double>(z >> 11) * 0x1p-53 * (hi - lo);
    }

private:
    std::uint64_t state_;
};

/// The point of a network problem: Glorot-uniform weights (bound sqrt(6 / (fan_in + fan_out))),
/// biases uniform in [-0.1, 0.1] (not zero, so that their gradients are tested too), inputs and
/// targets uniform in [-1, 1], class indices uniform in [0, Out).
template <class P>
std::array<double, P::inputs> mlp_point(std::uint64_t seed) {
    std::array<double, P::inputs> p{};
    problem_random random(seed);
    const auto weights = [&](std::size_t offset, std::size_t rows, std::size_t cols) {
        const double a = std::sqrt(6.0 / static_cast<double>(rows + cols));
        for (std::size_t k = 0; k < rows * cols; ++k) p[offset + k] = random.uniform(-a, a);
    };
    const auto biases = [&](std::size_t offset, std::size_t n) {
        for (std::size_t k = 0; k < n; ++k) p[offset + k] = random.uniform(-0.1, 0.1);
    };
    weights(P::w1, P::n_h1, P::n_in);
    biases(P::b1, P::n_h1);
    weights(P::w2, P::n_h2, P::n_h1);
    biases(P::b2, P::n_h2);
    weights(P::w3, P::n_out, P::n_h2);
    biases(P::b3, P::n_out);
    for (std::size_t s = 0; s < P::batch; ++s) {
        double* sample = p.data() + P::data + s * P::sample_size;
        for (std::size_t i = 0; i < P::n_in; ++i) sample[i] = random.uniform(-1.0, 1.0);
        sample[P::n_in] = P::loss == mlp_loss_kind::squared_error
                              ? random.uniform(-1.0, 1.0)
                              : std::floor(random.uniform(0.0, static_cast<double>(P::n_out)));
    }
    return p;
}
}  // namespace detail

/// P4: MLP 4-16-16-1, tanh hidden, linear output, squared error, one sample; gradient with
/// respect to all 369 parameters.
struct p4 : mlp_problem<4, 16, 16, 1, 1, mlp_loss_kind::squared_error> {
    static constexpr const char* name = "P4";
    static inline const std::array<double, inputs> point = detail::mlp_point<p4>(4);
};

/// P5: MLP 32-64-64-10, tanh hidden, softmax cross-entropy against an integer class index, one
/// sample; gradient with respect to all 6,922 parameters.
struct p5 : mlp_problem<32, 64, 64, 10, 1, mlp_loss_kind::softmax_cross_entropy> {
    static constexpr const char* name = "P5";
    static inline const std::array<double, inputs> point = detail::mlp_point<p5>(5);
};

/// P6: P4's network over a batch of 256 samples, mean loss; gradient with respect to all 369
/// parameters.
struct p6 : mlp_problem<4, 16, 16, 1, 256, mlp_loss_kind::squared_error> {
    static constexpr const char* name = "P6";
    static inline const std::array<double, inputs> point = detail::mlp_point<p6>(6);
};

// The implementations. Each is defined in its own file under bench/impl/.
struct handwritten;    // forward and backprop written out over fixed-size arrays: the reference
struct ctdiff_ad;      // ctdiff::value_and_grad and ctdiff::evaluate
struct ctdiff_pack_ad; // the same on ctdiff::pack<double>: pack<double>::size samples at a time (P6)
struct eigen_ad;       // Eigen AutoDiffScalar, forward mode, all directions in one pass
struct ceres_ad;       // Ceres Jet, forward mode, all directions in one pass
struct boost_ad;       // Boost.Math autodiff, forward mode, one pass per gradient entry
struct adolc_replay;   // ADOL-C, tape recorded once, replayed per call
struct adolc_retape;   // ADOL-C, taped again at every call
struct torch_ad;       // PyTorch C++ autograd, CPU, float64, one thread

template <class Impl, class Problem>
void grad(const double* in, double* out);

template <class Impl, class Problem>
double value(const double* in);

}  // namespace ctdiff_bench
