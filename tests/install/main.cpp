// Uses the installed package: find_package(ctdiff) and <ctdiff/ctdiff.hpp>.
#include <ctdiff/ctdiff.hpp>

constexpr auto x = ctdiff::var<"x">;
using namespace ctdiff::literals;
static_assert((3_c * x + 1_c)(x = 2.0) == 7.0);

int main() {
    volatile double input = 2.0;
    const double value = (3_c * x + 1_c)(x = static_cast<double>(input));
    return value == 7.0 ? 0 : 1;
}
