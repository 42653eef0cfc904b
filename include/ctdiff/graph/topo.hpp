// ctdiff/graph/topo.hpp — the unique interior nodes of an expression in topological order
// (children before parents), and its unique variables.
//
// Common subexpressions are identical types, so "unique" is type identity: a node reached along
// several paths appears once, and evaluation computes it once.
#pragma once

#include <type_traits>

#include "ctdiff/core/expr.hpp"

namespace ctdiff {

template <class... Ts>
struct type_list {
    static constexpr std::size_t size = sizeof...(Ts);
};

namespace detail {

template <class List, class T>
inline constexpr bool contains_v = false;
template <class... Ts, class T>
inline constexpr bool contains_v<type_list<Ts...>, T> = (std::is_same_v<Ts, T> || ...);

template <class List, class T>
struct push_back;
template <class... Ts, class T>
struct push_back<type_list<Ts...>, T> {
    using type = type_list<Ts..., T>;
};

// ---- post-order depth-first traversal; `Seen` is the list built so far ----------------------

template <class Seen, class E>
struct topo_visit;

template <class Seen, class... Es>
struct topo_visit_all {
    using type = Seen;
};
template <class Seen, class E, class... Es>
struct topo_visit_all<Seen, E, Es...> {
    using type = typename topo_visit_all<typename topo_visit<Seen, E>::type, Es...>::type;
};

template <class Seen, class E>
struct topo_append {  // visit children, then append E
    using type = Seen;
};
template <class Seen, class Op, class... Args>
struct topo_append<Seen, expr<Op, Args...>> {
    using type = typename push_back<typename topo_visit_all<Seen, Args...>::type, expr<Op, Args...>>::type;
};

template <class Seen, class E>
struct topo_visit {
    using type = typename std::conditional_t<!is_expr_v<E> || contains_v<Seen, E>,
                                             std::type_identity<Seen>, topo_append<Seen, E>>::type;
};

// ---- variables (leaves bound by name), first occurrence order --------------------------------
// Computed from the unique nodes, so each shared subexpression is looked at once.

template <class Seen, class E>
struct add_if_variable {
    using type = Seen;
};
template <class Seen, fixed_string N, class S>
struct add_if_variable<Seen, variable<N, S>> {
    using type = std::conditional_t<contains_v<Seen, variable<N, S>>, Seen,
                                    typename push_back<Seen, variable<N, S>>::type>;
};

template <class Seen, class... Es>
struct add_variables {
    using type = Seen;
};
template <class Seen, class E, class... Es>
struct add_variables<Seen, E, Es...> {
    using type = typename add_variables<typename add_if_variable<Seen, E>::type, Es...>::type;
};

template <class Seen, class Nodes>
struct variables_of_nodes;
template <class Seen>
struct variables_of_nodes<Seen, type_list<>> {
    using type = Seen;
};
template <class Seen, class Op, class... Args, class... Rest>
struct variables_of_nodes<Seen, type_list<expr<Op, Args...>, Rest...>> {
    using type = typename variables_of_nodes<typename add_variables<Seen, Args...>::type,
                                             type_list<Rest...>>::type;
};

template <class E>
struct variables_of {
    using type = typename variables_of_nodes<typename add_if_variable<type_list<>, E>::type,
                                             typename topo_visit<type_list<>, E>::type>::type;
};

}  // namespace detail

/// The interior nodes of E, each once, children before parents. E itself is last.
template <class E>
using nodes_t = typename detail::topo_visit<type_list<>, std::remove_cvref_t<E>>::type;

/// The variables E depends on, each once, in order of first appearance.
template <class E>
using variables_t = typename detail::variables_of<std::remove_cvref_t<E>>::type;

}  // namespace ctdiff
