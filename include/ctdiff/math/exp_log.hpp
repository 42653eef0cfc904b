#pragma once
// exp, expm1, log, log1p, pow: constexpr implementations (ctdiff::math::detail::*_impl) used in
// constant evaluation, std:: at run time.
//
// Algorithms (all intermediate work in double-word arithmetic, see constants.hpp):
//   exp(z):  z = k ln2 + r, |r| <= ln2/2 (k ln2 with a 159-bit ln 2, so r is exact to ~2^-100);
//            e^r by its Taylor series; the result is e^r * 2^k.
//   log(u):  u = m 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m-1)/(m+1),
//            |s| <= 0.172, by the odd series s + s^3/3 + ...; plus e ln 2.
//   expm1, log1p: the same cores on 1 + x formed exactly, or the series of e^r - 1 for small r.
//   pow(x, y) = exp(y log|x|) with log|x| and the product kept in double-word, so the error of
//            the product (|y log x| up to ~745) does not show in the result.
// Results are the double-word value rounded once to the working type: within an ulp, almost
// always correctly rounded (docs/math.md lists the measured errors).

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/constants.hpp"

namespace ctdiff::math {
namespace detail {

/// e^r for small |r| (about ln2/2 or less), Taylor series summed until terms are negligible.
template <class W>
constexpr dd<W> exp_series(dd<W> r) noexcept {
    dd<W> sum{W(1), W(0)};
    dd<W> term{W(1), W(0)};
    for (int n = 1; n < 64; ++n) {
        term = term * r / W(n);
        sum = sum + term;
        if (fabs(term.hi) <= series_tol<W> * fabs(sum.hi)) break;
    }
    return sum;
}

/// e^r - 1 for small |r|: r + r^2/2! + ..., accurate relative to the result.
template <class W>
constexpr dd<W> expm1_series(dd<W> r) noexcept {
    dd<W> sum = r;
    dd<W> term = r;
    for (int n = 2; n < 64; ++n) {
        term = term * r / W(n);
        sum = sum + term;
        if (fabs(term.hi) <= series_tol<W> * fabs(sum.hi)) break;
    }
    return sum;
}

/// e^z = e * 2^k, e in about [0.7, 1.42].
template <class W>
struct exp_parts {
    dd<W> e;
    int k;
};
/// Requires |z.hi| below about 2^14 (k must fit the ln 2 splitting): callers check the range.
template <class W>
constexpr exp_parts<W> exp_reduce(dd<W> z) noexcept {
    const W k = nearest_int(z.hi * W(inv_ln2));
    const dd<W> r = z - k_ln2(k);
    return {exp_series(r), static_cast<int>(k)};
}

/// Above this, e^x overflows (it is 2^max_exponent); below exp_lo, e^x rounds to zero.
template <class W>
inline constexpr W exp_hi = W(std::numeric_limits<W>::max_exponent) * W(ln2_pieces[0]);
template <class W>
inline constexpr W exp_lo =
    W(std::numeric_limits<W>::min_exponent - digits_v<W> - 2) * W(ln2_pieces[0]);

/// e^z rounded to W, for a double-word argument; handles overflow and underflow.
template <class W>
constexpr W exp_of(dd<W> z) noexcept {
    if (z.hi > exp_hi<W>) return inf_v<W>;
    if (z.hi < exp_lo<W>) return W(0);
    const exp_parts<W> p = exp_reduce(z);
    return scale2_rounded(p.e, p.k);
}

/// e^z - 1 as a double-word, for |z.hi| <= 4 * digits (no overflow, no loss to the -1).
template <class W>
constexpr dd<W> expm1_dd(dd<W> z) noexcept {
    if (fabs(z.hi) < W(0.34)) return expm1_series(z);
    const exp_parts<W> p = exp_reduce(z);
    return scale2(p.e, p.k) + W(-1);
}

/// log u for a double-word u > 0 (finite, u.hi may be subnormal).
template <class W>
constexpr dd<W> log_dd(dd<W> u) noexcept {
    const mant_exp<W> me = decompose(u.hi);
    int e = me.e;
    dd<W> m{me.m, u.lo == W(0) ? W(0) : scale2(u.lo, -e)};
    if (m.hi > W(1.4142135623730951)) {  // keep m in [sqrt(1/2), sqrt(2)]
        m = m * W(0.5);
        ++e;
    }
    const dd<W> s = (m + W(-1)) / (m + W(1));  // m - 1 is exact (Sterbenz)
    const dd<W> s2 = s * s;
    dd<W> sum = s;
    dd<W> pw = s;
    for (int n = 3; n < 200; n += 2) {
        pw = pw * s2;
        const dd<W> t = pw / W(n);
        sum = sum + t;
        if (fabs(t.hi) <= series_tol<W> * fabs(sum.hi)) break;
    }
    return k_ln2(W(e)) + sum * W(2);
}

// ----- the constexpr implementations, in the working type W -----

template <class W>
constexpr W exp_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (x > exp_hi<W>) return inf_v<W>;
    if (x < exp_lo<W>) return W(0);
    return exp_of(dd<W>{x, W(0)});
}

template <class W>
constexpr W expm1_w(W x) noexcept {
    constexpr int p = digits_v<W>;
    if (is_nan(x)) return x;
    if (fabs(x) < pow2<W>(-(p + 2))) return x;         // x + x^2/2 rounds to x (keeps -0)
    if (x < -W(p + 2) * W(ln2_pieces[0])) return W(-1);  // e^x below half an ulp of 1 (and -inf)
    if (x > W(2 * p) * W(ln2_pieces[0])) return exp_w(x);  // the -1 is far below an ulp (and +inf)
    return expm1_dd(dd<W>{x, W(0)}).hi;
}

template <class W>
constexpr W log_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (x < W(0)) return nan_v<W>;
    if (x == W(0)) return -inf_v<W>;
    if (x == inf_v<W>) return x;
    return log_dd(dd<W>{x, W(0)}).hi;
}

template <class W>
constexpr W log1p_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (x < W(-1)) return nan_v<W>;
    if (x == W(-1)) return -inf_v<W>;
    if (x == inf_v<W>) return x;
    if (fabs(x) < pow2<W>(-(digits_v<W> + 2))) return x;  // x - x^2/2 rounds to x (keeps -0)
    return log_dd(two_sum(W(1), x)).hi;                   // 1 + x exactly, as a double-word
}

/// |x|^y for finite x != 0, finite y != 0.
template <class W>
constexpr W pow_abs(W ax, W y) noexcept {
    const dd<W> l = log_dd(dd<W>{ax, W(0)});
    if (l.hi == W(0)) return W(1);
    // Far outside [exp_lo, exp_hi]: decide without forming y * log|x| (it may overflow).
    constexpr W lim = W(std::numeric_limits<W>::max_exponent - std::numeric_limits<W>::min_exponent +
                        digits_v<W> + 4) *
                      W(ln2_pieces[0]);
    if (fabs(y) > lim / fabs(l.hi)) return (y > W(0)) == (l.hi > W(0)) ? inf_v<W> : W(0);
    return exp_of(l * y);
}

/// pow with the C99 / IEEE 754 special cases (those of std::pow).
template <class W>
constexpr W pow_w(W x, W y) noexcept {
    if (y == W(0)) return W(1);  // even for NaN x
    if (x == W(1)) return W(1);  // even for NaN y
    if (is_nan(x)) return x;
    if (is_nan(y)) return y;
    const W ax = fabs(x);
    if (is_inf(y)) {
        if (ax == W(1)) return W(1);  // pow(-1, +-inf) = 1
        return (ax < W(1)) == (y < W(0)) ? inf_v<W> : W(0);
    }
    const bool y_int = is_integer(y);
    const bool y_odd = y_int && is_odd_integer(y);
    if (x == W(0)) {  // +-0: y odd keeps the sign of x
        if (y < W(0)) return y_odd ? copy_sign(inf_v<W>, x) : inf_v<W>;
        return y_odd ? x : W(0);
    }
    if (is_inf(x)) {
        if (x > W(0)) return y < W(0) ? W(0) : inf_v<W>;
        if (y < W(0)) return y_odd ? -W(0) : W(0);
        return y_odd ? -inf_v<W> : inf_v<W>;
    }
    if (x < W(0) && !y_int) return nan_v<W>;
    const W r = pow_abs(ax, y);
    return x < W(0) && y_odd ? -r : r;
}

// ----- per-type entry points: float is computed in double and rounded once -----

template <std::floating_point T>
constexpr T exp_impl(T x) noexcept {
    return narrow<T>(exp_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T expm1_impl(T x) noexcept {
    return narrow<T>(expm1_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T log_impl(T x) noexcept {
    return narrow<T>(log_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T log1p_impl(T x) noexcept {
    return narrow<T>(log1p_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T pow_impl(T x, T y) noexcept {
    return narrow<T>(pow_w(static_cast<work_t<T>>(x), static_cast<work_t<T>>(y)));
}

}  // namespace detail

/// e^x.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T exp(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::exp_impl(x);
    return std::exp(x);
}
/// e^x - 1, accurate near 0.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T expm1(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::expm1_impl(x);
    return std::expm1(x);
}
/// Natural logarithm.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T log(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::log_impl(x);
    return std::log(x);
}
/// log(1 + x), accurate near 0.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T log1p(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::log1p_impl(x);
    return std::log1p(x);
}
/// x^y, with std::pow's special cases.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T pow(T x, T y) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::pow_impl(x, y);
    return std::pow(x, y);
}

}  // namespace ctdiff::math
