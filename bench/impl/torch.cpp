// PyTorch's C++ autograd (libtorch), CPU, float64, one thread: the inputs become tensors that
// require gradients, the function is recorded as it runs, backward() walks the recorded graph.
// P1 and P2 use 0-dimensional tensors, P3 one 16-element tensor and slices (the idiomatic,
// vectorised form). The value alone runs the same code under NoGradGuard (nothing recorded).
#include <torch/torch.h>

#include <cstddef>
#include <cstdint>

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

}  // namespace ctdiff_bench
