// Hand-written residuals and analytic Jacobians: the reference. Each evaluate<handwritten, P, K>
// computes the residuals and the row-major m x n Jacobian in one pass, sharing what the two have
// in common (exp(-t x) for both the residual and its derivative), in plain loops over the data.
// reference_residuals<P, K> is the same function's residuals alone, in long double, written as
// plainly as possible: the central differences that check the Jacobians here are taken of it.
#include <cmath>
#include <cstddef>

#include "problems.hpp"

namespace lsq {

namespace {
using std::cos;
using std::exp;
using std::sin;
using std::sqrt;
}  // namespace

// ---- MGH 1, Rosenbrock ---------------------------------------------------------------------------
template <>
void reference_residuals<rosenbrock, 0>(const long double* const* p, const double*, long double* r) {
    const long double* x = p[0];
    r[0] = 10 * (x[1] - x[0] * x[0]);
    r[1] = 1 - x[0];
}
template <>
void evaluate<handwritten, rosenbrock, 0>(const double* const* p, const double*, double* r, double* J) {
    const double* x = p[0];
    r[0] = 10 * (x[1] - x[0] * x[0]);
    r[1] = 1 - x[0];
    J[0] = -20 * x[0];
    J[1] = 10;
    J[2] = -1;
    J[3] = 0;
}

// ---- MGH 2, Freudenstein and Roth ----------------------------------------------------------------
template <>
void reference_residuals<freudenstein_roth, 0>(const long double* const* p, const double*, long double* r) {
    const long double* x = p[0];
    r[0] = -13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1];
    r[1] = -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1];
}
template <>
void evaluate<handwritten, freudenstein_roth, 0>(const double* const* p, const double*, double* r, double* J) {
    const double* x = p[0];
    const double y = x[1];
    r[0] = -13 + x[0] + ((5 - y) * y - 2) * y;
    r[1] = -29 + x[0] + ((y + 1) * y - 14) * y;
    J[0] = 1;
    J[1] = (10 - 3 * y) * y - 2;
    J[2] = 1;
    J[3] = (3 * y + 2) * y - 14;
}

// ---- MGH 3, Powell badly scaled --------------------------------------------------------------------
template <>
void reference_residuals<powell_badly_scaled, 0>(const long double* const* p, const double*, long double* r) {
    const long double* x = p[0];
    r[0] = 10000 * x[0] * x[1] - 1;
    r[1] = exp(-x[0]) + exp(-x[1]) - 1.0001L;
}
template <>
void evaluate<handwritten, powell_badly_scaled, 0>(const double* const* p, const double*, double* r, double* J) {
    const double* x = p[0];
    const double e0 = exp(-x[0]), e1 = exp(-x[1]);
    r[0] = 10000 * x[0] * x[1] - 1;
    r[1] = e0 + e1 - 1.0001;
    J[0] = 10000 * x[1];
    J[1] = 10000 * x[0];
    J[2] = -e0;
    J[3] = -e1;
}

// ---- MGH 4, Brown badly scaled ---------------------------------------------------------------------
template <>
void reference_residuals<brown_badly_scaled, 0>(const long double* const* p, const double*, long double* r) {
    const long double* x = p[0];
    r[0] = x[0] - 1e6L;
    r[1] = x[1] - 2e-6L;
    r[2] = x[0] * x[1] - 2;
}
template <>
void evaluate<handwritten, brown_badly_scaled, 0>(const double* const* p, const double*, double* r, double* J) {
    const double* x = p[0];
    r[0] = x[0] - 1e6;
    r[1] = x[1] - 2e-6;
    r[2] = x[0] * x[1] - 2;
    J[0] = 1;
    J[1] = 0;
    J[2] = 0;
    J[3] = 1;
    J[4] = x[1];
    J[5] = x[0];
}

// ---- MGH 5, Beale ----------------------------------------------------------------------------------
template <>
void reference_residuals<beale, 0>(const long double* const* p, const double* y, long double* r) {
    const long double* x = p[0];
    r[0] = y[0] - x[0] * (1 - x[1]);
    r[1] = y[1] - x[0] * (1 - x[1] * x[1]);
    r[2] = y[2] - x[0] * (1 - x[1] * x[1] * x[1]);
}
template <>
void evaluate<handwritten, beale, 0>(const double* const* p, const double* y, double* r, double* J) {
    const double* x = p[0];
    const double x1 = x[1], x1_2 = x1 * x1, x1_3 = x1_2 * x1;
    r[0] = y[0] - x[0] * (1 - x1);
    r[1] = y[1] - x[0] * (1 - x1_2);
    r[2] = y[2] - x[0] * (1 - x1_3);
    J[0] = x1 - 1;
    J[1] = x[0];
    J[2] = x1_2 - 1;
    J[3] = 2 * x[0] * x1;
    J[4] = x1_3 - 1;
    J[5] = 3 * x[0] * x1_2;
}

// ---- MGH 6, Jennrich and Sampson -------------------------------------------------------------------
template <>
void reference_residuals<jennrich_sampson, 0>(const long double* const* p, const double* t, long double* r) {
    const long double* x = p[0];
    for (std::size_t i = 0; i < 10; ++i) r[i] = 2 + 2 * t[i] - (exp(t[i] * x[0]) + exp(t[i] * x[1]));
}
template <>
void evaluate<handwritten, jennrich_sampson, 0>(const double* const* p, const double* t, double* r, double* J) {
    const double* x = p[0];
    for (std::size_t i = 0; i < 10; ++i) {
        const double e0 = exp(t[i] * x[0]), e1 = exp(t[i] * x[1]);
        r[i] = 2 + 2 * t[i] - (e0 + e1);
        J[2 * i] = -t[i] * e0;
        J[2 * i + 1] = -t[i] * e1;
    }
}

// ---- MGH 12, Box three-dimensional -----------------------------------------------------------------
template <>
void reference_residuals<box_3d, 0>(const long double* const* p, const double* d, long double* r) {
    const long double* x = p[0];
    const double *t = d, *c = d + 10;
    for (std::size_t i = 0; i < 10; ++i) r[i] = exp(-t[i] * x[0]) - exp(-t[i] * x[1]) - x[2] * c[i];
}
template <>
void evaluate<handwritten, box_3d, 0>(const double* const* p, const double* d, double* r, double* J) {
    const double* x = p[0];
    const double *t = d, *c = d + 10;
    for (std::size_t i = 0; i < 10; ++i) {
        const double e0 = exp(-t[i] * x[0]), e1 = exp(-t[i] * x[1]);
        r[i] = e0 - e1 - x[2] * c[i];
        J[3 * i] = -t[i] * e0;
        J[3 * i + 1] = t[i] * e1;
        J[3 * i + 2] = -c[i];
    }
}

// ---- MGH 13, Powell singular -----------------------------------------------------------------------
template <>
void reference_residuals<powell_singular, 0>(const long double* const* p, const double*, long double* r) {
    const long double* x = p[0];
    r[0] = x[0] + 10 * x[1];
    r[1] = sqrt(5.0L) * (x[2] - x[3]);
    r[2] = (x[1] - 2 * x[2]) * (x[1] - 2 * x[2]);
    r[3] = sqrt(10.0L) * (x[0] - x[3]) * (x[0] - x[3]);
}
template <>
void evaluate<handwritten, powell_singular, 0>(const double* const* p, const double*, double* r, double* J) {
    const double* x = p[0];
    const double s5 = sqrt(5.0), s10 = sqrt(10.0);
    const double a = x[1] - 2 * x[2], b = x[0] - x[3];
    r[0] = x[0] + 10 * x[1];
    r[1] = s5 * (x[2] - x[3]);
    r[2] = a * a;
    r[3] = s10 * (b * b);
    J[0] = 1, J[1] = 10, J[2] = 0, J[3] = 0;
    J[4] = 0, J[5] = 0, J[6] = s5, J[7] = -s5;
    J[8] = 0, J[9] = 2 * a, J[10] = -4 * a, J[11] = 0;
    J[12] = 2 * s10 * b, J[13] = 0, J[14] = 0, J[15] = -2 * s10 * b;
}

// ---- MGH 14, Wood ----------------------------------------------------------------------------------
template <>
void reference_residuals<wood, 0>(const long double* const* p, const double*, long double* r) {
    const long double* x = p[0];
    r[0] = 10 * (x[1] - x[0] * x[0]);
    r[1] = 1 - x[0];
    r[2] = sqrt(90.0L) * (x[3] - x[2] * x[2]);
    r[3] = 1 - x[2];
    r[4] = sqrt(10.0L) * (x[1] + x[3] - 2);
    r[5] = sqrt(0.1L) * (x[1] - x[3]);
}
template <>
void evaluate<handwritten, wood, 0>(const double* const* p, const double*, double* r, double* J) {
    const double* x = p[0];
    const double s90 = sqrt(90.0), s10 = sqrt(10.0), s01 = sqrt(0.1);
    r[0] = 10 * (x[1] - x[0] * x[0]);
    r[1] = 1 - x[0];
    r[2] = s90 * (x[3] - x[2] * x[2]);
    r[3] = 1 - x[2];
    r[4] = s10 * (x[1] + x[3] - 2);
    r[5] = s01 * (x[1] - x[3]);
    J[0] = -20 * x[0], J[1] = 10, J[2] = 0, J[3] = 0;
    J[4] = -1, J[5] = 0, J[6] = 0, J[7] = 0;
    J[8] = 0, J[9] = 0, J[10] = -2 * s90 * x[2], J[11] = s90;
    J[12] = 0, J[13] = 0, J[14] = -1, J[15] = 0;
    J[16] = 0, J[17] = s10, J[18] = 0, J[19] = s10;
    J[20] = 0, J[21] = s01, J[22] = 0, J[23] = -s01;
}

// ---- MGH 15, Kowalik and Osborne -------------------------------------------------------------------
template <>
void reference_residuals<kowalik_osborne, 0>(const long double* const* p, const double* d, long double* r) {
    const long double* x = p[0];
    const double *y = d, *u = d + 11;
    for (std::size_t i = 0; i < 11; ++i)
        r[i] = y[i] - x[0] * (u[i] * u[i] + u[i] * x[1]) / (u[i] * u[i] + u[i] * x[2] + x[3]);
}
template <>
void evaluate<handwritten, kowalik_osborne, 0>(const double* const* p, const double* d, double* r, double* J) {
    const double* x = p[0];
    const double *y = d, *u = d + 11;
    for (std::size_t i = 0; i < 11; ++i) {
        const double uu = u[i] * u[i];
        const double num = uu + u[i] * x[1], den = uu + u[i] * x[2] + x[3];
        const double q = num / den;          // r = y - x0 q
        const double g = x[0] / den;         // d(x0 q)/d num
        const double h = x[0] * q / den;     // -d(x0 q)/d den
        r[i] = y[i] - x[0] * q;
        J[4 * i] = -q;
        J[4 * i + 1] = -g * u[i];
        J[4 * i + 2] = h * u[i];
        J[4 * i + 3] = h;
    }
}

// ---- MGH 16, Brown and Dennis ----------------------------------------------------------------------
template <>
void reference_residuals<brown_dennis, 0>(const long double* const* p, const double* d, long double* r) {
    const long double* x = p[0];
    for (std::size_t i = 0; i < 20; ++i) {
        const long double a = x[0] + d[i] * x[1] - d[20 + i];
        const long double b = x[2] + x[3] * d[40 + i] - d[60 + i];
        r[i] = a * a + b * b;
    }
}
template <>
void evaluate<handwritten, brown_dennis, 0>(const double* const* p, const double* d, double* r, double* J) {
    const double* x = p[0];
    const double *t = d, *e = d + 20, *s = d + 40, *c = d + 60;
    for (std::size_t i = 0; i < 20; ++i) {
        const double a = x[0] + t[i] * x[1] - e[i];
        const double b = x[2] + x[3] * s[i] - c[i];
        r[i] = a * a + b * b;
        J[4 * i] = 2 * a;
        J[4 * i + 1] = 2 * a * t[i];
        J[4 * i + 2] = 2 * b;
        J[4 * i + 3] = 2 * b * s[i];
    }
}

// ---- MGH 17, Osborne 1 -----------------------------------------------------------------------------
template <>
void reference_residuals<osborne_1, 0>(const long double* const* p, const double* d, long double* r) {
    const long double* x = p[0];
    const double *t = d, *y = d + 33;
    for (std::size_t i = 0; i < 33; ++i) r[i] = y[i] - (x[0] + x[1] * exp(-t[i] * x[3]) + x[2] * exp(-t[i] * x[4]));
}
template <>
void evaluate<handwritten, osborne_1, 0>(const double* const* p, const double* d, double* r, double* J) {
    const double* x = p[0];
    const double *t = d, *y = d + 33;
    for (std::size_t i = 0; i < 33; ++i) {
        const double e3 = exp(-t[i] * x[3]), e4 = exp(-t[i] * x[4]);
        r[i] = y[i] - (x[0] + x[1] * e3 + x[2] * e4);
        J[5 * i] = -1;
        J[5 * i + 1] = -e3;
        J[5 * i + 2] = -e4;
        J[5 * i + 3] = t[i] * x[1] * e3;
        J[5 * i + 4] = t[i] * x[2] * e4;
    }
}

// ---- MGH 18, Biggs EXP6 ----------------------------------------------------------------------------
template <>
void reference_residuals<biggs_exp6, 0>(const long double* const* p, const double* d, long double* r) {
    const long double* x = p[0];
    const double *t = d, *y = d + 13;
    for (std::size_t i = 0; i < 13; ++i)
        r[i] = x[2] * exp(-t[i] * x[0]) - x[3] * exp(-t[i] * x[1]) + x[5] * exp(-t[i] * x[4]) - y[i];
}
template <>
void evaluate<handwritten, biggs_exp6, 0>(const double* const* p, const double* d, double* r, double* J) {
    const double* x = p[0];
    const double *t = d, *y = d + 13;
    for (std::size_t i = 0; i < 13; ++i) {
        const double e0 = exp(-t[i] * x[0]), e1 = exp(-t[i] * x[1]), e4 = exp(-t[i] * x[4]);
        r[i] = x[2] * e0 - x[3] * e1 + x[5] * e4 - y[i];
        J[6 * i] = -t[i] * x[2] * e0;
        J[6 * i + 1] = t[i] * x[3] * e1;
        J[6 * i + 2] = e0;
        J[6 * i + 3] = -e1;
        J[6 * i + 4] = -t[i] * x[5] * e4;
        J[6 * i + 5] = e4;
    }
}

// ---- MGH 20, Watson, n = 6 -------------------------------------------------------------------------
template <>
void reference_residuals<watson, 0>(const long double* const* p, const double* t, long double* r) {
    const long double* x = p[0];
    for (std::size_t i = 0; i < 29; ++i) {
        long double s1 = 0, s2 = 0, power = 1;  // power = t^(j-1) at step j
        for (std::size_t j = 1; j < 6; ++j) {
            s2 += static_cast<long double>(j) * x[j] * power;
            power *= t[i];
        }
        power = 1;
        for (std::size_t j = 0; j < 6; ++j) {
            s1 += x[j] * power;
            power *= t[i];
        }
        r[i] = s2 - s1 * s1 - 1;
    }
    r[29] = x[0];
    r[30] = x[1] - x[0] * x[0] - 1;
}
template <>
void evaluate<handwritten, watson, 0>(const double* const* p, const double* t, double* r, double* J) {
    const double* x = p[0];
    for (std::size_t i = 0; i < 29; ++i) {
        const double ti = t[i];
        // Horner: s1 = sum x_j t^j, s2 = sum j x_j t^(j-1)
        const double s1 = x[0] + ti * (x[1] + ti * (x[2] + ti * (x[3] + ti * (x[4] + ti * x[5]))));
        const double s2 = x[1] + ti * (2 * x[2] + ti * (3 * x[3] + ti * (4 * x[4] + ti * (5 * x[5]))));
        r[i] = s2 - s1 * s1 - 1;
        // d r / d x_j = j t^(j-1) - 2 s1 t^j
        const double m = -2 * s1;
        double power = 1;  // t^(j-1)
        J[6 * i] = m;
        for (std::size_t j = 1; j < 6; ++j) {
            J[6 * i + j] = power * (static_cast<double>(j) + m * ti);
            power *= ti;
        }
    }
    r[29] = x[0];
    r[30] = x[1] - x[0] * x[0] - 1;
    for (std::size_t j = 0; j < 6; ++j) J[6 * 29 + j] = 0, J[6 * 30 + j] = 0;
    J[6 * 29] = 1;
    J[6 * 30] = -2 * x[0];
    J[6 * 30 + 1] = 1;
}

// ---- MGH 23, Penalty I, n = 10 ---------------------------------------------------------------------
template <>
void reference_residuals<penalty_1, 0>(const long double* const* p, const double*, long double* r) {
    const long double* x = p[0];
    long double s = 0;
    for (std::size_t j = 0; j < 10; ++j) {
        r[j] = sqrt(1e-5L) * (x[j] - 1);
        s += x[j] * x[j];
    }
    r[10] = s - 0.25L;
}
template <>
void evaluate<handwritten, penalty_1, 0>(const double* const* p, const double*, double* r, double* J) {
    const double* x = p[0];
    const double a = sqrt(1e-5);
    double s = 0;
    for (std::size_t j = 0; j < 10; ++j) {
        r[j] = a * (x[j] - 1);
        s += x[j] * x[j];
        for (std::size_t k = 0; k < 10; ++k) J[10 * j + k] = 0;
        J[10 * j + j] = a;
        J[100 + j] = 2 * x[j];
    }
    r[10] = s - 0.25;
}

// ---- MGH 24, Penalty II, n = 10 --------------------------------------------------------------------
template <>
void reference_residuals<penalty_2, 0>(const long double* const* p, const double* d, long double* r) {
    const long double* x = p[0];
    const double *y = d, *w = d + 9;
    const long double a = sqrt(1e-5L), e_last = exp(-0.1L);
    long double e[10];
    for (std::size_t j = 0; j < 10; ++j) e[j] = exp(0.1L * x[j]);
    r[0] = x[0] - 0.2L;
    for (std::size_t k = 1; k < 10; ++k) {
        r[k] = a * (e[k] + e[k - 1] - y[k - 1]);
        r[9 + k] = a * (e[k] - e_last);
    }
    long double s = 0;
    for (std::size_t j = 0; j < 10; ++j) s += w[j] * x[j] * x[j];
    r[19] = s - 1;
}
template <>
void evaluate<handwritten, penalty_2, 0>(const double* const* p, const double* d, double* r, double* J) {
    const double* x = p[0];
    const double *y = d, *w = d + 9;
    const double a = sqrt(1e-5), e_last = exp(-0.1);
    double e[10];
    for (std::size_t j = 0; j < 10; ++j) e[j] = exp(0.1 * x[j]);
    for (std::size_t k = 0; k < 200; ++k) J[k] = 0;
    r[0] = x[0] - 0.2;
    J[0] = 1;
    for (std::size_t k = 1; k < 10; ++k) {
        const double dk = a * 0.1 * e[k];
        r[k] = a * (e[k] + e[k - 1] - y[k - 1]);
        J[10 * k + k - 1] = a * 0.1 * e[k - 1];
        J[10 * k + k] = dk;
        r[9 + k] = a * (e[k] - e_last);
        J[10 * (9 + k) + k] = dk;
    }
    double s = 0;
    for (std::size_t j = 0; j < 10; ++j) {
        s += w[j] * x[j] * x[j];
        J[190 + j] = 2 * w[j] * x[j];
    }
    r[19] = s - 1;
}

// ---- MGH 26, Trigonometric, n = 10 -----------------------------------------------------------------
template <>
void reference_residuals<trigonometric, 0>(const long double* const* p, const double* k, long double* r) {
    const long double* x = p[0];
    long double s = 0;
    for (std::size_t j = 0; j < 10; ++j) s += cos(x[j]);
    for (std::size_t i = 0; i < 10; ++i) r[i] = 10 - s + k[i] * (1 - cos(x[i])) - sin(x[i]);
}
template <>
void evaluate<handwritten, trigonometric, 0>(const double* const* p, const double* k, double* r, double* J) {
    const double* x = p[0];
    double c[10], s[10], sum = 0;
    for (std::size_t j = 0; j < 10; ++j) {
        c[j] = cos(x[j]);
        s[j] = sin(x[j]);
        sum += c[j];
    }
    for (std::size_t i = 0; i < 10; ++i) {
        r[i] = 10 - sum + k[i] * (1 - c[i]) - s[i];
        for (std::size_t j = 0; j < 10; ++j) J[10 * i + j] = s[j];
        J[10 * i + i] += k[i] * s[i] - c[i];
    }
}

// ---- MGH 27, Brown almost-linear, n = 10 -----------------------------------------------------------
template <>
void reference_residuals<brown_almost_linear, 0>(const long double* const* p, const double*, long double* r) {
    const long double* x = p[0];
    long double s = 0, prod = 1;
    for (std::size_t j = 0; j < 10; ++j) {
        s += x[j];
        prod *= x[j];
    }
    for (std::size_t i = 0; i < 9; ++i) r[i] = x[i] + s - 11;
    r[9] = prod - 1;
}
template <>
void evaluate<handwritten, brown_almost_linear, 0>(const double* const* p, const double*, double* r, double* J) {
    const double* x = p[0];
    double s = 0, before[11], after[11];  // products of x_0..x_{j-1} and of x_j..x_9
    before[0] = 1;
    after[10] = 1;
    for (std::size_t j = 0; j < 10; ++j) {
        s += x[j];
        before[j + 1] = before[j] * x[j];
        after[9 - j] = after[10 - j] * x[9 - j];
    }
    for (std::size_t i = 0; i < 9; ++i) {
        r[i] = x[i] + s - 11;
        for (std::size_t j = 0; j < 10; ++j) J[10 * i + j] = 1;
        J[10 * i + i] = 2;
    }
    r[9] = before[10] - 1;
    for (std::size_t j = 0; j < 10; ++j) J[90 + j] = before[j] * after[j + 1];
}

// ---- Ceres powell.cc: four cost functions ------------------------------------------------------------
template <>
void reference_residuals<ceres_powell, 0>(const long double* const* p, const double*, long double* r) {
    r[0] = *p[0] + 10 * *p[1];
}
template <>
void reference_residuals<ceres_powell, 1>(const long double* const* p, const double*, long double* r) {
    r[0] = sqrt(5.0L) * (*p[0] - *p[1]);
}
template <>
void reference_residuals<ceres_powell, 2>(const long double* const* p, const double*, long double* r) {
    r[0] = (*p[0] - 2 * *p[1]) * (*p[0] - 2 * *p[1]);
}
template <>
void reference_residuals<ceres_powell, 3>(const long double* const* p, const double*, long double* r) {
    r[0] = sqrt(10.0L) * (*p[0] - *p[1]) * (*p[0] - *p[1]);
}
template <>
void evaluate<handwritten, ceres_powell, 0>(const double* const* p, const double*, double* r, double* J) {
    r[0] = *p[0] + 10 * *p[1];
    J[0] = 1;
    J[1] = 10;
}
template <>
void evaluate<handwritten, ceres_powell, 1>(const double* const* p, const double*, double* r, double* J) {
    const double s5 = sqrt(5.0);
    r[0] = s5 * (*p[0] - *p[1]);
    J[0] = s5;
    J[1] = -s5;
}
template <>
void evaluate<handwritten, ceres_powell, 2>(const double* const* p, const double*, double* r, double* J) {
    const double a = *p[0] - 2 * *p[1];
    r[0] = a * a;
    J[0] = 2 * a;
    J[1] = -4 * a;
}
template <>
void evaluate<handwritten, ceres_powell, 3>(const double* const* p, const double*, double* r, double* J) {
    const double s10 = sqrt(10.0), b = *p[0] - *p[1];
    r[0] = s10 * (b * b);
    J[0] = 2 * s10 * b;
    J[1] = -2 * s10 * b;
}

// ---- Ceres curve_fitting.cc: one cost function per observation -------------------------------------
template <>
void reference_residuals<curve_fitting, 0>(const long double* const* p, const double* d, long double* r) {
    r[0] = d[1] - exp(*p[0] * d[0] + *p[1]);
}
template <>
void evaluate<handwritten, curve_fitting, 0>(const double* const* p, const double* d, double* r, double* J) {
    const double e = exp(*p[0] * d[0] + *p[1]);
    r[0] = d[1] - e;
    J[0] = -d[0] * e;
    J[1] = -e;
}

// ---- Snavely's reprojection error (BAL) -------------------------------------------------------------
// p = R X + t with R = c I + a [w]x + b w w^T (w the angle-axis vector, theta = |w|, c = cos theta,
// a = sin theta / theta, b = (1 - cos theta) / theta^2: Rodrigues' formula written in w itself).
template <>
void reference_residuals<bal_snavely, 0>(const long double* const* p, const double* obs, long double* r) {
    const long double *cam = p[0], *X = p[1];
    const long double theta = sqrt(cam[0] * cam[0] + cam[1] * cam[1] + cam[2] * cam[2]);
    const long double w[3] = {cam[0] / theta, cam[1] / theta, cam[2] / theta};
    const long double c = cos(theta), s = sin(theta);
    const long double wX = w[0] * X[0] + w[1] * X[1] + w[2] * X[2];
    const long double cross[3] = {w[1] * X[2] - w[2] * X[1], w[2] * X[0] - w[0] * X[2], w[0] * X[1] - w[1] * X[0]};
    long double q[3];
    for (std::size_t i = 0; i < 3; ++i) q[i] = X[i] * c + cross[i] * s + w[i] * wX * (1 - c) + cam[3 + i];
    const long double xp = -q[0] / q[2], yp = -q[1] / q[2];
    const long double r2 = xp * xp + yp * yp;
    const long double distortion = 1 + r2 * (cam[7] + cam[8] * r2);
    r[0] = cam[6] * distortion * xp - obs[0];
    r[1] = cam[6] * distortion * yp - obs[1];
}
template <>
void evaluate<handwritten, bal_snavely, 0>(const double* const* p, const double* obs, double* r, double* J) {
    const double *cam = p[0], *X = p[1];
    const double* w = cam;  // the angle-axis vector
    const double theta2 = w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
    const double theta = sqrt(theta2);
    const double c = cos(theta), s = sin(theta);
    const double a = s / theta, b = (1 - c) / theta2;
    const double wX = w[0] * X[0] + w[1] * X[1] + w[2] * X[2];
    const double wxX[3] = {w[1] * X[2] - w[2] * X[1], w[2] * X[0] - w[0] * X[2], w[0] * X[1] - w[1] * X[0]};
    double q[3];
    for (std::size_t i = 0; i < 3; ++i) q[i] = c * X[i] + a * wxX[i] + b * wX * w[i] + cam[3 + i];
    // projection and distortion
    const double iz = 1 / q[2];
    const double xp = -q[0] * iz, yp = -q[1] * iz;
    const double r2 = xp * xp + yp * yp;
    const double f = cam[6], k1 = cam[7], k2 = cam[8];
    const double distortion = 1 + r2 * (k1 + k2 * r2);
    const double dd = k1 + 2 * k2 * r2;  // d distortion / d r2
    r[0] = f * distortion * xp - obs[0];
    r[1] = f * distortion * yp - obs[1];
    // d(u, v) / d(xp, yp)
    const double u_x = f * (distortion + 2 * xp * xp * dd), u_y = f * 2 * xp * yp * dd;
    const double v_x = u_y, v_y = f * (distortion + 2 * yp * yp * dd);
    // d(xp, yp) / dq: xp = -q0/q2, yp = -q1/q2
    // g = d(residual) / dq for each residual, then through q = R X + t
    const double gq[2][3] = {{-u_x * iz, -u_y * iz, -(u_x * xp + u_y * yp) * iz},
                             {-v_x * iz, -v_y * iz, -(v_x * xp + v_y * yp) * iz}};
    // d c / d w_j = dc w_j, d a / d w_j = da w_j, d b / d w_j = db w_j
    const double dc = -a;
    const double da = (c - a) / theta2;
    const double db = (a - 2 * b) / theta2;
    for (std::size_t k = 0; k < 2; ++k) {
        const double* g = gq[k];
        double* row = J + 12 * k;
        const double gX = g[0] * X[0] + g[1] * X[1] + g[2] * X[2];
        const double gw = g[0] * w[0] + g[1] * w[1] + g[2] * w[2];
        const double gwxX = g[0] * wxX[0] + g[1] * wxX[1] + g[2] * wxX[2];
        const double common = dc * gX + da * gwxX + db * wX * gw;
        const double Xxg[3] = {X[1] * g[2] - X[2] * g[1], X[2] * g[0] - X[0] * g[2], X[0] * g[1] - X[1] * g[0]};
        const double gxw[3] = {g[1] * w[2] - g[2] * w[1], g[2] * w[0] - g[0] * w[2], g[0] * w[1] - g[1] * w[0]};
        for (std::size_t j = 0; j < 3; ++j) {
            row[j] = common * w[j] + a * Xxg[j] + b * (gw * X[j] + wX * g[j]);  // d / d w_j
            row[3 + j] = g[j];                                                  // d / d t_j
            row[9 + j] = c * g[j] + a * gxw[j] + b * gw * w[j];                 // d / d X_j
        }
        const double proj = k == 0 ? xp : yp;
        row[6] = distortion * proj;      // d / d f
        row[7] = f * r2 * proj;          // d / d k1
        row[8] = f * r2 * r2 * proj;     // d / d k2
    }
}

}  // namespace lsq
