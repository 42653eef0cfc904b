// Cross-compiled for a Cortex-M4F by tests/embedded (docs/embedded.md): MLP 4-16-16-1 (tanh,
// squared error, 369 parameters), its loss and the gradient with respect to every parameter, in
// float. Nothing here may call a double-precision helper, allocate, or call anything but the
// libm functions the check allows (tanhf).
#include <ctdiff/eval/reverse.hpp>
#include <ctdiff/nn/nn.hpp>

namespace nn = ctdiff::nn;
using ctdiff::shape;
using ctdiff::tensor;

namespace {
constexpr auto x = ctdiff::var<"x", shape<4>>;
constexpr auto target = ctdiff::var<"t">;
constexpr auto loss =
    nn::mse(nn::dense<"l3", 16, 1>(nn::tanh(nn::dense<"l2", 16, 16>(nn::tanh(nn::dense<"l1", 4, 16>(x))))), target);
}  // namespace

using mlp_parameters = decltype(nn::parameters<float>(nn::params(loss)));
using mlp_result = decltype(ctdiff::value_and_grad(loss, nn::params(loss), mlp_parameters{},
                                                   x = tensor<float, shape<4>>{}, target = 0.0f));

/// The loss of one sample and its gradient with respect to all parameters, into `out`.
void mlp_value_and_gradient(const mlp_parameters& theta, const tensor<float, shape<4>>& input, float t,
                            mlp_result& out) {
    out = ctdiff::value_and_grad(loss, nn::params(loss), theta, x = input, target = t);
}
