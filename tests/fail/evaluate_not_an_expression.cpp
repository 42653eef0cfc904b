// expect-error: must be a ctdiff expression, or a std::tuple of expressions
#include <ctdiff/ctdiff.hpp>
#include <tuple>
using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_EXPECT_FAIL
auto f() { return ctdiff::evaluate(std::tuple{x * x, 2.0}, x = 2.0); }
#else
auto f() { return ctdiff::evaluate(std::tuple{x * x, 2_c * x}, x = 2.0); }
#endif
