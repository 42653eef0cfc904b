// Hand-written value and gradient of each point, compiled twice (bench/CMakeLists.txt):
//  - scalar_loop, the reference: the benchmarks' -O3 -march=native; the call to std::exp keeps
//    the loop scalar, one point at a time;
//  - simd_loop (CTDIFF_BATCH_SIMD): the same loop vectorised as a good engineer would without
//    ctdiff: `#pragma omp simd` (-fopenmp-simd) and -ffast-math, which lets the compiler call
//    the vector variants of exp in glibc's vector math library (libmvec).
#include <cmath>
#include <cstddef>

#include "problems.hpp"

#if CTDIFF_BATCH_SIMD
#define CTDIFF_BATCH_LOOP _Pragma("omp simd")
#define CTDIFF_BATCH_IMPL simd_loop
#else
#define CTDIFF_BATCH_LOOP
#define CTDIFF_BATCH_IMPL scalar_loop
#endif

namespace ctdiff_batch {

template <class T>
static void p7_points(const T* in, T* out) {
    constexpr std::size_t n = p7::points;
    CTDIFF_BATCH_LOOP
    for (std::size_t i = 0; i < n; ++i) {
        const T x = in[i], y = in[n + i], z = in[2 * n + i];
        const T s = x + y + z;
        const T e = std::exp(x * y * z);
        const T f = s * e;
        out[i] = f;
        out[n + i] = e + f * (y * z);
        out[2 * n + i] = e + f * (x * z);
        out[3 * n + i] = e + f * (x * y);
    }
}

template <class T>
static void p8_points(const T* in, T* out) {
    constexpr std::size_t n = p8::points, m = p8::inputs;
    CTDIFF_BATCH_LOOP
    for (std::size_t i = 0; i < n; ++i) {
        T x[m], g[m];
        for (std::size_t k = 0; k < m; ++k) x[k] = in[k * n + i], g[k] = T(0);
        T f = T(0);
        for (std::size_t k = 0; k + 1 < m; ++k) {
            const T d = x[k + 1] - x[k] * x[k];
            const T a = T(1) - x[k];
            f += T(100) * d * d + a * a;
            g[k + 1] += T(200) * d;
            g[k] += T(-400) * d * x[k] - T(2) * a;
        }
        out[i] = f;
        for (std::size_t k = 0; k < m; ++k) out[(1 + k) * n + i] = g[k];
    }
}

template <>
void batch<CTDIFF_BATCH_IMPL, p7, double>(const double* in, double* out) { p7_points(in, out); }
template <>
void batch<CTDIFF_BATCH_IMPL, p7, float>(const float* in, float* out) { p7_points(in, out); }
template <>
void batch<CTDIFF_BATCH_IMPL, p8, double>(const double* in, double* out) { p8_points(in, out); }
template <>
void batch<CTDIFF_BATCH_IMPL, p8, float>(const float* in, float* out) { p8_points(in, out); }

}  // namespace ctdiff_batch
