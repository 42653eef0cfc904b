// expect-error: this derivative of an external function was not given
// A Hessian needs the second derivative of an external function: pass it after the first.
#include <ctdiff/ctdiff.hpp>
double cube(double t) { return t * t * t; }
double cube_slope(double t) { return 3 * t * t; }
double cube_curvature(double t) { return 6 * t; }
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
constexpr auto c = ctdiff::external<"cube", cube, cube_slope>;
#else
constexpr auto c = ctdiff::external<"cube", cube, cube_slope, cube_curvature>;
#endif
double f() { return ctdiff::hessian(c(x), ctdiff::wrt(x), x = 2.0)(x, x); }
