// expect-error: missing_binding_for_variable<'r', 'a', 't', 'e'>
// expect-at-most-lines: 20
// A gradient without a binding for every variable names the missing one, in a short message.
#include <ctdiff/ctdiff.hpp>
constexpr auto x = ctdiff::var<"x">;
constexpr auto rate = ctdiff::var<"rate">;
#ifdef CTDIFF_EXPECT_FAIL
double f() { return ctdiff::grad(x * rate, ctdiff::wrt(x), x = 2.0)[x]; }
#else
double f() { return ctdiff::grad(x * rate, ctdiff::wrt(x), x = 2.0, rate = 0.5)[x]; }
#endif
