#pragma once
// atan, atan2, asin, acos, hypot: constexpr implementations (detail::*_impl) used in constant
// evaluation, std:: at run time.
//
// Algorithm: everything in double-word arithmetic (about 2x the bits of W), rounded once at the
// end. atan t for |t| <= 1 halves its argument twice, t -> t / (1 + sqrt(1 + t^2)) (atan t =
// 2 atan of that), to |t| <= tan(pi/16) ~ 0.2, then sums the Taylor series; |t| > 1 uses
// atan t = pi/2 - atan(1/t). atan2 divides the smaller of |y|, |x| by the larger; asin x is
// atan(x / sqrt((1 - x)(1 + x))) and acos x = 2 atan(sqrt((1 - x) / (1 + x))), whose 1 - x and
// 1 + x are exact in double-word. hypot scales by a power of two so that nothing overflows or
// underflows in between.

#include <cmath>
#include <concepts>
#include <limits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/constants.hpp"
#include "ctdiff/math/sqrt.hpp"

namespace ctdiff::math {
namespace detail {

/// sqrt of a double-word a >= 0, as a double-word: one Newton correction of the rounded root.
template <class W>
constexpr dd<W> sqrt_dd(dd<W> a) noexcept {
    if (a.hi <= W(0)) return {W(0), W(0)};
    const W s = sqrt_w(a.hi);
    const dd<W> r = a - two_prod(s, s);
    return fast_two_sum(s, (r.hi + r.lo) / (W(2) * s));
}

/// pi / 2 and pi as double-words of W (from 212 bits).
template <class W>
constexpr dd<W> pio2_dd() noexcept {
    return ((dd<W>{W(pio2_pieces[0]), W(0)} + W(pio2_pieces[1])) + W(pio2_pieces[2])) + W(pio2_pieces[3]);
}
template <class W>
constexpr dd<W> pi_dd() noexcept {
    return scale2(pio2_dd<W>(), 1);
}

/// atan t for a finite double-word t.
template <class W>
constexpr dd<W> atan_dd(dd<W> t) noexcept {
    const bool negative = t.hi < W(0);
    if (negative) t = -t;
    const bool inverted = t.hi > W(1);
    // 1 / t: in double-word up to 2^digits; above, 1 / t alone (pi/2 - 1/t needs it to only about
    // half the bits, and the double-word division would overflow splitting t)
    if (inverted) t = t.hi > pow2<W>(digits_v<W>) ? dd<W>{W(1) / t.hi, W(0)} : dd<W>{W(1), W(0)} / t;
    const dd<W> one{W(1), W(0)};
    for (int i = 0; i < 2; ++i) t = t / (one + sqrt_dd(one + t * t));  // atan t = 2 atan(that)
    const dd<W> t2 = t * t;
    dd<W> sum = t;
    dd<W> power = t;
    for (int n = 3; n < 400; n += 2) {
        power = -(power * t2);
        const dd<W> term = power / W(n);
        sum = sum + term;
        if (fabs(term.hi) <= series_tol<W> * fabs(sum.hi)) break;
    }
    dd<W> r = scale2(sum, 2);
    if (inverted) r = pio2_dd<W>() - r;
    return negative ? -r : r;
}

/// Below this magnitude atan x, asin x and the like round to x itself (their cubic term is below
/// half an ulp of x).
template <class W>
inline constexpr W linear_below = pow2<W>(-(digits_v<W> / 2 + 2));

template <class W>
constexpr W atan_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (is_inf(x)) return copy_sign(pio2_dd<W>().hi, x);
    if (fabs(x) < linear_below<W>) return x;  // also +-0
    return atan_dd(dd<W>{x, W(0)}).hi;
}

template <class W>
constexpr W atan2_w(W y, W x) noexcept {
    if (is_nan(x) || is_nan(y)) return nan_v<W>;
    const W pi = pi_dd<W>().hi;
    const W pio2 = pio2_dd<W>().hi;
    if (y == W(0)) return sign_bit(x) ? copy_sign(pi, y) : y;  // +-0 toward +x, +-pi toward -x
    if (x == W(0)) return copy_sign(pio2, y);
    if (is_inf(y)) {
        if (is_inf(x)) return copy_sign(x > W(0) ? pi_dd<W>().hi / W(4) : (pi_dd<W>() * W(0.75)).hi, y);
        return copy_sign(pio2, y);
    }
    if (is_inf(x)) return x > W(0) ? copy_sign(W(0), y) : copy_sign(pi, y);
    // the smaller of |y|, |x| over the larger: atan of that, or pi/2 minus it. Where the ratio is
    // below linear_below its atan is itself, correctly rounded by one division (also where it is
    // subnormal); otherwise both are scaled by a power of two to put the larger near 1, so that
    // the double-word division never overflows.
    const W ay = fabs(y), ax = fabs(x);
    const W small = ay <= ax ? ay : ax, large = ay <= ax ? ax : ay;
    dd<W> r;
    if (small / large < linear_below<W>) {
        r = dd<W>{small / large, W(0)};
    } else {
        const int e = decompose(large).e;
        r = atan_dd(dd<W>{scale2(small, -e), W(0)} / scale2(large, -e));
    }
    dd<W> a = ay <= ax ? r : pio2_dd<W>() - r;
    if (x < W(0)) a = pi_dd<W>() - a;
    return copy_sign(a.hi, y);
}

template <class W>
constexpr W asin_w(W x) noexcept {
    if (is_nan(x)) return x;
    const W ax = fabs(x);
    if (ax > W(1)) return nan_v<W>;
    if (ax < linear_below<W>) return x;
    if (ax == W(1)) return copy_sign(pio2_dd<W>().hi, x);
    const dd<W> one{W(1), W(0)};
    const dd<W> d = (one - ax) * (one + ax);  // 1 - x^2, from exact factors
    return copy_sign(atan_dd(dd<W>{ax, W(0)} / sqrt_dd(d)).hi, x);
}

template <class W>
constexpr W acos_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (fabs(x) > W(1)) return nan_v<W>;
    if (x == W(1)) return W(0);
    if (x == W(-1)) return pi_dd<W>().hi;
    const dd<W> one{W(1), W(0)};
    return scale2(atan_dd(sqrt_dd((one - x) / (one + x))), 1).hi;
}

template <class W>
constexpr W hypot_w(W x, W y) noexcept {
    if (is_inf(x) || is_inf(y)) return inf_v<W>;  // even with a NaN, as C says
    if (is_nan(x) || is_nan(y)) return nan_v<W>;
    W a = fabs(x), b = fabs(y);
    if (a < b) {
        const W t = a;
        a = b;
        b = t;
    }
    if (a == W(0)) return W(0);
    const int e = decompose(a).e;
    const W as = scale2(a, -e), bs = scale2(b, -e);  // as in [1, 2); bs may underflow, harmlessly
    const dd<W> s = sqrt_dd(two_prod(as, as) + two_prod(bs, bs));
    return scale2_rounded(s, e);
}

}  // namespace detail

namespace detail {
template <std::floating_point T>
constexpr T atan_impl(T x) noexcept {
    return narrow<T>(atan_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T atan2_impl(T y, T x) noexcept {
    return narrow<T>(atan2_w(static_cast<work_t<T>>(y), static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T asin_impl(T x) noexcept {
    return narrow<T>(asin_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T acos_impl(T x) noexcept {
    return narrow<T>(acos_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T hypot_impl(T x, T y) noexcept {
    return narrow<T>(hypot_w(static_cast<work_t<T>>(x), static_cast<work_t<T>>(y)));
}
}  // namespace detail

/// The arc tangent, in [-pi/2, pi/2].
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T atan(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::atan_impl(x);
    return std::atan(x);
}
/// The angle of the point (x, y), in [-pi, pi]; C's values at zeros and infinities.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T atan2(T y, T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::atan2_impl(y, x);
    return std::atan2(y, x);
}
/// The arc sine, in [-pi/2, pi/2]; NaN outside [-1, 1].
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T asin(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::asin_impl(x);
    return std::asin(x);
}
/// The arc cosine, in [0, pi]; NaN outside [-1, 1].
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T acos(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::acos_impl(x);
    return std::acos(x);
}
/// sqrt(x^2 + y^2) without overflow or underflow in between.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T hypot(T x, T y) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::hypot_impl(x, y);
    return std::hypot(x, y);
}

}  // namespace ctdiff::math
