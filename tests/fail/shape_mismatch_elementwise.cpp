// expect-error: shapes_do_not_match<ctdiff::shape<3(ul)?>, ctdiff::shape<4(ul)?> ?>
// Adding tensors of different shapes names both shapes.
#include <ctdiff/ctdiff.hpp>
constexpr auto u = ctdiff::var<"u", ctdiff::shape<3>>;
#ifdef CTDIFF_EXPECT_FAIL
constexpr auto v = ctdiff::var<"v", ctdiff::shape<4>>;
#else
constexpr auto v = ctdiff::var<"v", ctdiff::shape<3>>;
#endif
[[maybe_unused]] constexpr auto f = ctdiff::sum(u + v);
