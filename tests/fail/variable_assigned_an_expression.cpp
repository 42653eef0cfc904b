// expect-error: `f = f \* x` cannot change f
// `auto f = x; f = f * x;` once made a binding of x to an expression and threw it away, so that
// f stayed x: binding a variable to an expression does not compile.
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
double f() {
    auto p = x;
    for (int i = 0; i < 3; ++i) p = p * x;
    return p(x = 2.0);
}
#else
double f() { return ctdiff::pow(x, 4_c)(x = 2.0); }
#endif
