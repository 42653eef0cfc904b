// expect-error: give one index per dimension of t, each below its extent
// at<i, j>(v) of a vector: one index per dimension.
#include <ctdiff/ctdiff.hpp>
constexpr auto v = ctdiff::var<"v", ctdiff::shape<3>>;
#ifdef CTDIFF_EXPECT_FAIL
auto e() { return ctdiff::at<0, 1>(v); }
#else
auto e() { return ctdiff::at<1>(v); }
#endif
