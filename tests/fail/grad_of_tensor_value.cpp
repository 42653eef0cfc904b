// expect-error: a gradient is taken of a scalar-valued function
// grad of a tensor-valued expression asks for a reduction first.
#include <ctdiff/ctdiff.hpp>
constexpr auto x = ctdiff::var<"x", ctdiff::shape<3>>;
constexpr ctdiff::tensor<double, ctdiff::shape<3>> value{{1, 2, 3}};
#ifdef CTDIFF_EXPECT_FAIL
auto g() { return ctdiff::grad(ctdiff::tanh(x), ctdiff::wrt(x), x = value); }
#else
auto g() { return ctdiff::grad(ctdiff::sum(ctdiff::tanh(x)), ctdiff::wrt(x), x = value); }
#endif
