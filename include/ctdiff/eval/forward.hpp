// ctdiff/eval/forward.hpp — forward mode: Jacobian-vector products.
//
// The tangent of f along a direction v is the chain rule run forwards: each node's tangent is
// the sum of its local partials times its children's tangents (symbolic/derivative.hpp), with the
// tangent of the k-th variable in wrt(...) bound to v[k]. It is evaluated in the same pass as f.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/fixed_string.hpp"
#include "ctdiff/eval/evaluate.hpp"
#include "ctdiff/eval/reverse.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/symbolic/derivative.hpp"

namespace ctdiff {

/// The result of jvp: f's value and its directional derivative.
template <class T>
struct value_and_tangent {
    T value;
    T tangent;
};

namespace detail {

/// The variable that carries the tangent of V during a forward-mode evaluation.
template <class V>
using tangent_variable = variable<concat<"ctdiff.tangent.", V::name>(), typename V::shape_type>;

/// Seed of forward mode: the tangent of each variable in Vars is its tangent variable.
template <class... Vars>
struct direction_seed {
    template <class V>
    static constexpr auto tangent_of() {
        if constexpr ((std::is_same<V, Vars>::value || ...)) return tangent_variable<V>{};
        else return constant<rational{0, 1}>{};
    }
};

template <class T, class... Vars, class Direction, std::size_t... I>
constexpr auto tangent_bindings(type_list<Vars...>, const Direction& v, std::index_sequence<I...>) {
    return environment<binding<tangent_variable<Vars>::name, shape<>, T>...>{
        binding<tangent_variable<Vars>::name, shape<>, T>{static_cast<T>(v[I])}...};
}

template <class A, class B>
struct merged_environment;
template <class... A, class... B>
struct merged_environment<environment<A...>, environment<B...>> {
    using type = environment<A..., B...>;
    static constexpr type merge(const environment<A...>& a, const environment<B...>& b) {
        return type{static_cast<const A&>(a)..., static_cast<const B&>(b)...};
    }
};

template <class... Vars>
struct seed_for;
template <class... Vars>
struct seed_for<type_list<Vars...>> {
    using type = direction_seed<Vars...>;
};

template <class T>
struct is_std_tuple : std::false_type {};
template <class... T>
struct is_std_tuple<std::tuple<T...>> : std::true_type {};

/// Entry k of a direction: `std::get<k>(v)` for a std::tuple (which may hold tensors), else `v[k]`.
template <std::size_t K, class Direction>
constexpr const auto& direction_entry(const Direction& v) {
    if constexpr (is_std_tuple<Direction>::value) return std::get<K>(v);
    else return v[K];
}

/// Whether jvp takes the reverse path: a tensor variable, or tensor nodes in f.
template <class F, class... Vars>
constexpr bool jvp_has_tensors(type_list<Vars...>) {
    return !is_scalar_graph<F>() || !(std::is_same<typename Vars::shape_type, shape<>>::value && ...);
}

/// <g_k, v_k> summed over the variables: the directional derivative from a gradient.
template <class T, class Gradient, class Direction, std::size_t... K>
constexpr T gradient_dot(const Gradient& g, const Direction& v, std::index_sequence<K...>) {
    T total{};
    const auto add = [&total](const auto& gk, const auto& vk) {
        using G = std::remove_cvref_t<decltype(gk)>;
        if constexpr (is_tensor<G>::value) {
            static_assert(is_tensor<std::remove_cvref_t<decltype(vk)>>::value &&
                              std::is_same<typename G::shape_type, typename std::remove_cvref_t<decltype(vk)>::shape_type>::value,
                          "ctdiff::jvp: the direction of a tensor variable is a tensor of its shape "
                          "(pass the direction as a std::tuple)");
            for (std::size_t i = 0; i < G::size(); ++i) total += gk[i] * static_cast<T>(vk[i]);
        } else {
            total += gk * static_cast<T>(vk);
        }
    };
    (add(g.template get<K>(), detail::direction_entry<K>(v)), ...);
    return total;
}

}  // namespace detail

/// Forward mode: f's value and its derivative along the direction `v` (one entry per variable
/// in wrt(...), any type with `v[k]`, e.g. std::array, or a std::tuple whose entries for tensor
/// variables are tensors): `jvp(f, wrt(x, y), std::array{1.0, 0.0}, x = 1.0, y = 2.0).tangent`
/// is df/dx. For scalar expressions the tangent is computed forwards, in the same pass as f; an
/// expression with tensors (a network) takes its gradient in one reverse sweep and returns
/// <gradient, v>, which for a scalar f is the same number at a fraction of the cost of one
/// forward tangent per direction element.
template <class F, class Wrt, class Direction, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto jvp(const F&, Wrt, const Direction& v, const Bindings&... bindings) {
    using T = typename detail::evaluation_scalar<Bindings...>::type;
    if constexpr (detail::jvp_has_tensors<F>(typename Wrt::list{})) {
        const auto [value, g] = ctdiff::value_and_grad(F{}, Wrt{}, bindings...);
        return value_and_tangent<T>{value, detail::gradient_dot<T>(g, v, std::make_index_sequence<Wrt::size>{})};
    } else if constexpr (detail::check_differentiation<F, Wrt, Bindings...>()) {
        using vars = typename Wrt::list;
        using tangent = detail::tangent_t<F, typename detail::seed_for<vars>::type>;
        const detail::environment<Bindings...> env{bindings...};
        const auto tangents = detail::tangent_bindings<T>(vars{}, v, std::make_index_sequence<Wrt::size>{});
        using merge = detail::merged_environment<std::remove_cvref_t<decltype(env)>,
                                                 std::remove_cvref_t<decltype(tangents)>>;
        const auto all = detail::evaluate_all<T>(type_list<F, tangent>{}, merge::merge(env, tangents));
        return value_and_tangent<T>{all[0], all[1]};
    } else {
        return value_and_tangent<T>{};
    }
}

}  // namespace ctdiff
