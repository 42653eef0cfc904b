// ctdiff/core/notation.hpp — how an op is printed; every op declares one `notation` value.
#pragma once

#include <string_view>

namespace ctdiff {

enum class fixity { infix, prefix, function, power };

/// How an op is laid out in LaTeX where that differs from its fixity: `\frac{a}{b}` (fraction,
/// which then binds as an atom), `\sqrt{u}` (root), `a b` for a product whose right factor does
/// not start with a number, a sign or a fraction (juxtaposition).
enum class latex_layout { as_fixity, fraction, root, juxtaposition };

/// Printing facts of an op: `symbol` in plain text, `latex` in LaTeX, and its precedence
/// (higher binds tighter: || 2, && 4, comparisons 6, + - 10, * / 20, unary - 30, ^ 40, calls and
/// leaves 50). The optional facts of infix ops default to what most of them want.
struct notation {
    fixity form;
    std::string_view symbol;
    std::string_view latex;
    int precedence;
    /// Infix: a right operand of the same precedence prints without parentheses (a + b + c);
    /// false for - and /, where a - (b - c) needs them.
    bool associative = true;
    /// Infix: the operator printed, before the magnitude, when the right operand is a negative
    /// constant (+ says "-": u + (-2) prints as u - 2); empty: no such rewriting.
    std::string_view negative_right{};
    latex_layout layout = latex_layout::as_fixity;
};

namespace precedence {
inline constexpr int logical_or = 2;
inline constexpr int logical_and = 4;
inline constexpr int comparison = 6;
inline constexpr int sum = 10;
inline constexpr int product = 20;
inline constexpr int unary = 30;
inline constexpr int power = 40;
inline constexpr int atom = 50;
}  // namespace precedence

namespace detail {
template <class Op>
inline constexpr bool op_without_notation = false;

/// How Op prints: its `print` notation, or, for an op that gives only `name` (an op of the
/// user's, docs/extending.md), a function call `name(u, v)` (LaTeX: \operatorname{name}, which
/// an empty `latex` asks for).
template <class Op>
constexpr notation notation_of() {
    if constexpr (requires { Op::print; }) {
        return Op::print;
    } else if constexpr (requires { std::string_view{Op::name}; }) {
        return notation{fixity::function, std::string_view{Op::name}, std::string_view{}, precedence::atom};
    } else {
        static_assert(op_without_notation<Op>,
                      "ctdiff: an op says how it prints: give it `static constexpr std::string_view name = "
                      "\"sinc\";` (printed as a call, sinc(u)), or a full `static constexpr ctdiff::notation "
                      "print{...}` (docs/extending.md)");
        return notation{fixity::function, "?", "?", precedence::atom};
    }
}
}  // namespace detail

}  // namespace ctdiff
