#pragma once
// ctdiff::math constants, and the floating-point building blocks that the other math headers
// share (ctdiff::math::detail): classification, exact scaling by powers of two, double-word
// ("double-double") arithmetic, and high-precision splittings of ln 2 and pi/2.
//
// Everything here is usable in constant evaluation on GCC and Clang. Constant evaluation rejects
// arithmetic that produces a NaN (Clang) or overflows to infinity from finite operands (GCC), so
// the code never does either: special values are tested first and returned from
// std::numeric_limits. Double-word arithmetic relies on IEEE round-to-nearest without
// contraction or reassociation; it is correct in constant evaluation and in ordinary builds, but
// not under -ffast-math.

#include <concepts>
#include <limits>
#include <numbers>
#include <type_traits>

namespace ctdiff::math {

template <std::floating_point T>
inline constexpr T pi_v = std::numbers::pi_v<T>;
template <std::floating_point T>
inline constexpr T e_v = std::numbers::e_v<T>;
template <std::floating_point T>
inline constexpr T ln2_v = std::numbers::ln2_v<T>;

namespace detail {

// ---------------------------------------------------------------------------------------------
// Types and classification
// ---------------------------------------------------------------------------------------------

/// The type the constexpr implementations compute in: float is computed in double and rounded
/// once at the end; double and long double are computed in double-word arithmetic of themselves.
template <class T>
using work_t = std::conditional_t<std::is_same<T, float>::value, double, T>;

template <class T>
inline constexpr T inf_v = std::numeric_limits<T>::infinity();
template <class T>
inline constexpr T nan_v = std::numeric_limits<T>::quiet_NaN();
template <class T>
inline constexpr int digits_v = std::numeric_limits<T>::digits;

template <class T>
constexpr bool is_nan(T x) noexcept {
    return x != x;
}
template <class T>
constexpr bool is_inf(T x) noexcept {
    return x == inf_v<T> || x == -inf_v<T>;
}
/// |x| for finite or infinite x (internal: keeps the sign of -0, which callers never rely on).
template <class T>
constexpr T fabs(T x) noexcept {
    return x < T(0) ? -x : x;
}

// copysign is the one builtin used: GCC 12 and Clang 14 both fold it in constant evaluation,
// and it is the only portable way to read the sign of -0 there (std::bit_cast of long double
// is not supported by Clang 14).
constexpr float copy_sign(float mag, float sgn) noexcept { return __builtin_copysignf(mag, sgn); }
constexpr double copy_sign(double mag, double sgn) noexcept { return __builtin_copysign(mag, sgn); }
constexpr long double copy_sign(long double mag, long double sgn) noexcept {
    return __builtin_copysignl(mag, sgn);
}
template <class T>
constexpr bool sign_bit(T x) noexcept {
    return copy_sign(T(1), x) < T(0);
}

// ---------------------------------------------------------------------------------------------
// Powers of two and exact scaling
// ---------------------------------------------------------------------------------------------

/// 2^n, exactly, for n from the smallest subnormal exponent to max_exponent - 1.
template <class W>
constexpr W pow2(int n) noexcept {
    W base = n < 0 ? W(0.5) : W(2);
    unsigned m = n < 0 ? static_cast<unsigned>(-n) : static_cast<unsigned>(n);
    W r = 1;
    while (m != 0) {
        if (m & 1u) r *= base;
        m >>= 1;
        if (m != 0) base *= base;
    }
    return r;
}

/// x * 2^n with a single rounding (only when the result is subnormal); overflow gives +-inf.
template <class W>
constexpr W scale2(W x, int n) noexcept {
    constexpr int emax = std::numeric_limits<W>::max_exponent - 1;  // 2^emax is finite
    constexpr int emin = std::numeric_limits<W>::min_exponent - 1;  // 2^emin is the least normal
    if (x == W(0)) return x;
    while (n > 0) {
        const int step = n < emax ? n : emax;
        const W f = pow2<W>(step);
        if (fabs(x) > std::numeric_limits<W>::max() / f) return copy_sign(inf_v<W>, x);
        x *= f;
        n -= step;
    }
    // Downwards, apply the small remainder first so that only the last product can round.
    while (n < emin) {
        const int step = n - emin > emin ? n - emin : emin;
        x *= pow2<W>(step);
        n -= step;
    }
    return n < 0 ? x * pow2<W>(n) : x;
}

/// Rounds a work-type result to T. double -> float: values beyond the float range become
/// +-inf explicitly (out-of-range conversion is not a portable constant expression).
template <class T, class W>
constexpr T narrow(W x) noexcept {
    if constexpr (std::is_same<T, W>::value) {
        return x;
    } else {
        // Smallest W that rounds to infinity in T: max + ulp(max) / 2 (the tie goes to inf).
        constexpr W limit = static_cast<W>(std::numeric_limits<T>::max()) +
                            pow2<W>(std::numeric_limits<T>::max_exponent - digits_v<T> - 1);
        if (is_nan(x)) return nan_v<T>;
        if (x >= limit) return inf_v<T>;
        if (x <= -limit) return -inf_v<T>;
        return static_cast<T>(x);
    }
}

/// Splits finite x > 0 into m * 2^e with m in [1, 2). Exact; handles subnormals.
template <class W>
struct mant_exp {
    W m;
    int e;
};
template <class W>
constexpr mant_exp<W> decompose(W x) noexcept {
    constexpr int digits = digits_v<W>;
    int e = 0;
    if (x < std::numeric_limits<W>::min()) {  // subnormal: make it normal first
        x *= pow2<W>(digits);
        e -= digits;
    }
    // big[j] = 2^(2^j) for 2^j < max_exponent.
    constexpr int levels = [] {
        int l = 0;
        while ((1 << (l + 1)) < std::numeric_limits<W>::max_exponent) ++l;
        return l + 1;
    }();
    W big[static_cast<unsigned>(levels)] = {};
    W small[static_cast<unsigned>(levels)] = {};  // 2^-(2^j)
    big[0] = W(2);
    small[0] = W(0.5);
    for (int j = 1; j < levels; ++j) {
        big[j] = big[j - 1] * big[j - 1];
        small[j] = small[j - 1] * small[j - 1];
    }
    for (int j = levels - 1; j >= 0; --j) {  // greedy: divide by 2^(2^j) while x >= 2^(2^j)
        if (x >= big[j]) {
            x *= small[j];
            e += 1 << j;
        }
    }
    for (int j = levels - 1; j >= 0; --j) {  // multiply by 2^(2^j) while x * 2^(2^j) < 2
        if (x * big[j] < W(2)) {
            x *= big[j];
            e -= 1 << j;
        }
    }
    return {x, e};
}

/// Nearest integer (ties to even) of v, as a W; requires |v| < 2^(digits - 2).
template <class W>
constexpr W nearest_int(W v) noexcept {
    constexpr W c = W(1.5) * pow2<W>(digits_v<W> - 1);
    return (v + c) - c;
}

/// Whether finite v is an integer.
template <class W>
constexpr bool is_integer(W v) noexcept {
    constexpr W big = pow2<W>(digits_v<W> - 1);  // every W at least this large is an integer
    const W a = fabs(v);
    if (a >= big) return true;
    return (a + big) - big == a;  // rounds a to an integer; equal iff a was one
}

/// Whether finite integer v is odd.
template <class W>
constexpr bool is_odd_integer(W v) noexcept {
    constexpr W even_from = pow2<W>(digits_v<W>);  // every W at least this large is even
    const W a = fabs(v);
    if (a >= even_from) return false;
    return !is_integer(a * W(0.5));
}

// ---------------------------------------------------------------------------------------------
// Double-word arithmetic: a value is hi + lo with |lo| <= ulp(hi) / 2, giving about twice the
// precision of W (106 bits for double, 128 for x87 long double). Dekker / Knuth algorithms
// without FMA, so they are plain constant expressions.
// ---------------------------------------------------------------------------------------------

template <class W>
struct dd {
    W hi;
    W lo;
};

/// a + b exactly, for any a, b (Knuth).
template <class W>
constexpr dd<W> two_sum(W a, W b) noexcept {
    const W s = a + b;
    const W bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}
/// a + b exactly, when |a| >= |b| or a == 0 (Dekker).
template <class W>
constexpr dd<W> fast_two_sum(W a, W b) noexcept {
    const W s = a + b;
    return {s, b - (s - a)};
}
/// Splits a into hi + lo, each fitting in half the significand (Veltkamp). |a| < 2^995 or so.
template <class W>
constexpr dd<W> split(W a) noexcept {
    constexpr W factor = pow2<W>((digits_v<W> + 1) / 2) + W(1);
    const W c = factor * a;
    const W hi = c - (c - a);
    return {hi, a - hi};
}
/// a * b exactly (Dekker), barring overflow or underflow.
template <class W>
constexpr dd<W> two_prod(W a, W b) noexcept {
    const W p = a * b;
    const dd<W> as = split(a);
    const dd<W> bs = split(b);
    const W err = ((as.hi * bs.hi - p) + as.hi * bs.lo + as.lo * bs.hi) + as.lo * bs.lo;
    return {p, err};
}

template <class W>
constexpr dd<W> operator-(dd<W> a) noexcept {
    return {-a.hi, -a.lo};
}
template <class W>
constexpr dd<W> operator+(dd<W> a, dd<W> b) noexcept {  // accurate ("IEEE") addition
    dd<W> s = two_sum(a.hi, b.hi);
    const dd<W> t = two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = fast_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return fast_two_sum(s.hi, s.lo);
}
template <class W>
constexpr dd<W> operator+(dd<W> a, W b) noexcept {
    dd<W> s = two_sum(a.hi, b);
    s.lo += a.lo;
    return fast_two_sum(s.hi, s.lo);
}
template <class W>
constexpr dd<W> operator-(dd<W> a, dd<W> b) noexcept {
    return a + (-b);
}
template <class W>
constexpr dd<W> operator-(dd<W> a, W b) noexcept {
    return a + (-b);
}
template <class W>
constexpr dd<W> operator*(dd<W> a, dd<W> b) noexcept {
    dd<W> p = two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return fast_two_sum(p.hi, p.lo);
}
template <class W>
constexpr dd<W> operator*(dd<W> a, W b) noexcept {
    dd<W> p = two_prod(a.hi, b);
    p.lo += a.lo * b;
    return fast_two_sum(p.hi, p.lo);
}
template <class W>
constexpr dd<W> operator/(dd<W> a, W b) noexcept {
    const W q1 = a.hi / b;
    const dd<W> r = a - two_prod(q1, b);
    const W q2 = (r.hi + r.lo) / b;
    return fast_two_sum(q1, q2);
}
template <class W>
constexpr dd<W> operator/(dd<W> a, dd<W> b) noexcept {
    const W q1 = a.hi / b.hi;
    dd<W> r = a - b * q1;
    const W q2 = r.hi / b.hi;
    r = r - b * q2;
    const W q3 = r.hi / b.hi;
    return fast_two_sum(q1, q2) + q3;
}
/// hi + lo multiplied by 2^n, component-wise (exact while both stay normal).
template <class W>
constexpr dd<W> scale2(dd<W> a, int n) noexcept {
    return {scale2(a.hi, n), scale2(a.lo, n)};
}

/// (hi + lo) * 2^n rounded once to W, for hi + lo > 0 normalised: unlike scale2(hi, n), a result
/// in the subnormal range is rounded from the double-word, not from hi (no double rounding).
template <class W>
constexpr W scale2_rounded(dd<W> a, int n) noexcept {
    constexpr int min_exp = std::numeric_limits<W>::min_exponent;
    constexpr int sub_exp = min_exp - digits_v<W>;  // exponent of the least subnormal
    if (n < min_exp) {
        // q = a / 2^sub_exp: below 2^(digits-1) the result is subnormal, i.e. an integer
        // multiple of 2^sub_exp; round q to an integer from both words.
        const dd<W> q = scale2(a, n - sub_exp);
        constexpr W c = pow2<W>(digits_v<W> - 1);
        if (q.hi < c) {
            W i = (q.hi + c) - c;  // nearest integer to q.hi, ties to even
            const W frac = q.hi - i;
            if (frac == W(0.5) && q.lo > W(0)) i += W(1);
            if (frac == W(-0.5) && q.lo < W(0)) i -= W(1);
            return scale2(i, sub_exp);
        }
    }
    return scale2(a.hi, n);
}

/// Sign (-1, 0, +1) of the exact sum a + b + c (a non-overlapping expansion, Shewchuk).
template <class W>
constexpr int sign_of_sum(W a, W b, W c) noexcept {
    const dd<W> s1 = two_sum(a, b);
    const dd<W> s2 = two_sum(s1.lo, c);
    const dd<W> s3 = two_sum(s1.hi, s2.hi);
    // a + b + c == s3.hi + s3.lo + s2.lo, components in decreasing magnitude.
    if (s3.hi != W(0)) return s3.hi > W(0) ? 1 : -1;
    if (s3.lo != W(0)) return s3.lo > W(0) ? 1 : -1;
    if (s2.lo != W(0)) return s2.lo > W(0) ? 1 : -1;
    return 0;
}

/// Relative tolerance at which the double-word series stop: eps^2.
template <class W>
inline constexpr W series_tol = std::numeric_limits<W>::epsilon() * std::numeric_limits<W>::epsilon();

// ---------------------------------------------------------------------------------------------
// High-precision constants, each as a sum of doubles (c0 + c1 + ...), 53 bits per piece.
// ---------------------------------------------------------------------------------------------

// ln 2, 212 bits.
inline constexpr double ln2_pieces[4] = {0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56,
                                         0x1.7b57a079a1934p-111, -0x1.ace93a4ebe5d1p-165};
inline constexpr double inv_ln2 = 0x1.71547652b82fep+0;  // 1 / ln 2, rounded

// pi / 2, 212 bits.
inline constexpr double pio2_pieces[4] = {0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54,
                                          -0x1.f1976b7ed8fbcp-110, 0x1.4cf98e804177dp-164};
inline constexpr double two_over_pi = 0x1.45f306dc9c883p-1;  // 2 / pi, rounded

/// k * ln 2 as a double-word, for integer k with |k| < 2^20.
template <class W>
constexpr dd<W> k_ln2(W k) noexcept {
    return two_prod(k, W(ln2_pieces[0])) + two_prod(k, W(ln2_pieces[1])) +
           k * W(ln2_pieces[2]);
}

}  // namespace detail
}  // namespace ctdiff::math
