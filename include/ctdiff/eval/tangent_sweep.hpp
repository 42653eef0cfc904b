// ctdiff/eval/tangent_sweep.hpp — forward mode as values: the tangents of all the unknowns of a
// Jacobian pushed through the graph in one pass, for eval/jacobian.hpp.
//
//   tangent(node)[j] = sum over its arguments a of  partial_a(node) * tangent(a)[j]
//
// for every unknown j the argument depends on, with tangent(unknown j)[j] = 1. Each edge's partial
// is computed once and multiplied into one tangent entry per unknown its argument depends on (the
// set is known at compile time, so only structurally nonzero entries exist). A Jacobian's row is
// then its output's tangent. This is the other order of the chain rule from the backward sweeps
// (one per output): which one costs less depends on the graph, and `tangent_plan` counts both.
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
/// edge per root there).
template <class Dag, class Vars, class Seq = std::make_index_sequence<Dag::size>>
struct tangent_plan;
template <class Dag, class... Vars, std::size_t... K>
struct tangent_plan<Dag, type_list<Vars...>, std::index_sequence<K...>> {
    using edges_type = edge_table<Dag, type_list<Vars...>, true>;
    static constexpr std::size_t node_count = Dag::size;
    static constexpr std::size_t columns = unknown_layout<Vars...>::count;
    static constexpr std::size_t edge_capacity = Dag::child_count + 1;

    struct plan_type {
        bool applies = false;
        std::size_t forward_cost = 0;
        std::size_t reverse_cost = 0;
        std::uint64_t depends[node_count + 1]{};  // per node: the unknowns it depends on
        std::size_t seed[node_count + 1]{};       // per node: the unknown it is, or no_node
        tangent_code steps[edge_capacity]{};
        std::size_t count = 0;
    };

    static constexpr plan_type make() {
        plan_type plan{};
        constexpr bool capable[] = {false, tangent_capable<instruction_t<Dag, K>>::value...};
        constexpr bool scaled[] = {false, has_partial_scale<instruction_t<Dag, K>>::value...};
        constexpr std::size_t seeds[] = {0, seed_column<instruction_t<Dag, K>, Vars...>::value...};
        constexpr bool branch[] = {false, is_strong_zero<typename instruction_t<Dag, K>::op_type>::value...};
        bool through_branch[node_count + 1]{};  // per node: a select, or above one
        bool applies = columns <= 64 && columns > 0;
        for (std::size_t k = 0; k < node_count; ++k) {  // nodes of data alone carry no tangent
            applies = applies && (capable[k + 1] || !edges_type::table.active[k]);
            plan.seed[k] = seeds[k + 1];
        }
        // the unknowns of each node, children first
        const auto bit = [](std::size_t column) { return std::uint64_t{1} << (column % 64); };
        const auto& t = edges_type::table;
        for (std::size_t k = 0; k < node_count; ++k) {
            const std::size_t first = Dag::graph.nodes[k].first_child;
            const std::size_t end = Dag::children_end(k);
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
                if (carried == 0) continue;
                // an unknown itself (a scalar variable, or an element of a tensor one) has the tangent 1
                const bool from_node = child < node_count && plan.seed[child] == no_node;
                const std::size_t partial_node = scaled_node ? no_node : partial_nodes<Dag, type_list<Vars...>>::node[a];
                plan.steps[plan.count++] = tangent_code{k,
                                                        Dag::graph.nodes[k].offset,
                                                        a - first,
                                                        from_node ? child : no_node,
                                                        carried,
                                                        carried & ~assigned,
                                                        partial_node == no_node ? 0 : Dag::offset(partial_node) + 1,
                                                        0,
                                                        branch[k + 1] || (from_node && through_branch[child]),
                                                        scaled_node};
                assigned |= carried;
                plan.forward_cost += static_cast<std::size_t>(std::popcount(carried));
            }
            plan.depends[k] = assigned;
            if (scaled_node && assigned != 0) plan.steps[plan.count - 1].scale_after = assigned;
        }
        // the backward sweeps: for each root, the followed edges of the nodes it reaches, each as
        // many multiply-adds as its child has elements, but one for an element of an unknown
        // (at<i>(p)), whose entry is zeroed once per sweep instead
        // (each root's nodes are listed as they are found and unmarked after its count: a root
        // costs what it reaches, not the size of the graph)
        constexpr std::size_t variable_size[] = {Vars::shape_type::size..., 0};
        bool reached[node_count + 1]{};
        std::size_t found[node_count + 1]{};
        for (std::size_t r = 0; r < Dag::roots::size; ++r) {
            const std::size_t root = Dag::graph.root_index[r];
            if (root == no_node) continue;
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
                        plan.reverse_cost += zeroed[child - node_count] ? 1 : 1 + variable_size[child - node_count];
                        zeroed[child - node_count] = true;
                    } else {
                        plan.reverse_cost += child < node_count ? edges_type::node_size(child) : variable_size[child - node_count];
                    }
                    if (child < node_count && !reached[child]) {
                        reached[child] = true;
                        found[count++] = child;
                    }
                }
            }
            for (std::size_t i = 0; i < count; ++i) reached[found[i]] = false;
        }
        plan.applies = applies;
        return plan;
    }
    static constexpr plan_type plan = make();
    static constexpr std::size_t step_count = plan.count;
    static constexpr const tangent_code& step(std::size_t i) { return plan.steps[i]; }
    /// Whether forward mode costs less than the backward sweeps (ties go to reverse mode, the
    /// better tested path), and the tangent storage stays modest (nodes x unknowns values).
    static constexpr bool fits = node_count * columns <= 16384;
    static constexpr bool preferred = plan.applies && fits && plan.forward_cost < plan.reverse_cost;
};

/// One edge of the tangent sweep: its partial computed once, times each carried tangent.
template <class Instruction, tangent_code Code, std::size_t Columns>
struct tangent_step {
    template <class T, std::size_t M, class Env, std::size_t... C>
    CTDIFF_FORCEINLINE static constexpr void run(T* tangent, const value_array<T, M>& values, const Env& env,
                                                 std::index_sequence<C...>) {
        T partial;
        if constexpr (Code.scaled) {
            partial = scaled_partial_value<T>(Instruction{}, values, env);
        } else {
            using factor = edge_partial_factor<Instruction, Code.parent_at, Code.position, true>;
            constexpr lane_t<T> m = factor::factor.template as<lane_t<T>>();
            if constexpr (Code.partial_at != 0) partial = math::multiply(T(m), values.slot[Code.partial_at - 1]);  // a node has it
            else if constexpr (factor::has_rest) partial = math::multiply(T(m), detail::value_in<typename factor::rest>(values, env, 0));
            else partial = T(m);
        }
        constexpr bool from_node = Code.child != no_node;
        constexpr std::size_t from = from_node ? Code.child * Columns : 0;
        T* const to = tangent + Code.parent * Columns;
        if constexpr (Code.strong) {
            // a select (its partials are masks: an untaken tangent, perhaps NaN, times 0 is 0), or
            // a tangent that passed through one (0 there, times an infinite partial, is 0)
            [[maybe_unused]] const char sequence[] = {
                '\0', (((Code.columns >> C) & 1)
                           ? (((Code.first >> C) & 1)
                                  ? void(to[C] = from_node ? detail::strong_product(partial, tangent[from + C]) : partial)
                                  : void(to[C] = math::add(to[C], from_node ? detail::strong_product(partial, tangent[from + C])
                                                                            : partial))),
                       '\0' : '\0')...};
        } else {
            [[maybe_unused]] const char sequence[] = {
                '\0', (((Code.columns >> C) & 1)
                           ? (((Code.first >> C) & 1) ? void(to[C] = from_node ? math::multiply(partial, tangent[from + C]) : partial)
                                                      : void(to[C] = math::add(to[C], from_node ? math::multiply(partial, tangent[from + C]) : partial))),
                       '\0' : '\0')...};
        }
        if constexpr (Code.scale_after != 0) {
            const T scale = partial_scale_value<T>(Instruction{}, values, env);
            [[maybe_unused]] const char scaled[] = {
                '\0', (((Code.scale_after >> C) & 1) ? void(to[C] = math::multiply(to[C], scale)) : void(), '\0')...};
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

template <class Dag, class Plan, std::size_t N, class T, class Env, std::size_t... S>
CTDIFF_FORCEINLINE constexpr void tangent_sweep([[maybe_unused]] T* tangent,
                                                [[maybe_unused]] const value_array<T, Dag::value_size>& values,
                                                [[maybe_unused]] const Env& env, std::index_sequence<S...>) {
    [[maybe_unused]] const char sequence[] = {  // a flat list, see run_instructions
        '\0', (tangent_step<instruction_t<Dag, Plan::step(S).parent>, Plan::step(S), N>::run(
                   tangent, values, env, std::make_index_sequence<N>{}),
               '\0')...};
}

}  // namespace ctdiff::detail
