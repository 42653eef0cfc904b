// The fuzzer's reference: second-order forward mode in long double, written for the test and
// sharing no code with ctdiff (it calls std:: functions only).
//
// A `tracked` number is a long double value and a bound on the error that a double evaluation
// of the same formula would make, in units of u = 2^-53 (running error analysis, first order):
//   sum:      e(a + b) = e(a) + e(b) + |a + b|
//   product:  e(a b)   = |b| e(a) + |a| e(b) + |a b|
//   quotient: e(a / b) = (e(a) + |a / b| e(b)) / |b| + |a / b|
//   function: e(f(a))  = |f'(a)| e(a) + k_f |f(a)|   (k_f: 1 for sqrt, 2 for the others)
// A `jet` is a value with its gradient and Hessian in three variables, each entry tracked, so the
// bound of a derivative follows the chain rule's own formula. docs/testing.md says how the
// fuzzer turns the bound into a tolerance.
#pragma once

#include <cmath>
#include <limits>

namespace fuzz {

using real = long double;

struct tracked {
    real v = 0;
    real e = 0;         // error bound of a double evaluation, in units of 2^-53
    bool over = false;  // some intermediate of its formula was finite here but beyond double's range
};

inline bool beyond_double(real v) { return std::isfinite(v) && std::fabs(v) > real(std::numeric_limits<double>::max()); }
inline tracked make_tracked(real v, real e, bool over_before) { return {v, e, over_before || beyond_double(v)}; }

inline tracked operator+(tracked a, tracked b) {
    return make_tracked(a.v + b.v, a.e + b.e + std::fabs(a.v + b.v), a.over || b.over);
}
inline tracked operator-(tracked a, tracked b) {
    return make_tracked(a.v - b.v, a.e + b.e + std::fabs(a.v - b.v), a.over || b.over);
}
inline tracked operator-(tracked a) { return {-a.v, a.e, a.over}; }
inline tracked operator*(tracked a, tracked b) {
    return make_tracked(a.v * b.v, std::fabs(b.v) * a.e + std::fabs(a.v) * b.e + std::fabs(a.v * b.v), a.over || b.over);
}
inline tracked operator/(tracked a, tracked b) {
    const real q = a.v / b.v;
    return make_tracked(q, (a.e + std::fabs(q) * b.e) / std::fabs(b.v) + std::fabs(q), a.over || b.over);
}
/// f(a) with f'(a) = slope, computed by a library function accurate to k ulps.
inline tracked apply(real value, real slope, tracked a, real k) {
    return make_tracked(value, std::fabs(slope) * a.e + k * std::fabs(value), a.over);
}
inline tracked exact(real v) { return make_tracked(v, 0, false); }
/// A number with no bound: never compared.
inline tracked unknown() { return {0, std::numeric_limits<real>::infinity(), false}; }
inline tracked rounded(real v) { return make_tracked(v, std::fabs(v), false); }  // a constant rounded to double

constexpr int vars = 3;

struct jet {
    tracked v;
    tracked g[vars];
    tracked h[vars][vars];
    bool out = false;  // some value on the way to v was outside double's normal range (interpret)
};

inline jet variable(real value, int index) {
    jet j{};
    j.v = exact(value);
    j.g[index] = exact(1);
    return j;
}
inline jet constant(tracked c) {
    jet j{};
    j.v = c;
    return j;
}

inline jet operator+(const jet& a, const jet& b) {
    jet r;
    r.v = a.v + b.v;
    for (int i = 0; i < vars; ++i) {
        r.g[i] = a.g[i] + b.g[i];
        for (int k = 0; k < vars; ++k) r.h[i][k] = a.h[i][k] + b.h[i][k];
    }
    return r;
}
inline jet operator-(const jet& a) {
    jet r;
    r.v = -a.v;
    for (int i = 0; i < vars; ++i) {
        r.g[i] = -a.g[i];
        for (int k = 0; k < vars; ++k) r.h[i][k] = -a.h[i][k];
    }
    return r;
}
inline jet operator-(const jet& a, const jet& b) { return a + (-b); }
inline jet operator*(const jet& a, const jet& b) {
    jet r;
    r.v = a.v * b.v;
    for (int i = 0; i < vars; ++i) {
        r.g[i] = a.v * b.g[i] + b.v * a.g[i];
        for (int k = 0; k < vars; ++k)
            r.h[i][k] = a.v * b.h[i][k] + b.v * a.h[i][k] + (a.g[i] * b.g[k] + a.g[k] * b.g[i]);
    }
    return r;
}

/// f(a) for a function with value f0 and derivatives f1, f2 at a's value: the chain rule to
/// second order, g = f1 g_a, h = f1 h_a + f2 g_a g_a^T.
inline jet chain(const jet& a, tracked f0, tracked f1, tracked f2) {
    jet r;
    r.v = f0;
    for (int i = 0; i < vars; ++i) {
        r.g[i] = f1 * a.g[i];
        for (int k = 0; k < vars; ++k) r.h[i][k] = f1 * a.h[i][k] + f2 * (a.g[i] * a.g[k]);
    }
    return r;
}

inline jet reciprocal(const jet& b) {  // 1/b: f1 = -1/b^2, f2 = 2/b^3
    const tracked one = exact(1);
    const tracked inv = one / b.v;
    return chain(b, inv, -(inv * inv), exact(2) * (inv * inv * inv));
}
inline jet operator/(const jet& a, const jet& b) { return a * reciprocal(b); }

inline jet exp(const jet& a) {
    const real e = std::exp(a.v.v);
    const tracked f = apply(e, e, a.v, 2);
    return chain(a, f, f, f);
}
inline jet log(const jet& a) {
    const tracked f0 = apply(std::log(a.v.v), 1 / a.v.v, a.v, 2);
    const tracked inv = exact(1) / a.v;
    return chain(a, f0, inv, -(inv * inv));
}
inline jet sqrt(const jet& a) {
    const real s = std::sqrt(a.v.v);
    const tracked f0 = apply(s, 1 / (2 * s), a.v, 1);
    const tracked f1 = exact(1) / (exact(2) * f0);
    return chain(a, f0, f1, -(f1 / (exact(2) * a.v)));
}
/// Whether the argument of a periodic function is known to less than a small fraction of its
/// period (u e < 2^-10): beyond that, first-order error analysis says nothing about sin, cos or
/// tan (tan(3e16) is anything), so their result is not compared.
inline bool phase_lost(const tracked& a) { return 0x1p-53L * a.e > 0x1p-10L; }
inline jet unknown_jet() {
    jet r{};
    r.v = unknown();
    for (int i = 0; i < vars; ++i) {
        r.g[i] = unknown();
        for (int k = 0; k < vars; ++k) r.h[i][k] = unknown();
    }
    return r;
}
inline jet sin(const jet& a) {
    if (phase_lost(a.v)) return unknown_jet();
    const tracked s = apply(std::sin(a.v.v), std::cos(a.v.v), a.v, 2);
    const tracked c = apply(std::cos(a.v.v), std::sin(a.v.v), a.v, 2);
    return chain(a, s, c, -s);
}
inline jet cos(const jet& a) {
    if (phase_lost(a.v)) return unknown_jet();
    const tracked s = apply(std::sin(a.v.v), std::cos(a.v.v), a.v, 2);
    const tracked c = apply(std::cos(a.v.v), std::sin(a.v.v), a.v, 2);
    return chain(a, c, -s, -c);
}
inline jet tan(const jet& a) {
    if (phase_lost(a.v)) return unknown_jet();
    const real t = std::tan(a.v.v);
    const tracked f0 = apply(t, 1 + t * t, a.v, 2);
    const tracked f1 = exact(1) + f0 * f0;
    return chain(a, f0, f1, exact(2) * f0 * f1);
}
inline jet tanh(const jet& a) {
    const real t = std::tanh(a.v.v);
    const tracked f0 = apply(t, 1 - t * t, a.v, 2);
    const tracked f1 = exact(1) - f0 * f0;
    return chain(a, f0, f1, -(exact(2) * f0 * f1));
}
inline jet sinh(const jet& a) {
    const real u = a.v.v;
    const tracked s = apply(std::sinh(u), std::cosh(u), a.v, 2);
    const tracked c = apply(std::cosh(u), std::sinh(u), a.v, 2);
    return chain(a, s, c, s);
}
inline jet cosh(const jet& a) {
    const real u = a.v.v;
    const tracked s = apply(std::sinh(u), std::cosh(u), a.v, 2);
    const tracked c = apply(std::cosh(u), std::sinh(u), a.v, 2);
    return chain(a, c, s, c);
}
inline jet expm1(const jet& a) {
    const real u = a.v.v;
    const tracked e = apply(std::exp(u), std::exp(u), a.v, 2);
    return chain(a, apply(std::expm1(u), std::exp(u), a.v, 2), e, e);
}
inline jet log1p(const jet& a) {
    const real u = a.v.v;
    const tracked f1 = exact(1) / (a.v + exact(1));
    return chain(a, apply(std::log1p(u), 1 / (1 + u), a.v, 2), f1, -(f1 * f1));
}
inline jet sigmoid(const jet& a) {
    const real u = a.v.v;
    const real s = u >= 0 ? 1 / (1 + std::exp(-u)) : std::exp(u) / (1 + std::exp(u));
    const tracked f0 = apply(s, s * (1 - s), a.v, 3);
    const tracked f1 = f0 * (exact(1) - f0);
    return chain(a, f0, f1, f1 * (exact(1) - exact(2) * f0));
}
inline jet softplus(const jet& a) {
    const real u = a.v.v;
    const real sp = u > 0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u));
    const real s = u >= 0 ? 1 / (1 + std::exp(-u)) : std::exp(u) / (1 + std::exp(u));
    const tracked f0 = apply(sp, s, a.v, 3);
    const tracked f1 = apply(s, s * (1 - s), a.v, 3);
    return chain(a, f0, f1, f1 * (exact(1) - f1));
}
/// Whether the sign of a double evaluation of a is uncertain: |a| within a's error bound (16 u e,
/// the fuzzer's tolerance factor). A function that jumps or kinks at 0 then has no expected value.
inline bool sign_uncertain(const tracked& a) { return a.e > 0 && std::fabs(a.v) <= 16 * 0x1p-53L * a.e; }

/// Piecewise-linear functions: the derivative on the piece (0 at the kink, as ctdiff documents),
/// second derivative 0; NaN propagates (ctdiff documents that too). step and sign have the exact
/// derivative 0, even at NaN. relu and abs are 1-Lipschitz: their value keeps u's error bound;
/// where u's sign is uncertain, their derivative (and step's and sign's value) is not compared.
inline jet relu(const jet& a) {
    const real u = a.v.v;
    if (u != u) return chain(a, exact(u), exact(u), exact(0));
    const tracked value = {u > 0 ? u : 0, a.v.e, a.v.over};
    return chain(a, value, sign_uncertain(a.v) ? unknown() : exact(u > 0 ? 1 : 0), exact(0));
}
inline jet abs(const jet& a) {
    const real u = a.v.v;
    if (u != u) return chain(a, exact(u), exact(u), exact(0));
    return chain(a, {std::fabs(u), a.v.e, a.v.over},
                 sign_uncertain(a.v) ? unknown() : exact(u > 0 ? 1 : (u < 0 ? -1 : 0)), exact(0));
}
inline jet step(const jet& a) {
    jet r{};
    const real u = a.v.v;
    r.v = u != u ? exact(u) : (sign_uncertain(a.v) ? unknown() : exact(u > 0 ? 1 : 0));
    return r;
}
inline jet sign(const jet& a) {
    jet r{};
    const real u = a.v.v;
    r.v = u != u ? exact(u) : (sign_uncertain(a.v) ? unknown() : exact(u > 0 ? 1 : (u < 0 ? -1 : 0)));
    return r;
}
/// u^r for a constant r: f1 = r u^(r-1), f2 = r (r-1) u^(r-2).
inline jet pow_const(const jet& a, real r) {
    const real u = a.v.v;
    const real f = std::pow(u, r);
    const tracked f0 = apply(f, r * std::pow(u, r - 1), a.v, r == std::floor(r) && std::fabs(r) <= 3 ? 2 : 2);
    const tracked f1 = exact(r) * apply(std::pow(u, r - 1), (r - 1) * std::pow(u, r - 2), a.v, 2);
    const tracked f2 = exact(r * (r - 1)) * apply(std::pow(u, r - 2), (r - 2) * std::pow(u, r - 3), a.v, 2);
    return chain(a, f0, f1, f2);
}
/// u^v = exp(v log u), u > 0.
inline jet pow(const jet& a, const jet& b) { return exp(b * log(a)); }
/// u log v.
inline jet xlogy(const jet& a, const jet& b) { return a * log(b); }

}  // namespace fuzz
