// expect-error: only fixed-size Eigen objects bind to a variable
// A dynamic-size Eigen vector has no compile-time shape.
#include <Eigen/Core>
#include <ctdiff/ctdiff.hpp>
#include <ctdiff/eigen.hpp>
constexpr auto p = ctdiff::var<"p", ctdiff::shape<3>>;
#ifdef CTDIFF_EXPECT_FAIL
double f(const Eigen::VectorXd& v) { return ctdiff::evaluate(ctdiff::sum(p), p = v); }
#else
double f(const Eigen::VectorXd& v) { return ctdiff::evaluate(ctdiff::sum(p), p = ctdiff::view<ctdiff::shape<3>>(v.data())); }
#endif
