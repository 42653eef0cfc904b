// Regression: fits sin(x) on [-pi, pi] with an MLP 1-16-16-1 (tanh hidden layers, linear
// output) by mean squared error and Adam, from 64 evenly spaced training points; reports the
// largest error on 1000 held-out points between them.
//
//   fit_sine [epochs] [largest allowed held-out error]
//
// exits 1 if the held-out error is above the limit (default: no limit).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctdiff/ctdiff.hpp>
#include <numbers>

namespace nn = ctdiff::nn;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto x = ctdiff::var<"x", shape<1>>;
constexpr auto y = ctdiff::var<"y">;
constexpr auto model = nn::dense<"out", 16, 1>(nn::tanh(nn::dense<"h2", 16, 16>(nn::tanh(nn::dense<"h1", 1, 16>(x)))));
constexpr auto loss = nn::mse(model, y);

/// Argument i as a number, or `otherwise` when it is absent or not a number (the test runner
/// passes every example a directory for its files).
double number_argument(int argc, char** argv, int i, double otherwise) {
    if (argc <= i) return otherwise;
    char* end = nullptr;
    const double v = std::strtod(argv[i], &end);
    return end != argv[i] && *end == '\0' ? v : otherwise;
}

int main(int argc, char** argv) {
    const int epochs = static_cast<int>(number_argument(argc, argv, 1, 3000));
    const double limit = number_argument(argc, argv, 2, INFINITY);
    constexpr double pi = std::numbers::pi;
    constexpr int n = 64;

    auto theta = nn::parameters<double>(nn::params(loss));
    nn::glorot_uniform(theta, 5);
    auto adam = nn::make_adam(theta, 0.003);
    for (int epoch = 1; epoch <= epochs; ++epoch) {  // full batch: the mean gradient of all points
        decltype(ctdiff::grad(loss, nn::params(loss), theta, x = tensor<double, shape<1>>{}, y = 0.0)) g{};
        double total = 0;
        for (int i = 0; i < n; ++i) {
            const double xi = -pi + 2 * pi * i / (n - 1);
            const auto [value, gi] = ctdiff::value_and_grad(loss, nn::params(loss), theta, x = {{xi}}, y = std::sin(xi));
            total += value;
            g += gi;
        }
        g *= 1.0 / n;
        adam.step(theta, g);
        if (epoch == 1 || epoch % 500 == 0) std::printf("epoch %5d  training mse %.3g\n", epoch, total / n);
    }
    double worst = 0;
    for (int i = 0; i < 1000; ++i) {
        const double xi = -pi + 2 * pi * (i + 0.5) / 1000;
        worst = std::fmax(worst, std::fabs(model(theta, x = {{xi}})(0) - std::sin(xi)));
    }
    std::printf("largest error on 1000 held-out points: %.4f\n", worst);
    if (!(worst <= limit)) {
        std::printf("above the allowed %.4f\n", limit);
        return 1;
    }
    return 0;
}
