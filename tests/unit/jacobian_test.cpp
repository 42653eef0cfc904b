// Residual vectors: value_and_jacobian, jacobian and value_and_jacobian_to with scalar and tensor
// variables (a tensor's elements are columns, row-major), outputs given as a tuple, a scalar or a
// tensor-valued expression. Every Jacobian is checked against a hand derivation and against
// central differences; the into-form is checked to write exactly its M and M x N entries (guard
// elements around the caller's buffers; the sanitizer preset runs this file under ASan too).
#define BOOST_TEST_MODULE ctdiff_jacobian
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <ctdiff/ctdiff.hpp>
#include <tuple>
#include <type_traits>

#include "../support/differences.hpp"

namespace {

using namespace ctdiff::literals;
using ctdiff::at;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto p = ctdiff::var<"p", shape<3>>;
constexpr auto t = ctdiff::var<"t", shape<10>>;
constexpr auto A = ctdiff::var<"A", shape<2, 3>>;
constexpr auto v = ctdiff::var<"v", shape<3>>;
constexpr auto b = ctdiff::var<"b", shape<2>>;

bool near(double a, double e, double rel) {
    return std::abs(a - e) <= rel * std::max(1.0, std::abs(e));
}

using differences::central_jacobian;

// Box three-dimensional function (More, Garbow, Hillstrom 1981, problem 12) with its data t_i =
// 0.1 i as a bound tensor, written once as a vector of 10 residuals over the parameter vector p.
constexpr auto box3d = ctdiff::exp(-t * at<0>(p)) - ctdiff::exp(-t * at<1>(p)) -
                       at<2>(p) * (ctdiff::exp(-t) - ctdiff::exp(-10_c * t));

tensor<double, shape<10>> box_data() {
    tensor<double, shape<10>> d;
    for (std::size_t i = 0; i < 10; ++i) d(i) = 0.1 * static_cast<double>(i + 1);
    return d;
}

// Forward mode (tangents of all unknowns in one pass) and reverse mode (one sweep per output)
// must give the same Jacobian, whichever the automatic choice would be; rows whose output is a
// variable or a constant included.
template <class Outputs, class Wrt, class... Bindings>
void check_modes(const Outputs& outputs, Wrt wrt, const Bindings&... bindings) {
    using ctdiff::jacobian_mode;
    const auto [r_f, J_f] = ctdiff::value_and_jacobian<jacobian_mode::forward>(outputs, wrt, bindings...);
    const auto [r_r, J_r] = ctdiff::value_and_jacobian<jacobian_mode::reverse>(outputs, wrt, bindings...);
    const auto [r_a, J_a] = ctdiff::value_and_jacobian(outputs, wrt, bindings...);
    double scale = 0;
    for (std::size_t k = 0; k < J_r.size(); ++k) scale = std::max(scale, std::abs(J_r[k]));
    for (std::size_t i = 0; i < r_r.size(); ++i) {
        BOOST_TEST(r_f(i) == r_r(i));
        BOOST_TEST(r_a(i) == r_r(i));
    }
    for (std::size_t k = 0; k < J_r.size(); ++k) {
        BOOST_TEST(std::abs(J_f[k] - J_r[k]) <= 4e-16 * std::max(1.0, scale));
        BOOST_TEST((J_a[k] == J_f[k] || J_a[k] == J_r[k]));
    }
}

BOOST_AUTO_TEST_CASE(tensor_output_and_tensor_variable_against_hand_and_differences) {
    const auto data = box_data();
    const tensor<double, shape<3>> p0{{0.7, 12.0, 1.3}};
    const auto [r, J] = ctdiff::value_and_jacobian(box3d, ctdiff::wrt(p), p = p0, t = data);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(r)>, tensor<double, shape<10>>>);
    static_assert(decltype(J)::rows == 10 && decltype(J)::cols == 3);
    static_assert(std::is_base_of_v<tensor<double, shape<10, 3>>, std::remove_cvref_t<decltype(J)>>);

    const auto residuals = [&](std::array<double, 3> u) {
        std::array<double, 10> out{};
        for (std::size_t i = 0; i < 10; ++i) {
            const double ti = data(i);
            out[i] = std::exp(-ti * u[0]) - std::exp(-ti * u[1]) - u[2] * (std::exp(-ti) - std::exp(-10 * ti));
        }
        return out;
    };
    const auto fd = central_jacobian<10, 3>(residuals, {0.7, 12.0, 1.3});
    const auto expected = residuals({0.7, 12.0, 1.3});
    for (std::size_t i = 0; i < 10; ++i) {
        const double ti = data(i);
        BOOST_TEST(near(r(i), expected[i], 1e-15));
        // hand derivation
        BOOST_TEST(near(J(i, 0), -ti * std::exp(-ti * 0.7), 1e-15));
        BOOST_TEST(near(J(i, 1), ti * std::exp(-ti * 12.0), 1e-15));
        BOOST_TEST(near(J(i, 2), -(std::exp(-ti) - std::exp(-10 * ti)), 1e-15));
        for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(near(J.at(i, j), fd[i * 3 + j], 1e-8));
        // by variable: p's block of row i is a tensor of p's shape
        const tensor<double, shape<3>> row = J(i, p);
        for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(row(j) == J(i, j));
    }
}

BOOST_AUTO_TEST_CASE(tuple_of_outputs_with_mixed_variables) {
    // Freudenstein and Roth (MGH problem 2) in x, y, plus a third output in the vector p
    const auto f1 = -13_c + x + ((5_c - y) * y - 2_c) * y;
    const auto f2 = -29_c + x + ((y + 1_c) * y - 14_c) * y;
    const auto f3 = at<0>(p) * at<2>(p) * x + ctdiff::sin(at<1>(p));
    const tensor<double, shape<3>> p0{{0.5, -1.5, 2.0}};
    const double x0 = 0.75, y0 = -2.25;
    const auto [r, J] = ctdiff::value_and_jacobian(std::tuple{f1, f2, f3}, ctdiff::wrt(x, p, y), x = x0, y = y0, p = p0);
    static_assert(decltype(J)::cols == 5);  // x, p(0..2), y
    BOOST_TEST(J.column(x) == 0u);
    BOOST_TEST(J.column(p) == 1u);
    BOOST_TEST(J.column(y) == 4u);

    BOOST_TEST(r(0) == -13 + x0 + ((5 - y0) * y0 - 2) * y0);
    BOOST_TEST(r(1) == -29 + x0 + ((y0 + 1) * y0 - 14) * y0);
    BOOST_TEST(near(r(2), 0.5 * 2.0 * x0 + std::sin(-1.5), 1e-15));
    const std::array<double, 15> hand{
        1, 0, 0, 0, 10 * y0 - 3 * y0 * y0 - 2,                         // f1
        1, 0, 0, 0, 3 * y0 * y0 + 2 * y0 - 14,                         // f2
        0.5 * 2.0, 2.0 * x0, std::cos(-1.5), 0.5 * x0, 0,              // f3
    };
    const auto residuals = [](std::array<double, 5> u) {  // u = (x, p0, p1, p2, y)
        return std::array<double, 3>{-13 + u[0] + ((5 - u[4]) * u[4] - 2) * u[4],
                                     -29 + u[0] + ((u[4] + 1) * u[4] - 14) * u[4],
                                     u[1] * u[3] * u[0] + std::sin(u[2])};
    };
    const auto fd = central_jacobian<3, 5>(residuals, {x0, 0.5, -1.5, 2.0, y0});
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 5; ++j) {
            BOOST_TEST(near(J.at(i, j), hand[i * 5 + j], 1e-15));
            BOOST_TEST(near(J.at(i, j), fd[i * 5 + j], 1e-8));
        }
    BOOST_TEST(J(2, x) == 1.0);
    BOOST_TEST(J(0, y) == hand[4]);
    // jacobian() is value_and_jacobian's J
    const auto J2 = ctdiff::jacobian(std::tuple{f1, f2, f3}, ctdiff::wrt(x, p, y), x = x0, y = y0, p = p0);
    for (std::size_t k = 0; k < 15; ++k) BOOST_TEST(J2[k] == J[k]);
}

BOOST_AUTO_TEST_CASE(matrix_variable_through_a_tensor_op) {
    // r = A v - b: dr_i/dA(j, k) = [i == j] v_k, dr_i/dv_k = A(i, k), dr_i/db_j = -[i == j]
    const tensor<double, shape<2, 3>> A0{{{1.0, -2.0, 0.5}, {3.0, 0.25, -1.0}}};
    const tensor<double, shape<3>> v0{{0.3, -0.7, 2.0}};
    const tensor<double, shape<2>> b0{{0.1, 0.2}};
    const auto [r, J] = ctdiff::value_and_jacobian(ctdiff::matvec(A, v) - b, ctdiff::wrt(A, v, b), A = A0, v = v0, b = b0);
    static_assert(decltype(J)::cols == 6 + 3 + 2);
    for (std::size_t i = 0; i < 2; ++i) {
        double ri = -b0(i);
        for (std::size_t k = 0; k < 3; ++k) ri += A0(i, k) * v0(k);
        BOOST_TEST(near(r(i), ri, 1e-15));
        for (std::size_t j = 0; j < 2; ++j)
            for (std::size_t k = 0; k < 3; ++k) BOOST_TEST(J.at(i, j * 3 + k) == (i == j ? v0(k) : 0.0));
        for (std::size_t k = 0; k < 3; ++k) BOOST_TEST(J.at(i, 6 + k) == A0(i, k));
        for (std::size_t j = 0; j < 2; ++j) BOOST_TEST(J.at(i, 9 + j) == (i == j ? -1.0 : 0.0));
        const tensor<double, shape<2, 3>> dA = J(i, A);
        BOOST_TEST(dA(i, 2) == v0(2));
    }
}

BOOST_AUTO_TEST_CASE(into_form_writes_exactly_its_entries) {
    constexpr double guard = -12345.0;
    const auto data = box_data();
    const tensor<double, shape<3>> p0{{1.0, 10.0, 1.0}};
    std::array<double, 1 + 10 + 1> r{};
    std::array<double, 1 + 30 + 1> J{};
    r.fill(guard);
    J.fill(guard);
    ctdiff::value_and_jacobian_to(r.data() + 1, J.data() + 1, box3d, ctdiff::wrt(p), p = p0, t = data);
    BOOST_TEST(r.front() == guard);
    BOOST_TEST(r.back() == guard);
    BOOST_TEST(J.front() == guard);
    BOOST_TEST(J.back() == guard);
    const auto [r2, J2] = ctdiff::value_and_jacobian(box3d, ctdiff::wrt(p), p = p0, t = data);
    for (std::size_t i = 0; i < 10; ++i) BOOST_TEST(r[1 + i] == r2(i));
    for (std::size_t k = 0; k < 30; ++k) BOOST_TEST(J[1 + k] == J2[k]);

    // a null pointer: that part is neither computed nor written
    std::array<double, 12> only_r{};
    only_r.fill(guard);
    ctdiff::value_and_jacobian_to(only_r.data() + 1, static_cast<double*>(nullptr), box3d, ctdiff::wrt(p), p = p0, t = data);
    BOOST_TEST(only_r[0] == guard);
    BOOST_TEST(only_r[11] == guard);
    for (std::size_t i = 0; i < 10; ++i) BOOST_TEST(only_r[1 + i] == r2(i));
    std::array<double, 32> only_J{};
    only_J.fill(guard);
    ctdiff::value_and_jacobian_to(static_cast<double*>(nullptr), only_J.data() + 1, box3d, ctdiff::wrt(p), p = p0, t = data);
    BOOST_TEST(only_J[0] == guard);
    BOOST_TEST(only_J[31] == guard);
    for (std::size_t k = 0; k < 30; ++k) BOOST_TEST(only_J[1 + k] == J2[k]);
}

BOOST_AUTO_TEST_CASE(null_destinations_with_several_variables) {
    // a null Jacobian is never offset (each variable's columns start at an offset from it)
    double r[1] = {0.0};
    ctdiff::value_and_jacobian_to(r, static_cast<double*>(nullptr), x * y, ctdiff::wrt(x, y), x = 2.0, y = 3.0);
    BOOST_TEST(r[0] == 6.0);
    r[0] = 0.0;
    ctdiff::value_and_jacobian_to(r, nullptr, x * y, ctdiff::wrt(x, y), x = 2.0, y = 3.0);  // the literal too
    BOOST_TEST(r[0] == 6.0);
    double J[2] = {0.0, 0.0};
    ctdiff::value_and_jacobian_to(nullptr, J, x * y, ctdiff::wrt(x, y), x = 2.0, y = 3.0);
    BOOST_TEST(J[0] == 3.0);
    BOOST_TEST(J[1] == 2.0);
    // outputs held by reference (std::tie, std::forward_as_tuple) are outputs too
    const auto f = x * y;
    const auto g = x + y;
    const auto Jt = ctdiff::jacobian(std::tie(f, g), ctdiff::wrt(x, y), x = 2.0, y = 3.0);
    BOOST_TEST(Jt(0, x) == 3.0);
    BOOST_TEST(Jt(1, y) == 1.0);
}

BOOST_AUTO_TEST_CASE(forward_mode_with_data_only_tensor_ops_and_rows_without_steps) {
    // sum(t) depends on no unknown: forward mode still applies to the rest
    tensor<double, shape<10>> u;
    for (std::size_t j = 0; j < 10; ++j) u(j) = 0.5 + static_cast<double>(j);
    const tensor<double, shape<3>> p0{{0.5, -1.5, 2.0}};
    check_modes(std::tuple{at<0>(p) * ctdiff::sum(t), ctdiff::exp(at<2>(p)) * ctdiff::sum(t * t)}, ctdiff::wrt(p), p = p0, t = u);
    // outputs that are unknowns themselves: no tangent step at all
    const auto J = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(at<1>(p), ctdiff::wrt(p), p = p0);
    BOOST_TEST(J(0, 0) == 0.0);
    BOOST_TEST(J(0, 1) == 1.0);
    BOOST_TEST(J(0, 2) == 0.0);
}

BOOST_AUTO_TEST_CASE(columns_no_path_reaches_are_zero_even_in_dirty_storage) {
    // the into-form writes every entry: unknowns an output does not depend on get 0
    std::array<double, 3 * 5> J{};
    J.fill(777.0);
    double r[3];
    const tensor<double, shape<3>> p0{{1.0, 2.0, 3.0}};
    ctdiff::value_and_jacobian_to(r, J.data(), std::tuple{x, 2_c, at<1>(p) * at<1>(p)}, ctdiff::wrt(x, p, y), x = 4.0,
                                  y = 5.0, p = p0);
    BOOST_TEST(r[0] == 4.0);
    BOOST_TEST(r[1] == 2.0);
    BOOST_TEST(r[2] == 4.0);
    const std::array<double, 15> expected{1, 0, 0, 0, 0,  //
                                          0, 0, 0, 0, 0,  //
                                          0, 0, 4, 0, 0};
    for (std::size_t k = 0; k < 15; ++k) BOOST_TEST(J[k] == expected[k]);
}

BOOST_AUTO_TEST_CASE(single_scalar_output_is_a_row) {
    const auto f = ctdiff::exp(x * y) + at<2>(p);
    const tensor<double, shape<3>> p0{{1.0, 2.0, 3.0}};
    const auto [r, J] = ctdiff::value_and_jacobian(f, ctdiff::wrt(y, p), x = 0.5, y = 2.0, p = p0);
    static_assert(decltype(J)::rows == 1 && decltype(J)::cols == 4);
    BOOST_TEST(near(r(0), std::exp(1.0) + 3.0, 1e-15));
    BOOST_TEST(near(J(0, y), 0.5 * std::exp(1.0), 1e-15));
    BOOST_TEST(J(0, 1) == 0.0);
    BOOST_TEST(J(0, 2) == 0.0);
    BOOST_TEST(J(0, 3) == 1.0);
}

BOOST_AUTO_TEST_CASE(float_evaluation) {
    const tensor<float, shape<3>> p0{{0.5f, 1.5f, -1.0f}};
    const auto [r, J] = ctdiff::value_and_jacobian(p * p * x, ctdiff::wrt(p, x), p = p0, x = 2.0f);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(r)>, tensor<float, shape<3>>>);
    for (std::size_t i = 0; i < 3; ++i) {
        BOOST_TEST(r(i) == p0(i) * p0(i) * 2.0f);
        for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(J(i, j) == (i == j ? 2.0f * p0(i) * 2.0f : 0.0f));
        BOOST_TEST(J(i, x) == p0(i) * p0(i));
    }
}

BOOST_AUTO_TEST_CASE(element_moves_inwards_through_elementwise_ops) {
    // the element of an elementwise expression is built from the elements of its arguments, so
    // each row of a residual vector is a small scalar graph
    BOOST_TEST(ctdiff::to_string(at<1>(v * v * x - v)) == "at<1>(v)^2*x - at<1>(v)");
    BOOST_TEST(ctdiff::to_string(at<1, 2>(ctdiff::tanh(A))) == "tanh(at<1, 2>(A))");
    BOOST_TEST(ctdiff::to_string(at<0>(ctdiff::matvec(A, v))) == "at<0>(matvec(A, v))");
    static_assert(ctdiff::nodes_t<decltype(at<1>(v) * at<1>(v))>::size == 2);  // at<1>(v) shared
}

// Trigonometric function (MGH problem 26, n = 5): every residual shares the sum of cosines, so
// the rows' sweeps share edges whose partials (sin x_j) are computed once for all of them.
template <std::size_t... J>
constexpr auto cosine_sum(std::index_sequence<J...>) {
    return (ctdiff::cos(at<J>(t)) + ...);
}
template <std::size_t I>
constexpr auto trigonometric_residual() {
    constexpr auto i = ctdiff::constant<ctdiff::rational{static_cast<std::int64_t>(I + 1), 1}>{};
    return 5_c - cosine_sum(std::make_index_sequence<5>{}) + i * (1_c - ctdiff::cos(at<I>(t))) - ctdiff::sin(at<I>(t));
}
template <std::size_t... I>
constexpr auto trigonometric(std::index_sequence<I...>) {
    return std::tuple{trigonometric_residual<I>()...};
}

BOOST_AUTO_TEST_CASE(shared_partials_across_rows) {
    tensor<double, shape<10>> u;  // only the first 5 elements are unknowns of the problem
    for (std::size_t j = 0; j < 10; ++j) u(j) = 0.2 + 0.15 * static_cast<double>(j);
    const auto [r, J] = ctdiff::value_and_jacobian(trigonometric(std::make_index_sequence<5>{}), ctdiff::wrt(t), t = u);
    double cos_sum = 0;
    for (std::size_t j = 0; j < 5; ++j) cos_sum += std::cos(u(j));
    for (std::size_t i = 0; i < 5; ++i) {
        const double k = static_cast<double>(i + 1);
        BOOST_TEST(near(r(i), 5 - cos_sum + k * (1 - std::cos(u(i))) - std::sin(u(i)), 1e-14));
        for (std::size_t j = 0; j < 10; ++j) {
            const double hand = j >= 5 ? 0.0 : std::sin(u(j)) + (i == j ? k * std::sin(u(i)) - std::cos(u(i)) : 0.0);
            BOOST_TEST(near(J.at(i, j), hand, 1e-14));
        }
    }
}

BOOST_AUTO_TEST_CASE(forward_and_reverse_mode_agree) {
    const auto data = box_data();
    const tensor<double, shape<3>> p0{{0.7, 12.0, 1.3}};
    check_modes(box3d, ctdiff::wrt(p), p = p0, t = data);
    tensor<double, shape<10>> u;
    for (std::size_t j = 0; j < 10; ++j) u(j) = 0.2 + 0.15 * static_cast<double>(j);
    check_modes(trigonometric(std::make_index_sequence<5>{}), ctdiff::wrt(t), t = u);
    const auto f1 = -13_c + x + ((5_c - y) * y - 2_c) * y;
    const auto f3 = at<0>(p) * at<2>(p) * x + ctdiff::sin(at<1>(p));
    check_modes(std::tuple{f1, f3, x, 2_c, at<1>(p), ctdiff::exp(y)}, ctdiff::wrt(x, p, y), x = 0.75, y = -2.25, p = p0);
    check_modes(p * p * x, ctdiff::wrt(p, x), p = p0, x = 2.0);
    // the unknowns' own partials: an output that is an element of the unknowns, used twice
    check_modes(std::tuple{at<1>(p) * at<1>(p) + at<1>(p), x * x}, ctdiff::wrt(p, x), p = p0, x = 3.0);
}

BOOST_AUTO_TEST_CASE(forward_mode_with_a_tensor_op_is_refused_by_automatic) {
    // matvec has no forward rule here: automatic takes reverse mode (and forward would not compile)
    const tensor<double, shape<2, 3>> A0{{{1.0, -2.0, 0.5}, {3.0, 0.25, -1.0}}};
    const tensor<double, shape<3>> v0{{0.3, -0.7, 2.0}};
    const auto J = ctdiff::jacobian(ctdiff::matvec(A, v), ctdiff::wrt(v), A = A0, v = v0);
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t k = 0; k < 3; ++k) BOOST_TEST(J(i, k) == A0(i, k));
}

// Gradients through elements: each at<i>(p) adds into element i of p's gradient alone, and an
// unknown used both through its elements and as a whole gets both contributions.
template <std::size_t... I>
constexpr auto chained_differences(std::index_sequence<I...>) {  // sum_i (t_i - t_{i+1})^2, i < 9
    return ((ctdiff::pow(at<I>(t) - at<I + 1>(t), 2_c)) + ...);
}

BOOST_AUTO_TEST_CASE(gradients_through_elements) {
    tensor<double, shape<10>> u;
    for (std::size_t j = 0; j < 10; ++j) u(j) = std::sin(1.0 + static_cast<double>(j * j));
    const auto [value, g] = ctdiff::value_and_grad(chained_differences(std::make_index_sequence<9>{}), ctdiff::wrt(t), t = u);
    double expected_value = 0;
    for (std::size_t i = 0; i < 9; ++i) expected_value += (u(i) - u(i + 1)) * (u(i) - u(i + 1));
    BOOST_TEST(near(value, expected_value, 1e-15));
    for (std::size_t j = 0; j < 10; ++j) {
        const double left = j > 0 ? 2 * (u(j) - u(j - 1)) : 0.0, right = j < 9 ? 2 * (u(j) - u(j + 1)) : 0.0;
        BOOST_TEST(near(g[t](j), left + right, 1e-15));
    }
    // whole and elements: d/dp_j (p0 * sum(p)) = [j == 0] sum(p) + p0
    const tensor<double, shape<3>> p0{{0.5, -1.5, 2.0}};
    const auto g2 = ctdiff::grad(at<0>(p) * ctdiff::sum(p), ctdiff::wrt(p), p = p0);
    BOOST_TEST(g2[p](0) == 1.0 + 0.5);
    BOOST_TEST(g2[p](1) == 0.5);
    BOOST_TEST(g2[p](2) == 0.5);
    // the output is an element itself, and an element of an unknown no path reaches
    const auto g3 = ctdiff::grad(at<1>(p), ctdiff::wrt(p, x), p = p0, x = 1.0);
    BOOST_TEST(g3[p](0) == 0.0);
    BOOST_TEST(g3[p](1) == 1.0);
    BOOST_TEST(g3[p](2) == 0.0);
    BOOST_TEST(g3[x] == 0.0);
    const auto g4 = ctdiff::grad(at<2>(p) * x + at<2>(p) * 3_c, ctdiff::wrt(p, x), p = p0, x = 1.0);
    BOOST_TEST(g4[p](2) == 4.0);
    BOOST_TEST(g4[p](0) == 0.0);
    BOOST_TEST(g4[x] == 2.0);
    // reverse-mode Jacobians take the same path, also into dirty storage
    std::array<double, 2 * 4> J{};
    J.fill(99.0);
    double r[2];
    ctdiff::value_and_jacobian_to<ctdiff::jacobian_mode::reverse>(r, J.data(), std::tuple{at<0>(p) * ctdiff::sum(p), at<2>(p) * x},
                                                                  ctdiff::wrt(p, x), p = p0, x = 2.0);
    const std::array<double, 8> expected{1.5, 0.5, 0.5, 0.0, 0.0, 0.0, 2.0, 2.0};
    for (std::size_t k = 0; k < 8; ++k) BOOST_TEST(J[k] == expected[k]);
}

// constant evaluation: the compiler checks a Jacobian
constexpr tensor<double, shape<3>> pc{{1.0, 5.0, 2.0}};
constexpr auto Jc = ctdiff::jacobian(std::tuple{x * x, at<1>(p) * x}, ctdiff::wrt(x, p), x = 3.0, p = pc);
static_assert(Jc(0, x) == 6.0 && Jc(1, x) == 5.0);
static_assert(Jc.at(1, 2) == 3.0 && Jc(1, 1) == 0.0 && Jc(1, 3) == 0.0);
static_assert(Jc(1, p)(1) == 3.0);
constexpr auto value_without_jacobian = [] {
    double r[1] = {0.0};
    ctdiff::value_and_jacobian_to(r, nullptr, x * y, ctdiff::wrt(x, y), x = 2.0, y = 3.0);
    return r[0];
}();
static_assert(value_without_jacobian == 6.0);
static_assert(ctdiff::grad(at<0>(p) * ctdiff::sum(p), ctdiff::wrt(p), p = pc)[p] == tensor<double, shape<3>>{{9.0, 1.0, 1.0}});
constexpr auto Jf = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(std::tuple{x * x, at<1>(p) * x, at<2>(p)},
                                                                    ctdiff::wrt(x, p), x = 3.0, p = pc);
static_assert(Jf(0, x) == 6.0 && Jf(1, x) == 5.0 && Jf.at(1, 2) == 3.0 && Jf(1, 1) == 0.0 && Jf.at(2, 3) == 1.0);

}  // namespace
