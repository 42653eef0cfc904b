// ctdiff/eval/wrt.hpp — `wrt(x, y, ...)`: the variables a gradient, JVP or Hessian is taken with
// respect to, and the result types indexed by those variables.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/pack.hpp"
#include "ctdiff/core/tensor.hpp"
#include "ctdiff/graph/topo.hpp"

namespace ctdiff {

/// The variables to differentiate with respect to, in order.
template <class... Vars>
struct wrt_t {
    using list = type_list<Vars...>;
    static constexpr std::size_t size = sizeof...(Vars);
};

namespace detail {
/// Index of the first true flag, or the number of flags.
constexpr std::size_t first_true(std::initializer_list<bool> flags) noexcept {
    std::size_t i = 0;
    for (bool f : flags) {
        if (f) return i;
        ++i;
    }
    return i;
}

/// Position of V in Vs..., or sizeof...(Vs). A class static, not a variable template: it is
/// instantiated for every argument of every node (see "Rules that keep compile time down").
template <class V, class... Vs>
struct position {
    static constexpr std::size_t value = first_true({std::is_same<V, Vs>::value...});
};

template <class... Vs>
constexpr bool all_distinct() {
    std::size_t i = 0;
    bool ok = true;
    ((ok = ok && position<Vs, Vs...>::value == i++), ...);  // each one's first position is its own
    return ok;
}
}  // namespace detail

/// `wrt(x, y)`: differentiate with respect to x and y (in this order).
template <class... Vars>
constexpr wrt_t<std::remove_cvref_t<Vars>...> wrt(const Vars&...) noexcept {
    static_assert((variable_expression<Vars> && ...),
                  "ctdiff::wrt(x, y, ...) lists variables made by ctdiff::var<\"name\">; an "
                  "argument here is a constant or a compound expression");
    static_assert(detail::all_distinct<std::remove_cvref_t<Vars>...>(),
                  "ctdiff::wrt(x, y, ...): a variable is listed twice");
    return {};
}

namespace detail {
template <class E>
constexpr auto no_init_arg() noexcept {
    if constexpr (is_tensor<E>::value) return no_init;
    else return E{};
}

/// One value per variable (a T for a scalar, a tensor<T, S> for a tensor), indexed by the
/// variable: what a gradient and a parameter set (nn::parameter_set) both are.
template <class T, class... Vars>
struct entries_by_variable {
    using entries_type = std::tuple<value_of_shape_t<T, typename Vars::shape_type>...>;
    entries_type entries{};

    /// Every entry zero.
    constexpr entries_by_variable() noexcept = default;
    /// Tensor entries not initialised (scalars are zeroed): for the library's backward sweep,
    /// which then writes every element.
    constexpr explicit entries_by_variable(no_init_t) noexcept
        : entries(no_init_arg<value_of_shape_t<T, typename Vars::shape_type>>()...) {}

    template <class V>
    constexpr const auto& operator[](const V&) const noexcept {
        return std::get<index_of<V>()>(entries);
    }
    template <class V>
    constexpr auto& operator[](const V&) noexcept {
        return std::get<index_of<V>()>(entries);
    }
    friend constexpr bool operator==(const entries_by_variable&, const entries_by_variable&) = default;

private:
    template <class V>
    static constexpr std::size_t index_of() noexcept {
        constexpr std::size_t i = position<std::remove_cvref_t<V>, Vars...>::value;
        static_assert(i < sizeof...(Vars),
                      "ctdiff: g[v] — v is not one of the variables of this gradient (those listed in "
                      "wrt(...)) or of this parameter set (those of nn::params)");
        return i < sizeof...(Vars) ? i : 0;
    }
};
}  // namespace detail

namespace detail {
/// The scalar unknowns of wrt(Vars...): how many, the column where each variable's start, and
/// for each column its variable and element (a tensor variable's elements row-major).
template <class... Vars>
struct unknown_layout {
    static constexpr std::size_t count = (std::size_t{0} + ... + Vars::shape_type::size);
    static constexpr std::array<std::size_t, sizeof...(Vars) + 1> column = [] {
        std::array<std::size_t, sizeof...(Vars) + 1> c{};
        std::size_t k = 0, at = 0;
        ((c[k++] = at, at += Vars::shape_type::size), ...);
        c[k] = at;
        return c;
    }();
    static constexpr std::array<std::size_t, count + 1> variable_of = [] {
        std::array<std::size_t, count + 1> v{};
        for (std::size_t p = 0; p < sizeof...(Vars); ++p)
            for (std::size_t j = column[p]; j < column[p + 1]; ++j) v[j] = p;
        return v;
    }();
    static constexpr std::array<std::size_t, count + 1> element_of = [] {
        std::array<std::size_t, count + 1> e{};
        for (std::size_t p = 0; p < sizeof...(Vars); ++p)
            for (std::size_t j = column[p]; j < column[p + 1]; ++j) e[j] = j - column[p];
        return e;
    }();
};
}  // namespace detail

/// Gradient entries indexed by variable: `g[x]`, or by position: `get<0>(g)`, `auto [gx, gy] = g`.
/// The entry of a scalar variable is a T, that of a tensor variable a tensor<T, S> of its shape.
template <class T, class... Vars>
struct gradient : detail::entries_by_variable<T, Vars...> {
    using detail::entries_by_variable<T, Vars...>::entries_by_variable;
    using typename detail::entries_by_variable<T, Vars...>::entries_type;
    using detail::entries_by_variable<T, Vars...>::entries;

    static constexpr std::size_t size() noexcept { return sizeof...(Vars); }

    template <std::size_t I>
    constexpr const auto& get() const noexcept {
        static_assert(I < sizeof...(Vars), "ctdiff: get<I>(gradient): I is out of range");
        return std::get<I < sizeof...(Vars) ? I : 0>(entries);
    }
    friend constexpr bool operator==(const gradient&, const gradient&) = default;

    /// Accumulates another gradient entry by entry (summing per-sample gradients of a batch).
    constexpr gradient& operator+=(const gradient& other) noexcept {
        detail::for_each_entry_element([](T& a, const T& b) { a += b; }, entries, other.entries);
        return *this;
    }
    /// Scales every entry (a batch mean: `g *= 1.0 / n`).
    constexpr gradient& operator*=(T factor) noexcept {
        detail::for_each_entry_element([factor](T& a) { a *= factor; }, entries);
        return *this;
    }
};

/// Each entry's lanes added: from the per-lane gradients of a pack evaluation, the gradient of
/// the sum over the lanes (a batch's gradient with respect to parameters all lanes share).
template <class T, std::size_t N, class... Vars>
[[nodiscard]] constexpr gradient<T, Vars...> sum_lanes(const gradient<pack<T, N>, Vars...>& g) noexcept {
    gradient<T, Vars...> r;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((std::get<I>(r.entries) = ctdiff::sum_lanes(std::get<I>(g.entries))), ...);
    }(std::index_sequence_for<Vars...>{});
    return r;
}

template <std::size_t I, class T, class... Vars>
constexpr const auto& get(const gradient<T, Vars...>& g) noexcept {
    return g.template get<I>();
}

/// The result of value_and_grad: `auto [value, grad] = value_and_grad(...)`.
template <class T, class Gradient>
struct value_and_gradient {
    using gradient_type = Gradient;
    T value;
    Gradient grad;
};

}  // namespace ctdiff

template <class T, class... Vars>
struct std::tuple_size<ctdiff::gradient<T, Vars...>> : std::integral_constant<std::size_t, sizeof...(Vars)> {};
template <std::size_t I, class T, class... Vars>
struct std::tuple_element<I, ctdiff::gradient<T, Vars...>> {
    using type = const std::tuple_element_t<I, typename ctdiff::gradient<T, Vars...>::entries_type>;
};
