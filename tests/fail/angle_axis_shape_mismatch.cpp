// expect-error: angle_axis_rotate\(aa, X\): aa and X must both have shape<3>
// An angle-axis vector has three elements; a quaternion (shape<4>) goes to quaternion_rotate.
#include <ctdiff/ctdiff.hpp>
constexpr auto X = ctdiff::var<"X", ctdiff::shape<3>>;
#ifdef CTDIFF_EXPECT_FAIL
constexpr auto aa = ctdiff::var<"aa", ctdiff::shape<4>>;
#else
constexpr auto aa = ctdiff::var<"aa", ctdiff::shape<3>>;
#endif
[[maybe_unused]] constexpr auto rotated = ctdiff::angle_axis_rotate(aa, X);
