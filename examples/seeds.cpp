// The worked examples of the chain-rule tutorials, computed by ctdiff and printed.
// Every derivative below is built by the compiler; the checks run again at compile time.
#include <cstdio>
#include <ctdiff/ctdiff.hpp>

using namespace ctdiff::literals;

namespace {

constexpr auto x = ctdiff::var<"x">;
constexpr auto w = ctdiff::var<"w">;
constexpr auto b = ctdiff::var<"b">;
constexpr auto t = ctdiff::var<"t">;

template <class F>
void show(const char* label, F f) {
    std::printf("  %-28s %s\n", label, ctdiff::to_string(f).c_str());
}

}  // namespace

int main() {
    std::printf("1. Cake: batter f = x^2, bake g = 2f, frost h = g + 3\n");
    constexpr auto frosted = 2_c * ctdiff::pow(x, 2_c) + 3_c;
    constexpr auto dfrosted = ctdiff::d(frosted, x);
    static_assert(frosted(x = 5.0) == 53.0 && dfrosted(x = 5.0) == 20.0);
    show("h(g(f(x))) =", frosted);
    show("d/dx =", dfrosted);
    std::printf("  at x = 5: h = %g, dh/dx = %g\n\n", frosted(x = 5.0), dfrosted(x = 5.0));

    std::printf("2. h(x) = (3x + 1)^2: outer u^2, inner 3x + 1\n");
    constexpr auto h = ctdiff::pow(3_c * x + 1_c, 2_c);
    show("h =", h);
    show("h' =", ctdiff::d(h, x));
    show("h'' =", ctdiff::d(h, x, x));
    std::printf("  LaTeX: h' = %s\n\n", ctdiff::to_latex(ctdiff::d(h, x)).c_str());

    std::printf("3. y = (3x + 2)^2\n");
    constexpr auto y = ctdiff::pow(3_c * x + 2_c, 2_c);
    show("dy/dx =", ctdiff::d(y, x));
    std::printf("  at x = 1: %g (18x + 12 = 30)\n\n", ctdiff::d(y, x)(x = 1.0));

    std::printf("4. Tiny network: L = ((w x)^2 - t)^2 at x = 2, w = 3, t = 10\n");
    constexpr auto loss = ctdiff::pow(ctdiff::pow(w * x, 2_c) - t, 2_c);
    constexpr auto dloss = ctdiff::d(loss, w);
    static_assert(dloss(x = 2.0, w = 3.0, t = 10.0) == 1248.0);
    show("L =", loss);
    show("dL/dw =", dloss);
    std::printf("  L = %g, dL/dw = %g\n\n", loss(x = 2.0, w = 3.0, t = 10.0),
                dloss(x = 2.0, w = 3.0, t = 10.0));

    std::printf("5. Sigmoid neuron: z = sigmoid(w x + b), L = (z - t)^2\n");
    constexpr auto neuron = ctdiff::pow(ctdiff::sigmoid(w * x + b) - t, 2_c);
    show("dL/dw =", ctdiff::d(neuron, w));
    show("dL/db =", ctdiff::d(neuron, b));
    std::printf("  at x = 2, w = 0.5, b = -0.25, t = 1: dL/dw = %.12f\n",
                ctdiff::d(neuron, w)(x = 2.0, w = 0.5, b = -0.25, t = 1.0));
    return 0;
}
