// PyTorch's C++ autograd (libtorch), CPU, float64, one thread: the inputs become tensors that
// require gradients, the function is recorded as it runs, backward() walks the recorded graph.
// P1 and P2 use 0-dimensional tensors, P3 one 16-element tensor and slices (the idiomatic,
// vectorised form). The networks P4-P6 are written as torch::nn::Linear would compute them:
// parameter tensors that require gradients, torch::linear and torch::tanh, one sample as a
// vector, P6's batch as one 256 x 4 matrix, P5's loss torch::nn::functional::cross_entropy. The
// value alone runs the same code under NoGradGuard (nothing recorded).
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "problems.hpp"

namespace ctdiff_bench {

namespace {

// once per process: libtorch's intra-op pool down to one thread
void single_threaded() {
    static const bool once = (torch::set_num_threads(1), true);
    (void)once;
}

torch::TensorOptions float64() { return torch::TensorOptions().dtype(torch::kFloat64); }

torch::Tensor scalar(double v, bool requires_grad) {
    return torch::scalar_tensor(v, float64().requires_grad(requires_grad));
}

torch::Tensor p1_function(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& z) {
    return (x + y + z) * torch::exp(x * y * z);
}
torch::Tensor p2_function(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& t) {
    const torch::Tensor u1 = w * x;
    const torch::Tensor u3 = u1 * u1 - t;
    return u3 * u3;
}
torch::Tensor p3_function(const torch::Tensor& x) {
    const auto n = static_cast<std::int64_t>(p3::inputs);
    const torch::Tensor head = x.slice(0, 0, n - 1);
    const torch::Tensor d = x.slice(0, 1, n) - head * head;
    const torch::Tensor a = 1.0 - head;
    return (100.0 * d * d + a * a).sum();
}
torch::Tensor p3_input(const double* in, bool requires_grad) {
    return torch::from_blob(const_cast<double*>(in), {static_cast<std::int64_t>(p3::inputs)}, float64())
        .clone()
        .requires_grad_(requires_grad);
}

// P4-P6: the parameters as tensors (copied from the flat input, as the other inputs are).
struct network {
    torch::Tensor w1, b1, w2, b2, w3, b3;
};
template <class P>
torch::Tensor block(const double* in, std::size_t offset, std::initializer_list<std::int64_t> sizes,
                    bool requires_grad) {
    return torch::from_blob(const_cast<double*>(in + offset), sizes, float64()).clone().requires_grad_(requires_grad);
}
template <class P>
network parameters(const double* in, bool requires_grad) {
    const auto i = static_cast<std::int64_t>(P::n_in), h1 = static_cast<std::int64_t>(P::n_h1),
               h2 = static_cast<std::int64_t>(P::n_h2), o = static_cast<std::int64_t>(P::n_out);
    return {block<P>(in, P::w1, {h1, i}, requires_grad), block<P>(in, P::b1, {h1}, requires_grad),
            block<P>(in, P::w2, {h2, h1}, requires_grad), block<P>(in, P::b2, {h2}, requires_grad),
            block<P>(in, P::w3, {o, h2}, requires_grad),  block<P>(in, P::b3, {o}, requires_grad)};
}
// The loss of P averaged over its samples: inputs are a vector (one sample) or a batch x In matrix.
template <class P>
torch::Tensor mlp_loss(const network& net, const double* in) {
    namespace F = torch::nn::functional;
    const auto i = static_cast<std::int64_t>(P::n_in), batch = static_cast<std::int64_t>(P::batch);
    const auto ss = static_cast<std::int64_t>(P::sample_size);
    // the samples as a batch x (In + 1) matrix: inputs, then the target or class index
    const torch::Tensor data = torch::from_blob(const_cast<double*>(in + P::data), {batch, ss}, float64());
    torch::Tensor x = data.slice(1, 0, i);
    if constexpr (P::batch == 1) x = x.reshape({i});
    const torch::Tensor h1 = torch::tanh(torch::linear(x, net.w1, net.b1));
    const torch::Tensor h2 = torch::tanh(torch::linear(h1, net.w2, net.b2));
    const torch::Tensor z = torch::linear(h2, net.w3, net.b3);
    if constexpr (P::loss == mlp_loss_kind::squared_error) {
        return F::mse_loss(z.reshape({batch}), data.select(1, i).clone());
    } else {
        static_assert(P::batch == 1, "cross-entropy problems have one sample");
        const auto label = static_cast<std::int64_t>(in[P::data + P::n_in]);
        return F::cross_entropy(z.reshape({1, static_cast<std::int64_t>(P::n_out)}),
                                torch::full({1}, label, torch::TensorOptions().dtype(torch::kLong)));
    }
}
template <class P>
void mlp_grad(const double* in, double* out) {
    single_threaded();
    const network net = parameters<P>(in, true);
    const torch::Tensor loss = mlp_loss<P>(net, in);
    loss.backward();
    out[0] = loss.item<double>();
    double* g = out + 1;
    for (const torch::Tensor* p : {&net.w1, &net.b1, &net.w2, &net.b2, &net.w3, &net.b3}) {
        const torch::Tensor gp = p->grad().contiguous();
        const double* d = gp.data_ptr<double>();
        const auto n = static_cast<std::size_t>(gp.numel());
        for (std::size_t k = 0; k < n; ++k) g[k] = d[k];
        g += n;
    }
}
template <class P>
double mlp_value(const double* in) {
    single_threaded();
    const torch::NoGradGuard no_grad;
    const torch::Tensor loss = mlp_loss<P>(parameters<P>(in, false), in);
    return loss.item<double>();
}

}  // namespace

template <>
void grad<torch_ad, p1>(const double* in, double* out) {
    single_threaded();
    const torch::Tensor x = scalar(in[0], true), y = scalar(in[1], true), z = scalar(in[2], true);
    const torch::Tensor f = p1_function(x, y, z);
    f.backward();
    out[0] = f.item<double>();
    out[1] = x.grad().item<double>();
    out[2] = y.grad().item<double>();
    out[3] = z.grad().item<double>();
}
template <>
double value<torch_ad, p1>(const double* in) {
    single_threaded();
    const torch::NoGradGuard no_grad;
    return p1_function(scalar(in[0], false), scalar(in[1], false), scalar(in[2], false)).item<double>();
}

template <>
void grad<torch_ad, p2>(const double* in, double* out) {
    single_threaded();
    const torch::Tensor w = scalar(in[1], true);
    const torch::Tensor f = p2_function(scalar(in[0], false), w, scalar(in[2], false));
    f.backward();
    out[0] = f.item<double>();
    out[1] = w.grad().item<double>();
}
template <>
double value<torch_ad, p2>(const double* in) {
    single_threaded();
    const torch::NoGradGuard no_grad;
    return p2_function(scalar(in[0], false), scalar(in[1], false), scalar(in[2], false)).item<double>();
}

template <>
void grad<torch_ad, p3>(const double* in, double* out) {
    single_threaded();
    const torch::Tensor x = p3_input(in, true);
    const torch::Tensor f = p3_function(x);
    f.backward();
    out[0] = f.item<double>();
    const torch::Tensor g = x.grad().contiguous();
    const double* gp = g.data_ptr<double>();
    for (std::size_t i = 0; i < p3::inputs; ++i) out[i + 1] = gp[i];
}
template <>
double value<torch_ad, p3>(const double* in) {
    single_threaded();
    const torch::NoGradGuard no_grad;
    return p3_function(p3_input(in, false)).item<double>();
}

template <>
void grad<torch_ad, p4>(const double* in, double* out) { mlp_grad<p4>(in, out); }
template <>
double value<torch_ad, p4>(const double* in) { return mlp_value<p4>(in); }
template <>
void grad<torch_ad, p5>(const double* in, double* out) { mlp_grad<p5>(in, out); }
template <>
double value<torch_ad, p5>(const double* in) { return mlp_value<p5>(in); }
template <>
void grad<torch_ad, p6>(const double* in, double* out) { mlp_grad<p6>(in, out); }
template <>
double value<torch_ad, p6>(const double* in) { return mlp_value<p6>(in); }

}  // namespace ctdiff_bench
