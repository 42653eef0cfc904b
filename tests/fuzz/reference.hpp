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

/// a / b with the value divided once (x / x is exactly 1, as in double) and the derivatives of
/// q b = a: g = (g_a - q g_b) / b, h = (h_a - q h_b - g g_b^T - g_b g^T) / b.
inline jet operator/(const jet& a, const jet& b) {
    jet r;
    r.v = a.v / b.v;
    for (int i = 0; i < vars; ++i) r.g[i] = (a.g[i] - r.v * b.g[i]) / b.v;
    for (int i = 0; i < vars; ++i)
        for (int k = 0; k < vars; ++k)
            r.h[i][k] = (a.h[i][k] - r.v * b.h[i][k] - (r.g[i] * b.g[k] + b.g[i] * r.g[k])) / b.v;
    return r;
}

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
/// sqrt of a tracked number (correctly rounded: one rounding).
inline tracked root(const tracked& t) {
    const real s = std::sqrt(t.v);
    return make_tracked(s, t.e / (2 * s) + s, t.over);
}
inline tracked exp_of(const tracked& t) {
    const real e = std::exp(t.v);
    return apply(e, e, t, 2);
}
inline constexpr real ln2 = 0.693147180559945309417232121458176568L;
inline constexpr real ln10 = 2.30258509299404568401799145468436421L;
inline constexpr real two_over_sqrt_pi = 1.12837916709551257389615890312154517L;

inline jet atan(const jet& a) {
    const real u = a.v.v;
    const tracked f1 = exact(1) / (exact(1) + a.v * a.v);
    return chain(a, apply(std::atan(u), 1 / (1 + u * u), a.v, 2), f1, -(exact(2) * a.v * (f1 * f1)));
}
/// asin, acos: f1 = +-1/sqrt((1 - u)(1 + u)), f2 = +-u f1^3.
inline jet asin(const jet& a) {
    const real u = a.v.v;
    const tracked r = exact(1) / root((exact(1) - a.v) * (exact(1) + a.v));
    return chain(a, apply(std::asin(u), r.v, a.v, 2), r, a.v * (r * r * r));
}
inline jet acos(const jet& a) {
    const real u = a.v.v;
    const tracked r = exact(1) / root((exact(1) - a.v) * (exact(1) + a.v));
    return chain(a, apply(std::acos(u), r.v, a.v, 2), -r, -(a.v * (r * r * r)));
}
inline jet asinh(const jet& a) {
    const real u = a.v.v;
    const tracked r = exact(1) / root(exact(1) + a.v * a.v);
    return chain(a, apply(std::asinh(u), r.v, a.v, 2), r, -(a.v * (r * r * r)));
}
inline jet acosh(const jet& a) {
    const real u = a.v.v;
    const tracked r = exact(1) / root((a.v - exact(1)) * (a.v + exact(1)));
    return chain(a, apply(std::acosh(u), r.v, a.v, 2), r, -(a.v * (r * r * r)));
}
inline jet atanh(const jet& a) {
    const real u = a.v.v;
    const tracked r = exact(1) / ((exact(1) - a.v) * (exact(1) + a.v));
    return chain(a, apply(std::atanh(u), r.v, a.v, 2), r, exact(2) * a.v * (r * r));
}
inline jet exp2(const jet& a) {
    const real u = a.v.v;
    const tracked f0 = apply(std::exp2(u), ln2 * std::exp2(u), a.v, 2);
    const tracked f1 = rounded(ln2) * f0;
    return chain(a, f0, f1, rounded(ln2) * f1);
}
/// log2, log10: f1 = 1/(u ln b), f2 = -f1/u.
inline jet log_base(const jet& a, real value, real ln_base) {
    const tracked f1 = exact(1) / (rounded(ln_base) * a.v);
    return chain(a, apply(value, 1 / (a.v.v * ln_base), a.v, 2), f1, -(f1 / a.v));
}
inline jet log2(const jet& a) { return log_base(a, std::log2(a.v.v), ln2); }
inline jet log10(const jet& a) { return log_base(a, std::log10(a.v.v), ln10); }
/// cbrt: f1 = 1/(3 cbrt(u)^2), f2 = -2 f1/(3u).
inline jet cbrt(const jet& a) {
    const real c = std::cbrt(a.v.v);
    const tracked f0 = apply(c, 1 / (3 * c * c), a.v, 2);
    const tracked f1 = exact(1) / (exact(3) * (f0 * f0));
    return chain(a, f0, f1, -(exact(2) * f1) / (exact(3) * a.v));
}
/// erf, erfc: f1 = +-(2/sqrt(pi)) exp(-u^2), f2 = -2u f1.
inline jet erf(const jet& a) {
    const real u = a.v.v;
    const tracked g = rounded(two_over_sqrt_pi) * exp_of(-(a.v * a.v));
    return chain(a, apply(std::erf(u), g.v, a.v, 2), g, -(exact(2) * a.v * g));
}
inline jet erfc(const jet& a) {
    const real u = a.v.v;
    const tracked g = rounded(two_over_sqrt_pi) * exp_of(-(a.v * a.v));
    return chain(a, apply(std::erfc(u), g.v, a.v, 2), -g, exact(2) * a.v * g);
}

/// f(a, b) for a function of two arguments with partials fa, fb and second partials faa, fab,
/// fbb: g = fa g_a + fb g_b, h = fa h_a + fb h_b + faa g_a g_a^T + fab (g_a g_b^T + g_b g_a^T)
/// + fbb g_b g_b^T.
inline jet chain2(const jet& a, const jet& b, tracked f0, tracked fa, tracked fb, tracked faa, tracked fab,
                  tracked fbb) {
    jet r;
    r.v = f0;
    for (int i = 0; i < vars; ++i) {
        r.g[i] = fa * a.g[i] + fb * b.g[i];
        for (int k = 0; k < vars; ++k)
            r.h[i][k] = fa * a.h[i][k] + fb * b.h[i][k] + faa * (a.g[i] * a.g[k]) +
                        fab * (a.g[i] * b.g[k] + b.g[i] * a.g[k]) + fbb * (b.g[i] * b.g[k]);
    }
    return r;
}
/// atan2(a, b), the angle of the point (b, a): with s = a^2 + b^2, fa = b/s, fb = -a/s,
/// faa = -2ab/s^2 = -fbb, fab = (a^2 - b^2)/s^2. The mixed partial is the derivative of b/s
/// along b, which the chain rule forms as a difference of two terms of size 1/s (in ctdiff as in
/// any AD method); its bound is that of a^2 - b^2 formed from the squares, absolute (u/s) where
/// |a| is close to |b|, not the relative bound of (a - b)(a + b).
inline jet atan2(const jet& a, const jet& b) {
    const tracked s = a.v * a.v + b.v * b.v;
    const tracked fa = b.v / s, fb = -(a.v / s);
    const tracked faa = -(exact(2) * (fa * (a.v / s)));
    const tracked fab = (a.v * a.v - b.v * b.v) / (s * s);
    const real ra = a.v.v, rb = b.v.v;
    const real value = std::atan2(ra, rb);
    // atan2 is accurate to 2 ulps; its condition: |fa| e_a + |fb| e_b
    const tracked f0 = make_tracked(value, std::fabs(fa.v) * a.v.e + std::fabs(fb.v) * b.v.e + 2 * std::fabs(value),
                                    a.v.over || b.v.over);
    return chain2(a, b, f0, fa, fb, faa, fab, -faa);
}
/// hypot(a, b) = h: fa = a/h, fb = b/h, faa = b^2/h^3, fab = -ab/h^3, fbb = a^2/h^3.
inline jet hypot(const jet& a, const jet& b) {
    const real h = std::hypot(a.v.v, b.v.v);
    const tracked f0 = make_tracked(h, (std::fabs(a.v.v) * a.v.e + std::fabs(b.v.v) * b.v.e) / h + 2 * h,
                                    a.v.over || b.v.over);
    const tracked h3 = f0 * f0 * f0;
    return chain2(a, b, f0, a.v / f0, b.v / f0, (b.v * b.v) / h3, -((a.v * b.v) / h3), (a.v * a.v) / h3);
}

/// Whether a double evaluation could order p and q either way: |p - q| within their error bounds
/// (16 u (e_p + e_q), the fuzzer's tolerance factor). A function that jumps or kinks where p = q
/// then has no expected value or derivative.
inline bool order_uncertain(const tracked& p, const tracked& q) {
    const real e = p.e + q.e;
    if (e != e) return true;  // no bound at all
    return e > 0 && std::fabs(p.v - q.v) <= 16 * 0x1p-53L * e;
}
/// NaN in the value and every derivative (min and max of a NaN, as ctdiff documents).
inline jet nan_jet(real nan) {
    jet r{};
    r.v = exact(nan);
    for (int i = 0; i < vars; ++i) {
        r.g[i] = exact(nan);
        for (int k = 0; k < vars; ++k) r.h[i][k] = exact(nan);
    }
    return r;
}
/// min and max: the derivatives of the argument taken; at an exact tie, half of each (ctdiff's
/// documented rule); NaN propagates. Both are 1-Lipschitz in each argument: the value's bound is
/// the larger of the arguments' bounds.
inline jet extremum(const jet& a, const jet& b, bool larger) {
    const real u = a.v.v, w = b.v.v;
    if (u != u) return nan_jet(u);
    if (w != w) return nan_jet(w);
    const tracked value = {larger ? std::fmax(u, w) : std::fmin(u, w), std::fmax(a.v.e, b.v.e), a.v.over || b.v.over};
    jet r;
    if (order_uncertain(a.v, b.v)) {
        r = unknown_jet();
    } else if (u == w) {
        const tracked half = exact(0.5L);
        for (int i = 0; i < vars; ++i) {
            r.g[i] = half * (a.g[i] + b.g[i]);
            for (int k = 0; k < vars; ++k) r.h[i][k] = half * (a.h[i][k] + b.h[i][k]);
        }
    } else {
        r = (u < w) != larger ? a : b;
    }
    r.v = value;
    return r;
}
/// clamp(a, lo, hi) for exact constants lo < hi: a on the closed interval, a constant outside.
inline jet clamp(const jet& a, real lo, real hi) {
    const real u = a.v.v;
    jet r = u < lo ? constant(exact(lo)) : (u > hi ? constant(exact(hi)) : a);
    if (order_uncertain(a.v, exact(lo)) || order_uncertain(a.v, exact(hi))) r = unknown_jet();
    if (u == u) r.v = {u < lo ? lo : (u > hi ? hi : u), a.v.e, a.v.over};
    return r;
}
/// floor, ceil, trunc, round: the value where a double evaluation of u cannot lie on the other
/// side of a jump (jumps at `distance` from u), otherwise unknown; the derivative is an exact 0,
/// even at NaN (ctdiff documents that no sweep follows it).
inline jet piecewise_constant(const jet& a, real value, real distance) {
    jet r{};
    const real u = a.v.v;
    r.v = u != u ? exact(u) : (a.v.e > 0 && distance <= 16 * 0x1p-53L * a.v.e ? unknown() : exact(value));
    return r;
}
inline real integer_distance(real u) { return std::fabs(u - std::nearbyint(u)); }
inline jet floor(const jet& a) { return piecewise_constant(a, std::floor(a.v.v), integer_distance(a.v.v)); }
inline jet ceil(const jet& a) { return piecewise_constant(a, std::ceil(a.v.v), integer_distance(a.v.v)); }
inline jet trunc(const jet& a) { return piecewise_constant(a, std::trunc(a.v.v), integer_distance(a.v.v)); }
inline jet round(const jet& a) {
    const real u = a.v.v;
    return piecewise_constant(a, std::round(u), std::fabs(std::fabs(u - std::floor(u)) - 0.5L));
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
inline bool sign_uncertain(const tracked& a) { return order_uncertain(a, exact(0)); }

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
