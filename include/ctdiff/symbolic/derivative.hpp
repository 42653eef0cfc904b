// ctdiff/symbolic/derivative.hpp — the symbolic derivative d(f, x), an expression again, and
// its generalisation, the tangent (directional derivative) along a seed.
//
// tangent(expr<Op, Args...>) = sum over children i of  Op::partial<i>(node, args...) * tangent(arg_i)
// — the chain rule: local derivatives multiply along a path and paths add. A seed says what the
// tangent of each variable is (d(f, x): 1 for x, 0 for the others; forward mode: a bound tangent
// value per variable). Each (node, seed) pair is a class template instantiation, so the compiler
// memoises it and a shared subexpression is differentiated once.
#pragma once

#include <type_traits>
#include <utility>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/graph/topo.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/condition.hpp"

namespace ctdiff {

namespace detail {

/// Seed of d(f, X): the tangent of X is 1, of every other variable 0.
template <class X>
struct unit_seed {
    template <class V>
    static constexpr auto tangent_of() {
        static_assert(!(V::name == X::name) || std::is_same<V, X>::value,
                      "ctdiff::d: two variables share a name but have different shapes");
        if constexpr (std::is_same<V, X>::value) return constant<rational{1, 1}>{};
        else return constant<rational{0, 1}>{};
    }
};

template <class E, class Seed>
struct tangent {
    using type = constant<rational{0, 1}>;  // constants and named constants
};

template <fixed_string N, class S, class Seed>
struct tangent<variable<N, S>, Seed> {
    using type = decltype(Seed::template tangent_of<variable<N, S>>());
};

/// One term of the chain rule: (local partial I) * (tangent of argument I), or nothing when that
/// tangent is exactly 0: the partial is then not even formed, so a derivative that is zero by
/// construction stays an exact 0 (never 0 * inf), and an argument of an op without partials
/// (a data tensor under `at`) is no obstacle.
template <class Seed, class Op, std::size_t I, class Arg, class... Args>
constexpr auto chain_term() {
    using t = typename tangent<Arg, Seed>::type;
    if constexpr (std::is_same<t, constant<rational{0, 1}>>::value) return t{};
    else if constexpr (has_branch<Arg>::value || is_strong_zero<Op>::value)  // through a select: a strong zero
        return detail::make<op::strong_mul>(Op::template partial<I>(expr<Op, Args...>{}, Args{}...), t{});
    else return detail::make<op::mul>(Op::template partial<I>(expr<Op, Args...>{}, Args{}...), t{});
}

/// Whether Op gives its tangent as a whole, `Op::tangent(self, args..., tangents...)`, instead of
/// the sum of its partials times the tangents: a quotient's tangent is (du - (u/v) dv) / v, which
/// stays in the range of doubles where du / v - ((u/v) / v) dv underflows.
template <class Op, class Self, class Args, class Tangents>
inline constexpr bool has_tangent_rule = false;
template <class Op, class Self, class... Args, class... Tangents>
    requires requires { Op::tangent(Self{}, Args{}..., Tangents{}...); }
inline constexpr bool has_tangent_rule<Op, Self, type_list<Args...>, type_list<Tangents...>> = true;

template <class Seed, class Op, class... Args, std::size_t... I>
constexpr auto chain_rule(std::index_sequence<I...>) {
    if constexpr ((std::is_same<typename tangent<Args, Seed>::type, constant<rational{0, 1}>>::value && ...)) {
        return constant<rational{0, 1}>{};
    } else if constexpr ((strong_tangent_rule<Op>::value || !(has_branch<Args>::value || ...)) &&
                         has_tangent_rule<Op, expr<Op, Args...>, type_list<Args...>,
                                          type_list<typename tangent<Args, Seed>::type...>>) {
        // (a select's own rule is a choice and strong_mul's a sum of strong products; other ops'
        // rules are not used above a select, where every product with a tangent is a strong one,
        // chain_term. strong_mul's partial with respect to b is a, perhaps an adjoint that is 0
        // because its branch is not taken: a plain a * tb would be 0 * NaN where tb is NaN.)
        return Op::tangent(expr<Op, Args...>{}, Args{}..., typename tangent<Args, Seed>::type{}...);
    } else {
        // The sum of (local partial) * (tangent of the child); zero terms fold away in make.
        return detail::sum_into<op::add>(constant<rational{0, 1}>{}, chain_term<Seed, Op, I, Args, Args...>()...);
    }
}

template <class Op, class... Args, class Seed>
struct tangent<expr<Op, Args...>, Seed> {
    using type = decltype(chain_rule<Seed, Op, Args...>(std::index_sequence_for<Args...>{}));
};

template <class E, class Seed>
using tangent_t = typename tangent<std::remove_cvref_t<E>, Seed>::type;

}  // namespace detail

namespace detail {
/// Whether every node of F is a scalar. A tensor variable may still appear, as the argument of
/// an op with a scalar result (`at<i>(p)`, `sum(p)`): its tangent along a scalar variable is 0,
/// so the chain rule never forms that op's partial.
template <class F>
constexpr bool is_scalar_graph() {
    if constexpr (expr_node<F>) return dag<type_list<F>>::value_size == dag<type_list<F>>::size;
    else return std::is_same<typename F::shape_type, shape<>>::value;
}
}  // namespace detail

/// The derivative of f with respect to the variable x, as an expression:
/// `d(pow(3_c * x + 1_c, 2_c), x)` is `6*(3*x + 1)` (18x + 6).
/// `d(f, x, y)` is the mixed partial d/dy (d/dx f); `d(f, x, x)` the second derivative.
template <expression F, class X, class... Xs>
constexpr auto d(F, X, Xs... more) {
    static_assert(variable_expression<X>,
                  "ctdiff::d(f, x): x must be a variable made by ctdiff::var<\"name\">; "
                  "a derivative with respect to a constant or a compound expression is not "
                  "defined. To differentiate with respect to u = g(x), introduce a variable u.");
    static_assert(detail::is_scalar_graph<F>() && std::is_same<typename X::shape_type, shape<>>::value,
                  "ctdiff::d(f, x): symbolic derivatives are taken of scalar expressions with respect to "
                  "scalar variables; for tensors use ctdiff::grad or ctdiff::value_and_grad");
    if constexpr (!variable_expression<X> || !detail::is_scalar_graph<F>()) {
        return F{};
    } else {
        using first = detail::tangent_t<F, detail::unit_seed<X>>;
        if constexpr (sizeof...(Xs) == 0) return first{};
        else return ctdiff::d(first{}, more...);
    }
}

}  // namespace ctdiff
