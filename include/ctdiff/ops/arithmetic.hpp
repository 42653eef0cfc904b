// ctdiff/ops/arithmetic.hpp — + - * / and unary minus.
//
// Each op is a tag struct that owns all of its rules: notation (printing), `eval` (the value),
// `fold` (exact constants), `simplify` (local identities applied when a node is built) and
// `partial<I>` (the local derivative with respect to child I, written as an expression; `self`
// is the node itself, so a rule can reuse the forward value).
#pragma once

#include <type_traits>

#include "ctdiff/core/algebra.hpp"
#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/literals.hpp"
#include "ctdiff/core/make.hpp"
#include "ctdiff/core/match.hpp"
#include "ctdiff/core/notation.hpp"
#include "ctdiff/math/arithmetic.hpp"
#include "ctdiff/ops/fwd.hpp"

namespace ctdiff {

namespace op {
struct add;
struct sub;
struct mul;
struct div;
struct neg;
}  // namespace op

namespace detail {
// Node builders for library code. Library code calls these (qualified) instead of the operators:
// an operator on an expression type makes the compiler collect the associated classes of the
// whole type for argument-dependent lookup, and on the large types of derivatives and adjoints
// that walk dominates compile time. User code uses the operators.
template <class A, class B>
constexpr auto plus(A a, B b) noexcept {
    return detail::make<op::add>(a, b);
}
template <class A, class B>
constexpr auto minus(A a, B b) noexcept {
    return detail::make<op::sub>(a, b);
}
template <class A, class B>
constexpr auto times(A a, B b) noexcept {
    return detail::make<op::mul>(a, b);
}
template <class A, class B>
constexpr auto over(A a, B b) noexcept {
    return detail::make<op::div>(a, b);
}
template <class A>
constexpr auto negate(A a) noexcept {
    return detail::make<op::neg>(a);
}

/// u^n with n a positive integer (an op whose algebraic form is the monomial u^n): n and u;
/// n = 0 for anything else. `u` itself counts as u^1 where a product collects powers.
template <class E>
struct positive_integer_power {
    static constexpr std::int64_t exponent = 0;
    using base = E;
};
template <class Op, class U>
    requires(has_algebraic_form<Op> && Op::algebra.kind == algebraic_form::monomial &&
             Op::algebra.weights[0].is_integer() && Op::algebra.weights[0].num > 0)
struct positive_integer_power<expr<Op, U>> {
    static constexpr std::int64_t exponent = Op::algebra.weights[0].num;
    using base = U;
};
/// Whether E is a power of one argument (an op whose algebraic form is a monomial of one argument:
/// u^r, sqrt u).
template <class E>
struct is_power_node : std::false_type {};
template <class Op, class U>
    requires has_algebraic_form<Op>
struct is_power_node<expr<Op, U>> : std::bool_constant<Op::algebra.kind == algebraic_form::monomial> {};
/// The exponent of u in a factor: n for u^n, 1 for u itself, 0 otherwise.
template <class Factor, class U>
constexpr std::int64_t exponent_of_in() noexcept {
    if constexpr (std::is_same<Factor, U>::value) return 1;
    else if constexpr (std::is_same<typename positive_integer_power<Factor>::base, U>::value)
        return positive_integer_power<Factor>::exponent;
    else return 0;
}
}  // namespace detail

template <expression A, expression B>
constexpr auto operator+(A a, B b) noexcept {
    return detail::make<op::add>(a, b);
}
template <expression A, expression B>
constexpr auto operator-(A a, B b) noexcept {
    return detail::make<op::sub>(a, b);
}
template <expression A, expression B>
constexpr auto operator*(A a, B b) noexcept {
    return detail::make<op::mul>(a, b);
}
template <expression A, expression B>
constexpr auto operator/(A a, B b) noexcept {
    return detail::make<op::div>(a, b);
}
template <expression A>
constexpr auto operator-(A a) noexcept {
    return detail::make<op::neg>(a);
}

/// The operators as named functions: `ctdiff::add(a, b)` is `a + b`, and so on. For programs that
/// generate large graphs: a qualified call does no argument-dependent lookup, and clang (14)
/// performs that lookup for an operator in time that grows with the expression type written out
/// as a tree, which for shared subexpressions is exponential in the depth (docs/design.md).
/// The operators call make rather than these: forwarding would add one more function per node,
/// and each costs g++ a mangled name as long as the node's subexpression.
template <expression A, expression B>
constexpr auto add(A a, B b) noexcept {
    return detail::make<op::add>(a, b);
}
template <expression A, expression B>
constexpr auto sub(A a, B b) noexcept {
    return detail::make<op::sub>(a, b);
}
template <expression A, expression B>
constexpr auto mul(A a, B b) noexcept {
    return detail::make<op::mul>(a, b);
}
template <expression A, expression B>
constexpr auto div(A a, B b) noexcept {
    return detail::make<op::div>(a, b);
}
template <expression A>
constexpr auto neg(A a) noexcept {
    return detail::make<op::neg>(a);
}
template <expression A>
constexpr A operator+(A a) noexcept {
    return a;
}

namespace op {

using namespace ctdiff::literals;

// The rules below are written with detail::plus/minus/times/over/negate and child types
// (detail::child_t<I, E>{}) rather than operators, for compile time (see detail::plus).
// `constant<rational{-1, 1}>{}` is spelled out where `-1_c` would be a non-dependent call, which
// the compiler would bind while op::neg is still incomplete.

struct add {
    static constexpr bool cheap = true;            // one instruction (eval/row_family.hpp)
    static constexpr bool exactly_rounded = true;  // IEEE rounds it exactly, on packs as on scalars
    static constexpr notation print{fixity::infix, "+", "+", precedence::sum, true, "-"};
    static constexpr algebraic_form algebra{algebraic_form::linear, {rational{1, 1}, rational{1, 1}}};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& a, const T& b) {
        return math::add(a, b);
    }
    static constexpr rational fold(rational a, rational b) { return a + b; }
    template <std::size_t I, class Self, class A, class B>
    static constexpr auto partial(Self, A, B) {
        return constant<rational{1, 1}>{};
    }
    template <class A, class B>
    static constexpr auto simplify(A a, B b) {
        using namespace detail;
        if constexpr (zero_constant<A>) return b;
        else if constexpr (zero_constant<B>) return a;
        else if constexpr (std::is_same<A, B>::value) return detail::times(2_c, a);          // u + u = 2u
        else if constexpr (node_of<neg, B>) return detail::minus(a, child_t<0, B>{});  // u + -v
        else if constexpr (constant_node<A>) return detail::plus(b, a);                 // constants last
        else if constexpr (with_constant_child<add, 1, A> && constant_node<B>)         // (u + 1) + 2
            return detail::plus(child_t<0, A>{}, detail::plus(child_t<1, A>{}, b));
        else return expr<add, A, B>{};
    }
};

struct sub {
    static constexpr bool cheap = true;            // one instruction (eval/row_family.hpp)
    static constexpr bool exactly_rounded = true;  // IEEE rounds it exactly, on packs as on scalars
    static constexpr notation print{fixity::infix, "-", "-", precedence::sum, false};
    static constexpr algebraic_form algebra{algebraic_form::linear, {rational{1, 1}, rational{-1, 1}}};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& a, const T& b) {
        return math::subtract(a, b);
    }
    static constexpr rational fold(rational a, rational b) { return a - b; }
    template <std::size_t I, class Self, class A, class B>
    static constexpr auto partial(Self, A, B) {
        if constexpr (I == 0) return constant<rational{1, 1}>{};
        else return constant<rational{-1, 1}>{};
    }
    template <class A, class B>
    static constexpr auto simplify(A a, B b) {
        using namespace detail;
        if constexpr (zero_constant<B>) return a;
        else if constexpr (zero_constant<A>) return detail::negate(b);
        else if constexpr (std::is_same<A, B>::value) return 0_c;                                // u - u = 0
        else if constexpr (node_of<neg, B>) return detail::plus(a, child_t<0, B>{});   // u - -v
        else if constexpr (constant_node<B>) return detail::plus(a, detail::negate(b));      // u + -2
        else return expr<sub, A, B>{};
    }
};

struct mul {
    static constexpr bool cheap = true;            // one instruction (eval/row_family.hpp)
    static constexpr bool exactly_rounded = true;  // IEEE rounds it exactly, on packs as on scalars
    static constexpr notation print{fixity::infix, "*", "\\cdot", precedence::product, true, {},
                                    latex_layout::juxtaposition};
    static constexpr algebraic_form algebra{algebraic_form::monomial, {rational{1, 1}, rational{1, 1}}};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& a, const T& b) {
        return math::multiply(a, b);
    }
    static constexpr rational fold(rational a, rational b) { return a * b; }
    template <std::size_t I, class Self, class A, class B>
    static constexpr auto partial(Self, A a, B b) {
        if constexpr (I == 0) return b;
        else return a;
    }
    // Note: 0 * u = 0 for every u, also where u would evaluate to inf or NaN. Symbolic
    // simplification treats expressions as real functions; see docs/design.md.
    template <class A, class B>
    static constexpr auto simplify(A a, B b) {
        using namespace detail;
        if constexpr (zero_constant<A> || zero_constant<B>) return 0_c;
        else if constexpr (one_constant<A>) return b;
        else if constexpr (one_constant<B>) return a;
        else if constexpr (constant_node<B>) return detail::times(b, a);                // constants first
        else if constexpr (minus_one_constant<A>) return detail::negate(b);
        else if constexpr (node_of<neg, A>)                                        // (-u)v = -(uv)
            return detail::negate(detail::times(child_t<0, A>{}, b));
        else if constexpr (node_of<neg, B>)                                        // u(-v) = -(uv)
            return detail::negate(detail::times(a, child_t<0, B>{}));
        else if constexpr (constant_node<A> && with_constant_child<mul, 0, B>)         // 2 * (3 * u)
            return detail::times(detail::times(a, child_t<0, B>{}), child_t<1, B>{});
        else if constexpr (!constant_node<A> && with_constant_child<mul, 0, B>)        // u * (3 * v)
            return detail::times(child_t<0, B>{}, detail::times(a, child_t<1, B>{}));
        else if constexpr (with_constant_child<mul, 0, A>)                             // (3 * u) * v
            return detail::times(child_t<0, A>{}, detail::times(child_t<1, A>{}, b));
        else if constexpr (constant_node<A> && with_constant_child<div, 0, B>)         // 2 * (3 / v) = 6 / v
            return detail::over(detail::times(a, child_t<0, B>{}), child_t<1, B>{});
        else if constexpr (constexpr std::int64_t m = exponent_of_in<A, typename positive_integer_power<A>::base>(),
                           n = exponent_of_in<B, typename positive_integer_power<A>::base>();
                           m > 0 && n > 0 && !is_power_node<typename positive_integer_power<A>::base>::value)
            // u u = u^2, u^m u^n = u^(m+n) (m, n > 0); not for a u that is itself a power: (x^-1)^2
            // would become x^-2, which is 0 where x^-1 squared is subnormal
            return ctdiff::pow(typename positive_integer_power<A>::base{}, constant<rational{m + n, 1}>{});
        else return expr<mul, A, B>{};
    }
};

struct div {
    static constexpr bool exactly_rounded = true;  // IEEE rounds it exactly, on packs as on scalars
    static constexpr notation print{fixity::infix, "/", "\\frac", precedence::product, false, {},
                                    latex_layout::fraction};
    static constexpr algebraic_form algebra{algebraic_form::monomial, {rational{1, 1}, rational{-1, 1}}};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& a, const T& b) {
        return math::divide(a, b);
    }
    static constexpr rational fold(rational a, rational b) { return a / b; }
    template <std::size_t I, class Self, class A, class B>
    static constexpr auto partial(Self self, A, B b) {
        if constexpr (I == 0) return detail::over(constant<rational{1, 1}>{}, b);
        else return detail::negate(detail::over(self, b));  // -a/b^2 = -(a/b)/b, reusing a/b
    }
    // The tangent as one quotient, (da - (a/b) db) / b, the division last: d(x / exp(y), y, y)
    // then stays in range where ((a/b)/b) db, formed partial by partial, underflows to 0 (x = 1,
    // y = 250: a/b^2 is 2e-326). Symbolic d, forward mode and Hessians use it.
    // The same grouping in the value-level tangent sweep (eval/tangent_sweep.hpp): the partials
    // 1/b and -(a/b)/b are 1 and -(a/b) times the common scale 1/b, applied once after summing.
    template <class Self, class A, class B>
    static constexpr auto partial_scale(Self, A, B b) {
        return detail::over(constant<rational{1, 1}>{}, b);
    }
    template <std::size_t I, class Self, class A, class B>
    static constexpr auto scaled_partial(Self self, A, B) {
        if constexpr (I == 0) return constant<rational{1, 1}>{};
        else return detail::negate(self);
    }
    template <class Self, class A, class B, class TA, class TB>
    static constexpr auto tangent(Self self, A, B b, TA ta, TB tb) {
        if constexpr (detail::zero_constant<TB>) return detail::over(ta, b);
        else return detail::over(detail::minus(ta, detail::times(self, tb)), b);
    }
    template <class A, class B>
    static constexpr auto simplify(A a, B b) {
        using namespace detail;
        if constexpr (zero_constant<B>) return expr<div, A, B>{};  // u / 0: inf or NaN, as IEEE says
        else if constexpr (one_constant<B>) return a;
        else if constexpr (zero_constant<A>) return 0_c;
        else if constexpr (constant_node<B>)                                               // u / 2 = 1/2 u
            return detail::times(constant<rational{1, 1} / B::value>{}, a);
        else if constexpr (node_of<neg, A>)
            return detail::negate(detail::over(child_t<0, A>{}, b));
        else if constexpr (constant_node<A> && with_constant_child<mul, 0, B> &&       // 3 / (2 v) = (3/2) / v
                           requires { typename constant<A::value / child_t<0, B>::value>; })  // (when exact)
            return detail::over(constant<A::value / child_t<0, B>::value>{}, child_t<1, B>{});
        else return expr<div, A, B>{};
    }
};

struct neg {
    static constexpr bool cheap = true;            // one instruction (eval/row_family.hpp)
    static constexpr bool exactly_rounded = true;  // IEEE rounds it exactly, on packs as on scalars
    static constexpr notation print{fixity::prefix, "-", "-", precedence::unary};
    static constexpr algebraic_form algebra{algebraic_form::linear, {rational{-1, 1}}};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& a) {
        return -a;
    }
    static constexpr rational fold(rational a) { return -a; }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A) {
        return constant<rational{-1, 1}>{};
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        using namespace detail;
        if constexpr (node_of<neg, A>) return child_t<0, A>{};                      // -(-u) = u
        else if constexpr (with_constant_child<mul, 0, A>)                              // -(2u) = -2u
            return detail::times(detail::negate(child_t<0, A>{}), child_t<1, A>{});
        else if constexpr (node_of<sub, A>)                                         // -(u - v) = v - u
            return detail::minus(child_t<1, A>{}, child_t<0, A>{});
        else return expr<neg, A>{};
    }
};

}  // namespace op

// ---- misuse: a run-time number inside an expression ------------------------------------------

namespace detail {
template <class Number>
constexpr void reject_runtime_number() {
    static_assert(always_false<Number>,
                  "ctdiff: `2 * x` mixes a run-time number with an expression. Constants are part "
                  "of an expression's type: write `2_c * x` (with `using namespace "
                  "ctdiff::literals;`), or make the number a parameter, `a * x`, and bind "
                  "`a = 2.0` when evaluating.");
}
template <class T>
concept runtime_number = std::is_arithmetic<std::remove_cvref_t<T>>::value;
}  // namespace detail

template <detail::runtime_number N, expression E>
constexpr E operator+(N, E e) { return detail::reject_runtime_number<N>(), e; }
template <expression E, detail::runtime_number N>
constexpr E operator+(E e, N) { return detail::reject_runtime_number<N>(), e; }
template <detail::runtime_number N, expression E>
constexpr E operator-(N, E e) { return detail::reject_runtime_number<N>(), e; }
template <expression E, detail::runtime_number N>
constexpr E operator-(E e, N) { return detail::reject_runtime_number<N>(), e; }
template <detail::runtime_number N, expression E>
constexpr E operator*(N, E e) { return detail::reject_runtime_number<N>(), e; }
template <expression E, detail::runtime_number N>
constexpr E operator*(E e, N) { return detail::reject_runtime_number<N>(), e; }
template <detail::runtime_number N, expression E>
constexpr E operator/(N, E e) { return detail::reject_runtime_number<N>(), e; }
template <expression E, detail::runtime_number N>
constexpr E operator/(E e, N) { return detail::reject_runtime_number<N>(), e; }

}  // namespace ctdiff
