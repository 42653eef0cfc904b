// ctdiff/eval/jacobian.hpp — Jacobians of several outputs: one reverse sweep per output, all
// evaluated in a single pass that shares the forward values and common adjoints.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>

#include "ctdiff/core/config.hpp"
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
        constexpr std::size_t j = detail::position_v<V, Vars...>;
        static_assert(j < cols, "ctdiff: J(i, v) — v must be a variable listed in wrt(...)");
        return entries[i * cols + (j < cols ? j : 0)];
    }
};

namespace detail {

template <class Outputs, class Vars>
struct jacobian_outputs;
template <class Vars>
struct jacobian_outputs<type_list<>, Vars> {
    using type = type_list<>;
};
template <class F, class... Fs, class Vars>
struct jacobian_outputs<type_list<F, Fs...>, Vars> {
    using type = typename concat_lists<gradient_list_t<F, Vars>,
                                       typename jacobian_outputs<type_list<Fs...>, Vars>::type>::type;
};

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
        using outputs = typename detail::jacobian_outputs<type_list<Fs...>, vars>::type;
        const detail::environment<Bindings...> env{bindings...};
        const auto all = detail::evaluate_all<T>(outputs{}, env);
        result j{};
        for (std::size_t k = 0; k < all.size(); ++k) j.entries[k] = all[k];
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
