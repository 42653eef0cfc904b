#pragma once
// ctdiff/math/arithmetic.hpp — + - * / with IEEE results in constant evaluation too.
//
// At run time these are the hardware operations. In constant evaluation GCC and Clang reject a
// division by zero, and Clang rejects any operation whose result is NaN (NaN * 2, 0 * inf,
// inf - inf); there the IEEE result is spelled out instead of computed. So an expression that
// is NaN or infinite somewhere it is not used — the untaken branch of a select — is no obstacle
// to static_assert, and a NaN that is used is a NaN there as at run time.

#include <concepts>

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/constants.hpp"

namespace ctdiff::math {

/// a + b.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T add(T a, T b) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) {
        if (a != a || b != b || (detail::is_inf(a) && b == -a)) return detail::nan_v<T>;
    }
    return a + b;
}
/// a - b.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T subtract(T a, T b) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) {
        if (a != a || b != b || (detail::is_inf(a) && b == a)) return detail::nan_v<T>;
    }
    return a - b;
}
/// a * b.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T multiply(T a, T b) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) {
        if (a != a || b != b || (a == T(0) && detail::is_inf(b)) || (detail::is_inf(a) && b == T(0)))
            return detail::nan_v<T>;
    }
    return a * b;
}
/// a / b: 0/0 and inf/inf are NaN, x/0 an infinity with the sign of a times the sign of b.
template <std::floating_point T>
CTDIFF_FORCEINLINE constexpr T divide(T a, T b) noexcept {
    if (CTDIFF_IS_CONSTANT_EVALUATED()) {
        if (a != a || b != b || (a == T(0) && b == T(0)) || (detail::is_inf(a) && detail::is_inf(b)))
            return detail::nan_v<T>;
        if (b == T(0)) return detail::copy_sign(detail::inf_v<T>, a) * detail::copy_sign(T(1), b);
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
