// ctdiff/ops/special.hpp — atan, atan2, asin, acos, asinh, acosh, atanh, exp2, log2, log10,
// cbrt, hypot, erf, erfc.
//
// The derivative rules are written to stay in range where the textbook form overflows or
// cancels: d atan2(y, x) = (x dy - y dx) / h^2 is formed as (x / h) / h with h = hypot(x, y);
// d asinh u = 1 / hypot(u, 1); d acosh u = 1 / (sqrt(u - 1) sqrt(u + 1)); d asin u =
// 1 / sqrt((1 - u)(1 + u)). hypot's partials are 0 at the origin (as abs'(0) = 0).
#pragma once

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/math.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/condition.hpp"
#include "ctdiff/ops/constants.hpp"
#include "ctdiff/ops/elementary.hpp"
#include "ctdiff/ops/fwd.hpp"
#include "ctdiff/ops/power.hpp"

namespace ctdiff {

namespace op {
struct atan;
struct atan2;
struct asin;
struct acos;
struct asinh;
struct acosh;
struct atanh;
struct exp2;
struct log2;
struct log10;
struct cbrt;
struct hypot;
struct erf;
struct erfc;
struct one_minus_square;
struct hypot_ratio;
}  // namespace op

/// The arc tangent, in [-pi/2, pi/2].
template <expression A>
constexpr auto atan(A a) noexcept {
    return detail::make<op::atan>(a);
}
/// The angle of the point (x, y), in [-pi, pi]: atan2(y, x).
template <expression Y, expression X>
constexpr auto atan2(Y y, X x) noexcept {
    return detail::make<op::atan2>(y, x);
}
/// The arc sine, in [-pi/2, pi/2]; NaN outside [-1, 1].
template <expression A>
constexpr auto asin(A a) noexcept {
    return detail::make<op::asin>(a);
}
/// The arc cosine, in [0, pi]; NaN outside [-1, 1].
template <expression A>
constexpr auto acos(A a) noexcept {
    return detail::make<op::acos>(a);
}
/// The inverse hyperbolic sine.
template <expression A>
constexpr auto asinh(A a) noexcept {
    return detail::make<op::asinh>(a);
}
/// The inverse hyperbolic cosine; NaN below 1.
template <expression A>
constexpr auto acosh(A a) noexcept {
    return detail::make<op::acosh>(a);
}
/// The inverse hyperbolic tangent; NaN outside [-1, 1].
template <expression A>
constexpr auto atanh(A a) noexcept {
    return detail::make<op::atanh>(a);
}
/// 2^u.
template <expression A>
constexpr auto exp2(A a) noexcept {
    return detail::make<op::exp2>(a);
}
/// The base-2 logarithm.
template <expression A>
constexpr auto log2(A a) noexcept {
    return detail::make<op::log2>(a);
}
/// The base-10 logarithm.
template <expression A>
constexpr auto log10(A a) noexcept {
    return detail::make<op::log10>(a);
}
/// The real cube root (negative for negative u).
template <expression A>
constexpr auto cbrt(A a) noexcept {
    return detail::make<op::cbrt>(a);
}
/// sqrt(x^2 + y^2), without overflow or underflow in between.
template <expression X, expression Y>
constexpr auto hypot(X x, Y y) noexcept {
    return detail::make<op::hypot>(x, y);
}
/// The error function.
template <expression A>
constexpr auto erf(A a) noexcept {
    return detail::make<op::erf>(a);
}
/// The complementary error function 1 - erf(u), accurate where erf(u) is near 1.
template <expression A>
constexpr auto erfc(A a) noexcept {
    return detail::make<op::erfc>(a);
}

namespace detail {
using one = constant<rational{1, 1}>;
using two = constant<rational{2, 1}>;
/// 1 - u^2 (op::one_minus_square), the factor asin', acos' and atanh' share.
template <class A>
constexpr auto one_minus_square(A a) {
    return detail::make<op::one_minus_square>(a);
}
/// x / h with h = hypot(x, y) (op::hypot_ratio), 0 at the origin: hypot's partials. h is the
/// hypot node itself, so that the ratio costs one division (its partial with respect to h is 0:
/// the derivatives along x and y are whole, see op::hypot_ratio).
template <class X, class Y, class H>
constexpr auto hypot_ratio(X x, Y y, H h) {
    return detail::make<op::hypot_ratio>(x, y, h);
}
}  // namespace detail

namespace op {

/// The rules of an odd function f with f(0) = 0: folds f(0) to 0.
template <class Op>
struct odd_function {
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return constant<rational{0, 1}>{};
        else return expr<Op, A>{};
    }
};

struct atan : odd_function<atan> {
    static constexpr notation print{fixity::function, "atan", "\\arctan", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::atan(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {  // 1 / (1 + u^2)
        return detail::over(detail::one{}, detail::plus(detail::one{}, ctdiff::pow(a, detail::two{})));
    }
};

struct atan2 {
    static constexpr notation print{fixity::function, "atan2", "\\operatorname{atan2}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& y, const T& x) {
        return math::atan2(y, x);
    }
    // d/dy = x / h^2, d/dx = -y / h^2, h = hypot(x, y), formed as (x / h) / h
    template <std::size_t I, class Self, class Y, class X>
    static constexpr auto partial(Self, Y y, X x) {
        const auto h = ctdiff::hypot(x, y);
        if constexpr (I == 0) return detail::over(detail::over(x, h), h);
        else return detail::negate(detail::over(detail::over(y, h), h));
    }
};

struct asin : odd_function<asin> {
    static constexpr notation print{fixity::function, "asin", "\\arcsin", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::asin(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {  // 1 / sqrt(1 - u^2)
        return detail::over(detail::one{}, ctdiff::sqrt(detail::one_minus_square(a)));
    }
};

struct acos {
    static constexpr notation print{fixity::function, "acos", "\\arccos", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::acos(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {  // -1 / sqrt(1 - u^2)
        return detail::over(constant<rational{-1, 1}>{}, ctdiff::sqrt(detail::one_minus_square(a)));
    }
};

struct asinh : odd_function<asinh> {
    static constexpr notation print{fixity::function, "asinh", "\\operatorname{asinh}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::asinh(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {  // 1 / sqrt(u^2 + 1)
        return detail::over(detail::one{}, ctdiff::hypot(a, detail::one{}));
    }
};

struct acosh {
    static constexpr notation print{fixity::function, "acosh", "\\operatorname{acosh}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::acosh(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {  // 1 / sqrt(u^2 - 1), as 1 / (sqrt(u - 1) sqrt(u + 1))
        return detail::over(detail::one{}, detail::times(ctdiff::sqrt(detail::minus(a, detail::one{})),
                                                                 ctdiff::sqrt(detail::plus(a, detail::one{}))));
    }
};

struct atanh : odd_function<atanh> {
    static constexpr notation print{fixity::function, "atanh", "\\operatorname{atanh}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::atanh(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {  // 1 / (1 - u^2)
        return detail::over(detail::one{}, detail::one_minus_square(a));
    }
};

struct exp2 {
    static constexpr notation print{fixity::function, "exp2", "\\operatorname{exp2}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::exp2(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self self, A) {  // 2^u ln 2
        return detail::times(ctdiff::ln2, self);
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return detail::one{};
        else return expr<exp2, A>{};
    }
};

struct log2 {
    static constexpr notation print{fixity::function, "log2", "\\log_2", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::log2(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {  // 1 / (u ln 2), as (1 / ln 2) / u: no overflow of u ln 2
        return detail::over(detail::over(detail::one{}, ctdiff::ln2), a);
    }
};

struct log10 {
    static constexpr notation print{fixity::function, "log10", "\\log_{10}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::log10(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {  // 1 / (u ln 10), as (1 / ln 10) / u: u ln 10 overflows near max
        return detail::over(detail::over(detail::one{}, ctdiff::ln10), a);
    }
};

struct cbrt : odd_function<cbrt> {
    static constexpr notation print{fixity::function, "cbrt", "\\operatorname{cbrt}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::cbrt(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self self, A) {  // 1 / (3 cbrt(u)^2), inf at 0
        return detail::over(constant<rational{1, 3}>{}, ctdiff::pow(self, detail::two{}));
    }
};

struct hypot {
    static constexpr notation print{fixity::function, "hypot", "\\operatorname{hypot}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& x, const T& y) {
        return math::hypot(x, y);
    }
    // x / h and y / h, and 0 at the origin (hypot(x, 0) = |x|, and abs'(0) = 0), as hypot_ratio
    // nodes, whose own derivatives are (y/h)^2 / h and -(x/h)(y/h) / h: the quotient rule's
    // 1/h - x (x/h) / h^2 would lose every digit of y^2/h^3 where |y| << |x|
    template <std::size_t I, class Self, class X, class Y>
    static constexpr auto partial(Self self, X x, Y y) {
        if constexpr (I == 0) return detail::hypot_ratio(x, y, self);
        else return detail::hypot_ratio(y, x, self);
    }
};

/// 1 - u^2, the factor of asin', acos' and atanh': evaluated as (1 - u)(1 + u), accurate near
/// |u| = 1, with the derivative -2u, accurate near 0 (the product rule's (1 - u) - (1 + u) keeps
/// only the digits of u that survive next to 1: a relative error of 1e-8 at u = 1e-9 in the
/// second derivative of asin).
struct one_minus_square {
    static constexpr notation print{fixity::function, "one_minus_square", "\\operatorname{one\\_minus\\_square}",
                                    precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::multiply(math::subtract(T(1), u), math::add(T(1), u));
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        return detail::times(constant<rational{-2, 1}>{}, a);
    }
    /// What ctdiff::equal compares it as.
    template <class A>
    static constexpr auto canonical(A a) {
        return detail::times(detail::minus(detail::one{}, a), detail::plus(detail::one{}, a));
    }
};

/// x / h, h = hypot(x, y), and 0 at the origin: hypot's partial with respect to x (and, x and y
/// swapped, to y). Its third argument is the hypot node itself, made by hypot's partial only, so
/// the ratio costs a division, not another hypot. As a function of x and y (h following them),
/// its partials are (y/h)^2 / h and -(x/h)(y/h) / h, products of ratios, accurate everywhere (the
/// quotient rule's 1/h - x (x/h) / h^2 loses every digit of y^2/h^3 where |y| << |x|); 0 at the
/// origin like the ratio, NaN where an argument is. The partial with respect to h is 0: the
/// derivatives along x and y are already whole, and following h as well would count its path
/// twice. (The law suite checks it as the function of x and y that hypot's partial makes:
/// registry::built.)
struct hypot_ratio {
    static constexpr notation print{fixity::function, "hypot_ratio", "\\operatorname{hypot\\_ratio}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& x, const T&, const T& h) {
        return ctdiff::where(h == T(0), T(0), math::divide(x, h));  // NaN stays NaN
    }
    template <std::size_t I, class Self, class X, class Y, class H>
    static constexpr auto partial(Self self, X x, Y y, H h) {
        if constexpr (I == 2) {
            return constant<rational{0, 1}>{};
        } else {
            const auto other = detail::hypot_ratio(y, x, h);
            const auto value = [&] {
                if constexpr (I == 0) return detail::over(ctdiff::pow(other, detail::two{}), h);
                else return detail::negate(detail::over(detail::times(self, other), h));
            }();
            return detail::make<select>(detail::make<less_equal>(h, constant<rational{0, 1}>{}),
                                        constant<rational{0, 1}>{}, value);
        }
    }
    /// What ctdiff::equal compares it as.
    template <class X, class Y, class H>
    static constexpr auto canonical(X x, Y, H h) {
        return detail::over(x, h);
    }
};

struct erf : odd_function<erf> {
    static constexpr notation print{fixity::function, "erf", "\\operatorname{erf}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::erf(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {  // (2 / sqrt(pi)) exp(-u^2)
        return detail::times(ctdiff::two_over_sqrt_pi, ctdiff::exp(detail::negate(ctdiff::pow(a, detail::two{}))));
    }
};

struct erfc {
    static constexpr notation print{fixity::function, "erfc", "\\operatorname{erfc}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::erfc(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {  // -(2 / sqrt(pi)) exp(-u^2)
        return detail::negate(
            detail::times(ctdiff::two_over_sqrt_pi, ctdiff::exp(detail::negate(ctdiff::pow(a, detail::two{})))));
    }
};

}  // namespace op
}  // namespace ctdiff
