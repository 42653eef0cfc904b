// bench/common/formulas.hpp — P1-P6 written once as templates over the number type, for the
// implementations that differentiate by operator overloading (Eigen, Ceres, Boost.Math, ADOL-C).
// Each instantiates them with its own active type for the gradient and with double for the
// value. Elementary functions are found by argument-dependent lookup (std::exp for double).
#pragma once

#include <cmath>
#include <cstddef>

#include "problems.hpp"

namespace ctdiff_bench {

template <class T>
T p1_function(const T& x, const T& y, const T& z) {
    using std::exp;
    return (x + y + z) * exp(x * y * z);
}

/// x and t may be plain doubles where only w is differentiated.
template <class T, class X, class U>
T p2_function(const X& x, const T& w, const U& t) {
    const T u1 = w * x;
    const T u3 = u1 * u1 - t;
    return u3 * u3;
}

/// As a loop, the order of the hand-written code.
template <class T>
T p3_function(const T* x) {
    T f = T(0.0);
    for (std::size_t i = 0; i + 1 < p3::inputs; ++i) {
        const T d = x[i + 1] - x[i] * x[i];
        const T a = 1.0 - x[i];
        f += 100.0 * d * d + a * a;
    }
    return f;
}

/// P4-P6: the loss of network problem P, averaged over its samples. `theta` holds the
/// parameters (layout of problems.hpp), `data` the samples' inputs and targets, either active
/// (T) or plain values (D = double); a class index is read from `labels` (the same samples as
/// plain doubles), since it selects an entry rather than entering the arithmetic.
template <class P, class T, class D>
T mlp_function(const T* theta, const D* data, const double* labels) {
    using std::exp;
    using std::fmax;
    using std::log;
    using std::tanh;
    constexpr std::size_t I = P::n_in, H1 = P::n_h1, H2 = P::n_h2, O = P::n_out;
    T total = T(0.0);
    for (std::size_t s = 0; s < P::batch; ++s) {
        const D* x = data + s * P::sample_size;
        T h1[H1], h2[H2], z[O];
        for (std::size_t o = 0; o < H1; ++o) {
            T a = theta[P::b1 + o];
            for (std::size_t i = 0; i < I; ++i) a += theta[P::w1 + o * I + i] * x[i];
            h1[o] = tanh(a);
        }
        for (std::size_t o = 0; o < H2; ++o) {
            T a = theta[P::b2 + o];
            for (std::size_t i = 0; i < H1; ++i) a += theta[P::w2 + o * H1 + i] * h1[i];
            h2[o] = tanh(a);
        }
        for (std::size_t o = 0; o < O; ++o) {
            T a = theta[P::b3 + o];
            for (std::size_t i = 0; i < H2; ++i) a += theta[P::w3 + o * H2 + i] * h2[i];
            z[o] = a;
        }
        if constexpr (P::loss == mlp_loss_kind::squared_error) {
            T l = T(0.0);
            for (std::size_t o = 0; o < O; ++o) l += (z[o] - x[I]) * (z[o] - x[I]);
            total += l / static_cast<double>(O);
        } else {
            const auto label = static_cast<std::size_t>(labels[s * P::sample_size + I]);
            T m = z[0];
            for (std::size_t o = 1; o < O; ++o) m = fmax(m, z[o]);
            T sum = T(0.0);
            for (std::size_t o = 0; o < O; ++o) sum += exp(z[o] - m);
            total += log(sum) + m - z[label];
        }
    }
    return total / static_cast<double>(P::batch);
}

}  // namespace ctdiff_bench
