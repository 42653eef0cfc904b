// ctdiff/core/fixed_string.hpp — compile-time strings usable as template arguments.
#pragma once

#include <cstddef>
#include <string_view>

namespace ctdiff {

/// A string literal that can be a template argument: `var<"x">` stores its name in the type.
template <std::size_t N>
struct fixed_string {
    char chars[N]{};  // includes the terminating '\0'; public so that the type is structural

    constexpr fixed_string() noexcept = default;
    constexpr fixed_string(const char (&s)[N]) noexcept {  // NOLINT: implicit on purpose
        for (std::size_t i = 0; i < N; ++i) chars[i] = s[i];
    }

    [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return N - 1; }

    template <std::size_t M>
    [[nodiscard]] constexpr bool operator==(const fixed_string<M>& other) const noexcept {
        return view() == other.view();
    }
};

/// a + b as one fixed_string: `concat<"ctdiff.tangent.", Name>()`.
template <fixed_string A, fixed_string B>
constexpr auto concat() noexcept {
    fixed_string<A.size() + B.size() + 1> r;
    for (std::size_t i = 0; i < A.size(); ++i) r.chars[i] = A.chars[i];
    for (std::size_t i = 0; i < B.size(); ++i) r.chars[A.size() + i] = B.chars[i];
    return r;
}

}  // namespace ctdiff
