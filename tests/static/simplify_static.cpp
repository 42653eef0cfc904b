// Local simplification at construction (docs/symbolic.md): products collect powers of one factor,
// constants meet across a quotient, and none of it changes a value at a finite argument or stops
// a valid expression from compiling. Values are checked against hand-computed numbers.
#include <ctdiff/ctdiff.hpp>
#include <bit>
#include <cstdint>
#include <type_traits>

namespace {

using namespace ctdiff::literals;

constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto v = ctdiff::var<"v", ctdiff::shape<2>>;

// powers of one factor collect: what a person would write
static_assert(std::is_same_v<decltype(x * x), decltype(ctdiff::pow(x, 2_c))>);
static_assert(std::is_same_v<decltype(x * x * x), decltype(ctdiff::pow(x, 3_c))>);
static_assert(std::is_same_v<decltype(ctdiff::pow(x, 2_c) * ctdiff::pow(x, 3_c)), decltype(ctdiff::pow(x, 5_c))>);
static_assert(std::is_same_v<decltype(v * v), decltype(ctdiff::pow(v, 2_c))>);  // elementwise, on tensors too
// d log(3x) = 3 / (3x) = 1/x; d(x^3 y) = 3 x^2 y
static_assert(std::is_same_v<decltype(ctdiff::d(ctdiff::log(3_c * x), x)), decltype(1_c / x)>);
static_assert(ctdiff::equal(ctdiff::d(x * x * x * y, x), 3_c * ctdiff::pow(x, 2_c) * y));
static_assert(std::is_same_v<decltype(2_c * (3_c / x)), decltype(6_c / x)>);

// ...but not for a factor that is itself a power: x^-1 x^-1 stays a product, since x^-2 is 0
// where x^-1 squared is subnormal (x = 1.5e154: 1/x^2 = 4.44e-309)
constexpr auto inverse_square = ctdiff::pow(x, -1_c) * ctdiff::pow(x, -1_c);
static_assert(!std::is_same_v<decltype(inverse_square), decltype(ctdiff::pow(x, -2_c))>);
static_assert(inverse_square(x = 1.5e154) > 4.4e-309 && inverse_square(x = 1.5e154) < 4.5e-309);
// sqrt(x) sqrt(x) is NaN for x < 0, where x is not: it stays a product of square roots
constexpr double root_square = (ctdiff::sqrt(x) * ctdiff::sqrt(x))(x = 4.0);
static_assert(root_square == 4.0);
constexpr std::uint64_t nan_bits(double d) { return std::bit_cast<std::uint64_t>(d) & 0x7ff8000000000000u; }
static_assert(nan_bits((ctdiff::sqrt(x) * ctdiff::sqrt(x))(x = -1.0)) == 0x7ff8000000000000u);

// constants meet across a quotient where the result is exact; where it is not (beyond 62 bits)
// the expression still compiles and is evaluated in floating point
static_assert(std::is_same_v<decltype(3_c / (2_c * x)), decltype(1.5_c / x)>);
constexpr auto huge = 1e12_c / (1e-12_c * x);
static_assert(huge(x = 2.0) == 5e23);

}  // namespace

// The ops' base classes are not in ctdiff::detail, so an expression does not bring detail's
// builders (detail::plus, detail::times) into a user's unqualified calls.
namespace user_code {
template <class A, class B>
constexpr int plus(A, B) {
    return 1;
}
constexpr auto x = ctdiff::var<"x">;
constexpr auto v = ctdiff::var<"v", ctdiff::shape<2>>;
static_assert(plus(ctdiff::sum(v), x) == 1);
static_assert(plus(ctdiff::mean(v), x) == 1);
static_assert(plus(ctdiff::erf(x), ctdiff::atan(x)) == 1);
static_assert(plus(ctdiff::floor(x), x) == 1);
}  // namespace user_code
