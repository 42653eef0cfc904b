// ctdiff/ops/activation.hpp — sigmoid, relu, softplus, abs, and the step and sign functions
// that are their derivatives.
//
// Kinks: relu and abs are not differentiable at 0. ctdiff takes the derivative there to be 0
// (relu'(0) = step(0) = 0, abs'(0) = sign(0) = 0), the choice of most learning frameworks; the
// derivatives of step and sign are 0 everywhere (their jump at 0 has no derivative).
// NaN propagates through all of them: relu(NaN), abs(NaN), step(NaN), sign(NaN) are NaN.
#pragma once

#include "ctdiff/core/pack.hpp"
#include "ctdiff/core/config.hpp"
#include "ctdiff/math/math.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/fwd.hpp"

namespace ctdiff {

namespace op {
struct sigmoid;
struct relu;
struct softplus;
struct abs;
struct step;
struct sign;
}  // namespace op

/// The logistic function 1 / (1 + exp(-u)), computed without overflow.
template <expression A>
constexpr auto sigmoid(A a) noexcept {
    return detail::make<op::sigmoid>(a);
}
/// max(u, 0).
template <expression A>
constexpr auto relu(A a) noexcept {
    return detail::make<op::relu>(a);
}
/// log(1 + exp(u)), computed without overflow.
template <expression A>
constexpr auto softplus(A a) noexcept {
    return detail::make<op::softplus>(a);
}
/// |u|.
template <expression A>
constexpr auto abs(A a) noexcept {
    return detail::make<op::abs>(a);
}
/// 1 where u > 0, else 0: the derivative of relu.
template <expression A>
constexpr auto step(A a) noexcept {
    return detail::make<op::step>(a);
}
/// 1 where u > 0, -1 where u < 0, 0 at 0: the derivative of abs.
template <expression A>
constexpr auto sign(A a) noexcept {
    return detail::make<op::sign>(a);
}

namespace op {

struct sigmoid {
    static constexpr notation print{fixity::function, "sigmoid", "\\sigma", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::sigmoid(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self self, A) {
        return detail::times(self, detail::minus(1_c, self));  // s (1 - s), reusing s = sigmoid(u)
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return constant<rational{1, 2}>{};
        else return expr<sigmoid, A>{};
    }
};

struct relu {
    static constexpr notation print{fixity::function, "relu", "\\operatorname{relu}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return ctdiff::where(u > T(0), u, ctdiff::where(u == u, T(0), u));  // u != u only for NaN, which propagates
    }
    static constexpr rational fold(rational a) { return a.is_negative() ? rational{0, 1} : a; }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        return ctdiff::step(a);
    }
};

struct softplus {
    static constexpr notation print{fixity::function, "softplus", "\\operatorname{softplus}",
                                    precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::softplus(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        return ctdiff::sigmoid(a);
    }
};

struct abs {
    static constexpr notation print{fixity::function, "abs", "\\operatorname{abs}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::abs(u);
    }
    static constexpr rational fold(rational a) { return a.is_negative() ? -a : a; }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        return ctdiff::sign(a);
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::node_of<op::abs, A>) return a;  // ||u|| = |u|
        else return expr<abs, A>{};
    }
};

struct step {
    static constexpr notation print{fixity::function, "step", "\\operatorname{step}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return ctdiff::where(u > T(0), T(1), ctdiff::where(u == u, T(0), u));
    }
    static constexpr rational fold(rational a) { return rational{a.num > 0 ? 1 : 0, 1}; }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A) {
        return 0_c;
    }
};

struct sign {
    static constexpr notation print{fixity::function, "sign", "\\operatorname{sign}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return ctdiff::where(u > T(0), T(1), ctdiff::where(u < T(0), T(-1), u));  // 0 -> 0 (sign kept), NaN -> NaN
    }
    static constexpr rational fold(rational a) { return rational{a.num > 0 ? 1 : (a.num < 0 ? -1 : 0), 1}; }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A) {
        return 0_c;
    }
};

}  // namespace op

}  // namespace ctdiff
