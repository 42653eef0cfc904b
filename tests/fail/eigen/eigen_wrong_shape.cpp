// expect-error: bound_value_has_wrong_shape<ctdiff::shape<3>, ctdiff::shape<4>
// An Eigen object of another size than the variable's shape: the message names both shapes.
#include <Eigen/Core>
#include <ctdiff/ctdiff.hpp>
#include <ctdiff/eigen.hpp>
constexpr auto p = ctdiff::var<"p", ctdiff::shape<3>>;
#ifdef CTDIFF_EXPECT_FAIL
double f(const Eigen::Vector4d& v) { return ctdiff::evaluate(ctdiff::sum(p), p = v); }
#else
double f(const Eigen::Vector3d& v) { return ctdiff::evaluate(ctdiff::sum(p), p = v); }
#endif
