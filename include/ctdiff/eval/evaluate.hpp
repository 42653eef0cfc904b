// ctdiff/eval/evaluate.hpp — evaluation: one pass over the unique nodes in topological order,
// each value stored once in a stack array (no heap, no tape, no indirect calls).
//
// Node K is computed by its *instruction*: the node with each interior argument replaced by
// `value_slot<index>` (core/expr.hpp). `tanh(w*x + 1)` as node 3 becomes `tanh(slot<2>)`. So
// the functions instantiated per node are named by an op and a few indices: their number and
// the length of their names grow linearly with the graph, where functions named by the nodes'
// own types would have names as long as the subexpressions below them.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <utility>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/eval/bindings.hpp"
#include "ctdiff/graph/topo.hpp"

namespace ctdiff {

namespace detail {

/// Storage for one value per node (or per adjoint key), on the stack. A plain array member, not
/// std::array: in a gradient of thousands of nodes every `operator[]` would be one more call for
/// the optimiser's inliner to weigh against an enormous caller (measured: 1000 nodes, g++ -O2,
/// a third of the inlining time).
template <class T, std::size_t N>
struct value_array {
    T slot[N == 0 ? 1 : N];
};

template <std::size_t Child, class Arg>
struct argument_ref {
    using type = value_slot<Child>;
};
template <class Arg>
struct argument_ref<no_node, Arg> {
    using type = Arg;
};

/// The instruction of node K of Dag: the node over value slots.
template <class Dag, std::size_t K, class Node, class Seq>
struct instruction_over;
template <class Dag, std::size_t K, class Op, class... Args, std::size_t... J>
struct instruction_over<Dag, K, expr<Op, Args...>, std::index_sequence<J...>> {
    using type = expr<Op, typename argument_ref<Dag::child_index(K, J), Args>::type...>;
};
template <class Dag, std::size_t K, class Node = typename node_at<Dag, K>::type>
struct instruction;
template <class Dag, std::size_t K, class Op, class... Args>
struct instruction<Dag, K, expr<Op, Args...>>
    : instruction_over<Dag, K, expr<Op, Args...>, std::index_sequence_for<Args...>> {};
template <class Dag, std::size_t K>
using instruction_t = typename instruction<Dag, K>::type;

template <class E>
struct compute;

/// The value of E: a value slot, a leaf, or a small expression over them (an instruction, or a
/// local partial derivative made from one), computed from its arguments.
template <class E, class T, std::size_t N, class Env>
CTDIFF_FORCEINLINE constexpr T value_in(const value_array<T, N>& values, const Env& env) {
    if constexpr (is_value_slot_v<E>) return values.slot[E::index];
    else if constexpr (is_variable_v<E>) return static_cast<T>(detail::bound_value<E::name>(env));
    else if constexpr (is_constant_v<E>) return E::value.template as<T>();
    else if constexpr (is_named_constant_v<E>) return E::tag::template value<T>();
    else return compute<E>::run(values, env);
}
template <class Op, class... Args>
struct compute<expr<Op, Args...>> {
    template <class T, std::size_t N, class Env>
    CTDIFF_FORCEINLINE static constexpr T run(const value_array<T, N>& values, const Env& env) {
        return Op::eval(detail::value_in<Args>(values, env)...);
    }
};

/// The forward pass over Dag: node K's value in slot K.
template <class Dag, class T, class Env, std::size_t... K>
CTDIFF_FORCEINLINE constexpr void run_instructions(value_array<T, Dag::size>& values, const Env& env,
                                                   std::index_sequence<K...>) {
    // a braced list rather than a comma fold: g++ handles a flat list of N statements far
    // faster than N nested comma expressions (measured: 1000 nodes, -O2, 58 s -> 42 s)
    [[maybe_unused]] const char sequence[] = {
        '\0', ((values.slot[K] = detail::value_in<instruction_t<Dag, K>>(values, env)), '\0')...};
}
template <class Dag, class T, class Env>
CTDIFF_FORCEINLINE constexpr value_array<T, Dag::size> forward_pass(const Env& env) {
    value_array<T, Dag::size> values{};
    detail::run_instructions<Dag>(values, env, std::make_index_sequence<Dag::size>{});
    return values;
}

/// The value of root R of Dag after its forward pass.
template <class Dag, std::size_t R, class T, class Env>
CTDIFF_FORCEINLINE constexpr T root_value(const value_array<T, Dag::size>& values, const Env& env) {
    constexpr std::size_t k = Dag::graph.root_index[R];
    if constexpr (k == no_node) return detail::value_in<typename list_element<typename Dag::roots, R>::type>(values, env);
    else return values.slot[k];
}

/// Several expressions evaluated in one pass over the union of their unique nodes.
template <class T, class... Outs, class Env, std::size_t... R>
CTDIFF_FORCEINLINE constexpr std::array<T, sizeof...(Outs)> evaluate_all(type_list<Outs...>, const Env& env,
                                                                          std::index_sequence<R...>) {
    using D = dag<type_list<Outs...>>;
    const auto values = detail::forward_pass<D, T>(env);
    return {detail::root_value<D, R>(values, env)...};
}
template <class T, class... Outs, class Env>
CTDIFF_FORCEINLINE constexpr std::array<T, sizeof...(Outs)> evaluate_all(type_list<Outs...> outs, const Env& env) {
    return detail::evaluate_all<T>(outs, env, std::index_sequence_for<Outs...>{});
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
    using T = typename detail::evaluation_scalar<Bindings...>::type;
    if constexpr (detail::check_evaluation<E, Bindings...>()) {
        const detail::environment<Bindings...> env{bindings...};
        return detail::evaluate_all<T>(type_list<E>{}, env)[0];
    } else {
        return T{};
    }
}

}  // namespace ctdiff
