// Jacobians in a mix of modes (jacobian_mode::mixed, and automatic where the plan takes it): the
// outputs that share their work computed forwards in one tangent sweep, each of the others swept
// backwards. Checked against hand derivations, central differences and the pure modes (a row of
// the mix is the row of the mode it was given: forward mode's where forward mode applies,
// reverse mode's always), with leaf outputs, rows through tensor ops, selects, NaN in one row,
// scalar and tensor unknowns together, float, the into-form with guard elements (this file runs
// under ASan in the sanitize preset), and in a static_assert.
#define BOOST_TEST_MODULE ctdiff_mixed_mode
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <limits>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../support/differences.hpp"

namespace {

using namespace ctdiff::literals;
using ctdiff::at;
using ctdiff::jacobian_mode;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto x = ctdiff::var<"x", shape<10>>;
constexpr auto y = ctdiff::var<"y">;
constexpr auto s = ctdiff::var<"s">;  // data

bool near(double a, double e, double rel) { return std::abs(a - e) <= rel * std::max(1.0, std::abs(e)); }

/// The compile-time plan of value_and_jacobian(outputs, wrt).
template <class Outputs, class Wrt>
using plan_of = ctdiff::detail::tangent_plan<
    ctdiff::detail::dag<typename ctdiff::detail::output_list<std::remove_cvref_t<Outputs>>::type>,
                                             typename Wrt::list>;

using differences::central_jacobian;

// Brown almost-linear (More, Garbow, Hillstrom 1981, problem 27), n = 10: nine residuals
// x_i + sum_j x_j - 11 that share the sum, and the product of all x_j minus 1. Forwards, the sum's
// tangents are built once for the nine rows, but the product's chain carries 2, 3, ... 10
// tangents; backwards, each of the nine rows sweeps the whole sum again, the product once.
template <std::size_t... J>
constexpr auto sum_of_x(std::index_sequence<J...>) {
    return (at<J>(x) + ...);
}
template <std::size_t... J>
constexpr auto product_of_x(std::index_sequence<J...>) {
    return (at<J>(x) * ...);
}
template <std::size_t... I>
constexpr auto brown_almost_linear(std::index_sequence<I...>) {
    return std::tuple{(at<I>(x) + sum_of_x(std::make_index_sequence<10>{}) - 11_c)...,
                      product_of_x(std::make_index_sequence<10>{}) - 1_c};
}
constexpr auto brown = brown_almost_linear(std::make_index_sequence<9>{});
using brown_plan = plan_of<decltype(brown), decltype(ctdiff::wrt(x))>;

// the plan: the nine shared rows forwards, the product backwards, cheaper than either pure mode
static_assert(brown_plan::plan.applies && brown_plan::mixes && brown_plan::mix_preferred);
static_assert(brown_plan::plan.forward_rows == 9 && !brown_plan::plan.forward_root[9]);
static_assert(brown_plan::plan.mixed_cost < brown_plan::plan.forward_cost &&
              brown_plan::plan.mixed_cost < brown_plan::plan.reverse_cost);

constexpr std::array<double, 10> brown_point{0.9, 1.1, 0.8, 1.3, 0.7, 1.05, 0.95, 1.2, 0.6, 1.4};

tensor<double, shape<10>> as_tensor(const std::array<double, 10>& a) {
    tensor<double, shape<10>> t;
    for (std::size_t i = 0; i < 10; ++i) t(i) = a[i];
    return t;
}

std::array<double, 10> brown_residuals(const std::array<double, 10>& u) {
    std::array<double, 10> r{};
    double total = 0, product = 1;
    for (double v : u) {
        total += v;
        product *= v;
    }
    for (std::size_t i = 0; i < 9; ++i) r[i] = u[i] + total - 11;
    r[9] = product - 1;
    return r;
}

BOOST_AUTO_TEST_CASE(brown_almost_linear_against_hand_differences_and_pure_modes) {
    const auto x0 = as_tensor(brown_point);
    const auto [r_m, J_m] = ctdiff::value_and_jacobian<jacobian_mode::mixed>(brown, ctdiff::wrt(x), x = x0);
    const auto [r_a, J_a] = ctdiff::value_and_jacobian(brown, ctdiff::wrt(x), x = x0);
    const auto [r_f, J_f] = ctdiff::value_and_jacobian<jacobian_mode::forward>(brown, ctdiff::wrt(x), x = x0);
    const auto [r_r, J_r] = ctdiff::value_and_jacobian<jacobian_mode::reverse>(brown, ctdiff::wrt(x), x = x0);
    const auto expected = brown_residuals(brown_point);
    const auto fd = central_jacobian<10, 10>(brown_residuals, brown_point);
    for (std::size_t i = 0; i < 10; ++i) {
        BOOST_TEST(near(r_m(i), expected[i], 1e-15));
        BOOST_TEST(r_a(i) == r_m(i));
        for (std::size_t j = 0; j < 10; ++j) {
            double hand = 0;  // d r_i / d x_j
            if (i < 9) {
                hand = i == j ? 2.0 : 1.0;
            } else {
                hand = 1;
                for (std::size_t k = 0; k < 10; ++k)
                    if (k != j) hand *= brown_point[k];
            }
            BOOST_TEST(near(J_m.at(i, j), hand, 1e-15));
            BOOST_TEST(near(J_m.at(i, j), fd[i * 10 + j], 1e-8));
            BOOST_TEST(J_a.at(i, j) == J_m.at(i, j));  // automatic takes the mix
            // each row as its own mode computes it
            BOOST_TEST(J_m.at(i, j) == (i < 9 ? J_f.at(i, j) : J_r.at(i, j)));
        }
    }
}

// Rows through a tensor op (Penalty I's shape, MGH 23): forward mode does not apply to the whole
// graph, the mix takes the elementwise rows forwards and the sum backwards.
constexpr auto penalty = std::tuple{1e-2_c * (at<0>(x) - 1_c), 1e-2_c * (at<3>(x) - 1_c), 1e-2_c * (at<7>(x) - 1_c),
                                    ctdiff::sum(x * x) - 0.25_c, ctdiff::exp(at<5>(x)) * s};
using penalty_plan = plan_of<decltype(penalty), decltype(ctdiff::wrt(x))>;
static_assert(!penalty_plan::plan.applies && penalty_plan::mix_preferred);
static_assert(penalty_plan::plan.forward_root[0] && penalty_plan::plan.forward_root[4] &&
              !penalty_plan::plan.forward_root[3]);

BOOST_AUTO_TEST_CASE(rows_through_tensor_ops_go_backwards) {
    const auto x0 = as_tensor(brown_point);
    const auto [r_m, J_m] = ctdiff::value_and_jacobian<jacobian_mode::mixed>(penalty, ctdiff::wrt(x), x = x0, s = 3.0);
    const auto [r_a, J_a] = ctdiff::value_and_jacobian(penalty, ctdiff::wrt(x), x = x0, s = 3.0);
    const auto [r_r, J_r] = ctdiff::value_and_jacobian<jacobian_mode::reverse>(penalty, ctdiff::wrt(x), x = x0, s = 3.0);
    std::array<double, 50> hand{};
    hand[0 * 10 + 0] = 1e-2;
    hand[1 * 10 + 3] = 1e-2;
    hand[2 * 10 + 7] = 1e-2;
    for (std::size_t j = 0; j < 10; ++j) hand[3 * 10 + j] = 2 * brown_point[j];
    hand[4 * 10 + 5] = 3.0 * std::exp(brown_point[5]);
    for (std::size_t i = 0; i < 5; ++i) {
        BOOST_TEST(r_m(i) == r_r(i));
        BOOST_TEST(r_a(i) == r_r(i));
        for (std::size_t j = 0; j < 10; ++j) {
            BOOST_TEST(near(J_m.at(i, j), hand[i * 10 + j], 1e-15));
            BOOST_TEST(J_a.at(i, j) == J_m.at(i, j));
            if (i == 3) BOOST_TEST(J_m.at(i, j) == J_r.at(i, j));
        }
    }
}

// Leaf outputs (an unknown itself, a constant, a data variable), an element of the unknown, a
// select that is not taken with NaN on its other side, and a second, scalar unknown: every row
// written, in every mode, into storage that was dirty, and not one element beyond it.
constexpr auto leafy = std::tuple{y,
                                  2_c,
                                  s,
                                  at<2>(x),
                                  ctdiff::select(y > 0_c, y * at<1>(x), ctdiff::sqrt(-y - at<1>(x))),
                                  at<0>(x) * y + sum_of_x(std::make_index_sequence<10>{}),
                                  ctdiff::sum(x) * y,
                                  at<4>(x) * at<5>(x) + sum_of_x(std::make_index_sequence<10>{})};

template <jacobian_mode Mode>
void check_leafy_into() {
    constexpr std::size_t rows = 8, cols = 11, guard = 4;
    std::array<double, rows * cols + 2 * guard> J;
    std::array<double, rows + 2 * guard> r;
    J.fill(-7.0);
    r.fill(-7.0);
    const auto x0 = as_tensor(brown_point);
    ctdiff::value_and_jacobian_to<Mode>(r.data() + guard, J.data() + guard, leafy, ctdiff::wrt(y, x), x = x0, y = 2.0, s = 5.0);
    for (std::size_t g = 0; g < guard; ++g) {
        BOOST_TEST(J[g] == -7.0);
        BOOST_TEST(J[J.size() - 1 - g] == -7.0);
        BOOST_TEST(r[g] == -7.0);
        BOOST_TEST(r[r.size() - 1 - g] == -7.0);
    }
    double total = 0;
    for (double v : brown_point) total += v;
    std::array<double, rows * cols> hand{};  // column 0 is y, 1 + j is x_j
    hand[0 * cols + 0] = 1;
    hand[3 * cols + 1 + 2] = 1;
    hand[4 * cols + 0] = brown_point[1];
    hand[4 * cols + 1 + 1] = 2.0;
    hand[5 * cols + 0] = brown_point[0];
    for (std::size_t j = 0; j < 10; ++j) hand[5 * cols + 1 + j] = j == 0 ? 3.0 : 1.0;
    hand[6 * cols + 0] = total;
    for (std::size_t j = 0; j < 10; ++j) hand[6 * cols + 1 + j] = 2.0;
    for (std::size_t j = 0; j < 10; ++j) hand[7 * cols + 1 + j] = 1.0;
    hand[7 * cols + 1 + 4] += brown_point[5];
    hand[7 * cols + 1 + 5] += brown_point[4];
    for (std::size_t k = 0; k < rows * cols; ++k) BOOST_TEST(near(J[guard + k], hand[k], 1e-15), "entry " << k);
    const std::array<double, rows> values{2.0, 2.0, 5.0, brown_point[2], 2.0 * brown_point[1], brown_point[0] * 2.0 + total,
                                          total * 2.0, brown_point[4] * brown_point[5] + total};
    for (std::size_t i = 0; i < rows; ++i) BOOST_TEST(near(r[guard + i], values[i], 1e-15), "row " << i);
}

BOOST_AUTO_TEST_CASE(leaf_outputs_selects_and_two_unknowns_into_caller_storage) {
    using plan = plan_of<decltype(leafy), decltype(ctdiff::wrt(y, x))>;
    static_assert(plan::mixes);  // the sum row goes backwards, the leaves and the rest forwards
    static_assert(!plan::plan.forward_root[6] && plan::plan.forward_root[0] && plan::plan.forward_root[1]);
    check_leafy_into<jacobian_mode::mixed>();
    check_leafy_into<jacobian_mode::automatic>();
    check_leafy_into<jacobian_mode::reverse>();
}

// A NaN in one row's inputs stays in that row: the forward rows and the backward rows of the mix
// share the forward pass and the partial cache, not their results.
BOOST_AUTO_TEST_CASE(nan_stays_in_its_row) {
    auto u = brown_point;
    u[9] = std::numeric_limits<double>::quiet_NaN();
    const auto J = ctdiff::jacobian<jacobian_mode::mixed>(penalty, ctdiff::wrt(x), x = as_tensor(u), s = 1.0);
    for (std::size_t j = 0; j < 10; ++j) {
        BOOST_TEST(!std::isnan(J.at(0, j)));
        BOOST_TEST(!std::isnan(J.at(1, j)));
        BOOST_TEST(!std::isnan(J.at(4, j)));
        BOOST_TEST(std::isnan(J.at(3, j)) == (j == 9));  // d sum(x^2) / d x_j = 2 x_j
    }
}

// Shared computed partials: the partial of cos x_9 (sin x_9, computed) is cached for the two
// backward rows and read from there by the tangent sweep of the forward rows (Trigonometric's
// shape, MGH 26, with two long products of sines that go backwards).
template <std::size_t... J>
constexpr auto sum_of_cos(std::index_sequence<J...>) {
    return (ctdiff::cos(at<J>(x)) + ...);
}
template <std::size_t... J>
constexpr auto sines_of_squares(std::index_sequence<J...>) {
    return (ctdiff::sin(at<J>(x) * at<J>(x)) * ...);
}
template <std::size_t... J>
constexpr auto sines_of_doubles(std::index_sequence<J...>) {
    return (ctdiff::sin(2_c * at<J>(x)) * ...);
}
template <std::size_t... I>
constexpr auto trigonometric_and_products(std::index_sequence<I...>) {
    return std::tuple{(10_c - sum_of_cos(std::make_index_sequence<10>{}) - ctdiff::sin(at<I>(x)))...,
                      sines_of_squares(std::make_index_sequence<10>{}) * ctdiff::cos(at<9>(x)),
                      sines_of_doubles(std::make_index_sequence<10>{}) * ctdiff::cos(at<9>(x))};
}
constexpr auto trig = trigonometric_and_products(std::make_index_sequence<6>{});

BOOST_AUTO_TEST_CASE(cached_partials_shared_by_both_halves) {
    using plan = plan_of<decltype(trig), decltype(ctdiff::wrt(x))>;
    static_assert(plan::mix_preferred && plan::plan.forward_rows == 6);
    const auto x0 = as_tensor(brown_point);
    const auto J_a = ctdiff::jacobian(trig, ctdiff::wrt(x), x = x0);
    const auto J_r = ctdiff::jacobian<jacobian_mode::reverse>(trig, ctdiff::wrt(x), x = x0);
    const auto J_f = ctdiff::jacobian<jacobian_mode::forward>(trig, ctdiff::wrt(x), x = x0);
    const auto residuals = [](std::array<double, 10> u) {
        std::array<double, 8> r{};
        double c = 0, squares = 1, doubles = 1;
        for (std::size_t j = 0; j < 10; ++j) {
            c += std::cos(u[j]);
            squares *= std::sin(u[j] * u[j]);
            doubles *= std::sin(2 * u[j]);
        }
        for (std::size_t i = 0; i < 6; ++i) r[i] = 10 - c - std::sin(u[i]);
        r[6] = squares * std::cos(u[9]);
        r[7] = doubles * std::cos(u[9]);
        return r;
    };
    const auto fd = central_jacobian<8, 10>(residuals, brown_point);
    for (std::size_t i = 0; i < 8; ++i) {
        for (std::size_t j = 0; j < 10; ++j) {
            BOOST_TEST(near(J_a.at(i, j), fd[i * 10 + j], 1e-8));
            BOOST_TEST(J_a.at(i, j) == (i < 6 ? J_f.at(i, j) : J_r.at(i, j)));
        }
    }
}

BOOST_AUTO_TEST_CASE(in_float) {
    tensor<float, shape<10>> x0;
    for (std::size_t i = 0; i < 10; ++i) x0(i) = static_cast<float>(brown_point[i]);
    const auto J = ctdiff::jacobian<jacobian_mode::mixed>(brown, ctdiff::wrt(x), x = x0);
    const auto Jd = ctdiff::jacobian<jacobian_mode::mixed>(brown, ctdiff::wrt(x), x = as_tensor(brown_point));
    for (std::size_t k = 0; k < 100; ++k) BOOST_TEST(near(J[k], Jd[k], 1e-5));
}

// A row family (64 rows of one formula over data: a loop, eval/row_family.hpp) beside rows that
// mix: every mode gives the family's rows, and the mix the rows after it.
constexpr auto ts = ctdiff::var<"ts", shape<64>>;
constexpr auto fit = std::tuple_cat(
    ctdiff::outputs_over<64>([](auto k) { return ctdiff::exp(at<0>(x) * at<k>(ts)) * at<1>(x) - at<k>(ts); }),
    std::tuple{at<2>(x) + sum_of_x(std::make_index_sequence<10>{}), at<3>(x) + sum_of_x(std::make_index_sequence<10>{}),
               product_of_x(std::make_index_sequence<10>{})});

static_assert(ctdiff::detail::row_segments<ctdiff::detail::output_list<std::remove_cvref_t<decltype(fit)>>::type,
                                           ctdiff::type_list<std::remove_cvref_t<decltype(x)>>>::any_family);

BOOST_AUTO_TEST_CASE(row_families_beside_a_mix) {
    tensor<double, shape<64>> t0;
    for (std::size_t k = 0; k < 64; ++k) t0(k) = 0.03125 * static_cast<double>(k);
    const auto x0 = as_tensor(brown_point);
    const auto J_m = ctdiff::jacobian<jacobian_mode::mixed>(fit, ctdiff::wrt(x), x = x0, ts = t0);
    const auto J_a = ctdiff::jacobian(fit, ctdiff::wrt(x), x = x0, ts = t0);
    const auto J_r = ctdiff::jacobian<jacobian_mode::reverse>(fit, ctdiff::wrt(x), x = x0, ts = t0);
    for (std::size_t k = 0; k < 64; ++k) {
        const double e = std::exp(brown_point[0] * t0(k));
        BOOST_TEST(near(J_m.at(k, 0), t0(k) * e * brown_point[1], 1e-15));
        BOOST_TEST(near(J_m.at(k, 1), e, 1e-15));
        for (std::size_t j = 2; j < 10; ++j) BOOST_TEST(J_m.at(k, j) == 0.0);
    }
    for (std::size_t k = 0; k < 67 * 10; ++k) {
        BOOST_TEST(near(J_m[k], J_r[k], 1e-15));
        BOOST_TEST(J_a[k] == J_m[k]);
    }
    double product = 1;
    for (double v : brown_point) product *= v;
    for (std::size_t j = 0; j < 10; ++j) {
        BOOST_TEST(J_m.at(64, j) == (j == 2 ? 2.0 : 1.0));
        BOOST_TEST(near(J_m.at(66, j), product / brown_point[j], 1e-15));
    }
}

// constant evaluation: the compiler checks a mixed Jacobian
constexpr tensor<double, shape<10>> xc{{1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 3.0}};
constexpr auto Jc = ctdiff::jacobian<jacobian_mode::mixed>(brown, ctdiff::wrt(x), x = xc);
static_assert(Jc.at(0, 0) == 2.0 && Jc.at(0, 1) == 1.0 && Jc.at(8, 8) == 2.0);
static_assert(Jc.at(9, 0) == 6.0 && Jc.at(9, 1) == 3.0 && Jc.at(9, 9) == 2.0);

}  // namespace
