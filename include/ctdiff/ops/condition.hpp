// ctdiff/ops/condition.hpp — conditions (a < b, a <= b, a > b, a >= b, &&, ||, !) and
// select(cond, a, b), the one branch of an expression.
//
// A condition is an expression whose value is 1 where it holds and 0 where it does not (IEEE
// comparisons: every comparison with NaN is false). Its derivative is 0 everywhere, so no
// sweep follows an edge into it. `select(c, a, b)` is a where c holds and b elsewhere, and every
// derivative of it comes from the taken branch alone:
//   - forward mode and symbolic d: the tangent of select(c, a, b) is select(c, da, db), a choice,
//     never a product, so an untaken da that is NaN is not read;
//   - reverse mode: the select passes its adjoint to the taken branch only, and below a select a
//     product of an adjoint and a partial is 0 when either is 0 (`strong_zero`): the untaken
//     branch's adjoint is exactly 0, and stays 0 through partials that are NaN or infinite there
//     (sqrt'(0) = inf, log'(0), 0/0). docs/math.md, "Conditions and select", states the rule.
#pragma once

#include <type_traits>

#include "ctdiff/core/pack.hpp"
#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/literals.hpp"
#include "ctdiff/core/make.hpp"
#include "ctdiff/core/notation.hpp"
#include "ctdiff/math/arithmetic.hpp"
#include "ctdiff/ops/arithmetic.hpp"

namespace ctdiff {

namespace op {
struct less;
struct less_equal;
struct greater;
struct greater_equal;
struct logical_and;
struct logical_or;
struct logical_not;
struct select;
struct strong_mul;
}  // namespace op

namespace detail {
template <class E>
struct is_condition : std::false_type {};
template <class Op, class... A>
    requires(Op::condition)
struct is_condition<expr<Op, A...>> : std::true_type {};

/// Whether Op's node is a branch point: its partials are masks (1 for the taken argument, 0 for
/// the other), and the products of the backward sweep below it treat 0 as a strong zero.
template <class Op>
struct is_strong_zero : std::false_type {};
template <class Op>
    requires(Op::strong_zero)
struct is_strong_zero<Op> : std::true_type {};

/// Whether Op's own tangent rule (`Op::tangent`) may be used above a select: a select's (a choice
/// of tangents) and strong_mul's (a sum of strong products). Other ops' rules multiply plainly, so
/// above a select the chain rule forms their terms itself, each a strong product.
template <class Op>
struct strong_tangent_rule : is_strong_zero<Op> {};
template <>
struct strong_tangent_rule<op::strong_mul> : std::true_type {};

/// Whether expression E contains a select: its tangents pass through one, and the chain rule's
/// products with them treat 0 as a strong zero (a variable only an untaken branch uses has the
/// tangent 0 there, which an infinite partial above the select must not turn into NaN).
template <class E>
struct has_branch : std::false_type {};
template <class Op, class... A>
struct has_branch<expr<Op, A...>> : std::bool_constant<is_strong_zero<Op>::value || (has_branch<A>::value || ...)> {};

/// a * b, but 0 where a or b is 0, even when the other is NaN or infinite: the adjoint products
/// below a select (graph/adjoint.hpp, eval/backward.hpp).
/// (For a scalar type of the user's, `== T(0)` is its own comparison: a dual number compares its
/// value part.)
template <class T>
CTDIFF_FORCEINLINE constexpr T strong_product(const T& a, const T& b) {
    return ctdiff::where((a == T(0)) || (b == T(0)), T(0), math::multiply(a, b));
}
}  // namespace detail

/// An expression made by a comparison (`x < y`, `x >= 0_c`) or by combining such with &&, ||
/// and !: the first argument of ctdiff::select.
template <class C>
concept condition = detail::is_condition<std::remove_cvref_t<C>>::value;

template <expression A, expression B>
constexpr auto operator<(A a, B b) noexcept {
    return detail::make<op::less>(a, b);
}
template <expression A, expression B>
constexpr auto operator<=(A a, B b) noexcept {
    return detail::make<op::less_equal>(a, b);
}
template <expression A, expression B>
constexpr auto operator>(A a, B b) noexcept {
    return detail::make<op::greater>(a, b);
}
template <expression A, expression B>
constexpr auto operator>=(A a, B b) noexcept {
    return detail::make<op::greater_equal>(a, b);
}

namespace detail {
template <class A, class B>
constexpr void require_conditions() {
    static_assert(condition<A> && condition<B>,
                  "ctdiff: && and || combine conditions, such as `x > 0_c && y <= x`; an operand here "
                  "is an expression that is not a condition (compare it: `u > 0_c`)");
}
}  // namespace detail

template <expression A, expression B>
constexpr auto operator&&(A a, B b) noexcept {
    detail::require_conditions<A, B>();
    if constexpr (condition<A> && condition<B>) return detail::make<op::logical_and>(a, b);
    else return a;
}
template <expression A, expression B>
constexpr auto operator||(A a, B b) noexcept {
    detail::require_conditions<A, B>();
    if constexpr (condition<A> && condition<B>) return detail::make<op::logical_or>(a, b);
    else return a;
}
template <expression A>
constexpr auto operator!(A a) noexcept {
    detail::require_conditions<A, A>();
    if constexpr (condition<A>) return detail::make<op::logical_not>(a);
    else return a;
}

/// `a` where `cond` holds, else `b` (elementwise for tensors). Its value and every derivative
/// come from the taken branch only: the other contributes nothing, even where it is NaN or
/// infinite.
template <expression C, expression A, expression B>
constexpr auto select(C cond, A a, B b) noexcept {
    static_assert(condition<C>,
                  "ctdiff::select(cond, a, b): cond is a condition, such as `x > 0_c` or "
                  "`x > 0_c && y <= x`; to branch on the sign of u, write select(u > 0_c, a, b)");
    if constexpr (condition<C>) return detail::make<op::select>(cond, a, b);
    else return a;
}

namespace op {

using namespace ctdiff::literals;

/// The rules every comparison shares: a value of 1 or 0, and a derivative of 0.
template <class Compare>
struct comparison {
    static constexpr bool condition = true;
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& a, const T& b) {
        return ctdiff::where(Compare::holds(a, b), T(1), T(0));
    }
    template <std::size_t I, class Self, class... A>
    static constexpr auto partial(Self, A...) {
        return constant<rational{0, 1}>{};
    }
};

struct less : comparison<less> {
    static constexpr notation print{fixity::infix, "<", "<", precedence::comparison};
    template <class T>
    static constexpr auto holds(const T& a, const T& b) { return a < b; }
};
struct less_equal : comparison<less_equal> {
    static constexpr notation print{fixity::infix, "<=", "\\le", precedence::comparison};
    template <class T>
    static constexpr auto holds(const T& a, const T& b) { return a <= b; }
};
struct greater : comparison<greater> {
    static constexpr notation print{fixity::infix, ">", ">", precedence::comparison};
    template <class T>
    static constexpr auto holds(const T& a, const T& b) { return a > b; }
};
struct greater_equal : comparison<greater_equal> {
    static constexpr notation print{fixity::infix, ">=", "\\ge", precedence::comparison};
    template <class T>
    static constexpr auto holds(const T& a, const T& b) { return a >= b; }
};
struct logical_and : comparison<logical_and> {
    static constexpr notation print{fixity::infix, "&&", "\\land", precedence::logical_and};
    template <class T>
    static constexpr auto holds(const T& a, const T& b) { return (a != T(0)) && (b != T(0)); }
};
struct logical_or : comparison<logical_or> {
    static constexpr notation print{fixity::infix, "||", "\\lor", precedence::logical_or};
    template <class T>
    static constexpr auto holds(const T& a, const T& b) { return (a != T(0)) || (b != T(0)); }
};
struct logical_not {
    static constexpr bool condition = true;
    static constexpr notation print{fixity::prefix, "!", "\\lnot ", precedence::unary};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& a) {
        return ctdiff::where(a != T(0), T(0), T(1));
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A) {
        return constant<rational{0, 1}>{};
    }
    template <class A>
    static constexpr auto simplify(A) {
        if constexpr (detail::node_of<logical_not, A>) return detail::child_t<0, A>{};  // !!c = c
        else return expr<logical_not, A>{};
    }
};

struct select {
    static constexpr bool strong_zero = true;
    static constexpr notation print{fixity::function, "select", "\\operatorname{select}", precedence::atom};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& c, const T& a, const T& b) {
        return ctdiff::where(c != T(0), a, b);
    }
    // The partials are masks: the condition's own value (1 or 0) for a, its negation for b.
    template <std::size_t I, class Self, class C, class A, class B>
    static constexpr auto partial(Self, C c, A, B) {
        if constexpr (I == 0) return constant<rational{0, 1}>{};
        else if constexpr (I == 1) return c;
        else return detail::make<logical_not>(c);
    }
    // A choice of tangents, not a sum of masked ones: 0 * NaN never happens.
    template <class Self, class C, class A, class B, class TC, class TA, class TB>
    static constexpr auto tangent(Self, C c, A, B, TC, TA ta, TB tb) {
        return detail::make<select>(c, ta, tb);
    }
    template <class C, class A, class B>
    static constexpr auto simplify(C c, A a, B b) {
        if constexpr (std::is_same<A, B>::value) return a;  // select(c, u, u) = u
        else if constexpr (detail::node_of<logical_not, C>)  // select(!c, a, b) = select(c, b, a)
            return expr<select, detail::child_t<0, C>, B, A>{};
        else return (void)c, (void)b, expr<select, C, A, B>{};
    }
};

/// a * b with 0 a strong zero (detail::strong_product): the products of the chain rule with a
/// derivative that passes through a select (symbolic d, and the adjoint expressions of second
/// derivatives). It prints as a product and `equal` compares it as one.
struct strong_mul {
    static constexpr notation print{fixity::infix, "*", "\\cdot", precedence::product};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& a, const T& b) {
        return detail::strong_product(a, b);
    }
    template <std::size_t I, class Self, class A, class B>
    static constexpr auto partial(Self, A a, B b) {
        if constexpr (I == 0) return b;
        else return a;
    }
    template <class Self, class A, class B, class TA, class TB>
    static constexpr auto tangent(Self, A a, B b, TA ta, TB tb) {
        return detail::plus(detail::make<strong_mul>(ta, b), detail::make<strong_mul>(a, tb));
    }
    template <class A, class B>
    static constexpr auto canonical(A a, B b) {
        return detail::times(a, b);
    }
    template <class A, class B>
    static constexpr auto simplify(A a, B b) {
        if constexpr (detail::zero_constant<A> || detail::zero_constant<B>) return 0_c;
        else if constexpr (detail::constant_node<B>) return detail::times(b, a);  // a == 0 gives 0 * c = 0
        else if constexpr (detail::constant_node<A>) return detail::times(a, b);
        else return expr<strong_mul, A, B>{};
    }
};

}  // namespace op

// ---- misuse: a run-time number in a comparison -------------------------------------------------

template <detail::runtime_number N, expression E>
constexpr E operator<(N, E e) { return detail::reject_runtime_number<N>(), e; }
template <expression E, detail::runtime_number N>
constexpr E operator<(E e, N) { return detail::reject_runtime_number<N>(), e; }
template <detail::runtime_number N, expression E>
constexpr E operator<=(N, E e) { return detail::reject_runtime_number<N>(), e; }
template <expression E, detail::runtime_number N>
constexpr E operator<=(E e, N) { return detail::reject_runtime_number<N>(), e; }
template <detail::runtime_number N, expression E>
constexpr E operator>(N, E e) { return detail::reject_runtime_number<N>(), e; }
template <expression E, detail::runtime_number N>
constexpr E operator>(E e, N) { return detail::reject_runtime_number<N>(), e; }
template <detail::runtime_number N, expression E>
constexpr E operator>=(N, E e) { return detail::reject_runtime_number<N>(), e; }
template <expression E, detail::runtime_number N>
constexpr E operator>=(E e, N) { return detail::reject_runtime_number<N>(), e; }

}  // namespace ctdiff
