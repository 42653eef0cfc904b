// ctdiff/core/rational.hpp — exact rational numbers for compile-time constants.
#pragma once

#include <cstdint>
#include <limits>

namespace ctdiff {

namespace detail {
// Not constexpr on purpose: reaching it during constant evaluation stops compilation, and the
// compiler's message names this function. An error here means that folding exact constants
// produced a numerator or denominator that does not fit in 62 bits. Bind the value as a named
// parameter instead (`a * x` evaluated with `a = 1e30`), or simplify the constants by hand.
inline void exact_constant_does_not_fit_in_int64_bind_a_named_parameter_instead() {}
// An error here means a constant expression divides by the exact constant 0 (`x / 0_c`).
inline void exact_constant_division_by_zero() {}

inline constexpr std::int64_t rational_limit = std::int64_t{1} << 62;

constexpr std::int64_t checked(std::int64_t v) {
    if (v >= rational_limit || v <= -rational_limit)
        exact_constant_does_not_fit_in_int64_bind_a_named_parameter_instead();
    return v;
}
constexpr std::int64_t abs64(std::int64_t v) { return v < 0 ? -v : v; }
constexpr std::int64_t gcd64(std::int64_t a, std::int64_t b) {
    a = abs64(a);
    b = abs64(b);
    while (b != 0) {
        const std::int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}
constexpr std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
    if (a != 0 && abs64(b) >= rational_limit / abs64(a))
        exact_constant_does_not_fit_in_int64_bind_a_named_parameter_instead();
    return a * b;
}
}  // namespace detail

/// An exact rational number num/den, always in lowest terms with den > 0. It is a structural
/// type, so `constant<rational{1, 2}>` is a type; two equal rationals give the same type.
struct rational {
    std::int64_t num = 0;
    std::int64_t den = 1;

    [[nodiscard]] static constexpr rational make(std::int64_t n, std::int64_t d = 1) {
        if (d == 0) detail::exact_constant_division_by_zero();
        if (d < 0) {
            n = -n;
            d = -d;
        }
        const std::int64_t g = detail::gcd64(n, d);
        return rational{detail::checked(n / (g == 0 ? 1 : g)), detail::checked(d / (g == 0 ? 1 : g))};
    }

    [[nodiscard]] constexpr bool is_integer() const { return den == 1; }
    [[nodiscard]] constexpr bool is_zero() const { return num == 0; }
    [[nodiscard]] constexpr bool is_one() const { return num == 1 && den == 1; }
    [[nodiscard]] constexpr bool is_negative() const { return num < 0; }

    template <class T>
    [[nodiscard]] constexpr T as() const {
        return static_cast<T>(num) / static_cast<T>(den);
    }

    friend constexpr bool operator==(rational, rational) = default;
    friend constexpr bool operator<(rational a, rational b) {
        // a.num/a.den < b.num/b.den with positive denominators
        return detail::checked_mul(a.num, b.den) < detail::checked_mul(b.num, a.den);
    }
    friend constexpr rational operator-(rational a) { return make(-a.num, a.den); }
    friend constexpr rational operator+(rational a, rational b) {
        const std::int64_t g = detail::gcd64(a.den, b.den);
        const std::int64_t l = detail::checked_mul(a.den / g, b.den);
        return make(detail::checked(detail::checked_mul(a.num, l / a.den) +
                                    detail::checked_mul(b.num, l / b.den)),
                    l);
    }
    friend constexpr rational operator-(rational a, rational b) { return a + (-b); }
    friend constexpr rational operator*(rational a, rational b) {
        const std::int64_t g1 = detail::gcd64(a.num, b.den);
        const std::int64_t g2 = detail::gcd64(b.num, a.den);
        const std::int64_t d1 = g1 == 0 ? 1 : g1;
        const std::int64_t d2 = g2 == 0 ? 1 : g2;
        return make(detail::checked_mul(a.num / d1, b.num / d2),
                    detail::checked_mul(a.den / d2, b.den / d1));
    }
    friend constexpr rational operator/(rational a, rational b) {
        if (b.num == 0) detail::exact_constant_division_by_zero();
        return a * make(b.den, b.num);
    }
};

/// r^k for an integer k (negative k inverts).
[[nodiscard]] constexpr rational pow(rational r, std::int64_t k) {
    rational result{1, 1};
    const bool invert = k < 0;
    for (std::int64_t i = 0; i < (invert ? -k : k); ++i) result = result * r;
    return invert ? rational{1, 1} / result : result;
}

}  // namespace ctdiff
