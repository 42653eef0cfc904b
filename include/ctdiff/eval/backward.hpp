// ctdiff/eval/backward.hpp — the backward pass as values: every adjoint is a number, accumulated
// in one sweep over the edges of the DAG from the output down.
//
//   adjoint(f)     = 1
//   adjoint(child) = sum over the edges parent --i--> child of  adjoint(parent) * partial_i(parent)
//
// "Multiply the local derivatives along a path; if several paths contribute, add them." The
// sweep is fixed at compile time (a constexpr table of edges, parents in reverse topological
// order, so a node's adjoint is complete before it is passed on); what runs is at most one
// multiply-add per edge, and less where exact constant factors are kept in the table as scales
// of the adjoints (below). The local partial comes from the op's `partial<I>` rule applied to the node's
// instruction, so it reads the forward values it names (d tanh(u) = 1 - tanh(u)^2 reads the
// tanh node's slot). No adjoint is ever an expression type: compile time grows with the number
// of edges, not with the size of nested adjoint expressions, and no symbolic derivative of the
// whole function is taken (no expression swell).
#pragma once

#include <array>
#include <tuple>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/tensor.hpp"
#include "ctdiff/eval/evaluate.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/graph/topo.hpp"
#include "ctdiff/ops/condition.hpp"

namespace ctdiff::op {
struct mul;
struct neg;
}  // namespace ctdiff::op

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

// ---- exact scales of adjoints ------------------------------------------------------------------
// A node's adjoint is kept as an exact constant scale times a stored run-time value, or as the
// exact constant alone (the output's adjoint is the constant 1; through `100 * u` the adjoint of
// u is the constant 100). The scales are decided in the constexpr sweep table; constant factors
// of the local partials (2u -> 2 and u, -v -> -1 and v) are folded into them, and a scale is
// multiplied in at run time only where contributions of different scales meet or an adjoint
// reaches a gradient entry. An edge with a constant partial into a node with no other incoming
// edge passes no value at all: the child's stored adjoint is its parent's (an alias).
// docs/design.md, "Exact scales of adjoints", gives the numeric policy.

/// Whether an exact scale is kept symbolic: numerator and denominator below 2^31, so that the
/// product of two such scales always fits the 62 bits of a rational.
constexpr bool small_scale(rational r) {
    constexpr std::int64_t limit = std::int64_t{1} << 31;
    return r.num < limit && r.num > -limit && r.den < limit && !r.is_zero();
}

/// A rational operation that says when its result does not fit (rational's own operators stop
/// compilation there).
struct exact_result {
    rational value;
    bool fits;
};
constexpr bool product_fits(std::int64_t a, std::int64_t b) {
    return a == 0 || detail::abs64(b) < rational_limit / detail::abs64(a);
}
constexpr exact_result exact_product(rational a, rational b) {
    const std::int64_t g1 = detail::gcd64(a.num, b.den), g2 = detail::gcd64(b.num, a.den);
    const std::int64_t n1 = a.num / g1, n2 = b.num / g2, d1 = a.den / g2, d2 = b.den / g1;
    if (!product_fits(n1, n2) || !product_fits(d1, d2)) return {rational{}, false};
    return {rational{n1 * n2, d1 * d2}, true};
}
constexpr exact_result exact_quotient(rational a, rational b) {  // b is not zero
    return detail::exact_product(a, rational{b.num < 0 ? -b.den : b.den, detail::abs64(b.num)});
}
constexpr exact_result exact_sum(rational a, rational b) {
    const std::int64_t g = detail::gcd64(a.den, b.den);
    if (!product_fits(a.den / g, b.den)) return {rational{}, false};
    const std::int64_t l = a.den / g * b.den;
    if (!product_fits(a.num, l / a.den) || !product_fits(b.num, l / b.den)) return {rational{}, false};
    const std::int64_t sum = a.num * (l / a.den) + b.num * (l / b.den);  // each below 2^62: no overflow
    if (sum >= rational_limit || sum <= -rational_limit) return {rational{}, false};
    const std::int64_t h = sum == 0 ? l : detail::gcd64(sum, l);
    return {rational{sum / h, l / h}, true};
}

/// A local partial split into an exact constant factor and what is left to compute at run time.
/// With Fold, `c * v` gives c and v, `-v` gives -1 and v (the ops' algebraic forms say which ops
/// these are: core/algebra.hpp); a constant c gives c and nothing. A
/// constant too large to be kept as a scale stays a run-time factor. (A constant 0 never gets
/// here with Fold: its edge is not followed, see edge_table::followed.) Without Fold only
/// constants are split off:
/// that is the plain sweep, each node's adjoint computed as written (io/graph_view shows it).
template <class P, bool Fold>
struct partial_factor {
    static constexpr rational factor{1, 1};
    static constexpr bool has_rest = true;
    using rest = P;
};
template <rational R, bool Fold>
struct partial_factor<constant<R>, Fold> {
    static constexpr bool has_rest = !detail::small_scale(R);
    static constexpr rational factor = has_rest ? rational{1, 1} : R;
    using rest = constant<R>;
};
template <class Op, rational R, class X>
    requires(detail::is_plain_product<Op>())
struct partial_factor<expr<Op, constant<R>, X>, true> {
    static constexpr bool has_rest = true;
    static constexpr rational factor = detail::small_scale(R) ? R : rational{1, 1};
    using rest = std::conditional_t<detail::small_scale(R), X, expr<Op, constant<R>, X>>;
};
template <class Op, class X>
    requires(detail::is_negation<Op>())
struct partial_factor<expr<Op, X>, true> {
    static constexpr bool has_rest = true;
    static constexpr rational factor{-1, 1};
    using rest = X;
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

/// The local partial of argument J of the node whose instruction is Instruction (its value at
/// Offset), split into its exact factor and its run-time factor (partial_factor).
template <class Instruction, std::size_t Offset, std::size_t J, bool Fold>
using edge_partial_factor = partial_factor<typename instruction_partial<Instruction, Offset, J>::type, Fold>;

// ---- partials that are nodes already -----------------------------------------------------------
// The partial of sin u is cos u; when the graph also computes cos u (residuals that use both, as
// rotations and the trigonometric test functions do), a sweep reads that node's value instead of
// calling cos again. A partial's run-time factor is an expression over value slots, in the same
// form as the nodes' instructions, so the node is found by comparing one-level descriptions (op
// and arguments) among the parents of the partial's first argument: values, not types named by
// the graph (a template per edge named by the Dag doubled g++'s time on 1000 nodes).

template <class Op>
inline constexpr char op_identity = 0;

/// An instruction-form expression one level deep: its op and, per argument, a value slot's offset
/// + 1 or a leaf's identity. Equal descriptions compute equal values. `op` is null for anything
/// else (a deeper expression, a leaf).
struct instruction_description {
    const void* op = nullptr;
    std::size_t arity = 0;
    std::size_t slot[max_arity]{};
    const void* leaf[max_arity]{};

    constexpr bool operator==(const instruction_description& o) const {
        if (op == nullptr || op != o.op || arity != o.arity) return false;
        for (std::size_t i = 0; i < arity; ++i)
            if (slot[i] != o.slot[i] || leaf[i] != o.leaf[i]) return false;
        return true;
    }
};
template <class A>
constexpr std::size_t slot_of_argument() {
    if constexpr (is_value_slot<A>::value) return A::index + 1;
    else return 0;
}
template <class A>
constexpr const void* leaf_of_argument() {
    if constexpr (is_value_slot<A>::value) return nullptr;
    else return &node_info_v<A>;
}
template <class E>
struct describe {
    static constexpr instruction_description value{};
};
template <class Op, class... A>
    requires(sizeof...(A) <= max_arity && ((is_value_slot<A>::value || is_variable<A>::value || is_constant<A>::value ||
                                            is_named_constant<A>::value) &&
                                           ...))
struct describe<expr<Op, A...>> {
    static constexpr instruction_description value{
        &op_identity<Op>, sizeof...(A), {slot_of_argument<A>()...}, {leaf_of_argument<A>()...}};
};

/// What an edge's local partial contributes to the sweep table: its exact factor, and whether a
/// run-time factor is left. A tensor op's VJP is all run time.
struct edge_factor {
    rational factor{1, 1};
    bool has_rest = true;
    bool vjp = false;       // the parent is a tensor op: its adjoint goes through a VJP
    bool computed = false;  // the run-time factor is computed from values (sin u), not read (u)
    bool selects = false;   // the parent is one element of this argument, an unknown (at<i>(p))
    bool zero = false;      // the partial is the exact constant 0: the edge carries nothing
    bool strong = false;    // the parent is a select or below one: 0 * anything is 0 (strong_product)
};

/// Whether Op's value is one element of its argument of shape S (`selected_element<S>()`).
template <class Op, class S>
concept selects_element = requires { Op::template selected_element<S>(); };

template <class Instruction>
struct argument_indices;
template <class Op, class... Args>
struct argument_indices<expr<Op, Args...>> {
    using type = std::index_sequence_for<Args...>;
};

/// The factor of argument J's edge, for an edge the sweep follows (Followed: into a node, or into
/// a variable differentiated with respect to); the partial of any other argument is never formed.
/// (A class named by the instruction, not a function named by the variables: see design.md.)
template <bool Followed, class Instruction, std::size_t Offset, std::size_t J, bool Fold>
struct argument_factor {
    static constexpr edge_factor value{};
};
template <class Instruction, std::size_t Offset, std::size_t J, bool Fold>
struct argument_factor<true, Instruction, Offset, J, Fold> {
    using factor = edge_partial_factor<Instruction, Offset, J, Fold>;
    static constexpr edge_factor value{factor::factor, factor::has_rest, false,
                                       factor::has_rest && expr_node<typename factor::rest>, false,
                                       zero_constant<typename instruction_partial<Instruction, Offset, J>::type>};
};

/// The adjoint key of each argument of an instruction (see leaf_key) and its edge's factor.
template <class Instruction, std::size_t Offset, bool Fold, class Seq = typename argument_indices<Instruction>::type>
struct argument_keys;
template <class Op, class... Args, std::size_t Offset, bool Fold, std::size_t... J>
struct argument_keys<expr<Op, Args...>, Offset, Fold, std::index_sequence<J...>> {
    template <std::size_t N, class... Vars, std::size_t M>
    static constexpr void write(std::array<std::size_t, M>& keys, std::array<edge_factor, M>& factors,
                                std::size_t first) {
        ((keys[first + J] = leaf_key<Args, N, Vars...>()), ...);
        if constexpr (Fold && sizeof...(Args) == 1 && (selects_element<Op, typename Args::shape_type> && ...) &&
                      ((leaf_key<Args, N, Vars...>() != no_node) && ...))
            // an element of an unknown: its adjoint goes into that element alone
            ((factors[first + J] = edge_factor{rational{1, 1}, false, false, false, true}), ...);
        else if constexpr (!is_elementwise<Op>::value)
            ((factors[first + J] = edge_factor{rational{1, 1}, true, true}), ...);
        else
            ((factors[first + J] = argument_factor<is_value_slot<Args>::value || leaf_key<Args, N, Vars...>() != no_node,
                                                   expr<Op, Args...>, Offset, J, Fold>::value),
             ...);
    }
};

/// How one key's adjoint is kept: `scale` alone (constant), or `scale` times the value stored at
/// `at` (a node's adjoint offset, perhaps its parent's when it aliases it; a variable's position).
struct adjoint_plan {
    bool constant = false;
    rational scale{1, 1};
    std::size_t at = 0;
};

/// What one backward_step needs to know about its edge, as a template argument: short, because
/// it is part of the mangled name of one function per edge (a bit set rather than four bools,
/// and the divisor, which most edges lack, last and zero, which g++ leaves out of the name).
struct step_code {
    static constexpr unsigned first = 1;              // the child's first contribution assigns, later ones add
    static constexpr unsigned child_is_variable = 2;
    static constexpr unsigned parent_constant = 4;    // the parent's adjoint is a constant: nothing is read
    static constexpr unsigned fold = 8;               // partials split as partial_factor<P, true>
    static constexpr unsigned cached = 16;            // the partial's run-time factor is read from the cache
    static constexpr unsigned selects = 32;           // the parent is one element of the child (a variable)
    static constexpr unsigned strong = 64;            // a select or below one: adjoint * partial is strong_product
    std::size_t position;           // which argument of the parent the child is
    std::size_t child_at;           // where the child's stored adjoint is, or its position in wrt(...)
    std::size_t parent_at;          // the parent's offset among the values
    std::size_t parent_adjoint_at;  // where the parent's stored adjoint is (not its own offset if it aliases)
    unsigned flags;
    std::int64_t mul_num;  // the exact multiplier
    std::int64_t mul_den;
    std::int64_t div_num;  // 0 / 0: none; else the multiplier is mul / div (mul / div did not fit)
    std::int64_t div_den;
    std::size_t edge = 0;  // with `cached`: the edge's slot in the partial cache (its child slot)
    std::size_t partial_at = 0;  // 1 + the offset of the node whose value is the partial's factor, or 0

    constexpr bool has(unsigned flag) const { return (flags & flag) != 0; }
    constexpr rational multiplier() const { return rational{mul_num, mul_den}; }
    constexpr rational divisor() const { return div_den == 0 ? rational{1, 1} : rational{div_num, div_den}; }
};

/// One edge of the sweep that runs: adjoint[child] (=|+=) multiplier / divisor * (parent's stored
/// adjoint, or 1 for a constant one) * (the partial's run-time factor, if any).
struct sweep_step {
    std::size_t child;      // adjoint key receiving the contribution
    std::size_t parent;     // node passing its adjoint on
    std::size_t position;   // which argument of the parent the child is
    bool first;             // the child's first contribution assigns, later ones add
    bool child_is_variable;
    std::size_t child_at;   // where the child's stored adjoint is, or its position in wrt(...)
    std::size_t parent_at;  // the parent's offset among the values
    std::size_t parent_adjoint_at;  // where the parent's stored adjoint is (not its own offset if it aliases)
    bool parent_constant;   // the parent's adjoint is a constant: nothing is read
    bool fold;              // partials split as partial_factor<P, fold>
    rational multiplier;    // exact
    rational divisor;       // 1 unless multiplier / divisor does not fit a rational
    bool cached = false;    // the partial's run-time factor is read from the partial cache
    std::size_t edge = 0;   // the edge's child slot (Dag::graph.children), its place in the cache
    bool selects = false;   // the parent is one element of the child, an unknown: added into it
    std::size_t partial_node = no_node;  // the offset of the node whose value is the partial's factor
    bool strong = false;    // adjoint * partial is a strong_product (the parent is a select or below one)

    constexpr step_code code() const {
        const bool no_divisor = divisor == rational{1, 1};
        return step_code{position,
                         child_at,
                         parent_at,
                         parent_adjoint_at,
                         (first ? step_code::first : 0u) | (child_is_variable ? step_code::child_is_variable : 0u) |
                             (parent_constant ? step_code::parent_constant : 0u) | (fold ? step_code::fold : 0u) |
                             (cached ? step_code::cached : 0u) | (selects ? step_code::selects : 0u) |
                             (strong ? step_code::strong : 0u),
                         multiplier.num,
                         multiplier.den,
                         no_divisor ? 0 : divisor.num,
                         no_divisor ? 0 : divisor.den,
                         cached ? edge : 0,
                         partial_node == no_node ? 0 : partial_node + 1};
    }
};

/// The edges of Dag as the sweeps of all its roots see them (one table, whichever root is swept):
/// for each child slot a (Dag::graph.children), the adjoint key it passes to (a node, N + the
/// position of a variable of Vars, or no_node), the factor of its local partial, the node it
/// belongs to; and for each node whether it depends on a variable of Vars at all ("active": an
/// edge into an inactive node passes an adjoint nobody reads, and is not followed when Fold).
template <class Dag, class Vars, bool Fold, class Seq = std::make_index_sequence<Dag::size>>
struct edge_table;
template <class Dag, class... Vars, bool Fold, std::size_t... K>
struct edge_table<Dag, type_list<Vars...>, Fold, std::index_sequence<K...>> {
    static constexpr std::size_t node_count = Dag::size;
    static constexpr std::size_t edge_capacity = Dag::child_count + 1;

    struct table_type {
        std::array<std::size_t, edge_capacity> key{};
        std::array<edge_factor, edge_capacity> factor{};
        std::array<std::size_t, edge_capacity> parent{};
        std::array<bool, node_count + 1> active{};
    };
    static constexpr table_type make() {
        table_type t{};
        [[maybe_unused]] const char sequence[] = {  // a flat list: clang caps a fold's nesting at 256
            '\0', (argument_keys<instruction_t<Dag, K>, Dag::offset(K), Fold>::template write<node_count, Vars...>(
                       t.key, t.factor, Dag::graph.nodes[K].first_child),
                   '\0')...};
        for (std::size_t a = 0; a < Dag::child_count; ++a)
            if (Dag::graph.children[a] != no_node) t.key[a] = Dag::graph.children[a];
        for (std::size_t k = 0; k < node_count; ++k) {  // children before parents
            const std::size_t first = Dag::graph.nodes[k].first_child;
            const std::size_t end = Dag::children_end(k);
            for (std::size_t a = first; a < end; ++a) {
                t.parent[a] = k;
                const std::size_t child = t.key[a];
                if (child != no_node && !(Fold && t.factor[a].zero) && (child >= node_count || t.active[child]))
                    t.active[k] = true;
            }
        }
        // selects and everything below them: their edges' products treat 0 as a strong zero
        constexpr bool strong_op[] = {false, is_strong_zero<typename instruction_t<Dag, K>::op_type>::value...};
        std::array<bool, node_count + 1> below{};
        for (std::size_t k = node_count; k-- > 0;) {  // parents before children
            if (!strong_op[k + 1] && !below[k]) continue;
            for (std::size_t a = Dag::graph.nodes[k].first_child; a < Dag::children_end(k); ++a) {
                t.factor[a].strong = true;
                if (t.key[a] < node_count) below[t.key[a]] = true;
            }
        }
        return t;
    }
    static constexpr table_type table = make();

    /// Whether the sweep follows the edge in slot a. With Fold, not an edge whose partial is the
    /// exact constant 0 (step, sign: the derivative is zero by construction, so the adjoint it
    /// would pass on is 0 even where the parent's adjoint is inf or NaN), and not an edge into an
    /// inactive node.
    static constexpr bool followed(std::size_t a) {
        const std::size_t child = table.key[a];
        return child != no_node &&
               (!Fold || (!table.factor[a].zero && (child >= node_count || table.active[child])));
    }
    static constexpr std::size_t node_size(std::size_t k) {
        return (k + 1 < node_count ? Dag::graph.nodes[k + 1].offset : Dag::value_size) - Dag::graph.nodes[k].offset;
    }
    /// Whether the edge in slot a reads its partial's run-time factor from the partial cache
    /// (a Jacobian's sweeps, eval/jacobian.hpp): a followed edge of a scalar elementwise node whose
    /// factor is computed (cos u for sin u), not merely read (v for u * v).
    static constexpr bool cacheable(std::size_t a) {
        return Fold && followed(a) && table.factor[a].computed && !table.factor[a].vjp &&
               node_size(table.parent[a]) == 1;
    }
};

/// The description of the run-time factor of each followed, computed partial of an instruction
/// (see describe), written at its child slots.
template <class Instruction, std::size_t Offset, class Seq = typename argument_indices<Instruction>::type>
struct rest_descriptions;
template <class Op, class... Args, std::size_t Offset, std::size_t... J>
struct rest_descriptions<expr<Op, Args...>, Offset, std::index_sequence<J...>> {
    template <std::size_t Arg>
    static constexpr instruction_description of() {
        using rest = typename edge_partial_factor<expr<Op, Args...>, Offset, Arg, true>::rest;
        return describe<rest>::value;
    }
    template <std::size_t M>
    static constexpr void write(std::array<instruction_description, M>& out, const std::array<edge_factor, M>& factor,
                                std::size_t first) {
        if constexpr (is_elementwise<Op>::value)
            ((out[first + J] = factor[first + J].computed ? of<J>() : instruction_description{}), ...);
    }
};

/// For the edges of a Jacobian's sweeps (reverse mode with the partial cache, or forward mode):
/// the node whose value is the edge's computed partial factor, or no_node; and the edges whose
/// factor is computed once into the partial cache instead (cacheable, and no node has it). Kept
/// apart from edge_table so that gradients pay nothing for it at compile time.
template <class Dag, class Vars, class Seq = std::make_index_sequence<Dag::size>>
struct partial_nodes;
template <class Dag, class... Vars, std::size_t... K>
struct partial_nodes<Dag, type_list<Vars...>, std::index_sequence<K...>> {
    using edges_type = edge_table<Dag, type_list<Vars...>, true>;
    static constexpr std::size_t node_count = Dag::size;
    static constexpr std::size_t edge_capacity = Dag::child_count + 1;

    static constexpr std::array<std::size_t, edge_capacity> node = [] {
        std::array<std::size_t, edge_capacity> out{};
        for (std::size_t a = 0; a < edge_capacity; ++a) out[a] = no_node;
        if constexpr (Dag::value_size == Dag::size && node_count > 0) {  // scalar graphs: offset = node
            const auto& t = edges_type::table;
            std::array<instruction_description, edge_capacity> rest{};
            [[maybe_unused]] const char sequence[] = {  // a flat list: clang caps a fold's nesting at 256
                '\0', (rest_descriptions<instruction_t<Dag, K>, Dag::offset(K)>::write(rest, t.factor,
                                                                                      Dag::graph.nodes[K].first_child),
                       '\0')...};
            constexpr instruction_description nodes[] = {describe<instruction_t<Dag, K>>::value...};
            // the parents of each node, grouped by node
            std::array<std::size_t, node_count + 2> first{};
            std::array<std::size_t, edge_capacity> parents{};
            for (std::size_t a = 0; a < Dag::child_count; ++a)
                if (Dag::graph.children[a] != no_node) ++first[Dag::graph.children[a] + 1];
            for (std::size_t k = 0; k < node_count; ++k) first[k + 1] += first[k];
            std::array<std::size_t, node_count + 1> filled{};
            for (std::size_t a = 0; a < Dag::child_count; ++a) {
                const std::size_t c = Dag::graph.children[a];
                if (c != no_node) parents[first[c] + filled[c]++] = t.parent[a];
            }
            for (std::size_t a = 0; a < Dag::child_count; ++a) {
                if (!edges_type::followed(a) || rest[a].op == nullptr) continue;
                std::size_t c = no_node;  // the partial's first argument that is a node
                for (std::size_t i = 0; i < rest[a].arity && c == no_node; ++i)
                    if (rest[a].slot[i] != 0) c = rest[a].slot[i] - 1;
                if (c == no_node) continue;
                for (std::size_t q = first[c]; q < first[c + 1]; ++q)
                    if (nodes[parents[q]] == rest[a]) {
                        out[a] = parents[q];
                        break;
                    }
            }
        }
        return out;
    }();
    static constexpr bool cached(std::size_t a) { return edges_type::cacheable(a) && node[a] == no_node; }
    static constexpr std::size_t cached_count = [] {
        std::size_t n = 0;
        for (std::size_t a = 0; a < Dag::child_count; ++a) n += cached(a) ? 1 : 0;
        return n;
    }();
    static constexpr std::array<std::size_t, cached_count + 1> cached_edges = [] {
        std::array<std::size_t, cached_count + 1> out{};
        std::size_t n = 0;
        for (std::size_t a = 0; a < Dag::child_count; ++a)
            if (cached(a)) out[n++] = a;
        return out;
    }();
};

template <class Dag, class Vars, bool Cache>
struct partial_node_of {
    static constexpr std::size_t get(std::size_t) { return no_node; }
    static constexpr bool cached(std::size_t) { return false; }
};
template <class Dag, class Vars>
struct partial_node_of<Dag, Vars, true> {
    static constexpr std::size_t get(std::size_t a) { return partial_nodes<Dag, Vars>::node[a]; }
    static constexpr bool cached(std::size_t a) { return partial_nodes<Dag, Vars>::cached(a); }
};

/// The backward sweep of root R of Dag, differentiating with respect to Vars: keys 0..N-1 are
/// Dag's nodes, N.. the variables. With Fold (what gradients use) adjoints carry exact scales,
/// and nodes that depend on no variable of Vars are not visited; without it every node's
/// adjoint is stored as computed (io/graph_view reads them). With Cache, the run-time factors
/// of computed partials are read from the partial cache (filled once for all of a Jacobian's
/// sweeps) instead of being computed again.
template <class Dag, std::size_t R, class Vars, bool Fold = false, bool Cache = false>
struct sweep;
template <class Dag, std::size_t R, class... Vars, bool Fold, bool Cache>
struct sweep<Dag, R, type_list<Vars...>, Fold, Cache> {
    using edges_type = edge_table<Dag, type_list<Vars...>, Fold>;
    static constexpr std::size_t node_count = Dag::size;
    static constexpr std::size_t key_count = node_count + sizeof...(Vars);
    static constexpr std::size_t root = Dag::graph.root_index[R];
    static constexpr std::size_t edge_capacity = Dag::child_count + 1;

    static constexpr std::size_t node_size(std::size_t k) { return edges_type::node_size(k); }

    struct plan_type {
        std::array<sweep_step, edge_capacity> edges{};  // every edge, in the order of the search
        std::array<std::size_t, edge_capacity> order{};  // the edges that run, in the order they run
        std::size_t count = 0;
        std::array<adjoint_plan, key_count + 1> keys{};
        // unknowns some edge adds single elements into: zeroed before the sweep, every edge adds
        std::array<bool, sizeof...(Vars) + 1> zeroed{};
    };

    // Parents from the root down, only those the root depends on (another root's nodes would
    // pass on an adjoint of 0, and 0 * inf is NaN). When a node becomes a parent every edge into
    // it is known, so its plan is decided from them; a second pass over the edges then sets each
    // one's multiplier relative to its child's scale and drops edges that have nothing to do.
    static constexpr plan_type make_plan() {
        const std::array<std::size_t, edge_capacity>& key = edges_type::table.key;
        const std::array<edge_factor, edge_capacity>& factor = edges_type::table.factor;

        plan_type plan{};
        std::array<sweep_step, edge_capacity>& all = plan.edges;  // until the second pass, all[e].multiplier
                                                                  // is the contribution's scale
        std::array<bool, edge_capacity> runtime{};    // the contribution has a run-time value
        std::size_t edges = 0;
        std::array<bool, node_count + 1> reached{};
        std::array<std::size_t, key_count + 1> incoming{};
        std::array<bool, key_count + 1> has_runtime{};
        std::array<rational, key_count + 1> runtime_scale{};  // of the first run-time contribution
        std::array<rational, key_count + 1> constant_sum{};   // of the constant contributions
        std::array<bool, key_count + 1> sum_fits{};
        std::array<std::size_t, key_count + 1> first_edge{};  // a list of the edges into each key:
        std::array<std::size_t, key_count + 1> last_edge{};   // first_edge, next_in_child, ...
        std::array<std::size_t, edge_capacity> next_in_child{};
        for (std::size_t e = 0; e < edge_capacity; ++e) next_in_child[e] = no_node;
        std::array<bool, key_count + 1> alias{};
        reached[root] = true;
        for (std::size_t k = root + 1; k-- > 0;) {
            if (!reached[k]) continue;
            adjoint_plan& p = plan.keys[k];
            p.at = Dag::graph.nodes[k].offset;
            // A tensor op's VJP writes more elements than its adjoint has (matvec: m n + n from m),
            // so a scale is multiplied in before it rather than into every element it writes.
            const bool tensor_op = factor[Dag::graph.nodes[k].first_child].vjp;
            if (k == root) {
                p.constant = true;
            } else if (!has_runtime[k]) {  // constant contributions only: their exact sum, unless 0
                p.constant = Fold && sum_fits[k] && detail::small_scale(constant_sum[k]);
                if (p.constant) p.scale = constant_sum[k];
            } else if (Fold && incoming[k] == 1 && !all[last_edge[k]].parent_constant &&
                       (!tensor_op || all[last_edge[k]].multiplier == rational{1, 1}) &&
                       !factor[all[last_edge[k]].position].has_rest &&
                       node_size(k) == node_size(all[last_edge[k]].parent) &&  // not a broadcast scalar
                       detail::small_scale(all[last_edge[k]].multiplier)) {
                alias[k] = true;  // its one edge has a constant partial: the parent's stored value
                p.scale = all[last_edge[k]].multiplier;
                p.at = all[last_edge[k]].parent_adjoint_at;
            } else if (Fold && !tensor_op && detail::small_scale(runtime_scale[k])) {
                p.scale = runtime_scale[k];
            }
            const std::size_t first = Dag::graph.nodes[k].first_child;
            const std::size_t end = Dag::children_end(k);
            for (std::size_t a = first; a < end; ++a) {
                const std::size_t child = key[a];
                if (!edges_type::followed(a)) continue;
                if (child < node_count) reached[child] = true;
                // small scale times small factor: always fits
                const rational scale = detail::exact_product(p.scale, factor[a].factor).value;
                const bool is_runtime = !p.constant || factor[a].has_rest;
                // position: the argument's slot a until the second pass (factor[a] is its factor)
                all[edges] = sweep_step{child, k, a, false, child >= node_count, 0, Dag::graph.nodes[k].offset,
                                        p.at, p.constant, Fold, scale, rational{1, 1},
                                        partial_node_of<Dag, type_list<Vars...>, Cache>::cached(a), a,
                                        factor[a].selects,
                                        partial_node_of<Dag, type_list<Vars...>, Cache>::get(a) == no_node
                                            ? no_node
                                            : Dag::offset(partial_node_of<Dag, type_list<Vars...>, Cache>::get(a))};
                all[edges].strong = factor[a].strong;
                if (factor[a].selects) plan.zeroed[child - node_count] = true;
                runtime[edges] = is_runtime;
                if (is_runtime) {
                    if (!has_runtime[child]) runtime_scale[child] = scale;
                    has_runtime[child] = true;
                } else if (incoming[child] == 0) {
                    constant_sum[child] = scale;
                    sum_fits[child] = true;
                } else if (sum_fits[child]) {
                    const exact_result s = detail::exact_sum(constant_sum[child], scale);
                    constant_sum[child] = s.value;
                    sum_fits[child] = s.fits;
                }
                if (incoming[child] == 0) first_edge[child] = edges;
                else next_in_child[last_edge[child]] = edges;
                ++incoming[child];
                last_edge[child] = edges;
                ++edges;
            }
        }
        for (std::size_t v = 0; v < sizeof...(Vars); ++v) plan.keys[node_count + v] = adjoint_plan{false, rational{1, 1}, v};

        // Second pass: each edge's multiplier relative to its child's scale, and the order. An edge
        // that multiplies nothing at run time (a constant, or one value times 1, -1, 2 or -2) and
        // reaches its child before the child's first edge that does multiply is moved to just
        // after that edge: g++ fuses into an addition the first product it meets, so
        // `g = -2e; g += -400 (d x)` becomes -2e fused and two multiplications for -400 d x,
        // while `g = -400 (d x); g -= e + e` is one multiplication, an addition and a fused one.
        // (Moving an edge later is safe: its parent's adjoint is never written again, and its
        // child is read only after every edge into it.)
        std::array<bool, edge_capacity> skip{};
        std::array<bool, edge_capacity> cheap{};
        std::array<std::size_t, key_count + 1> first_product{};
        for (std::size_t c = 0; c <= key_count; ++c) first_product[c] = no_node;
        for (std::size_t e = 0; e < edges; ++e) {
            sweep_step& s = all[e];
            const adjoint_plan& c = plan.keys[s.child];
            const bool has_rest = factor[s.position].has_rest;
            s.position -= Dag::graph.nodes[s.parent].first_child;
            skip[e] = c.constant || alias[s.child];  // nothing to run
            if (skip[e]) continue;
            const exact_result m = detail::exact_quotient(s.multiplier, c.scale);
            if (m.fits) s.multiplier = m.value;
            else s.divisor = c.scale;
            s.child_at = c.at;
            const bool small_integer = s.divisor == rational{1, 1} && s.multiplier.den == 1 &&
                                       s.multiplier.num >= -2 && s.multiplier.num <= 2;
            cheap[e] = small_integer && (s.parent_constant || !has_rest);
            if (!cheap[e] && first_product[s.child] == no_node) first_product[s.child] = e;
        }
        std::array<bool, key_count + 1> seen{};
        const auto emit = [&](std::size_t e) {
            const std::size_t child = all[e].child;
            all[e].first = !seen[child] && !(child >= node_count && plan.zeroed[child - node_count]);
            seen[all[e].child] = true;
            plan.order[plan.count++] = e;
        };
        for (std::size_t e = 0; e < edges; ++e) {
            if (skip[e]) continue;
            const std::size_t child = all[e].child;
            if (cheap[e] && first_product[child] != no_node && e < first_product[child]) continue;  // moved
            emit(e);
            if (e == first_product[child])
                for (std::size_t f = first_edge[child]; f < e; f = next_in_child[f])
                    if (!skip[f] && cheap[f]) emit(f);
        }
        return plan;
    }
    static constexpr plan_type plan = make_plan();
    static constexpr std::size_t step_count = plan.count;
    /// Step I of the sweep, I < step_count.
    static constexpr const sweep_step& step(std::size_t i) { return plan.edges[plan.order[i]]; }
    /// Whether any edge reaches variable P (others have a gradient of 0), read from the table.
    static constexpr std::array<bool, sizeof...(Vars) + 1> variable_reached = [] {
        std::array<bool, sizeof...(Vars) + 1> out{};
        for (std::size_t i = 0; i < step_count; ++i)
            if (step(i).child_is_variable) out[step(i).child_at] = true;
        return out;
    }();
    /// Whether variable P's entry is zeroed before the sweep (single elements are added into it).
    static constexpr bool zeroed(std::size_t p) { return plan.zeroed[p]; }
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

/// Gradient entries written through pointers: variable P's Sizes[P] elements start at at[P] (a
/// row of a Jacobian in the caller's storage, eval/jacobian.hpp).
template <class T, std::size_t... Sizes>
struct entries_at {
    T* at[sizeof...(Sizes)];
};
template <std::size_t P, class T, std::size_t... Sizes>
CTDIFF_FORCEINLINE constexpr T* variable_adjoint(entries_at<T, Sizes...>& entries) {
    return entries.at[P];
}

/// A read-only view of Size elements at p: by value for a scalar.
template <class T, class S>
CTDIFF_FORCEINLINE constexpr auto view_at(const T* p) {
    if constexpr (std::is_same<S, shape<>>::value) return scalar_view<T>{*p};
    else return input_view<T, S>{p};
}

/// Element i of an edge's run-time factor Rest: computed from the values, or (Cached) read from
/// the partial cache, where it was computed once for all of a Jacobian's sweeps.
template <class Rest, bool Cached, std::size_t Edge, std::size_t PartialAt, class T, std::size_t M, class Env>
CTDIFF_FORCEINLINE constexpr T factor_value(const value_array<T, M>& values, const Env& env,
                                            [[maybe_unused]] const T* cache, [[maybe_unused]] std::size_t i) {
    if constexpr (PartialAt != 0) return values.slot[PartialAt - 1];  // a node has computed it
    else if constexpr (Cached) return cache[Edge];
    else return detail::value_in<Rest>(values, env, i);
}

/// One edge of the sweep (Step, a row of the table): adjoint[child] (=|+=) its contribution,
/// elementwise, or through the parent op's vector-Jacobian product for a tensor op. The parent is
/// given by its instruction, everything else by the step's offsets. (Not by the Dag: every
/// function named by the Dag type gets a mangled name as long as the whole expression, one per
/// edge.)
template <class Instruction, step_code Step>
struct backward_step;
template <class Op, class... Args, step_code Step>
struct backward_step<expr<Op, Args...>, Step> {
    using parent_shape = typename expr<Op, Args...>::shape_type;
    using child_shape = typename std::tuple_element_t<Step.position, std::tuple<Args...>>::shape_type;

    /// The parent op's vector-Jacobian product into dst. (A function of its own for tensor ops
    /// only, whose edges are few; the elementwise edges below stay in run.)
    template <class T, std::size_t M, class Env>
    CTDIFF_FORCEINLINE static constexpr void vector_jacobian(T* dst, const value_array<T, M>& adjoint,
                                                             const value_array<T, M>& values, const Env& env) {
        const T one{1};
        Op::template vjp<Step.position>(
            adjoint_sink<T, child_shape, Step.has(step_code::first), Step.multiplier(), Step.divisor()>{dst},
            detail::view_at<T, parent_shape>(Step.has(step_code::parent_constant) ? &one
                                                                                  : adjoint.slot + Step.parent_adjoint_at),
            detail::view_at<T, parent_shape>(values.slot + Step.parent_at), detail::input_of<Args>(values, env)...);
    }

    // One function per edge, and no lambdas or helpers instantiated per edge: each would be one
    // more function for the compiler to instantiate, mangle and inline (measured: a lambda and a
    // helper per edge took 1000 scalar nodes from 8.5 s to 12.4 s of g++ time).
    template <class T, std::size_t M, class G, class Env>
    CTDIFF_FORCEINLINE static constexpr void run(value_array<T, M>& adjoint, G& entries,
                                                 const value_array<T, M>& values, const Env& env,
                                                 [[maybe_unused]] const T* cache) {
        T* dst;
        if constexpr (Step.has(step_code::child_is_variable)) dst = detail::variable_adjoint<Step.child_at>(entries);
        else dst = adjoint.slot + Step.child_at;
        if constexpr (Step.has(step_code::selects)) {  // the parent is one element of the unknown
            constexpr std::size_t e = Op::template selected_element<child_shape>();
            const T x = Step.has(step_code::parent_constant) ? T{1} : adjoint.slot[Step.parent_adjoint_at];
            detail::put_scaled<Step.has(step_code::first), Step.multiplier(), Step.divisor()>(dst[e], x);
        } else if constexpr (!is_elementwise<Op>::value) {
            if constexpr (Step.has(step_code::strong) && !Step.has(step_code::parent_constant)) {
                // below a select: an adjoint that is exactly 0 passes on nothing, whatever the
                // op's vector-Jacobian product would make of NaN or infinite values
                // (a bool, or for packs a mask: lanes whose adjoint is all zero)
                auto all_zero = adjoint.slot[Step.parent_adjoint_at] == T(0);
                for (std::size_t i = 1; i < parent_shape::size; ++i)
                    all_zero = all_zero && (adjoint.slot[Step.parent_adjoint_at + i] == T(0));
                if (ctdiff::all(all_zero)) {
                    if constexpr (Step.has(step_code::first))
                        for (std::size_t i = 0; i < child_shape::size; ++i) dst[i] = T(0);
                    return;
                }
                if constexpr (is_pack<T>::value) {
                    if (ctdiff::any(all_zero)) {  // some lanes pass on nothing: they keep what they had
                        T before[child_shape::size];
                        for (std::size_t i = 0; i < child_shape::size; ++i)
                            before[i] = Step.has(step_code::first) ? T(0) : dst[i];
                        backward_step::vector_jacobian(dst, adjoint, values, env);
                        for (std::size_t i = 0; i < child_shape::size; ++i) dst[i] = ctdiff::where(all_zero, before[i], dst[i]);
                        return;
                    }
                }
            }
            backward_step::vector_jacobian(dst, adjoint, values, env);
        } else {
            // contribution = m * x, x = (parent's stored adjoint) * (the partial's run-time
            // factor), either of which may be absent; a scalar child of a tensor parent is
            // broadcast, so its adjoint is the sum over the parent's elements (of x, times m once)
            using factor = edge_partial_factor<expr<Op, Args...>, Step.parent_at, Step.position,
                                               Step.has(step_code::fold)>;
            using rest = typename factor::rest;
            constexpr bool cached = Step.has(step_code::cached);
            constexpr lane_t<T> m = Step.multiplier().template as<lane_t<T>>() / Step.divisor().template as<lane_t<T>>();
            constexpr bool broadcast = child_shape::size != parent_shape::size;
            if constexpr (Step.has(step_code::parent_constant) && !factor::has_rest) {  // an exact constant
                static_assert(!broadcast, "ctdiff: internal: a constant adjoint of a tensor node");
                for (std::size_t i = 0; i < parent_shape::size; ++i) {
                    if constexpr (Step.has(step_code::first)) dst[i] = T(m);
                    else dst[i] += T(m);
                }
            } else {
                // a multiplier that costs a multiplication goes onto the partial's factor, a forward
                // value known before the adjoint: the adjoint then waits for one multiplication, not two
                // (not below a select, where the product must see the factor itself: m * 0 is 0,
                // but m * NaN is NaN)
                constexpr bool m_on_factor = factor::has_rest && !Step.has(step_code::parent_constant) && !broadcast &&
                                             !Step.has(step_code::strong) &&
                                             !detail::cheap_multiplier<Step.multiplier(), Step.divisor()>();
                T sum{};
                for (std::size_t i = 0; i < parent_shape::size; ++i) {
                    T x;
                    if constexpr (Step.has(step_code::parent_constant)) x = detail::factor_value<rest, cached, Step.edge, Step.partial_at>(values, env, cache, i);
                    else if constexpr (!factor::has_rest) x = adjoint.slot[Step.parent_adjoint_at + i];
                    else if constexpr (Step.has(step_code::strong))  // a select or below one: 0 is a strong zero
                        x = detail::strong_product(adjoint.slot[Step.parent_adjoint_at + i], detail::factor_value<rest, cached, Step.edge, Step.partial_at>(values, env, cache, i));
                    else if constexpr (m_on_factor)
                        x = adjoint.slot[Step.parent_adjoint_at + i] * (m * detail::factor_value<rest, cached, Step.edge, Step.partial_at>(values, env, cache, i));
                    else x = adjoint.slot[Step.parent_adjoint_at + i] * detail::factor_value<rest, cached, Step.edge, Step.partial_at>(values, env, cache, i);
                    if constexpr (broadcast) sum += x;
                    else if constexpr (m_on_factor)
                        detail::put_scaled<Step.has(step_code::first), rational{1, 1}, rational{1, 1}>(dst[i], x);
                    else detail::put_scaled<Step.has(step_code::first), Step.multiplier(), Step.divisor()>(dst[i], x);
                }
                if constexpr (broadcast)
                    detail::put_scaled<Step.has(step_code::first), Step.multiplier(), Step.divisor()>(*dst, sum);
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
                                                 std::index_sequence<S...>, [[maybe_unused]] const T* cache = nullptr) {
    [[maybe_unused]] const char sequence[] = {  // a flat list, see run_instructions
        '\0', (backward_step<instruction_t<Dag, Sweep::step(S).parent>, Sweep::step(S).code()>::run(
                   adjoint, entries, values, env, cache),
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
    using entry_type = std::remove_cvref_t<decltype(entry)>;
    if constexpr (is_tensor<entry_type>::value) entry.fill(typename entry_type::value_type{});
    else entry = entry_type{};
}

template <std::size_t P, class T, std::size_t... Sizes>
CTDIFF_FORCEINLINE constexpr void zero_entry(entries_at<T, Sizes...>& entries) {
    constexpr std::size_t sizes[] = {Sizes...};
    for (std::size_t k = 0; k < sizes[P]; ++k) entries.at[P][k] = T{};
}

template <class Dag, std::size_t R, bool Cache, class... Vars, class T, class G, class Env, std::size_t... P>
CTDIFF_FORCEINLINE constexpr void gradient_into_entries(const value_array<T, Dag::value_size>& values, const Env& env,
                                                        G& entries, std::index_sequence<P...>, [[maybe_unused]] const T* cache) {
    using F = typename list_element<typename Dag::roots, R>::type;
    static_assert(std::is_same<typename F::shape_type, shape<>>::value,
                  "ctdiff: a gradient is taken of a scalar-valued function: reduce a tensor result "
                  "first (sum, mean, dot, a loss)");
    if constexpr (!expr_node<F>) {  // f is a leaf: 1 for itself, 0 for the others
        [[maybe_unused]] const char sequence[] = {
            '\0', ((std::is_same<F, Vars>::value ? void(*detail::variable_adjoint<P>(entries) = T{1})
                                                 : detail::zero_entry<P>(entries)),
                   '\0')...};
    } else {
        using S = sweep<Dag, R, type_list<Vars...>, true, Cache>;
        [[maybe_unused]] const char sequence[] = {
            '\0', ((S::variable_reached[P] && !S::zeroed(P) ? void() : detail::zero_entry<P>(entries)), '\0')...};
        value_array<T, Dag::value_size> adjoint;  // not zeroed: see backward_sweep
        detail::backward_sweep<Dag, S>(values, env, entries, adjoint, std::make_index_sequence<S::step_count>{},
                                       cache);
    }
}

/// The gradient of root R of Dag with respect to Vars..., from Dag's forward values, written into
/// `entries` (one per variable: std::array<T, n> for scalars, a tuple of scalars and tensors, or
/// entries_at). Every element of every entry is written: entries need not be initialised
/// (variables no path reaches get 0). With Cache, computed partials are read from `cache`, which
/// fill_partial_cache<Dag, Vars...> has filled from the same values.
template <class Dag, std::size_t R, bool Cache = false, class... Vars, class T, class G, class Env>
CTDIFF_FORCEINLINE constexpr void gradient_into(type_list<Vars...>, const value_array<T, Dag::value_size>& values,
                                                const Env& env, G& entries, const T* cache = nullptr) {
    detail::gradient_into_entries<Dag, R, Cache, Vars...>(values, env, entries, std::index_sequence_for<Vars...>{},
                                                          cache);
}

// ---- the partial cache ---------------------------------------------------------------------------
// A Jacobian sweeps once per output over one forward pass; an edge shared by several outputs'
// graphs would compute its partial (cos u for sin u: a libm call) once per sweep, which the
// compiler may not merge (clang keeps every call). So the computed partials of all the edges the
// sweeps follow are evaluated once, after the forward pass, into a cache indexed by the edge's
// child slot, and the sweeps read them from there.

/// The run-time factor of the edge in slot A, argument J of the node whose instruction is
/// Instruction (its value at Offset), into cache[A].
template <class Instruction, std::size_t Offset, std::size_t J, std::size_t A>
struct cache_partial {
    template <class T, std::size_t M, class Env>
    CTDIFF_FORCEINLINE static constexpr void run(T* cache, const value_array<T, M>& values, const Env& env) {
        using rest = typename edge_partial_factor<Instruction, Offset, J, true>::rest;
        cache[A] = detail::value_in<rest>(values, env, 0);
    }
};

/// The number of slots a partial cache of Dag needs (at least 1).
template <class Dag>
inline constexpr std::size_t partial_cache_size = Dag::child_count + 1;

template <class Dag, class Table, std::size_t C>
using cache_partial_of =
    cache_partial<instruction_t<Dag, Table::edges_type::table.parent[Table::cached_edges[C]]>,
                  Dag::offset(Table::edges_type::table.parent[Table::cached_edges[C]]),
                  Table::cached_edges[C] - Dag::graph.nodes[Table::edges_type::table.parent[Table::cached_edges[C]]].first_child,
                  Table::cached_edges[C]>;

template <class Dag, class Table, class T, class Env, std::size_t... C>
CTDIFF_FORCEINLINE constexpr void fill_partial_cache(const value_array<T, Dag::value_size>& values, const Env& env,
                                                     [[maybe_unused]] T* cache, std::index_sequence<C...>) {
    [[maybe_unused]] const char sequence[] = {  // a flat list, see run_instructions
        '\0', (cache_partial_of<Dag, Table, C>::run(cache, values, env), '\0')...};
}
/// Fills the partial cache of Dag's sweeps with respect to Vars from its forward values.
template <class Dag, class... Vars, class T, class Env>
CTDIFF_FORCEINLINE constexpr void fill_partial_cache(type_list<Vars...>, const value_array<T, Dag::value_size>& values,
                                                     const Env& env, T* cache) {
    using table = partial_nodes<Dag, type_list<Vars...>>;
    detail::fill_partial_cache<Dag, table>(values, env, cache, std::make_index_sequence<table::cached_count>{});
}

}  // namespace ctdiff::detail
