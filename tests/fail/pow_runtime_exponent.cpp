// expect-error: `pow\(x, 2\)` uses a run-time exponent
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
auto f = ctdiff::pow(x, 2);
#else
auto f = ctdiff::pow(x, 2_c);
#endif
