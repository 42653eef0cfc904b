// expect-error: an expression is not a number
// std::sqrt, std::exp, ... take numbers; an expression's functions are ctdiff's.
#include <cmath>
#include <ctdiff/ctdiff.hpp>
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
double f() { return std::sqrt(x * x)(x = 2.0); }
#else
double f() { return ctdiff::sqrt(x * x)(x = 2.0); }
#endif
