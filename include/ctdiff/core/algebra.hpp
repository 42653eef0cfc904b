// ctdiff/core/algebra.hpp — what an arithmetic op is in the algebra of sums and products.
#pragma once

#include <cstddef>
#include <type_traits>

#include "ctdiff/core/rational.hpp"

namespace ctdiff {

/// An op that is an operation of the field of rational functions (or a power) says which one in
/// an optional member `static constexpr ctdiff::algebraic_form algebra`:
///  - linear: the sum of w_i a_i (+ is {1, 1}, - is {1, -1}, unary - is {-1});
///  - monomial: the product of a_i^w_i (* is {1, 1}, / is {1, -1}, sqrt is {1/2}, u^r is {r}).
/// `equal`'s canonical forms compute with it (symbolic/canonical.hpp), and the backward sweep
/// takes exact factors out of partials by it (c * v is c times v, -v is -1 times v:
/// eval/sweep_plan.hpp). An op without it is an atom of the canonical form, compared by its
/// arguments, or says what it is in terms of other ops (`canonical(args...)`).
struct algebraic_form {
    enum kind_type { linear, monomial };
    kind_type kind;
    rational weights[2];

    [[nodiscard]] constexpr bool is(kind_type k, rational w0, rational w1 = rational{}) const noexcept {
        return kind == k && weights[0] == w0 && weights[1] == w1;
    }
};

namespace detail {
/// The algebraic form of Op, if it has one.
template <class Op>
concept has_algebraic_form = std::is_same<std::remove_cv_t<decltype(Op::algebra)>, algebraic_form>::value;

/// True when Op is the product of its two arguments (c * v: the constant c times v).
template <class Op>
constexpr bool is_plain_product() noexcept {
    if constexpr (has_algebraic_form<Op>) return Op::algebra.is(algebraic_form::monomial, rational{1, 1}, rational{1, 1});
    else return false;
}
/// True when Op is its one argument negated (-v: -1 times v).
template <class Op>
constexpr bool is_negation() noexcept {
    if constexpr (has_algebraic_form<Op>) return Op::algebra.is(algebraic_form::linear, rational{-1, 1});
    else return false;
}
}  // namespace detail

}  // namespace ctdiff
