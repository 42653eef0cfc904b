#pragma once
// floor, ceil, trunc, round: exact in every case (the result is an integer-valued floating-point
// number, so there is nothing to round), with the signs of zero as in C: floor(-0.5) = -1,
// ceil(-0.5) = -0, round(-0.4) = -0, round(2.5) = 3 (halves away from zero). NaN and infinities
// pass through. The constexpr implementations round |x| < 2^(digits - 1) to an integer by adding
// and subtracting 2^(digits - 1) (exact in round-to-nearest, for any significand width), then
// step toward zero; at and above 2^(digits - 1) every number is an integer already.

#include <cmath>
#include <concepts>

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/constants.hpp"

namespace ctdiff::math {
namespace detail {

/// Whether x may have a fractional part: finite and below 2^(digits - 1) in magnitude.
template <std::floating_point T>
constexpr bool may_have_fraction(T x) noexcept {
    return x == x && fabs(x) < pow2<T>(digits_v<T> - 1);
}
template <std::floating_point T>
constexpr T trunc_impl(T x) noexcept {
    if (!may_have_fraction(x)) return x;
    constexpr T big = pow2<T>(digits_v<T> - 1);
    const T a = fabs(x);
    T t = (a + big) - big;  // the nearest integer to |x|
    if (t > a) t -= T(1);
    return copy_sign(t, x);  // the sign of -0.5 -> -0
}
template <std::floating_point T>
constexpr T floor_impl(T x) noexcept {
    const T t = trunc_impl(x);
    return t > x ? t - T(1) : t;
}
template <std::floating_point T>
constexpr T ceil_impl(T x) noexcept {
    const T t = trunc_impl(x);
    return t < x ? copy_sign(t + T(1), x) : t;  // ceil(-0.5) = -0
}
template <std::floating_point T>
constexpr T round_impl(T x) noexcept {
    const T t = trunc_impl(x);
    if (!may_have_fraction(x)) return t;
    return fabs(x - t) >= T(0.5) ? t + copy_sign(T(1), x) : t;  // x - t is exact
}

}  // namespace detail

/// The largest integer not above x.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T floor(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::floor_impl(x);
    return std::floor(x);
}
/// The smallest integer not below x.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T ceil(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::ceil_impl(x);
    return std::ceil(x);
}
/// x without its fractional part.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T trunc(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::trunc_impl(x);
    return std::trunc(x);
}
/// The nearest integer, halves away from zero.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T round(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::round_impl(x);
    return std::round(x);
}

}  // namespace ctdiff::math
