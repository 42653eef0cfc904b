#pragma once
// tanh, sinh, cosh: constexpr implementations (detail::*_impl) used in constant evaluation, std::
// at run time.
//
// Algorithms, with a = |x| and every step in double-word (exp_log.hpp):
//   tanh x = E / (E + 2), E = e^(2a) - 1 (expm1: no cancellation near 0); +-1 once 2 e^(-2a) is
//            below half an ulp of 1.
//   sinh x = (E + E / (E + 1)) / 2, E = e^a - 1, for a < 1;  (e^a - e^-a) / 2 above; e^a / 2
//            once e^-a no longer matters, formed as e 2^(k-1) so it overflows only when sinh does.
//   cosh x = (e^a + e^-a) / 2, likewise.

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/constants.hpp"
#include "ctdiff/math/exp_log.hpp"

namespace ctdiff::math {
namespace detail {

/// Below this |x|, sinh x and tanh x round to x and cosh x to 1.
template <class W>
inline constexpr W hyp_tiny = pow2<W>(-(digits_v<W> / 2 + 4));
/// Above this |x|, e^-|x| is negligible next to e^|x| (below 2^-(2 digits + 4) relative).
template <class W>
inline constexpr W hyp_big = W(digits_v<W> + 2) * W(ln2_pieces[0]);

/// e^a / 2 +- e^-a / 2 for a >= 1, rounded once; overflows to +inf only when the result does.
template <class W>
constexpr W exp_pair_half(W a, bool plus) noexcept {
    if (a > exp_hi<W> + W(1)) return inf_v<W>;  // e^a / 2 > 2^max_exponent
    const exp_parts<W> p = exp_reduce(dd<W>{a, W(0)});
    if (a > hyp_big<W>) return scale2(p.e.hi, p.k - 1);
    const dd<W> ea = scale2(p.e, p.k);  // no overflow: a <= hyp_big
    const dd<W> inv = dd<W>{W(1), W(0)} / ea;
    return ((plus ? ea + inv : ea - inv) * W(0.5)).hi;
}

template <class W>
constexpr W sinh_w(W x) noexcept {
    if (is_nan(x) || is_inf(x)) return x;
    const W a = fabs(x);
    if (a < hyp_tiny<W>) return x;  // keeps -0
    W r;
    if (a < W(1)) {
        const dd<W> e = expm1_dd(dd<W>{a, W(0)});
        r = ((e + e / (e + W(1))) * W(0.5)).hi;
    } else {
        r = exp_pair_half(a, false);
    }
    return x < W(0) ? -r : r;
}

template <class W>
constexpr W cosh_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (is_inf(x)) return inf_v<W>;
    const W a = fabs(x);
    if (a < hyp_tiny<W>) return W(1);
    if (a < W(1)) {  // (e^a + e^-a) / 2 with e^a near 1: no cancellation either way
        const exp_parts<W> p = exp_reduce(dd<W>{a, W(0)});
        const dd<W> ea = scale2(p.e, p.k);
        return ((ea + dd<W>{W(1), W(0)} / ea) * W(0.5)).hi;
    }
    return exp_pair_half(a, true);
}

template <class W>
constexpr W tanh_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (is_inf(x)) return x > W(0) ? W(1) : W(-1);
    const W a = fabs(x);
    if (a < hyp_tiny<W>) return x;  // keeps -0
    // 1 - tanh a ~ 2 e^(-2a): below a quarter ulp of 1 once 2a > (digits + 3) ln 2.
    if (a > W(digits_v<W> + 3) * W(0.5) * W(ln2_pieces[0])) return x > W(0) ? W(1) : W(-1);
    const dd<W> e = expm1_dd(dd<W>{W(2) * a, W(0)});
    const W r = (e / (e + W(2))).hi;
    return x < W(0) ? -r : r;
}

template <std::floating_point T>
constexpr T tanh_impl(T x) noexcept {
    return narrow<T>(tanh_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T sinh_impl(T x) noexcept {
    return narrow<T>(sinh_w(static_cast<work_t<T>>(x)));
}
template <std::floating_point T>
constexpr T cosh_impl(T x) noexcept {
    return narrow<T>(cosh_w(static_cast<work_t<T>>(x)));
}

}  // namespace detail

/// Hyperbolic tangent.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T tanh(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::tanh_impl(x);
    return std::tanh(x);
}
/// Hyperbolic sine.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T sinh(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::sinh_impl(x);
    return std::sinh(x);
}
/// Hyperbolic cosine.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T cosh(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::cosh_impl(x);
    return std::cosh(x);
}

}  // namespace ctdiff::math
