// ctdiff/ops/power.hpp — powers: pow(u, 2_c) with an exact exponent, pow(u, v), sqrt(u).
#pragma once

#include <type_traits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/math/math.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/fwd.hpp"

namespace ctdiff {

namespace op {
template <rational R>
struct pow_const;
struct pow;
struct sqrt;
}  // namespace op

/// u^r for an exact constant r: `pow(3_c * x + 1_c, 2_c)`, `pow(x, 0.5_c)`, `pow(x, -1_c)`.
/// u^v for an expression v: `pow(x, y)` (defined where u > 0, as exp(v log u)).
template <expression A, expression B>
constexpr auto pow(A a, B b) noexcept {
    if constexpr (detail::constant_node<B>) return detail::make<op::pow_const<B::value>>(a);
    else return detail::make<op::pow>(a, b);
}

template <expression A, detail::runtime_number N>
constexpr A pow(A a, N) {
    static_assert(detail::always_false<N>,
                  "ctdiff: `pow(x, 2)` uses a run-time exponent. Write an exact constant, "
                  "`pow(x, 2_c)` (with `using namespace ctdiff::literals;`), or a parameter "
                  "expression `pow(x, p)` bound with `p = 2.0`.");
    return a;
}

/// Square root, sqrt(u) = u^(1/2).
template <expression A>
constexpr auto sqrt(A a) noexcept {
    return detail::make<op::sqrt>(a);
}

namespace detail {
template <class E>
struct is_pow_const : std::false_type {};
template <rational R, class A>
struct is_pow_const<expr<op::pow_const<R>, A>> : std::true_type {};
template <class E>
concept exact_power_node = is_pow_const<E>::value;
}  // namespace detail

namespace op {

template <rational R>
struct pow_const {
    static constexpr rational exponent = R;
    static constexpr bool cheap = R == rational{2, 1};  // the square is one multiplication
    static constexpr bool exactly_rounded = cheap;
    static constexpr notation print{fixity::power, "^", "^", precedence::power};
    static constexpr algebraic_form algebra{algebraic_form::monomial, {R}};

    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        if constexpr (R.is_integer()) {
            // Exact repeated squaring: (3*2+1)^2 is 49, not exp(2 log 7).
            constexpr std::int64_t n = R.num < 0 ? -R.num : R.num;
            T result = T(1);
            T base = u;
            // (math::multiply and math::divide: IEEE results in constant evaluation too, so that an
            // overflow in an untaken branch does not stop a static_assert)
            for (std::int64_t k = n; k > 0; k >>= 1) {
                if (k & 1) result = math::multiply(result, base);
                if (k > 1) base = math::multiply(base, base);
            }
            if constexpr (R.num < 0) return math::divide(T(1), result);
            else return result;
        } else if constexpr (R == rational{1, 2}) {
            return math::sqrt(u);
        } else if constexpr (R == rational{-1, 2}) {
            return T(1) / (math::sqrt(u) + T(0));  // + 0: (-0)^(-1/2) is +inf, as std::pow says
        } else {
            return math::pow(u, R.template as<T>());
        }
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial([[maybe_unused]] Self self, [[maybe_unused]] A a) {
        // d(u^r)/du = r u^(r-1); for r = 1/2 as sqrt's, 1 / (2 u^(1/2)), reusing the value
        if constexpr (R == rational{1, 2}) return detail::over(1_c, detail::times(2_c, self));
        else return detail::times(constant<R>{}, ctdiff::pow(a, constant<R - rational{1, 1}>{}));
    }
    // For r < 0 (a quotient, 1/u^|r|) the tangent is grouped as a quotient's, r (u^r du) / u, the
    // division last: for u = e^324, u^(r-1) = 1e-282 and the second derivative's u^(r-2) =
    // 1e-423 underflow, while u^r du and each step after it stay in range. Symbolic d, jvp and
    // Hessians use `tangent`, the value-level tangent sweep the same grouping (partial_scale).
    // For a non-integer r, u^r is defined for u >= 0 only and the divisor is |u|, so that at
    // u = -0 the result has the partial's sign (std::pow(-0, r - 1) ignores the zero's sign).
    template <class A>
    static constexpr auto divisor(A a) {
        if constexpr (R.is_integer()) return a;
        else return ctdiff::abs(a);
    }
    template <class Self, class A, class TA>
        requires(R.num < 0)
    static constexpr auto tangent(Self self, A a, TA ta) {
        return detail::times(constant<R>{}, detail::over(detail::times(self, ta), divisor(a)));
    }
    template <class Self, class A>
        requires(R.num < 0)
    static constexpr auto partial_scale(Self, A a) {
        return detail::over(constant<rational{1, 1}>{}, divisor(a));
    }
    template <std::size_t I, class Self, class A>
        requires(R.num < 0)
    static constexpr auto scaled_partial(Self self, A) {
        return detail::times(constant<R>{}, self);
    }
    template <class A>
    static constexpr auto simplify([[maybe_unused]] A a) {
        using namespace detail;
        if constexpr (R.is_zero()) return 1_c;                                     // u^0 = 1
        else if constexpr (R.is_one()) return a;                                   // u^1 = u
        else if constexpr (constant_node<A> && R.is_integer() &&                   // 3^2 = 9
                           requires { typename constant<ctdiff::pow(A::value, R.num)>; })  // (when exact)
            return constant<ctdiff::pow(A::value, R.num)>{};
        else if constexpr (one_constant<A>) return 1_c;      // 1^r = 1
        else if constexpr (exact_power_node<A> && R.is_integer()) {
            if constexpr (A::op_type::exponent.is_integer())
                return ctdiff::pow(child_t<0, A>{}, constant<A::op_type::exponent * R>{});  // (u^2)^3 = u^6
            else return expr<pow_const, A>{};
        } else return expr<pow_const, A>{};
        // (u^s)^r = u^(rs) only for integers r and s: (x^2)^(1/2) is |x|, not x, and sqrt(x)^2 or
        // (x^(3/2))^2 is NaN for x < 0, where x or x^3 is not. A simplification never changes a
        // value at a finite argument (docs/math.md, "IEEE edge policy").
    }
};

struct pow {
    static constexpr notation print{fixity::power, "^", "^", precedence::power};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u, const T& v) {
        return math::pow(u, v);
    }
    template <std::size_t I, class Self, class A, class B>
    static constexpr auto partial(Self self, A a, B b) {
        if constexpr (I == 0) return detail::times(b, ctdiff::pow(a, detail::minus(b, 1_c)));  // v u^(v-1)
        else return ctdiff::xlogy(self, a);  // u^v log(u), reusing u^v; 0 where u^v = 0 (u = 0, v > 0)
    }
};

struct sqrt {
    static constexpr bool exactly_rounded = true;  // IEEE rounds it exactly, on packs as on scalars
    static constexpr notation print{fixity::function, "sqrt", "\\sqrt", precedence::atom, true, {}, latex_layout::root};
    static constexpr algebraic_form algebra{algebraic_form::monomial, {rational{1, 2}}};
    template <class T>
    CTDIFF_FORCEINLINE static constexpr T eval(const T& u) {
        return math::sqrt(u);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self self, A) {
        return detail::over(1_c, detail::times(2_c, self));  // reuses sqrt(u)
    }
};

}  // namespace op

}  // namespace ctdiff
