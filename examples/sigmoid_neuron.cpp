// A sigmoid neuron and its squared error: z = w x + b, s = sigmoid(z), L = (s - t)^2.
// The chain rule along the path L <- s <- z <- w: dL/dw = 2(s - t) * s(1 - s) * x, where the
// sigmoid's local derivative s(1 - s) reuses its forward value.
// Prints the forward and backward passes and writes sigmoid_neuron.dot to the directory in
// argv[1] (or the current directory).
#include <cmath>
#include <cstdio>
#include <ctdiff/ctdiff.hpp>
#include <fstream>
#include <iostream>
#include <string>

using namespace ctdiff::literals;

int main(int argc, char** argv) {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto w = ctdiff::var<"w">;
    constexpr auto b = ctdiff::var<"b">;
    constexpr auto t = ctdiff::var<"t">;
    constexpr auto L = ctdiff::pow(ctdiff::sigmoid(w * x + b) - t, 2_c);

    ctdiff::trace(std::cout, "L", L, ctdiff::wrt(w, b), x = 2.0, w = 0.5, b = -0.25, t = 1.0);

    // the same number from the formula of the comment above
    const double s = 1 / (1 + std::exp(-(0.5 * 2.0 - 0.25)));
    std::printf("\nby the formula: dL/dw = 2(s - t) s(1 - s) x = %g\n", 2 * (s - 1.0) * s * (1 - s) * 2.0);

    const std::string path = std::string(argc > 1 ? argv[1] : ".") + "/sigmoid_neuron.dot";
    std::ofstream(path) << ctdiff::to_dot("L", L, x = 2.0, w = 0.5, b = -0.25, t = 1.0);
    std::printf("wrote %s\n", path.c_str());
    return std::ifstream(path) ? 0 : 1;
}
