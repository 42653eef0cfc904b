// ctdiff/ops/constants.hpp — the named irrational constants `ctdiff::pi` and `ctdiff::e`.
#pragma once

#include <string_view>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/math/constants.hpp"

namespace ctdiff {

namespace constants {
struct pi_tag {
    static constexpr std::string_view name = "pi";
    static constexpr std::string_view latex = "\\pi";
    template <class T>
    static constexpr T value() {
        return math::pi_v<T>;
    }
};
struct e_tag {
    static constexpr std::string_view name = "e";
    static constexpr std::string_view latex = "e";
    template <class T>
    static constexpr T value() {
        return math::e_v<T>;
    }
};
}  // namespace constants

/// pi, rounded to the evaluation's scalar type.
inline constexpr named_constant<constants::pi_tag> pi{};
/// Euler's number e, rounded to the evaluation's scalar type.
inline constexpr named_constant<constants::e_tag> e{};

}  // namespace ctdiff
