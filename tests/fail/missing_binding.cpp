// expect-error: missing_binding_for_variable<'r', 'a', 't', 'e'>
// expect-at-most-lines: 20
// Evaluating without binding every variable names the missing one.
#include <ctdiff/ctdiff.hpp>
constexpr auto x = ctdiff::var<"x">;
constexpr auto rate = ctdiff::var<"rate">;
#ifdef CTDIFF_EXPECT_FAIL
double f() { return (x * rate)(x = 2.0); }
#else
double f() { return (x * rate)(x = 2.0, rate = 0.5); }
#endif
