// ctdiff/eval/reverse.hpp — gradients: value_and_grad and grad.
//
// One forward pass stores each unique node's value once; one backward sweep (eval/backward.hpp)
// accumulates the adjoints as values, one multiply-add per edge of the DAG. Everything is
// resolved at compile time, so the result is straight-line code.
#pragma once

#include <array>

#include "ctdiff/core/config.hpp"
#include "ctdiff/eval/backward.hpp"
#include "ctdiff/eval/evaluate.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/graph/adjoint.hpp"

namespace ctdiff {

namespace detail {

template <class F, class Wrt, class... Bindings>
constexpr bool check_differentiation() {
    static_assert(expression<F>, "ctdiff: the function to differentiate must be a ctdiff expression");
    static_assert(requires { typename Wrt::list; },
                  "ctdiff: the second argument lists the variables: `ctdiff::wrt(x, y)`");
    constexpr bool scalar = std::is_same<typename F::shape_type, shape<>>::value;
    static_assert(scalar, "ctdiff: a gradient is taken of a scalar-valued function: reduce a tensor result "
                          "first (sum, mean, dot, a loss)");
    return scalar && check_evaluation<F, Bindings...>();
}

template <class F, class Vars>
using gradient_list_t = typename gradient_expressions<F, Vars>::type;

template <class T, class Vars>
struct gradient_of;
template <class T, class... Vars>
struct gradient_of<T, type_list<Vars...>> {
    using type = gradient<T, Vars...>;
};

}  // namespace detail

template <class F, class Wrt, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto value_and_grad(const F&, Wrt, const Bindings&... bindings);

namespace detail {
/// The value and gradient, built in the result object itself: one named result and one return
/// (the compiler constructs it in the caller's storage), its tensors not zeroed first (the
/// sweep writes every element).
template <class F, class Result, class Vars, class... Bindings>
CTDIFF_FORCEINLINE constexpr Result value_and_grad_of(Vars vars, const Bindings&... bindings) {
    using T = decltype(Result::value);
    using D = dag<type_list<F>>;
    const environment<Bindings...> env{bindings...};
    const auto values = detail::forward_pass<D, T>(env);
    Result r{detail::root_value<D, 0>(values, env), typename Result::gradient_type(no_init)};
    detail::gradient_into<D, 0>(vars, values, env, r.grad.entries);
    return r;
}

template <class F, class Wrt>
struct value_and_grad_with {
    template <class... Bindings>
    CTDIFF_FORCEINLINE constexpr auto operator()(const Bindings&... bindings) const {
        return ctdiff::value_and_grad(F{}, Wrt{}, bindings...);
    }
};
}  // namespace detail

/// f's value and its gradient with respect to the variables in `wrt(...)`, in one forward and one
/// backward pass: `auto [value, g] = value_and_grad(f, wrt(x, y), x = 1.0, y = 2.0); g[x]`.
template <class F, class Wrt, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto value_and_grad(const F&, Wrt, const Bindings&... bindings) {
    if constexpr ((detail::binding_group<Bindings> || ...)) {
        return detail::with_spread_bindings(detail::value_and_grad_with<F, Wrt>{}, bindings...);
    } else {
        using T = typename detail::evaluation_scalar<Bindings...>::type;
        using result = value_and_gradient<T, typename detail::gradient_of<T, typename Wrt::list>::type>;
        if constexpr (expression<F>) {  // a variable without a binding: checked first, for the shortest message
            if constexpr (!detail::all_bound<variables_t<F>, Bindings...>::value) return result{};
        }
        if constexpr (detail::check_differentiation<F, Wrt, Bindings...>()) {
            return detail::value_and_grad_of<F, result>(typename Wrt::list{}, bindings...);
        } else {
            return result{};
        }
    }
}

/// The gradient of f with respect to the variables in `wrt(...)`: `grad(f, wrt(w), ...)[w]`.
template <class F, class Wrt, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto grad(const F& f, Wrt w, const Bindings&... bindings) {
    // (each condition in its own `if constexpr`: `&&` would instantiate all_bound for binding
    // groups and non-expressions too)
    if constexpr (expression<F> && (detail::binding_type<Bindings> && ...)) {
        if constexpr (!detail::all_bound<variables_t<F>, Bindings...>::value)
            return decltype(value_and_grad(f, w, bindings...).grad){};  // (the message names the variable)
        else
            return value_and_grad(f, w, bindings...).grad;
    } else {
        return value_and_grad(f, w, bindings...).grad;
    }
}

}  // namespace ctdiff
