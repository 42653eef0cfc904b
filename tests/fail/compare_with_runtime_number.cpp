// expect-error: mixes a run-time number with an expression
// A bound in a condition is a constant (0.5_c) or a bound parameter, not a double.
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
double f() { return ctdiff::select(x < 0.5, x, -x)(x = 2.0); }
#else
double f() { return ctdiff::select(x < 0.5_c, x, -x)(x = 2.0); }
#endif
