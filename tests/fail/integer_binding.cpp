// expect-error: write `x = 2.0`
#include <ctdiff/ctdiff.hpp>
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
double f() { return (x * x)(x = 2); }
#else
double f() { return (x * x)(x = 2.0); }
#endif
