// expect-error: not a binding
#include <ctdiff/ctdiff.hpp>
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
double f() { return (x * x)(2.0); }
#else
double f() { return (x * x)(x = 2.0); }
#endif
