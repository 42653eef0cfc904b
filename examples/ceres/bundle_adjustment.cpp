// Bundle adjustment on deterministic synthetic data, solved by Ceres with ctdiff cost functions
// (ctdiff::make_ceres_cost, Snavely's reprojection error written as ctdiff expressions) and with
// ceres::AutoDiffCostFunction of the same residual, three times each, alternated. Every solve must
// reach the same final cost (relative 1e-8) in the same number of iterations; the time per
// Jacobian evaluation and the total solve time of each kind are printed, the fastest of its three.
//
// Cameras as in the BAL data sets: angle-axis rotation (3), translation (3), focal length, two
// radial distortion coefficients; a point (3); an observation (u, v). Usage: bundle_adjustment
// [cameras points observations-per-point].
#include <ceres/ceres.h>
#include <ceres/rotation.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctdiff/ceres.hpp>
#include <ctdiff/ctdiff.hpp>
#include <tuple>
#include <vector>

namespace {

using namespace ctdiff::literals;
using ctdiff::at;
using ctdiff::shape;

// ---- the residual, once with ctdiff ------------------------------------------------------------
constexpr auto R = ctdiff::var<"R", shape<3>>;  // camera: angle-axis rotation
constexpr auto t = ctdiff::var<"t", shape<3>>;  //         translation
constexpr auto f = ctdiff::var<"f">;            //         focal length
constexpr auto k1 = ctdiff::var<"k1">;          //         radial distortion
constexpr auto k2 = ctdiff::var<"k2">;
constexpr auto X = ctdiff::var<"X", shape<3>>;  // the point
constexpr auto u = ctdiff::var<"u">;            // the observation
constexpr auto v = ctdiff::var<"v">;

constexpr auto P = ctdiff::angle_axis_rotate(R, X) + t;
constexpr auto xp = -at<0>(P) / at<2>(P);
constexpr auto yp = -at<1>(P) / at<2>(P);
constexpr auto r2 = xp * xp + yp * yp;
constexpr auto distortion = 1_c + r2 * (k1 + k2 * r2);
constexpr auto reprojection = std::tuple{f * distortion * xp - u, f * distortion * yp - v};

// ---- and once for Ceres' Jet ---------------------------------------------------------------------
struct snavely_error {
    double observed_u, observed_v;
    template <class T>
    bool operator()(const T* const camera, const T* const point, T* residuals) const {
        T p[3];
        ceres::AngleAxisRotatePoint(camera, point, p);
        for (int i = 0; i < 3; ++i) p[i] += camera[3 + i];
        const T x = -p[0] / p[2], y = -p[1] / p[2];
        const T rr = x * x + y * y;
        const T d = T(1) + rr * (camera[7] + camera[8] * rr);
        residuals[0] = camera[6] * d * x - observed_u;
        residuals[1] = camera[6] * d * y - observed_v;
        return true;
    }
};

// ---- deterministic synthetic data ------------------------------------------------------------
struct random_numbers {  // splitmix64
    std::uint64_t state;
    double uniform(double lo, double hi) {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        return lo + (hi - lo) * static_cast<double>(z >> 11) / 9007199254740992.0;
    }
};

struct scene {
    std::vector<double> cameras;  // 9 per camera
    std::vector<double> points;   // 3 per point
    struct observation {
        int camera, point;
        double u, v;
    };
    std::vector<observation> observations;
};

scene make_scene(int cameras, int points, int per_point) {
    random_numbers rng{2026};
    scene s;
    for (int c = 0; c < cameras; ++c) {
        // cameras on a ring around the origin, looking roughly at it (the camera looks down -z)
        const double a = 2.0 * 3.141592653589793 * c / cameras;
        const double camera[9] = {rng.uniform(-0.05, 0.05), a + rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05),
                                  rng.uniform(-0.2, 0.2),   rng.uniform(-0.2, 0.2),      -10.0 + rng.uniform(-0.5, 0.5),
                                  500.0 + rng.uniform(-20, 20), rng.uniform(-1e-3, 1e-3), rng.uniform(-1e-5, 1e-5)};
        s.cameras.insert(s.cameras.end(), camera, camera + 9);
    }
    for (int p = 0; p < points; ++p)
        for (int k = 0; k < 3; ++k) s.points.push_back(rng.uniform(-2.0, 2.0));
    for (int p = 0; p < points; ++p) {
        const int first = static_cast<int>(rng.uniform(0, cameras));
        for (int k = 0; k < per_point; ++k) {
            const int c = (first + k * 3) % cameras;
            double r[2];
            snavely_error{0.0, 0.0}(&s.cameras[9 * c], &s.points[3 * p], r);
            s.observations.push_back({c, p, r[0] + rng.uniform(-0.5, 0.5), r[1] + rng.uniform(-0.5, 0.5)});
        }
    }
    // the solver starts from perturbed parameters
    for (double& x : s.points) x += rng.uniform(-0.3, 0.3);
    for (std::size_t c = 0; c < s.cameras.size(); c += 9)
        for (int k = 0; k < 6; ++k) s.cameras[c + k] += rng.uniform(-0.05, 0.05);
    return s;
}

struct outcome {
    double initial_cost, final_cost, jacobian_seconds, total_seconds;
    int iterations, jacobian_evaluations;
};

outcome solve(scene s, bool with_ctdiff) {
    ceres::Problem problem;
    for (const auto& o : s.observations) {
        ceres::CostFunction* cost =
            with_ctdiff
                ? ctdiff::make_ceres_cost(reprojection, ctdiff::blocks(ctdiff::wrt(R, t, f, k1, k2), ctdiff::wrt(X)),
                                          u = o.u, v = o.v)
                : new ceres::AutoDiffCostFunction<snavely_error, 2, 9, 3>(new snavely_error{o.u, o.v});
        problem.AddResidualBlock(cost, nullptr, &s.cameras[9 * static_cast<std::size_t>(o.camera)],
                                 &s.points[3 * static_cast<std::size_t>(o.point)]);
    }
    ceres::Solver::Options options;
    options.linear_solver_type = ceres::DENSE_SCHUR;
    options.max_num_iterations = 50;
    options.num_threads = 1;
    ceres::Solver::Summary summary;
    ceres::Solve(options, &problem, &summary);
    return {summary.initial_cost, summary.final_cost, summary.jacobian_evaluation_time_in_seconds,
            summary.total_time_in_seconds, static_cast<int>(summary.iterations.size()),
            summary.num_jacobian_evaluations};
}

}  // namespace

int main(int argc, char** argv) {
    const int cameras = argc > 1 ? std::atoi(argv[1]) : 24;
    const int points = argc > 2 ? std::atoi(argv[2]) : 1500;
    const int per_point = argc > 3 ? std::atoi(argv[3]) : 4;
    const scene s = make_scene(cameras, points, per_point);
    std::printf("bundle adjustment: %d cameras, %d points, %zu observations\n", cameras, points,
                s.observations.size());
    // three solves of each kind, alternated, each kind's fastest times kept: the first solve of a
    // process pays for warming the caches and the allocator, whichever kind it is. The solver runs
    // one thread and is deterministic, so every solve takes the same iterations and evaluations
    // (checked below): times from different solves compare.
    outcome ours{}, theirs{};
    bool have_ours = false, have_theirs = false, repeatable = true;
    for (int round = 0; round < 3; ++round) {
        for (const bool with_ctdiff : {round % 2 == 0, round % 2 != 0}) {
            const outcome o = solve(s, with_ctdiff);
            outcome& best = with_ctdiff ? ours : theirs;
            bool& have = with_ctdiff ? have_ours : have_theirs;
            if (!have) {
                best = o;
                have = true;
            }
            repeatable = repeatable && o.final_cost == best.final_cost && o.iterations == best.iterations &&
                         o.jacobian_evaluations == best.jacobian_evaluations;
            if (o.jacobian_seconds < best.jacobian_seconds) best.jacobian_seconds = o.jacobian_seconds;
            if (o.total_seconds < best.total_seconds) best.total_seconds = o.total_seconds;
        }
    }
    for (const auto& [name, o] : {std::pair{"ctdiff::make_ceres_cost   ", ours}, {"ceres::AutoDiffCostFunction", theirs}})
        std::printf("%s  cost %.6e -> %.10e  %d iterations  Jacobian %.3f us per residual block, solve %.3f s\n", name,
                    o.initial_cost, o.final_cost, o.iterations,
                    1e6 * o.jacobian_seconds / o.jacobian_evaluations / static_cast<double>(s.observations.size()),
                    o.total_seconds);
    const bool same = repeatable && std::abs(ours.final_cost - theirs.final_cost) <= 1e-8 * theirs.final_cost &&
                      ours.iterations == theirs.iterations && ours.final_cost < 1e-2 * ours.initial_cost;
    std::printf("%s\n", same ? "same solution" : "MISMATCH");
    return same ? 0 : 1;
}
