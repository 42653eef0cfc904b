// ctdiff/ops/constants.hpp — the named irrational constants `ctdiff::pi`, `e`, `ln2`, `ln10`,
// `two_over_sqrt_pi`.
#pragma once

#include <numbers>
#include <string_view>

#include "ctdiff/core/pack.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/math/constants.hpp"

namespace ctdiff {

namespace constants {
struct pi_tag {
    static constexpr std::string_view name = "pi";
    static constexpr std::string_view latex = "\\pi";
    template <class T>
    static constexpr T value() {
        return T(math::pi_v<detail::lane_t<T>>);
    }
};
struct e_tag {
    static constexpr std::string_view name = "e";
    static constexpr std::string_view latex = "e";
    template <class T>
    static constexpr T value() {
        return T(math::e_v<detail::lane_t<T>>);
    }
};
struct ln2_tag {
    static constexpr std::string_view name = "ln2";
    static constexpr std::string_view latex = "\\ln 2";
    template <class T>
    static constexpr T value() {
        return T(std::numbers::ln2_v<detail::lane_t<T>>);
    }
};
struct ln10_tag {
    static constexpr std::string_view name = "ln10";
    static constexpr std::string_view latex = "\\ln 10";
    template <class T>
    static constexpr T value() {
        return T(std::numbers::ln10_v<detail::lane_t<T>>);
    }
};
/// 2 / sqrt(pi), the factor of the error function's derivative.
struct two_over_sqrt_pi_tag {
    static constexpr std::string_view name = "(2/sqrt(pi))";  // parenthesised: x/(2/sqrt(pi)) reads right
    static constexpr std::string_view latex = "\\frac{2}{\\sqrt{\\pi}}";
    template <class T>
    static constexpr T value() {
        return T(2 * std::numbers::inv_sqrtpi_v<detail::lane_t<T>>);
    }
};
}  // namespace constants

/// pi, rounded to the evaluation's scalar type.
inline constexpr named_constant<constants::pi_tag> pi{};
/// Euler's number e, rounded to the evaluation's scalar type.
inline constexpr named_constant<constants::e_tag> e{};
/// The natural logarithm of 2, rounded to the evaluation's scalar type.
inline constexpr named_constant<constants::ln2_tag> ln2{};
/// The natural logarithm of 10, rounded to the evaluation's scalar type.
inline constexpr named_constant<constants::ln10_tag> ln10{};
/// 2 / sqrt(pi), rounded to the evaluation's scalar type.
inline constexpr named_constant<constants::two_over_sqrt_pi_tag> two_over_sqrt_pi{};

}  // namespace ctdiff
