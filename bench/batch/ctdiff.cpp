// ctdiff on the batches: value_and_grad one point at a time on T (ctdiff_scalar), and on
// ctdiff::pack<T>, pack<T>::size points at a time (ctdiff_pack). The expressions are P1's and
// P3's of the single-sample benchmarks.
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <utility>

#include "ctdiff_rosenbrock.hpp"  // bench/common
#include "problems.hpp"

namespace ctdiff_batch {

namespace {

using namespace ctdiff::literals;

constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto z = ctdiff::var<"z">;
constexpr auto f7 = (x + y + z) * ctdiff::exp(x * y * z);

static_assert(p8::inputs == ctdiff_bench::p3::inputs);
constexpr auto f8 = ctdiff_bench::rosenbrock::f3;  // P3's function
using ctdiff_bench::rosenbrock::xs;

/// S = T: one point at a time; S = pack<T>: pack<T>::size points at a time.
template <class S>
constexpr std::size_t points_per_step = 1;
template <class T, std::size_t N>
constexpr std::size_t points_per_step<ctdiff::pack<T, N>> = N;

template <class S, class T>
CTDIFF_FORCEINLINE S load(const T* p) {
    if constexpr (ctdiff::is_pack<S>::value) return S::load(p);
    else return *p;
}
template <class S, class T>
CTDIFF_FORCEINLINE void store(const S& s, T* p) {
    if constexpr (ctdiff::is_pack<S>::value) s.store(p);
    else *p = s;
}

/// P7's value and gradient at every point, as a user writes the loop.
template <class S, class T>
void p7_batch(const T* in, T* out) {
    constexpr std::size_t n = p7::points;
    static_assert(n % points_per_step<S> == 0, "the batches are multiples of every pack width");
    for (std::size_t i = 0; i < n; i += points_per_step<S>) {
        const auto [value, g] = ctdiff::value_and_grad(f7, ctdiff::wrt(x, y, z), x = load<S>(in + i),
                                                       y = load<S>(in + n + i), z = load<S>(in + 2 * n + i));
        store(value, out + i);
        store(g[x], out + n + i);
        store(g[y], out + 2 * n + i);
        store(g[z], out + 3 * n + i);
    }
}

/// P8's, in 16 variables as P3's single-sample benchmark.
template <class S, class T, std::size_t... K>
CTDIFF_FORCEINLINE void p8_at(const T* in, T* out, std::size_t i, std::index_sequence<K...>) {
    constexpr std::size_t n = p8::points;
    const auto [value, g] = ctdiff::value_and_grad(f8, ctdiff::wrt(xs<K>...), (xs<K> = load<S>(in + K * n + i))...);
    store(value, out + i);
    (store(g[xs<K>], out + (1 + K) * n + i), ...);
}
template <class S, class T>
void p8_batch(const T* in, T* out) {
    constexpr std::size_t n = p8::points;
    static_assert(n % points_per_step<S> == 0, "the batches are multiples of every pack width");
    for (std::size_t i = 0; i < n; i += points_per_step<S>)
        p8_at<S>(in, out, i, std::make_index_sequence<p8::inputs>{});
}

}  // namespace

#define CTDIFF_BATCH_DEFINE(T)                                                                   \
    template <>                                                                                 \
    void batch<ctdiff_scalar, p7, T>(const T* in, T* out) { p7_batch<T>(in, out); }             \
    template <>                                                                                 \
    void batch<ctdiff_pack, p7, T>(const T* in, T* out) { p7_batch<ctdiff::pack<T>>(in, out); } \
    template <>                                                                                 \
    void batch<ctdiff_scalar, p8, T>(const T* in, T* out) { p8_batch<T>(in, out); }             \
    template <>                                                                                 \
    void batch<ctdiff_pack, p8, T>(const T* in, T* out) { p8_batch<ctdiff::pack<T>>(in, out); }
CTDIFF_BATCH_DEFINE(double)
CTDIFF_BATCH_DEFINE(float)
#undef CTDIFF_BATCH_DEFINE

}  // namespace ctdiff_batch
