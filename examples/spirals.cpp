// Learns the two-spirals problem: points on two interleaved spiral arms, labelled by arm, with
// an MLP 2-24-24-2 (tanh), softmax cross-entropy and Adam. The data are generated from a seed,
// 2 x 300 training points and 2 x 150 held-out points; the program prints the loss as it
// trains and the accuracy on the held-out points.
//
//   spirals [epochs] [minimum held-out accuracy]
//
// exits 1 if the held-out accuracy is below the minimum (default 0: only report).
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctdiff/ctdiff.hpp>
#include <numbers>
#include <vector>

namespace nn = ctdiff::nn;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto point = ctdiff::var<"point", shape<2>>;
constexpr auto arm = ctdiff::var<"arm">;  // the class label, 0 or 1
constexpr auto logits = nn::dense<"out", 24, 2>(nn::tanh(nn::dense<"h2", 24, 24>(nn::tanh(nn::dense<"h1", 2, 24>(point)))));
constexpr auto loss = nn::softmax_cross_entropy(logits, arm);
using P = ctdiff::pack<double>;  // the target's native width: 8 samples at a time with AVX-512

struct sample {
    tensor<double, shape<2>> x;
    double label;
};

/// n points on each arm: radius t, angle 1.75 turns * t, the second arm turned by half a turn,
/// with a little noise.
std::vector<sample> spirals(std::size_t n, std::uint64_t seed) {
    nn::random_stream random(seed);
    std::vector<sample> out;
    for (std::size_t i = 0; i < n; ++i)
        for (int c = 0; c < 2; ++c) {
            const double t = 0.08 + 0.92 * random.uniform(0.0, 1.0);
            const double angle = 1.75 * 2 * std::numbers::pi * t + c * std::numbers::pi;
            const double noise_x = random.uniform(-0.02, 0.02), noise_y = random.uniform(-0.02, 0.02);
            out.push_back({tensor<double, shape<2>>{{t * std::cos(angle) + noise_x, t * std::sin(angle) + noise_y}},
                           static_cast<double>(c)});
        }
    return out;
}

template <class Theta>
double accuracy(const Theta& theta, const std::vector<sample>& data) {
    std::size_t right = 0;
    for (const sample& s : data) {
        const auto z = ctdiff::evaluate(logits, theta, point = s.x);
        right += (z(1) > z(0)) == (s.label == 1.0);
    }
    return static_cast<double>(right) / static_cast<double>(data.size());
}

/// Argument i as a number, or `otherwise` when it is absent or not a number (the test runner
/// passes every example a directory for its files).
double number_argument(int argc, char** argv, int i, double otherwise) {
    if (argc <= i) return otherwise;
    char* end = nullptr;
    const double v = std::strtod(argv[i], &end);
    return end != argv[i] && *end == '\0' ? v : otherwise;
}

int main(int argc, char** argv) {
    const int epochs = static_cast<int>(number_argument(argc, argv, 1, 400));
    const double floor = number_argument(argc, argv, 2, 0.0);

    const auto train = spirals(300, 1);
    const auto held_out = spirals(150, 2);

    auto theta = nn::parameters<double>(nn::params(loss));
    nn::glorot_uniform(theta, 42);
    auto adam = nn::make_adam(theta, 0.01);

    std::vector<std::size_t> order(train.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    nn::random_stream shuffle(7);
    constexpr std::size_t batch = 32;
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[shuffle.next() % i]);
        double total = 0;
        for (std::size_t start = 0; start < order.size(); start += batch) {
            const std::size_t end = std::min(order.size(), start + batch);
            // the batch's gradient: the sum over its samples, then the mean. P::size samples per
            // pass, one per lane of a pack, the parameters shared by all lanes; a last few
            // samples that do not fill a pack one at a time
            decltype(ctdiff::grad(loss, nn::params(loss), theta, point = tensor<P, shape<2>>{}, arm = P{})) lanes{};
            std::size_t k = start;
            for (; k + P::size <= end; k += P::size) {
                const auto xs = ctdiff::gather<P>([&](std::size_t i) { return train[order[k + i]].x; });
                const auto labels = ctdiff::gather<P>([&](std::size_t i) { return train[order[k + i]].label; });
                const auto [v, per_lane] = ctdiff::value_and_grad(loss, nn::params(loss), theta, point = xs, arm = labels);
                total += ctdiff::sum_lanes(v);
                lanes += per_lane;  // lane by lane; the lanes are added once, below
            }
            auto g = ctdiff::sum_lanes(lanes);
            for (; k < end; ++k) {
                const auto [v, gk] =
                    ctdiff::value_and_grad(loss, nn::params(loss), theta, point = train[order[k]].x, arm = train[order[k]].label);
                total += v;
                g += gk;
            }
            g *= 1.0 / static_cast<double>(end - start);
            adam.step(theta, g);
        }
        if (epoch == 1 || epoch % 100 == 0 || epoch == epochs)
            std::printf("epoch %4d  mean loss %.4f  training accuracy %.3f\n", epoch,
                        total / static_cast<double>(train.size()), accuracy(theta, train));
    }
    const double result = accuracy(theta, held_out);
    std::printf("held-out accuracy: %.3f (%zu points)\n", result, held_out.size());
    if (result < floor) {
        std::printf("below the required %.3f\n", floor);
        return 1;
    }
    return 0;
}
