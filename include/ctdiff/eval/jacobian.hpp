// ctdiff/eval/jacobian.hpp — Jacobians of several outputs: one forward pass over the union of
// their nodes (shared subexpressions computed once), then one backward sweep per output.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <utility>

#include "ctdiff/core/config.hpp"
#include "ctdiff/eval/backward.hpp"
#include "ctdiff/eval/reverse.hpp"
#include "ctdiff/eval/wrt.hpp"

namespace ctdiff {

/// An M x n matrix of first derivatives: row i is output i, column j variable j of wrt(...).
/// `J(i, x)` by output index and variable, `J.at(i, j)` by positions.
template <class T, std::size_t M, class... Vars>
struct jacobian_matrix {
    static constexpr std::size_t rows = M;
    static constexpr std::size_t cols = sizeof...(Vars);
    std::array<T, M * cols> entries{};  // row-major

    constexpr const T& at(std::size_t i, std::size_t j) const noexcept { return entries[i * cols + j]; }
    constexpr T& at(std::size_t i, std::size_t j) noexcept { return entries[i * cols + j]; }

    template <class V>
    constexpr const T& operator()(std::size_t i, const V&) const noexcept {
        constexpr std::size_t j = detail::position<V, Vars...>::value;
        static_assert(j < cols, "ctdiff: J(i, v) — v must be a variable listed in wrt(...)");
        return entries[i * cols + (j < cols ? j : 0)];
    }
};

namespace detail {

template <class J, class Row>
CTDIFF_FORCEINLINE constexpr void copy_row(J& j, std::size_t i, const Row& row) {
    for (std::size_t k = 0; k < row.size(); ++k) j.at(i, k) = row[k];
}

template <class D, class J, class Vars, class T, class Env, std::size_t... R>
CTDIFF_FORCEINLINE constexpr void jacobian_rows(J& j, Vars vars, const value_array<T, D::value_size>& values,
                                                const Env& env, std::index_sequence<R...>) {
    (detail::copy_row(j, R, detail::gradient_values<D, R>(vars, values, env)), ...);
}

template <class T, std::size_t M, class Vars>
struct jacobian_of;
template <class T, std::size_t M, class... Vars>
struct jacobian_of<T, M, type_list<Vars...>> {
    using type = jacobian_matrix<T, M, Vars...>;
};

}  // namespace detail

/// The Jacobian of several outputs `std::tuple{f, g, ...}` with respect to wrt(...).
template <class... Fs, class Wrt, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto jacobian(const std::tuple<Fs...>&, Wrt, const Bindings&... bindings) {
    using T = typename detail::evaluation_scalar<Bindings...>::type;
    using vars = typename Wrt::list;
    using result = typename detail::jacobian_of<T, sizeof...(Fs), vars>::type;
    if constexpr ((detail::check_differentiation<Fs, Wrt, Bindings...>() && ...)) {
        // one forward pass over the union of the outputs' nodes, one backward sweep per output
        using D = detail::dag<type_list<Fs...>>;
        const detail::environment<Bindings...> env{bindings...};
        const auto values = detail::forward_pass<D, T>(env);
        result j{};
        detail::jacobian_rows<D>(j, vars{}, values, env, std::index_sequence_for<Fs...>{});
        return j;
    } else {
        return result{};
    }
}

/// The Jacobian of a single output: a 1 x n matrix (its gradient as a row).
template <expression F, class Wrt, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto jacobian(const F& f, Wrt w, const Bindings&... bindings) {
    return jacobian(std::tuple<F>{f}, w, bindings...);
}

}  // namespace ctdiff
