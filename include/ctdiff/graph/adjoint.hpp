// ctdiff/graph/adjoint.hpp — the adjoint of every node as an *expression*, for second
// derivatives (eval/hessian.hpp differentiates these expressions). Gradients do not use this
// file: eval/backward.hpp accumulates adjoints as values, which compiles much faster.
//
//   adjoint(f)     = 1
//   adjoint(node)  = sum over the edges parent --i--> node of  adjoint(parent) * partial_i(parent)
//
// "Multiply the local derivatives along a path; if several paths contribute, add them." The
// local partials come from each op's `partial<I>` rule and refer to the parent node itself where
// they can (d tanh(u) = 1 - tanh(u)^2), so evaluating the adjoints reuses the forward values.
// Adjoints are built once per node, in reverse topological order, from a constexpr table of
// edges grouped by child: the work is linear in the number of edges, and no symbolic d of the
// whole tree is ever taken (no expression swell).
#pragma once

#include <array>
#include <cstddef>
#include <utility>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/graph/index.hpp"
#include "ctdiff/graph/topo.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/condition.hpp"

namespace ctdiff::detail {

struct edge {
    std::size_t child;
    std::size_t parent;
    std::size_t position;  // which argument of the parent the child is
};

/// The local partial of Node with respect to its I-th argument, as an expression type.
template <class Node, std::size_t I>
struct local_partial;
template <class Op, class... Args, std::size_t I>
struct local_partial<expr<Op, Args...>, I> {
    using type = decltype(Op::template partial<I>(expr<Op, Args...>{}, Args{}...));
};

/// The edges from Node (key `parent`) to those of its children that have keys in Map.
/// (Class templates rather than generic lambdas: deducing a lambda's parameters from large
/// expression types costs g++ far more than matching a partial specialization.)
template <class Map, class Node>
struct edges_of;
template <class Map, class Op, class... Args>
struct edges_of<Map, expr<Op, Args...>> {
    static constexpr std::size_t count = ((indexed_in<Args, Map> ? std::size_t{1} : std::size_t{0}) + ... + 0);

    template <class Child>
    static constexpr std::size_t key_of() {
        if constexpr (indexed_in<Child, Map>) return detail::index_lookup<Child>(map_pointer<Map>());
        else return 0;
    }
    template <std::size_t N>
    static constexpr void add(std::array<edge, N>& out, std::size_t& next, std::size_t parent) {
        std::size_t position = 0;
        ((indexed_in<Args, Map> ? void(out[next++] = edge{key_of<Args>(), parent, position}) : void(),
          ++position),
         ...);
    }
};

/// All edges of a node list whose positions are the parents' keys.
template <class Map, class Nodes>
struct edges_of_nodes;
template <class Map, class... Nodes>
struct edges_of_nodes<Map, type_list<Nodes...>> {
    static constexpr std::size_t count = (edges_of<Map, Nodes>::count + ... + 0);

    // Edges in topological order of their parents, each parent's in argument order.
    static constexpr std::array<edge, count + 1> list() {  // +1: never zero-sized
        std::array<edge, count + 1> out{};
        std::size_t next = 0;
        std::size_t parent = 0;
        (edges_of<Map, Nodes>::add(out, next, parent++), ...);
        return out;
    }
};

/// Per node of a list (from index 1; 0 is unused), whether it is a select (detail::is_strong_zero).
template <class Nodes>
struct strong_zero_ops;
template <class... Nodes>
struct strong_zero_ops<type_list<Nodes...>> {
    static constexpr bool value[sizeof...(Nodes) + 1] = {false, is_strong_zero<typename Nodes::op_type>::value...};
};

/// The reverse graph of F with respect to the variables in Vars: F's interior nodes get keys
/// 0..N-1 (topological order, F last), the variables N..N+V-1.
template <class F, class Vars>
struct reverse_graph {
    using nodes = nodes_t<F>;
    using keys = typename concat_lists<nodes, Vars>::type;
    using map = index_map<keys>;
    static constexpr std::size_t node_count = nodes::size;
    static constexpr std::size_t key_count = keys::size;
    using all_edges = edges_of_nodes<map, nodes>;
    static constexpr std::size_t edge_count = all_edges::count;

    struct table {
        std::array<edge, edge_count + 1> edges{};  // grouped by child (+1: never zero-sized)
        std::array<std::size_t, key_count + 1> first{};  // edges of key k: [first[k], first[k+1])
    };

    // Counting sort of the edges by child: O(edges + keys) constexpr steps.
    static constexpr table build() {
        const std::array<edge, edge_count + 1> raw = all_edges::list();
        table t{};
        for (std::size_t e = 0; e < edge_count; ++e) ++t.first[raw[e].child + 1];
        for (std::size_t k = 0; k < key_count; ++k) t.first[k + 1] += t.first[k];
        std::array<std::size_t, key_count + 1> fill = t.first;
        for (std::size_t e = 0; e < edge_count; ++e) t.edges[fill[raw[e].child]++] = raw[e];
        return t;
    }
    static constexpr table edges = build();

    /// Per key: whether its edges' products treat 0 as a strong zero (strong_mul): a select, and
    /// every node below one.
    static constexpr std::array<bool, key_count + 1> find_strong() {
        const std::array<edge, edge_count + 1> raw = all_edges::list();
        std::array<bool, key_count + 1> out{};
        for (std::size_t k = 0; k < node_count; ++k) out[k] = strong_zero_ops<nodes>::value[k + 1];
        for (std::size_t e = edge_count; e-- > 0;)  // parents before children
            if (out[raw[e].parent]) out[raw[e].child] = true;
        return out;
    }
    static constexpr std::array<bool, key_count + 1> strong = find_strong();
};

/// One contribution adjoint(parent) * partial, with a strong zero below a select.
template <bool Strong, class Adjoint, class Partial>
constexpr auto contribution(Adjoint a, Partial p) {
    if constexpr (Strong) return detail::make<op::strong_mul>(a, p);
    else return detail::make<op::mul>(a, p);
}

template <class G, std::size_t K>
struct adjoint;

template <class G, std::size_t K, std::size_t... J>
constexpr auto sum_of_contributions(std::index_sequence<J...>) {
    constexpr std::size_t first = G::edges.first[K];
    return detail::sum_into<op::add>(
        constant<rational{0, 1}>{},
        detail::contribution<G::strong[G::edges.edges[first + J].parent]>(
            typename adjoint<G, G::edges.edges[first + J].parent>::type{},
            typename local_partial<type_at_t<G::edges.edges[first + J].parent, typename G::map>,
                                   G::edges.edges[first + J].position>::type{})...);
}

template <class G, std::size_t K>
struct adjoint {
    static constexpr std::size_t fan_out = G::edges.first[K + 1] - G::edges.first[K];
    using type = std::conditional_t<
        K + 1 == G::node_count, constant<rational{1, 1}>,  // the output: d f / d f = 1
        decltype(sum_of_contributions<G, K>(std::make_index_sequence<fan_out>{}))>;
};

/// Instantiates the adjoints from the output down, so that each one finds its parents' adjoints
/// already built (no deep template recursion on long chains).
template <class G, std::size_t... I>
constexpr bool build_adjoints(std::index_sequence<I...>) {
    return ((sizeof(typename adjoint<G, G::key_count - 1 - I>::type) > 0) && ...);
}

/// The adjoint expression of each variable in Vars: the gradient of F, as expressions.
template <class F, class Vars>
struct gradient_expressions;
template <class F, class... Vars>
struct gradient_expressions<F, type_list<Vars...>> {
    using graph = reverse_graph<F, type_list<Vars...>>;
    static constexpr bool built =
        build_adjoints<graph>(std::make_index_sequence<graph::key_count>{});
    using type = std::conditional_t<
        built, type_list<typename adjoint<graph, detail::index_lookup<Vars>(map_pointer<typename graph::map>())>::type...>,
        void>;
};
// f is a leaf: its gradient is 1 for itself (a variable) and 0 otherwise.
template <class F, class... Vars>
    requires(!expr_node<F>)
struct gradient_expressions<F, type_list<Vars...>> {
    using type = type_list<std::conditional_t<std::is_same<F, Vars>::value, constant<rational{1, 1}>,
                                              constant<rational{0, 1}>>...>;
};

}  // namespace ctdiff::detail
