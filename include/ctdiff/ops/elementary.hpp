// ctdiff/ops/elementary.hpp — exp, expm1, log, log1p, xlogy, sin, cos, tan, sinh, cosh, tanh, square.
#pragma once

#include "ctdiff/core/pack.hpp"
#include "ctdiff/core/config.hpp"
#include "ctdiff/math/math.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/fwd.hpp"

namespace ctdiff {

namespace op {
struct exp;
struct log;
struct xlogy;
struct sin;
struct cos;
struct tan;
struct tanh;
struct sinh;
struct cosh;
struct expm1;
struct log1p;
}  // namespace op

template <expression A>
constexpr auto exp(A a) noexcept {
    return detail::make<op::exp>(a);
}
template <expression A>
constexpr auto log(A a) noexcept {
    return detail::make<op::log>(a);
}
/// a log(b), and 0 where a = 0 (unless b is NaN), as xlogy in SciPy and PyTorch: the entropy
/// term p log p is 0 at p = 0, and so is d(u^v)/dv = xlogy(u^v, u) at u = 0, v > 0.
template <expression A, expression B>
constexpr auto xlogy(A a, B b) noexcept {
    return detail::make<op::xlogy>(a, b);
}
template <expression A>
constexpr auto sin(A a) noexcept {
    return detail::make<op::sin>(a);
}
template <expression A>
constexpr auto cos(A a) noexcept {
    return detail::make<op::cos>(a);
}
template <expression A>
constexpr auto tan(A a) noexcept {
    return detail::make<op::tan>(a);
}
template <expression A>
constexpr auto tanh(A a) noexcept {
    return detail::make<op::tanh>(a);
}
template <expression A>
constexpr auto sinh(A a) noexcept {
    return detail::make<op::sinh>(a);
}
template <expression A>
constexpr auto cosh(A a) noexcept {
    return detail::make<op::cosh>(a);
}
/// exp(u) - 1, accurate for small u (where exp(u) - 1 cancels).
template <expression A>
constexpr auto expm1(A a) noexcept {
    return detail::make<op::expm1>(a);
}
/// log(1 + u), accurate for small u (where 1 + u rounds).
template <expression A>
constexpr auto log1p(A a) noexcept {
    return detail::make<op::log1p>(a);
}
/// u^2, the exact power u * u: the same expression as pow(u, 2_c).
template <expression A>
constexpr auto square(A a) noexcept {
    return ctdiff::pow(a, constant<rational{2, 1}>{});
}

namespace op {

struct exp {
    static constexpr notation print{fixity::function, "exp", "\\exp", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::exp(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self self, A) {
        return self;  // d exp(u) = exp(u) du: the forward value itself
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return 1_c;
        else return expr<exp, A>{};
    }
};

struct log {
    static constexpr notation print{fixity::function, "log", "\\log", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::log(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        return detail::over(1_c, a);
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::one_constant<A>) return 0_c;
        else if constexpr (detail::node_of<op::exp, A>) return detail::child_t<0, A>{};  // log(exp(u)) = u
        else return expr<log, A>{};
    }
};

struct xlogy {
    static constexpr notation print{fixity::function, "xlogy", "\\operatorname{xlogy}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& a, const T& b) {
        return ctdiff::where((a == T(0)) && (b == b), T(0), math::multiply(a, math::log(b)));
    }
    template <std::size_t I, class Self, class A, class B>
    static constexpr auto partial(Self, A a, B b) {
        if constexpr (I == 0) return ctdiff::log(b);
        else return detail::over(a, b);
    }
    // xlogy(da, b) + (a / b) db: where a and da are 0 (u^v at u = 0 along v) the tangent is 0,
    // not log(0) * 0. (a / b first: with a = b = 1e263, a db overflows.)
    template <class Self, class A, class B, class TA, class TB>
    static constexpr auto tangent(Self, [[maybe_unused]] A a, B b, TA ta, TB tb) {
        if constexpr (detail::zero_constant<TB>) return ctdiff::xlogy(ta, b);
        else return detail::plus(ctdiff::xlogy(ta, b), detail::times(detail::over(a, b), tb));
    }
    /// What ctdiff::equal compares it as: a log b (the same function wherever log b is defined).
    template <class A, class B>
    static constexpr auto canonical(A a, B b) {
        return detail::times(a, ctdiff::log(b));
    }
    template <class A, class B>
    static constexpr auto simplify([[maybe_unused]] A a, [[maybe_unused]] B b) {
        if constexpr (detail::zero_constant<A> || detail::one_constant<B>) return 0_c;
        else if constexpr (detail::one_constant<A>) return ctdiff::log(b);
        else return expr<xlogy, A, B>{};
    }
};

struct sin {
    static constexpr notation print{fixity::function, "sin", "\\sin", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::sin(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        return ctdiff::cos(a);
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return 0_c;
        else return expr<sin, A>{};
    }
};

struct cos {
    static constexpr notation print{fixity::function, "cos", "\\cos", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::cos(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        return detail::negate(ctdiff::sin(a));
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return 1_c;
        else return expr<cos, A>{};
    }
};

struct tan {
    static constexpr notation print{fixity::function, "tan", "\\tan", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::tan(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self self, A) {
        return detail::plus(1_c, ctdiff::pow(self, 2_c));  // 1 + tan(u)^2, reusing tan(u)
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return 0_c;
        else return expr<tan, A>{};
    }
};

struct tanh {
    static constexpr notation print{fixity::function, "tanh", "\\tanh", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::tanh(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self self, A) {
        return detail::minus(1_c, ctdiff::pow(self, 2_c));  // 1 - tanh(u)^2, reusing tanh(u)
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return 0_c;
        else return expr<tanh, A>{};
    }
};

struct sinh {
    static constexpr notation print{fixity::function, "sinh", "\\sinh", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::sinh(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        return ctdiff::cosh(a);
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return 0_c;
        else return expr<sinh, A>{};
    }
};

struct cosh {
    static constexpr notation print{fixity::function, "cosh", "\\cosh", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::cosh(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        return ctdiff::sinh(a);
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return 1_c;
        else return expr<cosh, A>{};
    }
};

struct expm1 {
    static constexpr notation print{fixity::function, "expm1", "\\operatorname{expm1}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::expm1(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        return ctdiff::exp(a);  // not expm1(u) + 1, which is 0 where exp(u) is below 2^-53
    }
    /// What ctdiff::equal compares it as.
    template <class A>
    static constexpr auto canonical(A a) {
        return detail::minus(ctdiff::exp(a), constant<rational{1, 1}>{});
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return 0_c;
        else return expr<expm1, A>{};
    }
};

struct log1p {
    static constexpr notation print{fixity::function, "log1p", "\\operatorname{log1p}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::log1p(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A a) {
        return detail::over(constant<rational{1, 1}>{}, detail::plus(a, constant<rational{1, 1}>{}));
    }
    template <class A>
    static constexpr auto canonical(A a) {
        return ctdiff::log(detail::plus(a, constant<rational{1, 1}>{}));
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        if constexpr (detail::zero_constant<A>) return 0_c;
        else return expr<log1p, A>{};
    }
};

}  // namespace op

}  // namespace ctdiff
