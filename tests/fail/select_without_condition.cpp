// expect-error: select\(cond, a, b\): cond is a condition
// select's first argument is a comparison, not a number: select(u > 0_c, a, b), not select(u, a, b).
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
double f() { return ctdiff::select(x, x, -x)(x = 2.0); }
#else
double f() { return ctdiff::select(x > 0_c, x, -x)(x = 2.0); }
#endif
