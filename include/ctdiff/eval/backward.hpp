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
#include <tuple>
#include <cstddef>
#include <type_traits>
#include <utility>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/tensor.hpp"
#include "ctdiff/eval/evaluate.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/graph/topo.hpp"

namespace ctdiff::detail {

/// Where the adjoint of a leaf argument goes: N + its position in Vars for a variable
/// differentiated with respect to, else nowhere (constants, parameters). Node arguments are
/// keyed by their node index, from the graph's child table.
template <class Arg, std::size_t N, class... Vars>
constexpr std::size_t leaf_key() {
    constexpr std::size_t p = position<Arg, Vars...>::value;
    if constexpr (p < sizeof...(Vars)) return N + p;
    else return no_node;
}

template <class Instruction>
struct argument_keys;
template <class Op, class... Args>
struct argument_keys<expr<Op, Args...>> {
    template <std::size_t N, class... Vars, std::size_t M>
    static constexpr void write(std::array<std::size_t, M>& out, std::size_t first) {
        ((out[first++] = leaf_key<Args, N, Vars...>()), ...);
    }
};

struct sweep_step {
    std::size_t child;     // adjoint key receiving the contribution
    std::size_t parent;    // node passing its adjoint on
    std::size_t position;  // which argument of the parent the child is
    bool first;            // the child's first contribution assigns, later ones add
    bool child_is_variable;
    std::size_t child_at;   // the child's offset in the node adjoints, or its position in wrt(...)
    std::size_t parent_at;  // the parent's offset
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
        for (std::size_t a = 0; a < Dag::child_count; ++a)
            if (Dag::graph.children[a] != no_node) out[a] = Dag::graph.children[a];
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
                if (out)
                    (*out)[count] = sweep_step{child,
                                               k,
                                               a - first,
                                               !seen[child],
                                               child >= node_count,
                                               child >= node_count ? child - node_count : Dag::graph.nodes[child].offset,
                                               Dag::graph.nodes[k].offset};
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
    /// Whether any edge reaches variable P (others have a gradient of 0), read from the table.
    static constexpr std::array<bool, sizeof...(Vars) + 1> variable_reached = [] {
        std::array<bool, sizeof...(Vars) + 1> out{};
        for (std::size_t i = 0; i < step_count; ++i)
            if (table[i].child_is_variable) out[table[i].child_at] = true;
        return out;
    }();
};

/// The local partial of node K (given by its instruction; its value is at Offset) with respect to
/// its argument J.
template <class Instruction, std::size_t Offset, std::size_t J>
struct instruction_partial;
template <class Op, class... Args, std::size_t Offset, std::size_t J>
struct instruction_partial<expr<Op, Args...>, Offset, J> {
    using self = value_slot<Offset, typename expr<Op, Args...>::shape_type>;
    using type = decltype(Op::template partial<J>(self{}, Args{}...));
};

/// Where the adjoint of the variable at position P of wrt(...) is accumulated: an entry of the
/// gradient being computed (a std::array of scalars, or a tuple of scalars and tensors).
template <std::size_t P, class T, std::size_t M>
CTDIFF_FORCEINLINE constexpr T* variable_adjoint(std::array<T, M>& entries) {
    return &entries[P];
}
template <std::size_t P, class... E>
CTDIFF_FORCEINLINE constexpr auto* variable_adjoint(std::tuple<E...>& entries) {
    return detail::first_element(std::get<P>(entries));
}

/// A read-only view of Size elements at p: by value for a scalar.
template <class T, class S>
CTDIFF_FORCEINLINE constexpr auto view_at(const T* p) {
    if constexpr (std::is_same<S, shape<>>::value) return scalar_view<T>{*p};
    else return input_view<T, S>{p};
}

/// One edge of the sweep: adjoint[child] (=|+=) adjoint[parent] * partial, elementwise, or the
/// parent op's vector-Jacobian product for a tensor op. The parent is given by its instruction
/// and offset, the child by its offset among the node adjoints or its position among the
/// variables. (Not by the Dag: every function named by the Dag type gets a mangled name as long
/// as the whole expression, one per edge.)
template <class Instruction, std::size_t Offset, std::size_t Position, bool ChildIsVariable, std::size_t Child,
          bool First, bool ParentIsRoot>
struct backward_step;
template <class Op, class... Args, std::size_t Offset, std::size_t Position, bool ChildIsVariable, std::size_t Child,
          bool First, bool ParentIsRoot>
struct backward_step<expr<Op, Args...>, Offset, Position, ChildIsVariable, Child, First, ParentIsRoot> {
    using parent_shape = typename expr<Op, Args...>::shape_type;
    using child_shape = typename std::tuple_element_t<Position, std::tuple<Args...>>::shape_type;
    static constexpr std::size_t offset = Offset;

    // One function per edge, and no lambdas or helpers instantiated per edge: each would be one
    // more function for the compiler to instantiate, mangle and inline (measured: a lambda and a
    // helper per edge took 1000 scalar nodes from 8.5 s to 12.4 s of g++ time).
    template <class T, std::size_t M, class G, class Env>
    CTDIFF_FORCEINLINE static constexpr void run(value_array<T, M>& adjoint, G& entries,
                                                 const value_array<T, M>& values, const Env& env) {
        T* dst;
        if constexpr (ChildIsVariable) dst = detail::variable_adjoint<Child>(entries);
        else dst = adjoint.slot + Child;
        if constexpr (!is_elementwise<Op>::value) {
            const T one{1};
            Op::template vjp<Position>(adjoint_sink<T, child_shape, First>{dst},
                                       detail::view_at<T, parent_shape>(ParentIsRoot ? &one : adjoint.slot + Offset),
                                       detail::view_at<T, parent_shape>(values.slot + Offset),
                                       detail::input_of<Args>(values, env)...);
        } else {
            // element i of adjoint(parent) * partial; a scalar child of a tensor parent is
            // broadcast, so its adjoint is the sum over the parent's elements
            using partial = typename instruction_partial<expr<Op, Args...>, Offset, Position>::type;
            constexpr bool broadcast = child_shape::size != parent_shape::size;
            T sum{};
            for (std::size_t i = 0; i < parent_shape::size; ++i) {
                T contribution;
                if constexpr (ParentIsRoot) contribution = detail::value_in<partial>(values, env, i);  // adjoint 1
                else if constexpr (is_one_v<partial>) contribution = adjoint.slot[Offset + i];
                else if constexpr (is_minus_one_v<partial>) contribution = -adjoint.slot[Offset + i];
                else contribution = adjoint.slot[Offset + i] * detail::value_in<partial>(values, env, i);
                if constexpr (broadcast) sum += contribution;
                else if constexpr (First) dst[i] = contribution;
                else dst[i] += contribution;
            }
            if constexpr (broadcast) {
                if constexpr (First) *dst = sum;
                else *dst += sum;
            }
        }
    }
};

/// Accumulates the adjoints of Sweep's variables into `entries` and those of Dag's nodes into
/// `adjoint`, from forward values of its Dag. `adjoint` need not be initialised: the sweep visits
/// only nodes the root depends on, and a node's first incoming edge assigns its adjoint before
/// any edge reads it (constant evaluation would reject a read of an element not written).
template <class Dag, class Sweep, class T, class G, class Env, std::size_t... S>
CTDIFF_FORCEINLINE constexpr void backward_sweep(const value_array<T, Dag::value_size>& values, const Env& env,
                                                 G& entries, value_array<T, Dag::value_size>& adjoint,
                                                 std::index_sequence<S...>) {
    [[maybe_unused]] const char sequence[] = {  // a flat list, see run_instructions
        '\0', (backward_step<instruction_t<Dag, Sweep::table[S].parent>, Sweep::table[S].parent_at,
                             Sweep::table[S].position, Sweep::table[S].child_is_variable, Sweep::table[S].child_at,
                             Sweep::table[S].first, Sweep::table[S].parent == Sweep::root>::run(adjoint, entries,
                                                                                                values, env),
                '\0')...};
}

/// Zeroes the gradient entry of variable P: a scalar, or every element of a tensor.
template <std::size_t P, class T, std::size_t M>
CTDIFF_FORCEINLINE constexpr void zero_entry(std::array<T, M>& entries) {
    entries[P] = T{};
}
template <std::size_t P, class... E>
CTDIFF_FORCEINLINE constexpr void zero_entry(std::tuple<E...>& entries) {
    auto& entry = std::get<P>(entries);
    if constexpr (is_tensor<std::remove_cvref_t<decltype(entry)>>::value) entry.fill(0);
    else entry = 0;
}

template <class Dag, std::size_t R, class... Vars, class T, class G, class Env, std::size_t... P>
CTDIFF_FORCEINLINE constexpr void gradient_into_entries(const value_array<T, Dag::value_size>& values, const Env& env,
                                                        G& entries, std::index_sequence<P...>) {
    using F = typename list_element<typename Dag::roots, R>::type;
    static_assert(std::is_same<typename F::shape_type, shape<>>::value,
                  "ctdiff: a gradient is taken of a scalar-valued function: reduce a tensor result "
                  "first (sum, mean, dot, a loss)");
    if constexpr (!is_expr_v<F>) {  // f is a leaf: 1 for itself, 0 for the others
        [[maybe_unused]] const char sequence[] = {
            '\0', ((std::is_same<F, Vars>::value ? void(*detail::variable_adjoint<P>(entries) = T{1})
                                                 : detail::zero_entry<P>(entries)),
                   '\0')...};
    } else {
        using S = sweep<Dag, R, type_list<Vars...>>;
        [[maybe_unused]] const char sequence[] = {
            '\0', ((S::variable_reached[P] ? void() : detail::zero_entry<P>(entries)), '\0')...};
        value_array<T, Dag::value_size> adjoint;  // not zeroed: see backward_sweep
        detail::backward_sweep<Dag, S>(values, env, entries, adjoint, std::make_index_sequence<S::step_count>{});
    }
}

/// The gradient of root R of Dag with respect to Vars..., from Dag's forward values, written into
/// `entries` (one per variable: std::array<T, n> for scalars, a tuple of scalars and tensors).
/// Every element of every entry is written: entries need not be initialised (variables no path
/// reaches get 0).
template <class Dag, std::size_t R, class... Vars, class T, class G, class Env>
CTDIFF_FORCEINLINE constexpr void gradient_into(type_list<Vars...>, const value_array<T, Dag::value_size>& values,
                                                const Env& env, G& entries) {
    detail::gradient_into_entries<Dag, R, Vars...>(values, env, entries, std::index_sequence_for<Vars...>{});
}

/// The gradient of root R with respect to scalar variables Vars..., as an array.
template <class Dag, std::size_t R, class... Vars, class T, class Env>
CTDIFF_FORCEINLINE constexpr std::array<T, sizeof...(Vars)> gradient_values(type_list<Vars...> vars,
                                                                           const value_array<T, Dag::value_size>& values,
                                                                           const Env& env) {
    std::array<T, sizeof...(Vars)> entries{};
    detail::gradient_into<Dag, R>(vars, values, env, entries);
    return entries;
}

}  // namespace ctdiff::detail
