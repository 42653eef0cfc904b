// tests/support/accuracy.hpp — measuring the accuracy of floating-point functions: distances in
// ulps and deterministic test points (tests/unit/math_test.cpp, tests/unit/pack_test.cpp).
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace accuracy {

/// Maps a float/double to an integer so that adjacent values differ by 1 (+0 and -0 both to 0).
template <class T, class I>
I ordered(T x) {
    const I i = std::bit_cast<I>(x);
    return i < 0 ? std::numeric_limits<I>::min() - i : i;
}

/// Number of representable values between a and b (0 if equal; NaN matches only NaN).
inline double ulp_distance(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0.0 : 1e300;
    const std::int64_t ia = ordered<double, std::int64_t>(a);
    const std::int64_t ib = ordered<double, std::int64_t>(b);
    return static_cast<double>(ia > ib ? static_cast<std::uint64_t>(ia) - static_cast<std::uint64_t>(ib)
                                       : static_cast<std::uint64_t>(ib) - static_cast<std::uint64_t>(ia));
}
inline double ulp_distance(float a, float b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0.0 : 1e300;
    const std::int64_t ia = ordered<float, std::int32_t>(a);
    const std::int64_t ib = ordered<float, std::int32_t>(b);
    return static_cast<double>(ia > ib ? ia - ib : ib - ia);
}
/// long double (x87 layout has padding, so no bit_cast): |a - b| in units of ulp(b).
inline double ulp_distance(long double a, long double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0.0 : 1e300;
    if (a == b) return 0.0;
    if (std::isinf(a) || std::isinf(b)) return 1e300;
    constexpr int digits = std::numeric_limits<long double>::digits;
    const int e = b == 0.0L ? std::numeric_limits<long double>::min_exponent
                            : std::max(std::ilogb(b) + 1, std::numeric_limits<long double>::min_exponent);
    return static_cast<double>(std::fabs(a - b) / std::ldexp(1.0L, e - digits));
}

// ---------------------------------------------------------------------------------------------
// Deterministic points
// ---------------------------------------------------------------------------------------------

struct splitmix {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        return z ^ (z >> 31);
    }
    double unit() { return static_cast<double>(next() >> 11) * 0x1p-53; }  // [0, 1)
};

/// n points uniform in [lo, hi], plus both ends.
template <class T>
std::vector<T> uniform(long double lo, long double hi, int n, std::uint64_t seed = 1) {
    splitmix g{seed};
    std::vector<T> v{static_cast<T>(lo), static_cast<T>(hi)};
    for (int i = 0; i < n; ++i) v.push_back(static_cast<T>(lo + (hi - lo) * g.unit()));
    return v;
}
/// n points with |x| = 2^u, u uniform in [elo, ehi] (log-uniform), random sign if signed_.
template <class T>
std::vector<T> log_uniform(double elo, double ehi, int n, bool signed_, std::uint64_t seed = 2) {
    splitmix g{seed};
    std::vector<T> v;
    for (int i = 0; i < n; ++i) {
        const long double u = elo + (ehi - elo) * g.unit();
        // 2^u with a random full-precision significand in [1, 2).
        const int e = static_cast<int>(std::floor(u));
        long double m = 1.0L + static_cast<long double>(g.unit()) + static_cast<long double>(g.unit()) * 0x1p-53L;
        if (m >= 2.0L) m = 1.5L;  // stay finite at the top exponent
        T x = static_cast<T>(std::ldexp(m, e));
        if (signed_ && (g.next() & 1u)) x = -x;
        v.push_back(x);
    }
    return v;
}

template <class T>
const char* type_name() {
    if constexpr (std::is_same_v<T, float>) return "float";
    else if constexpr (std::is_same_v<T, double>) return "double";
    else return "long double";
}

/// The error of `got` in ulps of T, against a reference computed in a wider type (the
/// spacing of T at the reference; results beyond T's range compare as T's infinities).
template <class T>
double error_in_ulps(T got, long double exact) {
    if (std::isnan(got) || std::isnan(exact)) return std::isnan(got) && std::isnan(exact) ? 0.0 : 1e300;
    const T rounded = static_cast<T>(exact);
    if (std::isinf(got) || std::isinf(rounded)) return got == rounded ? 0.0 : 1e300;
    if (exact == 0.0L) return got == 0 ? 0.0 : 1e300;
    constexpr int digits = std::numeric_limits<T>::digits;
    const int e = std::max(std::ilogb(exact), std::numeric_limits<T>::min_exponent - 1);
    return static_cast<double>(std::fabs(static_cast<long double>(got) - exact) / std::ldexp(1.0L, e - digits + 1));
}

}  // namespace accuracy
