// ctdiff/eval/hessian.hpp — second derivatives: Hessians and Hessian-vector products.
//
// Forward-over-reverse: the gradient entries are expressions (the adjoints of graph/adjoint.hpp),
// and the Hessian's column j is the tangent of those expressions along variable j; a
// Hessian-vector product is their tangent along v. Both reuse the forward values and the
// adjoints in one evaluation pass. (Reverse-over-reverse would need n reverse sweeps over the
// larger adjoint graph for the same n columns; see docs/design.md.)
#pragma once

#include <array>
#include <cstddef>

#include "ctdiff/core/config.hpp"
#include "ctdiff/eval/forward.hpp"
#include "ctdiff/eval/reverse.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/symbolic/derivative.hpp"

namespace ctdiff {

/// A symmetric matrix of second derivatives, indexed by variables: `H(x, y)`, or by position:
/// `H.at(i, j)`.
template <class T, class... Vars>
struct hessian_matrix {
    static constexpr std::size_t n = sizeof...(Vars);
    std::array<T, n * n> entries{};  // row-major

    constexpr const T& at(std::size_t i, std::size_t j) const noexcept { return entries[i * n + j]; }
    constexpr T& at(std::size_t i, std::size_t j) noexcept { return entries[i * n + j]; }

    template <class A, class B>
    constexpr const T& operator()(const A&, const B&) const noexcept {
        constexpr std::size_t i = detail::position<A, Vars...>::value;
        constexpr std::size_t j = detail::position<B, Vars...>::value;
        static_assert(i < n && j < n, "ctdiff: H(u, v) — u and v must be variables listed in wrt(...)");
        return entries[(i < n ? i : 0) * n + (j < n ? j : 0)];
    }
    static constexpr std::size_t size() noexcept { return n; }
};

namespace detail {

template <class Grads, class Vars>
struct hessian_outputs;
template <class... Grads, class... Vars>
struct hessian_outputs<type_list<Grads...>, type_list<Vars...>> {
    // column j: tangents of all gradient entries along variable j
    template <class V>
    using column = type_list<tangent_t<Grads, unit_seed<V>>...>;
    using type = typename concat_lists<column<Vars>...>::type;
};

template <class Grads, class Seed>
struct tangents_of;
template <class... Grads, class Seed>
struct tangents_of<type_list<Grads...>, Seed> {
    using type = type_list<tangent_t<Grads, Seed>...>;
};

/// Whether every variable of wrt(...) is a scalar: second derivatives are taken with respect to
/// scalar variables (checked with a message, before anything is built).
template <class... Vars>
constexpr bool second_order_variables(type_list<Vars...>) {
    constexpr bool scalar = (std::is_same<typename Vars::shape_type, shape<>>::value && ...);
    static_assert(scalar,
                  "ctdiff::hessian / ctdiff::hvp: wrt(...) lists scalar variables only; second "
                  "derivatives with respect to a tensor variable are not supported: name its "
                  "elements as scalar variables, or take the Jacobian of a gradient");
    return scalar;
}

template <class T, class Vars>
struct hessian_of;
template <class T, class... Vars>
struct hessian_of<T, type_list<Vars...>> {
    using type = hessian_matrix<T, Vars...>;
};

}  // namespace detail

/// The Hessian of f with respect to the variables in wrt(...): `H(x, y)` is d2f/dxdy.
template <class F, class Wrt, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto hessian(const F&, Wrt, const Bindings&... bindings) {
    using T = typename detail::evaluation_scalar<Bindings...>::type;
    using vars = typename Wrt::list;
    using result = typename detail::hessian_of<T, vars>::type;
    if constexpr (detail::second_order_variables(vars{}) && detail::check_differentiation<F, Wrt, Bindings...>()) {
        using grads = detail::gradient_list_t<F, vars>;
        using outputs = typename detail::hessian_outputs<grads, vars>::type;
        const detail::environment<Bindings...> env{bindings...};
        const auto all = detail::evaluate_all<T>(outputs{}, env);
        result h{};
        constexpr std::size_t n = Wrt::size;
        // entry (i, j) of column j; symmetrise the two evaluations of each mixed partial
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) h.at(i, j) = all[j * n + i];
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j) {
                const T mean = (h.at(i, j) + h.at(j, i)) / T(2);
                h.at(i, j) = mean;
                h.at(j, i) = mean;
            }
        return h;
    } else {
        return result{};
    }
}

namespace detail {
template <class Gradient, class T, std::size_t N, std::size_t... I>
constexpr Gradient gradient_from_array(const std::array<T, N>& a, std::index_sequence<I...>) {
    Gradient g;
    g.entries = typename Gradient::entries_type{a[I]...};
    return g;
}
}  // namespace detail

/// Hessian-vector product H v (forward-over-reverse), indexed like a gradient: `hvp(...)[x]`.
template <class F, class Wrt, class Direction, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto hvp(const F&, Wrt, const Direction& v, const Bindings&... bindings) {
    using T = typename detail::evaluation_scalar<Bindings...>::type;
    using vars = typename Wrt::list;
    using result = typename detail::gradient_of<T, vars>::type;
    if constexpr (detail::second_order_variables(vars{}) && detail::check_differentiation<F, Wrt, Bindings...>()) {
        using grads = detail::gradient_list_t<F, vars>;
        using outputs = typename detail::tangents_of<grads, typename detail::seed_for<vars>::type>::type;
        const detail::environment<Bindings...> env{bindings...};
        const auto tangents = detail::tangent_bindings<T>(vars{}, v, std::make_index_sequence<Wrt::size>{});
        using merge = detail::merged_environment<std::remove_cvref_t<decltype(env)>,
                                                 std::remove_cvref_t<decltype(tangents)>>;
        const auto all = detail::evaluate_all<T>(outputs{}, merge::merge(env, tangents));
        return detail::gradient_from_array<result>(all, std::make_index_sequence<Wrt::size>{});
    } else {
        return result{};
    }
}

}  // namespace ctdiff
