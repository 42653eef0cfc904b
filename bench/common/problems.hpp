// bench/common/problems.hpp — the benchmark problems and the functions every implementation
// defines for them.
//
// A problem is a type with its number of inputs, the number of gradient entries and the point
// it is evaluated at. An implementation is a tag type; it defines, in its own translation unit,
// explicit specialisations of
//
//     grad<Impl, Problem>(in, out)   out[0] = value, out[1..gradient_size] = gradient
//     value<Impl, Problem>(in)       the value alone (forward only)
//
// They are ordinary external functions: the benchmark loop (common/register.hpp) is in another
// translation unit, so every implementation pays exactly one call and sees opaque inputs.
#pragma once

#include <array>
#include <cstddef>

namespace ctdiff_bench {

/// P1: f(x, y, z) = (x + y + z) exp(x y z), gradient with respect to x, y, z.
struct p1 {
    static constexpr const char* name = "P1";
    static constexpr std::size_t inputs = 3;          // x, y, z
    static constexpr std::size_t gradient_size = 3;   // df/dx, df/dy, df/dz
    static constexpr std::array<double, inputs> point{0.7, -0.4, 1.3};
};

/// P2: the tiny network L = ((w x)^2 - t)^2 at x = 2, w = 3, t = 10, gradient with respect to w.
struct p2 {
    static constexpr const char* name = "P2";
    static constexpr std::size_t inputs = 3;          // x, w, t
    static constexpr std::size_t gradient_size = 1;   // dL/dw = 1248
    static constexpr std::array<double, inputs> point{2.0, 3.0, 10.0};
};

/// P3: Rosenbrock in 16 variables, sum over i < 15 of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2,
/// gradient with respect to all 16.
struct p3 {
    static constexpr const char* name = "P3";
    static constexpr std::size_t inputs = 16;
    static constexpr std::size_t gradient_size = 16;
    static constexpr std::array<double, inputs> point{-1.2, 1.0,  0.3,  -0.7, 1.5,  0.2, -0.9, 0.8,
                                                      1.1,  -0.5, 0.45, 1.25, -1.4, 0.6, 0.9,  -0.3};
};

// The implementations. Each is defined in its own file under bench/impl/.
struct handwritten;    // forward and backprop written out over fixed-size arrays: the reference
struct ctdiff_ad;      // ctdiff::value_and_grad and ctdiff::evaluate
struct eigen_ad;       // Eigen AutoDiffScalar, forward mode, all directions in one pass
struct ceres_ad;       // Ceres Jet, forward mode, all directions in one pass
struct boost_ad;       // Boost.Math autodiff, forward mode, one pass per gradient entry
struct adolc_replay;   // ADOL-C, tape recorded once, replayed per call
struct adolc_retape;   // ADOL-C, taped again at every call
struct torch_ad;       // PyTorch C++ autograd, CPU, float64, one thread

template <class Impl, class Problem>
void grad(const double* in, double* out);

template <class Impl, class Problem>
double value(const double* in);

}  // namespace ctdiff_bench
