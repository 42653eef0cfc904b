// expect-error: && and \|\| combine conditions
// && joins comparisons; an operand that is a plain expression is compared first.
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
#ifdef CTDIFF_EXPECT_FAIL
double f() { return ctdiff::select(x > 0_c && y, x, y)(x = 2.0, y = 1.0); }
#else
double f() { return ctdiff::select(x > 0_c && y > 0_c, x, y)(x = 2.0, y = 1.0); }
#endif
