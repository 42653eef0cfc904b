// ctdiff/graph/topo.hpp — the unique interior nodes of one or more expressions in topological
// order (children before parents), their children as node indices, and their variables.
//
// Common subexpressions are identical types, so "unique" is type identity: a node reached along
// several paths appears once, and evaluation computes it once.
//
// How it is computed, and why this way: each expression type has a constexpr `node_info` object
// whose arguments point to theirs, so the expression is also constant data, and a type is
// identified by its object's address (addresses compare for equality in constant
// expressions). A depth-first search over that data runs as one constant expression, with
// growable arrays for its state and a hash set (keyed by a structural hash) for the visited nodes.
// It records, for each node, the index of each child and the parent through which it was first
// reached, and for each variable the node that first uses it.
// Types come back from indices through that first-visit tree (`node_at`, `variable_at`), one
// class instantiation per node. Nothing here instantiates a template per (list so far, node) pair,
// which is what made a type-list search quadratic in instantiations and memory.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/match.hpp"

namespace ctdiff {

template <class... Ts>
struct type_list {
    static constexpr std::size_t size = sizeof...(Ts);
};

namespace detail {

/// The elements of the type_lists Lists..., one after the other.
template <class... Lists>
struct concat_lists {
    using type = type_list<>;
};
template <class... A>
struct concat_lists<type_list<A...>> {
    using type = type_list<A...>;
};
template <class... A, class... B, class... Rest>
struct concat_lists<type_list<A...>, type_list<B...>, Rest...> : concat_lists<type_list<A..., B...>, Rest...> {};

// ---- the search --------------------------------------------------------------------------------

/// An expression as constant data: a node's children are pointers to their own `node_info`.
/// One object per type, so the address of a type's object identifies the
/// type in constant expressions, and the search below is one plain function over this data.
///
/// Everything else here is a class template's static value or a plain function: g++ mangles a
/// name for every function or variable template instance, as long as the node type it is named
/// by, so per-node instances of those cost time growing with the size of the graph. The
/// `node_info_v` objects are the only per-node variables (their addresses are the identities);
/// even a class's static data member gets a mangled name once its value is used.
inline constexpr std::size_t max_arity = 3;  // the most arguments an op takes; raise it with a new op

struct node_info {
    bool is_node;      // false for a leaf
    bool is_variable;  // a leaf bound by name
    std::size_t arity;
    std::size_t size;  // number of elements of its value: 1 for a scalar
    const node_info* args[max_arity];
    std::size_t hash;                  // structural: equal types hash equal, others rarely do
};

constexpr std::size_t hash_mix(std::size_t h, std::size_t v) noexcept {
    return h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
}
constexpr std::size_t hash_all(std::size_t seed, std::initializer_list<std::size_t> values) noexcept {
    for (std::size_t v : values) seed = hash_mix(seed, v);
    return seed;
}

/// A leaf's hash: variables by name, constants by value, anything else 0. Only the search's
/// speed depends on hashes: node identity is decided by address.
template <class E>
struct leaf_hash {
    static constexpr std::size_t value = 0;
};
template <fixed_string N, class S>
struct leaf_hash<variable<N, S>> {
    static constexpr std::size_t value = [] {
        std::size_t h = 1;
        for (char c : N.chars) h = hash_mix(h, static_cast<unsigned char>(c));
        return h;
    }();
};
template <rational R>
struct leaf_hash<constant<R>> {
    static constexpr std::size_t value =
        hash_all(2, {static_cast<std::size_t>(R.num), static_cast<std::size_t>(R.den)});
};

template <class E>
inline constexpr node_info node_info_v{false, is_variable<E>::value, 0, E::shape_type::size, {},
                                       leaf_hash<E>::value};  // a leaf
template <class Op, class... Args>
inline constexpr node_info node_info_v<expr<Op, Args...>>{true,
                                                         false,
                                                         sizeof...(Args),
                                                         expr<Op, Args...>::shape_type::size,
                                                         {&node_info_v<Args>...},
                                                         hash_all(sizeof...(Args), {node_info_v<Args>.hash...})};

inline constexpr std::size_t no_node = static_cast<std::size_t>(-1);    // a leaf child
inline constexpr std::size_t root_parent = static_cast<std::size_t>(-2);  // a node reached first as a root

struct visited_node {
    std::size_t parent;       // first-visit parent, or root_parent
    std::size_t position;     // argument position in that parent, or the root's ordinal
    std::size_t first_child;  // where this node's children start in `children`
    std::size_t offset = 0;   // where its value starts in the evaluation's value array
    std::size_t size = 1;     // how many elements it has (1 for a scalar)
};

/// A growable array for constant evaluation. std::vector would do, but clang counts every call
/// (and every statement in it) against one constant expression's budget of 1,048,576 steps
/// (-fconstexpr-steps), and each std::vector operation is several. So this is a plain owner of
/// an array whose elements and count are read directly (`items[i]`, `count`): the search below
/// makes no call per element read, only per append.
template <class T>
struct growable {
    T* items = nullptr;
    std::size_t count = 0;
    std::size_t capacity = 0;

    constexpr growable() = default;
    constexpr growable(std::size_t n, const T& value) : items(new T[n]), count(n), capacity(n) {
        for (std::size_t i = 0; i < n; ++i) items[i] = value;
    }
    constexpr growable(growable&& other) noexcept
        : items(other.items), count(other.count), capacity(other.capacity) {
        other.items = nullptr;
        other.count = other.capacity = 0;
    }
    constexpr growable& operator=(growable&& other) noexcept {
        T* const old = items;
        items = other.items;
        count = other.count;
        capacity = other.capacity;
        other.items = nullptr;
        other.count = other.capacity = 0;
        delete[] old;
        return *this;
    }
    growable(const growable&) = delete;
    growable& operator=(const growable&) = delete;
    constexpr ~growable() { delete[] items; }

    constexpr void push_back(const T& value) {
        if (count == capacity) grow();
        items[count++] = value;
    }

private:
    constexpr void grow() {
        capacity = capacity == 0 ? 64 : 2 * capacity;
        T* const bigger = new T[capacity];
        for (std::size_t i = 0; i < count; ++i) bigger[i] = items[i];
        delete[] items;
        items = bigger;
    }
};

struct search_state {
    growable<const node_info*> ids;   // post-order: children before parents
    growable<visited_node> nodes;
    growable<std::size_t> children;   // per node, per argument: node index or no_node
    growable<std::size_t> roots;      // per root: node index or no_node
    growable<const node_info*> variable_ids;  // distinct variables, in order of first use
    growable<visited_node> variables;         // where each is first used: parent, position
    growable<std::size_t> slots = growable<std::size_t>(64, no_node);  // hash set of ids
};

/// Index of the visited node n, or no_node: an open-addressing hash set over `ids`, so the
/// search does constant work per edge rather than a scan of everything visited so far.
constexpr std::size_t find_visited(const search_state& s, const node_info* n) {
    const std::size_t mask = s.slots.count - 1;
    for (std::size_t i = n->hash & mask;; i = (i + 1) & mask) {
        const std::size_t k = s.slots.items[i];
        if (k == no_node || s.ids.items[k] == n) return k;
    }
}

constexpr void insert_slot(growable<std::size_t>& slots, const node_info* n, std::size_t k) {
    const std::size_t mask = slots.count - 1;
    std::size_t i = n->hash & mask;
    while (slots.items[i] != no_node) i = (i + 1) & mask;
    slots.items[i] = k;
}

/// Records the variable leaf n, used as argument `position` of `parent`, if it is new.
constexpr void note_variable(search_state& s, const node_info* n, std::size_t parent, std::size_t position) {
    if (!n->is_variable) return;
    for (std::size_t i = 0; i < s.variable_ids.count; ++i)
        if (s.variable_ids.items[i] == n) return;
    s.variable_ids.push_back(n);
    s.variables.push_back(visited_node{parent, position, 0});
}

constexpr void mark_visited(search_state& s, const node_info* n) {
    const std::size_t k = s.ids.count;
    s.ids.push_back(n);
    if (2 * s.ids.count > s.slots.count) {  // keep the load at most one half
        s.slots = growable<std::size_t>(2 * s.slots.count, no_node);
        for (std::size_t i = 0; i < s.ids.count; ++i) insert_slot(s.slots, s.ids.items[i], i);
    } else {
        insert_slot(s.slots, n, k);
    }
}

/// Depth-first search from each root in turn, with an explicit stack (no recursion depth limit
/// on long chains). Each node is appended after its children; each child gets, as its
/// first-visit parent, the first node that finishes with it as an argument.
constexpr search_state search_graph(const node_info* const* roots, std::size_t root_count) {
    search_state s;
    struct frame {
        const node_info* node;
        std::size_t next;  // next argument to visit
    };
    growable<frame> stack;
    growable<std::size_t> results;  // indices of finished arguments, awaiting their parent
    for (std::size_t r = 0; r < root_count; ++r) {
        if (!roots[r]->is_node) {
            note_variable(s, roots[r], root_parent, r);
            s.roots.push_back(no_node);
            continue;
        }
        std::size_t found = find_visited(s, roots[r]);
        if (found == no_node) {
            stack.push_back(frame{roots[r], 0});
            while (stack.count != 0) {
                frame& f = stack.items[stack.count - 1];
                if (f.next < f.node->arity) {
                    const node_info* a = f.node->args[f.next++];
                    const std::size_t i = a->is_node ? find_visited(s, a) : no_node;
                    if (a->is_node && i == no_node) stack.push_back(frame{a, 0});
                    else results.push_back(i);
                    continue;
                }
                const std::size_t k = s.nodes.count;
                const std::size_t arity = f.node->arity;
                mark_visited(s, f.node);
                s.nodes.push_back(visited_node{no_node, 0, s.children.count, 0, f.node->size});
                for (std::size_t j = 0; j < arity; ++j) {
                    const std::size_t c = results.items[results.count - arity + j];
                    note_variable(s, f.node->args[j], k, j);
                    s.children.push_back(c);
                    if (c != no_node && s.nodes.items[c].parent == no_node) {
                        s.nodes.items[c].parent = k;
                        s.nodes.items[c].position = j;
                    }
                }
                results.count -= arity;
                --stack.count;
                results.push_back(k);
            }
            found = results.items[--results.count];
            if (s.nodes.items[found].parent == no_node) {
                s.nodes.items[found].parent = root_parent;
                s.nodes.items[found].position = r;
            }
        }
        s.roots.push_back(found);
    }
    return s;
}

/// The unique interior nodes of the expressions Roots..., in topological order.
template <class Roots>
struct dag;
template <class... Roots>
struct dag<type_list<Roots...>> {
    using roots = type_list<Roots...>;

    static constexpr search_state run() {
        constexpr std::array<const node_info*, sizeof...(Roots)> infos{&node_info_v<Roots>...};
        return search_graph(infos.data(), infos.size());
    }

    struct counts_type {
        std::size_t nodes;
        std::size_t children;
        std::size_t variables;
        std::size_t values;
    };
    static constexpr counts_type counts() {
        const search_state s = run();
        std::size_t values = 0;
        for (std::size_t i = 0; i < s.nodes.count; ++i) values += s.nodes.items[i].size;
        return {s.nodes.count, s.children.count, s.variables.count, values};
    }
    static constexpr counts_type count = counts();  // one search for all sizes
    static constexpr std::size_t size = count.nodes;
    static constexpr std::size_t child_count = count.children;
    static constexpr std::size_t variable_count = count.variables;
    /// Elements of all node values together: the size of an evaluation's value array (equal to
    /// `size` when every node is a scalar).
    static constexpr std::size_t value_size = count.values;

    struct table {
        visited_node nodes[size + 1]{};                 // +1: never zero-sized
        std::size_t children[child_count + 1]{};
        std::size_t root_index[sizeof...(Roots) + 1]{};  // no_node for a leaf root
        visited_node variables[variable_count + 1]{};   // first use of each variable
    };
    static constexpr table build() {
        const search_state s = run();
        table t{};
        std::size_t offset = 0;
        for (std::size_t i = 0; i < size; ++i) {
            t.nodes[i] = s.nodes.items[i];
            t.nodes[i].offset = offset;
            offset += s.nodes.items[i].size;
        }
        for (std::size_t i = 0; i < child_count; ++i) t.children[i] = s.children.items[i];
        for (std::size_t r = 0; r < sizeof...(Roots); ++r) t.root_index[r] = s.roots.items[r];
        for (std::size_t v = 0; v < variable_count; ++v) t.variables[v] = s.variables.items[v];
        return t;
    }
    static constexpr table graph = build();

    /// Index of the J-th child of node K, or no_node for a leaf.
    static constexpr std::size_t child_index(std::size_t k, std::size_t j) {
        return graph.children[graph.nodes[k].first_child + j];
    }
    /// One past the last of node K's argument slots in `children` (they start at first_child).
    static constexpr std::size_t children_end(std::size_t k) {
        return k + 1 < size ? graph.nodes[k + 1].first_child : child_count;
    }
    /// Where node K's value starts in the value array.
    static constexpr std::size_t offset(std::size_t k) { return graph.nodes[k].offset; }
};

template <class List, std::size_t I>
struct list_element;
template <class... Ts, std::size_t I>
struct list_element<type_list<Ts...>, I> {
    using type = std::tuple_element_t<I, std::tuple<Ts...>>;
};

/// The type used as argument Position of node Parent of Dag, or root number Position when Parent
/// is root_parent. Node and variable types are read back this way from where the search first
/// met them; one class instantiation per node, recursing once per step up the first-visit tree.
template <class Dag, std::size_t Parent, std::size_t Position>
struct argument_type {
    using type = child_t<Position, typename argument_type<Dag, Dag::graph.nodes[Parent].parent,
                                                          Dag::graph.nodes[Parent].position>::type>;
};
template <class Dag, std::size_t Position>
struct argument_type<Dag, root_parent, Position> {
    using type = typename list_element<typename Dag::roots, Position>::type;
};

/// The type of node K of Dag.
template <class Dag, std::size_t K>
struct node_at {
    using type = typename argument_type<Dag, Dag::graph.nodes[K].parent, Dag::graph.nodes[K].position>::type;
};

template <class Dag, class Seq = std::make_index_sequence<Dag::size>>
struct dag_nodes;
template <class Dag, std::size_t... K>
struct dag_nodes<Dag, std::index_sequence<K...>> {
    using type = type_list<typename node_at<Dag, K>::type...>;
};

// ---- variables (leaves bound by name), in order of first use ------------------------------------
// Found by the same search, so no template recursion runs over the nodes (a recursion as deep as
// the graph is large would hit the compiler's instantiation depth limit near 900 nodes).

/// The type of variable V of Dag.
template <class Dag, std::size_t V>
struct variable_at {
    using type =
        typename argument_type<Dag, Dag::graph.variables[V].parent, Dag::graph.variables[V].position>::type;
};

template <class Dag, class Seq = std::make_index_sequence<Dag::variable_count>>
struct dag_variables;
template <class Dag, std::size_t... V>
struct dag_variables<Dag, std::index_sequence<V...>> {
    using type = type_list<typename variable_at<Dag, V>::type...>;
};

template <class E>
struct variables_of {
    using type = typename dag_variables<dag<type_list<E>>>::type;
};

/// The distinct variables of the lists Lists..., in order of first appearance.
template <class... Lists>
struct variable_union {
    using type = type_list<>;
};
template <class... Vs>
struct variable_union<type_list<Vs...>> {
    using type = type_list<Vs...>;
};
template <class... Vs, class W, class... Ws, class... Rest>
struct variable_union<type_list<Vs...>, type_list<W, Ws...>, Rest...>
    : variable_union<std::conditional_t<(std::is_same<W, Vs>::value || ...), type_list<Vs...>, type_list<Vs..., W>>,
                     type_list<Ws...>, Rest...> {};
template <class... Vs, class... Rest>
struct variable_union<type_list<Vs...>, type_list<>, Rest...> : variable_union<type_list<Vs...>, Rest...> {};

/// The variables of E by a walk of its nodes, memoised per node (a class per distinct
/// subexpression): for checks that need the variables of many outputs without searching their
/// graph (eval/jacobian.hpp). Same set as variables_of, possibly in another order.
template <class E>
struct variables_in {
    using type = type_list<>;
};
template <fixed_string N, class S>
struct variables_in<variable<N, S>> {
    using type = type_list<variable<N, S>>;
};
template <class Op, class... A>
struct variables_in<expr<Op, A...>> {
    using type = typename variable_union<type_list<>, typename variables_in<A>::type...>::type;
};

}  // namespace detail

/// The interior nodes of E, each once, children before parents. E itself is last.
template <class E>
using nodes_t = typename detail::dag_nodes<detail::dag<type_list<std::remove_cvref_t<E>>>>::type;

/// The variables E depends on, each once, in order of first appearance.
template <class E>
using variables_t = typename detail::variables_of<std::remove_cvref_t<E>>::type;

}  // namespace ctdiff
