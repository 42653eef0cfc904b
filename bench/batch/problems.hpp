// bench/batch/problems.hpp — the batch problems: one function's value and gradient at each of
// many points (docs/benchmarks.md, "Batches").
//
//   P7: P1, f = (x + y + z) exp(x y z), at each of 4096 points;
//   P8: P3, Rosenbrock in 16 variables, at each of 1024 points.
//
// Layout, structure of arrays: `in[v * points + i]` is input v of point i; `out[0 * points + i]`
// the value at point i, `out[(1 + v) * points + i]` the derivative with respect to input v there.
// Each implementation defines, in its own translation unit, explicit specialisations of
//
//     batch<Impl, Problem, T>(in, out)      T = double or float
//
// so the benchmark loop (main.cpp) pays one opaque call per batch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ctdiff_batch {

struct p7 {
    static constexpr const char* name = "P7";
    static constexpr std::size_t inputs = 3;
    static constexpr std::size_t points = 4096;
    static constexpr double lo = -1.0, hi = 1.0;  // inputs uniform in [lo, hi]
};
struct p8 {
    static constexpr const char* name = "P8";
    static constexpr std::size_t inputs = 16;
    static constexpr std::size_t points = 1024;
    static constexpr double lo = -1.5, hi = 1.5;
};

// The implementations.
struct scalar_loop;    // hand-written value and gradient, one point at a time (std::exp)
struct simd_loop;      // the same loop vectorised by the compiler: #pragma omp simd, -ffast-math,
                       // glibc's vector math library (libmvec) for exp
struct ctdiff_scalar;  // ctdiff::value_and_grad on double, one point at a time
struct ctdiff_pack;    // ctdiff::value_and_grad on ctdiff::pack<T>, pack<T>::size points at a time
struct torch_batch;    // PyTorch: the batch as elementwise tensor expressions, one backward

template <class Impl, class Problem, class T>
void batch(const T* in, T* out);

/// The inputs of a problem: deterministic, uniform in [lo, hi] (splitmix64).
template <class P, class T>
std::vector<T> batch_inputs() {
    std::vector<T> v(P::inputs * P::points);
    std::uint64_t state = 7;
    for (T& e : v) {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        e = static_cast<T>(P::lo + static_cast<double>(z >> 11) * 0x1p-53 * (P::hi - P::lo));
    }
    return v;
}

}  // namespace ctdiff_batch
