// ctdiff/eval/backward.hpp — the backward pass as values: every adjoint is a number, accumulated
// in one sweep over the edges of the DAG from the output down.
//
//   adjoint(f)     = 1
//   adjoint(child) = sum over the edges parent --i--> child of  adjoint(parent) * partial_i(parent)
//
// "Multiply the local derivatives along a path; if several paths contribute, add them." The
// sweep is fixed at compile time (a constexpr table of edges, parents in reverse topological
// order, so a node's adjoint is complete before it is passed on); what runs is one multiply-add
// per edge. The local partial comes from the op's `partial<I>` rule applied to the node's
// instruction, so it reads the forward values it names (d tanh(u) = 1 - tanh(u)^2 reads the
// tanh node's slot). No adjoint is ever an expression type: compile time grows with the number
// of edges, not with the size of nested adjoint expressions, and no symbolic derivative of the
// whole function is taken (no expression swell).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/eval/evaluate.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/graph/topo.hpp"

namespace ctdiff::detail {

/// Where the adjoint of an instruction argument goes: its node's slot, N + position for a
/// variable listed in Vars, or nowhere (constants, variables not differentiated).
template <class Arg, std::size_t N, class... Vars>
constexpr std::size_t adjoint_key() {
    constexpr std::size_t p = position<Arg, Vars...>::value;
    if constexpr (is_value_slot_v<Arg>) return Arg::index;
    else if constexpr (p < sizeof...(Vars)) return N + p;
    else return no_node;
}

template <class Instruction>
struct argument_keys;
template <class Op, class... Args>
struct argument_keys<expr<Op, Args...>> {
    template <std::size_t N, class... Vars, std::size_t M>
    static constexpr void write(std::array<std::size_t, M>& out, std::size_t first) {
        ((out[first++] = adjoint_key<Args, N, Vars...>()), ...);
    }
};

struct sweep_step {
    std::size_t child;     // adjoint key receiving the contribution
    std::size_t parent;    // node passing its adjoint on
    std::size_t position;  // which argument of the parent the child is
    bool first;            // the child's first contribution assigns, later ones add
};

/// The backward sweep of root R of Dag, differentiating with respect to Vars: keys 0..N-1 are
/// Dag's nodes, N.. the variables.
template <class Dag, std::size_t R, class Vars, class Seq = std::make_index_sequence<Dag::size>>
struct sweep;
template <class Dag, std::size_t R, class... Vars, std::size_t... K>
struct sweep<Dag, R, type_list<Vars...>, std::index_sequence<K...>> {
    static constexpr std::size_t node_count = Dag::size;
    static constexpr std::size_t key_count = node_count + sizeof...(Vars);
    static constexpr std::size_t root = Dag::graph.root_index[R];

    static constexpr std::array<std::size_t, Dag::child_count + 1> keys() {
        std::array<std::size_t, Dag::child_count + 1> out{};
        [[maybe_unused]] const char sequence[] = {  // a flat list: clang caps a fold's nesting at 256
            '\0', (argument_keys<instruction_t<Dag, K>>::template write<node_count, Vars...>(
                       out, Dag::graph.nodes[K].first_child),
                   '\0')...};
        return out;
    }

    // Parents from the root down, only those the root depends on (another root's nodes would
    // pass on an adjoint of 0, and 0 * inf is NaN).
    template <std::size_t M>
    static constexpr std::size_t steps(std::array<sweep_step, M>* out) {
        const auto key = keys();
        std::array<bool, node_count + 1> reached{};
        std::array<bool, key_count + 1> seen{};
        reached[root] = true;
        std::size_t count = 0;
        for (std::size_t k = root + 1; k-- > 0;) {
            if (!reached[k]) continue;
            const std::size_t first = Dag::graph.nodes[k].first_child;
            const std::size_t end = k + 1 < node_count ? Dag::graph.nodes[k + 1].first_child : Dag::child_count;
            for (std::size_t a = first; a < end; ++a) {
                const std::size_t child = key[a];
                if (child == no_node) continue;
                if (child < node_count) reached[child] = true;
                if (out) (*out)[count] = sweep_step{child, k, a - first, !seen[child]};
                seen[child] = true;
                ++count;
            }
        }
        return count;
    }
    static constexpr std::size_t step_count = steps<1>(nullptr);
    static constexpr std::array<sweep_step, step_count + 1> table = [] {
        std::array<sweep_step, step_count + 1> out{};
        steps(&out);
        return out;
    }();
};

/// The local partial of node K (given by its instruction) with respect to its argument J.
template <class Instruction, std::size_t K, std::size_t J>
struct instruction_partial;
template <class Op, class... Args, std::size_t K, std::size_t J>
struct instruction_partial<expr<Op, Args...>, K, J> {
    using type = decltype(Op::template partial<J>(value_slot<K>{}, Args{}...));
};

/// One edge of the sweep: adjoint[Child] (=|+=) adjoint[Parent] * partial.
template <class Instruction, std::size_t Parent, std::size_t Position, std::size_t Child, bool First,
          bool ParentIsRoot, class T, std::size_t N, std::size_t M, class Env>
CTDIFF_FORCEINLINE constexpr void backward_step(value_array<T, M>& adjoint, const value_array<T, N>& values,
                                                const Env& env) {
    using partial = typename instruction_partial<Instruction, Parent, Position>::type;
    T contribution{};
    if constexpr (ParentIsRoot) {  // its adjoint is 1
        contribution = detail::value_in<partial>(values, env);
    } else if constexpr (is_one_v<partial>) {
        contribution = adjoint.slot[Parent];
    } else if constexpr (is_minus_one_v<partial>) {
        contribution = -adjoint.slot[Parent];
    } else {
        contribution = adjoint.slot[Parent] * detail::value_in<partial>(values, env);
    }
    if constexpr (First) adjoint.slot[Child] = contribution;
    else adjoint.slot[Child] += contribution;
}

/// The adjoints of every key of Sweep from forward values of its Dag.
template <class Dag, class Sweep, class T, class Env, std::size_t... S>
CTDIFF_FORCEINLINE constexpr value_array<T, Sweep::key_count> backward_sweep(const value_array<T, Dag::size>& values,
                                                                           const Env& env, std::index_sequence<S...>) {
    value_array<T, Sweep::key_count> adjoint{};  // keys no edge reaches keep 0
    [[maybe_unused]] const char sequence[] = {  // a flat list, see run_instructions
        '\0', (detail::backward_step<instruction_t<Dag, Sweep::table[S].parent>, Sweep::table[S].parent,
                                     Sweep::table[S].position, Sweep::table[S].child, Sweep::table[S].first,
                                     Sweep::table[S].parent == Sweep::root>(adjoint, values, env),
                '\0')...};
    return adjoint;
}

/// The gradient of root R of Dag with respect to Vars..., from Dag's forward values.
template <class Dag, std::size_t R, class... Vars, class T, class Env>
CTDIFF_FORCEINLINE constexpr std::array<T, sizeof...(Vars)> gradient_values(type_list<Vars...>,
                                                                           const value_array<T, Dag::size>& values,
                                                                           const Env& env) {
    using F = typename list_element<typename Dag::roots, R>::type;
    if constexpr (!is_expr_v<F>) {  // f is a leaf: 1 for itself, 0 for the others
        return {T(std::is_same<F, Vars>::value ? 1 : 0)...};
    } else {
        using S = sweep<Dag, R, type_list<Vars...>>;
        const auto adjoint = detail::backward_sweep<Dag, S>(values, env, std::make_index_sequence<S::step_count>{});
        return {adjoint.slot[Dag::size + position<Vars, Vars...>::value]...};  // wrt(...) lists each once
    }
}

}  // namespace ctdiff::detail
