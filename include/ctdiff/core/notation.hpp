// ctdiff/core/notation.hpp — how an op is printed; every op declares one `notation` value.
#pragma once

#include <string_view>

namespace ctdiff {

enum class fixity { infix, prefix, function, power };

/// Printing facts of an op: `symbol` in plain text, `latex` in LaTeX, and its precedence
/// (higher binds tighter: + - 10, * / 20, unary - 30, ^ 40, calls and leaves 50).
struct notation {
    fixity form;
    std::string_view symbol;
    std::string_view latex;
    int precedence;
};

namespace precedence {
inline constexpr int sum = 10;
inline constexpr int product = 20;
inline constexpr int unary = 30;
inline constexpr int power = 40;
inline constexpr int atom = 50;
}  // namespace precedence

}  // namespace ctdiff
