// ctdiff/eval/sweep_plan.hpp — the backward sweep as compile-time data: for each edge of the DAG,
// the adjoint key it passes to, the exact constant factor of its local partial and whether a
// run-time factor is left (edge_table), the exact scales adjoints carry, and the order of the
// steps of one root's sweep (sweep). eval/backward.hpp runs the steps.
#pragma once

#include <algorithm>
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
    // most scales are 1: answered without the two gcds (constant evaluation counts every step)
    if (a == rational{1, 1}) return {b, true};
    if (b == rational{1, 1}) return {a, true};
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
    static constexpr void write(std::size_t (&keys)[M], edge_factor (&factors)[M],
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
    std::size_t row = 0;         // in a Jacobian's sweeps, the output whose row a variable's entry is in

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
    std::size_t row = 0;    // in a Jacobian's sweeps, the output (the row) this step belongs to

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
                         partial_node == no_node ? 0 : partial_node + 1,
                         child_is_variable ? row : 0};
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
        std::size_t key[edge_capacity]{};
        edge_factor factor[edge_capacity]{};
        std::size_t parent[edge_capacity]{};
        bool active[node_count + 1]{};
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
        bool below[node_count + 1]{};
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
    static constexpr void write(instruction_description (&out)[M], const edge_factor (&factor)[M],
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
            instruction_description rest[edge_capacity]{};
            [[maybe_unused]] const char sequence[] = {  // a flat list: clang caps a fold's nesting at 256
                '\0', (rest_descriptions<instruction_t<Dag, K>, Dag::offset(K)>::write(rest, t.factor,
                                                                                      Dag::graph.nodes[K].first_child),
                       '\0')...};
            constexpr instruction_description nodes[] = {describe<instruction_t<Dag, K>>::value...};
            // the parents of each node, grouped by node
            std::size_t first[node_count + 2]{};
            std::size_t parents[edge_capacity]{};
            for (std::size_t a = 0; a < Dag::child_count; ++a)
                if (Dag::graph.children[a] != no_node) ++first[Dag::graph.children[a] + 1];
            for (std::size_t k = 0; k < node_count; ++k) first[k + 1] += first[k];
            std::size_t filled[node_count + 1]{};
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

/// The plan of one root's sweep: every edge the sweep follows (in the order of the search), the
/// order in which they run, how each adjoint key is kept, and the unknowns into which single
/// elements are added (zeroed before the sweep).
template <std::size_t EdgeCapacity, std::size_t KeyCapacity, std::size_t VarCapacity>
struct sweep_plan_data {
    sweep_step edges[EdgeCapacity]{};
    std::size_t order[EdgeCapacity]{};
    std::size_t count = 0;
    adjoint_plan keys[KeyCapacity]{};
    bool zeroed[VarCapacity]{};
};

/// The backward sweep of root R of Dag, differentiating with respect to Vars: keys 0..N-1 are
/// Dag's nodes, N.. the variables. With Fold (what gradients use) adjoints carry exact scales,
/// and nodes that depend on no variable of Vars are not visited; without it every node's
/// adjoint is stored as computed (io/graph_view reads them). With Cache, the run-time factors
/// of computed partials are read from the partial cache (filled once for all of a Jacobian's
/// sweeps) instead of being computed again.
///
/// The plan of one root's sweep is computed by sweep_planner::make_plan(root), a function of the
/// root's index: sweep<Dag, R, ...> keeps one root's plan (a gradient), jacobian_sweeps keeps the
/// plans of all roots of a Jacobian in one table (a class or function per root named by the Dag
/// would cost a mangled name as long as all the outputs together, per row: quadratic in the
/// number of outputs).
template <class Dag, class Vars, bool Fold, bool Cache>
struct sweep_planner;
template <class Dag, class... Vars, bool Fold, bool Cache>
struct sweep_planner<Dag, type_list<Vars...>, Fold, Cache> {
    using edges_type = edge_table<Dag, type_list<Vars...>, Fold>;
    static constexpr std::size_t node_count = Dag::size;
    static constexpr std::size_t key_count = node_count + sizeof...(Vars);
    static constexpr std::size_t edge_capacity = Dag::child_count + 1;

    static constexpr std::size_t node_size(std::size_t k) { return edges_type::node_size(k); }

    using plan_type = sweep_plan_data<edge_capacity, key_count + 1, sizeof...(Vars) + 1>;

    /// The working arrays of plan_row, indexed by adjoint key or by the row's edges. They are
    /// clean (as start left them) between rows: plan_row touches, and finish_row resets, only the
    /// entries of the row's own nodes and edges, so that the rows of a Jacobian cost what they
    /// reach, not the size of the whole graph each.
    struct scratch_type {
        std::size_t nodes[node_count + 1]{};  // the row's nodes, parents first
        bool reached[node_count + 1]{};
        std::size_t node_total = 0;  // of the row
        std::size_t edge_total = 0;  // of the row
        bool runtime[edge_capacity]{};  // the contribution has a run-time value
        std::size_t incoming[key_count + 1]{};
        bool has_runtime[key_count + 1]{};
        rational runtime_scale[key_count + 1]{};  // of the first run-time contribution
        rational constant_sum[key_count + 1]{};   // of the constant contributions
        bool sum_fits[key_count + 1]{};
        std::size_t first_edge[key_count + 1]{};  // a list of the edges into each key:
        std::size_t last_edge[key_count + 1]{};   // first_edge, next_in_child, ...
        std::size_t next_in_child[edge_capacity]{};
        bool alias[key_count + 1]{};
        bool skip[edge_capacity]{};
        bool cheap[edge_capacity]{};
        std::size_t first_product[key_count + 1]{};
        bool seen[key_count + 1]{};
    };

    /// A clean plan and scratch (once per evaluation, whatever the number of rows).
    static constexpr void start(plan_type& plan, scratch_type& s) {
        for (adjoint_plan& k : plan.keys) k = adjoint_plan{};  // (g++ 12 zero-fills them otherwise)
        for (std::size_t& f : s.first_product) f = no_node;
    }

    /// Resets what plan_row wrote for its row, leaving plan and scratch clean for the next one.
    static constexpr void finish_row(plan_type& plan, scratch_type& s) {
        const auto reset = [&](std::size_t key) {
            plan.keys[key] = adjoint_plan{};
            s.incoming[key] = 0;
            s.has_runtime[key] = false;
            s.sum_fits[key] = false;
            s.alias[key] = false;
            s.first_product[key] = no_node;
            s.seen[key] = false;
        };
        for (std::size_t i = 0; i < s.node_total; ++i) {
            s.reached[s.nodes[i]] = false;
            reset(s.nodes[i]);
        }
        for (std::size_t e = 0; e < s.edge_total; ++e) reset(plan.edges[e].child);
        for (bool& z : plan.zeroed) z = false;
        plan.count = 0;
        s.node_total = s.edge_total = 0;
    }

    /// The plan of the sweep from `root` into `plan`, from a clean plan and scratch.
    // Parents from the root down, only those the root depends on (another root's nodes would
    // pass on an adjoint of 0, and 0 * inf is NaN). When a node becomes a parent every edge into
    // it is known, so its plan is decided from them; a second pass over the edges then sets each
    // one's multiplier relative to its child's scale and drops edges that have nothing to do.
    static constexpr void plan_row(const std::size_t root, plan_type& plan, scratch_type& sc) {
        const std::size_t (&key)[edge_capacity] = edges_type::table.key;
        const edge_factor (&factor)[edge_capacity] = edges_type::table.factor;

        // the nodes the root reaches through followed edges, parents first (by decreasing index)
        std::size_t reached_count = 0;
        sc.nodes[reached_count++] = root;
        sc.reached[root] = true;
        for (std::size_t i = 0; i < reached_count; ++i) {
            const std::size_t k = sc.nodes[i];
            for (std::size_t a = Dag::graph.nodes[k].first_child; a < Dag::children_end(k); ++a) {
                const std::size_t child = key[a];
                if (!edges_type::followed(a) || child >= node_count || sc.reached[child]) continue;
                sc.reached[child] = true;
                sc.nodes[reached_count++] = child;
            }
        }
        if (reached_count * 32 > root) {  // most nodes below the root (a gradient): one scan
            std::size_t n = 0;
            for (std::size_t k = root + 1; k-- > 0;)
                if (sc.reached[k]) sc.nodes[n++] = k;
        } else {  // a few (a row of a Jacobian): sorted, to cost what the row reaches
            std::sort(sc.nodes, sc.nodes + reached_count,
                      [](std::size_t a, std::size_t b) { return a > b; });
        }
        sc.node_total = reached_count;

        sweep_step (&all)[edge_capacity] = plan.edges;  // until the second pass, all[e].multiplier
                                                                  // is the contribution's scale
        std::size_t edges = 0;
        for (std::size_t i = 0; i < reached_count; ++i) {
            const std::size_t k = sc.nodes[i];
            adjoint_plan& p = plan.keys[k];
            p.at = Dag::graph.nodes[k].offset;
            // A tensor op's VJP writes more elements than its adjoint has (matvec: m n + n from m),
            // so a scale is multiplied in before it rather than into every element it writes.
            const bool tensor_op = factor[Dag::graph.nodes[k].first_child].vjp;
            if (k == root) {
                p.constant = true;
            } else if (!sc.has_runtime[k]) {  // constant contributions only: their exact sum, unless 0
                p.constant = Fold && sc.sum_fits[k] && detail::small_scale(sc.constant_sum[k]);
                if (p.constant) p.scale = sc.constant_sum[k];
            } else if (Fold && sc.incoming[k] == 1 && !all[sc.last_edge[k]].parent_constant &&
                       (!tensor_op || all[sc.last_edge[k]].multiplier == rational{1, 1}) &&
                       !factor[all[sc.last_edge[k]].position].has_rest &&
                       node_size(k) == node_size(all[sc.last_edge[k]].parent) &&  // not a broadcast scalar
                       detail::small_scale(all[sc.last_edge[k]].multiplier)) {
                sc.alias[k] = true;  // its one edge has a constant partial: the parent's stored value
                p.scale = all[sc.last_edge[k]].multiplier;
                p.at = all[sc.last_edge[k]].parent_adjoint_at;
            } else if (Fold && !tensor_op && detail::small_scale(sc.runtime_scale[k])) {
                p.scale = sc.runtime_scale[k];
            }
            const std::size_t first = Dag::graph.nodes[k].first_child;
            const std::size_t end = Dag::children_end(k);
            for (std::size_t a = first; a < end; ++a) {
                const std::size_t child = key[a];
                if (!edges_type::followed(a)) continue;
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
                sc.runtime[edges] = is_runtime;
                sc.next_in_child[edges] = no_node;
                if (is_runtime) {
                    if (!sc.has_runtime[child]) sc.runtime_scale[child] = scale;
                    sc.has_runtime[child] = true;
                } else if (sc.incoming[child] == 0) {
                    sc.constant_sum[child] = scale;
                    sc.sum_fits[child] = true;
                } else if (sc.sum_fits[child]) {
                    const exact_result s = detail::exact_sum(sc.constant_sum[child], scale);
                    sc.constant_sum[child] = s.value;
                    sc.sum_fits[child] = s.fits;
                }
                if (sc.incoming[child] == 0) sc.first_edge[child] = edges;
                else sc.next_in_child[sc.last_edge[child]] = edges;
                ++sc.incoming[child];
                sc.last_edge[child] = edges;
                ++edges;
            }
        }
        sc.edge_total = edges;
        for (std::size_t v = 0; v < sizeof...(Vars); ++v) plan.keys[node_count + v] = adjoint_plan{false, rational{1, 1}, v};

        // Second pass: each edge's multiplier relative to its child's scale, and the order. An edge
        // that multiplies nothing at run time (a constant, or one value times 1, -1, 2 or -2) and
        // reaches its child before the child's first edge that does multiply is moved to just
        // after that edge: g++ fuses into an addition the first product it meets, so
        // `g = -2e; g += -400 (d x)` becomes -2e fused and two multiplications for -400 d x,
        // while `g = -400 (d x); g -= e + e` is one multiplication, an addition and a fused one.
        // (Moving an edge later is safe: its parent's adjoint is never written again, and its
        // child is read only after every edge into it.)
        for (std::size_t e = 0; e < edges; ++e) {
            sweep_step& s = all[e];
            const adjoint_plan& c = plan.keys[s.child];
            const bool has_rest = factor[s.position].has_rest;
            s.position -= Dag::graph.nodes[s.parent].first_child;
            sc.skip[e] = c.constant || sc.alias[s.child];  // nothing to run
            sc.cheap[e] = false;
            if (sc.skip[e]) continue;
            const exact_result m = detail::exact_quotient(s.multiplier, c.scale);
            if (m.fits) s.multiplier = m.value;
            else s.divisor = c.scale;
            s.child_at = c.at;
            const bool small_integer = s.divisor == rational{1, 1} && s.multiplier.den == 1 &&
                                       s.multiplier.num >= -2 && s.multiplier.num <= 2;
            sc.cheap[e] = small_integer && (s.parent_constant || !has_rest);
            if (!sc.cheap[e] && sc.first_product[s.child] == no_node) sc.first_product[s.child] = e;
        }
        const auto emit = [&](std::size_t e) {
            const std::size_t child = all[e].child;
            all[e].first = !sc.seen[child] && !(child >= node_count && plan.zeroed[child - node_count]);
            sc.seen[all[e].child] = true;
            plan.order[plan.count++] = e;
        };
        for (std::size_t e = 0; e < edges; ++e) {
            if (sc.skip[e]) continue;
            const std::size_t child = all[e].child;
            if (sc.cheap[e] && sc.first_product[child] != no_node && e < sc.first_product[child]) continue;  // moved
            emit(e);
            if (e == sc.first_product[child])
                for (std::size_t f = sc.first_edge[child]; f < e; f = sc.next_in_child[f])
                    if (!sc.skip[f] && sc.cheap[f]) emit(f);
        }
    }

    /// The plan of the sweep from `root` alone (a gradient's).
    static constexpr plan_type make_plan(const std::size_t root) {
        plan_type plan{};
        scratch_type scratch{};
        start(plan, scratch);
        plan_row(root, plan, scratch);
        return plan;
    }
};

template <class Dag, std::size_t R, class Vars, bool Fold = false, bool Cache = false>
struct sweep;
template <class Dag, std::size_t R, class... Vars, bool Fold, bool Cache>
struct sweep<Dag, R, type_list<Vars...>, Fold, Cache> {
    using planner = sweep_planner<Dag, type_list<Vars...>, Fold, Cache>;
    using edges_type = typename planner::edges_type;
    static constexpr std::size_t root = Dag::graph.root_index[R];
    static constexpr typename planner::plan_type plan = planner::make_plan(root);
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

/// The rows a Jacobian's backward sweeps compute: all of them (a mix with forward mode names its
/// own, eval/jacobian.hpp).
struct every_row {
    static constexpr bool take(std::size_t) { return true; }
};

/// For each output of Roots, the position among Vars of the unknown it is (sizeof...(Vars) for an
/// output that is not one), and sizeof...(Vars) last. (A class, not a generic lambda deducing
/// the outputs: see design.md, "Rules that keep compile time down".)
template <class Roots, class... Vars>
struct leaf_unknowns;
template <class... Roots, class... Vars>
struct leaf_unknowns<type_list<Roots...>, Vars...> {
    static constexpr std::array<std::size_t, sizeof...(Roots) + 1> value{position<Roots, Vars...>::value...,
                                                                       sizeof...(Vars)};
};

/// The backward sweeps of roots First..End-1 of Dag (rows of a Jacobian), differentiating with
/// respect to Vars, as one table: every step of every row in order (a row's steps after the
/// previous row's, each step knowing its row), and the gradient entries to set before the steps
/// run: the unknowns a row does not reach, or adds single elements into, are zeroed; a row whose
/// output is an unknown itself gets 1 there. A Jacobian's rows are split into a few such tables
/// (jacobian_chunks), not one class and function per row: each per-row entity was named by the
/// Dag, whose mangled name holds all the outputs together, which made a Jacobian's compile time
/// quadratic in its rows.
///
/// Rows says which of the rows are swept (every_row, or the backward rows of a mix with forward
/// mode, eval/tangent_sweep.hpp); the others are left alone.
template <class Dag, class Vars, bool Cache, std::size_t First, std::size_t End, class Rows = every_row>
struct jacobian_sweeps;
template <class Dag, class... Vars, bool Cache, std::size_t First, std::size_t End, class Rows>
struct jacobian_sweeps<Dag, type_list<Vars...>, Cache, First, End, Rows> {
    using planner = sweep_planner<Dag, type_list<Vars...>, true, Cache>;
    static constexpr std::size_t var_count = sizeof...(Vars);

    /// Set the entry of unknown `var` in row `row` before the sweeps: to 0, or (`one`) to 1.
    struct entry_job {
        std::size_t row;
        std::size_t var;
        bool one;
    };

    /// For a leaf output, the position of the unknown it is, or var_count (a constant, a
    /// parameter, a variable not differentiated with respect to).
    static constexpr std::array<std::size_t, Dag::roots::size + 1> leaf_unknown =
        leaf_unknowns<typename Dag::roots, Vars...>::value;

    /// Calls visit(step) for every step of every row in order, and job(entry_job) for every
    /// entry to set.
    template <class Step, class Job>
    static constexpr void each(Step visit, Job job) {
        typename planner::plan_type plan{};  // one plan and scratch for all rows (see plan_row)
        typename planner::scratch_type scratch{};
        planner::start(plan, scratch);
        for (std::size_t r = First; r < End; ++r) {
            if (!Rows::take(r)) continue;
            const std::size_t root = Dag::graph.root_index[r];
            if (root == no_node) {  // a leaf: 1 for itself, 0 for the others
                for (std::size_t v = 0; v < var_count; ++v) job(entry_job{r, v, v == leaf_unknown[r]});
                continue;
            }
            planner::plan_row(root, plan, scratch);
            bool reached[var_count + 1]{};
            for (std::size_t i = 0; i < plan.count; ++i) {
                sweep_step s = plan.edges[plan.order[i]];
                s.row = r;
                if (s.child_is_variable) reached[s.child_at] = true;
                visit(s);
            }
            for (std::size_t v = 0; v < var_count; ++v)
                if (!reached[v] || plan.zeroed[v]) job(entry_job{r, v, false});
            planner::finish_row(plan, scratch);
        }
    }

    struct counts_type {
        std::size_t steps = 0;
        std::size_t jobs = 0;
    };
    static constexpr counts_type counts = [] {
        counts_type c;
        each([&](const sweep_step&) { ++c.steps; }, [&](const entry_job&) { ++c.jobs; });
        return c;
    }();

    struct table_type {
        sweep_step steps[counts.steps + 1]{};
        entry_job jobs[counts.jobs + 1]{};
    };
    static constexpr table_type table = [] {
        table_type t{};
        std::size_t n = 0, m = 0;
        each([&](const sweep_step& s) { t.steps[n++] = s; }, [&](const entry_job& j) { t.jobs[m++] = j; });
        return t;
    }();
};

/// The rows of Dag's Jacobian in groups of consecutive rows, each group's sweeps planned in one
/// constant evaluation (jacobian_sweeps): a group holds rows whose edges add up to at most
/// `edge_budget` (a larger row is a group of its own), so that one evaluation stays well inside
/// the compilers' limits on constant-evaluation steps (clang's -fconstexpr-steps, 2^20 by default:
/// planning costs some hundreds of steps per edge, in the exact rational arithmetic of scales).
template <class Dag, class Vars, class Rows = every_row>
struct jacobian_chunks {
    using rows_type = Rows;
    static constexpr std::size_t edge_budget = 512;
    static constexpr std::size_t rows = Dag::roots::size;
    using edges_type = edge_table<Dag, Vars, true>;

    struct bounds_type {
        std::size_t count = 0;                    // of groups
        std::size_t first[rows + 1]{};  // first row of each group; first[count] = rows
    };
    static constexpr bounds_type bounds = [] {
        bounds_type b;
        bool reached[Dag::size + 1]{};
        std::size_t found[Dag::size + 1]{};
        std::size_t group_edges = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            std::size_t edges = 0;  // the followed edges root r reaches
            const std::size_t root = Dag::graph.root_index[r];
            if (root != no_node && Rows::take(r)) {
                std::size_t count = 0;
                found[count++] = root;
                reached[root] = true;
                for (std::size_t i = 0; i < count; ++i) {
                    const std::size_t k = found[i];
                    for (std::size_t a = Dag::graph.nodes[k].first_child; a < Dag::children_end(k); ++a) {
                        if (!edges_type::followed(a)) continue;
                        ++edges;
                        const std::size_t child = edges_type::table.key[a];
                        if (child < Dag::size && !reached[child]) {
                            reached[child] = true;
                            found[count++] = child;
                        }
                    }
                }
                for (std::size_t i = 0; i < count; ++i) reached[found[i]] = false;
            }
            if (r == 0 || (group_edges > 0 && group_edges + edges > edge_budget)) {
                b.first[b.count++] = r;
                group_edges = 0;
            }
            group_edges += edges;
        }
        b.first[b.count] = rows;
        return b;
    }();
    static constexpr std::size_t count = bounds.count;
};

}  // namespace ctdiff::detail
