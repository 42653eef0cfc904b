// ctdiff/eval/tangent_sweep.hpp — forward mode as values: the tangents of all the unknowns of a
// Jacobian pushed through the graph in one pass, for eval/jacobian.hpp.
//
//   tangent(node)[j] = sum over its arguments a of  partial_a(node) * tangent(a)[j]
//
// for every unknown j the argument depends on, with tangent(unknown j)[j] = 1. Each edge's partial
// is computed once and multiplied into one tangent entry per unknown its argument depends on (the
// set is known at compile time, so only structurally nonzero entries exist). A Jacobian's row is
// then its output's tangent. This is the other order of the chain rule from the backward sweeps
// (one per output): which one costs less depends on the graph, and `tangent_plan` counts both,
// and a mix of the two: forward mode for the outputs that share their work, a backward sweep for
// each of the others.
//
// It applies to graphs of scalar nodes: elementwise ops, and elements `at<i>(p)` of unknown
// tensor variables (which are where tangents start). Other tensor ops have no forward rule here,
// so their graphs are always swept backwards.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/eval/backward.hpp"
#include "ctdiff/eval/evaluate.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/graph/topo.hpp"
#include "ctdiff/math/arithmetic.hpp"
#include "ctdiff/ops/element.hpp"

namespace ctdiff::detail {

/// The column of the unknown that node instruction I *is*, or no_node: `at<i...>(p)` for a tensor
/// variable p of Vars is the unknown column[p] + flat index of i...
template <class I, class... Vars>
struct seed_column {
    static constexpr std::size_t value = no_node;
};
template <std::size_t... I, fixed_string Name, class S, class... Vars>
struct seed_column<expr<op::at<I...>, variable<Name, S>>, Vars...> {
    static constexpr std::size_t p = position<variable<Name, S>, Vars...>::value;
    static constexpr std::size_t value = [] {
        if constexpr (p < sizeof...(Vars)) {
            constexpr std::size_t sizes[] = {Vars::shape_type::size...};
            std::size_t first = 0;
            for (std::size_t q = 0; q < p; ++q) first += sizes[q];
            return first + flat_index<S, I...>::value;
        } else {
            return no_node;
        }
    }();
};

/// Whether node instruction I can carry tangents: an elementwise op on scalars, or an element of
/// a tensor variable.
template <class I>
struct tangent_capable : std::false_type {};
template <class Op, class... Args>
struct tangent_capable<expr<Op, Args...>>
    : std::bool_constant<is_elementwise<Op>::value && std::is_same<typename expr<Op, Args...>::shape_type, shape<>>::value> {};
template <std::size_t... I, fixed_string Name, class S>
struct tangent_capable<expr<op::at<I...>, variable<Name, S>>> : std::true_type {};

/// What one step of the tangent sweep needs, as a template argument: the edge's parent node and
/// argument position, where the argument's tangents are (a node, or an unknown's column), the
/// columns it carries, and which of them are the parent's first contribution (assigned, not added).
struct tangent_code {
    std::size_t parent;         // node index
    std::size_t parent_at;      // its offset among the values
    std::size_t position;       // which argument of the parent
    std::size_t child;          // node index of the argument, or no_node for an unknown itself
    std::uint64_t columns;      // the unknowns the argument depends on
    std::uint64_t first;        // those of them this edge is the parent's first contribution to
    std::size_t partial_at = 0;  // 1 + the offset of a node whose value is the partial's factor, or 0
    std::uint64_t scale_after = 0;  // the parent's last edge, of an op with a partial scale: its columns
    bool strong = false;  // the parent is a select, or the argument's tangent passed through one:
                          // partial * tangent is a strong_product
    bool scaled = false;  // the parent's partials are scaled_partial, times partial_scale after the sum
    std::size_t cached_at = 0;  // 1 + the edge's slot where the partial cache holds its factor, or 0
};

/// Whether Op's partials share a factor that the tangent sweep multiplies in once, after a node's
/// edges: `Op::partial_scale(self, args...)` (1/v for u / v) and `Op::scaled_partial<I>(self,
/// args...)` (1 and -(u/v)), so that the tangent of a quotient is (du - (u/v) dv) (1/v), summed
/// before it is scaled: in range where (u/v)(1/v) alone underflows (u = 1e-255, v = 1e257).
template <class Instruction>
struct has_partial_scale : std::false_type {};
template <class Op, class... Args>
    requires requires { Op::partial_scale(value_slot<0>{}, Args{}...); }
struct has_partial_scale<expr<Op, Args...>> : std::true_type {};

/// The tangent sweep of Dag's roots with respect to Vars: whether it applies, its steps, and its
/// cost against the backward sweeps' (multiply-adds: one per step column here, one per followed
/// edge per root there), and the mix of the two that costs least by the rule below.
///
/// The mix: forward mode costs what the union of its outputs' graphs costs (a node shared by
/// several outputs is swept once for all of them), reverse mode what each output's own graph
/// costs. Starting from every output forward mode can take, an output goes to reverse mode when
/// the nodes only it reaches among the forward outputs (the tangent work it alone causes) cost at
/// least its own backward sweep; all such outputs move at once (their nodes are disjoint, so the
/// saving is exact), and the rule is applied again until none moves (at most mix_rounds times).
template <class Dag, class Vars, class Seq = std::make_index_sequence<Dag::size>>
struct tangent_plan;
template <class Dag, class... Vars, std::size_t... K>
struct tangent_plan<Dag, type_list<Vars...>, std::index_sequence<K...>> {
    using edges_type = edge_table<Dag, type_list<Vars...>, true>;
    static constexpr std::size_t node_count = Dag::size;
    static constexpr std::size_t root_count = Dag::roots::size;
    static constexpr std::size_t columns = unknown_layout<Vars...>::count;
    static constexpr std::size_t edge_capacity = Dag::child_count + 1;
    /// Whether the tangent storage stays modest (nodes x unknowns values, on the stack).
    static constexpr bool fits = node_count * columns <= 16384;
    /// The most rounds of the mix's rule (each is one walk of the graph; most plans settle in one
    /// or two): the plan stops there with the outputs that are forwards by then.
    static constexpr std::size_t mix_rounds = 64;

    struct plan_type {
        bool applies = false;         // every output can be computed forwards
        std::size_t forward_cost = 0;  // all outputs forwards (where applies)
        std::size_t reverse_cost = 0;  // all outputs backwards
        std::size_t mixed_cost = 0;    // the outputs forward_root says forwards, the others backwards
        std::uint64_t depends[node_count + 1]{};  // per node: the unknowns it depends on
        std::size_t seed[node_count + 1]{};       // per node: the unknown it is, or no_node
        bool forward_root[root_count + 1]{};      // per output: forwards in the mix
        std::size_t forward_rows = 0;             // how many outputs are forwards in the mix
        tangent_code steps[edge_capacity]{};      // the whole tangent sweep
        std::size_t count = 0;
        std::size_t mixed_steps[edge_capacity]{};  // the steps of the mix's forward outputs, in order
        std::size_t mixed_count = 0;
    };

    static constexpr plan_type make() {
        plan_type plan{};
        constexpr bool capable[] = {false, tangent_capable<instruction_t<Dag, K>>::value...};
        constexpr bool scaled[] = {false, has_partial_scale<instruction_t<Dag, K>>::value...};
        constexpr std::size_t seeds[] = {0, seed_column<instruction_t<Dag, K>, Vars...>::value...};
        constexpr bool branch[] = {false, is_strong_zero<typename instruction_t<Dag, K>::op_type>::value...};
        bool through_branch[node_count + 1]{};  // per node: a select, or above one
        bool forward_ok[node_count + 1]{};      // per node: it and every node below it can carry tangents
        std::size_t node_cost[node_count + 1]{};  // per node: its tangent steps' multiply-adds
        const bool usable = columns <= 64 && columns > 0 && fits;
        for (std::size_t k = 0; k < node_count; ++k) plan.seed[k] = seeds[k + 1];
        // the unknowns of each node, children first
        const auto bit = [](std::size_t column) { return std::uint64_t{1} << (column % 64); };
        const auto& t = edges_type::table;
        for (std::size_t k = 0; k < node_count; ++k) {
            const std::size_t first = Dag::graph.nodes[k].first_child;
            const std::size_t end = Dag::children_end(k);
            forward_ok[k] = capable[k + 1] || !edges_type::table.active[k];  // nodes of data alone carry no tangent
            for (std::size_t a = first; a < end; ++a)
                if (edges_type::followed(a) && t.key[a] < node_count) forward_ok[k] = forward_ok[k] && forward_ok[t.key[a]];
            if (plan.seed[k] != no_node) {
                plan.depends[k] = bit(plan.seed[k]);
                continue;
            }
            std::uint64_t assigned = 0;
            through_branch[k] = branch[k + 1];
            for (std::size_t a = first; a < end; ++a)
                if (t.key[a] < node_count && through_branch[t.key[a]]) through_branch[k] = true;
            // a quotient's summed tangent times 1/v: not above a select, where a tangent of 0 must
            // stay 0 through an infinite 1/v (the partials are used as they are there)
            const bool scaled_node = scaled[k + 1] && !through_branch[k];
            for (std::size_t a = first; a < end; ++a) {
                if (!edges_type::followed(a)) continue;
                const std::size_t child = t.key[a];
                std::uint64_t carried = 0;
                if (child < node_count) carried = plan.depends[child];
                else carried = bit(unknown_layout<Vars...>::column[child - node_count]);  // a scalar unknown
                const std::uint64_t before = assigned;
                assigned |= carried;
                if (carried == 0 || !forward_ok[k]) continue;  // (a node that cannot carry tangents has no steps)
                // an unknown itself (a scalar variable, or an element of a tensor one) has the tangent 1
                const bool from_node = child < node_count && plan.seed[child] == no_node;
                const std::size_t partial_node = scaled_node ? no_node : partial_nodes<Dag, type_list<Vars...>>::node[a];
                const bool cached = !scaled_node && partial_nodes<Dag, type_list<Vars...>>::cached(a);
                plan.steps[plan.count++] = tangent_code{k,
                                                        Dag::graph.nodes[k].offset,
                                                        a - first,
                                                        from_node ? child : no_node,
                                                        carried,
                                                        carried & ~before,
                                                        partial_node == no_node ? 0 : Dag::offset(partial_node) + 1,
                                                        0,
                                                        branch[k + 1] || (from_node && through_branch[child]),
                                                        scaled_node,
                                                        cached ? a + 1 : 0};
                node_cost[k] += static_cast<std::size_t>(std::popcount(carried));
            }
            plan.forward_cost += node_cost[k];
            plan.depends[k] = assigned;
            if (scaled_node && assigned != 0 && forward_ok[k]) plan.steps[plan.count - 1].scale_after = assigned;
        }
        // the backward sweeps: for each root, the followed edges of the nodes it reaches, each as
        // many multiply-adds as its child has elements, but one for an element of an unknown
        // (at<i>(p)), whose entry is zeroed once per sweep instead
        // (each root's nodes are listed as they are found and unmarked after its count: a root
        // costs what it reaches, not the size of the graph)
        constexpr std::size_t variable_size[] = {Vars::shape_type::size..., 0};
        bool reached[node_count + 1]{};
        std::size_t found[node_count + 1]{};
        std::size_t root_reverse[root_count + 1]{};  // per root: its backward sweep's cost
        bool applies = usable;
        for (std::size_t r = 0; r < root_count; ++r) {
            const std::size_t root = Dag::graph.root_index[r];
            if (root == no_node) continue;
            applies = applies && forward_ok[root];
            bool zeroed[sizeof...(Vars) + 1]{};
            std::size_t count = 0;
            found[count++] = root;
            reached[root] = true;
            for (std::size_t i = 0; i < count; ++i) {
                const std::size_t k = found[i];
                const std::size_t first = Dag::graph.nodes[k].first_child;
                const std::size_t end = Dag::children_end(k);
                for (std::size_t a = first; a < end; ++a) {
                    if (!edges_type::followed(a)) continue;
                    const std::size_t child = t.key[a];
                    if (t.factor[a].selects) {
                        root_reverse[r] += zeroed[child - node_count] ? 1 : 1 + variable_size[child - node_count];
                        zeroed[child - node_count] = true;
                    } else {
                        root_reverse[r] += child < node_count ? edges_type::node_size(child) : variable_size[child - node_count];
                    }
                    if (child < node_count && !reached[child]) {
                        reached[child] = true;
                        found[count++] = child;
                    }
                }
            }
            for (std::size_t i = 0; i < count; ++i) reached[found[i]] = false;
            plan.reverse_cost += root_reverse[r];
        }
        plan.applies = applies;
        // the mix (see above): the outputs forwards, the nodes they reach (their cone)
        for (std::size_t r = 0; r < root_count; ++r) {
            const std::size_t root = Dag::graph.root_index[r];
            plan.forward_root[r] = usable && (root == no_node || forward_ok[root]);  // a leaf output costs nothing
        }
        bool in_cone[node_count + 1]{};
        for (std::size_t round = 0;; ++round) {
            // per node: the one forward output that reaches it, root_count for several, no_node
            // for none; one walk of the graph, parents before children (a parent's index is
            // larger than its children's)
            std::size_t owner[node_count + 1]{};
            for (std::size_t k = 0; k < node_count; ++k) owner[k] = no_node;
            const auto meet = [&owner](std::size_t k, std::size_t r) {
                owner[k] = owner[k] == no_node || owner[k] == r ? r : root_count;
            };
            for (std::size_t r = 0; r < root_count; ++r)
                if (plan.forward_root[r] && Dag::graph.root_index[r] != no_node) meet(Dag::graph.root_index[r], r);
            for (std::size_t k = node_count; k-- > 0;) {
                if (owner[k] == no_node) continue;
                for (std::size_t a = Dag::graph.nodes[k].first_child; a < Dag::children_end(k); ++a)
                    if (edges_type::followed(a) && t.key[a] < node_count && plan.depends[t.key[a]] != 0)
                        meet(t.key[a], owner[k]);
            }
            std::size_t own[root_count + 1]{};  // per forward output: the cost of the nodes only it reaches
            for (std::size_t k = 0; k < node_count; ++k) {
                in_cone[k] = owner[k] != no_node;
                if (owner[k] < root_count) own[owner[k]] += node_cost[k];
            }
            if (round == mix_rounds) break;
            bool moved = false;
            for (std::size_t r = 0; r < root_count; ++r) {
                if (plan.forward_root[r] && Dag::graph.root_index[r] != no_node && own[r] >= root_reverse[r]) {
                    plan.forward_root[r] = false;
                    moved = true;
                }
            }
            if (!moved) break;
        }
        for (std::size_t k = 0; k < node_count; ++k)
            if (in_cone[k]) plan.mixed_cost += node_cost[k];
        for (std::size_t r = 0; r < root_count; ++r) {
            if (plan.forward_root[r]) ++plan.forward_rows;
            else plan.mixed_cost += root_reverse[r];
        }
        for (std::size_t i = 0; i < plan.count; ++i)
            if (in_cone[plan.steps[i].parent]) plan.mixed_steps[plan.mixed_count++] = i;
        return plan;
    }
    static constexpr plan_type plan = make();
    static constexpr std::size_t step_count = plan.count;
    static constexpr const tangent_code& step(std::size_t i) { return plan.steps[i]; }
    static constexpr const tangent_code& mixed_step(std::size_t i) { return plan.steps[plan.mixed_steps[i]]; }
    /// Whether the mix is a mix: some outputs forwards, some backwards.
    static constexpr bool mixes = plan.forward_rows != 0 && plan.forward_rows != root_count;
    /// What jacobian_mode::automatic takes: forward mode where it costs less than the backward
    /// sweeps (ties go to reverse mode, the path gradients share), the mix where it costs less
    /// than both.
    static constexpr bool preferred = plan.applies && plan.forward_cost < plan.reverse_cost;
    static constexpr bool mix_preferred = mixes && plan.mixed_cost < plan.reverse_cost &&
                                          (!plan.applies || plan.mixed_cost < plan.forward_cost);
};

/// The set bits of Mask, lowest first, as an index list: the columns a tangent step writes. (A
/// step expands only these, not one conditional per unknown: most nodes depend on a few of many
/// unknowns, and each expanded column is an expression the compiler builds and then folds away.)
template <std::uint64_t Mask, class Seq = std::make_index_sequence<static_cast<std::size_t>(std::popcount(Mask))>>
struct mask_columns;
template <std::uint64_t Mask, std::size_t... I>
struct mask_columns<Mask, std::index_sequence<I...>> {
    static constexpr std::size_t nth(std::size_t i) {
        std::uint64_t m = Mask;
        for (; i != 0; --i) m &= m - 1;  // clear the lowest set bit i times
        return static_cast<std::size_t>(std::countr_zero(m));
    }
    using type = std::index_sequence<nth(I)...>;
};

/// What a tangent step adds to column C of its parent: the partial times the argument's tangent
/// (a strong_product where Strong), or the partial itself for an unknown (whose tangent is 1).
template <bool Strong, bool FromNode, class T>
CTDIFF_FORCEINLINE constexpr T tangent_term(const T& partial, [[maybe_unused]] const T* from) {
    if constexpr (!FromNode) return partial;
    else if constexpr (Strong) return detail::strong_product(partial, *from);
    else return math::multiply(partial, *from);
}
/// Columns C... of the parent's tangents `to`: assigned (a first contribution) or added to.
template <bool Assign, bool Strong, bool FromNode, class T, std::size_t... C>
CTDIFF_FORCEINLINE constexpr void tangent_columns([[maybe_unused]] T* to, [[maybe_unused]] const T* from,
                                                  [[maybe_unused]] const T& partial, std::index_sequence<C...>) {
    if constexpr (Assign) ((to[C] = detail::tangent_term<Strong, FromNode>(partial, from + C)), ...);
    else ((to[C] = math::add(to[C], detail::tangent_term<Strong, FromNode>(partial, from + C))), ...);
}
/// Columns C... of `to` times `scale`.
template <class T, std::size_t... C>
CTDIFF_FORCEINLINE constexpr void scale_columns([[maybe_unused]] T* to, [[maybe_unused]] const T& scale,
                                                std::index_sequence<C...>) {
    ((to[C] = math::multiply(to[C], scale)), ...);
}

/// One edge of the tangent sweep: its partial computed once (or read from the partial cache, where
/// Cache says it is filled), times each carried tangent.
template <class Instruction, tangent_code Code, std::size_t Columns, bool Cache>
struct tangent_step {
    template <class T, std::size_t M, class Env>
    CTDIFF_FORCEINLINE static constexpr void run(T* tangent, const value_array<T, M>& values, const Env& env,
                                                 [[maybe_unused]] const T* cache) {
        T partial;
        if constexpr (Code.scaled) {
            partial = scaled_partial_value<T>(Instruction{}, values, env);
        } else {
            using factor = edge_partial_factor<Instruction, Code.parent_at, Code.position, true>;
            constexpr lane_t<T> m = factor::factor.template as<lane_t<T>>();
            if constexpr (Code.partial_at != 0) partial = math::multiply(T(m), values.slot[Code.partial_at - 1]);  // a node has it
            else if constexpr (Cache && Code.cached_at != 0) partial = math::multiply(T(m), cache[Code.cached_at - 1]);
            else if constexpr (factor::has_rest) partial = math::multiply(T(m), detail::value_in<typename factor::rest>(values, env, 0));
            else partial = T(m);
        }
        // a select (its partials are masks: an untaken tangent, perhaps NaN, times 0 is 0), or a
        // tangent that passed through one (0 there, times an infinite partial, is 0): strong products
        constexpr bool from_node = Code.child != no_node;
        const T* const from = tangent + (from_node ? Code.child * Columns : 0);
        T* const to = tangent + Code.parent * Columns;
        detail::tangent_columns<true, Code.strong, from_node>(to, from, partial,
                                                              typename mask_columns<Code.columns & Code.first>::type{});
        detail::tangent_columns<false, Code.strong, from_node>(to, from, partial,
                                                               typename mask_columns<Code.columns & ~Code.first>::type{});
        if constexpr (Code.scale_after != 0) {
            const T scale = partial_scale_value<T>(Instruction{}, values, env);
            detail::scale_columns(to, scale, typename mask_columns<Code.scale_after>::type{});
        }
    }

  private:
    template <class T, std::size_t M, class Env, class Op, class... Args>
    CTDIFF_FORCEINLINE static constexpr T scaled_partial_value(expr<Op, Args...>, const value_array<T, M>& values,
                                                               const Env& env) {
        using self = value_slot<Code.parent_at, shape<>>;
        using P = decltype(Op::template scaled_partial<Code.position>(self{}, Args{}...));
        if constexpr (constant_node<P>) return P::value.template as<T>();
        else return detail::value_in<P>(values, env, 0);
    }
    template <class T, std::size_t M, class Env, class Op, class... Args>
    CTDIFF_FORCEINLINE static constexpr T partial_scale_value(expr<Op, Args...>, const value_array<T, M>& values,
                                                              const Env& env) {
        using self = value_slot<Code.parent_at, shape<>>;
        return detail::value_in<decltype(Op::partial_scale(self{}, Args{}...))>(values, env, 0);
    }
};

/// The tangent sweep of Plan's steps S... (all of them, or, with Mixed, those of the mix's forward
/// outputs) into `tangent`, N entries per node; with Cache, computed partials are read from `cache`.
template <class Dag, class Plan, std::size_t N, bool Mixed, bool Cache, class T, class Env, std::size_t... S>
CTDIFF_FORCEINLINE constexpr void tangent_sweep([[maybe_unused]] T* tangent,
                                                [[maybe_unused]] const value_array<T, Dag::value_size>& values,
                                                [[maybe_unused]] const Env& env, [[maybe_unused]] const T* cache,
                                                std::index_sequence<S...>) {
    [[maybe_unused]] const char sequence[] = {  // a flat list, see run_instructions
        '\0', (tangent_step<instruction_t<Dag, (Mixed ? Plan::mixed_step(S) : Plan::step(S)).parent>,
                            Mixed ? Plan::mixed_step(S) : Plan::step(S), N, Cache>::run(tangent, values, env, cache),
               '\0')...};
}

}  // namespace ctdiff::detail
