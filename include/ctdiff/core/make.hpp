// ctdiff/core/make.hpp — the one way nodes are built: fold exact constants, apply the op's own
// local simplifications, or make the plain node.
#pragma once

#include <type_traits>

#include "ctdiff/core/expr.hpp"

namespace ctdiff::detail {

/// Whether Op folds exact constants Args::value... Asked only once every argument is a constant:
/// a requires-expression that fails on an expression type makes clang format the failure's
/// message, spelling the type out as a tree, which is exponential in the depth of a DAG.
template <class Op, class... Args>
struct has_fold : std::false_type {};
template <class Op, rational... R>
    requires requires { typename constant<Op::fold(R...)>; }
struct has_fold<Op, constant<R>...> : std::true_type {};
// A fold that is not a constant expression (1/0, a result beyond 62 bits) is no fold: the node
// stays and is evaluated in floating point, where it is inf or NaN or a rounded number as IEEE
// says. A valid expression always compiles, whatever its constants fold to.

/// Builds `Op(args...)`:
///  1. if every argument is an exact constant and `Op::fold` folds them exactly, the constant;
///  2. else if `Op::simplify(args...)` exists, whatever it returns (x + 0 -> x, ...), as long as
///     it has the node's shape (u - u = 0 holds for scalars; for a tensor u the scalar 0 would
///     change what sum(u - u) means, so there the plain node is kept);
///  3. else the plain node `expr<Op, Args...>`.
/// An op's `simplify` ends with `return expr<Op, A, B>{};`, the plain node, which stops the
/// recursion. (A type, not a call: every function instantiated per node costs a mangled name.)
template <class Op, class... Args>
constexpr auto make(Args... args) noexcept {
    if constexpr ((constant_node<Args> && ...) && has_fold<Op, Args...>::value) {
        return constant<Op::fold(Args::value...)>{};
    } else if constexpr ((constant_node<Args> && ...) && requires { Op::fold(Args::value...); }) {
        return expr<Op, Args...>{};  // a fold that is not exact: see has_fold
    } else if constexpr (requires { Op::simplify(args...); }) {
        using simplified = decltype(Op::simplify(args...));
        if constexpr (std::is_same<typename simplified::shape_type,
                                   typename node_shape<Op, typename Args::shape_type...>::type>::value)
            return Op::simplify(args...);
        else
            return expr<Op, Args...>{};
    } else {
        return expr<Op, Args...>{};
    }
}

/// ((0 + t1) + t2) + ... built with make, without operator lookup. Library code builds nodes with
/// qualified calls: an operator on a large expression type makes the compiler walk the whole type
/// for argument-dependent lookup, which is what dominates compile time on large graphs.
template <class Add, class Acc>
constexpr auto sum_into(Acc acc) noexcept {
    return acc;
}
template <class Add, class Acc, class T, class... Ts>
constexpr auto sum_into(Acc acc, T t, Ts... ts) noexcept {
    return detail::sum_into<Add>(detail::make<Add>(acc, t), ts...);
}

}  // namespace ctdiff::detail

namespace ctdiff {

/// The node `Op(args...)`, built as the library builds its own: exact constants folded where Op
/// has a `fold`, Op's `simplify` applied where it has one. This is how an op defined outside the
/// library (docs/extending.md) gets its function:
///     template <ctdiff::expression A> constexpr auto sinc(A a) { return ctdiff::make<sinc_op>(a); }
template <class Op, expression... Args>
constexpr auto make(Args... args) noexcept {
    return detail::make<Op>(args...);
}

}  // namespace ctdiff
