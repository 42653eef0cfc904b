// expect-error: W must have shape<M, N> and x shape<N>
// matvec(W, x) with x's length different from W's number of columns says which shapes it needs.
#include <ctdiff/ctdiff.hpp>
constexpr auto W = ctdiff::var<"W", ctdiff::shape<16, 4>>;
#ifdef CTDIFF_EXPECT_FAIL
constexpr auto x = ctdiff::var<"x", ctdiff::shape<16>>;
#else
constexpr auto x = ctdiff::var<"x", ctdiff::shape<4>>;
#endif
[[maybe_unused]] constexpr auto y = ctdiff::matvec(W, x);
