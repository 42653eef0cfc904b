// Paths add: in f = sin(x y) + x, x reaches f along two paths, through x y and directly, and
// df/dx is the sum of the two paths' products: cos(x y) * y + 1.
// Prints the trace and writes paths_add.dot to the directory in argv[1] (or the current
// directory); in the picture x has two dashed edges in, one per path.
#include <cmath>
#include <cstdio>
#include <ctdiff/ctdiff.hpp>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto y = ctdiff::var<"y">;
    constexpr auto f = ctdiff::sin(x * y) + x;

    ctdiff::trace(std::cout, f, ctdiff::wrt(x, y), x = 0.5, y = 2.0);
    const double by_paths = std::cos(0.5 * 2.0) * 2.0 + 1.0;
    std::printf("\nby the two paths: df/dx = cos(x y) y + 1 = %g\n", by_paths);

    const std::string path = std::string(argc > 1 ? argv[1] : ".") + "/paths_add.dot";
    std::ofstream(path) << ctdiff::to_dot(f, x = 0.5, y = 2.0);
    std::printf("wrote %s\n", path.c_str());
    const double by_ctdiff = ctdiff::grad(f, ctdiff::wrt(x), x = 0.5, y = 2.0)[x];
    return std::abs(by_ctdiff - by_paths) < 1e-15 && std::ifstream(path) ? 0 : 1;
}
