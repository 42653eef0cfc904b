// expect-error: bound_value_has_wrong_shape<ctdiff::shape<2(ul)?, 2(ul)?>, ctdiff::shape<4(ul)?> ?>
// Binding a tensor variable to a tensor of another shape names both shapes.
#include <ctdiff/ctdiff.hpp>
constexpr auto A = ctdiff::var<"A", ctdiff::shape<2, 2>>;
#ifdef CTDIFF_EXPECT_FAIL
constexpr ctdiff::tensor<double, ctdiff::shape<4>> value{{1, 2, 3, 4}};
#else
constexpr ctdiff::tensor<double, ctdiff::shape<2, 2>> value{{{1, 2}, {3, 4}}};
#endif
double f() { return ctdiff::sum(A)(A = value); }
