// (3x + 1)^2 and (3x + 2)^2 from the tutorials: outer function u^2, inner function 3x + c.
// d/dx = 2u * 3: 6(3x + 1), and 6(3x + 2) = 18x + 12 (30 at x = 1).
// Prints both traces and writes square_3x_plus_1.dot and square_3x_plus_2.dot to the directory in
// argv[1] (or the current directory).
#include <cstdio>
#include <ctdiff/ctdiff.hpp>
#include <fstream>
#include <iostream>
#include <string>

using namespace ctdiff::literals;

int main(int argc, char** argv) {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto h = ctdiff::pow(3_c * x + 1_c, 2_c);
    constexpr auto y = ctdiff::pow(3_c * x + 2_c, 2_c);
    static_assert(ctdiff::equal(ctdiff::d(y, x), 18_c * x + 12_c));
    static_assert(ctdiff::d(y, x)(x = 1.0) == 30.0);

    std::printf("h = %s, dh/dx = %s = %s\n\n", ctdiff::to_string(h).c_str(), ctdiff::to_string(ctdiff::d(h, x)).c_str(),
                ctdiff::to_latex(ctdiff::d(h, x)).c_str());
    ctdiff::trace(std::cout, "h", h, ctdiff::wrt(x), x = 2.0);
    std::printf("\ny = %s, dy/dx = %s\n\n", ctdiff::to_string(y).c_str(), ctdiff::to_string(ctdiff::d(y, x)).c_str());
    ctdiff::trace(std::cout, "y", y, ctdiff::wrt(x), x = 1.0);

    const std::string dir = argc > 1 ? argv[1] : ".";
    std::ofstream(dir + "/square_3x_plus_1.dot") << ctdiff::to_dot("h", h, x = 2.0);
    std::ofstream(dir + "/square_3x_plus_2.dot") << ctdiff::to_dot("y", y, x = 1.0);
    std::printf("\nwrote %s/square_3x_plus_1.dot and %s/square_3x_plus_2.dot\n", dir.c_str(), dir.c_str());
    return std::ifstream(dir + "/square_3x_plus_1.dot") && std::ifstream(dir + "/square_3x_plus_2.dot") ? 0 : 1;
}
