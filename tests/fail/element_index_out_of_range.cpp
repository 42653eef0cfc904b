// expect-error: give one index per dimension of t, each below its extent
// at<I...>(t) with an index past t's extent (or the wrong number of indices).
#include <ctdiff/ctdiff.hpp>
constexpr auto W = ctdiff::var<"W", ctdiff::shape<2, 3>>;
#ifdef CTDIFF_EXPECT_FAIL
auto e() { return ctdiff::at<1, 3>(W); }
#else
auto e() { return ctdiff::at<1, 2>(W); }
#endif
