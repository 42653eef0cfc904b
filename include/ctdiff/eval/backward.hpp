// ctdiff/eval/backward.hpp — the backward pass as values: every adjoint is a number, accumulated
// in one sweep over the edges of the DAG from the output down.
//
//   adjoint(f)     = 1
//   adjoint(child) = sum over the edges parent --i--> child of  adjoint(parent) * partial_i(parent)
//
// The sweep is fixed at compile time (graph/adjoint.hpp builds its table); what runs is one
// multiply-add per edge, with the local partial evaluated from the forward values it names
// (d tanh(u) = 1 - tanh(u)^2 reads the tanh node's value). The types stay one per node: no
// adjoint is ever an expression, so compile time grows with the number of edges, not with the
// size of nested adjoint expressions.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/eval/evaluate.hpp"
#include "ctdiff/graph/adjoint.hpp"

namespace ctdiff::detail {

template <class E>
struct value_in_fn;

/// The value of E where E may be a forward node (read from its slot), a leaf, or a small
/// expression made by a local partial rule (computed from the values of its children).
template <class E, class Values, class Env>
CTDIFF_FORCEINLINE constexpr auto value_in(const Values& values, const Env& env) {
    using T = typename Values::scalar_type;
    if constexpr (!is_expr_v<E> || std::is_base_of_v<slot<E, T>, Values>) {
        return detail::value_of<E>(values, env);
    } else {
        return value_in_fn<E>::run(values, env);
    }
}
template <class Op, class... Args>
struct value_in_fn<expr<Op, Args...>> {
    template <class Values, class Env>
    CTDIFF_FORCEINLINE static constexpr auto run(const Values& v, const Env& e) {
        return Op::eval(detail::value_in<Args>(v, e)...);
    }
};

template <class E>
inline constexpr bool is_minus_one_v = is_constant_equal_to_v<E, rational{-1, 1}>;

/// One edge of the sweep: adjoint[child] (=|+=) adjoint[parent] * partial.
template <class G, std::size_t S, class T, class Values, class Env>
CTDIFF_FORCEINLINE constexpr void backward_step(std::array<T, G::key_count>& adjoint,
                                                const Values& values, const Env& env) {
    constexpr auto step = G::sweep[S];
    using parent = type_at_t<step.parent, typename G::map>;
    using partial = typename local_partial<parent, step.position>::type;
    constexpr bool parent_is_output = step.parent + 1 == G::node_count;  // its adjoint is 1

    T contribution{};
    if constexpr (parent_is_output) {
        contribution = detail::value_in<partial>(values, env);
    } else if constexpr (is_one_v<partial>) {
        contribution = adjoint[step.parent];
    } else if constexpr (is_minus_one_v<partial>) {
        contribution = -adjoint[step.parent];
    } else {
        contribution = adjoint[step.parent] * detail::value_in<partial>(values, env);
    }
    if constexpr (step.first) adjoint[step.child] = contribution;
    else adjoint[step.child] += contribution;
}

/// The adjoints of every key of G (its interior nodes, then the variables it differentiates
/// with respect to), from forward values that include all of G's nodes.
template <class G, class Values, class Env, std::size_t... S>
CTDIFF_FORCEINLINE constexpr auto backward_sweep(const Values& values, const Env& env,
                                                 std::index_sequence<S...>) {
    using T = typename Values::scalar_type;
    std::array<T, G::key_count> adjoint{};  // keys no edge reaches keep 0
    (detail::backward_step<G, S>(adjoint, values, env), ...);
    return adjoint;
}

/// The gradient of F with respect to Vars..., as values, from forward values holding F's nodes.
template <class F, class... Vars, class Values, class Env>
CTDIFF_FORCEINLINE constexpr std::array<typename Values::scalar_type, sizeof...(Vars)>
gradient_values(type_list<Vars...>, const Values& values, const Env& env) {
    using T = typename Values::scalar_type;
    if constexpr (!is_expr_v<F>) {  // f is a leaf: 1 for itself, 0 for the others
        return {T(std::is_same_v<F, Vars> ? 1 : 0)...};
    } else {
        using G = reverse_graph<F, type_list<Vars...>>;
        const auto adjoint = detail::backward_sweep<G>(values, env, std::make_index_sequence<G::edge_count>{});
        return {adjoint[index_of_v<Vars, typename G::map>]...};
    }
}

}  // namespace ctdiff::detail
