// The cake of the chain-rule tutorials: batter f = x^2, baking g = 2f, frosting h = g + 3.
// dh/dx multiplies the local derivatives along the chain: 1 * 2 * 2x = 4x, which is 20 at x = 5.
// Prints the forward and backward passes and writes cake.dot to the directory in argv[1] (or the
// current directory); `dot -Tsvg cake.dot -o cake.svg` draws it.
#include <cstdio>
#include <ctdiff/ctdiff.hpp>
#include <fstream>
#include <iostream>
#include <string>
#include <type_traits>

using namespace ctdiff::literals;

int main(int argc, char** argv) {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto batter = ctdiff::pow(x, 2_c);
    constexpr auto cake = 2_c * batter;
    constexpr auto frosted = cake + 3_c;
    static_assert(std::is_same_v<decltype(ctdiff::d(frosted, x)), decltype(4_c * x)>);  // 4x exactly

    std::printf("h = %s, dh/dx = %s\n\n", ctdiff::to_string(frosted).c_str(),
                ctdiff::to_string(ctdiff::d(frosted, x)).c_str());
    ctdiff::trace(std::cout, "h", frosted, ctdiff::wrt(x), x = 5.0);

    const std::string path = std::string(argc > 1 ? argv[1] : ".") + "/cake.dot";
    std::ofstream(path) << ctdiff::to_dot("h", frosted, x = 5.0);
    std::printf("\nwrote %s\n", path.c_str());
    return std::ifstream(path) ? 0 : 1;
}
