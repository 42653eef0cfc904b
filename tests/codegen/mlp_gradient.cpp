// Codegen check: the gradient of the MLP 4-16-16-1 (tanh hidden layers, linear output, squared
// error) with respect to all 369 parameters must compile to loops and straight-line code that
// call nothing but libm's tanh and allocate nothing. check_codegen.cmake compiles this file at
// -O2 and reads the disassembly of ctdiff_codegen_mlp_gradient.
#include <ctdiff/ctdiff.hpp>
#include <new>

namespace {

namespace nn = ctdiff::nn;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto x = ctdiff::var<"x", shape<4>>;
constexpr auto t = ctdiff::var<"t">;
constexpr auto loss =
    nn::mse(nn::dense<"l3", 16, 1>(nn::tanh(nn::dense<"l2", 16, 16>(nn::tanh(nn::dense<"l1", 4, 16>(x))))), t);
using parameters = decltype(nn::parameters<double>(nn::params(loss)));
using result = decltype(ctdiff::value_and_grad(loss, nn::params(loss), parameters{}, x = tensor<double, shape<4>>{}, t = 0.0));

}  // namespace

// The result is constructed in place (placement new of the returned value): a copy of its 370
// doubles would be a call to memcpy in this function, which is not the gradient's doing.
extern "C" void ctdiff_codegen_mlp_gradient(const parameters* theta, const tensor<double, shape<4>>* input,
                                            double target, result* out) {
    ::new (static_cast<void*>(out)) result(ctdiff::value_and_grad(loss, nn::params(loss), *theta, x = *input, t = target));
}
