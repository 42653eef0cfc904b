// ctdiff::variables_t<E>: the variables E depends on, each once, in order of first use (operands
// left to right, inner nodes before the nodes that use them). Expected lists written by hand.
#include <ctdiff/ctdiff.hpp>
#include <type_traits>

namespace {

using namespace ctdiff::literals;

constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto z = ctdiff::var<"z">;
constexpr auto w = ctdiff::var<"w">;
constexpr auto t = ctdiff::var<"t">;

template <class... Vs>
using list = ctdiff::type_list<std::remove_const_t<Vs>...>;

// a leaf: itself, or nothing for a constant
static_assert(std::is_same_v<ctdiff::variables_t<decltype(x)>, list<decltype(x)>>);
static_assert(std::is_same_v<ctdiff::variables_t<decltype(2_c)>, list<>>);
static_assert(std::is_same_v<ctdiff::variables_t<decltype(ctdiff::sin(2_c * ctdiff::pi))>, list<>>);

// y * x is found before x * z: y, x, z; x is listed once
constexpr auto f = ctdiff::sin(y * x) + x * z;
static_assert(std::is_same_v<ctdiff::variables_t<decltype(f)>, list<decltype(y), decltype(x), decltype(z)>>);

// the tiny network: w, x, then t
constexpr auto L = ctdiff::pow(ctdiff::pow(w * x, 2_c) - t, 2_c);
static_assert(std::is_same_v<ctdiff::variables_t<decltype(L)>, list<decltype(w), decltype(x), decltype(t)>>);

// a shared subexpression contributes its variables once
constexpr auto u = ctdiff::tanh(z * w);
constexpr auto g = u * u + ctdiff::exp(u) * y;
static_assert(std::is_same_v<ctdiff::variables_t<decltype(g)>, list<decltype(z), decltype(w), decltype(y)>>);

}  // namespace
