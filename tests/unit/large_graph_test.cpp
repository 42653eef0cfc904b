// Graphs larger than one straight-line piece: a forward pass of more than
// detail::straight_line_piece nodes, or a sweep of more steps, is generated as several functions
// that are not inlined (eval/evaluate.hpp). The values and the adjoints cross from one piece to
// the next through the arrays; these tests check that nothing is lost at a boundary, at run time
// and in constant evaluation, against the sums written out by hand.
#define BOOST_TEST_MODULE large_graph
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>

namespace {

using ctdiff::at;
constexpr auto p = ctdiff::var<"p", ctdiff::shape<8>>;

constexpr std::size_t terms = 400;
constexpr std::size_t first_of(std::size_t k) { return k % 8; }
constexpr std::size_t second_of(std::size_t k) { return (k + 3) % 8; }
constexpr double shift_of(std::size_t k) { return static_cast<double>(k + 1); }

// f(p) = sum_k (p[a_k] + c_k) p[b_k], c_k = k + 1: each term two nodes of its own, and with the
// sum's about 1200 nodes in all
constexpr auto f = ctdiff::sum_over<terms>([](auto i) {
    constexpr std::size_t k = i;
    return (at<first_of(k)>(p) + ctdiff::constant_of<std::int64_t(k + 1)>) * at<second_of(k)>(p);
});
static_assert(ctdiff::nodes_t<decltype(f)>::size > ctdiff::detail::straight_line_piece,
              "the forward pass must take more than one piece for this test to mean anything");

// dyadic values: every term and every partial sum is exact in double
constexpr double p0[8] = {1.0, 2.0, 0.5, -1.0, 3.0, -2.0, 0.25, 1.5};

constexpr ctdiff::tensor<double, ctdiff::shape<8>> point() {
    ctdiff::tensor<double, ctdiff::shape<8>> v{};
    for (std::size_t j = 0; j < 8; ++j) v(j) = p0[j];
    return v;
}

constexpr double value_by_hand() {
    double s = 0;
    for (std::size_t k = 0; k < terms; ++k) s += (p0[first_of(k)] + shift_of(k)) * p0[second_of(k)];
    return s;
}
constexpr double partial_by_hand(std::size_t j) {
    double s = 0;
    for (std::size_t k = 0; k < terms; ++k) {
        if (first_of(k) == j) s += p0[second_of(k)];
        if (second_of(k) == j) s += p0[first_of(k)] + shift_of(k);
    }
    return s;
}

constexpr double distance(double a, double b) { return a < b ? b - a : a - b; }

// The gradient's adjoints are exact products of exact scales and the values, so each partial is
// the hand sum up to the rounding of the order of summation.
constexpr bool gradient_matches_by_hand() {
    const auto [value, g] = ctdiff::value_and_grad(f, ctdiff::wrt(p), p = point());
    bool close = value == value_by_hand();
    for (std::size_t j = 0; j < 8; ++j) close = close && distance(g[p](j), partial_by_hand(j)) <= 1e-9;
    return close;
}

}  // namespace

static_assert(gradient_matches_by_hand(), "a gradient of more than one piece, in constant evaluation");

BOOST_AUTO_TEST_CASE(value_and_gradient_across_pieces) {
    const auto [value, g] = ctdiff::value_and_grad(f, ctdiff::wrt(p), p = point());
    BOOST_TEST(value == value_by_hand());
    for (std::size_t j = 0; j < 8; ++j) BOOST_TEST(distance(g[p](j), partial_by_hand(j)) <= 1e-9, "partial " << j);
    BOOST_TEST(f(p = point()) == value_by_hand());
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
    const auto [v, g] = ctdiff::value_and_grad(f, ctdiff::wrt(p), p = q);
    // terms up to about 400 in size, 400 of them: a sum's rounding stays below 400 * 400 * 2^-52
    BOOST_TEST(std::abs(v - static_cast<double>(value)) <= 1e-10);
    for (std::size_t j = 0; j < 8; ++j)
        BOOST_TEST(std::abs(g[p](j) - static_cast<double>(partial[j])) <= 1e-10, "partial " << j);
}
