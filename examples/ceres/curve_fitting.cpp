// Ceres' curve-fitting example with ctdiff cost functions: fit y = exp(m x + c) to 67 noisy
// samples, once with ctdiff::make_ceres_cost and once with ceres::AutoDiffCostFunction, and check
// that both solves reach the same parameters, final cost and iteration count.
#include <ceres/ceres.h>

#include <cmath>
#include <cstdio>
#include <ctdiff/ceres.hpp>
#include <ctdiff/ctdiff.hpp>
#include <vector>

namespace {

constexpr auto m = ctdiff::var<"m">;
constexpr auto c = ctdiff::var<"c">;
constexpr auto x = ctdiff::var<"x">;  // an observation, bound when the cost function is made
constexpr auto y = ctdiff::var<"y">;
constexpr auto residual = y - ctdiff::exp(m * x + c);

struct exponential_residual {  // the same residual for Ceres' Jet
    double x, y;
    template <class T>
    bool operator()(const T* const mm, const T* const cc, T* r) const {
        r[0] = y - exp(mm[0] * x + cc[0]);
        return true;
    }
};

struct result {
    double m, c, cost;
    int iterations;
};

template <class MakeCost>
result solve(const std::vector<double>& xs, const std::vector<double>& ys, MakeCost make_cost) {
    double mm = 0.0, cc = 0.0;
    ceres::Problem problem;
    for (std::size_t i = 0; i < xs.size(); ++i) problem.AddResidualBlock(make_cost(xs[i], ys[i]), nullptr, &mm, &cc);
    ceres::Solver::Options options;
    options.linear_solver_type = ceres::DENSE_QR;
    ceres::Solver::Summary summary;
    ceres::Solve(options, &problem, &summary);
    return {mm, cc, summary.final_cost, static_cast<int>(summary.iterations.size())};
}

}  // namespace

int main() {
    // y = exp(0.3 x + 0.1) with deterministic noise of amplitude 0.2
    std::vector<double> xs, ys;
    for (int i = 0; i < 67; ++i) {
        const double xi = 0.075 * i;
        xs.push_back(xi);
        ys.push_back(std::exp(0.3 * xi + 0.1) + 0.2 * std::sin(12.9898 * i + 78.233 * std::cos(i)));
    }
    const result ours = solve(xs, ys, [](double xi, double yi) {
        return ctdiff::make_ceres_cost(residual, ctdiff::blocks(ctdiff::wrt(m), ctdiff::wrt(c)), x = xi, y = yi);
    });
    const result theirs = solve(xs, ys, [](double xi, double yi) {
        return new ceres::AutoDiffCostFunction<exponential_residual, 1, 1, 1>(new exponential_residual{xi, yi});
    });
    std::printf("ctdiff:                m = %.6f  c = %.6f  final cost %.6e  iterations %d\n", ours.m, ours.c,
                ours.cost, ours.iterations);
    std::printf("AutoDiffCostFunction:  m = %.6f  c = %.6f  final cost %.6e  iterations %d\n", theirs.m, theirs.c,
                theirs.cost, theirs.iterations);
    const bool same = std::abs(ours.cost - theirs.cost) <= 1e-8 * theirs.cost && ours.iterations == theirs.iterations &&
                      std::abs(ours.m - theirs.m) <= 1e-8 && std::abs(ours.c - theirs.c) <= 1e-8;
    const bool close = std::abs(ours.m - 0.3) < 0.05 && std::abs(ours.c - 0.1) < 0.1;
    std::printf("%s\n", same && close ? "same solution" : "MISMATCH");
    return same && close ? 0 : 1;
}
