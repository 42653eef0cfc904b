// ctdiff/core/pack.hpp — ctdiff::pack<T, N>: N values of T computed together (SIMD lanes).
//
// A pack binds wherever a scalar does: `x = pack<double>::load(xs + i)` evaluates an expression,
// its gradient, JVP, Jacobian or Hessian at N points in one pass, each operation one vector
// instruction. Values and derivatives come back as packs (`.store(out)`, `p[lane]`).
//
// Storage is the compilers' vector extension (`vector_size`, GCC and Clang) where available: the
// operators are then single instructions by construction, whatever the optimiser decides about
// loops. Elsewhere a plain array with the same operators (loops over the lanes) stands in, so no
// compiler extension is required. docs/design.md ("Packs") records the measurements behind this.
#pragma once

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "ctdiff/core/config.hpp"

#if (defined(__GNUC__) || defined(__clang__)) && !defined(CTDIFF_PORTABLE_PACKS)
#define CTDIFF_VECTOR_EXTENSIONS 1
#else
#define CTDIFF_VECTOR_EXTENSIONS 0
#endif

namespace ctdiff {

namespace detail {
/// The widest vector register of the target, in bytes, from the compiler's target macros.
inline constexpr std::size_t native_vector_bytes =
#if defined(__AVX512F__)
    64;
#elif defined(__AVX__)
    32;
#elif defined(__SSE2__) || defined(__ARM_NEON) || defined(__ALTIVEC__) || defined(__wasm_simd128__) || \
    defined(_M_X64)
    16;
#else
    0;  // no vector unit known: one lane
#endif
}  // namespace detail

/// The number of T that fill the target's widest vector register (1 without a vector unit).
template <class T>
inline constexpr std::size_t native_width =
    detail::native_vector_bytes >= sizeof(T) ? detail::native_vector_bytes / sizeof(T) : 1;

namespace detail {

/// The integer type of a lane's bits (a mask lane is all ones or all zeros).
template <class T>
using lane_bits_t = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;

/// A portable stand-in for a vector-extension type: an array with elementwise operators, and
/// comparisons giving all-ones (-1) or 0 lanes of the matching integer type, as vectors do.
/// Integer lanes (masks, bit patterns) also have the bitwise operators and shifts.
template <class T, std::size_t N>
struct lane_array {
    T e[N];

    constexpr T operator[](std::size_t i) const { return e[i]; }
    constexpr T& operator[](std::size_t i) { return e[i]; }

    template <class F>
    static constexpr lane_array map(F f) {
        lane_array r{};
        for (std::size_t i = 0; i < N; ++i) r.e[i] = f(i);
        return r;
    }
#define CTDIFF_LANE_ARRAY_BINARY(OP, ...)                                                     \
    friend constexpr lane_array operator OP(const lane_array& a, const lane_array& b)         \
        __VA_ARGS__ {                                                                         \
        return map([&](std::size_t i) { return static_cast<T>(a.e[i] OP b.e[i]); });          \
    }
    CTDIFF_LANE_ARRAY_BINARY(+)
    CTDIFF_LANE_ARRAY_BINARY(-)
    CTDIFF_LANE_ARRAY_BINARY(*, requires std::floating_point<T>)
    CTDIFF_LANE_ARRAY_BINARY(/, requires std::floating_point<T>)
    CTDIFF_LANE_ARRAY_BINARY(&, requires std::integral<T>)
    CTDIFF_LANE_ARRAY_BINARY(|, requires std::integral<T>)
    CTDIFF_LANE_ARRAY_BINARY(^, requires std::integral<T>)
#undef CTDIFF_LANE_ARRAY_BINARY
    friend constexpr lane_array operator-(const lane_array& a)
        requires std::floating_point<T>
    {
        return map([&](std::size_t i) { return static_cast<T>(-a.e[i]); });
    }
    friend constexpr lane_array operator~(const lane_array& a)
        requires std::integral<T>
    {
        return map([&](std::size_t i) { return static_cast<T>(~a.e[i]); });
    }
    friend constexpr lane_array operator<<(const lane_array& a, int s)
        requires std::integral<T>
    {
        return map([&](std::size_t i) { return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a.e[i]) << s); });
    }
    friend constexpr lane_array operator>>(const lane_array& a, int s)  // arithmetic, as for vectors
        requires std::integral<T>
    {
        return map([&](std::size_t i) { return static_cast<T>(a.e[i] >> s); });
    }
};

#define CTDIFF_LANE_ARRAY_COMPARE(OP)                                                              \
    template <class T, std::size_t N>                                                             \
    constexpr lane_array<lane_bits_t<T>, N> operator OP(const lane_array<T, N>& a, const lane_array<T, N>& b) { \
        return lane_array<lane_bits_t<T>, N>::map(                                                \
            [&](std::size_t i) { return static_cast<lane_bits_t<T>>(a.e[i] OP b.e[i] ? -1 : 0); }); \
    }
CTDIFF_LANE_ARRAY_COMPARE(==)
CTDIFF_LANE_ARRAY_COMPARE(!=)
CTDIFF_LANE_ARRAY_COMPARE(<)
CTDIFF_LANE_ARRAY_COMPARE(<=)
CTDIFF_LANE_ARRAY_COMPARE(>)
CTDIFF_LANE_ARRAY_COMPARE(>=)
#undef CTDIFF_LANE_ARRAY_COMPARE

template <class V>
struct is_lane_array : std::false_type {};
template <class T, std::size_t N>
struct is_lane_array<lane_array<T, N>> : std::true_type {};

/// The storage of N lanes of T: a vector-extension type where the target has registers that
/// wide, else the portable lane_array. (Vectors wider than the target's registers would change
/// the calling convention of every function that passes them: GCC's -Wpsabi.)
template <class T, std::size_t N>
struct lane_storage {
    using type = lane_array<T, N>;
};
#if CTDIFF_VECTOR_EXTENSIONS
template <class T, std::size_t N>
    requires(sizeof(T) * N <= native_vector_bytes)
struct lane_storage<T, N> {
    typedef T type __attribute__((vector_size(sizeof(T) * N)));
};
#endif
template <class T, std::size_t N>
using lane_storage_t = typename lane_storage<T, N>::type;

/// Storage S of N lanes with v in every lane, for vectors and lane arrays alike. (No arithmetic:
/// 0 + x is +0 for x = -0, and Clang rejects NaN - 0 in constant evaluation.)
template <class S, std::size_t N, class V>
CTDIFF_FORCEINLINE constexpr S splat(V v) noexcept {
    return [v]<std::size_t... I>(std::index_sequence<I...>) { return S{((void)I, v)...}; }(std::make_index_sequence<N>{});
}

}  // namespace detail

template <class T, std::size_t N>
class pack_mask;

/// N values of T (float or double) computed together: `pack<double>` has the target's native
/// width, `pack<double>::size` lanes. Arithmetic is lane by lane; comparisons give a pack_mask;
/// `where(mask, a, b)` chooses lane by lane. A pack made from one T has it in every lane.
template <class T, std::size_t N = native_width<T>>
class pack {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                  "ctdiff::pack<T, N>: T must be float or double");
    static_assert(N > 0 && (N & (N - 1)) == 0, "ctdiff::pack<T, N>: N must be a power of two");

public:
    using value_type = T;
    using storage_type = detail::lane_storage_t<T, N>;
    /// The number of lanes.
    static constexpr std::size_t size = N;

    /// Like a double: `P{}` and `P()` are zero in every lane, `P p;` is not initialised (the
    /// library's result storage, every lane of which the sweeps then write, is not zeroed first).
    pack() = default;
    /// Every lane `x`.
    constexpr explicit pack(T x) noexcept : v_(broadcast(x)) {}
    /// From the storage (a vector-extension value, or the portable array).
    constexpr explicit pack(storage_type v) noexcept : v_(v) {}

    /// N values from `p` (any alignment), p[0] into lane 0.
    [[nodiscard]] CTDIFF_FORCEINLINE static pack load(const T* p) noexcept {
        pack r;
        std::memcpy(&r.v_, p, sizeof(storage_type));  // (r's lanes: all written here)
        return r;
    }
    /// Lane i from `f(i)`, for i = 0 ... N-1.
    template <class F>
    [[nodiscard]] static constexpr pack generate(F f) {
        pack r{};
        for (std::size_t i = 0; i < N; ++i) r.v_[i] = static_cast<T>(f(i));
        return r;
    }
    /// Writes the N lanes to `p` (any alignment).
    CTDIFF_FORCEINLINE void store(T* p) const noexcept { std::memcpy(p, &v_, sizeof(storage_type)); }

    /// Lane i.
    [[nodiscard]] constexpr T operator[](std::size_t i) const noexcept { return v_[i]; }
    /// Sets lane i to x.
    constexpr void set(std::size_t i, T x) noexcept { v_[i] = x; }

    [[nodiscard]] constexpr storage_type storage() const noexcept { return v_; }

    constexpr pack& operator+=(const pack& b) noexcept { return v_ = v_ + b.v_, *this; }
    constexpr pack& operator-=(const pack& b) noexcept { return v_ = v_ - b.v_, *this; }
    constexpr pack& operator*=(const pack& b) noexcept { return v_ = v_ * b.v_, *this; }
    constexpr pack& operator/=(const pack& b) noexcept { return v_ = v_ / b.v_, *this; }
    constexpr pack& operator+=(T b) noexcept { return *this += pack(b); }
    constexpr pack& operator-=(T b) noexcept { return *this -= pack(b); }
    constexpr pack& operator*=(T b) noexcept { return *this *= pack(b); }
    constexpr pack& operator/=(T b) noexcept { return *this /= pack(b); }

    friend constexpr pack operator+(const pack& a) noexcept { return a; }
    friend constexpr pack operator-(const pack& a) noexcept { return pack(-a.v_); }
#define CTDIFF_PACK_BINARY(OP)                                                                            \
    friend constexpr pack operator OP(const pack& a, const pack& b) noexcept { return pack(a.v_ OP b.v_); } \
    friend constexpr pack operator OP(const pack& a, T b) noexcept { return pack(a.v_ OP broadcast(b)); }    \
    friend constexpr pack operator OP(T a, const pack& b) noexcept { return pack(broadcast(a) OP b.v_); }
    CTDIFF_PACK_BINARY(+)
    CTDIFF_PACK_BINARY(-)
    CTDIFF_PACK_BINARY(*)
    CTDIFF_PACK_BINARY(/)
#undef CTDIFF_PACK_BINARY
#define CTDIFF_PACK_COMPARE(OP)                                                                 \
    friend constexpr pack_mask<T, N> operator OP(const pack& a, const pack& b) noexcept {       \
        return pack_mask<T, N>(a.v_ OP b.v_);                                                   \
    }                                                                                           \
    friend constexpr pack_mask<T, N> operator OP(const pack& a, T b) noexcept { return a OP pack(b); } \
    friend constexpr pack_mask<T, N> operator OP(T a, const pack& b) noexcept { return pack(a) OP b; }
    CTDIFF_PACK_COMPARE(==)
    CTDIFF_PACK_COMPARE(!=)
    CTDIFF_PACK_COMPARE(<)
    CTDIFF_PACK_COMPARE(<=)
    CTDIFF_PACK_COMPARE(>)
    CTDIFF_PACK_COMPARE(>=)
#undef CTDIFF_PACK_COMPARE

private:
    static constexpr storage_type broadcast(T x) noexcept { return detail::splat<storage_type, N>(x); }
    storage_type v_;
};

/// The lanes of a comparison of packs: each true or false. Combine with `&`, `|`, `!`; test with
/// any(m), all(m), none(m); use with where(m, a, b).
template <class T, std::size_t N>
class pack_mask {
public:
    using bits_type = detail::lane_storage_t<detail::lane_bits_t<T>, N>;
    static constexpr std::size_t size = N;

    /// `pack_mask{}`: every lane false.
    pack_mask() = default;
    /// Every lane `b`.
    constexpr explicit pack_mask(bool b) noexcept
        : m_(detail::splat<bits_type, N>(static_cast<detail::lane_bits_t<T>>(b ? -1 : 0))) {}
    /// From lanes that are all ones (true) or zero (false).
    constexpr explicit pack_mask(bits_type m) noexcept : m_(m) {}

    [[nodiscard]] constexpr bool operator[](std::size_t i) const noexcept { return m_[i] != 0; }
    [[nodiscard]] constexpr bits_type bits() const noexcept { return m_; }

    friend constexpr pack_mask operator&(const pack_mask& a, const pack_mask& b) noexcept { return pack_mask(a.m_ & b.m_); }
    friend constexpr pack_mask operator|(const pack_mask& a, const pack_mask& b) noexcept { return pack_mask(a.m_ | b.m_); }
    friend constexpr pack_mask operator!(const pack_mask& a) noexcept { return pack_mask(~a.m_); }
    /// Lane by lane: whether a and b agree (==), or differ (!=).
    friend constexpr pack_mask operator==(const pack_mask& a, const pack_mask& b) noexcept { return pack_mask(~(a.m_ ^ b.m_)); }
    friend constexpr pack_mask operator!=(const pack_mask& a, const pack_mask& b) noexcept { return pack_mask(a.m_ ^ b.m_); }
    friend constexpr pack_mask operator&&(const pack_mask& a, const pack_mask& b) noexcept { return a & b; }
    friend constexpr pack_mask operator||(const pack_mask& a, const pack_mask& b) noexcept { return a | b; }

private:
    bits_type m_;
};

/// Whether some lane / every lane / no lane of m holds. (For a bool, the bool itself.)
template <class T, std::size_t N>
[[nodiscard]] constexpr bool any(const pack_mask<T, N>& m) noexcept {
    bool r = false;
    for (std::size_t i = 0; i < N; ++i) r = r || m[i];
    return r;
}
template <class T, std::size_t N>
[[nodiscard]] constexpr bool all(const pack_mask<T, N>& m) noexcept {
    bool r = true;
    for (std::size_t i = 0; i < N; ++i) r = r && m[i];
    return r;
}
template <class T, std::size_t N>
[[nodiscard]] constexpr bool none(const pack_mask<T, N>& m) noexcept {
    return !ctdiff::any(m);
}
[[nodiscard]] constexpr bool any(bool b) noexcept { return b; }
[[nodiscard]] constexpr bool all(bool b) noexcept { return b; }
[[nodiscard]] constexpr bool none(bool b) noexcept { return !b; }

namespace detail {
/// The bits of each lane, as integers.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr auto lane_bits(const pack<T, N>& p) noexcept {
    return std::bit_cast<lane_storage_t<lane_bits_t<T>, N>>(p.storage());
}
/// The pack whose lanes have the given bits.
template <class T, std::size_t N>
CTDIFF_FORCEINLINE constexpr pack<T, N> from_lane_bits(const lane_storage_t<lane_bits_t<T>, N>& b) noexcept {
    return pack<T, N>(std::bit_cast<lane_storage_t<T, N>>(b));
}
}  // namespace detail

/// a where m holds, else b, lane by lane. (For a bool, `m ? a : b`.)
template <class T, std::size_t N>
[[nodiscard]] CTDIFF_FORCEINLINE constexpr pack<T, N> where(const pack_mask<T, N>& m, const pack<T, N>& a,
                                                           const pack<T, N>& b) noexcept {
    return detail::from_lane_bits<T, N>((m.bits() & detail::lane_bits(a)) | (~m.bits() & detail::lane_bits(b)));
}
template <class T, std::size_t N>
[[nodiscard]] CTDIFF_FORCEINLINE constexpr pack_mask<T, N> where(const pack_mask<T, N>& m, const pack_mask<T, N>& a,
                                                                const pack_mask<T, N>& b) noexcept {
    return (m & a) | (!m & b);
}
/// With one choice a plain number: the number in every lane.
template <class T, std::size_t N>
[[nodiscard]] CTDIFF_FORCEINLINE constexpr pack<T, N> where(const pack_mask<T, N>& m, const pack<T, N>& a, T b) noexcept {
    return ctdiff::where(m, a, pack<T, N>(b));
}
template <class T, std::size_t N>
[[nodiscard]] CTDIFF_FORCEINLINE constexpr pack<T, N> where(const pack_mask<T, N>& m, T a, const pack<T, N>& b) noexcept {
    return ctdiff::where(m, pack<T, N>(a), b);
}
template <class T>
[[nodiscard]] CTDIFF_FORCEINLINE constexpr T where(bool m, const T& a, const T& b) noexcept {
    return m ? a : b;
}

/// The sum of the lanes of p (for a scalar, the scalar).
template <class T, std::size_t N>
[[nodiscard]] constexpr T sum_lanes(const pack<T, N>& p) noexcept {
    T s = p[0];
    for (std::size_t i = 1; i < N; ++i) s += p[i];
    return s;
}
template <class T>
    requires std::is_arithmetic<T>::value
[[nodiscard]] constexpr T sum_lanes(T x) noexcept {
    return x;
}

/// Whether T is a pack.
template <class T>
struct is_pack : std::false_type {};
template <class T, std::size_t N>
struct is_pack<pack<T, N>> : std::true_type {};

namespace detail {
/// The type of one lane of T: T itself for a scalar.
template <class T>
struct lane_type {
    using type = T;
};
template <class T, std::size_t N>
struct lane_type<pack<T, N>> {
    using type = T;
};
template <class T>
using lane_t = typename lane_type<T>::type;
}  // namespace detail

}  // namespace ctdiff

/// A pack and a scalar compute as the pack (the scalar in every lane): the scalar type of an
/// evaluation with some bindings packs and others plain numbers.
template <class T, std::size_t N, class U>
    requires std::is_arithmetic<U>::value
struct std::common_type<ctdiff::pack<T, N>, U> {
    using type = ctdiff::pack<T, N>;
};
template <class T, std::size_t N, class U>
    requires std::is_arithmetic<U>::value
struct std::common_type<U, ctdiff::pack<T, N>> {
    using type = ctdiff::pack<T, N>;
};

/// The limits of a pack are those of its lanes, in every lane (so `numeric_limits<P>::quiet_NaN()`
/// is NaN in every lane, as generic code expects).
template <class T, std::size_t N>
class std::numeric_limits<ctdiff::pack<T, N>> : public std::numeric_limits<T> {
    using P = ctdiff::pack<T, N>;
    using L = std::numeric_limits<T>;

public:
    static constexpr P min() noexcept { return P(L::min()); }
    static constexpr P max() noexcept { return P(L::max()); }
    static constexpr P lowest() noexcept { return P(L::lowest()); }
    static constexpr P epsilon() noexcept { return P(L::epsilon()); }
    static constexpr P round_error() noexcept { return P(L::round_error()); }
    static constexpr P infinity() noexcept { return P(L::infinity()); }
    static constexpr P quiet_NaN() noexcept { return P(L::quiet_NaN()); }
    static constexpr P signaling_NaN() noexcept { return P(L::signaling_NaN()); }
    static constexpr P denorm_min() noexcept { return P(L::denorm_min()); }
};
