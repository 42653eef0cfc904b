// Ceres' automatic differentiation, as a Ceres user writes it: a functor templated on the scalar
// type, wrapped in ceres::AutoDiffCostFunction<Functor, m, block sizes...>. Its Evaluate (timed
// through a ceres::CostFunction pointer, the call the solver makes) runs the functor once on
// ceres::Jet<double, n>, forward mode with all n directions in one pass, and copies the residuals
// and the derivative parts out. Data the functor needs are held in it (a pointer to the problem's
// data, or, as in Ceres' examples, the observation itself).
#include <ceres/autodiff_cost_function.h>
#include <ceres/rotation.h>

#include <cmath>
#include <cstddef>
#include <memory>

#include "problems.hpp"

namespace lsq {

namespace {
using std::cos;
using std::exp;
using std::sin;
using std::sqrt;

/// A functor over one parameter block of problem P with a pointer to its data.
struct with_data {
    const double* d;
};

/// The cost function of a functor over one parameter block (the MGH problems).
template <class P, class Functor>
std::unique_ptr<ceres::CostFunction> one_block_cost(const Functor& f) {
    return std::make_unique<ceres::AutoDiffCostFunction<Functor, static_cast<int>(P::m), static_cast<int>(P::n)>>(
        new Functor(f));
}
}  // namespace

// ---- MGH 1, Rosenbrock ---------------------------------------------------------------------------
#if LSQ_WANT(1)
namespace {
struct rosenbrock_functor {
    template <class T>
    bool operator()(const T* x, T* r) const {
        r[0] = 10.0 * (x[1] - x[0] * x[0]);
        r[1] = 1.0 - x[0];
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<rosenbrock>(std::size_t, const double*) {
    return one_block_cost<rosenbrock>(rosenbrock_functor{});
}
#endif

// ---- MGH 2, Freudenstein and Roth ----------------------------------------------------------------
#if LSQ_WANT(2)
namespace {
struct freudenstein_roth_functor {
    template <class T>
    bool operator()(const T* x, T* r) const {
        r[0] = -13.0 + x[0] + ((5.0 - x[1]) * x[1] - 2.0) * x[1];
        r[1] = -29.0 + x[0] + ((x[1] + 1.0) * x[1] - 14.0) * x[1];
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<freudenstein_roth>(std::size_t, const double*) {
    return one_block_cost<freudenstein_roth>(freudenstein_roth_functor{});
}
#endif

// ---- MGH 3, Powell badly scaled --------------------------------------------------------------------
#if LSQ_WANT(3)
namespace {
struct powell_badly_scaled_functor {
    template <class T>
    bool operator()(const T* x, T* r) const {
        r[0] = 10000.0 * x[0] * x[1] - 1.0;
        r[1] = exp(-x[0]) + exp(-x[1]) - 1.0001;
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<powell_badly_scaled>(std::size_t, const double*) {
    return one_block_cost<powell_badly_scaled>(powell_badly_scaled_functor{});
}
#endif

// ---- MGH 4, Brown badly scaled ---------------------------------------------------------------------
#if LSQ_WANT(4)
namespace {
struct brown_badly_scaled_functor {
    template <class T>
    bool operator()(const T* x, T* r) const {
        r[0] = x[0] - 1e6;
        r[1] = x[1] - 2e-6;
        r[2] = x[0] * x[1] - 2.0;
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<brown_badly_scaled>(std::size_t, const double*) {
    return one_block_cost<brown_badly_scaled>(brown_badly_scaled_functor{});
}
#endif

// ---- MGH 5, Beale ----------------------------------------------------------------------------------
#if LSQ_WANT(5)
namespace {
struct beale_functor : with_data {
    template <class T>
    bool operator()(const T* x, T* r) const {
        const T x1_2 = x[1] * x[1];
        r[0] = d[0] - x[0] * (1.0 - x[1]);
        r[1] = d[1] - x[0] * (1.0 - x1_2);
        r[2] = d[2] - x[0] * (1.0 - x1_2 * x[1]);
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<beale>(std::size_t, const double* d) {
    return one_block_cost<beale>(beale_functor{{d}});
}
#endif

// ---- MGH 6, Jennrich and Sampson -------------------------------------------------------------------
#if LSQ_WANT(6)
namespace {
struct jennrich_sampson_functor : with_data {
    template <class T>
    bool operator()(const T* x, T* r) const {
        for (int i = 0; i < 10; ++i) r[i] = 2.0 + 2.0 * d[i] - (exp(d[i] * x[0]) + exp(d[i] * x[1]));
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<jennrich_sampson>(std::size_t, const double* d) {
    return one_block_cost<jennrich_sampson>(jennrich_sampson_functor{{d}});
}
#endif

// ---- MGH 12, Box three-dimensional -----------------------------------------------------------------
#if LSQ_WANT(7)
namespace {
struct box_3d_functor : with_data {
    template <class T>
    bool operator()(const T* x, T* r) const {
        const double *t = d, *c = d + 10;
        for (int i = 0; i < 10; ++i) r[i] = exp(-t[i] * x[0]) - exp(-t[i] * x[1]) - x[2] * c[i];
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<box_3d>(std::size_t, const double* d) {
    return one_block_cost<box_3d>(box_3d_functor{{d}});
}
#endif

// ---- MGH 13, Powell singular -----------------------------------------------------------------------
#if LSQ_WANT(8)
namespace {
struct powell_singular_functor {
    template <class T>
    bool operator()(const T* x, T* r) const {
        const T a = x[1] - 2.0 * x[2], b = x[0] - x[3];
        r[0] = x[0] + 10.0 * x[1];
        r[1] = sqrt(5.0) * (x[2] - x[3]);
        r[2] = a * a;
        r[3] = sqrt(10.0) * (b * b);
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<powell_singular>(std::size_t, const double*) {
    return one_block_cost<powell_singular>(powell_singular_functor{});
}
#endif

// ---- MGH 14, Wood ----------------------------------------------------------------------------------
#if LSQ_WANT(9)
namespace {
struct wood_functor {
    template <class T>
    bool operator()(const T* x, T* r) const {
        r[0] = 10.0 * (x[1] - x[0] * x[0]);
        r[1] = 1.0 - x[0];
        r[2] = sqrt(90.0) * (x[3] - x[2] * x[2]);
        r[3] = 1.0 - x[2];
        r[4] = sqrt(10.0) * (x[1] + x[3] - 2.0);
        r[5] = sqrt(0.1) * (x[1] - x[3]);
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<wood>(std::size_t, const double*) {
    return one_block_cost<wood>(wood_functor{});
}
#endif

// ---- MGH 15, Kowalik and Osborne -------------------------------------------------------------------
#if LSQ_WANT(10)
namespace {
struct kowalik_osborne_functor : with_data {
    template <class T>
    bool operator()(const T* x, T* r) const {
        const double *y = d, *u = d + 11;
        for (int i = 0; i < 11; ++i) {
            const double uu = u[i] * u[i];
            r[i] = y[i] - x[0] * (uu + u[i] * x[1]) / (uu + u[i] * x[2] + x[3]);
        }
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<kowalik_osborne>(std::size_t, const double* d) {
    return one_block_cost<kowalik_osborne>(kowalik_osborne_functor{{d}});
}
#endif

// ---- MGH 16, Brown and Dennis ----------------------------------------------------------------------
#if LSQ_WANT(11)
namespace {
struct brown_dennis_functor : with_data {
    template <class T>
    bool operator()(const T* x, T* r) const {
        const double *t = d, *e = d + 20, *s = d + 40, *c = d + 60;
        for (int i = 0; i < 20; ++i) {
            const T a = x[0] + t[i] * x[1] - e[i];
            const T b = x[2] + x[3] * s[i] - c[i];
            r[i] = a * a + b * b;
        }
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<brown_dennis>(std::size_t, const double* d) {
    return one_block_cost<brown_dennis>(brown_dennis_functor{{d}});
}
#endif

// ---- MGH 17, Osborne 1 -----------------------------------------------------------------------------
#if LSQ_WANT(12)
namespace {
struct osborne_1_functor : with_data {
    template <class T>
    bool operator()(const T* x, T* r) const {
        const double *t = d, *y = d + 33;
        for (int i = 0; i < 33; ++i) r[i] = y[i] - (x[0] + x[1] * exp(-t[i] * x[3]) + x[2] * exp(-t[i] * x[4]));
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<osborne_1>(std::size_t, const double* d) {
    return one_block_cost<osborne_1>(osborne_1_functor{{d}});
}
#endif

// ---- MGH 18, Biggs EXP6 ----------------------------------------------------------------------------
#if LSQ_WANT(13)
namespace {
struct biggs_exp6_functor : with_data {
    template <class T>
    bool operator()(const T* x, T* r) const {
        const double *t = d, *y = d + 13;
        for (int i = 0; i < 13; ++i)
            r[i] = x[2] * exp(-t[i] * x[0]) - x[3] * exp(-t[i] * x[1]) + x[5] * exp(-t[i] * x[4]) - y[i];
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<biggs_exp6>(std::size_t, const double* d) {
    return one_block_cost<biggs_exp6>(biggs_exp6_functor{{d}});
}
#endif

// ---- MGH 20, Watson, n = 6 -------------------------------------------------------------------------
#if LSQ_WANT(14)
namespace {
struct watson_functor : with_data {
    template <class T>
    bool operator()(const T* x, T* r) const {
        for (int i = 0; i < 29; ++i) {
            const double t = d[i];
            const T s1 = x[0] + t * (x[1] + t * (x[2] + t * (x[3] + t * (x[4] + t * x[5]))));
            const T s2 = x[1] + t * (2.0 * x[2] + t * (3.0 * x[3] + t * (4.0 * x[4] + t * (5.0 * x[5]))));
            r[i] = s2 - s1 * s1 - 1.0;
        }
        r[29] = x[0];
        r[30] = x[1] - x[0] * x[0] - 1.0;
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<watson>(std::size_t, const double* d) {
    return one_block_cost<watson>(watson_functor{{d}});
}
#endif

// ---- MGH 23, Penalty I, n = 10 ---------------------------------------------------------------------
#if LSQ_WANT(15)
namespace {
struct penalty_1_functor {
    template <class T>
    bool operator()(const T* x, T* r) const {
        const double a = sqrt(1e-5);
        T s(0.0);
        for (int j = 0; j < 10; ++j) {
            r[j] = a * (x[j] - 1.0);
            s += x[j] * x[j];
        }
        r[10] = s - 0.25;
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<penalty_1>(std::size_t, const double*) {
    return one_block_cost<penalty_1>(penalty_1_functor{});
}
#endif

// ---- MGH 24, Penalty II, n = 10 --------------------------------------------------------------------
#if LSQ_WANT(16)
namespace {
struct penalty_2_functor : with_data {
    template <class T>
    bool operator()(const T* x, T* r) const {
        const double *y = d, *w = d + 9;
        const double a = sqrt(1e-5), e_last = exp(-0.1);
        T e[10];
        for (int j = 0; j < 10; ++j) e[j] = exp(0.1 * x[j]);
        r[0] = x[0] - 0.2;
        for (int k = 1; k < 10; ++k) {
            r[k] = a * (e[k] + e[k - 1] - y[k - 1]);
            r[9 + k] = a * (e[k] - e_last);
        }
        T s(0.0);
        for (int j = 0; j < 10; ++j) s += w[j] * (x[j] * x[j]);
        r[19] = s - 1.0;
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<penalty_2>(std::size_t, const double* d) {
    return one_block_cost<penalty_2>(penalty_2_functor{{d}});
}
#endif

// ---- MGH 26, Trigonometric, n = 10 -----------------------------------------------------------------
#if LSQ_WANT(17)
namespace {
struct trigonometric_functor : with_data {
    template <class T>
    bool operator()(const T* x, T* r) const {
        T c[10];
        T s(0.0);
        for (int j = 0; j < 10; ++j) {
            c[j] = cos(x[j]);
            s += c[j];
        }
        for (int i = 0; i < 10; ++i) r[i] = 10.0 - s + d[i] * (1.0 - c[i]) - sin(x[i]);
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<trigonometric>(std::size_t, const double* d) {
    return one_block_cost<trigonometric>(trigonometric_functor{{d}});
}
#endif

// ---- MGH 27, Brown almost-linear, n = 10 -----------------------------------------------------------
#if LSQ_WANT(21)
namespace {
struct brown_almost_linear_functor {
    template <class T>
    bool operator()(const T* x, T* r) const {
        T s(0.0), p(1.0);
        for (int j = 0; j < 10; ++j) {
            s += x[j];
            p *= x[j];
        }
        for (int i = 0; i < 9; ++i) r[i] = x[i] + s - 11.0;
        r[9] = p - 1.0;
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<brown_almost_linear>(std::size_t, const double*) {
    return one_block_cost<brown_almost_linear>(brown_almost_linear_functor{});
}
#endif

// ---- Ceres powell.cc: four cost functions ------------------------------------------------------------
#if LSQ_WANT(18)
namespace {
struct powell_f1 {
    template <class T>
    bool operator()(const T* x1, const T* x2, T* r) const {
        r[0] = x1[0] + 10.0 * x2[0];
        return true;
    }
};
struct powell_f2 {
    template <class T>
    bool operator()(const T* x3, const T* x4, T* r) const {
        r[0] = sqrt(5.0) * (x3[0] - x4[0]);
        return true;
    }
};
struct powell_f3 {
    template <class T>
    bool operator()(const T* x2, const T* x3, T* r) const {
        const T a = x2[0] - 2.0 * x3[0];
        r[0] = a * a;
        return true;
    }
};
struct powell_f4 {
    template <class T>
    bool operator()(const T* x1, const T* x4, T* r) const {
        const T b = x1[0] - x4[0];
        r[0] = sqrt(10.0) * (b * b);
        return true;
    }
};
template <class F>
std::unique_ptr<ceres::CostFunction> powell_cost() {
    return std::make_unique<ceres::AutoDiffCostFunction<F, 1, 1, 1>>(new F);
}
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<ceres_powell>(std::size_t kind, const double*) {
    switch (kind) {
        case 0: return powell_cost<powell_f1>();
        case 1: return powell_cost<powell_f2>();
        case 2: return powell_cost<powell_f3>();
        default: return powell_cost<powell_f4>();
    }
}
#endif

// ---- Ceres curve_fitting.cc ----------------------------------------------------------------------------
#if LSQ_WANT(19)
namespace {
struct exponential_residual {
    double x, y;
    template <class T>
    bool operator()(const T* m, const T* c, T* r) const {
        r[0] = y - exp(m[0] * x + c[0]);
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<curve_fitting>(std::size_t, const double* d) {
    return std::make_unique<ceres::AutoDiffCostFunction<exponential_residual, 1, 1, 1>>(
        new exponential_residual{d[0], d[1]});
}
#endif

// ---- Snavely's reprojection error (BAL) -------------------------------------------------------------
// As in Ceres' simple_bundle_adjuster.cc: ceres::AngleAxisRotatePoint (which takes Rodrigues'
// formula here: the rotation is not small), then projection and radial distortion.
#if LSQ_WANT(20)
namespace {
struct snavely_reprojection_error {
    double u, v;
    template <class T>
    bool operator()(const T* camera, const T* point, T* r) const {
        T p[3];
        ceres::AngleAxisRotatePoint(camera, point, p);
        p[0] += camera[3];
        p[1] += camera[4];
        p[2] += camera[5];
        const T xp = -p[0] / p[2];
        const T yp = -p[1] / p[2];
        const T r2 = xp * xp + yp * yp;
        const T distortion = 1.0 + r2 * (camera[7] + camera[8] * r2);
        r[0] = camera[6] * distortion * xp - u;
        r[1] = camera[6] * distortion * yp - v;
        return true;
    }
};
}  // namespace
template <>
std::unique_ptr<ceres::CostFunction> ceres_cost<bal_snavely>(std::size_t, const double* d) {
    return std::make_unique<ceres::AutoDiffCostFunction<snavely_reprojection_error, 2, 9, 3>>(
        new snavely_reprojection_error{d[0], d[1]});
}
#endif

}  // namespace lsq
