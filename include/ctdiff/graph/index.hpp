// ctdiff/graph/index.hpp — a node list as a compile-time map: node type <-> position.
//
// Both directions are one overload resolution against a class with one base per node, so a
// lookup does not scan the list.
#pragma once

#include <cstddef>
#include <utility>

#include "ctdiff/graph/topo.hpp"

namespace ctdiff::detail {

template <class T, std::size_t I>
struct indexed {};

template <class List, class Seq = std::make_index_sequence<List::size>>
struct index_map;
template <class... Ts, std::size_t... I>
struct index_map<type_list<Ts...>, std::index_sequence<I...>> : indexed<Ts, I>... {};

template <class T, std::size_t I>
constexpr std::size_t index_lookup(const indexed<T, I>*) noexcept {
    return I;
}
template <std::size_t I, class T>
T type_lookup(const indexed<T, I>*) noexcept;

/// True when T is in the list the map was made from. (A concept, and the position is read with
/// `index_lookup<T>(map_pointer<Map>())`: no variable template per node, docs/design.md.)
template <class T, class Map>
concept indexed_in = requires { detail::index_lookup<T>(static_cast<const Map*>(nullptr)); };

/// The null pointer to a map that index_lookup and type_lookup resolve against.
template <class Map>
constexpr const Map* map_pointer() noexcept {
    return nullptr;
}

/// The type at position I.
template <std::size_t I, class Map>
using type_at_t = decltype(detail::type_lookup<I>(static_cast<const Map*>(nullptr)));

}  // namespace ctdiff::detail
