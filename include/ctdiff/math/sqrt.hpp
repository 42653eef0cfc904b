#pragma once
// sqrt: constexpr implementation (detail::sqrt_impl) used in constant evaluation, std::sqrt at
// run time. Correctly rounded, like std::sqrt.
//
// Algorithm: x = m 4^e with m in [1, 4) (exact); Newton's iteration y <- (y + m/y) / 2 from
// above gives sqrt(m) to within an ulp; the last step checks the rounding exactly: y is the
// correctly rounded root iff (y - ulp/2)^2 < m < (y + ulp/2)^2, and m - y^2 is exact as a
// double-word, so each test is the sign of an exact sum of three numbers.

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/constants.hpp"

namespace ctdiff::math {
namespace detail {

template <class W>
constexpr W sqrt_w(W x) noexcept {
    if (is_nan(x)) return x;
    if (x < W(0)) return nan_v<W>;
    if (x == W(0) || x == inf_v<W>) return x;  // sqrt(-0) = -0
    const mant_exp<W> me = decompose(x);
    W m = me.m;
    int e = me.e;
    if (e % 2 != 0) {  // make the exponent even: m in [1, 4)
        m *= W(2);
        e -= 1;
    }
    W y = (m + W(1)) * W(0.5);  // >= sqrt(m): Newton then decreases monotonically
    for (int i = 0; i < 10; ++i) {
        const W next = (y + m / y) * W(0.5);
        if (next >= y) break;
        y = next;
    }
    // Now sqrt(m) in [1, 2), y within an ulp of it; ulp(y) = eps in [1, 2).
    constexpr W u = std::numeric_limits<W>::epsilon();
    if (y < W(1)) y = W(1);
    if (y > W(2) - u) y = W(2) - u;
    for (int i = 0; i < 4; ++i) {
        const dd<W> sq = two_prod(y, y);
        const W r = m - sq.hi;  // exact (Sterbenz): m - y^2 == r - sq.lo
        // m > (y + u/2)^2 <=> m - y^2 - y u > u^2/4 <=> m - y^2 - y u > 0, because m - y^2 - y u
        // is a multiple of u^2 (m, y^2 and y u are), and u^2/4 is less than that.
        if (sign_of_sum(r, -sq.lo, -y * u) > 0) {
            y += u;
            continue;
        }
        // Below: for y > 1, m < (y - u/2)^2 <=> m - y^2 + y u <= 0 (same argument); at y == 1
        // sqrt(m) >= 1 already.
        if (y > W(1) && sign_of_sum(r, -sq.lo, y * u) <= 0) {
            y -= u;
            continue;
        }
        break;
    }
    return scale2(y, e / 2);
}

/// sqrt for T; float is computed in double, which rounds correctly again (53 >= 2 * 24 + 2).
template <std::floating_point T>
constexpr T sqrt_impl(T x) noexcept {
    return narrow<T>(sqrt_w(static_cast<work_t<T>>(x)));
}

}  // namespace detail

/// Square root, correctly rounded.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T sqrt(T x) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return detail::sqrt_impl(x);
    return std::sqrt(x);
}

}  // namespace ctdiff::math
