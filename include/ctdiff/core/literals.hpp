// ctdiff/core/literals.hpp — exact constants `2_c`, `0.5_c`, `1e-3_c`, `-3_c` (unary minus).
#pragma once

#include <cstdint>

#include "ctdiff/core/expr.hpp"

namespace ctdiff {

namespace detail {
// Not constexpr on purpose: an error naming this function means the literal before `_c` is not
// a plain decimal number (digits, an optional '.', an optional exponent such as e-3).
inline void literal_c_accepts_only_decimal_numbers_like_2_c_0_5_c_1e_3_c() {}

template <char... Cs>
constexpr rational parse_decimal_literal() {
    constexpr char chars[] = {Cs..., '\0'};
    std::int64_t mantissa = 0;
    std::int64_t scale = 0;  // power of ten applied to the mantissa
    bool seen_dot = false;
    bool seen_digit = false;
    std::size_t i = 0;
    for (; chars[i] != '\0' && chars[i] != 'e' && chars[i] != 'E'; ++i) {
        const char ch = chars[i];
        if (ch == '\'') continue;
        if (ch == '.') {
            if (seen_dot) literal_c_accepts_only_decimal_numbers_like_2_c_0_5_c_1e_3_c();
            seen_dot = true;
            continue;
        }
        if (ch < '0' || ch > '9') literal_c_accepts_only_decimal_numbers_like_2_c_0_5_c_1e_3_c();
        seen_digit = true;
        mantissa = checked(checked_mul(mantissa, 10) + (ch - '0'));
        if (seen_dot) --scale;
    }
    if (!seen_digit) literal_c_accepts_only_decimal_numbers_like_2_c_0_5_c_1e_3_c();
    if (chars[i] == 'e' || chars[i] == 'E') {
        ++i;
        bool negative = false;
        if (chars[i] == '+' || chars[i] == '-') negative = chars[i++] == '-';
        std::int64_t exponent = 0;
        if (chars[i] == '\0') literal_c_accepts_only_decimal_numbers_like_2_c_0_5_c_1e_3_c();
        for (; chars[i] != '\0'; ++i) {
            if (chars[i] < '0' || chars[i] > '9')
                literal_c_accepts_only_decimal_numbers_like_2_c_0_5_c_1e_3_c();
            exponent = checked(checked_mul(exponent, 10) + (chars[i] - '0'));
        }
        scale += negative ? -exponent : exponent;
    }
    return rational::make(mantissa) * pow(rational::make(10), scale);
}
}  // namespace detail

namespace literals {
/// `2_c`, `0.5_c`, `1e-3_c`: exact rational constants, part of the expression's type.
template <char... Cs>
constexpr auto operator""_c() {
    return constant<detail::parse_decimal_literal<Cs...>()>{};
}
}  // namespace literals

}  // namespace ctdiff
