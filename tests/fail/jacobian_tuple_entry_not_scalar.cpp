// expect-error: every entry of the outputs' std::tuple\{r0, r1, \.\.\.\} must be scalar
// A tensor-valued entry in a tuple of outputs: pass the tensor alone, or its elements.
#include <ctdiff/ctdiff.hpp>
#include <tuple>
constexpr auto p = ctdiff::var<"p", ctdiff::shape<2>>;
constexpr auto x = ctdiff::var<"x">;
constexpr ctdiff::tensor<double, ctdiff::shape<2>> value{{1, 2}};
#ifdef CTDIFF_EXPECT_FAIL
auto j() { return ctdiff::jacobian(std::tuple{p * x, x}, ctdiff::wrt(p, x), p = value, x = 1.0); }
#else
auto j() { return ctdiff::jacobian(std::tuple{ctdiff::at<0>(p) * x, x}, ctdiff::wrt(p, x), p = value, x = 1.0); }
#endif
