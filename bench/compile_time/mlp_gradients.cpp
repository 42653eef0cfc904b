// Compile-time benchmark: the gradient of one fixed network with respect to all its parameters,
// in one translation unit. -DCTDIFF_MLP=1: MLP 4-16-16-1 (tanh, squared error, 369 parameters);
// -DCTDIFF_MLP=2: MLP 32-64-64-10 (tanh, softmax cross-entropy, 7,018 parameters).
//   /usr/bin/time -v g++ -std=c++20 -O2 -Iinclude -DCTDIFF_MLP=1 -c bench/compile_time/mlp_gradients.cpp
#include <ctdiff/ctdiff.hpp>

namespace nn = ctdiff::nn;
using ctdiff::shape;
using ctdiff::tensor;

#if CTDIFF_MLP == 2
constexpr auto x = ctdiff::var<"x", shape<32>>;
constexpr auto label = ctdiff::var<"label">;
constexpr auto loss = nn::softmax_cross_entropy(
    nn::dense<"o", 64, 10>(nn::tanh(nn::dense<"h2", 64, 64>(nn::tanh(nn::dense<"h1", 32, 64>(x))))), label);
using input = tensor<double, shape<32>>;
#else
constexpr auto x = ctdiff::var<"x", shape<4>>;
constexpr auto label = ctdiff::var<"t">;
constexpr auto loss = nn::mse(nn::dense<"l3", 16, 1>(nn::tanh(nn::dense<"l2", 16, 16>(nn::tanh(nn::dense<"l1", 4, 16>(x))))), label);
using input = tensor<double, shape<4>>;
#endif

using parameters = decltype(nn::parameters<double>(nn::params(loss)));
using result = decltype(ctdiff::value_and_grad(loss, nn::params(loss), parameters{}, x = input{}, label = 0.0));

result gradient(const parameters& theta, const input& in, double target) {
    return ctdiff::value_and_grad(loss, nn::params(loss), theta, x = in, label = target);
}
