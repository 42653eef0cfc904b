#pragma once
// exp2, log2, log10, cbrt, asinh, acosh, atanh, erf, erfc: constexpr implementations
// (detail::*_impl) used in constant evaluation, std:: at run time.
//
// Algorithm: double-word arithmetic throughout, rounded once at the end, on the kernels of
// exp_log.hpp (log of a double-word, exp of a double-word) and inverse_trig.hpp (sqrt of a
// double-word):
//   exp2 x = exp(x ln 2), log2 x = log x / ln 2, log10 x = log x / ln 10;
//   cbrt: Newton's iteration in W, then one correction in double-word;
//   asinh x = log(1 + t), t = |x| + x^2 / (1 + sqrt(1 + x^2)) (no cancellation near 0), and
//   log 2|x| for large |x|; acosh x = log(x + sqrt((x - 1)(x + 1))); atanh x = log((1 + x) /
//   (1 - x)) / 2, each 1 +- x exact in double-word;
//   erf x = (2/sqrt(pi)) e^(-x^2) sum x^(2n+1) 2^n / (2n+1)!! (positive terms: no cancellation)
//   for |x| < 4, and 1 - erfc x above; erfc x = 1 - erf x below 4 and, from 4 on, the continued
//   fraction e^(-x^2) / (sqrt(pi) (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...))))).

#include <cmath>
#include <concepts>
#include <limits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/constants.hpp"
#include "ctdiff/math/exp_log.hpp"
#include "ctdiff/math/inverse_trig.hpp"
#include "ctdiff/math/sqrt.hpp"

namespace ctdiff::math {
namespace detail {

template <class W>
constexpr dd<W> ln2_dd() noexcept {
    return ((dd<W>{W(ln2_pieces[0]), W(0)} + W(ln2_pieces[1])) + W(ln2_pieces[2])) + W(ln2_pieces[3]);
}
template <class W>
constexpr dd<W> ln10_dd() noexcept {
    return log_dd(dd<W>{W(10), W(0)});
}

template <class W>
constexpr W exp2_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (x == inf_v<W>) return x;
    if (x == -inf_v<W>) return W(0);
    if (x > W(std::numeric_limits<W>::max_exponent)) return inf_v<W>;
    if (x < W(std::numeric_limits<W>::min_exponent - digits_v<W> - 2)) return W(0);
    return exp_of(ln2_dd<W>() * x);
}

/// log x for finite x > 0 as a double-word, or the IEEE special value in `special` (else NaN-free).
template <class W>
struct log_input {
    bool special;
    W value;
};
template <class W>
constexpr log_input<W> log_special(W x) noexcept {
    if (is_nan(x)) return {true, x};
    if (x < W(0)) return {true, nan_v<W>};
    if (x == W(0)) return {true, -inf_v<W>};
    if (x == inf_v<W>) return {true, x};
    if (x == W(1)) return {true, W(0)};
    return {false, W(0)};
}
template <class W>
constexpr W log2_w(W x) noexcept {
    const log_input<W> s = log_special(x);
    if (s.special) return s.value;
    return (log_dd(dd<W>{x, W(0)}) / ln2_dd<W>()).hi;
}
template <class W>
constexpr W log10_w(W x) noexcept {
    const log_input<W> s = log_special(x);
    if (s.special) return s.value;
    return (log_dd(dd<W>{x, W(0)}) / ln10_dd<W>()).hi;
}

template <class W>
constexpr W cbrt_w(W x) noexcept {
    if (is_nan(x) || is_inf(x) || x == W(0)) return x;
    const mant_exp<W> me = decompose(fabs(x));
    int q = me.e / 3, r = me.e % 3;
    if (r < 0) {
        r += 3;
        q -= 1;
    }
    const W m = me.m * pow2<W>(r);  // in [1, 8): cbrt in [1, 2)
    W y = W(1.5);
    for (int i = 0; i < 8; ++i) y = y - (y * y * y - m) / (W(3) * y * y);
    const dd<W> cube = two_prod(y, y) * y;
    const dd<W> rest = dd<W>{m, W(0)} - cube;
    const dd<W> root = fast_two_sum(y, (rest.hi + rest.lo) / (W(3) * y * y));
    return copy_sign(scale2_rounded(root, q), x);
}

template <class W>
constexpr W asinh_w(W x) noexcept {
    if (is_nan(x) || is_inf(x)) return x;
    const W a = fabs(x);
    if (a < linear_below<W>) return x;
    const dd<W> one{W(1), W(0)};
    if (a > pow2<W>(digits_v<W> / 2 + 2)) return copy_sign((log_dd(dd<W>{a, W(0)}) + ln2_dd<W>()).hi, x);
    const dd<W> a2 = two_prod(a, a);
    const dd<W> t = dd<W>{a, W(0)} + a2 / (one + sqrt_dd(one + a2));
    return copy_sign(log_dd(one + t).hi, x);
}

template <class W>
constexpr W acosh_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (x < W(1)) return nan_v<W>;
    if (x == W(1)) return W(0);
    if (x == inf_v<W>) return x;
    if (x > pow2<W>(digits_v<W> / 2 + 2)) return (log_dd(dd<W>{x, W(0)}) + ln2_dd<W>()).hi;
    const dd<W> one{W(1), W(0)};
    const dd<W> d = (dd<W>{x, W(0)} - one) * (dd<W>{x, W(0)} + one);
    return log_dd(dd<W>{x, W(0)} + sqrt_dd(d)).hi;
}

template <class W>
constexpr W atanh_w(W x) noexcept {
    if (is_nan(x)) return x;
    const W a = fabs(x);
    if (a > W(1)) return nan_v<W>;
    if (a == W(1)) return copy_sign(inf_v<W>, x);
    if (a < linear_below<W>) return x;
    const dd<W> one{W(1), W(0)};
    return copy_sign(scale2(log_dd((one + a) / (one - a)), -1).hi, x);
}

/// e^z as a double-word, for z well inside the range of W.
template <class W>
constexpr dd<W> exp_dd(dd<W> z) noexcept {
    const exp_parts<W> p = exp_reduce(z);
    return scale2(p.e, p.k);
}
template <class W>
constexpr dd<W> two_over_sqrt_pi_dd() noexcept {
    return dd<W>{W(2), W(0)} / sqrt_dd(pi_dd<W>());
}
/// erf a for 0 <= a < erf_switch, as a double-word (erfc = 1 - erf loses at most 27 bits there).
template <class W>
constexpr dd<W> erf_series(W a) noexcept {
    const dd<W> a2 = two_prod(a, a);
    dd<W> term{a, W(0)};
    dd<W> sum = term;
    for (int n = 1; n < 400; ++n) {
        term = term * scale2(a2, 1) / W(2 * n + 1);
        sum = sum + term;
        if (fabs(term.hi) <= series_tol<W> * fabs(sum.hi)) break;
    }
    return two_over_sqrt_pi_dd<W>() * exp_dd(-a2) * sum;
}
/// Where erf and erfc switch from the series to the continued fraction.
template <class W>
inline constexpr W erf_switch = W(4);

/// erfc a for a >= erf_switch, as a double-word (0 where it underflows). The continued fraction
/// is summed from term N = 40 + 1400 / a^2 down (all the terms 2^-128 needs: 195 at a = 3, 127
/// at 4, 46 from 15 on; measured against 600 terms).
template <class W>
constexpr dd<W> erfc_fraction(W a) noexcept {
    if (a > -exp_lo<W> / a) return {W(0), W(0)};  // a^2 beyond exp's range (tested before squaring)
    const dd<W> a2 = two_prod(a, a);
    dd<W> k{a, W(0)};
    const int terms = 40 + static_cast<int>(W(1400) / (a * a));
    for (int n = terms; n >= 1; --n) k = dd<W>{a, W(0)} + dd<W>{W(n) * W(0.5), W(0)} / k;
    return scale2(two_over_sqrt_pi_dd<W>(), -1) * exp_dd(-a2) / k;
}

template <class W>
constexpr W erf_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (is_inf(x)) return copy_sign(W(1), x);
    const W a = fabs(x);
    if (a == W(0)) return x;
    const dd<W> one{W(1), W(0)};
    const dd<W> r = a < erf_switch<W> ? erf_series(a) : one - erfc_fraction(a);
    return copy_sign(r.hi, x);
}

template <class W>
constexpr W erfc_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (x == inf_v<W>) return W(0);
    if (x == -inf_v<W>) return W(2);
    const W a = fabs(x);
    const dd<W> one{W(1), W(0)};
    const dd<W> upper = a < erf_switch<W> ? one - erf_series(a) : erfc_fraction(a);  // erfc |x|
    if (x >= W(0)) {
        if (upper.hi < std::numeric_limits<W>::min()) {  // subnormal: round from the double-word
            const mant_exp<W> me = decompose(upper.hi);
            return scale2_rounded(scale2(upper, -me.e), me.e);
        }
        return upper.hi;
    }
    return (dd<W>{W(2), W(0)} - upper).hi;
}

template <std::floating_point T>
constexpr T exp2_impl(T x) noexcept {
    return narrow<T>(exp2_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T log2_impl(T x) noexcept {
    return narrow<T>(log2_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T log10_impl(T x) noexcept {
    return narrow<T>(log10_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T cbrt_impl(T x) noexcept {
    return narrow<T>(cbrt_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T asinh_impl(T x) noexcept {
    return narrow<T>(asinh_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T acosh_impl(T x) noexcept {
    return narrow<T>(acosh_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T atanh_impl(T x) noexcept {
    return narrow<T>(atanh_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T erf_impl(T x) noexcept {
    return narrow<T>(erf_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T erfc_impl(T x) noexcept {
    return narrow<T>(erfc_w(static_cast<work_t<T>>(x)));
}

}  // namespace detail

/// 2 to the power x.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T exp2(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::exp2_impl(x);
    return std::exp2(x);
}
/// The base-2 logarithm.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T log2(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::log2_impl(x);
    return std::log2(x);
}
/// The base-10 logarithm.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T log10(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::log10_impl(x);
    return std::log10(x);
}
/// The real cube root.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T cbrt(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::cbrt_impl(x);
    return std::cbrt(x);
}
/// The inverse hyperbolic sine.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T asinh(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::asinh_impl(x);
    return std::asinh(x);
}
/// The inverse hyperbolic cosine; NaN below 1.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T acosh(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::acosh_impl(x);
    return std::acosh(x);
}
/// The inverse hyperbolic tangent; NaN outside [-1, 1].
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T atanh(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::atanh_impl(x);
    return std::atanh(x);
}
/// The error function.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T erf(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::erf_impl(x);
    return std::erf(x);
}
/// The complementary error function, 1 - erf x, accurate where erf x is near 1.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T erfc(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::erfc_impl(x);
    return std::erfc(x);
}

}  // namespace ctdiff::math
