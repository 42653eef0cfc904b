// ctdiff/eval/bindings.hpp — looking up the values bound to variables for one evaluation.
#pragma once

#include <concepts>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ctdiff/core/config.hpp"

#include "ctdiff/core/expr.hpp"
#include "ctdiff/graph/topo.hpp"

namespace ctdiff {

namespace detail {

/// All bindings of one evaluation; a binding is found by its variable's name.
template <class... Bindings>
struct environment : Bindings... {};

template <fixed_string Name, class S, class V>
constexpr const V& bound_value(const binding<Name, S, V>& b) noexcept {
    return b.get();
}

template <fixed_string Name, class... Bindings>
inline constexpr std::size_t count_bindings_v = ((Bindings::name == Name ? 1 : 0) + ... + 0);

/// Instantiated for a variable that has no binding. The variable's name is spelled out as the
/// template's character arguments, so the compiler's message shows it on every compiler:
/// missing_binding_for_variable<'r', 'a', 't', 'e'>.
template <char... VariableName>
struct missing_binding_for_variable {
    // (not a comparison: clang 19 adds three lines saying what a comparison such as
    // `sizeof...(VariableName) == 0` evaluates to)
    static_assert(always_false<std::integer_sequence<char, VariableName...>>,
                  "ctdiff: the expression uses a variable that is not bound. Pass a value for "
                  "it when evaluating, e.g. `f(x = 2.0)`; the variable's name is spelled out in "
                  "missing_binding_for_variable<...> above.");
};
template <char... VariableName>
struct variable_bound_twice {
    static_assert(always_false<std::integer_sequence<char, VariableName...>>,
                  "ctdiff: a variable is bound twice in one evaluation; its name is spelled out in "
                  "variable_bound_twice<...> above.");
};

/// Whether Variable has exactly one binding among Bindings. Where it has none, or several, the
/// diagnostic class is instantiated with the variable's name spelled out as its characters (I
/// indexes them), for its message; false. (Not `Diagnostic<...>::ok`: clang cannot read a member
/// of a class whose static_assert failed, and a message about that follows the real one, with
/// many more. And no helper function between: each level is three more lines of the message.)
template <class Variable, class... Bindings, std::size_t... I>
constexpr bool check_bound(std::index_sequence<I...>) {
    if constexpr (!(binding_type<Bindings> && ...)) {
        return false;  // an argument that is not a binding: the caller's own static_assert says so
    } else if constexpr (count_bindings_v<Variable::name, Bindings...> == 0) {
        using diagnostic [[maybe_unused]] = decltype(missing_binding_for_variable<Variable::name.chars[I]...>{});
        return false;
    } else if constexpr (count_bindings_v<Variable::name, Bindings...> > 1) {
        using diagnostic [[maybe_unused]] = decltype(variable_bound_twice<Variable::name.chars[I]...>{});
        return false;
    } else {
        return true;
    }
}

template <class Variables, class... Bindings>
struct all_bound;
template <class... Vs, class... Bindings>
struct all_bound<type_list<Vs...>, Bindings...> {
    static constexpr bool value =
        (check_bound<Vs, Bindings...>(std::make_index_sequence<Vs::name.size()>{}) && ...);
};

/// Several bindings passed as one argument, such as a network's parameters (nn::parameter_set):
/// anything whose `bindings()` returns a std::tuple of bindings.
template <class G>
concept binding_group = !binding_type<G> && requires(const G& g) { g.bindings(); };

template <class A>
constexpr auto binding_tuple(const A& a) {
    if constexpr (binding_group<A>) return a.bindings();
    else return std::tuple<A>{a};
}

template <class Fn, class Tuple, std::size_t... I>
CTDIFF_FORCEINLINE constexpr decltype(auto) call_with_elements(const Fn& fn, const Tuple& t, std::index_sequence<I...>) {
    return fn(std::get<I>(t)...);
}

/// fn(bindings...) with every group among args spread into its bindings. (Not std::apply and a
/// lambda: fn's body is a whole evaluation, and the optimiser leaves calls to large bodies that
/// are not forced inline; fn's call operator is CTDIFF_FORCEINLINE.)
template <class Fn, class... Args>
CTDIFF_FORCEINLINE constexpr decltype(auto) with_spread_bindings(const Fn& fn, const Args&... args) {
    const auto all = std::tuple_cat(detail::binding_tuple(args)...);
    return detail::call_with_elements(fn, all, std::make_index_sequence<std::tuple_size<decltype(all)>::value>{});
}

/// The scalar type of a bound value: a scalar, or a tensor's element type.
template <class V>
struct scalar_of {
    using type = V;
};
template <class T, class S>
struct scalar_of<tensor<T, S>> {
    using type = T;
};
template <class T, class S>
struct scalar_of<tensor_view<T, S>> {
    using type = std::remove_const_t<T>;
};
template <class T, class S>
struct scalar_of<tensor_copy<T, S>> {
    using type = T;
};

/// The scalar type of an evaluation: the common type of the bound values, double if none.
template <class... Bindings>
struct evaluation_scalar {
    using type = std::common_type_t<typename scalar_of<typename Bindings::value_type>::type...>;
};
template <>
struct evaluation_scalar<> {
    using type = double;
};

}  // namespace detail

}  // namespace ctdiff
