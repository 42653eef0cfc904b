// expect-error: missing_binding_for_variable<'r', 'a', 't', 'e'>
// expect-at-most-lines: 20
// Residuals and their Jacobian without a binding for every variable name the missing one, in a
// short message.
#include <tuple>

#include <ctdiff/ctdiff.hpp>
constexpr auto x = ctdiff::var<"x">;
constexpr auto rate = ctdiff::var<"rate">;
#ifdef CTDIFF_EXPECT_FAIL
double f() {
    return ctdiff::value_and_jacobian(std::tuple{x * rate, x - rate}, ctdiff::wrt(x), x = 2.0).jacobian.at(1, 0);
}
#else
double f() {
    return ctdiff::value_and_jacobian(std::tuple{x * rate, x - rate}, ctdiff::wrt(x), x = 2.0, rate = 0.5).jacobian.at(1, 0);
}
#endif
