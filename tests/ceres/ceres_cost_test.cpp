// <ctdiff/ceres.hpp>: make_ceres_cost against ceres::AutoDiffCostFunction on the same residuals
// (values and every Jacobian block), with scalar and tensor unknowns in several blocks, Jacobian
// blocks Ceres does not request, no Jacobians at all, data stored in the cost function, and a
// whole solve compared with the same solve through AutoDiffCostFunction.
#define BOOST_TEST_MODULE ctdiff_ceres
#include <boost/test/unit_test.hpp>

#include <ceres/ceres.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <ctdiff/ceres.hpp>
#include <ctdiff/ctdiff.hpp>
#include <ctdiff/eigen.hpp>
#include <memory>
#include <tuple>
#include <type_traits>
#include <vector>

namespace {

using namespace ctdiff::literals;
using ctdiff::at;
using ctdiff::shape;

bool near(double a, double e, double rel) {
    return std::abs(a - e) <= rel * std::max(1.0, std::abs(e));
}

// ---- curve fitting: y = exp(m x + c) ---------------------------------------------------------
constexpr auto m = ctdiff::var<"m">;
constexpr auto c = ctdiff::var<"c">;
constexpr auto xo = ctdiff::var<"xo">;
constexpr auto yo = ctdiff::var<"yo">;
constexpr auto curve_residual = yo - ctdiff::exp(m * xo + c);

struct curve_functor {
    double x, y;
    template <class T>
    bool operator()(const T* const mm, const T* const cc, T* r) const {
        r[0] = y - exp(mm[0] * x + cc[0]);
        return true;
    }
};

BOOST_AUTO_TEST_CASE(one_residual_two_blocks_against_autodiff) {
    std::unique_ptr<ceres::CostFunction> ours(
        ctdiff::make_ceres_cost(curve_residual, ctdiff::blocks(ctdiff::wrt(m), ctdiff::wrt(c)), xo = 0.7, yo = 1.9));
    ceres::AutoDiffCostFunction<curve_functor, 1, 1, 1> theirs(new curve_functor{0.7, 1.9});
    BOOST_TEST(ours->num_residuals() == 1);
    BOOST_TEST(ours->parameter_block_sizes() == theirs.parameter_block_sizes());
    double mm = 0.3, cc = -0.2;
    const double* params[] = {&mm, &cc};
    double r1, r2, jm1, jc1, jm2, jc2;
    double* j1[] = {&jm1, &jc1};
    double* j2[] = {&jm2, &jc2};
    BOOST_TEST(ours->Evaluate(params, &r1, j1));
    BOOST_TEST(theirs.Evaluate(params, &r2, j2));
    BOOST_TEST(r1 == r2);
    BOOST_TEST(near(jm1, jm2, 1e-15));
    BOOST_TEST(near(jc1, jc2, 1e-15));
    BOOST_TEST(near(jm1, -0.7 * std::exp(0.3 * 0.7 - 0.2), 1e-15));  // by hand
}

// ---- a pinhole projection with a camera block (a tensor) and a point block (a tensor) --------
constexpr auto cam = ctdiff::var<"cam", shape<4>>;  // translation (3), focal length
constexpr auto X = ctdiff::var<"X", shape<3>>;
constexpr auto uv = ctdiff::var<"uv", shape<2>>;  // the observation
constexpr auto depth = at<2>(X) + at<2>(cam);
constexpr auto projection = std::tuple{at<3>(cam) * (at<0>(X) + at<0>(cam)) / depth - at<0>(uv),
                                       at<3>(cam) * (at<1>(X) + at<1>(cam)) / depth - at<1>(uv)};

struct projection_functor {
    double u, v;
    template <class T>
    bool operator()(const T* const k, const T* const p, T* r) const {
        const T z = p[2] + k[2];
        r[0] = k[3] * (p[0] + k[0]) / z - u;
        r[1] = k[3] * (p[1] + k[1]) / z - v;
        return true;
    }
};

struct evaluation {
    std::array<double, 2 + 2> residuals;  // guard elements on both sides
    std::array<double, 1 + 8 + 1> camera;
    std::array<double, 1 + 6 + 1> point;
};

constexpr double guard = -777.0;

evaluation evaluate(const ceres::CostFunction& f, bool camera_block, bool point_block) {
    evaluation e{};
    e.residuals.fill(guard);
    e.camera.fill(guard);
    e.point.fill(guard);
    const double k[] = {0.1, -0.2, 4.0, 800.0};
    const double p[] = {0.5, 0.25, 1.5};
    const double* params[] = {k, p};
    double* jacobians[] = {camera_block ? e.camera.data() + 1 : nullptr, point_block ? e.point.data() + 1 : nullptr};
    BOOST_TEST(f.Evaluate(params, e.residuals.data() + 1, jacobians));
    return e;
}

BOOST_AUTO_TEST_CASE(tensor_blocks_against_autodiff_and_blocks_not_requested) {
    const ctdiff::tensor<double, shape<2>> observed{{103.0, -15.0}};
    std::unique_ptr<ceres::CostFunction> ours(
        ctdiff::make_ceres_cost(projection, ctdiff::blocks(ctdiff::wrt(cam), ctdiff::wrt(X)), uv = observed));
    ceres::AutoDiffCostFunction<projection_functor, 2, 4, 3> theirs(new projection_functor{103.0, -15.0});
    BOOST_TEST(ours->num_residuals() == 2);
    BOOST_TEST(ours->parameter_block_sizes() == theirs.parameter_block_sizes());
    const evaluation want = evaluate(theirs, true, true);
    for (const auto& [camera_block, point_block] : {std::pair{true, true}, {false, true}, {true, false}, {false, false}}) {
        const evaluation got = evaluate(*ours, camera_block, point_block);
        BOOST_TEST(got.residuals.front() == guard);
        BOOST_TEST(got.residuals.back() == guard);
        for (std::size_t i = 1; i <= 2; ++i) BOOST_TEST(near(got.residuals[i], want.residuals[i], 1e-15));
        for (std::size_t i = 0; i < got.camera.size(); ++i) {
            const bool inside = i > 0 && i + 1 < got.camera.size();
            if (camera_block && inside) BOOST_TEST(near(got.camera[i], want.camera[i], 1e-14));
            else BOOST_TEST(got.camera[i] == guard);  // a block Ceres did not ask for stays untouched
        }
        for (std::size_t i = 0; i < got.point.size(); ++i) {
            const bool inside = i > 0 && i + 1 < got.point.size();
            if (point_block && inside) BOOST_TEST(near(got.point[i], want.point[i], 1e-14));
            else BOOST_TEST(got.point[i] == guard);
        }
    }
    // no Jacobians at all: the residuals alone
    double r[2];
    const double k[] = {0.1, -0.2, 4.0, 800.0};
    const double p[] = {0.5, 0.25, 1.5};
    const double* params[] = {k, p};
    BOOST_TEST(ours->Evaluate(params, r, nullptr));
    BOOST_TEST(near(r[0], want.residuals[1], 1e-15));
    BOOST_TEST(near(r[1], want.residuals[2], 1e-15));
}

// ---- two blocks, each requested or not, against AutoDiffCostFunction ------------------------------
/// Evaluates `ours` and `theirs` (M residuals, blocks of NA and NB parameters) at `params` with
/// both blocks, only the second and only the first requested from `ours`, every array with a guard
/// element on each side: the residuals agree to 1e-15, the requested blocks to `tolerance`, and
/// nothing else of `ours`' storage is written.
template <std::size_t M, std::size_t NA, std::size_t NB>
void two_blocks_against(ceres::CostFunction& ours, ceres::CostFunction& theirs, const double* const* params,
                        double tolerance) {
    for (const auto& [a_block, b_block] : {std::pair{true, true}, {false, true}, {true, false}}) {
        std::array<double, M + 2> r1, r2;
        std::array<double, M * NA + 2> ja1, ja2;
        std::array<double, M * NB + 2> jb1, jb2;
        for (auto* v : {&r1, &r2}) v->fill(guard);
        for (auto* v : {&ja1, &ja2}) v->fill(guard);
        for (auto* v : {&jb1, &jb2}) v->fill(guard);
        double* j1[] = {a_block ? ja1.data() + 1 : nullptr, b_block ? jb1.data() + 1 : nullptr};
        double* j2[] = {ja2.data() + 1, jb2.data() + 1};
        BOOST_TEST(ours.Evaluate(params, r1.data() + 1, j1));
        BOOST_TEST(theirs.Evaluate(params, r2.data() + 1, j2));
        BOOST_TEST(r1.front() == guard);
        BOOST_TEST(r1.back() == guard);
        for (std::size_t i = 1; i <= M; ++i) BOOST_TEST(near(r1[i], r2[i], 1e-15));
        for (std::size_t i = 0; i < ja1.size(); ++i) {
            if (a_block && i > 0 && i + 1 < ja1.size()) BOOST_TEST(near(ja1[i], ja2[i], tolerance));
            else BOOST_TEST(ja1[i] == guard);
        }
        for (std::size_t i = 0; i < jb1.size(); ++i) {
            if (b_block && i > 0 && i + 1 < jb1.size()) BOOST_TEST(near(jb1[i], jb2[i], tolerance));
            else BOOST_TEST(jb1[i] == guard);
        }
    }
}

// ---- many residuals of one formula (a row family, evaluated as a loop) in two blocks ---------
constexpr auto xs = ctdiff::var<"xs", shape<64>>;
constexpr auto ys = ctdiff::var<"ys", shape<64>>;
constexpr auto line = ctdiff::var<"line", shape<2>>;  // slope and intercept
constexpr auto curve_residuals = ys - ctdiff::exp(m * xs + at<0>(line) * xs * xs + at<1>(line));

struct curve_rows_functor {
    double x[64], y[64];
    template <class T>
    bool operator()(const T* const mm, const T* const l, T* r) const {
        for (int i = 0; i < 64; ++i) r[i] = y[i] - exp(mm[0] * x[i] + l[0] * x[i] * x[i] + l[1]);
        return true;
    }
};

// 64 rows of about 10 nodes: one loop (eval/row_family.hpp; at least 512 nodes), so this test
// runs that path
static_assert(ctdiff::detail::row_segments<
              ctdiff::detail::output_list<std::remove_cvref_t<decltype(curve_residuals)>>::type,
              ctdiff::type_list<std::remove_cvref_t<decltype(m)>, std::remove_cvref_t<decltype(line)>>>::any_family);
BOOST_AUTO_TEST_CASE(a_family_of_rows_in_two_blocks_against_autodiff) {
    ctdiff::tensor<double, shape<64>> xv, yv;
    auto* functor = new curve_rows_functor{};
    for (std::size_t i = 0; i < 64; ++i) {
        xv(i) = functor->x[i] = 0.015625 * static_cast<double>(i);
        yv(i) = functor->y[i] = std::cos(static_cast<double>(i));
    }
    std::unique_ptr<ceres::CostFunction> ours(
        ctdiff::make_ceres_cost(curve_residuals, ctdiff::blocks(ctdiff::wrt(m), ctdiff::wrt(line)), xs = xv, ys = yv));
    ceres::AutoDiffCostFunction<curve_rows_functor, 64, 1, 2> theirs(functor);
    const double mm = 0.3;
    const double l[] = {-0.2, 0.1};
    const double* params[] = {&mm, l};
    two_blocks_against<64, 1, 2>(*ours, theirs, params, 1e-14);
}

// ---- a family of quotients (run in packs) in two blocks: Kowalik and Osborne's residuals ------
constexpr auto ko_u = ctdiff::var<"u", shape<11>>;
constexpr auto ko_y = ctdiff::var<"y", shape<11>>;
constexpr auto ko_a = ctdiff::var<"a", shape<2>>;  // x0, x1
constexpr auto ko_b = ctdiff::var<"b", shape<2>>;  // x2, x3
constexpr auto ko_residuals =
    ko_y - at<0>(ko_a) * (ko_u * ko_u + ko_u * at<1>(ko_a)) / (ko_u * ko_u + ko_u * at<0>(ko_b) + at<1>(ko_b));

struct kowalik_osborne_functor {
    double u[11], y[11];
    template <class T>
    bool operator()(const T* const a, const T* const b, T* r) const {
        for (int i = 0; i < 11; ++i) r[i] = y[i] - a[0] * (u[i] * u[i] + u[i] * a[1]) / (u[i] * u[i] + u[i] * b[0] + b[1]);
        return true;
    }
};

using ko_outputs = ctdiff::detail::output_list<std::remove_cvref_t<decltype(ko_residuals)>>::type;
using ko_unknowns = ctdiff::type_list<std::remove_cvref_t<decltype(ko_a)>, std::remove_cvref_t<decltype(ko_b)>>;
static_assert(ctdiff::detail::row_segments<ko_outputs, ko_unknowns>::any_family);
static_assert(ctdiff::detail::family_skeleton<ko_outputs, ko_unknowns>::in_packs == (ctdiff::native_width<double> > 1 && FLT_EVAL_METHOD == 0));
BOOST_AUTO_TEST_CASE(a_family_of_quotients_in_two_blocks_against_autodiff) {
    ctdiff::tensor<double, shape<11>> uv, yv;
    auto* functor = new kowalik_osborne_functor{};
    const double u[] = {4.0, 2.0, 1.0, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625};
    const double y[] = {0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246};
    for (std::size_t i = 0; i < 11; ++i) {
        uv(i) = functor->u[i] = u[i];
        yv(i) = functor->y[i] = y[i];
    }
    std::unique_ptr<ceres::CostFunction> ours(
        ctdiff::make_ceres_cost(ko_residuals, ctdiff::blocks(ctdiff::wrt(ko_a), ctdiff::wrt(ko_b)), ko_u = uv, ko_y = yv));
    ceres::AutoDiffCostFunction<kowalik_osborne_functor, 11, 2, 2> theirs(functor);
    const double a[] = {0.25, 0.39};
    const double b[] = {0.415, 0.39};
    const double* params[] = {a, b};
    two_blocks_against<11, 2, 2>(*ours, theirs, params, 1e-14);
}

// The same residuals as a family read off the tensor expression (never made row by row) between
// two scalar residuals of a std::tuple: the family's rows start at row 1 of Ceres' blocks.
static_assert(ctdiff::detail::entry_is_family<std::remove_cvref_t<decltype(ko_residuals)>, ko_unknowns>::value);
constexpr auto ko_between = std::tuple{at<0>(ko_a) - at<1>(ko_b), ko_residuals, at<1>(ko_a) * at<0>(ko_b)};
struct kowalik_osborne_between_functor {
    kowalik_osborne_functor rows;
    template <class T>
    bool operator()(const T* const a, const T* const b, T* r) const {
        r[0] = a[0] - b[1];
        rows(a, b, r + 1);
        r[12] = a[1] * b[0];
        return true;
    }
};
BOOST_AUTO_TEST_CASE(a_tensor_family_between_scalar_residuals_in_two_blocks_against_autodiff) {
    ctdiff::tensor<double, shape<11>> uv, yv;
    auto* functor = new kowalik_osborne_between_functor{};
    for (std::size_t i = 0; i < 11; ++i) {
        uv(i) = functor->rows.u[i] = 0.25 + 0.375 * static_cast<double>(i);
        yv(i) = functor->rows.y[i] = std::sin(static_cast<double>(i));
    }
    std::unique_ptr<ceres::CostFunction> ours(
        ctdiff::make_ceres_cost(ko_between, ctdiff::blocks(ctdiff::wrt(ko_a), ctdiff::wrt(ko_b)), ko_u = uv, ko_y = yv));
    ceres::AutoDiffCostFunction<kowalik_osborne_between_functor, 13, 2, 2> theirs(functor);
    BOOST_TEST(ours->num_residuals() == 13);
    const double a[] = {0.25, 0.39};
    const double b[] = {0.415, 0.39};
    const double* params[] = {a, b};
    two_blocks_against<13, 2, 2>(*ours, theirs, params, 1e-14);
}

// Many residuals: the scratch storage for a block Ceres does not want (2000 x 4 entries) is
// allocated rather than put on the stack.
constexpr std::size_t ko_many = 2000;
constexpr auto km_u = ctdiff::var<"u", shape<ko_many>>;
constexpr auto km_y = ctdiff::var<"y", shape<ko_many>>;
constexpr auto km_residuals =
    km_y - at<0>(ko_a) * (km_u * km_u + km_u * at<1>(ko_a)) / (km_u * km_u + km_u * at<0>(ko_b) + at<1>(ko_b));
struct kowalik_osborne_many_functor {
    std::vector<double> u, y;
    template <class T>
    bool operator()(const T* const a, const T* const b, T* r) const {
        for (std::size_t i = 0; i < ko_many; ++i)
            r[i] = y[i] - a[0] * (u[i] * u[i] + u[i] * a[1]) / (u[i] * u[i] + u[i] * b[0] + b[1]);
        return true;
    }
};
BOOST_AUTO_TEST_CASE(many_residuals_in_two_blocks_against_autodiff) {
    auto* functor = new kowalik_osborne_many_functor{std::vector<double>(ko_many), std::vector<double>(ko_many)};
    for (std::size_t i = 0; i < ko_many; ++i) {
        functor->u[i] = 0.125 + 0.001 * static_cast<double>(i);
        functor->y[i] = std::sin(0.01 * static_cast<double>(i));
    }
    std::unique_ptr<ceres::CostFunction> ours(ctdiff::make_ceres_cost(
        km_residuals, ctdiff::blocks(ctdiff::wrt(ko_a), ctdiff::wrt(ko_b)),
        km_u = ctdiff::view<shape<ko_many>>(functor->u.data()), km_y = ctdiff::view<shape<ko_many>>(functor->y.data())));
    ceres::AutoDiffCostFunction<kowalik_osborne_many_functor, ko_many, 2, 2> theirs(functor);
    const double a[] = {0.25, 0.39};
    const double b[] = {0.415, 0.39};
    const double* params[] = {a, b};
    two_blocks_against<ko_many, 2, 2>(*ours, theirs, params, 1e-14);
}

// ---- a Jacobian in a mix of modes (rows forwards and rows backwards) in two blocks ---------------
// Brown's almost-linear function over a = (x0..x4) and b = (x5..x9): nine rows share the sum of
// all ten (forwards), the tenth is their product (backwards).
constexpr auto ua = ctdiff::var<"ua", shape<5>>;
constexpr auto ub = ctdiff::var<"ub", shape<5>>;
constexpr auto unknown_sum = at<0>(ua) + at<1>(ua) + at<2>(ua) + at<3>(ua) + at<4>(ua) + at<0>(ub) + at<1>(ub) +
                             at<2>(ub) + at<3>(ub) + at<4>(ub);
constexpr auto brown_rows =
    std::tuple{at<0>(ua) + unknown_sum - 11_c, at<1>(ua) + unknown_sum - 11_c, at<2>(ua) + unknown_sum - 11_c,
               at<3>(ua) + unknown_sum - 11_c, at<4>(ua) + unknown_sum - 11_c, at<0>(ub) + unknown_sum - 11_c,
               at<1>(ub) + unknown_sum - 11_c, at<2>(ub) + unknown_sum - 11_c, at<3>(ub) + unknown_sum - 11_c,
               at<0>(ua) * at<1>(ua) * at<2>(ua) * at<3>(ua) * at<4>(ua) * at<0>(ub) * at<1>(ub) * at<2>(ub) *
                       at<3>(ub) * at<4>(ub) -
                   1_c};
struct brown_functor {
    template <class T>
    bool operator()(const T* const a, const T* const b, T* r) const {
        T s(0.0), p(1.0);
        for (int j = 0; j < 5; ++j) {
            s += a[j] + b[j];
            p *= a[j] * b[j];
        }
        for (int i = 0; i < 9; ++i) r[i] = (i < 5 ? a[i] : b[i - 5]) + s - 11.0;
        r[9] = p - 1.0;
        return true;
    }
};
using brown_plan = ctdiff::detail::tangent_plan<
    ctdiff::detail::dag<ctdiff::detail::output_list<std::remove_cvref_t<decltype(brown_rows)>>::type>,
    ctdiff::type_list<std::remove_cvref_t<decltype(ua)>, std::remove_cvref_t<decltype(ub)>>>;
static_assert(brown_plan::mix_preferred && !brown_plan::plan.forward_root[9]);  // this test runs the mix

BOOST_AUTO_TEST_CASE(a_mixed_mode_jacobian_in_two_blocks_against_autodiff) {
    std::unique_ptr<ceres::CostFunction> ours(
        ctdiff::make_ceres_cost(brown_rows, ctdiff::blocks(ctdiff::wrt(ua), ctdiff::wrt(ub))));
    ceres::AutoDiffCostFunction<brown_functor, 10, 5, 5> theirs(new brown_functor{});
    const double a[] = {0.9, 1.1, 0.8, 1.3, 0.7}, b[] = {1.05, 0.95, 1.2, 0.6, 1.4};
    const double* params[] = {a, b};
    two_blocks_against<10, 5, 5>(*ours, theirs, params, 1e-15);
}

BOOST_AUTO_TEST_CASE(data_tensors_are_copied_into_the_cost_function) {
    std::unique_ptr<ceres::CostFunction> ours;
    {
        const ctdiff::tensor<double, shape<2>> observed{{103.0, -15.0}};  // gone before Evaluate
        ours.reset(ctdiff::make_ceres_cost(projection, ctdiff::blocks(ctdiff::wrt(cam), ctdiff::wrt(X)), uv = observed));
    }
    ceres::AutoDiffCostFunction<projection_functor, 2, 4, 3> theirs(new projection_functor{103.0, -15.0});
    const evaluation got = evaluate(*ours, true, true), want = evaluate(theirs, true, true);
    for (std::size_t i = 1; i <= 2; ++i) BOOST_TEST(near(got.residuals[i], want.residuals[i], 1e-15));
}

BOOST_AUTO_TEST_CASE(views_and_eigen_data_are_copied_too) {
    // a ctdiff::view and an Eigen vector (bound as a view of its elements) both dangle after this
    // block: the cost function must hold their elements itself
    std::unique_ptr<ceres::CostFunction> from_view, from_eigen;
    {
        const double observed[] = {103.0, -15.0};
        from_view.reset(ctdiff::make_ceres_cost(projection, ctdiff::blocks(ctdiff::wrt(cam), ctdiff::wrt(X)),
                                                uv = ctdiff::view<shape<2>>(observed)));
        const Eigen::Vector2d eigen_observed{103.0, -15.0};
        from_eigen.reset(ctdiff::make_ceres_cost(projection, ctdiff::blocks(ctdiff::wrt(cam), ctdiff::wrt(X)),
                                                 uv = eigen_observed));
    }
    ceres::AutoDiffCostFunction<projection_functor, 2, 4, 3> theirs(new projection_functor{103.0, -15.0});
    const evaluation want = evaluate(theirs, true, true);
    for (const ceres::CostFunction* ours : {from_view.get(), from_eigen.get()}) {
        const evaluation got = evaluate(*ours, true, true);
        for (std::size_t i = 1; i <= 2; ++i) BOOST_TEST(near(got.residuals[i], want.residuals[i], 1e-15));
    }
}

BOOST_AUTO_TEST_CASE(a_solve_matches_autodiff) {
    // y = exp(0.3 x + 0.1) sampled at 40 points with a deterministic perturbation
    std::vector<double> xs, ys;
    for (int i = 0; i < 40; ++i) {
        const double x = 0.1 * i;
        xs.push_back(x);
        ys.push_back(std::exp(0.3 * x + 0.1) + 0.05 * std::sin(7.0 * i));
    }
    const auto solve = [&](bool with_ctdiff) {
        double mm = 0.0, cc = 0.0;
        ceres::Problem problem;
        for (std::size_t i = 0; i < xs.size(); ++i) {
            ceres::CostFunction* f =
                with_ctdiff ? ctdiff::make_ceres_cost(curve_residual, ctdiff::blocks(ctdiff::wrt(m), ctdiff::wrt(c)),
                                                      xo = xs[i], yo = ys[i])
                            : new ceres::AutoDiffCostFunction<curve_functor, 1, 1, 1>(new curve_functor{xs[i], ys[i]});
            problem.AddResidualBlock(f, nullptr, &mm, &cc);
        }
        ceres::Solver::Options options;
        options.linear_solver_type = ceres::DENSE_QR;
        ceres::Solver::Summary summary;
        ceres::Solve(options, &problem, &summary);
        return std::array<double, 4>{mm, cc, summary.final_cost, static_cast<double>(summary.iterations.size())};
    };
    const auto a = solve(true), b = solve(false);
    BOOST_TEST(near(a[0], b[0], 1e-10));
    BOOST_TEST(near(a[1], b[1], 1e-10));
    BOOST_TEST(near(a[2], b[2], 1e-8));
    BOOST_TEST(a[3] == b[3]);
    BOOST_TEST(std::abs(a[0] - 0.3) < 0.02);
}

}  // namespace
