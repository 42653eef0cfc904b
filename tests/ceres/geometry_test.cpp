// Rotations (ctdiff/geometry/rotation.hpp) against Ceres' rotation.h, against references of our
// own in long double, and against central differences.
//
// - Values against AngleAxisRotatePoint, AngleAxisToRotationMatrix (column-major there),
//   QuaternionRotatePoint, QuaternionProduct and QuaternionToRotation (row-major there), on
//   random inputs from a fixed seed: general angles, angles up to 12 rad, tiny angles down to
//   1e-20 and around the small-angle threshold, angles next to pi, zero.
// - Jacobians against Ceres' Jet (ceres::Jet<double, N>) through the same functions, against
//   long-double Jets through references that share no formula with the library (the exponential
//   series sum_n [k]x^n X / n! for angle-axis, q (0, X) conj(q) / |q|^2 for quaternions), and
//   against central differences.
// - Exact values and Jacobians at zero rotation (d R(k) X / dk = -[X]x at k = 0), float as well as
//   double, a Snavely reprojection residual against Ceres' AutoDiffCostFunction, and the ops
//   composed with matvec, matmul and each other.
// Errors are in units of the epsilon of the type, relative to |X| for Jacobians with respect to a
// rotation (they are proportional to |X|) and absolute otherwise (entries of a rotation are at
// most 1). `--log_level=message` prints the largest error of every comparison.
#define BOOST_TEST_MODULE ctdiff_geometry
#include <boost/test/unit_test.hpp>

#include <ceres/autodiff_cost_function.h>
#include <ceres/jet.h>
#include <ceres/rotation.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <limits>
#include <map>
#include <numbers>
#include <random>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../support/differences.hpp"

namespace {

using namespace ctdiff::literals;
using ctdiff::at;
using ctdiff::shape;
using ctdiff::tensor;
using ld = long double;

constexpr auto aa = ctdiff::var<"aa", shape<3>>;
constexpr auto X = ctdiff::var<"X", shape<3>>;
constexpr auto q = ctdiff::var<"q", shape<4>>;
constexpr auto b = ctdiff::var<"b", shape<4>>;

constexpr double pi = std::numbers::pi;

// ---- compile time ----------------------------------------------------------------------------

constexpr tensor<double, shape<3>> zero3{{0, 0, 0}};
constexpr tensor<double, shape<3>> p123{{1, 2, 3}};
constexpr tensor<double, shape<4>> half_turn_z{{0, 0, 0, 1}};      // 180 degrees about z
constexpr tensor<double, shape<4>> scaled_half_turn_z{{0, 0, 0, -4}};

// zero rotation: the value, and the Jacobian [-[X]x, I], exactly
constexpr auto rotate_at_zero =
    ctdiff::value_and_jacobian(ctdiff::angle_axis_rotate(aa, X), ctdiff::wrt(aa, X), aa = zero3, X = p123);
static_assert(rotate_at_zero.value(0) == 1 && rotate_at_zero.value(1) == 2 && rotate_at_zero.value(2) == 3);
static_assert(rotate_at_zero.jacobian(0, 0) == 0 && rotate_at_zero.jacobian(0, 1) == 3 &&
              rotate_at_zero.jacobian(0, 2) == -2 && rotate_at_zero.jacobian(1, 0) == -3 &&
              rotate_at_zero.jacobian(1, 2) == 1 && rotate_at_zero.jacobian(2, 0) == 2 &&
              rotate_at_zero.jacobian(2, 1) == -1);
static_assert(rotate_at_zero.jacobian(0, 3) == 1 && rotate_at_zero.jacobian(1, 4) == 1 &&
              rotate_at_zero.jacobian(0, 4) == 0);
// a half turn about z: (x, y, z) -> (-x, -y, z), also from an unnormalised quaternion
static_assert(ctdiff::evaluate(ctdiff::quaternion_rotate(q, X), q = half_turn_z, X = p123) ==
              tensor<double, shape<3>>{{-1, -2, 3}});
static_assert(ctdiff::evaluate(ctdiff::quaternion_rotate(q, X), q = scaled_half_turn_z, X = p123) ==
              tensor<double, shape<3>>{{-1, -2, 3}});
// i j = k
constexpr tensor<double, shape<4>> qi{{0, 1, 0, 0}}, qj{{0, 0, 1, 0}};
static_assert(ctdiff::evaluate(ctdiff::quaternion_product(q, b), q = qi, b = qj) == tensor<double, shape<4>>{{0, 0, 0, 1}});
// a quarter turn about z through the constexpr sin and cos: (1, 2, 3) -> (-2, 1, 3)
constexpr tensor<double, shape<3>> quarter_z{{0, 0, pi / 2}};
constexpr auto turned = ctdiff::evaluate(ctdiff::angle_axis_rotate(aa, X), aa = quarter_z, X = p123);
constexpr bool near_constant(double v, double expected) { return v - expected <= 1e-15 * 3 && expected - v <= 1e-15 * 3; }
static_assert(near_constant(turned(0), -2) && near_constant(turned(1), 1) && near_constant(turned(2), 3));
constexpr auto turned_matrix = ctdiff::evaluate(ctdiff::angle_axis_to_rotation_matrix(aa), aa = quarter_z);
static_assert(turned_matrix(1, 0) == 1 && turned_matrix(0, 1) == -1 && turned_matrix(2, 2) == 1);
static_assert(ctdiff::evaluate(ctdiff::quaternion_to_rotation_matrix(q), q = half_turn_z) ==
              tensor<double, shape<3, 3>>{{{-1, 0, 0}, {0, -1, 0}, {0, 0, 1}}});

// ---- helpers -----------------------------------------------------------------------------------

template <class T, std::size_t N, class U>
tensor<T, shape<N>> vec(const std::array<U, N>& a) {
    tensor<T, shape<N>> t;
    for (std::size_t i = 0; i < N; ++i) t(i) = static_cast<T>(a[i]);
    return t;
}

template <class T, std::size_t N>
T norm(const std::array<T, N>& a) {
    T s = 0;
    for (const T v : a) s += v * v;
    return std::sqrt(s);
}

/// The Jacobian (M x N, row-major) of f(in, out) at u by forward mode with ceres::Jet<S, N>.
template <std::size_t M, class S, std::size_t N, class F>
std::array<S, M * N> jet_jacobian(F f, const std::array<S, N>& u) {
    using J = ceres::Jet<S, static_cast<int>(N)>;
    std::array<J, N> in;
    for (std::size_t j = 0; j < N; ++j) in[j] = J(u[j], static_cast<int>(j));
    std::array<J, M> out;
    f(in.data(), out.data());
    std::array<S, M * N> jac{};
    for (std::size_t i = 0; i < M; ++i)
        for (std::size_t j = 0; j < N; ++j) jac[i * N + j] = out[i].v[static_cast<int>(j)];
    return jac;
}
/// The value of f(in, out) at u.
template <std::size_t M, class S, std::size_t N, class F>
std::array<S, M> value_of(F f, const std::array<S, N>& u) {
    std::array<S, M> out{};
    f(u.data(), out.data());
    return out;
}

using differences::central_jacobian;

/// The largest of the errors given to it (NaN sticks), reported by name.
struct worst {
    std::string what;
    double value = 0;
    void operator()(double e) {
        if (!(e <= value)) value = e;
    }
    ~worst() { BOOST_TEST_MESSAGE(what << ": largest error " << value); }
};

// ---- references that share no formula with the library ----------------------------------------

/// R(k) X = sum_n [k]x^n X / n!, for |k| <= 4 (terms below 1e-24 after 40).
template <class T>
void series_rotate(const T* k, const T* x, T* out) {
    T v[3] = {x[0], x[1], x[2]};
    for (int i = 0; i < 3; ++i) out[i] = x[i];
    for (int n = 1; n <= 40; ++n) {
        const T d = T(n);
        const T c[3] = {(k[1] * v[2] - k[2] * v[1]) / d, (k[2] * v[0] - k[0] * v[2]) / d,
                        (k[0] * v[1] - k[1] * v[0]) / d};
        for (int i = 0; i < 3; ++i) {
            v[i] = c[i];
            out[i] += c[i];
        }
    }
}
/// R(k), row-major, by series_rotate of the unit vectors (its columns).
template <class T>
void series_matrix(const T* k, T* R) {
    for (int j = 0; j < 3; ++j) {
        const T e[3] = {T(j == 0 ? 1 : 0), T(j == 1 ? 1 : 0), T(j == 2 ? 1 : 0)};
        T c[3];
        series_rotate(k, e, c);
        for (int i = 0; i < 3; ++i) R[3 * i + j] = c[i];
    }
}
/// (a0, a) (b0, b) = (a0 b0 - a.b, a0 b + b0 a + a x b).
template <class T>
void hamilton(const T* a, const T* b, T* z) {
    z[0] = a[0] * b[0] - (a[1] * b[1] + a[2] * b[2] + a[3] * b[3]);
    z[1] = a[0] * b[1] + b[0] * a[1] + (a[2] * b[3] - a[3] * b[2]);
    z[2] = a[0] * b[2] + b[0] * a[2] + (a[3] * b[1] - a[1] * b[3]);
    z[3] = a[0] * b[3] + b[0] * a[3] + (a[1] * b[2] - a[2] * b[1]);
}
/// q (0, X) conj(q) / |q|^2.
template <class T>
void conjugation_rotate(const T* qv, const T* x, T* out) {
    const T p[4] = {T(0), x[0], x[1], x[2]};
    const T c[4] = {qv[0], -qv[1], -qv[2], -qv[3]};
    T t[4], u[4];
    hamilton(qv, p, t);
    hamilton(t, c, u);
    const T n = qv[0] * qv[0] + qv[1] * qv[1] + qv[2] * qv[2] + qv[3] * qv[3];
    for (int i = 0; i < 3; ++i) out[i] = u[i + 1] / n;
}
template <class T>
void conjugation_matrix(const T* qv, T* R) {
    for (int j = 0; j < 3; ++j) {
        const T e[3] = {T(j == 0 ? 1 : 0), T(j == 1 ? 1 : 0), T(j == 2 ? 1 : 0)};
        T c[3];
        conjugation_rotate(qv, e, c);
        for (int i = 0; i < 3; ++i) R[3 * i + j] = c[i];
    }
}

// ---- inputs ------------------------------------------------------------------------------------

struct rotation_case {
    std::array<double, 3> k;
    std::array<double, 3> x;
    const char* kind;
};

std::array<double, 3> random_direction(std::mt19937_64& rng) {
    std::normal_distribution<double> n(0.0, 1.0);
    std::array<double, 3> d{n(rng), n(rng), n(rng)};
    const double r = norm(d);
    for (double& v : d) v /= r;
    return d;
}

/// Angle-axis vectors with points X in [-10, 10]^3, `each` of every kind, from a fixed seed;
/// the kind "threshold" has theta^2 next to eps (the small-angle threshold of the library in the
/// type whose epsilon it is, and Ceres' for double).
std::vector<rotation_case> rotation_cases(std::size_t each, double eps = std::numeric_limits<double>::epsilon()) {
    std::mt19937_64 rng(20240611);
    std::uniform_real_distribution<double> unit(0.0, 1.0), coordinate(-10.0, 10.0);
    std::vector<rotation_case> cases;
    const auto add = [&](double angle, const char* kind) {
        auto k = random_direction(rng);
        for (double& v : k) v *= angle;
        cases.push_back({k, {coordinate(rng), coordinate(rng), coordinate(rng)}, kind});
    };
    for (std::size_t i = 0; i < each; ++i) {
        add(pi * unit(rng), "general");
        add(pi + (12 - pi) * unit(rng), "large");
        add(std::pow(10.0, -20 + 18 * unit(rng)), "tiny");
        add(std::sqrt(eps * (1 + (unit(rng) - 0.5) * 1e-2)), "threshold");   // theta^2 next to epsilon
        add(pi + (unit(rng) < 0.5 ? -1 : 1) * std::pow(10.0, -15 + 12 * unit(rng)), "near pi");
    }
    add(pi, "pi");
    add(std::sqrt(eps), "threshold");
    for (const double angle : {0.0, 1e-300, 4.9e-324, 1e-160, 1e-154})
        cases.push_back({{angle, 0.0, 0.0}, {coordinate(rng), coordinate(rng), coordinate(rng)}, "zero"});
    cases.push_back({{0.0, 0.0, 0.0}, {0.0, 0.0, 0.0}, "zero"});
    cases.push_back({{1e-200, -1e-200, 1e-200}, {1.0, -2.0, 0.5}, "zero"});
    return cases;
}

/// Quaternions of norm 0.1 to 10 with points in [-10, 10]^3: random, near the identity (and its
/// negative), half turns (w = 0).
struct quaternion_case {
    std::array<double, 4> q;
    std::array<double, 3> x;
};
std::vector<quaternion_case> quaternion_cases(std::size_t each) {
    std::mt19937_64 rng(31415926);
    std::uniform_real_distribution<double> unit(0.0, 1.0), coordinate(-10.0, 10.0);
    std::normal_distribution<double> n(0.0, 1.0);
    std::vector<quaternion_case> cases;
    const auto point = [&] { return std::array<double, 3>{coordinate(rng), coordinate(rng), coordinate(rng)}; };
    for (std::size_t i = 0; i < each; ++i) {
        const double scale = std::pow(10.0, -1 + 2 * unit(rng));
        std::array<double, 4> g{n(rng), n(rng), n(rng), n(rng)};
        const double r = std::sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2] + g[3] * g[3]);
        for (double& v : g) v *= scale / r;
        cases.push_back({g, point()});
        const auto d = random_direction(rng);
        const double tiny = std::pow(10.0, -18 + 16 * unit(rng));
        const double sign = unit(rng) < 0.5 ? -1.0 : 1.0;
        cases.push_back({{sign * scale, tiny * d[0], tiny * d[1], tiny * d[2]}, point()});
        cases.push_back({{0.0, scale * d[0], scale * d[1], scale * d[2]}, point()});
    }
    cases.push_back({{1.0, 0.0, 0.0, 0.0}, point()});
    return cases;
}

// angle-axis rotation through Ceres, as f(in, out) with in = (k, X)
const auto ceres_angle_axis_rotate = [](const auto* in, auto* out) { ceres::AngleAxisRotatePoint(in, in + 3, out); };
const auto series_angle_axis_rotate = [](const auto* in, auto* out) { series_rotate(in, in + 3, out); };

/// Our value and 3 x 6 Jacobian of angle_axis_rotate in T.
template <class T>
auto ours_rotate(const std::array<double, 3>& k, const std::array<double, 3>& x) {
    return ctdiff::value_and_jacobian(ctdiff::angle_axis_rotate(aa, X), ctdiff::wrt(aa, X), aa = vec<T>(k),
                                      X = vec<T>(x));
}

// ---- angle_axis_rotate -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(angle_axis_rotate_against_ceres_references_and_differences) {
    const double eps = std::numeric_limits<double>::epsilon();
    worst value_vs_ceres{"angle_axis_rotate value vs AngleAxisRotatePoint (eps |X|)"};
    worst value_vs_reference{"angle_axis_rotate value vs long-double reference (eps |X|)"};
    worst jacobian_vs_reference{"angle_axis_rotate Jacobian vs long-double Jets (eps max(1, |X|))"};
    worst jacobian_vs_jet{"angle_axis_rotate Jacobian vs Jet<double, 6> (eps max(1, |X|)), theta >= 0.01"};
    worst jet_first_order{"Jet<double, 6> Jacobian of Ceres' first-order branch vs reference (theta |X|)"};
    worst jacobian_vs_differences{"angle_axis_rotate Jacobian vs central differences (max(1, |X|))"};
    std::map<int, std::pair<double, double>> by_decade;  // largest errors of ours and of Jet<double, 6>
    for (const auto& c : rotation_cases(200)) {
        const auto [r, J] = ours_rotate<double>(c.k, c.x);
        const std::array<double, 6> u{c.k[0], c.k[1], c.k[2], c.x[0], c.x[1], c.x[2]};
        const std::array<ld, 6> ul{c.k[0], c.k[1], c.k[2], c.x[0], c.x[1], c.x[2]};
        const double theta = norm(c.k), scale = std::max(1.0, norm(c.x));
        const bool ceres_first_order = theta * theta <= eps;  // Ceres' branch: X + k x X

        // references in long double: the exponential series up to |k| = 4, Ceres' formula in
        // Jet<long double> beyond (outside Ceres' first-order branch, it is exact)
        const bool series = theta <= 4;
        const auto ref_value = series ? value_of<3>(series_angle_axis_rotate, ul) : value_of<3>(ceres_angle_axis_rotate, ul);
        const auto ref_jacobian = series ? jet_jacobian<3>(series_angle_axis_rotate, ul)
                                         : jet_jacobian<3>(ceres_angle_axis_rotate, ul);
        const auto ceres_value = value_of<3>(ceres_angle_axis_rotate, u);
        const auto ceres_jacobian = jet_jacobian<3>(ceres_angle_axis_rotate, u);
        const auto fd = central_jacobian<3, 6>(
            [](std::array<double, 6> v) {
                const auto y = ctdiff::evaluate(ctdiff::angle_axis_rotate(aa, X), aa = vec<double>(std::array{v[0], v[1], v[2]}),
                                                X = vec<double>(std::array{v[3], v[4], v[5]}));
                return std::array<double, 3>{y(0), y(1), y(2)};
            },
            u);

        for (std::size_t i = 0; i < 3; ++i) {
            value_vs_ceres(std::abs(r(i) - ceres_value[i]) / (eps * scale));
            value_vs_reference(std::abs(static_cast<ld>(r(i)) - ref_value[i]) / (eps * scale));
            for (std::size_t j = 0; j < 6; ++j) {
                const double ours = J(i, j);
                jacobian_vs_reference(static_cast<double>(std::abs(ours - ref_jacobian[i * 6 + j])) / (eps * scale));
                jacobian_vs_differences(std::abs(ours - fd[i * 6 + j]) / scale);
                const double jet_error = std::abs(ours - ceres_jacobian[i * 6 + j]);
                const double jet_vs_reference =
                    static_cast<double>(std::abs(ceres_jacobian[i * 6 + j] - ref_jacobian[i * 6 + j])) / (eps * scale);
                if (theta > 0) {
                    // Ceres' first-order branch as one bucket, then decades of theta
                    const int bucket = ceres_first_order ? -1000 : static_cast<int>(std::floor(std::log10(theta)));
                    auto& [ours_largest, jet_largest] = by_decade[bucket];
                    ours_largest = std::max(ours_largest, static_cast<double>(std::abs(ours - ref_jacobian[i * 6 + j])) / (eps * scale));
                    jet_largest = std::max(jet_largest, jet_vs_reference);
                }
                // Ceres' Jets lose accuracy towards its threshold (the chain rule through theta and
                // k / theta cancels): compared where they are accurate, reported by decade below
                if (theta >= 0.01) jacobian_vs_jet(jet_error / (eps * scale));
                if (ceres_first_order && theta > 0) jet_first_order(static_cast<double>(std::abs(ceres_jacobian[i * 6 + j] - ref_jacobian[i * 6 + j])) / (theta * scale));
            }
        }
    }
    for (const auto& [decade, e] : by_decade)
        BOOST_TEST_MESSAGE((decade == -1000 ? std::string("0 < theta^2 <= eps") : "theta^2 > eps, theta in [1e" + std::to_string(decade) + ", 1e" + std::to_string(decade + 1) + ")")
                           << ": Jacobian vs reference, ours " << e.first << ", Jet<double, 6> " << e.second
                           << " (eps max(1, |X|))");
    BOOST_TEST(value_vs_ceres.value <= 8);
    BOOST_TEST(value_vs_reference.value <= 8);
    BOOST_TEST(jacobian_vs_reference.value <= 16);
    BOOST_TEST(jacobian_vs_jet.value <= 32);
    BOOST_TEST(jacobian_vs_differences.value <= 1e-7);
    // Ceres' first-order form X + k x X gives the derivative -[X]x: its error is of order theta |X|
    BOOST_TEST(jet_first_order.value <= 2);
}

BOOST_AUTO_TEST_CASE(angle_axis_rotate_in_float) {
    const double eps = std::numeric_limits<float>::epsilon();
    worst value_error{"angle_axis_rotate<float> value vs long-double reference (float eps |X|)"};
    worst jacobian_error{"angle_axis_rotate<float> Jacobian vs long-double Jets (float eps max(1, |X|))"};
    for (auto c : rotation_cases(100, std::numeric_limits<float>::epsilon())) {
        // the inputs as floats; the reference at exactly those inputs
        for (double& v : c.k) v = static_cast<double>(static_cast<float>(v));
        for (double& v : c.x) v = static_cast<double>(static_cast<float>(v));
        const auto [r, J] = ours_rotate<float>(c.k, c.x);
        static_assert(std::is_same_v<std::remove_cvref_t<decltype(r)>, tensor<float, shape<3>>>);
        const std::array<ld, 6> ul{c.k[0], c.k[1], c.k[2], c.x[0], c.x[1], c.x[2]};
        const bool series = norm(c.k) <= 4;
        const auto ref_value = series ? value_of<3>(series_angle_axis_rotate, ul) : value_of<3>(ceres_angle_axis_rotate, ul);
        const auto ref_jacobian = series ? jet_jacobian<3>(series_angle_axis_rotate, ul)
                                         : jet_jacobian<3>(ceres_angle_axis_rotate, ul);
        const double scale = std::max(1.0, norm(c.x));
        for (std::size_t i = 0; i < 3; ++i) {
            value_error(static_cast<double>(std::abs(static_cast<ld>(r(i)) - ref_value[i])) / (eps * scale));
            for (std::size_t j = 0; j < 6; ++j)
                jacobian_error(static_cast<double>(std::abs(static_cast<ld>(J(i, j)) - ref_jacobian[i * 6 + j])) / (eps * scale));
        }
    }
    BOOST_TEST(value_error.value <= 8);
    BOOST_TEST(jacobian_error.value <= 16);
}

template <class T>
void check_exact_at_zero() {
    const std::array<double, 3> x{1.5, -2.25, 0.75};
    const auto [r, J] = ours_rotate<T>({0.0, 0.0, 0.0}, x);
    const T X0 = T(1.5), X1 = T(-2.25), X2 = T(0.75);
    const T minus_cross[3][3] = {{0, X2, -X1}, {-X2, 0, X0}, {X1, -X0, 0}};  // -[X]x
    for (std::size_t i = 0; i < 3; ++i) {
        BOOST_TEST(r(i) == static_cast<T>(x[i]));
        for (std::size_t j = 0; j < 3; ++j) {
            BOOST_TEST(J(i, j) == minus_cross[i][j]);
            BOOST_TEST(J(i, 3 + j) == T(i == j ? 1 : 0));
        }
    }
    // Ceres agrees exactly at zero (its first-order form is exact there)
    const auto jet = jet_jacobian<3>(ceres_angle_axis_rotate, std::array<T, 6>{0, 0, 0, X0, X1, X2});
    for (std::size_t k = 0; k < 18; ++k) BOOST_TEST(J[k] == jet[k]);

    // the matrix: I, and dR/dk_m = [e_m]x
    constexpr auto R = ctdiff::angle_axis_to_rotation_matrix(aa);
    const auto [m, JR] = ctdiff::value_and_jacobian(R, ctdiff::wrt(aa), aa = tensor<T, shape<3>>{});
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j) {
            BOOST_TEST(m[3 * i + j] == T(i == j ? 1 : 0));  // the outputs, flat
            for (std::size_t k = 0; k < 3; ++k) {  // ([e_k]x)_ij = -epsilon_ijk
                const int e = (i == j || j == k || i == k) ? 0 : ((j + 3 - i) % 3 == 1 ? 1 : -1);  // epsilon_ijk
                BOOST_TEST(JR(3 * i + j, k) == T(-e));
            }
        }
    // a gradient through it: d/dk (w . R(k) X) at k = 0 is X x w
    const tensor<T, shape<3>> w{{T(0.5), T(-1), T(2)}};
    constexpr auto wv = ctdiff::var<"w", shape<3>>;
    const auto [v, g] = ctdiff::value_and_grad(ctdiff::dot(wv, ctdiff::angle_axis_rotate(aa, X)), ctdiff::wrt(aa, X),
                                               aa = tensor<T, shape<3>>{}, X = vec<T>(x), wv = w);
    BOOST_TEST(v == X0 * w(0) + X1 * w(1) + X2 * w(2));
    BOOST_TEST(g[aa](0) == X1 * w(2) - X2 * w(1));
    BOOST_TEST(g[aa](1) == X2 * w(0) - X0 * w(2));
    BOOST_TEST(g[aa](2) == X0 * w(1) - X1 * w(0));
    for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(g[X](i) == w(i));
}

BOOST_AUTO_TEST_CASE(exact_at_zero_rotation) {
    check_exact_at_zero<double>();
    check_exact_at_zero<float>();
}

BOOST_AUTO_TEST_CASE(finite_near_zero_and_at_extremes) {
    // t = |k|^2 underflows to 0 or is subnormal: no NaN, and the value is X to rounding
    for (const double e : {4.9e-324, 1e-310, 1e-200, 1e-160, 1e-154, 1e-100, 1e-20, 1e-8}) {
        const auto [r, J] = ours_rotate<double>({e, -e, e}, {3.0, -1.0, 2.0});
        for (std::size_t k = 0; k < 18; ++k) BOOST_TEST(std::isfinite(J[k]));
        BOOST_TEST(std::abs(r(0) - 3.0) <= 1e-7);
        const auto [rf, Jf] = ours_rotate<float>({e, -e, e}, {3.0, -1.0, 2.0});
        for (std::size_t k = 0; k < 18; ++k) BOOST_TEST(std::isfinite(Jf[k]));
        BOOST_TEST(std::isfinite(rf(0)));
    }
}

// ---- angle_axis_to_rotation_matrix -------------------------------------------------------------

BOOST_AUTO_TEST_CASE(angle_axis_to_rotation_matrix_against_ceres_and_references) {
    const double eps = std::numeric_limits<double>::epsilon();
    worst value_vs_ceres{"angle_axis_to_rotation_matrix vs AngleAxisToRotationMatrix (eps)"};
    worst value_vs_reference{"angle_axis_to_rotation_matrix vs long-double reference (eps)"};
    worst jacobian_vs_reference{"angle_axis_to_rotation_matrix Jacobian vs long-double Jets (eps)"};
    worst jacobian_vs_jet{"angle_axis_to_rotation_matrix Jacobian vs Jet<double, 3> (eps), theta >= 0.01"};
    worst jacobian_vs_differences{"angle_axis_to_rotation_matrix Jacobian vs central differences"};
    worst composed{"matvec(angle_axis_to_rotation_matrix) vs angle_axis_rotate, value and Jacobian (eps max(1, |X|))"};
    // Ceres writes the matrix column-major: R(i, j) at [i + 3 j]; its adapter writes row-major
    const auto ceres_matrix = [](const auto* k, auto* R) { ceres::AngleAxisToRotationMatrix(k, ceres::RowMajorAdapter3x3(R)); };
    const auto series_reference = [](const auto* k, auto* R) { series_matrix(k, R); };
    constexpr auto R = ctdiff::angle_axis_to_rotation_matrix(aa);
    for (const auto& c : rotation_cases(100)) {
        const auto [m, J] = ctdiff::value_and_jacobian(R, ctdiff::wrt(aa), aa = vec<double>(c.k));
        double column_major[9];
        ceres::AngleAxisToRotationMatrix(c.k.data(), column_major);
        const auto row_major = value_of<9>(ceres_matrix, c.k);
        const auto jet = jet_jacobian<9>(ceres_matrix, c.k);
        const std::array<ld, 3> kl{c.k[0], c.k[1], c.k[2]};
        const double theta = norm(c.k);
        const auto ref_value = theta <= 4 ? value_of<9>(series_reference, kl) : value_of<9>(ceres_matrix, kl);
        const auto ref_jacobian = theta <= 4 ? jet_jacobian<9>(series_reference, kl) : jet_jacobian<9>(ceres_matrix, kl);
        const auto fd = central_jacobian<9, 3>(
            [&](std::array<double, 3> v) {
                const auto y = ctdiff::evaluate(R, aa = vec<double>(v));
                std::array<double, 9> out{};
                for (std::size_t k = 0; k < 9; ++k) out[k] = y[k];
                return out;
            },
            c.k);
        for (std::size_t i = 0; i < 3; ++i)
            for (std::size_t j = 0; j < 3; ++j) {
                value_vs_ceres(std::abs(m[3 * i + j] - column_major[i + 3 * j]) / eps);  // m: the 9 outputs
                BOOST_TEST(column_major[i + 3 * j] == row_major[3 * i + j]);
                value_vs_reference(static_cast<double>(std::abs(m[3 * i + j] - ref_value[3 * i + j])) / eps);
            }
        for (std::size_t k = 0; k < 27; ++k) {
            jacobian_vs_reference(static_cast<double>(std::abs(J[k] - ref_jacobian[k])) / eps);
            if (theta >= 0.01) jacobian_vs_jet(std::abs(J[k] - jet[k]) / eps);
            jacobian_vs_differences(std::abs(J[k] - fd[k]));
        }
        // R(k) X through matvec is angle_axis_rotate, to rounding
        const auto [y1, J1] = ctdiff::value_and_jacobian(ctdiff::matvec(R, X), ctdiff::wrt(aa, X), aa = vec<double>(c.k),
                                                         X = vec<double>(c.x));
        const auto [y2, J2] = ours_rotate<double>(c.k, c.x);
        const double scale = std::max(1.0, norm(c.x));
        for (std::size_t i = 0; i < 3; ++i) composed(std::abs(y1(i) - y2(i)) / (eps * scale));
        for (std::size_t k = 0; k < 18; ++k) composed(std::abs(J1[k] - J2[k]) / (eps * scale));
    }
    BOOST_TEST(value_vs_ceres.value <= 8);
    BOOST_TEST(value_vs_reference.value <= 8);
    BOOST_TEST(jacobian_vs_reference.value <= 16);
    BOOST_TEST(jacobian_vs_jet.value <= 32);
    BOOST_TEST(jacobian_vs_differences.value <= 1e-7);
    BOOST_TEST(composed.value <= 32);
}

// ---- quaternions -------------------------------------------------------------------------------

const auto ceres_quaternion_rotate = [](const auto* in, auto* out) { ceres::QuaternionRotatePoint(in, in + 4, out); };
const auto conjugation_reference = [](const auto* in, auto* out) { conjugation_rotate(in, in + 4, out); };

BOOST_AUTO_TEST_CASE(quaternion_rotate_against_ceres_references_and_differences) {
    const double eps = std::numeric_limits<double>::epsilon();
    worst value_vs_ceres{"quaternion_rotate value vs QuaternionRotatePoint (eps |X|)"};
    worst value_vs_reference{"quaternion_rotate value vs long-double q X q* / |q|^2 (eps |X|)"};
    worst jacobian_vs_reference{"quaternion_rotate Jacobian vs long-double Jets (eps max(1, |X|) / |q| for q)"};
    worst jacobian_vs_jet{"quaternion_rotate Jacobian vs Jet<double, 7> (eps max(1, |X|) / |q| for q)"};
    worst jacobian_vs_differences{"quaternion_rotate Jacobian vs central differences"};
    worst tangent{"quaternion_rotate: J_q q (eps max(1, |X|))"};
    for (const auto& c : quaternion_cases(200)) {
        const auto [r, J] = ctdiff::value_and_jacobian(ctdiff::quaternion_rotate(q, X), ctdiff::wrt(q, X),
                                                       q = vec<double>(c.q), X = vec<double>(c.x));
        const std::array<double, 7> u{c.q[0], c.q[1], c.q[2], c.q[3], c.x[0], c.x[1], c.x[2]};
        const std::array<ld, 7> ul{c.q[0], c.q[1], c.q[2], c.q[3], c.x[0], c.x[1], c.x[2]};
        const auto ceres_value = value_of<3>(ceres_quaternion_rotate, u);
        const auto jet = jet_jacobian<3>(ceres_quaternion_rotate, u);
        const auto ref_value = value_of<3>(conjugation_reference, ul);
        const auto ref_jacobian = jet_jacobian<3>(conjugation_reference, ul);
        const auto fd = central_jacobian<3, 7>(
            [](std::array<double, 7> v) {
                const auto y = ctdiff::evaluate(ctdiff::quaternion_rotate(q, X), q = vec<double>(std::array{v[0], v[1], v[2], v[3]}),
                                                X = vec<double>(std::array{v[4], v[5], v[6]}));
                return std::array<double, 3>{y(0), y(1), y(2)};
            },
            u);
        const double scale = std::max(1.0, norm(c.x)), qn = norm(c.q);
        for (std::size_t i = 0; i < 3; ++i) {
            value_vs_ceres(std::abs(r(i) - ceres_value[i]) / (eps * scale));
            value_vs_reference(static_cast<double>(std::abs(r(i) - ref_value[i])) / (eps * scale));
            double jq = 0;
            for (std::size_t j = 0; j < 7; ++j) {
                const double s = j < 4 ? scale / qn : 1.0;  // d/dq scales as 1 / |q|
                jacobian_vs_reference(static_cast<double>(std::abs(J(i, j) - ref_jacobian[i * 7 + j])) / (eps * s));
                jacobian_vs_jet(std::abs(J(i, j) - jet[i * 7 + j]) / (eps * s));
                jacobian_vs_differences(std::abs(J(i, j) - fd[i * 7 + j]) / (s * std::max(1.0, qn)));
                if (j < 4) jq += J(i, j) * c.q[j];
            }
            tangent(std::abs(jq) / (eps * scale));
        }
    }
    BOOST_TEST(value_vs_ceres.value <= 8);
    BOOST_TEST(value_vs_reference.value <= 8);
    BOOST_TEST(jacobian_vs_reference.value <= 16);
    BOOST_TEST(jacobian_vs_jet.value <= 32);
    BOOST_TEST(jacobian_vs_differences.value <= 1e-7);
    BOOST_TEST(tangent.value <= 32);
}

BOOST_AUTO_TEST_CASE(quaternion_product_against_ceres) {
    const double eps = std::numeric_limits<double>::epsilon();
    worst value_vs_ceres{"quaternion_product vs QuaternionProduct (eps |a| |b|)"};
    const auto ceres_product = [](const auto* in, auto* out) { ceres::QuaternionProduct(in, in + 4, out); };
    const auto cases = quaternion_cases(100);
    for (std::size_t n = 0; n + 1 < cases.size(); ++n) {
        const auto& a0 = cases[n].q;
        const auto& b0 = cases[n + 1].q;
        const auto [z, J] = ctdiff::value_and_jacobian(ctdiff::quaternion_product(q, b), ctdiff::wrt(q, b),
                                                       q = vec<double>(a0), b = vec<double>(b0));
        const std::array<double, 8> u{a0[0], a0[1], a0[2], a0[3], b0[0], b0[1], b0[2], b0[3]};
        const auto ceres_value = value_of<4>(ceres_product, u);
        const auto jet = jet_jacobian<4>(ceres_product, u);
        for (std::size_t i = 0; i < 4; ++i) value_vs_ceres(std::abs(z(i) - ceres_value[i]) / (eps * norm(a0) * norm(b0)));
        // bilinear: every entry of the Jacobian is plus or minus an input, exactly
        for (std::size_t k = 0; k < 32; ++k) BOOST_TEST(J[k] == jet[k]);
        // R(a b) = R(a) R(b)
        constexpr auto Ra = ctdiff::quaternion_to_rotation_matrix(q);
        constexpr auto Rb = ctdiff::quaternion_to_rotation_matrix(b);
        const auto lhs = ctdiff::evaluate(ctdiff::quaternion_to_rotation_matrix(ctdiff::quaternion_product(q, b)),
                                          q = vec<double>(a0), b = vec<double>(b0));
        const auto rhs = ctdiff::evaluate(ctdiff::matmul(Ra, Rb), q = vec<double>(a0), b = vec<double>(b0));
        for (std::size_t k = 0; k < 9; ++k) BOOST_TEST(std::abs(lhs[k] - rhs[k]) <= 16 * eps);
    }
    BOOST_TEST(value_vs_ceres.value <= 4);
}

BOOST_AUTO_TEST_CASE(quaternion_to_rotation_matrix_against_ceres_and_references) {
    const double eps = std::numeric_limits<double>::epsilon();
    worst value_vs_ceres{"quaternion_to_rotation_matrix vs QuaternionToRotation (eps)"};
    worst jacobian_vs_reference{"quaternion_to_rotation_matrix Jacobian vs long-double Jets (eps / |q|)"};
    worst jacobian_vs_jet{"quaternion_to_rotation_matrix Jacobian vs Jet<double, 4> (eps / |q|)"};
    worst jacobian_vs_differences{"quaternion_to_rotation_matrix Jacobian vs central differences (1 / |q|)"};
    worst tangent{"quaternion_to_rotation_matrix: J q (eps)"};
    worst composed{"matvec(quaternion_to_rotation_matrix) vs quaternion_rotate, value and Jacobian (eps max(1, |X|) / |q|)"};
    const auto ceres_matrix = [](const auto* qv, auto* R) { ceres::QuaternionToRotation(qv, R); };  // row-major
    const auto reference = [](const auto* qv, auto* R) { conjugation_matrix(qv, R); };
    constexpr auto R = ctdiff::quaternion_to_rotation_matrix(q);
    for (const auto& c : quaternion_cases(100)) {
        const auto [m, J] = ctdiff::value_and_jacobian(R, ctdiff::wrt(q), q = vec<double>(c.q));
        const auto ceres_value = value_of<9>(ceres_matrix, c.q);
        const auto jet = jet_jacobian<9>(ceres_matrix, c.q);
        const std::array<ld, 4> ql{c.q[0], c.q[1], c.q[2], c.q[3]};
        const auto ref_jacobian = jet_jacobian<9>(reference, ql);
        const auto fd = central_jacobian<9, 4>(
            [&](std::array<double, 4> v) {
                const auto y = ctdiff::evaluate(R, q = vec<double>(v));
                std::array<double, 9> out{};
                for (std::size_t k = 0; k < 9; ++k) out[k] = y[k];
                return out;
            },
            c.q);
        const double qn = norm(c.q);
        for (std::size_t k = 0; k < 9; ++k) {
            value_vs_ceres(std::abs(m[k] - ceres_value[k]) / eps);
            double jq = 0;
            for (std::size_t j = 0; j < 4; ++j) {
                jacobian_vs_differences(std::abs(J(k, j) - fd[k * 4 + j]) * qn);
                jacobian_vs_reference(static_cast<double>(std::abs(J(k, j) - ref_jacobian[k * 4 + j])) * qn / eps);
                jacobian_vs_jet(std::abs(J(k, j) - jet[k * 4 + j]) * qn / eps);
                jq += J(k, j) * c.q[j];
            }
            tangent(std::abs(jq) / eps);
        }
        const auto [y1, J1] = ctdiff::value_and_jacobian(ctdiff::matvec(R, X), ctdiff::wrt(q, X), q = vec<double>(c.q),
                                                         X = vec<double>(c.x));
        const auto [y2, J2] = ctdiff::value_and_jacobian(ctdiff::quaternion_rotate(q, X), ctdiff::wrt(q, X),
                                                         q = vec<double>(c.q), X = vec<double>(c.x));
        const double scale = std::max(1.0, norm(c.x));
        for (std::size_t i = 0; i < 3; ++i) composed(std::abs(y1(i) - y2(i)) / (eps * scale));
        for (std::size_t i = 0; i < 3; ++i)
            for (std::size_t j = 0; j < 7; ++j)
                composed(std::abs(J1(i, j) - J2(i, j)) / (eps * (j < 4 ? scale / qn : 1.0)));
    }
    BOOST_TEST(value_vs_ceres.value <= 8);
    BOOST_TEST(jacobian_vs_reference.value <= 16);
    BOOST_TEST(jacobian_vs_jet.value <= 32);
    BOOST_TEST(jacobian_vs_differences.value <= 1e-7);
    BOOST_TEST(tangent.value <= 32);
    BOOST_TEST(composed.value <= 32);
}

BOOST_AUTO_TEST_CASE(quaternions_in_float_and_against_angle_axis) {
    const double eps = std::numeric_limits<double>::epsilon();
    worst float_error{"quaternion_rotate<float> vs long-double reference, value and Jacobian (float eps)"};
    worst same_rotation{"quaternion_rotate(AngleAxisToQuaternion(k)) vs angle_axis_rotate(k) (eps max(1, |X|))"};
    for (auto c : quaternion_cases(50)) {
        for (double& v : c.q) v = static_cast<double>(static_cast<float>(v));
        for (double& v : c.x) v = static_cast<double>(static_cast<float>(v));
        const auto [r, J] = ctdiff::value_and_jacobian(ctdiff::quaternion_rotate(q, X), ctdiff::wrt(q, X),
                                                       q = vec<float>(c.q), X = vec<float>(c.x));
        const std::array<ld, 7> ul{c.q[0], c.q[1], c.q[2], c.q[3], c.x[0], c.x[1], c.x[2]};
        const auto ref_value = value_of<3>(conjugation_reference, ul);
        const auto ref_jacobian = jet_jacobian<3>(conjugation_reference, ul);
        const double scale = std::max(1.0, norm(c.x)), qn = norm(c.q), feps = std::numeric_limits<float>::epsilon();
        for (std::size_t i = 0; i < 3; ++i) {
            float_error(static_cast<double>(std::abs(r(i) - ref_value[i])) / (feps * scale));
            for (std::size_t j = 0; j < 7; ++j)
                float_error(static_cast<double>(std::abs(J(i, j) - ref_jacobian[i * 7 + j])) /
                            (feps * (j < 4 ? scale / qn : 1.0)));
        }
    }
    for (const auto& c : rotation_cases(50)) {
        double qv[4];
        ceres::AngleAxisToQuaternion(c.k.data(), qv);
        const auto y1 = ctdiff::evaluate(ctdiff::quaternion_rotate(q, X), q = vec<double>(std::array{qv[0], qv[1], qv[2], qv[3]}),
                                         X = vec<double>(c.x));
        const auto y2 = ctdiff::evaluate(ctdiff::angle_axis_rotate(aa, X), aa = vec<double>(c.k), X = vec<double>(c.x));
        for (std::size_t i = 0; i < 3; ++i) same_rotation(std::abs(y1(i) - y2(i)) / (eps * std::max(1.0, norm(c.x))));
    }
    BOOST_TEST(float_error.value <= 16);
    BOOST_TEST(same_rotation.value <= 16);
}

// ---- a bundle-adjustment residual --------------------------------------------------------------

/// Snavely's reprojection error as in Ceres' bundle adjustment example: camera = (angle-axis R,
/// translation t, focal f, radial k1, k2), point X; written here for the comparison.
struct snavely_residual {
    double observed_x, observed_y;
    template <class T>
    bool operator()(const T* camera, const T* point, T* residuals) const {
        T p[3];
        ceres::AngleAxisRotatePoint(camera, point, p);
        for (int i = 0; i < 3; ++i) p[i] += camera[3 + i];
        const T xp = -p[0] / p[2], yp = -p[1] / p[2];
        const T r2 = xp * xp + yp * yp;
        const T distortion = T(1) + r2 * (camera[7] + camera[8] * r2);
        residuals[0] = camera[6] * distortion * xp - T(observed_x);
        residuals[1] = camera[6] * distortion * yp - T(observed_y);
        return true;
    }
};

BOOST_AUTO_TEST_CASE(snavely_reprojection_against_autodiff_cost_function) {
    constexpr auto R = ctdiff::var<"R", shape<3>>;
    constexpr auto t = ctdiff::var<"t", shape<3>>;
    constexpr auto f = ctdiff::var<"f">;
    constexpr auto k1 = ctdiff::var<"k1">;
    constexpr auto k2 = ctdiff::var<"k2">;
    constexpr auto point = ctdiff::var<"point", shape<3>>;
    constexpr auto ox = ctdiff::var<"ox">;
    constexpr auto oy = ctdiff::var<"oy">;
    constexpr auto P = ctdiff::angle_axis_rotate(R, point) + t;
    constexpr auto xp = -at<0>(P) / at<2>(P);
    constexpr auto yp = -at<1>(P) / at<2>(P);
    constexpr auto r2 = xp * xp + yp * yp;
    constexpr auto distortion = 1_c + r2 * (k1 + k2 * r2);
    constexpr auto rx = f * distortion * xp - ox;
    constexpr auto ry = f * distortion * yp - oy;
    constexpr auto loss = 0.5_c * (rx * rx + ry * ry);

    std::mt19937_64 rng(27182818);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    worst residual_error{"Snavely residual vs AutoDiffCostFunction (relative)"};
    worst jacobian_error{"Snavely Jacobian vs AutoDiffCostFunction (relative to the row's largest entry), angle 0 or >= 0.01"};
    worst jacobian_tiny{"Snavely Jacobian vs AutoDiffCostFunction (relative to the row's largest entry), angle 1e-9"};
    worst gradient_error{"Snavely value_and_grad vs J^T r (relative)"};
    for (int n = 0; n < 200; ++n) {
        const double angle = n % 4 == 0 ? 0.0 : (n % 4 == 1 ? 1e-9 : 0.01 + 0.5 * std::abs(unit(rng)));
        const auto d = random_direction(rng);
        std::array<double, 9> camera{angle * d[0], angle * d[1], angle * d[2], unit(rng), unit(rng), -10 + unit(rng),
                                     800 + 100 * unit(rng), 0.1 * unit(rng), 0.01 * unit(rng)};
        std::array<double, 3> world{2 * unit(rng), 2 * unit(rng), 2 * unit(rng)};
        const double obs_x = 50 * unit(rng), obs_y = 50 * unit(rng);

        ceres::AutoDiffCostFunction<snavely_residual, 2, 9, 3> cost(new snavely_residual{obs_x, obs_y});
        double ceres_r[2], ceres_jc[18], ceres_jp[6];
        const double* blocks[2] = {camera.data(), world.data()};
        double* jacobians[2] = {ceres_jc, ceres_jp};
        BOOST_TEST(cost.Evaluate(blocks, ceres_r, jacobians));

        // tensors are bound by reference: they must outlive the bindings
        const auto rotation = vec<double>(std::array{camera[0], camera[1], camera[2]});
        const auto translation = vec<double>(std::array{camera[3], camera[4], camera[5]});
        const auto world_point = vec<double>(world);
        const auto bindings = std::tuple{R = rotation, t = translation, f = camera[6], k1 = camera[7], k2 = camera[8],
                                         point = world_point, ox = obs_x, oy = obs_y};
        const auto [r, J] = std::apply(
            [&](const auto&... b) {
                return ctdiff::value_and_jacobian(std::tuple{rx, ry}, ctdiff::wrt(R, t, f, k1, k2, point), b...);
            },
            bindings);
        static_assert(decltype(J)::cols == 12);
        const auto [value, g] = std::apply(
            [&](const auto&... b) { return ctdiff::value_and_grad(loss, ctdiff::wrt(R, t, f, k1, k2, point), b...); },
            bindings);
        for (int i = 0; i < 2; ++i) {
            residual_error(std::abs(r(i) - ceres_r[i]) / std::max(1.0, std::abs(ceres_r[i])));
            double row_scale = 1;
            for (int j = 0; j < 9; ++j) row_scale = std::max(row_scale, std::abs(ceres_jc[i * 9 + j]));
            for (int j = 0; j < 3; ++j) row_scale = std::max(row_scale, std::abs(ceres_jp[i * 3 + j]));
            worst& error = angle == 1e-9 ? jacobian_tiny : jacobian_error;
            for (int j = 0; j < 9; ++j) error(std::abs(J(i, j) - ceres_jc[i * 9 + j]) / row_scale);
            for (int j = 0; j < 3; ++j) error(std::abs(J(i, 9 + j) - ceres_jp[i * 3 + j]) / row_scale);
        }
        BOOST_TEST(std::abs(value - 0.5 * (r(0) * r(0) + r(1) * r(1))) <= 1e-12 * std::max(1.0, value));
        // the gradient of 1/2 |r|^2 is J^T r
        std::array<double, 12> jtr{};
        for (int j = 0; j < 12; ++j) jtr[j] = J(0, j) * r(0) + J(1, j) * r(1);
        double gscale = 1;
        for (const double v : jtr) gscale = std::max(gscale, std::abs(v));
        for (int j = 0; j < 3; ++j) {
            gradient_error(std::abs(g[R](j) - jtr[j]) / gscale);
            gradient_error(std::abs(g[t](j) - jtr[3 + j]) / gscale);
            gradient_error(std::abs(g[point](j) - jtr[9 + j]) / gscale);
        }
        gradient_error(std::abs(g[f] - jtr[6]) / gscale);
        gradient_error(std::abs(g[k1] - jtr[7]) / gscale);
        gradient_error(std::abs(g[k2] - jtr[8]) / gscale);
    }
    BOOST_TEST(residual_error.value <= 1e-13);
    BOOST_TEST(jacobian_error.value <= 1e-13);
    // Ceres' small-angle branch drops O(theta |X|) terms of the rotation's derivative: at
    // theta = 1e-9 that is about 1e-9 relative
    BOOST_TEST(jacobian_tiny.value <= 1e-8);
    BOOST_TEST(gradient_error.value <= 1e-13);
}

}  // namespace
