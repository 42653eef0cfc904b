// One training step of an MLP 2-8-8-1 (tanh hidden layers, linear output, squared error), the
// way examples/spirals.cpp and fit_sine.cpp train: the gradient of the batch's mean loss is the
// mean of the per-sample gradients, and SGD moves every parameter against it. Prints the loss
// before and after each of a few steps on a fixed batch (it must fall), and writes the network's
// graph, evaluated at the first sample, to mlp_step.dot in the directory in argv[1] (or the
// current directory): tensors with more than six elements are drawn as their shape and
// min / mean / max.
#include <cmath>
#include <cstdio>
#include <ctdiff/ctdiff.hpp>
#include <fstream>
#include <string>

namespace nn = ctdiff::nn;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto x = ctdiff::var<"x", shape<2>>;
constexpr auto t = ctdiff::var<"t">;
constexpr auto model = nn::dense<"out", 8, 1>(nn::tanh(nn::dense<"h2", 8, 8>(nn::tanh(nn::dense<"h1", 2, 8>(x)))));
constexpr auto L = nn::mse(model, t);

int main(int argc, char** argv) {
    // a batch of 8 points of t = x1 x2
    constexpr int n = 8;
    tensor<double, shape<2>> inputs[n];
    double targets[n];
    for (int i = 0; i < n; ++i) {
        inputs[i] = {{std::cos(0.8 * i), std::sin(1.3 * i)}};
        targets[i] = inputs[i](0) * inputs[i](1);
    }
    auto theta = nn::parameters<double>(nn::params(L));
    nn::glorot_uniform(theta, 1);
    const nn::sgd<double> sgd{0.2};

    const auto batch_loss = [&] {
        double total = 0;
        for (int i = 0; i < n; ++i) total += L(theta, x = inputs[i], t = targets[i]);
        return total / n;
    };
    const double first = batch_loss();
    for (int step = 1; step <= 5; ++step) {
        auto [loss, g] = ctdiff::value_and_grad(L, nn::params(L), theta, x = inputs[0], t = targets[0]);
        for (int i = 1; i < n; ++i) {
            const auto [value, gi] = ctdiff::value_and_grad(L, nn::params(L), theta, x = inputs[i], t = targets[i]);
            loss += value;
            g += gi;
        }
        g *= 1.0 / n;
        sgd.step(theta, g);
        std::printf("step %d: batch loss %.6f -> %.6f\n", step, loss / n, batch_loss());
    }

    const std::string path = std::string(argc > 1 ? argv[1] : ".") + "/mlp_step.dot";
    std::ofstream(path) << ctdiff::to_dot("L", L, theta, x = inputs[0], t = targets[0]);
    std::printf("wrote %s\n", path.c_str());
    return batch_loss() < first && std::ifstream(path) ? 0 : 1;
}
