// ctdiff::add/sub/mul/div/neg are the operators under other names: the same node types, so the
// same values and derivatives. Values are checked against hand-computed numbers.
#include <ctdiff/ctdiff.hpp>
#include <type_traits>

namespace {

using namespace ctdiff::literals;

constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;

static_assert(std::is_same_v<decltype(ctdiff::add(x, y)), decltype(x + y)>);
static_assert(std::is_same_v<decltype(ctdiff::sub(x, y)), decltype(x - y)>);
static_assert(std::is_same_v<decltype(ctdiff::mul(x, y)), decltype(x * y)>);
static_assert(std::is_same_v<decltype(ctdiff::div(x, y)), decltype(x / y)>);
static_assert(std::is_same_v<decltype(ctdiff::neg(x)), decltype(-x)>);

// they simplify like the operators: x + 0 is x, 2 * 3 is 6
static_assert(std::is_same_v<decltype(ctdiff::add(x, 0_c)), std::remove_const_t<decltype(x)>>);
static_assert(ctdiff::equal(ctdiff::mul(2_c, 3_c), 6_c));

// (x + y) * (x - y) / -y at x = 3, y = 2: 5 * 1 / -2 = -2.5
constexpr auto f = ctdiff::div(ctdiff::mul(ctdiff::add(x, y), ctdiff::sub(x, y)), ctdiff::neg(y));
static_assert(f(x = 3.0, y = 2.0) == -2.5);
// d/dx = 2x / -y = -3 at (3, 2)
static_assert(ctdiff::grad(f, ctdiff::wrt(x), x = 3.0, y = 2.0)[x] == -3.0);

}  // namespace
