// ctdiff/core/match.hpp — small pattern tests on node types, used by ops' simplification rules.
#pragma once

#include <cstddef>
#include <tuple>
#include <type_traits>

#include "ctdiff/core/expr.hpp"

namespace ctdiff::detail {

/// True when E is `expr<Op, ...>`.
template <class Op, class E>
struct is_node_of : std::false_type {};
template <class Op, class... A>
struct is_node_of<Op, expr<Op, A...>> : std::true_type {};
template <class Op, class E>
concept node_of = is_node_of<Op, E>::value;

/// The I-th child type of a node.
template <std::size_t I, class E>
struct child;
template <std::size_t I, class Op, class... A>
struct child<I, expr<Op, A...>> {
    using type = std::tuple_element_t<I, std::tuple<A...>>;
};
template <std::size_t I, class E>
using child_t = typename child<I, E>::type;

/// True when E is `expr<Op, ...>` whose I-th child is an exact constant. (Written as one trait:
/// `node_of<Op, E> && constant_node<child_t<I, E>>` would name child_t<I, E> for every E.)
template <class Op, std::size_t I, class E>
struct has_constant_child : std::false_type {};
template <class Op, std::size_t I, class... A>
struct has_constant_child<Op, I, expr<Op, A...>> : is_constant<std::tuple_element_t<I, std::tuple<A...>>> {};
template <class Op, std::size_t I, class E>
concept with_constant_child = has_constant_child<Op, I, E>::value;

}  // namespace ctdiff::detail
