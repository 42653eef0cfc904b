// ctdiff/ops/external.hpp — a run-time function of one argument (a spline, a lookup table, a
// routine from another library) as an op, given with its derivatives:
//
//   double spline(double t);          // the function
//   double spline_slope(double t);    // its derivative
//   constexpr auto s = ctdiff::external<"spline", spline, spline_slope>;
//   auto f = s(x) * y;                // prints as spline(x)*y; d(f, x) is spline'(x)*y
//
// Each further function given is the next derivative (spline, spline', spline'', ...): a
// gradient needs the first, a Hessian the second. The functions are called with the evaluation's
// scalar type and their results converted to it; a constexpr function keeps the expression usable
// in static_assert. An op that needs more (several arguments, a symbolic derivative, its own
// simplifications) is written as an op struct (docs/extending.md).
#pragma once

#include <concepts>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/fixed_string.hpp"
#include "ctdiff/core/make.hpp"
#include "ctdiff/core/notation.hpp"

namespace ctdiff {

namespace detail {
template <fixed_string Name>
inline constexpr bool derivative_not_given = false;
}  // namespace detail

namespace op {

/// The op of ctdiff::external: F is the function, Derivatives... its derivatives in order.
template <fixed_string Name, auto F, auto... Derivatives>
struct external {
    static_assert(std::is_invocable_r_v<double, decltype(F), double>,
                  "ctdiff::external<name, f, df, ...>: f and each derivative are functions of one "
                  "floating-point number that return one");
    static constexpr fixed_string label = Name;
    static constexpr std::string_view name = label.view();
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return static_cast<T>(F(u));
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        if constexpr (sizeof...(Derivatives) == 0) {
            static_assert(detail::derivative_not_given<Name>,
                          "ctdiff::external<name, f, df, ...>: this derivative of an external function "
                          "was not given (a gradient needs df, a Hessian also d2f): pass it as one more "
                          "function after the last one");
            return a;
        } else {
            return detail::make<external<concat<Name, "'">(), Derivatives...>>(a);
        }
    }
};

}  // namespace op

/// The callable that ctdiff::external names: applied to an expression, it makes the node.
template <fixed_string Name, auto F, auto... Derivatives>
struct external_function {
    template <expression A>
    constexpr auto operator()(A a) const noexcept {
        return detail::make<op::external<Name, F, Derivatives...>>(a);
    }
};

/// A run-time function F of one argument, named Name, with its derivatives, as a function of
/// expressions: `ctdiff::external<"spline", spline, spline_slope>(x)`.
template <fixed_string Name, auto F, auto... Derivatives>
inline constexpr external_function<Name, F, Derivatives...> external{};

}  // namespace ctdiff
