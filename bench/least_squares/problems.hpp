// bench/least_squares/problems.hpp — the least-squares problems (residual vectors and their
// Jacobians) and the functions every implementation defines for them.
//
// A problem is a set of *terms*, each one cost function in Ceres' sense: m residuals of the
// term's parameter blocks (n scalar unknowns in all). The Moré–Garbow–Hillstrom functions and
// the bundle-adjustment error are one term; Ceres' Powell example is four terms of 1 residual
// over 2 of the 4 unknowns, and curve fitting is one term per observation. An evaluation of a
// problem evaluates every term once: residuals into `r + k m`, the term's Jacobian into
// `J + k m n`.
//
// Every number that differs between residuals (t_i, y_i, u_i, exp(t_i), ...) is *data*: an array
// computed once at set-up and passed at run time to all three implementations, so none of them
// sees it as a constant. Constants shared by all residuals (10, 1e4, sqrt(5)) and exponents are
// written as constants in each implementation.
//
// Implementations (one translation unit each):
//   handwritten.cpp  evaluate<handwritten, P, Kind>: residuals and analytic Jacobian, written out
//                    by hand; reference_residuals<P, Kind>: the residuals alone in long double,
//                    for the central differences that check the hand-written Jacobians
//   ctdiff.cpp       evaluate<ctdiff_ad, P, Kind>: ctdiff::value_and_jacobian_to (the expressions
//                    in ctdiff_terms.hpp)
//   ctdiff_modes.cpp evaluate<ctdiff_forward / ctdiff_reverse, P, Kind>: the same with the mode
//                    forced, and ctdiff_plan<P, Kind>; only with CTDIFF_BENCH_LSQ_MODES=ON
//   ceres.cpp        ceres_cost<P>(kind, data): a ceres::AutoDiffCostFunction, built once;
//                    timed through CostFunction::Evaluate, the call a Ceres solver makes
//
// evaluate<Impl, P, Kind>(parameters, data, residuals, jacobian) takes the term's parameter
// blocks as Ceres does (parameters[b] points at block b) and writes the m residuals and the
// m x n Jacobian, row-major, its columns the blocks' unknowns in order. (Ceres writes one
// m x size_b matrix per block instead; with one block, or blocks of size 1 and m = 1, that is
// the same layout.)
//
// LSQ_ONLY_PROBLEM=k (compile-time measurements, bench/least_squares/compile_time.sh): the
// implementation files then compile problem k's code only (0: none).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <vector>

namespace ceres {
class CostFunction;
}

#ifdef LSQ_ONLY_PROBLEM
#define LSQ_WANT(id) (LSQ_ONLY_PROBLEM == (id))
#else
#define LSQ_WANT(id) 1
#endif

namespace lsq {

inline constexpr std::size_t max_blocks = 2;

/// Term k of a problem: which function (kind), where each of its parameter blocks starts in the
/// problem's parameter vector, where its data start.
struct term_layout {
    std::size_t kind = 0;
    std::array<std::size_t, max_blocks> block_offset{};
    std::size_t data_offset = 0;
};

/// The common case: one term, one parameter block of N unknowns, M residuals.
template <std::size_t M, std::size_t N>
struct one_block {
    static constexpr std::size_t m = M, n = N;
    static constexpr std::size_t terms = 1, kinds = 1;
    static constexpr std::size_t parameter_count = N;
    static constexpr std::size_t block_count = 1;
    static constexpr std::array<std::size_t, max_blocks> block_size{N, 0};
    static term_layout term(std::size_t) { return {}; }
    static std::vector<double> data() { return {}; }
};

// ---- Moré, Garbow and Hillstrom (1981), "Testing unconstrained optimization software" ---------
// Numbered as in the paper; unknowns 0-based here (the paper's x1 is x[0]). Evaluated at the
// paper's standard starting point.

/// MGH 1, Rosenbrock: r0 = 10 (x1 - x0^2), r1 = 1 - x0.
struct rosenbrock : one_block<2, 2> {
    static constexpr int id = 1;
    static constexpr const char* name = "rosenbrock";
    static constexpr const char* title = "Rosenbrock (MGH 1)";
    static constexpr std::array<double, 2> start{-1.2, 1.0};
};

/// MGH 2, Freudenstein and Roth: r0 = -13 + x0 + ((5 - x1) x1 - 2) x1,
/// r1 = -29 + x0 + ((x1 + 1) x1 - 14) x1.
struct freudenstein_roth : one_block<2, 2> {
    static constexpr int id = 2;
    static constexpr const char* name = "freudenstein_roth";
    static constexpr const char* title = "Freudenstein–Roth (MGH 2)";
    static constexpr std::array<double, 2> start{0.5, -2.0};
};

/// MGH 3, Powell badly scaled: r0 = 1e4 x0 x1 - 1, r1 = exp(-x0) + exp(-x1) - 1.0001.
struct powell_badly_scaled : one_block<2, 2> {
    static constexpr int id = 3;
    static constexpr const char* name = "powell_badly_scaled";
    static constexpr const char* title = "Powell badly scaled (MGH 3)";
    static constexpr std::array<double, 2> start{0.0, 1.0};
};

/// MGH 4, Brown badly scaled: r0 = x0 - 1e6, r1 = x1 - 2e-6, r2 = x0 x1 - 2.
struct brown_badly_scaled : one_block<3, 2> {
    static constexpr int id = 4;
    static constexpr const char* name = "brown_badly_scaled";
    static constexpr const char* title = "Brown badly scaled (MGH 4)";
    static constexpr std::array<double, 2> start{1.0, 1.0};
};

/// MGH 5, Beale: r_i = y_i - x0 (1 - x1^(i+1)), y = (1.5, 2.25, 2.625).
struct beale : one_block<3, 2> {
    static constexpr int id = 5;
    static constexpr const char* name = "beale";
    static constexpr const char* title = "Beale (MGH 5)";
    static constexpr std::array<double, 2> start{1.0, 1.0};
    static std::vector<double> data() { return {1.5, 2.25, 2.625}; }  // y
};

/// MGH 6, Jennrich and Sampson, m = 10: r_i = 2 + 2 t_i - (exp(t_i x0) + exp(t_i x1)), t_i = i + 1.
struct jennrich_sampson : one_block<10, 2> {
    static constexpr int id = 6;
    static constexpr const char* name = "jennrich_sampson";
    static constexpr const char* title = "Jennrich–Sampson (MGH 6)";
    static constexpr std::array<double, 2> start{0.3, 0.4};
    static std::vector<double> data() {  // t
        std::vector<double> d(10);
        for (std::size_t i = 0; i < 10; ++i) d[i] = static_cast<double>(i + 1);
        return d;
    }
};

/// MGH 12, Box three-dimensional, m = 10: r_i = exp(-t_i x0) - exp(-t_i x1) - x2 c_i,
/// t_i = 0.1 (i + 1), c_i = exp(-t_i) - exp(-10 t_i).
struct box_3d : one_block<10, 3> {
    static constexpr int id = 7;
    static constexpr const char* name = "box_3d";
    static constexpr const char* title = "Box 3-D (MGH 12)";
    static constexpr std::array<double, 3> start{0.0, 10.0, 20.0};
    static std::vector<double> data() {  // t (10), c (10)
        std::vector<double> d(20);
        for (std::size_t i = 0; i < 10; ++i) {
            const double t = 0.1 * static_cast<double>(i + 1);
            d[i] = t;
            d[10 + i] = std::exp(-t) - std::exp(-10 * t);
        }
        return d;
    }
};

/// MGH 13, Powell singular: r0 = x0 + 10 x1, r1 = sqrt(5) (x2 - x3), r2 = (x1 - 2 x2)^2,
/// r3 = sqrt(10) (x0 - x3)^2.
struct powell_singular : one_block<4, 4> {
    static constexpr int id = 8;
    static constexpr const char* name = "powell_singular";
    static constexpr const char* title = "Powell singular (MGH 13)";
    static constexpr std::array<double, 4> start{3.0, -1.0, 0.0, 1.0};
};

/// MGH 14, Wood: r0 = 10 (x1 - x0^2), r1 = 1 - x0, r2 = sqrt(90) (x3 - x2^2), r3 = 1 - x2,
/// r4 = sqrt(10) (x1 + x3 - 2), r5 = sqrt(0.1) (x1 - x3).
struct wood : one_block<6, 4> {
    static constexpr int id = 9;
    static constexpr const char* name = "wood";
    static constexpr const char* title = "Wood (MGH 14)";
    static constexpr std::array<double, 4> start{-3.0, -1.0, -3.0, -1.0};
};

/// MGH 15, Kowalik and Osborne: r_i = y_i - x0 (u_i^2 + u_i x1) / (u_i^2 + u_i x2 + x3).
struct kowalik_osborne : one_block<11, 4> {
    static constexpr int id = 10;
    static constexpr const char* name = "kowalik_osborne";
    static constexpr const char* title = "Kowalik–Osborne (MGH 15)";
    static constexpr std::array<double, 4> start{0.25, 0.39, 0.415, 0.39};
    static std::vector<double> data() {  // y (11), u (11)
        return {0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246,
                4.0,    2.0,    1.0,    0.5,    0.25,   0.167,  0.125,  0.1,    0.0833, 0.0714, 0.0625};
    }
};

/// MGH 16, Brown and Dennis, m = 20: r_i = (x0 + t_i x1 - exp(t_i))^2 + (x2 + x3 sin(t_i) - cos(t_i))^2,
/// t_i = (i + 1) / 5.
struct brown_dennis : one_block<20, 4> {
    static constexpr int id = 11;
    static constexpr const char* name = "brown_dennis";
    static constexpr const char* title = "Brown–Dennis (MGH 16)";
    static constexpr std::array<double, 4> start{25.0, 5.0, -5.0, -1.0};
    static std::vector<double> data() {  // t, exp(t), sin(t), cos(t) (20 each)
        std::vector<double> d(80);
        for (std::size_t i = 0; i < 20; ++i) {
            const double t = static_cast<double>(i + 1) / 5.0;
            d[i] = t;
            d[20 + i] = std::exp(t);
            d[40 + i] = std::sin(t);
            d[60 + i] = std::cos(t);
        }
        return d;
    }
};

/// MGH 17, Osborne 1: r_i = y_i - (x0 + x1 exp(-t_i x3) + x2 exp(-t_i x4)), t_i = 10 i.
struct osborne_1 : one_block<33, 5> {
    static constexpr int id = 12;
    static constexpr const char* name = "osborne_1";
    static constexpr const char* title = "Osborne 1 (MGH 17)";
    static constexpr std::array<double, 5> start{0.5, 1.5, -1.0, 0.01, 0.02};
    static std::vector<double> data() {  // t (33), y (33)
        const double y[33] = {0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751,
                              0.718, 0.685, 0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490,
                              0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406};
        std::vector<double> d(66);
        for (std::size_t i = 0; i < 33; ++i) {
            d[i] = 10.0 * static_cast<double>(i);
            d[33 + i] = y[i];
        }
        return d;
    }
};

/// MGH 18, Biggs EXP6, m = 13: r_i = x2 exp(-t_i x0) - x3 exp(-t_i x1) + x5 exp(-t_i x4) - y_i,
/// t_i = 0.1 (i + 1), y_i = exp(-t_i) - 5 exp(-10 t_i) + 3 exp(-4 t_i).
struct biggs_exp6 : one_block<13, 6> {
    static constexpr int id = 13;
    static constexpr const char* name = "biggs_exp6";
    static constexpr const char* title = "Biggs EXP6 (MGH 18)";
    static constexpr std::array<double, 6> start{1.0, 2.0, 1.0, 1.0, 1.0, 1.0};
    static std::vector<double> data() {  // t (13), y (13)
        std::vector<double> d(26);
        for (std::size_t i = 0; i < 13; ++i) {
            const double t = 0.1 * static_cast<double>(i + 1);
            d[i] = t;
            d[13 + i] = std::exp(-t) - 5 * std::exp(-10 * t) + 3 * std::exp(-4 * t);
        }
        return d;
    }
};

/// MGH 20, Watson, n = 6, m = 31: for i < 29, t_i = (i + 1) / 29,
/// r_i = sum_{j=1}^{5} j x_j t_i^(j-1) - (sum_{j=0}^{5} x_j t_i^j)^2 - 1; r29 = x0, r30 = x1 - x0^2 - 1.
struct watson : one_block<31, 6> {
    static constexpr int id = 14;
    static constexpr const char* name = "watson";
    static constexpr const char* title = "Watson, n = 6 (MGH 20)";
    static constexpr std::array<double, 6> start{0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    static std::vector<double> data() {  // t (29)
        std::vector<double> d(29);
        for (std::size_t i = 0; i < 29; ++i) d[i] = static_cast<double>(i + 1) / 29.0;
        return d;
    }
};

/// MGH 23, Penalty I, n = 10, m = 11: r_i = sqrt(1e-5) (x_i - 1), r10 = sum x_j^2 - 1/4.
struct penalty_1 : one_block<11, 10> {
    static constexpr int id = 15;
    static constexpr const char* name = "penalty_1";
    static constexpr const char* title = "Penalty I, n = 10 (MGH 23)";
    static constexpr std::array<double, 10> start{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
};

/// MGH 24, Penalty II, n = 10, m = 20: with e_j = exp(x_j / 10), a = 1e-5:
/// r0 = x0 - 0.2; r_k = sqrt(a) (e_k + e_{k-1} - y_k) for k = 1..9, y_k = exp((k+1)/10) + exp(k/10);
/// r_{9+k} = sqrt(a) (e_k - exp(-1/10)) for k = 1..9; r19 = sum_j (10 - j) x_j^2 - 1.
struct penalty_2 : one_block<20, 10> {
    static constexpr int id = 16;
    static constexpr const char* name = "penalty_2";
    static constexpr const char* title = "Penalty II, n = 10 (MGH 24)";
    static constexpr std::array<double, 10> start{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    static std::vector<double> data() {  // y_1..y_9 (9), weights 10 - j (10)
        std::vector<double> d(19);
        for (std::size_t k = 1; k < 10; ++k)
            d[k - 1] = std::exp(static_cast<double>(k + 1) / 10.0) + std::exp(static_cast<double>(k) / 10.0);
        for (std::size_t j = 0; j < 10; ++j) d[9 + j] = static_cast<double>(10 - j);
        return d;
    }
};

/// MGH 26, Trigonometric, n = m = 10: r_i = n - sum_j cos x_j + k_i (1 - cos x_i) - sin x_i,
/// k_i = i + 1.
struct trigonometric : one_block<10, 10> {
    static constexpr int id = 17;
    static constexpr const char* name = "trigonometric";
    static constexpr const char* title = "Trigonometric, n = 10 (MGH 26)";
    static constexpr std::array<double, 10> start{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    static std::vector<double> data() {  // k (10)
        std::vector<double> d(10);
        for (std::size_t i = 0; i < 10; ++i) d[i] = static_cast<double>(i + 1);
        return d;
    }
};

/// MGH 27, Brown almost-linear, n = m = 10: r_i = x_i + sum_j x_j - (n + 1) for i = 0..8,
/// r9 = prod_j x_j - 1. Nine rows share the sum; the last multiplies all ten unknowns (the
/// benchmark's case for a mix of forward and reverse mode, design.md). Numbered 21 (after the
/// problems that were here first).
struct brown_almost_linear : one_block<10, 10> {
    static constexpr int id = 21;
    static constexpr const char* name = "brown_almost_linear";
    static constexpr const char* title = "Brown almost-linear, n = 10 (MGH 27)";
    static constexpr std::array<double, 10> start{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
};

// ---- Ceres' examples ---------------------------------------------------------------------------

/// Ceres' examples/powell.cc: Powell's function as four cost functions of one residual over two
/// of the four scalar unknowns, each unknown its own parameter block of size 1:
/// f1(x1, x2) = x1 + 10 x2, f2(x3, x4) = sqrt(5) (x3 - x4), f3(x2, x3) = (x2 - 2 x3)^2,
/// f4(x1, x4) = sqrt(10) (x1 - x4)^2 (1-based as in the example).
struct ceres_powell {
    static constexpr int id = 18;
    static constexpr const char* name = "ceres_powell";
    static constexpr const char* title = "Powell, 4 cost functions (Ceres powell.cc)";
    static constexpr std::size_t m = 1, n = 2;
    static constexpr std::size_t terms = 4, kinds = 4;
    static constexpr std::size_t parameter_count = 4;
    static constexpr std::size_t block_count = 2;
    static constexpr std::array<std::size_t, max_blocks> block_size{1, 1};
    static constexpr std::array<double, 4> start{3.0, -1.0, 0.0, 1.0};
    static term_layout term(std::size_t k) {
        constexpr std::size_t first[4] = {0, 2, 1, 0}, second[4] = {1, 3, 2, 3};
        return {k, {first[k], second[k]}, 0};
    }
    static std::vector<double> data() { return {}; }
};

/// Ceres' examples/curve_fitting.cc: y = exp(m x + c), one cost function per observation
/// (residual y_k - exp(m x_k + c), the observation bound in it), m and c parameter blocks of
/// size 1; 40 deterministic observations of exp(0.3 x + 0.1) with a small perturbation,
/// evaluated at m = c = 0 as in the example.
struct curve_fitting {
    static constexpr int id = 19;
    static constexpr const char* name = "curve_fitting";
    static constexpr const char* title = "Curve fitting, 40 cost functions (Ceres curve_fitting.cc)";
    static constexpr std::size_t observations = 40;
    static constexpr std::size_t m = 1, n = 2;
    static constexpr std::size_t terms = observations, kinds = 1;
    static constexpr std::size_t parameter_count = 2;
    static constexpr std::size_t block_count = 2;
    static constexpr std::array<std::size_t, max_blocks> block_size{1, 1};
    static constexpr std::array<double, 2> start{0.0, 0.0};
    static term_layout term(std::size_t k) { return {0, {0, 1}, 2 * k}; }
    static std::vector<double> data() {  // (x_k, y_k) pairs
        std::vector<double> d(2 * observations);
        for (std::size_t k = 0; k < observations; ++k) {
            const double x = 0.125 * static_cast<double>(k);
            d[2 * k] = x;
            d[2 * k + 1] = std::exp(0.3 * x + 0.1) + 0.05 * std::sin(1.7 * static_cast<double>(k) + 0.3);
        }
        return d;
    }
};

/// Snavely's reprojection error for bundle adjustment (BAL; Ceres' simple_bundle_adjuster.cc):
/// camera = angle-axis rotation (3), translation (3), focal length, k1, k2 (one block of 9),
/// point (a block of 3), observation (u, v) as data. p = R(aa) X + t by Rodrigues' formula,
/// (x, y) = -(p0, p1) / p2, d = 1 + k1 r^2 + k2 r^4, residuals f d (x, y) - (u, v).
/// The rotation is nonzero: the small-angle branch of ceres::AngleAxisRotatePoint is not taken.
struct bal_snavely {
    static constexpr int id = 20;
    static constexpr const char* name = "bal_snavely";
    static constexpr const char* title = "BAL reprojection error (Snavely; Ceres simple_bundle_adjuster.cc)";
    static constexpr std::size_t m = 2, n = 12;
    static constexpr std::size_t terms = 1, kinds = 1;
    static constexpr std::size_t parameter_count = 12;
    static constexpr std::size_t block_count = 2;
    static constexpr std::array<std::size_t, max_blocks> block_size{9, 3};
    static constexpr std::array<double, 12> start{0.12,  -0.25, 0.07,  // angle-axis, |aa| = 0.288
                                                  0.3,   -0.2,  -2.5,  // translation
                                                  480.0, -0.08, 0.015, // f, k1, k2
                                                  0.4,   -0.3,  -1.1}; // point
    static term_layout term(std::size_t) { return {0, {0, 9}, 0}; }
    static std::vector<double> data() { return {-35.25, 27.5}; }  // observed (u, v)
};

// ---- implementations -----------------------------------------------------------------------------

struct handwritten;  // analytic Jacobians written out by hand (handwritten.cpp)
struct ctdiff_ad;    // ctdiff::value_and_jacobian_to (ctdiff.cpp), jacobian_mode::automatic
// with CTDIFF_BENCH_LSQ_MODES (ctdiff_modes.cpp): the same with the mode forced
struct ctdiff_forward;  // value_and_jacobian_to<jacobian_mode::forward> (NaN where it does not apply)
struct ctdiff_reverse;  // value_and_jacobian_to<jacobian_mode::reverse>
struct ctdiff_mixed;    // value_and_jacobian_to<jacobian_mode::mixed>

/// What jacobian_mode::automatic decides for a term at compile time (ctdiff_modes.cpp): whether
/// forward mode applies, whether it or the mix is taken, the multiply-adds each mode is counted
/// at, and how many of the term's rows the mix computes forwards.
struct ctdiff_mode_plan {
    bool forward_applies = false;
    bool chose_forward = false;
    bool chose_mixed = false;
    std::size_t forward_cost = 0;
    std::size_t reverse_cost = 0;
    std::size_t mixed_cost = 0;
    std::size_t mixed_forward_rows = 0;
};
template <class P, std::size_t Kind>
ctdiff_mode_plan ctdiff_plan();

/// Residuals and the row-major m x n Jacobian of term kind Kind of problem P.
template <class Impl, class P, std::size_t Kind>
void evaluate(const double* const* parameters, const double* data, double* residuals, double* jacobian);

/// The residuals of term kind Kind of P alone, in long double (handwritten.cpp): what the central
/// differences that check the hand-written Jacobians are taken of.
template <class P, std::size_t Kind>
void reference_residuals(const long double* const* parameters, const double* data, long double* residuals);

/// A ceres::AutoDiffCostFunction for term kind `kind` of P, its data (if any) at `data` (ceres.cpp).
template <class P>
std::unique_ptr<ceres::CostFunction> ceres_cost(std::size_t kind, const double* data);

}  // namespace lsq
