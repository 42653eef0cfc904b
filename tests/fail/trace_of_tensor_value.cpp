// expect-error: the backward pass starts from a scalar output
// trace of a tensor-valued expression asks for a reduction first (to_dot draws it).
#include <ctdiff/ctdiff.hpp>
#include <sstream>
constexpr auto x = ctdiff::var<"x", ctdiff::shape<3>>;
constexpr ctdiff::tensor<double, ctdiff::shape<3>> value{{1, 2, 3}};
void g(std::ostream& os) {
#ifdef CTDIFF_EXPECT_FAIL
    ctdiff::trace(os, ctdiff::tanh(x), ctdiff::wrt(x), x = value);
#else
    ctdiff::trace(os, ctdiff::sum(ctdiff::tanh(x)), ctdiff::wrt(x), x = value);
#endif
}
