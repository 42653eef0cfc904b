#pragma once
// floor, ceil, trunc, round: exact in every case (the result is an integer-valued floating-point
// number, so there is nothing to round), with the signs of zero as in C: floor(-0.5) = -1,
// ceil(-0.5) = -0, round(-0.4) = -0, round(2.5) = 3 (halves away from zero). NaN and infinities
// pass through. Constexpr implementations through a 64-bit integer below 2^(digits - 1), where
// the number may have a fraction; at and above it every number is an integer already.

#include <cmath>
#include <concepts>
#include <cstdint>

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/constants.hpp"

namespace ctdiff::math {
namespace detail {

/// Whether x may have a fractional part: finite and below 2^(digits - 1) in magnitude.
template <std::floating_point T>
constexpr bool may_have_fraction(T x) noexcept {
    constexpr T limit = T(std::uint64_t{1} << (digits_v<T> - 1 < 63 ? digits_v<T> - 1 : 62)) *
                        (digits_v<T> - 1 < 63 ? T(1) : T(2));
    return x == x && fabs(x) < limit;
}
template <std::floating_point T>
constexpr T trunc_impl(T x) noexcept {
    if (!may_have_fraction(x)) return x;
    return copy_sign(static_cast<T>(static_cast<std::int64_t>(x)), x);  // the sign of -0.5 -> -0
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
