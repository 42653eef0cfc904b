// bench/common/formulas.hpp — P1-P3 written once as templates over the number type, for the
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

}  // namespace ctdiff_bench
