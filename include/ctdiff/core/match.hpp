// ctdiff/core/match.hpp — small pattern tests on node types, used by ops' simplification rules.
#pragma once

#include <cstddef>
#include <tuple>

#include "ctdiff/core/expr.hpp"

namespace ctdiff::detail {

/// True when E is `expr<Op, ...>`.
template <class Op, class E>
inline constexpr bool is_node_of_v = false;
template <class Op, class... A>
inline constexpr bool is_node_of_v<Op, expr<Op, A...>> = true;

/// The I-th child type of a node.
template <std::size_t I, class E>
struct child;
template <std::size_t I, class Op, class... A>
struct child<I, expr<Op, A...>> {
    using type = std::tuple_element_t<I, std::tuple<A...>>;
};
template <std::size_t I, class E>
using child_t = typename child<I, E>::type;

/// The I-th child of a node, as an object.
template <std::size_t I, class E>
constexpr child_t<I, E> child_of(E) noexcept {
    return {};
}

/// True when E is `expr<Op, ...>` whose I-th child is an exact constant. (Written as one trait:
/// `is_node_of_v<Op, E> && is_constant_v<child_t<I, E>>` would name child_t<I, E> for every E.)
template <class Op, std::size_t I, class E>
inline constexpr bool has_constant_child_v = false;
template <class Op, std::size_t I, class... A>
inline constexpr bool has_constant_child_v<Op, I, expr<Op, A...>> =
    is_constant_v<std::tuple_element_t<I, std::tuple<A...>>>;

}  // namespace ctdiff::detail
