// expect-error: symbolic derivatives are taken of scalar expressions
// Symbolic d of an expression with tensor nodes points to grad. (A tensor variable under an op
// with a scalar result is fine: d(sum(u) * s, s) is sum(u), tests/static/variables_static.cpp.)
#include <ctdiff/ctdiff.hpp>
[[maybe_unused]] constexpr auto u = ctdiff::var<"u", ctdiff::shape<3>>;
constexpr auto s = ctdiff::var<"s">;
#ifdef CTDIFF_EXPECT_FAIL
[[maybe_unused]] constexpr auto df = ctdiff::d(ctdiff::sum(u * s), s);
#else
[[maybe_unused]] constexpr auto df = ctdiff::d(s * s, s);
#endif
