// Hand-written forward pass and backpropagation over fixed-size arrays: the reference every other
// implementation is checked against, and the practical limit the ratios are taken to.
#include <cmath>

#include "problems.hpp"

namespace ctdiff_bench {

// P1: f = s e with s = x + y + z, p = x y z, e = exp(p).
// Backward: df/ds = e, df/dp = s e; dp/dx = y z, ...
template <>
void grad<handwritten, p1>(const double* in, double* out) {
    const double x = in[0], y = in[1], z = in[2];
    const double s = x + y + z;
    const double e = std::exp(x * y * z);
    const double f = s * e;
    const double fp = f;  // df/dp = s e
    out[0] = f;
    out[1] = e + fp * (y * z);
    out[2] = e + fp * (x * z);
    out[3] = e + fp * (x * y);
}
template <>
double value<handwritten, p1>(const double* in) {
    return (in[0] + in[1] + in[2]) * std::exp(in[0] * in[1] * in[2]);
}

// P2: u1 = w x, u2 = u1^2, u3 = u2 - t, L = u3^2; dL/dw = 2 u3 * 2 u1 * x.
template <>
void grad<handwritten, p2>(const double* in, double* out) {
    const double x = in[0], w = in[1], t = in[2];
    const double u1 = w * x;
    const double u3 = u1 * u1 - t;
    out[0] = u3 * u3;
    out[1] = (2.0 * u3) * (2.0 * u1) * x;
}
template <>
double value<handwritten, p2>(const double* in) {
    const double u1 = in[1] * in[0];
    const double u3 = u1 * u1 - in[2];
    return u3 * u3;
}

// P3: Rosenbrock. Term i: d = x[i+1] - x[i]^2, a = 1 - x[i], 100 d^2 + a^2;
// its partials: 200 d to x[i+1], -400 d x[i] - 2 a to x[i].
template <>
void grad<handwritten, p3>(const double* in, double* out) {
    constexpr int n = static_cast<int>(p3::inputs);
    double f = 0.0;
    double* g = out + 1;
    for (int i = 0; i < n; ++i) g[i] = 0.0;
    for (int i = 0; i < n - 1; ++i) {
        const double d = in[i + 1] - in[i] * in[i];
        const double a = 1.0 - in[i];
        f += 100.0 * d * d + a * a;
        g[i + 1] += 200.0 * d;
        g[i] += -400.0 * d * in[i] - 2.0 * a;
    }
    out[0] = f;
}
template <>
double value<handwritten, p3>(const double* in) {
    constexpr int n = static_cast<int>(p3::inputs);
    double f = 0.0;
    for (int i = 0; i < n - 1; ++i) {
        const double d = in[i + 1] - in[i] * in[i];
        const double a = 1.0 - in[i];
        f += 100.0 * d * d + a * a;
    }
    return f;
}

}  // namespace ctdiff_bench
