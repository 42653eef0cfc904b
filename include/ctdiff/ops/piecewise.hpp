// ctdiff/ops/piecewise.hpp — min, max, clamp, floor, ceil, trunc, round.
//
// Ties and jumps (docs/math.md, "Non-differentiable points"):
//   - min(a, b) and max(a, b) at a == b pass half of the derivative to each argument (the mean of
//     the one-sided derivatives, symmetric in a and b, as JAX and PyTorch do); a NaN argument
//     makes the value and the derivatives NaN (std::fmax would return the other argument);
//   - clamp(x, lo, hi) is select(x < lo, lo, select(x > hi, hi, x)): the derivative with respect
//     to x is 1 on the closed interval [lo, hi], and the bounds' own derivatives reach the result
//     only outside it;
//   - floor, ceil, trunc and round are constant between their jumps: their derivative is 0
//     everywhere, an exact 0 that no sweep follows (so a NaN partial elsewhere is not multiplied
//     by it), and the value at a jump is the C library's.
#pragma once

#include <cstdint>
#include <type_traits>

#include "ctdiff/core/pack.hpp"
#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/literals.hpp"
#include "ctdiff/core/make.hpp"
#include "ctdiff/core/notation.hpp"
#include "ctdiff/math/math.hpp"
#include "ctdiff/ops/activation.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/condition.hpp"

namespace ctdiff {

namespace op {
struct min;
struct max;
struct floor;
struct ceil;
struct trunc;
struct round;
}  // namespace op

/// The smaller of a and b; at a tie the derivative is shared half and half.
template <expression A, expression B>
constexpr auto min(A a, B b) noexcept {
    return detail::make<op::min>(a, b);
}
/// The larger of a and b; at a tie the derivative is shared half and half.
template <expression A, expression B>
constexpr auto max(A a, B b) noexcept {
    return detail::make<op::max>(a, b);
}
/// x limited to [lo, hi]: lo below it, hi above it, x inside (derivative 1 on the closed interval).
template <expression X, expression Lo, expression Hi>
constexpr auto clamp(X x, Lo lo, Hi hi) noexcept {
    return detail::make<op::select>(detail::make<op::less>(x, lo), lo,
                                    detail::make<op::select>(detail::make<op::greater>(x, hi), hi, x));
}
/// The largest integer not above u (derivative 0).
template <expression A>
constexpr auto floor(A a) noexcept {
    return detail::make<op::floor>(a);
}
/// The smallest integer not below u (derivative 0).
template <expression A>
constexpr auto ceil(A a) noexcept {
    return detail::make<op::ceil>(a);
}
/// u without its fractional part (derivative 0).
template <expression A>
constexpr auto trunc(A a) noexcept {
    return detail::make<op::trunc>(a);
}
/// The integer nearest u, halves away from zero (derivative 0).
template <expression A>
constexpr auto round(A a) noexcept {
    return detail::make<op::round>(a);
}

namespace detail {
constexpr std::int64_t floor_div(std::int64_t n, std::int64_t d) {  // d > 0
    return n / d - (n % d != 0 && n < 0 ? 1 : 0);
}
}  // namespace detail

namespace op {

/// The rules min and max share. Pick(a, b) says whether a is the result where a != b.
template <class Pick>
struct extremum {
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& a, const T& b) {
        // lane by lane for packs; no arithmetic on NaN or on unequal infinities (which constant
        // evaluation rejects): the tie rule sees zeros where a != b
        const auto tie = a == b;
        const auto zeros = tie && (a == T(0));  // (only there: a + b may overflow at other ties)
        const T tied = Pick::zero(ctdiff::where(zeros, a, T(0)), ctdiff::where(zeros, b, T(0)));  // C's fmin / fmax sign
        // (tied is the right value only where zeros holds; elsewhere a tie is a itself)
        const T picked = ctdiff::where(zeros, tied, ctdiff::where(Pick::first(a, b), a, b));
        return ctdiff::where(a != a, a, ctdiff::where(b != b, b, picked));  // NaN in, NaN out
    }
    static constexpr rational fold(rational a, rational b) { return Pick::first(a, b) ? a : b; }
    // d/da: 1 where a is picked, 0 where b is, 1/2 at a tie, NaN where a or b is NaN:
    // (1 + sign(a - b)) / 2 for max, (1 - sign(a - b)) / 2 for min (sign(+-0) = +-0)
    template <std::size_t I, class Self, class A, class B>
    static constexpr auto partial(Self, A a, B b) {
        const auto s = ctdiff::sign(detail::minus(a, b));
        if constexpr ((I == 0) == Pick::picks_larger)
            return detail::times(constant<rational{1, 2}>{}, detail::plus(constant<rational{1, 1}>{}, s));
        else return detail::times(constant<rational{1, 2}>{}, detail::minus(constant<rational{1, 1}>{}, s));
    }
    template <class A, class B>
    static constexpr auto simplify(A a, B) {
        if constexpr (std::is_same<A, B>::value) return a;  // max(u, u) = u
        else return expr<Pick, A, B>{};
    }
};

struct min : extremum<min> {
    static constexpr notation print{fixity::function, "min", "\\min", precedence::atom};
    template <class T>
    static constexpr auto first(const T& a, const T& b) { return a < b; }
    template <class T>
    static constexpr T zero(const T& a, const T& b) { return ctdiff::where(a == T(0), -(-a - b), a); }  // -0 if either is -0
    static constexpr bool picks_larger = false;
};
struct max : extremum<max> {
    static constexpr notation print{fixity::function, "max", "\\max", precedence::atom};
    template <class T>
    static constexpr auto first(const T& a, const T& b) { return b < a; }
    template <class T>
    static constexpr T zero(const T& a, const T& b) { return ctdiff::where(a == T(0), a + b, a); }  // +0 if either is +0
    static constexpr bool picks_larger = true;
};

/// The rules floor, ceil, trunc and round share: a derivative of exactly 0.
template <class Round>
struct rounding {
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return Round::apply(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A) {
        return constant<rational{0, 1}>{};
    }
    template <class A>
    static constexpr auto simplify(A a) {
        if constexpr (detail::node_of<op::floor, A> || detail::node_of<op::ceil, A> ||
                      detail::node_of<op::trunc, A> || detail::node_of<op::round, A>)
            return a;  // an integer already
        else return expr<Round, A>{};
    }
};


struct floor : rounding<floor> {
    static constexpr notation print{fixity::function, "floor", "\\operatorname{floor}", precedence::atom};
    template <class T>
    static constexpr T apply(const T& u) { return math::floor(u); }
    static constexpr rational fold(rational a) { return rational{detail::floor_div(a.num, a.den), 1}; }
};
struct ceil : rounding<ceil> {
    static constexpr notation print{fixity::function, "ceil", "\\operatorname{ceil}", precedence::atom};
    template <class T>
    static constexpr T apply(const T& u) { return math::ceil(u); }
    static constexpr rational fold(rational a) { return rational{-detail::floor_div(-a.num, a.den), 1}; }
};
struct trunc : rounding<trunc> {
    static constexpr notation print{fixity::function, "trunc", "\\operatorname{trunc}", precedence::atom};
    template <class T>
    static constexpr T apply(const T& u) { return math::trunc(u); }
    static constexpr rational fold(rational a) { return rational{a.num / a.den, 1}; }
};
struct round : rounding<round> {
    static constexpr notation print{fixity::function, "round", "\\operatorname{round}", precedence::atom};
    template <class T>
    static constexpr T apply(const T& u) { return math::round(u); }
    static constexpr rational fold(rational a) {  // halves away from zero
        const std::int64_t n = a.num < 0 ? -a.num : a.num;
        const std::int64_t r = n / a.den + (2 * (n % a.den) >= a.den ? 1 : 0);  // n % den < den < 2^62
        return rational{a.num < 0 ? -r : r, 1};
    }
};

}  // namespace op
}  // namespace ctdiff
