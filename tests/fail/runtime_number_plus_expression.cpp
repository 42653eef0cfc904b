// expect-error: mixes a run-time number with an expression
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
auto f = x + 1.5;
#else
auto f = x + 1.5_c;
#endif
