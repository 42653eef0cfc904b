// expect-error: variable_bound_twice<'x'>
#include <ctdiff/ctdiff.hpp>
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
double f() { return (x * x)(x = 2.0, x = 3.0); }
#else
double f() { return (x * x)(x = 2.0); }
#endif
