// expect-error: write `2_c \* x`
// `2 * x` must not compile: constants are part of the type. The twin shows what to write.
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
auto f = 2 * x;
#else
auto f = 2_c * x;
#endif
