// expect-error: x must be a variable made by ctdiff::var
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
constexpr auto f = x * x;
#ifdef CTDIFF_EXPECT_FAIL
auto df = ctdiff::d(f, 3_c);
#else
auto df = ctdiff::d(f, x);
#endif
