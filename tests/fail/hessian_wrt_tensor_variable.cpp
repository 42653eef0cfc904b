// expect-error: wrt\(\.\.\.\) lists scalar variables only
// A Hessian with respect to a tensor variable is refused with a message, not a deep error.
#include <ctdiff/ctdiff.hpp>
constexpr auto p = ctdiff::var<"p", ctdiff::shape<2>>;
constexpr auto x = ctdiff::var<"x">;
constexpr ctdiff::tensor<double, ctdiff::shape<2>> value{{1, 2}};
#ifdef CTDIFF_EXPECT_FAIL
auto h() { return ctdiff::hessian(ctdiff::at<0>(p) * x * x, ctdiff::wrt(p, x), p = value, x = 1.0); }
#else
auto h() { return ctdiff::hessian(ctdiff::at<0>(p) * x * x, ctdiff::wrt(x), p = value, x = 1.0); }
#endif
