// The tutorials' tiny network: u1 = w x, u2 = u1^2, loss L = (u2 - t)^2 at x = 2, w = 3, t = 10.
// The backward pass multiplies local derivatives from the loss down: dL/dw = 52 * 12 * 2 = 1248.
// Prints the forward and backward passes and writes tiny_network.dot to the directory in argv[1]
// (or the current directory).
#include <cstdio>
#include <ctdiff/ctdiff.hpp>
#include <fstream>
#include <iostream>
#include <string>

using namespace ctdiff::literals;

int main(int argc, char** argv) {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto w = ctdiff::var<"w">;
    constexpr auto t = ctdiff::var<"t">;
    constexpr auto L = ctdiff::pow(ctdiff::pow(w * x, 2_c) - t, 2_c);
    static_assert(ctdiff::grad(L, ctdiff::wrt(w), x = 2.0, w = 3.0, t = 10.0)[w] == 1248.0);

    ctdiff::trace(std::cout, "L", L, ctdiff::wrt(w), x = 2.0, w = 3.0, t = 10.0);

    const std::string path = std::string(argc > 1 ? argv[1] : ".") + "/tiny_network.dot";
    std::ofstream(path) << ctdiff::to_dot("L", L, x = 2.0, w = 3.0, t = 10.0);
    std::printf("\nwrote %s\n", path.c_str());
    return std::ifstream(path) ? 0 : 1;
}
