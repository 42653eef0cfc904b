// expect-error: x = value makes a binding for an evaluation
// `x = 2.0;` as a statement does not assign x: it makes a binding and throws it away. The
// warning ([[nodiscard]]) is an error here so that the test can see it.
#pragma GCC diagnostic error "-Wunused-result"
#include <ctdiff/ctdiff.hpp>
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
double f() {
    x = 2.0;
    return (x * x)(x = 3.0);
}
#else
double f() { return (x * x)(x = 3.0); }
#endif
