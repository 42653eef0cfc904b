// Boost.Math autodiff: forward mode with first-order variables (autodiff_fvar<double, 1>). A variable
// carries one derivative, so the gradient takes one pass per entry, each seeding one input.
#include <boost/math/differentiation/autodiff.hpp>
#include <cmath>
#include <cstddef>

#include "formulas.hpp"
#include "problems.hpp"

namespace ctdiff_bench {

namespace {

namespace ad = boost::math::differentiation;
using T = ad::autodiff_fvar<double, 1>;

// input i of n as a variable (derivative 1) when i == seed, as a constant otherwise
T seeded(double v, std::size_t i, std::size_t seed) { return T(v, i == seed); }

}  // namespace

template <>
void grad<boost_ad, p1>(const double* in, double* out) {
    for (std::size_t seed = 0; seed < 3; ++seed) {
        const T f = p1_function(seeded(in[0], 0, seed), seeded(in[1], 1, seed), seeded(in[2], 2, seed));
        out[0] = f.derivative(0);
        out[seed + 1] = f.derivative(1);
    }
}
template <>
double value<boost_ad, p1>(const double* in) {
    return p1_function(in[0], in[1], in[2]);
}

template <>
void grad<boost_ad, p2>(const double* in, double* out) {
    // only w is differentiated: x and t stay plain values
    const T f = p2_function(in[0], T(in[1], true), in[2]);
    out[0] = f.derivative(0);
    out[1] = f.derivative(1);
}
template <>
double value<boost_ad, p2>(const double* in) {
    return p2_function(in[0], in[1], in[2]);
}

template <>
void grad<boost_ad, p3>(const double* in, double* out) {
    constexpr std::size_t n = p3::inputs;
    for (std::size_t seed = 0; seed < n; ++seed) {
        T x[n];
        for (std::size_t i = 0; i < n; ++i) x[i] = seeded(in[i], i, seed);
        const T f = p3_function(x);
        out[0] = f.derivative(0);
        out[seed + 1] = f.derivative(1);
    }
}
template <>
double value<boost_ad, p3>(const double* in) {
    return p3_function(in);
}

}  // namespace ctdiff_bench
