// Built with -fno-exceptions -fno-rtti: evaluates an expression at run time, from a value the
// optimiser cannot see through. Returns non-zero on failure (no Boost.Test here).
#include <ctdiff/ctdiff.hpp>

int main() {
    using namespace ctdiff::literals;
    constexpr auto x = ctdiff::var<"x">;
    volatile double input = 2.0;
    const double value = (3_c * x + 1_c)(x = static_cast<double>(input));
    return value == 7.0 ? 0 : 1;
}
