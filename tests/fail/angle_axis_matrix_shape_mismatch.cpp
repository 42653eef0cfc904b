// expect-error: angle_axis_to_rotation_matrix\(aa\): aa must have shape<3>
// An angle-axis vector has three elements; a quaternion (shape<4>) goes to
// quaternion_to_rotation_matrix.
#include <ctdiff/ctdiff.hpp>
#ifdef CTDIFF_EXPECT_FAIL
constexpr auto aa = ctdiff::var<"aa", ctdiff::shape<4>>;
#else
constexpr auto aa = ctdiff::var<"aa", ctdiff::shape<3>>;
#endif
[[maybe_unused]] constexpr auto matrix = ctdiff::angle_axis_to_rotation_matrix(aa);
