// PyTorch's C++ autograd (libtorch) on the batches, CPU, one thread, as PyTorch is written for
// them: the batch as tensors of all points, the function as elementwise tensor expressions, one
// backward() of the sum (each point's value depends only on its own inputs, so the gradient of
// the sum holds every point's gradient). P7: three 4096-element tensors; P8: one 16 x 1024
// tensor and slices. float64 for the double rows, float32 for the float rows. Compiled as C++17,
// as bench/impl/torch.cpp (bench/CMakeLists.txt says why).
#include <torch/torch.h>

#include <cstdint>
#include <cstring>
#include <type_traits>

#include "problems.hpp"

namespace ctdiff_batch {

namespace {

void single_threaded() {
    static const bool once = (torch::set_num_threads(1), true);
    (void)once;
}

template <class T>
torch::TensorOptions options() {
    return torch::TensorOptions().dtype(std::is_same<T, double>::value ? torch::kFloat64 : torch::kFloat32);
}

template <class T>
torch::Tensor input(const T* in, std::int64_t rows, std::int64_t cols) {
    return torch::from_blob(const_cast<T*>(in), {rows, cols}, options<T>()).clone().requires_grad_(true);
}

template <class T>
void copy_out(const torch::Tensor& t, T* out) {
    const torch::Tensor c = t.contiguous();
    std::memcpy(out, c.data_ptr<T>(), static_cast<std::size_t>(c.numel()) * sizeof(T));
}

template <class T>
void p7_torch(const T* in, T* out) {
    single_threaded();
    constexpr auto n = static_cast<std::int64_t>(p7::points);
    const torch::Tensor v = input(in, 3, n);
    const torch::Tensor x = v[0], y = v[1], z = v[2];
    const torch::Tensor f = (x + y + z) * torch::exp(x * y * z);
    f.sum().backward();
    copy_out<T>(f.detach(), out);
    copy_out<T>(v.grad(), out + n);
}

template <class T>
void p8_torch(const T* in, T* out) {
    single_threaded();
    constexpr auto n = static_cast<std::int64_t>(p8::points), m = static_cast<std::int64_t>(p8::inputs);
    const torch::Tensor x = input(in, m, n);
    const torch::Tensor head = x.slice(0, 0, m - 1);
    const torch::Tensor d = x.slice(0, 1, m) - head * head;
    const torch::Tensor a = 1.0 - head;
    const torch::Tensor f = (100.0 * d * d + a * a).sum(0);
    f.sum().backward();
    copy_out<T>(f.detach(), out);
    copy_out<T>(x.grad(), out + n);
}

}  // namespace

template <>
void batch<torch_batch, p7, double>(const double* in, double* out) { p7_torch(in, out); }
template <>
void batch<torch_batch, p7, float>(const float* in, float* out) { p7_torch(in, out); }
template <>
void batch<torch_batch, p8, double>(const double* in, double* out) { p8_torch(in, out); }
template <>
void batch<torch_batch, p8, float>(const float* in, float* out) { p8_torch(in, out); }

}  // namespace ctdiff_batch
