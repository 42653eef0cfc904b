// Graphs longer than one straight-line piece: a forward pass of more than
// detail::straight_line_piece nodes, or a gradient's sweep of more steps, is generated as several
// functions that are not inlined (eval/evaluate.hpp). Values and adjoints cross from one piece to
// the next through the arrays. This file sets the piece to 5 statements (the library's is 1024),
// so that a graph of about 120 nodes has some 25 boundaries in its forward pass and as many in its
// sweep, falling on every kind of step (an adjoint's first, assigning, edge and the adding ones):
// pieces that skip a statement, or run one twice at every boundary, change a result below (a
// single assigning step run twice would change nothing, and is not a fault). Every result is checked against sums written out by hand, at run time and in constant
// evaluation.
#define CTDIFF_STRAIGHT_LINE_PIECE 5

#define BOOST_TEST_MODULE large_graph
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <ctdiff/ctdiff.hpp>
#include <tuple>

namespace {

using ctdiff::at;
constexpr auto p = ctdiff::var<"p", ctdiff::shape<8>>;

constexpr std::size_t terms = 40;
constexpr std::size_t first_of(std::size_t k) { return k % 8; }
constexpr std::size_t second_of(std::size_t k) { return (k + 3) % 8; }
constexpr double shift_of(std::size_t k) { return static_cast<double>(k + 1); }

// f(p) = sum_k (p[a_k] + c_k) p[b_k], c_k = k + 1: each term two nodes of its own
constexpr auto f = ctdiff::sum_over<terms>([](auto i) {
    constexpr std::size_t k = i;
    return (at<first_of(k)>(p) + ctdiff::constant_of<std::int64_t(k + 1)>) * at<second_of(k)>(p);
});
// g(p) = sum_k p[a_k]^2 c_k / 2, a second output of the Jacobian, sharing the leaves
constexpr auto g = ctdiff::sum_over<terms>([](auto i) {
    constexpr std::size_t k = i;
    return ctdiff::constant_of<std::int64_t(k + 1), 2> * ctdiff::square(at<first_of(k)>(p));
});
static_assert(ctdiff::nodes_t<decltype(f)>::size > 20 * ctdiff::detail::straight_line_piece,
              "the forward pass must take many pieces for this test to mean anything");

// dyadic values: every term and every partial sum below is exact in double
constexpr double p0[8] = {1.0, 2.0, 0.5, -1.0, 3.0, -2.0, 0.25, 1.5};

constexpr ctdiff::tensor<double, ctdiff::shape<8>> point() {
    ctdiff::tensor<double, ctdiff::shape<8>> v{};
    for (std::size_t j = 0; j < 8; ++j) v(j) = p0[j];
    return v;
}

constexpr double f_by_hand() {
    double s = 0;
    for (std::size_t k = 0; k < terms; ++k) s += (p0[first_of(k)] + shift_of(k)) * p0[second_of(k)];
    return s;
}
constexpr double df_by_hand(std::size_t j) {
    double s = 0;
    for (std::size_t k = 0; k < terms; ++k) {
        if (first_of(k) == j) s += p0[second_of(k)];
        if (second_of(k) == j) s += p0[first_of(k)] + shift_of(k);
    }
    return s;
}
constexpr double g_by_hand() {
    double s = 0;
    for (std::size_t k = 0; k < terms; ++k) s += shift_of(k) / 2 * p0[first_of(k)] * p0[first_of(k)];
    return s;
}
constexpr double dg_by_hand(std::size_t j) {
    double s = 0;
    for (std::size_t k = 0; k < terms; ++k)
        if (first_of(k) == j) s += shift_of(k) * p0[j];
    return s;
}

constexpr bool gradient_matches_by_hand() {
    const auto [value, gr] = ctdiff::value_and_grad(f, ctdiff::wrt(p), p = point());
    bool same = value == f_by_hand();
    for (std::size_t j = 0; j < 8; ++j) same = same && gr[p](j) == df_by_hand(j);
    return same;
}

}  // namespace

static_assert(gradient_matches_by_hand(), "a gradient of many pieces, in constant evaluation");

BOOST_AUTO_TEST_CASE(value_and_gradient_across_pieces) {
    const auto [value, gr] = ctdiff::value_and_grad(f, ctdiff::wrt(p), p = point());
    BOOST_TEST(value == f_by_hand());
    for (std::size_t j = 0; j < 8; ++j) BOOST_TEST(gr[p](j) == df_by_hand(j), "partial " << j);
    BOOST_TEST(f(p = point()) == f_by_hand());
}

BOOST_AUTO_TEST_CASE(residuals_and_jacobian_across_pieces) {
    const auto [r, jac] = ctdiff::value_and_jacobian(std::tuple{f, g}, ctdiff::wrt(p), p = point());
    BOOST_TEST(r(0) == f_by_hand());
    BOOST_TEST(r(1) == g_by_hand());
    for (std::size_t j = 0; j < 8; ++j) {
        BOOST_TEST(jac.at(0, j) == df_by_hand(j), "row 0, column " << j);
        BOOST_TEST(jac.at(1, j) == dg_by_hand(j), "row 1, column " << j);
    }
}

BOOST_AUTO_TEST_CASE(gradient_at_a_second_point) {
    // a point with no exact structure: against the hand sums in long double
    ctdiff::tensor<double, ctdiff::shape<8>> q{};
    for (std::size_t j = 0; j < 8; ++j) q(j) = std::sin(1.0 + 0.7 * static_cast<double>(j));
    long double value = 0, partial[8] = {};
    for (std::size_t k = 0; k < terms; ++k) {
        const long double a = q(first_of(k)), b = q(second_of(k)), c = shift_of(k);
        value += (a + c) * b;
        partial[first_of(k)] += b;
        partial[second_of(k)] += a + c;
    }
    const auto [v, gr] = ctdiff::value_and_grad(f, ctdiff::wrt(p), p = q);
    // 40 terms, the sum of their magnitudes below 40 * 41: a double sum of them is within
    // 39 * 2^-53 * 1640 (7.1e-12) of the exact one, the products within 2^-53 each
    BOOST_TEST(std::abs(v - static_cast<double>(value)) <= 1e-11);
    for (std::size_t j = 0; j < 8; ++j)
        BOOST_TEST(std::abs(gr[p](j) - static_cast<double>(partial[j])) <= 1e-11, "partial " << j);
}
