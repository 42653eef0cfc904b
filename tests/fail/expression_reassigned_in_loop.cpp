// expect-error: `f = f \* x` cannot change f
// An expression's formula is its type: it cannot grow by assignment in a run-time loop.
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
double f() {
    auto p = x * x;
    for (int i = 0; i < 3; ++i) p = p * x;
    return p(x = 2.0);
}
#else
double f() { return ctdiff::pow(x, 5_c)(x = 2.0); }
#endif
