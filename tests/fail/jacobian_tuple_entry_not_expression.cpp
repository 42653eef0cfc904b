// expect-error: every entry of the outputs' std::tuple\{r0, r1, \.\.\.\} must be a ctdiff expression
// A number among the outputs: each entry is a scalar expression (one output) or a tensor
// expression (its elements, row-major), as the twin below has.
#include <ctdiff/ctdiff.hpp>
#include <tuple>
constexpr auto p = ctdiff::var<"p", ctdiff::shape<2>>;
constexpr auto x = ctdiff::var<"x">;
constexpr ctdiff::tensor<double, ctdiff::shape<2>> value{{1, 2}};
#ifdef CTDIFF_EXPECT_FAIL
auto j() { return ctdiff::jacobian(std::tuple{p * x, 1.0}, ctdiff::wrt(p, x), p = value, x = 1.0); }
#else
auto j() { return ctdiff::jacobian(std::tuple{p * x, x}, ctdiff::wrt(p, x), p = value, x = 1.0); }
#endif
