// Many threads computing gradients, Jacobians (both modes), Hessians and printing at once: every
// result must equal the one computed before the threads started. Built with
// -fsanitize=thread by the sanitizer preset (CTDIFF_TSAN_TESTS): ctdiff keeps no mutable state
// (expressions are empty types, every evaluation's storage is on the caller's stack), and this
// checks it. A plain main: Boost.Test's library is not built with TSan.
#include <array>
#include <atomic>
#include <cstdio>
#include <ctdiff/ctdiff.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

using namespace ctdiff::literals;
using ctdiff::at;
using ctdiff::shape;
namespace nn = ctdiff::nn;

constexpr auto x = ctdiff::var<"x", shape<4>>;
constexpr auto y = ctdiff::var<"y">;
constexpr auto loss = nn::mse(nn::dense<"l2", 8, 1>(nn::tanh(nn::dense<"l1", 4, 8>(x))), y);

constexpr auto p = ctdiff::var<"p", shape<3>>;
constexpr auto t = ctdiff::var<"t", shape<10>>;
constexpr auto box3d = ctdiff::exp(-t * at<0>(p)) - ctdiff::exp(-t * at<1>(p)) -
                       at<2>(p) * (ctdiff::exp(-t) - ctdiff::exp(-10_c * t));

constexpr auto a = ctdiff::var<"a">;
constexpr auto b = ctdiff::var<"b">;
constexpr auto f = ctdiff::sin(a * b) + ctdiff::pow(a, 3_c) * ctdiff::exp(b);

struct results {
    double loss_value;
    std::vector<double> gradient;
    std::array<double, 30> forward, reverse;
    double hessian_ab;
    std::string text;
    bool operator==(const results&) const = default;
};

results compute(double shift) {
    auto theta = nn::parameters<double>(nn::params(loss));
    nn::glorot_uniform(theta, 7);
    const ctdiff::tensor<double, shape<4>> input{{0.5 + shift, -1.0, 0.25, 2.0}};
    const auto [value, g] = ctdiff::value_and_grad(loss, nn::params(loss), theta, x = input, y = 1.0);
    results r{};
    r.loss_value = value;
    auto entries = g.entries;
    ctdiff::detail::for_each_entry_element([&r](double& e) { r.gradient.push_back(e); }, entries);
    ctdiff::tensor<double, shape<10>> data;
    for (std::size_t i = 0; i < 10; ++i) data(i) = 0.1 * static_cast<double>(i + 1);
    const ctdiff::tensor<double, shape<3>> p0{{0.7, 12.0, 1.3 + shift}};
    double residuals[10];
    ctdiff::value_and_jacobian_to<ctdiff::jacobian_mode::forward>(residuals, r.forward.data(), box3d, ctdiff::wrt(p),
                                                                  p = p0, t = data);
    ctdiff::value_and_jacobian_to<ctdiff::jacobian_mode::reverse>(residuals, r.reverse.data(), box3d, ctdiff::wrt(p),
                                                                  p = p0, t = data);
    r.hessian_ab = ctdiff::hessian(f, ctdiff::wrt(a, b), a = 0.5 + shift, b = 1.5)(a, b);
    std::ostringstream trace;
    ctdiff::trace(trace, f, ctdiff::wrt(a, b), a = 0.5, b = 1.5);
    r.text = ctdiff::to_string(ctdiff::d(f, a)) + trace.str() + ctdiff::to_dot(f, a = 0.5, b = 1.5);
    return r;
}

}  // namespace

int main() {
    constexpr int threads = 8, rounds = 200;
    std::vector<results> expected;
    for (int k = 0; k < threads; ++k) expected.push_back(compute(0.01 * k));
    std::atomic<int> failures{0};
    std::vector<std::thread> pool;
    for (int k = 0; k < threads; ++k)
        pool.emplace_back([k, &expected, &failures] {
            for (int round = 0; round < rounds; ++round)
                if (!(compute(0.01 * k) == expected[static_cast<std::size_t>(k)])) ++failures;
        });
    for (auto& thread : pool) thread.join();
    std::printf("%d threads x %d rounds: %d mismatches\n", threads, rounds, failures.load());
    return failures.load() == 0 ? 0 : 1;
}
