// ctdiff/hana.hpp — ctdiff's heterogeneous containers as Boost.Hana containers.
//
//   - A variable (`var<"x">`, `var<"W", shape<3, 2>>`) is Hana-Comparable and Hashable: two
//     variables are equal when they are the same variable, so variables are keys of
//     `hana::map`s and of the structures below.
//   - A gradient and an `nn::parameter_set` are Hana Structs whose keys are their variables:
//     `hana::at_key(g, x)` (a reference, like `g[x]`), `hana::keys`, `hana::members`,
//     `hana::for_each(g, f)` (f sees `hana::pair`s (variable, entry)), `hana::fold_left`,
//     `hana::find`, `hana::to<hana::map_tag>(g)`, `hana::equal` (member by member).
//     They are Hana Functors too: `hana::transform(g, f)` is the container of f(entry) for the
//     same variables, when f maps every entry to an entry of that shape (a number to a number,
//     a tensor to a tensor of its shape: a step, a clamp, a cast to float).
//   - A `wrt(...)` list (and `nn::params(loss)`) is a Hana Iterable and Foldable of its
//     variables: `hana::for_each(wrt(x, y), f)`, `hana::at_c<1>`, `hana::contains`,
//     `hana::length`, `hana::to_tuple`.
//
// The core headers do not include Hana (docs/design.md, "Boost.Hana"): include this header, and
// the Hana algorithms you call (or <boost/hana.hpp>).
#pragma once

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/hana/bool.hpp>
#include <boost/hana/core/tag_of.hpp>
#include <boost/hana/core/when.hpp>
#include <boost/hana/fwd/accessors.hpp>
#include <boost/hana/fwd/at.hpp>
#include <boost/hana/fwd/drop_front.hpp>
#include <boost/hana/fwd/equal.hpp>
#include <boost/hana/fwd/hash.hpp>
#include <boost/hana/fwd/is_empty.hpp>
#include <boost/hana/fwd/transform.hpp>
#include <boost/hana/fwd/unpack.hpp>
#include <boost/hana/pair.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/tensor.hpp"
#include "ctdiff/eval/bindings.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/nn/parameters.hpp"

namespace ctdiff::detail {

/// Hana's tag of every wrt(...) list: they share their algorithms.
struct variable_list_tag {};

/// Hana's tag of a gradient or parameter set C: a type of its own, without C's `==`, so that
/// Hana compares C as a Struct (member by member) rather than finding two rules that apply.
template <class C>
struct entries_tag {};

/// gradient<T, Vars...> and nn::parameter_set<T, Vars...>: containers of one entry per variable.
/// `rebind<U>` is the same container with scalar type U.
template <class C>
struct entries_container;
template <class T, class... Vars>
struct entries_container<gradient<T, Vars...>> {
    using scalar = T;
    template <class U>
    using rebind = gradient<U, Vars...>;
    using variables = type_list<Vars...>;
};
template <class T, class... Vars>
struct entries_container<nn::parameter_set<T, Vars...>> {
    using scalar = T;
    template <class U>
    using rebind = nn::parameter_set<U, Vars...>;
    using variables = type_list<Vars...>;
};

/// The scalar type of the first result of a transform (Default when there is none).
template <class Results, class Default>
struct first_entry_scalar {
    using type = Default;
};
template <class R, class... Rs, class Default>
struct first_entry_scalar<std::tuple<R, Rs...>, Default> : scalar_of<R> {};

/// Hana's accessor of entry I: a reference into the container, as `g[v]` gives.
template <std::size_t I>
struct entry_accessor {
    template <class C>
    constexpr decltype(auto) operator()(C&& c) const noexcept {
        return std::get<I>(static_cast<C&&>(c).entries);
    }
};

/// hana::transform(c, f) for a gradient or parameter set C: C's variables with entries f(entry).
template <class C, class X, class F, std::size_t... I>
constexpr auto transform_entries(const X& x, F& f, std::index_sequence<I...>) {
    using results = std::tuple<std::remove_cvref_t<decltype(f(std::get<I>(x.entries)))>...>;
    using container = entries_container<C>;
    using scalar = typename first_entry_scalar<results, typename container::scalar>::type;
    using result_type = typename container::template rebind<scalar>;
    constexpr bool shapes_kept = std::is_same<results, typename result_type::entries_type>::value;
    static_assert(shapes_kept,
                  "hana::transform(g, f) on a ctdiff gradient or parameter set: f must map every "
                  "entry to an entry of its shape, with one scalar type (a number to a number, a "
                  "tensor<T, S> to a tensor<U, S>); to compute anything else, transform "
                  "hana::members(g)");
    result_type r;
    if constexpr (shapes_kept) ((std::get<I>(r.entries) = f(std::get<I>(x.entries))), ...);
    return r;
}

template <class... Vars, std::size_t... I>
constexpr auto hana_accessors(type_list<Vars...>, std::index_sequence<I...>) {
    return boost::hana::make_tuple(boost::hana::make_pair(Vars{}, entry_accessor<I>{})...);
}

template <std::size_t From, class... Vars, std::size_t... I>
constexpr auto drop_variables(std::index_sequence<I...>) noexcept {
    return wrt_t<std::tuple_element_t<From + I, std::tuple<Vars...>>...>{};
}

}  // namespace ctdiff::detail

namespace boost::hana {

// ---- variables: Comparable and Hashable ------------------------------------------------------

template <class X, class Y>
struct equal_impl<X, Y, when<ctdiff::variable_expression<X> && ctdiff::variable_expression<Y>>> {
    static constexpr auto apply(const X&, const Y&) noexcept { return bool_c<std::is_same<X, Y>::value>; }
};

template <class X>
struct hash_impl<X, when<ctdiff::variable_expression<X>>> {
    static constexpr auto apply(const X&) noexcept { return type_c<X>; }
};

// ---- gradients and parameter sets: Struct and Functor ----------------------------------------

template <class T, class... Vars>
struct tag_of<ctdiff::gradient<T, Vars...>> {
    using type = ctdiff::detail::entries_tag<ctdiff::gradient<T, Vars...>>;
};
template <class T, class... Vars>
struct tag_of<ctdiff::nn::parameter_set<T, Vars...>> {
    using type = ctdiff::detail::entries_tag<ctdiff::nn::parameter_set<T, Vars...>>;
};

template <class C>
struct accessors_impl<ctdiff::detail::entries_tag<C>> {
    static constexpr auto apply() {
        using variables = typename ctdiff::detail::entries_container<C>::variables;
        return ctdiff::detail::hana_accessors(variables{}, std::make_index_sequence<variables::size>{});
    }
};

template <class C>
struct transform_impl<ctdiff::detail::entries_tag<C>> {
    template <class X, class F>
    static constexpr auto apply(X&& x, F&& f) {
        using entries_type = typename std::remove_cvref_t<X>::entries_type;
        return ctdiff::detail::transform_entries<C>(x, f, std::make_index_sequence<std::tuple_size<entries_type>::value>{});
    }
};

// ---- wrt(...) lists: Iterable and Foldable ---------------------------------------------------

template <class... Vars>
struct tag_of<ctdiff::wrt_t<Vars...>> {
    using type = ctdiff::detail::variable_list_tag;
};

template <>
struct unpack_impl<ctdiff::detail::variable_list_tag> {
    template <class... Vars, class F>
    static constexpr decltype(auto) apply(ctdiff::wrt_t<Vars...>, F&& f) {
        return static_cast<F&&>(f)(Vars{}...);
    }
};

template <>
struct at_impl<ctdiff::detail::variable_list_tag> {
    template <class... Vars, class N>
    static constexpr auto apply(ctdiff::wrt_t<Vars...>, const N&) noexcept {
        return std::tuple_element_t<N::value, std::tuple<Vars...>>{};
    }
};

template <>
struct drop_front_impl<ctdiff::detail::variable_list_tag> {
    template <class... Vars, class N>
    static constexpr auto apply(ctdiff::wrt_t<Vars...>, const N&) noexcept {
        constexpr std::size_t from = N::value < sizeof...(Vars) ? N::value : sizeof...(Vars);
        return ctdiff::detail::drop_variables<from, Vars...>(std::make_index_sequence<sizeof...(Vars) - from>{});
    }
};

template <>
struct is_empty_impl<ctdiff::detail::variable_list_tag> {
    template <class... Vars>
    static constexpr auto apply(ctdiff::wrt_t<Vars...>) noexcept {
        return bool_c<sizeof...(Vars) == 0>;
    }
};

}  // namespace boost::hana
