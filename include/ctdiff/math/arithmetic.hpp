#pragma once
// ctdiff/math/arithmetic.hpp — + - * / with IEEE results in constant evaluation too.
//
// At run time these are the hardware operations. In constant evaluation GCC rejects a division
// by zero and a finite result that overflows, and Clang rejects any operation whose result is NaN
// (NaN * 2, 0 * inf, inf - inf); there the IEEE result is spelled out instead of computed. So an
// expression that is NaN, infinite or out of range somewhere it is not used — the untaken branch
// of a select — is no obstacle to static_assert, and a NaN that is used is NaN there as at run
// time.
//
// Overflow is decided exactly, from a quarter of the result: x rounds to infinity exactly when
// x / 4 rounds to more than max / 4 (scaling by 4 is exact in the normal range and moves the
// rounding boundaries with it), and x / 4 is formed without overflow once the results beyond
// twice max are settled by a coarse test.

#include <concepts>
#include <limits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/constants.hpp"

namespace ctdiff::math {
namespace detail {

/// Whether x overflows, given x / 4 (formed without overflow).
template <class T>
constexpr bool quarter_overflows(T quarter) noexcept {
    return fabs(quarter) > std::numeric_limits<T>::max() * T(0.25);
}
template <class T>
constexpr T signed_inf(bool negative) noexcept {
    return negative ? -inf_v<T> : inf_v<T>;
}

/// a + b in constant evaluation, finite a and b.
template <class T>
constexpr T constant_add(T a, T b) noexcept {
    if ((a > T(0)) == (b > T(0)) && quarter_overflows(a * T(0.25) + b * T(0.25))) return signed_inf<T>(a < T(0));
    return a + b;
}

}  // namespace detail

/// a + b.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T add(T a, T b) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) {
        if (a != a || b != b || (detail::is_inf(a) && b == -a)) return detail::nan_v<T>;
        if (detail::is_inf(a) || detail::is_inf(b)) return detail::is_inf(a) ? a : b;
        return detail::constant_add(a, b);
    }
    return a + b;
}
/// a - b.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T subtract(T a, T b) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return math::add(a, -b);
    return a - b;
}
/// a * b.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T multiply(T a, T b) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) {
        if (a != a || b != b || (a == T(0) && detail::is_inf(b)) || (detail::is_inf(a) && b == T(0)))
            return detail::nan_v<T>;
        const bool negative = detail::sign_bit(a) != detail::sign_bit(b);
        if (detail::is_inf(a) || detail::is_inf(b)) return detail::signed_inf<T>(negative);
        const T fa = detail::fabs(a), fb = detail::fabs(b);
        if (fa > T(1) && fb > T(1)) {
            constexpr T max = std::numeric_limits<T>::max();
            if (fa * T(0.5) > max / fb) return detail::signed_inf<T>(negative);  // |a b| > 2 max (1 - eps)
            if (detail::quarter_overflows((a * T(0.25)) * b)) return detail::signed_inf<T>(negative);
        }
    }
    return a * b;
}
/// a / b: 0/0 and inf/inf are NaN, x/0 an infinity with the sign of a times the sign of b.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T divide(T a, T b) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) {
        if (a != a || b != b || (a == T(0) && b == T(0)) || (detail::is_inf(a) && detail::is_inf(b)))
            return detail::nan_v<T>;
        const bool negative = detail::sign_bit(a) != detail::sign_bit(b);
        if (b == T(0) || detail::is_inf(a)) return detail::signed_inf<T>(negative);
        if (detail::is_inf(b)) return negative ? -T(0) : T(0);
        const T fa = detail::fabs(a), fb = detail::fabs(b);
        if (fb < T(1)) {
            constexpr T max = std::numeric_limits<T>::max();
            if (fa * T(0.5) > max * fb) return detail::signed_inf<T>(negative);  // |a / b| > 2 max (1 - eps)
            if (detail::quarter_overflows((a * T(0.25)) / b)) return detail::signed_inf<T>(negative);
        }
    }
    return a / b;
}

// Other scalar types (a user's own) compute as they define.
template <class T>
    requires(!std::floating_point<T>)
CTDIFF_FORCEINLINE constexpr T add(const T& a, const T& b) {
    return a + b;
}
template <class T>
    requires(!std::floating_point<T>)
CTDIFF_FORCEINLINE constexpr T subtract(const T& a, const T& b) {
    return a - b;
}
template <class T>
    requires(!std::floating_point<T>)
CTDIFF_FORCEINLINE constexpr T multiply(const T& a, const T& b) {
    return a * b;
}
template <class T>
    requires(!std::floating_point<T>)
CTDIFF_FORCEINLINE constexpr T divide(const T& a, const T& b) {
    return a / b;
}

}  // namespace ctdiff::math
