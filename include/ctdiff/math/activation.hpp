#pragma once
// abs, sigmoid, softplus. sigmoid and softplus are formulas over exp / log1p, written once and
// instantiated twice: with the constexpr implementations (detail::sigmoid_impl, softplus_impl,
// used in constant evaluation) and with std:: (run time).
//
//   sigmoid x = 1 / (1 + e^-x) for x >= 0,  e^x / (1 + e^x) for x < 0  (e^(+-x) never overflows)
//   softplus x = max(x, 0) + log1p(e^-|x|)                               (never overflows)

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/constants.hpp"
#include "ctdiff/math/exp_log.hpp"

namespace ctdiff::math {
namespace detail {

template <std::floating_point T>
constexpr T abs_impl(T x) noexcept {
    if (is_nan(x)) return x;
    return x < T(0) ? -x : (x == T(0) ? T(0) : x);  // abs(-0) = +0
}

template <class T, class Exp>
constexpr T sigmoid_with(T x, Exp exp_fn) noexcept {
    if (is_nan(x)) return x;
    if (x >= T(0)) return T(1) / (T(1) + exp_fn(-x));
    const T e = exp_fn(x);
    return e / (T(1) + e);
}

template <class T, class Exp, class Log1p>
constexpr T softplus_with(T x, Exp exp_fn, Log1p log1p_fn) noexcept {
    if (is_nan(x) || x == inf_v<T>) return x;
    if (x > T(0)) return x + log1p_fn(exp_fn(-x));
    return log1p_fn(exp_fn(x));
}

template <std::floating_point T>
constexpr T sigmoid_impl(T x) noexcept {
    return sigmoid_with(x, [](T v) { return exp_impl(v); });
}
template <std::floating_point T>
constexpr T softplus_impl(T x) noexcept {
    return softplus_with(x, [](T v) { return exp_impl(v); }, [](T v) { return log1p_impl(v); });
}

}  // namespace detail

/// |x| (abs(-0) = +0, abs(NaN) = NaN).
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T abs(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::abs_impl(x);
    return std::fabs(x);
}

/// The logistic function 1 / (1 + e^-x), without overflow for any x.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T sigmoid(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::sigmoid_impl(x);
    return detail::sigmoid_with(x, [](T v) { return std::exp(v); });
}

/// log(1 + e^x), without overflow for any x.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T softplus(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::softplus_impl(x);
    return detail::softplus_with(
        x, [](T v) { return std::exp(v); }, [](T v) { return std::log1p(v); });
}

}  // namespace ctdiff::math
