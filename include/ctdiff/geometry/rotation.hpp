// ctdiff/geometry/rotation.hpp — rotations for robotics and bundle adjustment, the counterparts of
// Ceres' rotation.h: angle_axis_rotate, quaternion_rotate, quaternion_product,
// angle_axis_to_rotation_matrix, quaternion_to_rotation_matrix.
//
// Each is made of tensor ops (ops/tensor.hpp explains the members), each a forward computation
// and an analytic vector-Jacobian product for every argument, all constexpr (ctdiff::math). The
// quaternion functions are one node each; the angle-axis ones three: |k|^2, Rodrigues'
// coefficients of it (op::rodrigues: a square root, a sine and a cosine, computed once in the
// forward pass rather than again in every backward sweep) and the rotation made from them.
// Conventions are Ceres': an angle-axis vector k has angle |k| and axis k / |k|; a quaternion is
// (w, x, y, z) and rotates by X -> q X q*; matrices are 3 x 3 and (unlike Ceres'
// AngleAxisToRotationMatrix, which writes column-major) row-major, element (i, j) at 3 i + j.
//
// Rodrigues' formula, R(k) X = C X + A (k x X) + B (k . X) k with t = |k|^2 = theta^2 and
//     A = sin(theta) / theta,   B = (1 - cos(theta)) / theta^2,   C = cos(theta),
// and its derivative need A, B, C and A' = dA/dt, B' = dB/dt (C' = -A/2). All five are smooth
// functions of t; detail::rodrigues computes A, B, C and op::rodrigues, the node that holds them,
// the derivatives from them (see there, and docs/design.md, "Geometry", for why the errors of
// values and Jacobians stay at rounding level for every t, t = 0 included).
#pragma once

#include <cstddef>
#include <limits>
#include <string_view>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/make.hpp"
#include "ctdiff/core/notation.hpp"
#include "ctdiff/core/pack.hpp"
#include "ctdiff/core/shape.hpp"
#include "ctdiff/math/math.hpp"
#include "ctdiff/ops/tensor.hpp"

namespace ctdiff {

namespace detail {

/// A, B, C of Rodrigues' formula at t = theta^2 (their derivatives: op::rodrigues).
template <class T>
struct rodrigues_coefficients {
    T a, b, c;
};

/// Where (lane by lane for packs) t is below the threshold, so that the Taylor polynomials are
/// taken: for the coefficients (rodrigues) and for their derivatives (op::rodrigues), which must
/// switch at the same t.
template <class T>
CTDIFF_FORCEINLINE constexpr auto rodrigues_series(T t) noexcept {
    return t < T(std::numeric_limits<detail::lane_t<T>>::epsilon());
}

/// The coefficients at t = |k|^2 (t >= 0, or NaN, which gives NaN).
///
/// - t < epsilon (theta < 1.5e-8 for double, 3.5e-4 for float): the Taylor polynomials of degree
///   one in t, A = 1 - t/6, B = 1/2 - t/24, C = 1 - t/2, A' = -1/6 + t/60, B' = -1/24 + t/360.
///   The terms left out are below t^2 / 24 < epsilon^2 / 24 relative, so all five are exact to
///   rounding. What matters is that the derivatives keep their constant terms: the first-order
///   form X + k x X alone has the derivative -[X]x, which misses -X k^T + ((k . X) I + k X^T) / 2,
///   a term of size theta |X| (up to 1.5e-8 |X| below this threshold), far above rounding.
/// - otherwise: the closed forms, with B = A^2 / (1 + C) (equal to (1 - C) / t) while C > 0 so
///   that 1 - cos does not cancel; A, B, C are then good to a few ulps. A' = (C - A) / (2 t) and
///   B' = (A - 2 B) / (2 t) do cancel: their absolute error is about epsilon / t. They only ever
///   multiply terms of size t |X| (A') or theta^3 |X| (B') — (k x X) k^T and (k . X) k k^T in the
///   Jacobian —, so what they add to a Jacobian is about epsilon |X|: rounding level again.
template <class T>
CTDIFF_FORCEINLINE constexpr rodrigues_coefficients<T> rodrigues(T t) noexcept {
    // both forms, chosen with where (lane by lane for packs); the closed forms see t = 1 where
    // the polynomials are taken, so that they never divide by 0
    const auto small = detail::rodrigues_series(t);
    const T u = ctdiff::where(small, T(1), t);
    const T theta = math::sqrt(u);
    const T s = math::sin(theta), c = math::cos(theta);
    const T a = s / theta;
    const T b = ctdiff::where(c > T(0), math::divide(a * a, T(1) + c), (T(1) - c) / u);  // (1 + c = 0 at c = -1)
    return {ctdiff::where(small, T(1) - t / T(6), a), ctdiff::where(small, T(0.5) - t / T(24), b),
            ctdiff::where(small, T(1) - t / T(2), c)};
}

}  // namespace detail

namespace op {
struct rodrigues;
struct rodrigues_rotate;
struct rodrigues_matrix;
struct quaternion_rotate;
struct quaternion_product;
struct quaternion_to_rotation_matrix;
}  // namespace op

namespace detail {
/// Rodrigues' coefficients (A, B, C) of |aa|^2, a node of its own: its square root, sine, cosine
/// and divisions are computed once, in the forward pass, and every backward sweep reads them
/// (as vector-Jacobian products of one op, each sweep would compute them again).
template <class A>
constexpr auto rodrigues_of(A aa) noexcept {
    return detail::make<op::rodrigues>(ctdiff::dot(aa, aa));
}
}  // namespace detail

/// R(aa) X: the point X (shape<3>) rotated by the angle-axis vector aa (shape<3>; angle |aa| in
/// radians about aa / |aa|), like Ceres' AngleAxisRotatePoint. Value and derivatives are exact to
/// rounding for every aa, aa = 0 included (the derivative with respect to aa there is -[X]x).
/// Three nodes: |aa|^2, Rodrigues' coefficients of it (op::rodrigues) and the rotation made from
/// them (op::rodrigues_rotate).
template <expression A, expression B>
constexpr auto angle_axis_rotate(A aa, B x) noexcept {
    return detail::make<op::rodrigues_rotate>(detail::rodrigues_of(aa), aa, x);
}
/// R(aa) as a shape<3, 3> matrix, row-major (Ceres' AngleAxisToRotationMatrix writes it
/// column-major). Three nodes, as angle_axis_rotate: |aa|^2, op::rodrigues, op::rodrigues_matrix.
template <expression A>
constexpr auto angle_axis_to_rotation_matrix(A aa) noexcept {
    return detail::make<op::rodrigues_matrix>(detail::rodrigues_of(aa), aa);
}
/// R(q) X for a quaternion q = (w, x, y, z) of shape<4> and a point X of shape<3>. q need not be
/// a unit quaternion: it is normalised, as Ceres' QuaternionRotatePoint does, so R(c q) = R(q) for
/// every c != 0 and the derivative with respect to q is orthogonal to q. q = 0 gives NaN.
template <expression A, expression B>
constexpr auto quaternion_rotate(A q, B x) noexcept {
    return detail::make<op::quaternion_rotate>(q, x);
}
/// The Hamilton product a b of quaternions (w, x, y, z) (shape<4> each), like Ceres'
/// QuaternionProduct: R(a b) = R(a) R(b).
template <expression A, expression B>
constexpr auto quaternion_product(A a, B b) noexcept {
    return detail::make<op::quaternion_product>(a, b);
}
/// R(q) as a shape<3, 3> matrix, row-major, q normalised like Ceres' QuaternionToRotation.
template <expression A>
constexpr auto quaternion_to_rotation_matrix(A q) noexcept {
    return detail::make<op::quaternion_to_rotation_matrix>(q);
}

namespace op {

/// Rodrigues' coefficients (A, B, C) at t = |k|^2 (a scalar), shape<3>; see detail::rodrigues.
/// The derivative needs no sine or cosine: A' = (C - A) / (2 t), B' = (A - 2 B) / (2 t) and
/// C' = -A / 2 come from the node's own value (the Taylor polynomials below epsilon).
struct rodrigues {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "rodrigues", "\\operatorname{rodrigues}", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"<{g}, d rodrigues({0}) / d{0}>"};

    static constexpr ctdiff::shape<3> shape(ctdiff::shape<>) { return {}; }
    template <class A>
    static constexpr auto shape(A) {
        static_assert(detail::shapes_do_not_fit<rodrigues, A>::value, "ctdiff: internal: rodrigues(t) takes a scalar");
        return ctdiff::shape<>{};
    }
    template <class Out, class Tv>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, Tv t) {
        using T = typename Out::value_type;
        const auto r = detail::rodrigues<T>(t[0]);
        out[0] = r.a;
        out[1] = r.b;
        out[2] = r.c;
    }
    template <std::size_t I, class Adj, class G, class Y, class Tv>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y y, Tv tv) {
        using T = typename Adj::value_type;
        const T t = tv[0], a = y[0], b = y[1], c = y[2];
        // as in detail::rodrigues: the polynomials below epsilon, the closed forms (which see
        // t = 1 there, never dividing by 0) above
        const auto small = detail::rodrigues_series(t);
        const T u = ctdiff::where(small, T(1), t);
        const T da = ctdiff::where(small, t / T(60) - T(1) / T(6), (c - a) / (T(2) * u));
        const T db = ctdiff::where(small, t / T(360) - T(1) / T(24), (a - T(2) * b) / (T(2) * u));
        adj.put(0, g[0] * da + g[1] * db - g[2] * a / T(2));
    }
};

/// C X + A (k x X) + B (k . X) k for Rodrigues' coefficients abc = (A, B, C) of |k|^2, k and X of
/// shape<3>: R(k) X, what angle_axis_rotate builds. Its products treat abc as an argument of
/// its own; the chain through |k|^2 is the graph's.
struct rodrigues_rotate {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "rodrigues_rotate", "\\operatorname{rodrigues\\_rotate}",
                                    precedence::atom};
    static constexpr std::string_view vjp_print[] = {"(d rodrigues_rotate({0}, {1}, {2}) / d{0})^T {g}",
                                                     "(d rodrigues_rotate({0}, {1}, {2}) / d{1})^T {g}",
                                                     "rodrigues_rotate({0}, -{1}, {g})"};

    static constexpr ctdiff::shape<3> shape(ctdiff::shape<3>, ctdiff::shape<3>, ctdiff::shape<3>) { return {}; }
    template <class A, class K, class X>
    static constexpr auto shape(A, K, X) {
        static_assert(detail::shapes_do_not_fit<rodrigues_rotate, A, K, X>::value,
                      "ctdiff::angle_axis_rotate(aa, X): aa and X must both have shape<3>");
        return ctdiff::shape<>{};
    }
    template <class Out, class R, class K, class P>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, R r, K k, P p) {
        using T = typename Out::value_type;
        const T a = r[0], b = r[1], c = r[2];
        const T k0 = k[0], k1 = k[1], k2 = k[2], x0 = p[0], x1 = p[1], x2 = p[2];
        const T bd = b * (k0 * x0 + k1 * x1 + k2 * x2);
        out[0] = c * x0 + a * (k1 * x2 - k2 * x1) + bd * k0;
        out[1] = c * x1 + a * (k2 * x0 - k0 * x2) + bd * k1;
        out[2] = c * x2 + a * (k0 * x1 - k1 * x0) + bd * k2;
    }
    template <std::size_t I, class Adj, class G, class Y, class R, class K, class P>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, R r, K k, P p) {
        using T = typename Adj::value_type;
        const T a = r[0], b = r[1], c = r[2];
        const T k0 = k[0], k1 = k[1], k2 = k[2], x0 = p[0], x1 = p[1], x2 = p[2], g0 = g[0], g1 = g[1], g2 = g[2];
        const T kg = k0 * g0 + k1 * g1 + k2 * g2;
        if constexpr (I == 0) {  // g . (k x X), (k . X)(k . g), X . g
            adj.put(0, (k1 * x2 - k2 * x1) * g0 + (k2 * x0 - k0 * x2) * g1 + (k0 * x1 - k1 * x0) * g2);
            adj.put(1, (k0 * x0 + k1 * x1 + k2 * x2) * kg);
            adj.put(2, x0 * g0 + x1 * g1 + x2 * g2);
        } else if constexpr (I == 1) {  // A X x g + B ((k . g) X + (k . X) g)
            const T bkg = b * kg, bkx = b * (k0 * x0 + k1 * x1 + k2 * x2);
            adj.put(0, a * (x1 * g2 - x2 * g1) + (bkg * x0 + bkx * g0));
            adj.put(1, a * (x2 * g0 - x0 * g2) + (bkg * x1 + bkx * g1));
            adj.put(2, a * (x0 * g1 - x1 * g0) + (bkg * x2 + bkx * g2));
        } else {  // R^T g = C g - A k x g + B (k . g) k
            const T bkg = b * kg;
            adj.put(0, c * g0 - a * (k1 * g2 - k2 * g1) + bkg * k0);
            adj.put(1, c * g1 - a * (k2 * g0 - k0 * g2) + bkg * k1);
            adj.put(2, c * g2 - a * (k0 * g1 - k1 * g0) + bkg * k2);
        }
    }
};

/// C I + A [k]x + B k k^T (shape<3, 3>, row-major) for Rodrigues' coefficients abc of |k|^2 and
/// k of shape<3>: R(k), what angle_axis_to_rotation_matrix builds.
struct rodrigues_matrix {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "rodrigues_matrix", "\\operatorname{rodrigues\\_matrix}",
                                    precedence::atom};
    static constexpr std::string_view vjp_print[] = {"<{g}, d rodrigues_matrix({0}, {1}) / d{0}>",
                                                     "<{g}, d rodrigues_matrix({0}, {1}) / d{1}>"};

    static constexpr ctdiff::shape<3, 3> shape(ctdiff::shape<3>, ctdiff::shape<3>) { return {}; }
    template <class A, class K>
    static constexpr auto shape(A, K) {
        static_assert(detail::shapes_do_not_fit<rodrigues_matrix, A, K>::value,
                      "ctdiff::angle_axis_to_rotation_matrix(aa): aa must have shape<3>");
        return ctdiff::shape<>{};
    }
    template <class Out, class R, class K>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, R r, K k) {
        using T = typename Out::value_type;
        const T a = r[0], b = r[1], c = r[2];
        const T k0 = k[0], k1 = k[1], k2 = k[2];
        const T a0 = a * k0, a1 = a * k1, a2 = a * k2;
        const T b0 = b * k0, b1 = b * k1, b2 = b * k2;
        out[0] = c + b0 * k0;  // C I + A [k]x + B k k^T
        out[1] = b0 * k1 - a2;
        out[2] = b0 * k2 + a1;
        out[3] = b1 * k0 + a2;
        out[4] = c + b1 * k1;
        out[5] = b1 * k2 - a0;
        out[6] = b2 * k0 - a1;
        out[7] = b2 * k1 + a0;
        out[8] = c + b2 * k2;
    }
    template <std::size_t I, class Adj, class G, class Y, class R, class K>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, R r, K k) {
        using T = typename Adj::value_type;
        const T k0 = k[0], k1 = k[1], k2 = k[2];
        const T a0 = g[7] - g[5], a1 = g[2] - g[6], a2 = g[3] - g[1];  // a_m = <G, [e_m]x>
        const T gk0 = g[0] * k0 + g[1] * k1 + g[2] * k2, gk1 = g[3] * k0 + g[4] * k1 + g[5] * k2,
                gk2 = g[6] * k0 + g[7] * k1 + g[8] * k2;  // G k
        if constexpr (I == 0) {  // <G, [k]x>, k^T G k, tr G
            adj.put(0, k0 * a0 + k1 * a1 + k2 * a2);
            adj.put(1, k0 * gk0 + k1 * gk1 + k2 * gk2);
            adj.put(2, g[0] + g[4] + g[8]);
        } else {  // A <G, [e_m]x> + B (G k + G^T k)_m
            const T a = r[0], b = r[1];
            const T gtk0 = g[0] * k0 + g[3] * k1 + g[6] * k2, gtk1 = g[1] * k0 + g[4] * k1 + g[7] * k2,
                    gtk2 = g[2] * k0 + g[5] * k1 + g[8] * k2;  // G^T k
            adj.put(0, a * a0 + b * (gk0 + gtk0));
            adj.put(1, a * a1 + b * (gk1 + gtk1));
            adj.put(2, a * a2 + b * (gk2 + gtk2));
        }
    }
};

struct quaternion_rotate {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "quaternion_rotate", "\\operatorname{quaternion\\_rotate}",
                                    precedence::atom};
    static constexpr std::string_view vjp_print[] = {"(d quaternion_rotate({0}, {1}) / d{0})^T {g}",
                                                     "quaternion_rotate(conj({0}), {g})"};

    static constexpr ctdiff::shape<3> shape(ctdiff::shape<4>, ctdiff::shape<3>) { return {}; }
    template <class A, class B>
    static constexpr auto shape(A, B) {
        static_assert(detail::shapes_do_not_fit<quaternion_rotate, A, B>::value,
                      "ctdiff::quaternion_rotate(q, X): q must have shape<4> (w, x, y, z) and X shape<3>");
        return ctdiff::shape<>{};
    }
    template <class Out, class Q, class P>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, Q q, P p) {
        // R(q) X = X + s (w u + v x u), u = v x X, s = 2 / |q|^2
        using T = typename Out::value_type;
        const T w = q[0], v0 = q[1], v1 = q[2], v2 = q[3], x0 = p[0], x1 = p[1], x2 = p[2];
        const T s = T(2) / (w * w + v0 * v0 + v1 * v1 + v2 * v2);
        const T u0 = v1 * x2 - v2 * x1, u1 = v2 * x0 - v0 * x2, u2 = v0 * x1 - v1 * x0;
        out[0] = x0 + s * (w * u0 + (v1 * u2 - v2 * u1));
        out[1] = x1 + s * (w * u1 + (v2 * u0 - v0 * u2));
        out[2] = x2 + s * (w * u2 + (v0 * u1 - v1 * u0));
    }
    template <std::size_t I, class Adj, class G, class Y, class Q, class P>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, Q q, P p) {
        using T = typename Adj::value_type;
        const T w = q[0], v0 = q[1], v1 = q[2], v2 = q[3], x0 = p[0], x1 = p[1], x2 = p[2], g0 = g[0], g1 = g[1],
                g2 = g[2];
        const T n = w * w + v0 * v0 + v1 * v1 + v2 * v2;
        const T s = T(2) / n;
        if constexpr (I == 0) {
            // F(q) = X + s(q) P(q), P = w u + v x u = w (v x X) + v (v . X) - X (v . v), P quadratic
            // in q and s = 2 / n: g^T dF/dq = s (g^T dP/dq - sigma q), sigma = 2 (g . P) / n
            const T u0 = v1 * x2 - v2 * x1, u1 = v2 * x0 - v0 * x2, u2 = v0 * x1 - v1 * x0;
            const T pp0 = w * u0 + (v1 * u2 - v2 * u1), pp1 = w * u1 + (v2 * u0 - v0 * u2),
                    pp2 = w * u2 + (v0 * u1 - v1 * u0);
            const T sigma = T(2) * (g0 * pp0 + g1 * pp1 + g2 * pp2) / n;
            const T vx = v0 * x0 + v1 * x1 + v2 * x2, vg = v0 * g0 + v1 * g1 + v2 * g2,
                    xg2 = T(2) * (x0 * g0 + x1 * g1 + x2 * g2) + sigma;
            const T dw = s * ((g0 * u0 + g1 * u1 + g2 * u2) - sigma * w);
            const T d0 = s * (w * (x1 * g2 - x2 * g1) + vx * g0 + vg * x0 - xg2 * v0);
            const T d1 = s * (w * (x2 * g0 - x0 * g2) + vx * g1 + vg * x1 - xg2 * v1);
            const T d2 = s * (w * (x0 * g1 - x1 * g0) + vx * g2 + vg * x2 - xg2 * v2);
            adj.put(0, dw);
            adj.put(1, d0);
            adj.put(2, d1);
            adj.put(3, d2);
        } else {  // R^T g: g rotated by the conjugate (w, -v): g + s (v x h - w h), h = v x g
            const T h0 = v1 * g2 - v2 * g1, h1 = v2 * g0 - v0 * g2, h2 = v0 * g1 - v1 * g0;
            const T d0 = g0 + s * ((v1 * h2 - v2 * h1) - w * h0);
            const T d1 = g1 + s * ((v2 * h0 - v0 * h2) - w * h1);
            const T d2 = g2 + s * ((v0 * h1 - v1 * h0) - w * h2);
            adj.put(0, d0);
            adj.put(1, d1);
            adj.put(2, d2);
        }
    }
};

struct quaternion_product {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "quaternion_product", "\\operatorname{quaternion\\_product}",
                                    precedence::atom};
    static constexpr std::string_view vjp_print[] = {"quaternion_product({g}, conj({1}))",
                                                     "quaternion_product(conj({0}), {g})"};

    static constexpr ctdiff::shape<4> shape(ctdiff::shape<4>, ctdiff::shape<4>) { return {}; }
    template <class A, class B>
    static constexpr auto shape(A, B) {
        static_assert(detail::shapes_do_not_fit<quaternion_product, A, B>::value,
                      "ctdiff::quaternion_product(a, b): a and b must both have shape<4> (w, x, y, z)");
        return ctdiff::shape<>{};
    }
    /// (a0, a) (b0, b) = (a0 b0 - a . b, a0 b + b0 a + a x b), from values already read.
    template <class T>
    CTDIFF_FORCEINLINE static constexpr void multiply(T* z, T a0, T a1, T a2, T a3, T b0, T b1, T b2, T b3) {
        z[0] = a0 * b0 - a1 * b1 - a2 * b2 - a3 * b3;
        z[1] = a0 * b1 + a1 * b0 + a2 * b3 - a3 * b2;
        z[2] = a0 * b2 - a1 * b3 + a2 * b0 + a3 * b1;
        z[3] = a0 * b3 + a1 * b2 - a2 * b1 + a3 * b0;
    }
    template <class Out, class A, class B>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a, B b) {
        using T = typename Out::value_type;
        T z[4]{};
        multiply<T>(z, a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
        for (std::size_t i = 0; i < 4; ++i) out[i] = z[i];
    }
    template <std::size_t I, class Adj, class G, class Y, class A, class B>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A a, B b) {
        // z = L(a) b = R(b) a with L(a)^T = L(conj a) and R(b)^T = R(conj b)
        using T = typename Adj::value_type;
        T d[4]{};
        if constexpr (I == 0) multiply<T>(d, g[0], g[1], g[2], g[3], b[0], -b[1], -b[2], -b[3]);
        else multiply<T>(d, a[0], -a[1], -a[2], -a[3], g[0], g[1], g[2], g[3]);
        for (std::size_t i = 0; i < 4; ++i) adj.put(i, d[i]);
    }
};

struct quaternion_to_rotation_matrix {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "quaternion_to_rotation_matrix",
                                    "\\operatorname{quaternion\\_to\\_rotation\\_matrix}", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"<{g}, d quaternion_to_rotation_matrix({0}) / d{0}>"};

    static constexpr ctdiff::shape<3, 3> shape(ctdiff::shape<4>) { return {}; }
    template <class A>
    static constexpr auto shape(A) {
        static_assert(detail::shapes_do_not_fit<quaternion_to_rotation_matrix, A>::value,
                      "ctdiff::quaternion_to_rotation_matrix(q): q must have shape<4> (w, x, y, z)");
        return ctdiff::shape<>{};
    }
    template <class Out, class Q>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, Q q) {
        // R = S(q) / |q|^2, S the homogeneous quadratic form that is R for a unit q
        using T = typename Out::value_type;
        const T w = q[0], x = q[1], y = q[2], z = q[3];
        const T ww = w * w, xx = x * x, yy = y * y, zz = z * z;
        const T inv = T(1) / (ww + xx + yy + zz), two = T(2) * inv;
        const T xy = x * y, xz = x * z, yz = y * z, wx = w * x, wy = w * y, wz = w * z;
        out[0] = (ww + xx - yy - zz) * inv;
        out[1] = two * (xy - wz);
        out[2] = two * (xz + wy);
        out[3] = two * (xy + wz);
        out[4] = (ww - xx + yy - zz) * inv;
        out[5] = two * (yz - wx);
        out[6] = two * (xz - wy);
        out[7] = two * (yz + wx);
        out[8] = (ww - xx - yy + zz) * inv;
    }
    template <std::size_t I, class Adj, class G, class Y, class Q>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y y, Q q) {
        // h(q) = <G, S(q)> is a quadratic form: dh/dw = 2 (w tr G + v . a),
        // dh/dv = 2 ((G + G^T) v - tr(G) v + w a), a_m = <G, [e_m]x>; and with R = S / n,
        // <G, dR/dq> = (grad h - 2 <G, R> q) / n, orthogonal to q
        using T = typename Adj::value_type;
        const T w = q[0], x = q[1], yq = q[2], z = q[3];
        const T inv = T(1) / (w * w + x * x + yq * yq + z * z);
        const T a0 = g[7] - g[5], a1 = g[2] - g[6], a2 = g[3] - g[1];
        const T trace = g[0] + g[4] + g[8];
        const T s01 = g[1] + g[3], s02 = g[2] + g[6], s12 = g[5] + g[7];
        T gr{};
        for (std::size_t i = 0; i < 9; ++i) gr += g[i] * y[i];
        const T dw = T(2) * ((w * trace + x * a0 + yq * a1 + z * a2) - gr * w) * inv;
        const T dx = T(2) * ((x * (g[0] - g[4] - g[8]) + yq * s01 + z * s02 + w * a0) - gr * x) * inv;
        const T dy = T(2) * ((yq * (g[4] - g[0] - g[8]) + x * s01 + z * s12 + w * a1) - gr * yq) * inv;
        const T dz = T(2) * ((z * (g[8] - g[0] - g[4]) + x * s02 + yq * s12 + w * a2) - gr * z) * inv;
        adj.put(0, dw);
        adj.put(1, dx);
        adj.put(2, dy);
        adj.put(3, dz);
    }
};

}  // namespace op

}  // namespace ctdiff
