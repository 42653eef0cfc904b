// Hand-written forward pass and backpropagation over fixed-size arrays: the reference every other
// implementation is checked against, and the practical limit the ratios are taken to.
#include <cmath>
#include <cstddef>

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

// P4-P6: the networks. Per sample: z1 = W1 x + b1, h1 = tanh(z1), z2 = W2 h1 + b2, h2 = tanh(z2),
// z3 = W3 h2 + b3, then the loss of z3. Backward, layer by layer: dz = dL/dz; dW = dz x^T,
// db = dz, dx = W^T dz; through tanh, dz = dh (1 - h^2).
namespace {

// y = W x + b, W Out x In row-major.
template <std::size_t In, std::size_t Out>
void dense_forward(const double* W, const double* b, const double* x, double* y) {
    for (std::size_t o = 0; o < Out; ++o) {
        double s = b[o];
        for (std::size_t i = 0; i < In; ++i) s += W[o * In + i] * x[i];
        y[o] = s;
    }
}

// gW (+)= dy x^T, gb (+)= dy; Accumulate: add to the gradient (a batch), else overwrite it.
template <std::size_t In, std::size_t Out, bool Accumulate>
void dense_backward_parameters(const double* dy, const double* x, double* gW, double* gb) {
    for (std::size_t o = 0; o < Out; ++o) {
        for (std::size_t i = 0; i < In; ++i) {
            if constexpr (Accumulate) gW[o * In + i] += dy[o] * x[i];
            else gW[o * In + i] = dy[o] * x[i];
        }
        if constexpr (Accumulate) gb[o] += dy[o];
        else gb[o] = dy[o];
    }
}

// dx = W^T dy, walking W by rows.
template <std::size_t In, std::size_t Out>
void dense_backward_input(const double* W, const double* dy, double* dx) {
    for (std::size_t i = 0; i < In; ++i) dx[i] = 0.0;
    for (std::size_t o = 0; o < Out; ++o)
        for (std::size_t i = 0; i < In; ++i) dx[i] += W[o * In + i] * dy[o];
}

template <std::size_t N>
void tanh_forward(const double* z, double* h) {
    for (std::size_t i = 0; i < N; ++i) h[i] = std::tanh(z[i]);
}

// The loss of one sample from the output layer's values z (P::n_out of them); if dz is given,
// dL/dz too, times `scale`.
template <class P>
double sample_loss(const double* z, const double* sample, double* dz, double scale) {
    constexpr std::size_t n = P::n_out;
    if constexpr (P::loss == mlp_loss_kind::squared_error) {
        // mean over the outputs of (z - t)^2
        const double t = sample[P::n_in];
        double l = 0.0;
        for (std::size_t o = 0; o < n; ++o) {
            const double r = z[o] - t;
            l += r * r;
            if (dz != nullptr) dz[o] = scale * (2.0 / n) * r;
        }
        return l / n;
    } else {
        // logsumexp(z) - z[label], shifted by max(z); dL/dz = softmax(z) - onehot(label)
        const std::size_t label = static_cast<std::size_t>(sample[P::n_in]);
        double m = z[0];
        for (std::size_t o = 1; o < n; ++o) m = z[o] > m ? z[o] : m;
        double e[n];
        double s = 0.0;
        for (std::size_t o = 0; o < n; ++o) {
            e[o] = std::exp(z[o] - m);
            s += e[o];
        }
        if (dz != nullptr) {
            const double inv = 1.0 / s;
            for (std::size_t o = 0; o < n; ++o) dz[o] = scale * (e[o] * inv - (o == label ? 1.0 : 0.0));
        }
        return std::log(s) + m - z[label];
    }
}

// One sample: the loss, and its gradient times `scale` written to (Accumulate: added to) g.
template <class P, bool Accumulate>
double mlp_sample_grad(const double* theta, const double* sample, double* g, double scale) {
    constexpr std::size_t I = P::n_in, H1 = P::n_h1, H2 = P::n_h2, O = P::n_out;
    double z1[H1], h1[H1], z2[H2], h2[H2], z3[O];
    dense_forward<I, H1>(theta + P::w1, theta + P::b1, sample, z1);
    tanh_forward<H1>(z1, h1);
    dense_forward<H1, H2>(theta + P::w2, theta + P::b2, h1, z2);
    tanh_forward<H2>(z2, h2);
    dense_forward<H2, O>(theta + P::w3, theta + P::b3, h2, z3);
    double dz3[O], dh2[H2], dz2[H2], dh1[H1], dz1[H1];
    const double l = sample_loss<P>(z3, sample, dz3, scale);
    dense_backward_parameters<H2, O, Accumulate>(dz3, h2, g + P::w3, g + P::b3);
    dense_backward_input<H2, O>(theta + P::w3, dz3, dh2);
    for (std::size_t i = 0; i < H2; ++i) dz2[i] = dh2[i] * (1.0 - h2[i] * h2[i]);
    dense_backward_parameters<H1, H2, Accumulate>(dz2, h1, g + P::w2, g + P::b2);
    dense_backward_input<H1, H2>(theta + P::w2, dz2, dh1);
    for (std::size_t i = 0; i < H1; ++i) dz1[i] = dh1[i] * (1.0 - h1[i] * h1[i]);
    dense_backward_parameters<I, H1, Accumulate>(dz1, sample, g + P::w1, g + P::b1);
    return l;
}

template <class P>
double mlp_sample_value(const double* theta, const double* sample) {
    constexpr std::size_t I = P::n_in, H1 = P::n_h1, H2 = P::n_h2, O = P::n_out;
    double z1[H1], h1[H1], z2[H2], h2[H2], z3[O];
    dense_forward<I, H1>(theta + P::w1, theta + P::b1, sample, z1);
    tanh_forward<H1>(z1, h1);
    dense_forward<H1, H2>(theta + P::w2, theta + P::b2, h1, z2);
    tanh_forward<H2>(z2, h2);
    dense_forward<H2, O>(theta + P::w3, theta + P::b3, h2, z3);
    return sample_loss<P>(z3, sample, nullptr, 1.0);
}

// One sample: the gradient is written directly. A batch: the per-sample gradients, each scaled
// by 1/batch, are added up (the mean loss).
template <class P>
void mlp_grad(const double* in, double* out) {
    double* g = out + 1;
    if constexpr (P::batch == 1) {
        out[0] = mlp_sample_grad<P, false>(in, in + P::data, g, 1.0);
    } else {
        for (std::size_t k = 0; k < P::parameter_count; ++k) g[k] = 0.0;
        constexpr double scale = 1.0 / P::batch;
        double l = 0.0;
        for (std::size_t s = 0; s < P::batch; ++s)
            l += mlp_sample_grad<P, true>(in, in + P::data + s * P::sample_size, g, scale);
        out[0] = l * scale;
    }
}

template <class P>
double mlp_value(const double* in) {
    double l = 0.0;
    for (std::size_t s = 0; s < P::batch; ++s) l += mlp_sample_value<P>(in, in + P::data + s * P::sample_size);
    return l / P::batch;
}

}  // namespace

template <>
void grad<handwritten, p4>(const double* in, double* out) { mlp_grad<p4>(in, out); }
template <>
double value<handwritten, p4>(const double* in) { return mlp_value<p4>(in); }
template <>
void grad<handwritten, p5>(const double* in, double* out) { mlp_grad<p5>(in, out); }
template <>
double value<handwritten, p5>(const double* in) { return mlp_value<p5>(in); }
template <>
void grad<handwritten, p6>(const double* in, double* out) { mlp_grad<p6>(in, out); }
template <>
double value<handwritten, p6>(const double* in) { return mlp_value<p6>(in); }

}  // namespace ctdiff_bench
