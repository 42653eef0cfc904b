// ctdiff/ops/generators.hpp — expressions generated at compile time: sums and products of N
// terms, tuples of M outputs, exact constants from integers.
//
//   ctdiff::sum_over<N>(term)       term(0) + term(1) + ... + term(N - 1)
//   ctdiff::product_over<N>(term)   term(0) * term(1) * ... * term(N - 1)
//   ctdiff::outputs_over<M>(output) std::tuple{output(0), ..., output(M - 1)}
//   ctdiff::constant_of<N, D>       the exact constant N / D
//
// `term` is called with std::integral_constant<std::size_t, i>, so i is a constant expression
// inside it: `ctdiff::at<i>(p)`, `ctdiff::constant_of<i + 1>`. This is how an expression with a
// loop in it is written: an expression's formula is its type, so `f = f + term` in a run-time
// loop cannot build one (and does not compile).
#pragma once

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/make.hpp"
#include "ctdiff/ops/arithmetic.hpp"

namespace ctdiff {

/// The exact constant N / D as an expression, for constants computed from indices in generators:
/// `ctdiff::constant_of<i + 1>`, `ctdiff::constant_of<1, 29>` (1/29 exactly).
template <std::int64_t N, std::int64_t D = 1>
inline constexpr constant<rational::make(N, D)> constant_of{};

namespace detail {

template <class Term, std::size_t I>
using term_t = decltype(std::declval<const Term&>()(std::integral_constant<std::size_t, I>{}));

/// Op applied to the terms Begin..End-1 as a balanced tree, so that the nesting of the result's
/// type (and of every function instantiated on it) grows as log N, not N.
template <class Op, std::size_t Begin, std::size_t End, class Term>
constexpr auto reduce_over(const Term& term) {
    if constexpr (End - Begin == 1) {
        return term(std::integral_constant<std::size_t, Begin>{});
    } else {
        constexpr std::size_t middle = Begin + (End - Begin) / 2;
        return detail::make<Op>(detail::reduce_over<Op, Begin, middle>(term),
                                detail::reduce_over<Op, middle, End>(term));
    }
}

template <class Term, std::size_t N>
constexpr bool check_generator() {
    if constexpr (N == 0) {
        return true;
    } else {
        static_assert(std::is_invocable<const Term&, std::integral_constant<std::size_t, 0>>::value,
                      "ctdiff::sum_over<N>(term): term is called with std::integral_constant<std::size_t, i>; "
                      "write it as a generic lambda, [](auto i) { ... }");
        if constexpr (std::is_invocable<const Term&, std::integral_constant<std::size_t, 0>>::value) {
            static_assert(expression<term_t<Term, 0>>,
                          "ctdiff::sum_over<N>(term): term(i) must return a ctdiff expression");
            return expression<term_t<Term, 0>>;
        } else {
            return false;
        }
    }
}

}  // namespace detail

/// term(0) + term(1) + ... + term(N - 1), each term(i) an expression; the exact 0 for N = 0.
template <std::size_t N, class Term>
constexpr auto sum_over(Term term) {
    if constexpr (N == 0 || !detail::check_generator<Term, N>()) return constant<rational{0, 1}>{};
    else return detail::reduce_over<op::add, 0, N>(term);
}

/// term(0) * term(1) * ... * term(N - 1); the exact 1 for N = 0.
template <std::size_t N, class Term>
constexpr auto product_over(Term term) {
    if constexpr (N == 0 || !detail::check_generator<Term, N>()) return constant<rational{1, 1}>{};
    else return detail::reduce_over<op::mul, 0, N>(term);
}

/// std::tuple{output(0), ..., output(M - 1)}: M outputs, e.g. the residuals of a least-squares
/// problem, for value_and_jacobian, make_ceres_cost or evaluate.
template <std::size_t M, class Output>
constexpr auto outputs_over(Output) {
    static_assert(M > 0, "ctdiff::outputs_over<M>(output): M must be at least 1");
    if constexpr (M == 0 || !detail::check_generator<Output, M>()) {
        return std::tuple<constant<rational{0, 1}>>{};
    } else {
        // Expressions are empty types: the tuple of the outputs' types is the tuple of the
        // outputs. (Default-constructed, not copied from output(i): the constraints of
        // std::tuple's converting constructor cost more than building the outputs.)
        return []<std::size_t... I>(std::index_sequence<I...>) {
            return std::tuple<std::remove_cvref_t<detail::term_t<Output, I>>...>{};
        }(std::make_index_sequence<M>{});
    }
}

}  // namespace ctdiff
