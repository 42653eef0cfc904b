// Ceres Jet: forward mode with a fixed-size derivative vector, so one pass carries every
// direction of the gradient at once.
#include <ceres/jet.h>
#include <cmath>
#include <cstddef>

#include "formulas.hpp"
#include "problems.hpp"

namespace ctdiff_bench {

template <>
void grad<ceres_ad, p1>(const double* in, double* out) {
    using T = ceres::Jet<double, 3>;
    const T f = p1_function(T(in[0], 0), T(in[1], 1), T(in[2], 2));
    out[0] = f.a;
    for (int i = 0; i < 3; ++i) out[i + 1] = f.v[i];
}
template <>
double value<ceres_ad, p1>(const double* in) {
    return p1_function(in[0], in[1], in[2]);
}

template <>
void grad<ceres_ad, p2>(const double* in, double* out) {
    using T = ceres::Jet<double, 1>;
    // only w is differentiated: x and t stay plain values
    const T f = p2_function(in[0], T(in[1], 0), in[2]);
    out[0] = f.a;
    out[1] = f.v[0];
}
template <>
double value<ceres_ad, p2>(const double* in) {
    return p2_function(in[0], in[1], in[2]);
}

template <>
void grad<ceres_ad, p3>(const double* in, double* out) {
    constexpr int n = static_cast<int>(p3::inputs);
    using T = ceres::Jet<double, n>;
    T x[n];
    for (int i = 0; i < n; ++i) x[i] = T(in[i], i);
    const T f = p3_function(x);
    out[0] = f.a;
    for (int i = 0; i < n; ++i) out[i + 1] = f.v[i];
}
template <>
double value<ceres_ad, p3>(const double* in) {
    return p3_function(in);
}

}  // namespace ctdiff_bench
