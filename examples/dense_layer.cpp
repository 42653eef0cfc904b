// A dense layer with tensors: two inputs, two tanh units, one linear output and a squared error,
// L = mean((W2 tanh(W1 x + b1) + b2 - t)^2), written with ctdiff::nn. Every tensor has at most
// six elements, so the trace writes every value out; the chain rule is the one for scalars, with
// each matrix-vector product passing back its vector-Jacobian product (dL/dx = W^T dL/dz,
// dL/dW = dL/dz x^T).
// Prints the forward and backward passes, checks one weight's derivative against the chain rule
// by hand, and writes dense_layer.dot to the directory in argv[1] (or the current directory).
#include <cmath>
#include <cstdio>
#include <ctdiff/ctdiff.hpp>
#include <fstream>
#include <iostream>
#include <string>

namespace nn = ctdiff::nn;
using ctdiff::shape;

constexpr auto x = ctdiff::var<"x", shape<2>>;
constexpr auto t = ctdiff::var<"t">;
constexpr auto L = nn::mse(nn::dense<"l2", 2, 1>(nn::tanh(nn::dense<"l1", 2, 2>(x))), t);

int main(int argc, char** argv) {
    auto theta = nn::parameters<double>(nn::params(L));
    theta[nn::parameter<"l1", "W", shape<2, 2>>] = {{{0.3, 0.2}, {-0.4, 0.1}}};
    theta[nn::parameter<"l1", "b", shape<2>>] = {{0.0, 0.1}};
    theta[nn::parameter<"l2", "W", shape<1, 2>>] = {{{0.7, -0.5}}};
    theta[nn::parameter<"l2", "b", shape<1>>] = {{0.05}};
    const ctdiff::tensor<double, shape<2>> input{{0.5, -1.0}};

    ctdiff::trace(std::cout, "L", L, nn::params(L), theta, x = input, t = 0.25);

    // dL/dW1(0, 0) by the chain rule along its one path: 2(y - t) * W2(0, 0) * (1 - h1^2) * x1
    const double h1 = std::tanh(0.3 * 0.5 + 0.2 * -1.0 + 0.0), h2 = std::tanh(-0.4 * 0.5 + 0.1 * -1.0 + 0.1);
    const double y = 0.7 * h1 - 0.5 * h2 + 0.05;
    const double by_hand = 2 * (y - 0.25) * 0.7 * (1 - h1 * h1) * 0.5;
    const auto g = ctdiff::grad(L, nn::params(L), theta, x = input, t = 0.25);
    const double by_ctdiff = g[nn::parameter<"l1", "W", shape<2, 2>>](0, 0);
    std::printf("\nby hand: dL/dl1.W(0, 0) = 2(y - t) W2(0, 0) (1 - h1^2) x1 = %g\n", by_hand);

    const std::string path = std::string(argc > 1 ? argv[1] : ".") + "/dense_layer.dot";
    std::ofstream(path) << ctdiff::to_dot("L", L, theta, x = input, t = 0.25);
    std::printf("wrote %s\n", path.c_str());
    return std::abs(by_hand - by_ctdiff) < 1e-12 && std::ifstream(path) ? 0 : 1;
}
