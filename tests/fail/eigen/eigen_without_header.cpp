// expect-error: #include <ctdiff/eigen.hpp>
// An Eigen vector bound without the integration header: one line that says what to include.
#include <Eigen/Core>
#include <ctdiff/ctdiff.hpp>
constexpr auto p = ctdiff::var<"p", ctdiff::shape<3>>;
#ifdef CTDIFF_EXPECT_FAIL
double f(const Eigen::Vector3d& v) { return ctdiff::evaluate(ctdiff::sum(p), p = v); }
#else
double f(const Eigen::Vector3d& v) { return ctdiff::evaluate(ctdiff::sum(p), p = ctdiff::view<ctdiff::shape<3>>(v.data())); }
#endif
