// tests/support/differences.hpp — central differences of a residual function, the independent
// reference the Jacobian tests check against (tests/unit/jacobian_test.cpp, mixed_mode_test.cpp,
// tests/ceres/geometry_test.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace differences {

/// Central differences of r(u) (M outputs, N unknowns) at u, step 1e-6 max(1, |u_j|): an M x N
/// matrix, row-major.
template <std::size_t M, std::size_t N, class R>
std::array<double, M * N> central_jacobian(R r, std::array<double, N> u) {
    std::array<double, M * N> J{};
    for (std::size_t j = 0; j < N; ++j) {
        const double h = 1e-6 * std::max(1.0, std::abs(u[j]));
        auto up = u, down = u;
        up[j] += h;
        down[j] -= h;
        const std::array<double, M> ru = r(up), rd = r(down);
        for (std::size_t i = 0; i < M; ++i) J[i * N + j] = (ru[i] - rd[i]) / (2 * h);
    }
    return J;
}

}  // namespace differences
