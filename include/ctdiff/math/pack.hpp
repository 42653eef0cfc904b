#pragma once
// ctdiff/math/pack.hpp — the elementary functions on packs (core/pack.hpp), lane by lane.
//
// exp, expm1, log, log1p, pow, tanh, sigmoid, softplus, sin, cos, sqrt and abs are vector kernels:
// branch-free, every lane through the same instructions, special values chosen by masks. The other
// functions call the scalar function once per lane. docs/math.md lists the measured accuracy.
//
// Kernels (T float or double; all constants below are facts about the functions, computed here):
//   exp:   x = k ln2 + r, |r| <= ln2/2, with ln2 in two parts so that k ln2_hi is exact; e^r by
//          its Taylor polynomial; 2^k applied as two factors 2^(k/2) 2^(k-k/2), so that results
//          in the subnormal range are rounded once.
//   expm1: the same reduction; e^x - 1 = 2^k q + (2^k - 1), q = e^r - 1 (no cancellation: 2^k q
//          is exact and 2^k - 1 is exact for the |k| where it matters).
//   log:   x = m 2^e, m in [sqrt(1/2), sqrt(2)); f = m - 1 (exact); s = f / (2 + f);
//          log(1 + f) = f - (f^2/2 - s (f^2/2 + R(s^2))), R the atanh series; plus e ln2.
//   log1p: log of u = 1 + x (rounded) plus the correction (x - (u - 1)) / u.
//   pow:   e^(y log|x|) with log|x| and y log|x| as double-words (log_double_word, two_prod);
//          std::pow's special cases chosen by masks.
//   tanh:  |x| < atanh(1/2): the odd Taylor polynomial; above: 1 - 2 / (e^(2|x|) + 1).
//   sin, cos: x = k pi/2 + r with pi/2 in four parts (three of 30 bits: k p_i exact for |k| <
//          2^23), the reduction kept exact as a double-word; Taylor polynomials of sin and cos on
//          |r| <= pi/4 with the low part's correction, chosen and signed by k mod 4.
//          Lanes with |x| above 2^20 (and inf, NaN) call the scalar function.

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/pack.hpp"

// The intrinsics used: fused multiply-add (FMA, AVX-512) and square roots (SSE2, AVX, AVX-512).
// <immintrin.h> declares every x86 extension and costs g++ about 0.5 s per translation unit;
// where the target has nothing beyond SSE2 (x86-64's baseline, every build without -m flags),
// <emmintrin.h> declares what is used, for a tenth of that.
#if CTDIFF_VECTOR_EXTENSIONS && (defined(__AVX__) || defined(__AVX512F__) || defined(__FMA__))
#include <immintrin.h>
#elif CTDIFF_VECTOR_EXTENSIONS && defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ctdiff::math {

namespace detail {

/// The binary layout of a lane type and the number of polynomial terms each kernel needs for
/// its precision (the Taylor terms beyond these are below half an ulp on the reduced range).
template <class T>
struct lane_format;
template <>
struct lane_format<double> {
    static constexpr int mantissa_bits = 52;
    static constexpr int bias = 1023;
    static constexpr double round_magic = 0x1.8p52;  // x + magic rounds x to an integer (|x| < 2^51)
    static constexpr int exp_terms = 14;             // 1, r, ..., r^13 / 13!
    static constexpr int log_terms = 10;             // s^2 ... s^20 of the atanh series
    static constexpr int tanh_terms = 19;            // x^3 ... x^39
    static constexpr int sin_terms = 9, cos_terms = 10;
    static constexpr double exp_max = 710.0, exp_min = -746.0;  // beyond: inf / 0
};
template <>
struct lane_format<float> {
    static constexpr int mantissa_bits = 23;
    static constexpr int bias = 127;
    static constexpr float round_magic = 0x1.8p23f;
    static constexpr int exp_terms = 9;
    static constexpr int log_terms = 6;
    static constexpr int tanh_terms = 10;
    static constexpr int sin_terms = 6, cos_terms = 7;
    static constexpr float exp_max = 89.0f, exp_min = -104.0f;
};

// ----- polynomial coefficients, computed in long double at compile time -----

/// 1/n!, n = 0 ... K-1.
template <class T, int K>
inline constexpr std::array<T, K> inverse_factorials = [] {
    std::array<T, K> c{};
    long double f = 1.0L;
    for (int n = 0; n < K; ++n) {
        if (n > 0) f /= static_cast<long double>(n);
        c[static_cast<std::size_t>(n)] = static_cast<T>(f);
    }
    return c;
}();
/// (-1)^n / (2n+1)!  (sin)  and  (-1)^n / (2n)!  (cos), n = 0 ... K-1.
template <class T, int K, int Offset>
inline constexpr std::array<T, K> alternating_factorials = [] {
    std::array<T, K> c{};
    long double f = 1.0L;
    int m = 1;
    for (int j = 1; j <= Offset; ++j) f /= static_cast<long double>(j), m = j + 1;
    for (int n = 0; n < K; ++n) {
        c[static_cast<std::size_t>(n)] = static_cast<T>(n % 2 == 0 ? f : -f);
        f /= static_cast<long double>(m) * static_cast<long double>(m + 1);
        m += 2;
    }
    return c;
}();
/// 2 / (2n + 1), n = 1 ... K: log(1 + f) = 2 atanh(s) = 2s + s R(s^2), R = sum of these s^2n.
template <class T, int K>
inline constexpr std::array<T, K> atanh_coefficients = [] {
    std::array<T, K> c{};
    for (int n = 1; n <= K; ++n) c[static_cast<std::size_t>(n - 1)] = static_cast<T>(2.0L / (2 * n + 1));
    return c;
}();
/// The Taylor coefficients of tanh at x^3, x^5, ...: tanh' = 1 - tanh^2 gives, for
/// tanh = sum t_n x^n, (n + 1) t_{n+1} = -sum_{i+j=n} t_i t_j.
template <class T, int K>
inline constexpr std::array<T, K> tanh_coefficients = [] {
    constexpr int n_max = 2 * K + 2;
    std::array<long double, n_max + 1> t{};
    t[1] = 1.0L;
    for (int n = 1; n < n_max; ++n) {
        long double s = 0.0L;
        for (int i = 1; i < n; ++i) s += t[static_cast<std::size_t>(i)] * t[static_cast<std::size_t>(n - i)];
        t[static_cast<std::size_t>(n + 1)] = -s / static_cast<long double>(n + 1);
    }
    std::array<T, K> c{};
    for (int k = 0; k < K; ++k) c[static_cast<std::size_t>(k)] = static_cast<T>(t[static_cast<std::size_t>(2 * k + 3)]);
    return c;
}();

/// a * b + c with one rounding where the target has fused multiply-add: Clang (-ffp-contract=on)
/// contracts a * b + c written with operators only within one expression of built-in types,
/// never across the pack's operator functions, and without it its kernels ran ~1.6x slower.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> mul_add(const pack<T, N>& a, const pack<T, N>& b, const pack<T, N>& c) noexcept {
    using P = pack<T, N>;
    using S [[maybe_unused]] = typename P::storage_type;
    [[maybe_unused]] constexpr bool dbl = std::is_same<T, double>::value;
    if (CTDIFF_IS_CONSTANT_EVALUATED()) return a * b + c;  // (the intrinsics are not constexpr)
#if CTDIFF_VECTOR_EXTENSIONS && defined(__AVX512F__)
    if constexpr (sizeof(S) == 64) {
        if constexpr (dbl)
            return P(std::bit_cast<S>(_mm512_fmadd_pd(std::bit_cast<__m512d>(a.storage()), std::bit_cast<__m512d>(b.storage()),
                                                      std::bit_cast<__m512d>(c.storage()))));
        else
            return P(std::bit_cast<S>(_mm512_fmadd_ps(std::bit_cast<__m512>(a.storage()), std::bit_cast<__m512>(b.storage()),
                                                      std::bit_cast<__m512>(c.storage()))));
    }
#endif
#if CTDIFF_VECTOR_EXTENSIONS && defined(__FMA__)
    if constexpr (sizeof(S) == 32 && !ctdiff::detail::is_lane_array<S>::value) {
        if constexpr (dbl)
            return P(std::bit_cast<S>(_mm256_fmadd_pd(std::bit_cast<__m256d>(a.storage()), std::bit_cast<__m256d>(b.storage()),
                                                      std::bit_cast<__m256d>(c.storage()))));
        else
            return P(std::bit_cast<S>(_mm256_fmadd_ps(std::bit_cast<__m256>(a.storage()), std::bit_cast<__m256>(b.storage()),
                                                      std::bit_cast<__m256>(c.storage()))));
    }
    if constexpr (sizeof(S) == 16 && !ctdiff::detail::is_lane_array<S>::value) {
        if constexpr (dbl)
            return P(std::bit_cast<S>(_mm_fmadd_pd(std::bit_cast<__m128d>(a.storage()), std::bit_cast<__m128d>(b.storage()),
                                                   std::bit_cast<__m128d>(c.storage()))));
        else
            return P(std::bit_cast<S>(_mm_fmadd_ps(std::bit_cast<__m128>(a.storage()), std::bit_cast<__m128>(b.storage()),
                                                   std::bit_cast<__m128>(c.storage()))));
    }
#endif
    return a * b + c;
}

/// z^(2^j), j = 0 ... 5.
template <class P>
struct powers_of_two {
    P p[6];
};
/// c[Lo] + c[Lo+1] z + ... + c[Lo+N-1] z^(N-1) by Estrin's scheme: the low part plus z^m times
/// the high part, m the largest power of two below N, recursively. Its dependency chain is about
/// log2(N) multiply-adds long, where Horner's rule is N - 1 long: kernels whose polynomials have
/// 10 to 20 terms are bound by that latency (measured, g++ 12, AVX-512, 4096 doubles: exp 3.7 ->
/// 2.9 us, tanh 7.8 -> 6.2 us).
template <std::size_t Lo, std::size_t N, class P, class T, std::size_t K>
CTDIFF_FORCEINLINE constexpr P estrin(const powers_of_two<P>& z, const std::array<T, K>& c) noexcept {
    if constexpr (N == 1) {
        return P(c[Lo]);
    } else if constexpr (N == 2) {
        return mul_add(z.p[0], P(c[Lo + 1]), P(c[Lo]));
    } else {
        constexpr std::size_t m = std::bit_floor(N - 1);
        constexpr int j = std::countr_zero(m);
        return mul_add(estrin<Lo + m, N - m>(z, c), z.p[j], estrin<Lo, m>(z, c));
    }
}
/// c[0] + c[1] z + ... + c[K-1] z^(K-1): c[0] + z (c[1] + z E), E the rest by Estrin's scheme.
/// (The last two steps as in Horner's rule: the result's final roundings are those of
/// c[0] + z (...), where the leading coefficients dominate; with Estrin's scheme to the end,
/// cos lost a quarter of an ulp.)
template <class P, class T, std::size_t K>
CTDIFF_FORCEINLINE constexpr P polynomial(const P& z, const std::array<T, K>& c) noexcept {
    static_assert(K >= 3 && K <= 66, "ctdiff: internal: 3 to 66 coefficients");
    powers_of_two<P> pw{};
    pw.p[0] = z;
    for (std::size_t j = 1; j < 6 && (std::size_t{1} << j) < K - 2; ++j) pw.p[j] = pw.p[j - 1] * pw.p[j - 1];
    return mul_add(z, mul_add(z, estrin<2, K - 2>(pw, c), P(c[1])), P(c[0]));
}

// ----- lane bits -----

template <class T, std::size_t N>
using bits_t = ctdiff::detail::lane_storage_t<ctdiff::detail::lane_bits_t<T>, N>;

template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr bits_t<T, N> splat_bits(ctdiff::detail::lane_bits_t<T> v) noexcept {
    return ctdiff::detail::splat<bits_t<T, N>, N>(v);
}
/// 2^k for integer lanes k in the normal exponent range.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> pow2(const bits_t<T, N>& k) noexcept {
    using F = lane_format<T>;
    return ctdiff::detail::from_lane_bits<T, N>((k + splat_bits<T, N>(F::bias)) << F::mantissa_bits);
}
/// x rounded to the nearest integer (|x| < 2^(mantissa_bits - 1)), as a float and as lane bits.
template <class T, std::size_t N>
struct rounded {
    pack<T, N> value;
    bits_t<T, N> bits;
};
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr rounded<T, N> round_to_integer(const pack<T, N>& x) noexcept {
    using F = lane_format<T>;
    const pack<T, N> magic(F::round_magic);
    const pack<T, N> t = x + magic;
    return {t - magic, ctdiff::detail::lane_bits(t) - ctdiff::detail::lane_bits(magic)};
}
/// Integer lanes (|k| < 2^(mantissa_bits - 1)) as floating-point lanes.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> to_floating(const bits_t<T, N>& k) noexcept {
    const pack<T, N> magic(lane_format<T>::round_magic);
    return ctdiff::detail::from_lane_bits<T, N>(k + ctdiff::detail::lane_bits(magic)) - magic;
}
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> with_sign_of(const pack<T, N>& magnitude, const pack<T, N>& sign) noexcept {
    const auto s = splat_bits<T, N>(std::numeric_limits<ctdiff::detail::lane_bits_t<T>>::min());
    return ctdiff::detail::from_lane_bits<T, N>((ctdiff::detail::lane_bits(magnitude) & ~s) | (ctdiff::detail::lane_bits(sign) & s));
}

template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> abs_bits(const pack<T, N>& x) noexcept {
    const auto s = splat_bits<T, N>(std::numeric_limits<ctdiff::detail::lane_bits_t<T>>::min());
    return ctdiff::detail::from_lane_bits<T, N>(ctdiff::detail::lane_bits(x) & ~s);
}

/// The scalar function f in every lane.
template <class T, std::size_t N, class F>
CTDIFF_FORCEINLINE pack<T, N> each_lane(const pack<T, N>& x, F f) {
    return pack<T, N>::generate([&](std::size_t i) { return f(x[i]); });
}
template <class T, std::size_t N, class F>
CTDIFF_FORCEINLINE pack<T, N> each_lane(const pack<T, N>& x, const pack<T, N>& y, F f) {
    return pack<T, N>::generate([&](std::size_t i) { return f(x[i], y[i]); });
}

/// ln 2 in two parts (the first with enough trailing zeros that k ln2_hi is exact).
template <class T>
inline constexpr T ln2_hi = std::is_same<T, double>::value ? T(0x1.62e42fee00000p-1) : T(0x1.62e4p-1f);
template <class T>
inline constexpr T ln2_lo = std::is_same<T, double>::value ? T(0x1.a39ef35793c76p-33) : T(0x1.7f7d1cp-20f);

/// k and e^r - 1 for x = k ln2 + r, x clamped to the range where e^x is finite and nonzero.
template <class T, std::size_t N>
struct exp_reduced {
    bits_t<T, N> k;
    pack<T, N> q;  // e^r - 1
};
/// (x_lo: a low part of the argument, |x_lo| below an ulp of x: pow's double-word exponent.)
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr exp_reduced<T, N> exp_reduce(const pack<T, N>& x, const pack<T, N>& x_lo = pack<T, N>{}) noexcept {
    using P = pack<T, N>;
    using F = lane_format<T>;
    const P xc = ctdiff::where(x > F::exp_max, P(F::exp_max),
                               ctdiff::where(x < F::exp_min, P(F::exp_min), ctdiff::where(x != x, P(0), x)));
    const rounded<T, N> k = round_to_integer(xc * T(1.4426950408889634074));
    const P r = ((xc - k.value * ln2_hi<T>)-k.value * ln2_lo<T>) + x_lo;
    // e^r - 1 = r + r^2 (1/2! + r/3! + ...)
    constexpr auto& c = inverse_factorials<T, F::exp_terms>;
    constexpr auto tail = [] {
        std::array<T, F::exp_terms - 2> t{};
        for (std::size_t i = 0; i < t.size(); ++i) t[i] = c[i + 2];
        return t;
    }();
    return {k.bits, r + (r * r) * polynomial(r, tail)};
}

/// v 2^k, as two powers of two 2^(k/2) 2^(k - k/2): a result in the subnormal range is rounded
/// once, and k up to the edges of the exponent range needs no special case.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> times_pow2(const pack<T, N>& v, const bits_t<T, N>& k) noexcept {
    const auto k1 = k >> 1;
    return (v * pow2<T, N>(k1)) * pow2<T, N>(k - k1);
}

/// u = m 2^e with m in [sqrt(1/2), sqrt(2)), for positive finite u (a subnormal u scaled first).
template <class T, std::size_t N>
struct mantissa_exponent {
    pack<T, N> m;
    bits_t<T, N> e;
};
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr mantissa_exponent<T, N> split_exponent(const pack<T, N>& u) noexcept {
    using P = pack<T, N>;
    using F = lane_format<T>;
    using I = ctdiff::detail::lane_bits_t<T>;
    const auto tiny = u < std::numeric_limits<T>::min();
    const P us = ctdiff::where(tiny, u * T(F::mantissa_bits == 52 ? 0x1p54 : 0x1p25f), u);
    const auto b = ctdiff::detail::lane_bits(us);
    const auto mantissa_mask = splat_bits<T, N>((I(1) << F::mantissa_bits) - 1);
    auto e = ((b >> F::mantissa_bits) & splat_bits<T, N>(2 * F::bias + 1)) - splat_bits<T, N>(F::bias);
    e = e - (tiny.bits() & splat_bits<T, N>(F::mantissa_bits + 2));
    P m = ctdiff::detail::from_lane_bits<T, N>((b & mantissa_mask) | splat_bits<T, N>(I(F::bias) << F::mantissa_bits));
    const auto high = m > T(1.4142135623730950488);
    return {ctdiff::where(high, m * T(0.5), m), e - high.bits()};  // (a true lane is -1)
}

/// log of positive finite u plus a small correction c (added before the last roundings).
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> log_core(const pack<T, N>& u, const pack<T, N>& c) noexcept {
    using P = pack<T, N>;
    using F = lane_format<T>;
    const mantissa_exponent<T, N> me = split_exponent(u);
    const P ed = to_floating<T, N>(me.e);
    const P f = me.m - T(1);
    const P s = f / (T(2) + f);
    const P z = s * s;
    const P R = z * polynomial(z, atanh_coefficients<T, F::log_terms>);
    const P hfsq = T(0.5) * f * f;
    return ed * ln2_hi<T> - ((hfsq - (s * (hfsq + R) + (ed * ln2_lo<T> + c))) - f);
}

/// A value as an unevaluated sum hi + lo, |lo| at most half an ulp of hi.
template <class T, std::size_t N>
struct double_word {
    pack<T, N> hi, lo;
};
/// a + b exactly (Knuth's two-sum: any magnitudes; no re-association allowed, as with -ffast-math).
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr double_word<T, N> two_sum(const pack<T, N>& a, const pack<T, N>& b) noexcept {
    const pack<T, N> s = a + b;
    const pack<T, N> bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}

/// a + b exactly, for |a| >= |b| (or a = 0).
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr double_word<T, N> fast_two_sum(const pack<T, N>& a, const pack<T, N>& b) noexcept {
    const pack<T, N> s = a + b;
    return {s, b - (s - a)};
}
/// a * b exactly: with a fused multiply-add, a b - round(a b) is one instruction; without,
/// Dekker's product of Veltkamp's halves (a compiler that contracts its products into multiply-
/// adds loses only the last few bits of the low part, far below what pow needs).
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr double_word<T, N> two_prod(const pack<T, N>& a, const pack<T, N>& b) noexcept {
    using P = pack<T, N>;
    const P p = a * b;
#if CTDIFF_VECTOR_EXTENSIONS && (defined(__AVX512F__) || defined(__FMA__))
    if (!CTDIFF_IS_CONSTANT_EVALUATED() && !ctdiff::detail::is_lane_array<typename P::storage_type>::value &&
        (sizeof(P) == 64 || sizeof(P) == 32 || sizeof(P) == 16))
        return {p, mul_add(a, b, -p)};
#endif
    constexpr T split = T((std::uint64_t{1} << ((std::numeric_limits<T>::digits + 1) / 2)) + 1);
    const P ca = a * split, cb = b * split;
    const P a_hi = ca - (ca - a), b_hi = cb - (cb - b);
    const P a_lo = a - a_hi, b_lo = b - b_hi;
    return {p, ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo};
}
/// Whether each lane holds an integer (|v| at 2^digits and above always does).
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack_mask<T, N> is_integer(const pack<T, N>& v) noexcept {
    using P = pack<T, N>;
    constexpr T big = T(std::uint64_t{1} << (std::numeric_limits<T>::digits - 1));  // 2^52: ulp 1
    const P a = abs_bits(v);
    return (a >= big) || (((a + big) - big) == a);  // (a + 2^52 rounds a to an integer below 2^52)
}

/// log u as a double-word, for positive finite u (pow's log: y log u reaches 745, so log u must
/// be far more exact than a double; this one is good to about 2^-70 relative).
template <std::size_t N>
CTDIFF_FORCEINLINE constexpr double_word<double, N> log_double_word(const pack<double, N>& u) noexcept {
    using P = pack<double, N>;
    using W = double_word<double, N>;
    const mantissa_exponent<double, N> me = split_exponent(u);
    const P f = me.m - 1.0;  // exact
    // s = f / (2 + f) as a double-word: 2 + f exactly, then the quotient's remainder
    const W u2 = two_sum(P(2.0), f);
    const P s_hi = f / u2.hi;
    const W q = two_prod(s_hi, u2.hi);
    const P s_lo = (((f - q.hi) - q.lo) - s_hi * u2.lo) / u2.hi;
    // log(1 + f) = 2 s + s R, R = 2/3 t + t^2 (2/5 + 2/7 t + ...), t = s^2; the 2/3 t term as a
    // double-word (the rest is below 2 % of R)
    const W t0 = two_prod(s_hi, s_hi);
    const P t_lo = t0.lo + 2.0 * s_hi * s_lo;
    constexpr double c_hi = 2.0 / 3.0;
    constexpr double c_lo = static_cast<double>(2.0L / 3.0L - static_cast<long double>(c_hi));
    const W ct = two_prod(P(c_hi), t0.hi);
    // 13 terms: the first left out, 2 t^14 s / 29, is below 2^-70 of log(1 + f) (log's own 10
    // terms stop at 2^-60)
    constexpr int terms = 13;
    constexpr auto rest = [] {
        std::array<double, terms - 1> r{};
        for (std::size_t i = 0; i < r.size(); ++i) r[i] = atanh_coefficients<double, terms>[i + 1];
        return r;
    }();
    const P tail = ct.lo + c_hi * t_lo + c_lo * t0.hi + (t0.hi * t0.hi) * polynomial(t0.hi, rest);
    const W R = fast_two_sum(ct.hi, tail);
    const W sr = two_prod(s_hi, R.hi);
    const W sr2 = fast_two_sum(sr.hi, sr.lo + s_hi * R.lo + s_lo * R.hi);
    // 2 s + s R, then + e ln2 (ln2 to 106 bits)
    const W lm = two_sum(2.0 * s_hi, sr2.hi);
    const W log_m = fast_two_sum(lm.hi, lm.lo + 2.0 * s_lo + sr2.lo);
    const P ed = to_floating<double, N>(me.e);
    const W eln2 = two_prod(ed, P(0x1.62e42fefa39efp-1));
    const P eln2_lo = eln2.lo + ed * 0x1.abc9e3b39803fp-56;
    const W sum = two_sum(eln2.hi, log_m.hi);
    return fast_two_sum(sum.hi, sum.lo + eln2_lo + log_m.lo);
}

// pi/2 in four parts: three of 30 bits and the rest.
inline constexpr double pio2_1 = 0x1.921fb54000000p+0;
inline constexpr double pio2_2 = 0x1.10b4611800000p-30;
inline constexpr double pio2_3 = 0x1.313198a000000p-61;
inline constexpr double pio2_4 = 0x1.701b839a25205p-92;

/// sin (Sine) or cos of double lanes.
template <bool Sine, std::size_t N>
CTDIFF_FORCEINLINE pack<double, N> sin_cos(const pack<double, N>& x) noexcept {
    using P = pack<double, N>;
    using F = lane_format<double>;
    const auto large = !(abs_bits(x) <= 0x1p20);  // also inf, NaN
    const P xs = ctdiff::where(large, P(0), x);
    const rounded<double, N> k = round_to_integer(xs * 0.63661977236758134308);
    // r = x - k pi/2 as hi + lo: x - k p1 and every k p_i are exact, the two subtractions after
    // them are kept exactly as sums (each rounding error carried on), so r is exact to about
    // 2^-100 relative; with plain subtractions sin and cos reached 2.3 ulp near 2^20
    const P a = xs - k.value * pio2_1;
    const double_word<double, N> b = two_sum(a, -(k.value * pio2_2));
    const double_word<double, N> c3 = two_sum(b.hi, -(k.value * pio2_3));
    const P tail = (b.lo + c3.lo) - k.value * pio2_4;
    const P hi = c3.hi + tail;
    const P lo = tail - (hi - c3.hi);
    const P z = hi * hi;
    // sin(hi + lo) = sin hi + lo cos hi, cos(hi + lo) = cos hi - lo sin hi (lo^2 is below an ulp)
    const P s = hi + mul_add(hi * z, polynomial(z, [] {
                                 std::array<double, F::sin_terms - 1> t{};
                                 for (std::size_t i = 0; i < t.size(); ++i)
                                     t[i] = alternating_factorials<double, F::sin_terms, 1>[i + 1];
                                 return t;
                             }()),
                             lo * (1.0 - 0.5 * z));
    const P c = polynomial(z, alternating_factorials<double, F::cos_terms, 0>) - hi * lo;
    const auto q = k.bits + splat_bits<double, N>(Sine ? 0 : 1);  // cos x = sin(x + pi/2)
    const pack_mask<double, N> odd(splat_bits<double, N>(0) - (q & splat_bits<double, N>(1)));
    const pack_mask<double, N> negative(splat_bits<double, N>(0) - ((q >> 1) & splat_bits<double, N>(1)));
    const P v = ctdiff::where(odd, c, s);
    P result = ctdiff::where(negative, -v, v);
    if constexpr (Sine) result = ctdiff::where(x == 0.0, x, result);  // sin(-0) = -0
    if (ctdiff::any(large))
        result = ctdiff::where(large, each_lane(x, [](double a) { return Sine ? std::sin(a) : std::cos(a); }), result);
    return result;
}

}  // namespace detail

/// |x| in every lane (abs(-0) = +0).
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> abs(const pack<T, N>& x) noexcept {
    return detail::abs_bits(x);
}

/// e^x in every lane.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> exp(const pack<T, N>& x) noexcept {
    const detail::exp_reduced<T, N> e = detail::exp_reduce(x);
    const pack<T, N> v = detail::times_pow2(T(1) + e.q, e.k);
    return ctdiff::where(x != x, x, v);
}

/// e^x - 1 in every lane.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> expm1(const pack<T, N>& x) noexcept {
    using P = pack<T, N>;
    const detail::exp_reduced<T, N> e = detail::exp_reduce(x);
    const P two_k = detail::times_pow2(P(T(1)), e.k);
    // 2^k q + (2^k - 1) while 2^k - 1 is (nearly) exact; beyond, the -1 is below an ulp
    const P near = two_k * e.q + (two_k - T(1));
    const P far = detail::times_pow2(T(1) + e.q, e.k);
    const auto is_far = detail::to_floating<T, N>(e.k) > T(std::numeric_limits<T>::digits + 3);
    const P v = ctdiff::where(is_far, far, near);
    return ctdiff::where((x != x) || (x == T(0)), x, v);
}

/// log x in every lane.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> log(const pack<T, N>& x) noexcept {
    using P = pack<T, N>;
    constexpr T inf = std::numeric_limits<T>::infinity();
    const auto regular = (x > T(0)) && (x < inf);
    const P v = detail::log_core(ctdiff::where(regular, x, P(1)), P(0));
    return ctdiff::where(regular, v,
                         ctdiff::where(x == T(0), P(-inf), ctdiff::where(x < T(0), P(std::numeric_limits<T>::quiet_NaN()), x)));
}

/// log(1 + x) in every lane.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> log1p(const pack<T, N>& x) noexcept {
    using P = pack<T, N>;
    constexpr T inf = std::numeric_limits<T>::infinity();
    const auto regular = (x > T(-1)) && (x < inf);
    const P xr = ctdiff::where(regular, x, P(0));
    const P u = T(1) + xr;
    const P c = (xr - (u - T(1))) / u;  // what rounding 1 + x lost, relative to u
    const P v = detail::log_core(u, c);
    const P special = ctdiff::where(x == T(-1), P(-inf), ctdiff::where(x < T(-1), P(std::numeric_limits<T>::quiet_NaN()), x));
    return ctdiff::where(regular && (x != T(0)), v, special);
}

/// tanh x in every lane.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> tanh(const pack<T, N>& x) noexcept {
    using P = pack<T, N>;
    using F = detail::lane_format<T>;
    const P ax = abs(x);
    const auto small = ax < T(0.54930614433405484570);  // atanh(1/2)
    const P xs = ctdiff::where(small, x, P(0));
    const P z = xs * xs;
    const P near = xs + (xs * z) * detail::polynomial(z, detail::tanh_coefficients<T, F::tanh_terms>);
    const P far = T(1) - T(2) / (exp(ctdiff::where(small, P(0), ax + ax)) + T(1));
    return ctdiff::where(x == T(0), x, ctdiff::where(small, near, detail::with_sign_of(far, x)));  // (keeps -0)
}

/// 1 / (1 + e^-x) in every lane.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> sigmoid(const pack<T, N>& x) noexcept {
    using P = pack<T, N>;
    const P e = exp(-abs(x));
    // n / (1 + e) with 1 + e as s + t exactly (Fast2Sum): no rounding error from the sum
    const P n = ctdiff::where(x >= T(0), P(1), e);
    const P s = T(1) + e;
    const P t = (T(1) - s) + e;
    const P q = n / s;
    return q - q * (t / s);
}

/// log(1 + e^x) in every lane.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> softplus(const pack<T, N>& x) noexcept {
    const pack<T, N> l = log1p(exp(-abs(x)));
    return ctdiff::where(x > T(0), x + l, ctdiff::where(x != x, x, l));
}

namespace detail {
/// f of float lanes computed on double lanes and rounded once (f takes and gives pack<double, N>).
template <std::size_t N, class F, class... X>
CTDIFF_FORCEINLINE constexpr pack<float, N> in_double(F f, const X&... x) noexcept {
    const pack<double, N> d = f(pack<double, N>::generate([&](std::size_t i) { return double(x[i]); })...);
    return pack<float, N>::generate([&](std::size_t i) { return static_cast<float>(d[i]); });
}
}  // namespace detail

/// sin x, cos x in every lane. (float lanes are computed in double.)
template <class T, std::size_t N>
CTDIFF_FORCEINLINE pack<T, N> sin(const pack<T, N>& x) noexcept {
    if constexpr (std::is_same<T, double>::value) return detail::sin_cos<true>(x);
    else return detail::in_double<N>([](const pack<double, N>& d) { return detail::sin_cos<true>(d); }, x);
}
template <class T, std::size_t N>
CTDIFF_FORCEINLINE pack<T, N> cos(const pack<T, N>& x) noexcept {
    if constexpr (std::is_same<T, double>::value) return detail::sin_cos<false>(x);
    else return detail::in_double<N>([](const pack<double, N>& d) { return detail::sin_cos<false>(d); }, x);
}

/// The square root of every lane (the hardware instruction where there is one).
template <class T, std::size_t N>
CTDIFF_FORCEINLINE pack<T, N> sqrt(const pack<T, N>& x) noexcept {
#if CTDIFF_VECTOR_EXTENSIONS && defined(__AVX512F__)
    if constexpr (sizeof(T) * N == 64) {  // (the masked form: GCC 12 warns about the plain one's
                                          // "undefined" source operand)
        if constexpr (std::is_same<T, double>::value)
            return pack<T, N>(std::bit_cast<typename pack<T, N>::storage_type>(_mm512_mask_sqrt_pd(std::bit_cast<__m512d>(x.storage()), 0xFF, std::bit_cast<__m512d>(x.storage()))));
        else return pack<T, N>(std::bit_cast<typename pack<T, N>::storage_type>(_mm512_mask_sqrt_ps(std::bit_cast<__m512>(x.storage()), 0xFFFF, std::bit_cast<__m512>(x.storage()))));
    } else
#endif
#if CTDIFF_VECTOR_EXTENSIONS && defined(__AVX__)
    if constexpr (sizeof(T) * N == 32) {
        if constexpr (std::is_same<T, double>::value)
            return pack<T, N>(std::bit_cast<typename pack<T, N>::storage_type>(_mm256_sqrt_pd(std::bit_cast<__m256d>(x.storage()))));
        else return pack<T, N>(std::bit_cast<typename pack<T, N>::storage_type>(_mm256_sqrt_ps(std::bit_cast<__m256>(x.storage()))));
    } else
#endif
#if CTDIFF_VECTOR_EXTENSIONS && defined(__SSE2__)
    if constexpr (sizeof(T) * N == 16) {
        if constexpr (std::is_same<T, double>::value)
            return pack<T, N>(std::bit_cast<typename pack<T, N>::storage_type>(_mm_sqrt_pd(std::bit_cast<__m128d>(x.storage()))));
        else return pack<T, N>(std::bit_cast<typename pack<T, N>::storage_type>(_mm_sqrt_ps(std::bit_cast<__m128>(x.storage()))));
    } else
#endif
    {
        return detail::each_lane(x, [](T a) { return std::sqrt(a); });
    }
}

/// x^y in every lane, with std::pow's special cases. |x|^y = e^(y log|x|) with log|x| and the
/// product kept as double-words (y log|x| reaches 745: a double's rounding there would cost ten
/// bits); float lanes are computed in double.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> pow(const pack<T, N>& x, const pack<T, N>& y) noexcept {
    if constexpr (std::is_same<T, float>::value) {
        return detail::in_double<N>([](const pack<double, N>& a, const pack<double, N>& b) { return math::pow(a, b); }, x, y);
    } else {
        using P = pack<double, N>;
        constexpr double inf = std::numeric_limits<double>::infinity();
        const P ax = abs(x), ay = abs(y);
        const auto y_integer = detail::is_integer(y);
        const auto y_odd = y_integer && (ay < 0x1p53) && !detail::is_integer(y * 0.5);
        const auto negative = x < 0.0;
        // |x|^y for finite nonzero x, finite y (other lanes compute on 1 and are chosen below)
        const auto regular = (ax > 0.0) && (ax < inf) && (ay < inf);
        const detail::double_word<double, N> ls = detail::log_double_word(ctdiff::where(regular, ax, P(1.0)));
        const P yr = ctdiff::where(regular, y, P(0.0));
        // y log|x| = z_hi + z_lo; beyond the range of exp the low part may be inf or NaN (Dekker's
        // splitting overflows near the largest doubles), and the high part decides alone
        const detail::double_word<double, N> z0 = detail::two_prod(yr, ls.hi);
        // (|y| >= 2^900 with |z_hi| < 1000 means log|x| = 0: x = +-1)
        const P z_lo = ctdiff::where((abs(z0.hi) < 1000.0) && (abs(yr) < 0x1p900), z0.lo + yr * ls.lo, P(0.0));
        const detail::exp_reduced<double, N> e = detail::exp_reduce(z0.hi, z_lo);
        const P magnitude = detail::times_pow2(1.0 + e.q, e.k);
        const P signed_magnitude = ctdiff::where(negative && y_odd, -magnitude, magnitude);
        // the special cases, as std::pow (C99 / IEEE 754)
        const P nan(std::numeric_limits<double>::quiet_NaN());
        const P zero_x = ctdiff::where(y < 0.0, ctdiff::where(y_odd, detail::with_sign_of(P(inf), x), P(inf)),
                                       ctdiff::where(y_odd, x, P(0.0)));
        const P inf_x = ctdiff::where(x > 0.0, ctdiff::where(y < 0.0, P(0.0), P(inf)),
                                      ctdiff::where(y < 0.0, ctdiff::where(y_odd, P(-0.0), P(0.0)),
                                                    ctdiff::where(y_odd, P(-inf), P(inf))));
        const P inf_y = ctdiff::where(ax == 1.0, P(1.0), ctdiff::where((ax < 1.0) == (y > 0.0), P(0.0), P(inf)));
        P v = ctdiff::where(negative && !y_integer, nan, signed_magnitude);
        v = ctdiff::where(ay == inf, inf_y, v);
        v = ctdiff::where(ax == inf, inf_x, v);
        v = ctdiff::where(x == 0.0, zero_x, v);
        v = ctdiff::where((x != x) || (y != y), nan, v);
        return ctdiff::where((y == 0.0) || (x == 1.0), P(1.0), v);
    }
}

// The other functions: the scalar function once per lane.
#define CTDIFF_PACK_EACH_LANE(NAME)                                                  \
    template <class T, std::size_t N>                                                \
    CTDIFF_FORCEINLINE pack<T, N> NAME(const pack<T, N>& x) noexcept {               \
        return detail::each_lane(x, [](T a) { return std::NAME(a); });          \
    }
CTDIFF_PACK_EACH_LANE(tan)
CTDIFF_PACK_EACH_LANE(sinh)
CTDIFF_PACK_EACH_LANE(cosh)
CTDIFF_PACK_EACH_LANE(atan)
CTDIFF_PACK_EACH_LANE(asin)
CTDIFF_PACK_EACH_LANE(acos)
CTDIFF_PACK_EACH_LANE(asinh)
CTDIFF_PACK_EACH_LANE(acosh)
CTDIFF_PACK_EACH_LANE(atanh)
CTDIFF_PACK_EACH_LANE(exp2)
CTDIFF_PACK_EACH_LANE(log2)
CTDIFF_PACK_EACH_LANE(log10)
CTDIFF_PACK_EACH_LANE(cbrt)
CTDIFF_PACK_EACH_LANE(erf)
CTDIFF_PACK_EACH_LANE(erfc)
CTDIFF_PACK_EACH_LANE(floor)
CTDIFF_PACK_EACH_LANE(ceil)
CTDIFF_PACK_EACH_LANE(trunc)
CTDIFF_PACK_EACH_LANE(round)
#undef CTDIFF_PACK_EACH_LANE
template <class T, std::size_t N>
CTDIFF_FORCEINLINE pack<T, N> atan2(const pack<T, N>& y, const pack<T, N>& x) noexcept {
    return detail::each_lane(y, x, [](T a, T b) { return std::atan2(a, b); });
}
template <class T, std::size_t N>
CTDIFF_FORCEINLINE pack<T, N> hypot(const pack<T, N>& x, const pack<T, N>& y) noexcept {
    return detail::each_lane(x, y, [](T a, T b) { return std::hypot(a, b); });
}

}  // namespace ctdiff::math
