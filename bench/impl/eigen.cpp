// Eigen AutoDiffScalar: forward mode with a fixed-size derivative vector, so one pass carries
// every direction of the gradient at once.
#include <cmath>
#include <cstddef>
#include <Eigen/Core>
#include <unsupported/Eigen/AutoDiff>

#include "formulas.hpp"
#include "problems.hpp"

namespace ctdiff_bench {

namespace {

template <int N>
using ad = Eigen::AutoDiffScalar<Eigen::Matrix<double, N, 1>>;

}  // namespace

template <>
void grad<eigen_ad, p1>(const double* in, double* out) {
    using T = ad<3>;
    const T f = p1_function(T(in[0], 3, 0), T(in[1], 3, 1), T(in[2], 3, 2));
    out[0] = f.value();
    for (int i = 0; i < 3; ++i) out[i + 1] = f.derivatives()[i];
}
template <>
double value<eigen_ad, p1>(const double* in) {
    return p1_function(in[0], in[1], in[2]);
}

template <>
void grad<eigen_ad, p2>(const double* in, double* out) {
    using T = ad<1>;
    // only w is differentiated: x and t stay plain values
    const T f = p2_function(in[0], T(in[1], 1, 0), in[2]);
    out[0] = f.value();
    out[1] = f.derivatives()[0];
}
template <>
double value<eigen_ad, p2>(const double* in) {
    return p2_function(in[0], in[1], in[2]);
}

template <>
void grad<eigen_ad, p3>(const double* in, double* out) {
    using T = ad<static_cast<int>(p3::inputs)>;
    T x[p3::inputs];
    for (std::size_t i = 0; i < p3::inputs; ++i) x[i] = T(in[i], static_cast<int>(p3::inputs), static_cast<int>(i));
    const T f = p3_function(x);
    out[0] = f.value();
    for (std::size_t i = 0; i < p3::inputs; ++i) out[i + 1] = f.derivatives()[static_cast<int>(i)];
}
template <>
double value<eigen_ad, p3>(const double* in) {
    return p3_function(in);
}

}  // namespace ctdiff_bench
