// ctdiff/eval/evaluate.hpp — evaluation: one pass over the unique nodes in topological order,
// each value stored once in a stack-allocated record (no heap, no tape, no indirect calls).
#pragma once

#include <concepts>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/eval/bindings.hpp"
#include "ctdiff/graph/topo.hpp"

namespace ctdiff {

namespace detail {

template <class Node, class T>
struct slot {
    T value{};
};

/// One value per unique node; a node's value is found by its type.
template <class T, class Nodes>
struct node_values;
template <class T, class... Nodes>
struct node_values<T, type_list<Nodes...>> : slot<Nodes, T>... {
    using scalar_type = T;
};

/// The slot of Node: a cast to a known base, no template argument deduction.
template <class Node, class Values>
CTDIFF_FORCEINLINE constexpr auto& slot_of(Values& values) noexcept {
    using T = typename std::remove_const_t<Values>::scalar_type;
    if constexpr (std::is_const_v<Values>) return static_cast<const slot<Node, T>&>(values).value;
    else return static_cast<slot<Node, T>&>(values).value;
}

/// The value of E: leaves directly, interior nodes from the record.
template <class E, class Values, class Env>
CTDIFF_FORCEINLINE constexpr auto value_of(const Values& values, const Env& env) {
    using T = typename Values::scalar_type;
    if constexpr (is_variable_v<E>) return static_cast<T>(detail::bound_value<E::name>(env));
    else if constexpr (is_constant_v<E>) return E::value.template as<T>();
    else if constexpr (is_named_constant_v<E>) return E::tag::template value<T>();
    else return detail::slot_of<E>(values);
}

template <class Node>
struct compute_node;
template <class Op, class... Args>
struct compute_node<expr<Op, Args...>> {
    template <class Values, class Env>
    CTDIFF_FORCEINLINE static constexpr void run(Values& values, const Env& env) {
        detail::slot_of<expr<Op, Args...>>(values) = Op::eval(detail::value_of<Args>(values, env)...);
    }
};

template <class... Nodes, class Values, class Env>
CTDIFF_FORCEINLINE constexpr void run_nodes(type_list<Nodes...>, Values& values, const Env& env) {
    (compute_node<Nodes>::run(values, env), ...);
}

/// The forward pass: every unique node of E computed once, children first.
template <class E, class T, class Env>
CTDIFF_FORCEINLINE constexpr auto forward_pass(const Env& env) {
    using nodes = nodes_t<E>;
    node_values<T, nodes> values{};
    detail::run_nodes(nodes{}, values, env);
    return values;
}

template <class E, class... Bindings>
constexpr bool check_evaluation() {
    static_assert((is_binding_v<Bindings> && ...),
                  "ctdiff: evaluate(f, bindings...) takes bindings such as `x = 2.0`");
    static_assert((std::floating_point<typename scalar_of<typename Bindings::value_type>::type> && ...),
                  "ctdiff: bind variables to floating-point values (float, double, long double)");
    return all_bound<variables_t<E>, Bindings...>::value;
}

}  // namespace detail

/// The value of `e` with the given bindings: `evaluate(f, x = 2.0)` is `f(x = 2.0)`.
template <class E, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto evaluate(const E&, const Bindings&... bindings) {
    static_assert(expression<E>, "ctdiff::evaluate(f, bindings...): f must be a ctdiff expression");
    if constexpr (detail::check_evaluation<E, Bindings...>()) {
        using T = typename detail::evaluation_scalar<Bindings...>::type;
        const detail::environment<Bindings...> env{bindings...};
        const auto values = detail::forward_pass<E, T>(env);
        return detail::value_of<E>(values, env);
    } else {
        return typename detail::evaluation_scalar<Bindings...>::type{};
    }
}

}  // namespace ctdiff
