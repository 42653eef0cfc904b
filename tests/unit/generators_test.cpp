// sum_over, product_over, outputs_over and constant_of: the generated expressions against the same
// functions written out by hand (values) and against central differences (derivatives).
#define BOOST_TEST_MODULE ctdiff_generators
#include <boost/test/unit_test.hpp>

#include <array>
#include <cfloat>
#include <cmath>
#include <ctdiff/ctdiff.hpp>
#include <tuple>
#include <type_traits>

namespace {

using namespace ctdiff::literals;
using ctdiff::shape;
constexpr auto x = ctdiff::var<"x">;
constexpr auto p = ctdiff::var<"p", shape<6>>;
constexpr auto t = ctdiff::var<"t", shape<8>>;   // data: sample points
constexpr auto yd = ctdiff::var<"y", shape<8>>;  // data: observations

constexpr std::array<double, 6> p0{0.3, -1.2, 0.7, 2.1, -0.4, 0.9};

}  // namespace

// ---- values ---------------------------------------------------------------------------------------

static_assert(std::is_same_v<decltype(ctdiff::constant_of<3>), const ctdiff::constant<ctdiff::rational{3, 1}>>);
static_assert(std::is_same_v<decltype(ctdiff::constant_of<2, 6>), const ctdiff::constant<ctdiff::rational{1, 3}>>);
static_assert(std::is_same_v<decltype(ctdiff::sum_over<0>([](auto) { return x; })), ctdiff::constant<ctdiff::rational{0, 1}>>);
static_assert(std::is_same_v<decltype(ctdiff::product_over<0>([](auto) { return x; })),
                             ctdiff::constant<ctdiff::rational{1, 1}>>);
// sum_{i<5} (i + 1) x = 15 x, built from the index
static_assert(ctdiff::sum_over<5>([](auto i) { return ctdiff::constant_of<i + 1> * x; })(x = 2.0) == 30.0);
// prod_{i<4} (x + i) at x = 1: 1 * 2 * 3 * 4
static_assert(ctdiff::product_over<4>([](auto i) { return x + ctdiff::constant_of<i>; })(x = 1.0) == 24.0);

BOOST_AUTO_TEST_CASE(sum_of_squares_of_elements) {
    const auto f = ctdiff::sum_over<6>([](auto i) { return ctdiff::at<i>(p) * ctdiff::at<i>(p); });
    ctdiff::tensor<double, shape<6>> pv;
    double want = 0;
    for (std::size_t i = 0; i < 6; ++i) {
        pv(i) = p0[i];
        want += p0[i] * p0[i];
    }
    const auto [value, g] = ctdiff::value_and_grad(f, ctdiff::wrt(p), p = pv);
    BOOST_TEST(value == want, boost::test_tools::tolerance(1e-15));
    for (std::size_t i = 0; i < 6; ++i) BOOST_TEST(g[p](i) == 2 * p0[i]);  // exact: 2u
}

BOOST_AUTO_TEST_CASE(polynomial_residuals_jacobian) {
    // r_k(p) = sum_j p_j t_k^j - y_k (a Watson-like polynomial fit), 8 residuals, 6 unknowns:
    // J(k, j) = t_k^j exactly.
    // (an index used by an inner generator is copied into a constexpr local first: a lambda
    // cannot read its captured copy of k in a constant expression)
    const auto residuals = ctdiff::outputs_over<8>([](auto k) {
        constexpr std::size_t row = k;
        return ctdiff::sum_over<6>([=](auto j) {
                   return ctdiff::at<j>(p) * ctdiff::pow(ctdiff::at<row>(t), ctdiff::constant_of<j>);
               }) -
               ctdiff::at<row>(yd);
    });
    static_assert(std::tuple_size_v<decltype(residuals)> == 8);
    ctdiff::tensor<double, shape<6>> pv;
    ctdiff::tensor<double, shape<8>> tv, yv;
    for (std::size_t j = 0; j < 6; ++j) pv(j) = p0[j];
    for (std::size_t k = 0; k < 8; ++k) {
        tv(k) = 0.25 * double(k) - 0.8;
        yv(k) = std::sin(double(k));
    }
    const auto [r, J] = ctdiff::value_and_jacobian(residuals, ctdiff::wrt(p), p = pv, t = tv, yd = yv);
    for (std::size_t k = 0; k < 8; ++k) {
        double model = 0;
        for (std::size_t j = 0; j < 6; ++j) {
            model += p0[j] * std::pow(tv(k), double(j));
            BOOST_TEST(J.at(k, j) == std::pow(tv(k), double(j)), boost::test_tools::tolerance(1e-14));
        }
        BOOST_TEST(r(k) == model - yv(k), boost::test_tools::tolerance(1e-13));
    }
    // the same residuals evaluated as a tuple in one pass
    const auto values = ctdiff::evaluate(residuals, p = pv, t = tv, yd = yv);
    BOOST_TEST(std::get<3>(values) == r(3));
}

namespace {
constexpr auto tt = ctdiff::var<"tt", shape<40>>;  // data: 40 sample points
template <std::size_t M>
constexpr auto polynomial_rows() {
    return ctdiff::outputs_over<M>([](auto k) {
        constexpr std::size_t row = k;
        return ctdiff::sum_over<6>([=](auto j) { return ctdiff::at<j>(p) * ctdiff::pow(ctdiff::at<row>(tt), ctdiff::constant_of<j>); });
    });
}
template <class Outputs>
constexpr auto default_segments(const Outputs&) {
    using outs = typename ctdiff::detail::output_list<Outputs>::type;
    return ctdiff::detail::row_segments<outs, ctdiff::type_list<std::remove_cvref_t<decltype(p)>>>::value;
}
}  // namespace

BOOST_AUTO_TEST_CASE(many_rows_of_one_formula_run_as_a_loop) {
    // With the default threshold (CTDIFF_ROW_FAMILY_MIN_NODES, 512 nodes), 8 rows of this formula
    // stay in the straight-line graph and 40 are a loop over one skeleton (eval/row_family.hpp;
    // row_family_test.cpp tests the loops themselves).
    static_assert(ctdiff::detail::family_min_nodes == 512);
    static_assert(!default_segments(polynomial_rows<8>()).at[0].family);
    static_assert(default_segments(polynomial_rows<40>()).count == 1 && default_segments(polynomial_rows<40>()).at[0].family);
    ctdiff::tensor<double, shape<6>> pv;
    ctdiff::tensor<double, shape<40>> tv;
    for (std::size_t j = 0; j < 6; ++j) pv(j) = p0[j];
    for (std::size_t k = 0; k < 40; ++k) tv(k) = 0.05 * double(k) - 1.0;
    const auto [r, J] = ctdiff::value_and_jacobian(polynomial_rows<40>(), ctdiff::wrt(p), p = pv, tt = tv);
    for (std::size_t k = 0; k < 40; ++k) {
        double model = 0;
        for (std::size_t j = 0; j < 6; ++j) {
            model += p0[j] * std::pow(tv(k), double(j));
            BOOST_TEST(J.at(k, j) == std::pow(tv(k), double(j)), boost::test_tools::tolerance(1e-14));
        }
        BOOST_TEST(r(k) == model, boost::test_tools::tolerance(1e-13));
    }
}

namespace {
// rows of + - * / only: they run a pack's width of rows at a time, and such a loop is worth it
// from 64 nodes (CTDIFF_ROW_FAMILY_MIN_NODES_IN_PACKS); 14 nodes a row
template <std::size_t M>
constexpr auto quotient_rows() {
    return ctdiff::outputs_over<M>([](auto k) {
        constexpr std::size_t row = k;
        return (ctdiff::at<0>(p) + ctdiff::at<1>(p) * ctdiff::at<row>(tt)) / (ctdiff::at<2>(p) + ctdiff::at<row>(tt));
    });
}
}  // namespace

BOOST_AUTO_TEST_CASE(rows_in_packs_are_a_loop_from_64_nodes) {
    static_assert(ctdiff::detail::family_min_nodes_in_packs == 64);
    static_assert(!default_segments(quotient_rows<4>()).at[0].family);  // 56 nodes
    // 224 nodes: a loop wherever the target has packs of double (x86-64 has at least 2 lanes)
    static_assert(default_segments(quotient_rows<16>()).at[0].family == (ctdiff::native_width<double> > 1 && FLT_EVAL_METHOD == 0));
    ctdiff::tensor<double, shape<6>> pv;
    ctdiff::tensor<double, shape<40>> tv;
    for (std::size_t j = 0; j < 6; ++j) pv(j) = p0[j];
    for (std::size_t k = 0; k < 40; ++k) tv(k) = 0.05 * double(k) + 0.5;
    const auto [r, J] = ctdiff::value_and_jacobian(quotient_rows<16>(), ctdiff::wrt(p), p = pv, tt = tv);
    for (std::size_t k = 0; k < 16; ++k) {  // derived by hand
        const double num = p0[0] + p0[1] * tv(k), den = p0[2] + tv(k);
        BOOST_TEST(r(k) == num / den, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(k, 0) == 1 / den, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(k, 1) == tv(k) / den, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(k, 2) == -num / (den * den), boost::test_tools::tolerance(1e-15));
        for (std::size_t j = 3; j < 6; ++j) BOOST_TEST(J.at(k, j) == 0.0);
    }
}

namespace {
// Biggs EXP6's form, one tensor expression over data vectors of M points: a family read off the
// expression (no element made one by one) from 256 nodes (CTDIFF_TENSOR_FAMILY_MIN_NODES); 35
// nodes a row, exp in every row, so never in packs
template <std::size_t M>
constexpr auto ts = ctdiff::var<"ts", shape<M>>;
template <std::size_t M>
constexpr auto ys = ctdiff::var<"ys", shape<M>>;
template <std::size_t M>
constexpr auto biggs_form = ctdiff::at<2>(p) * ctdiff::exp(-ts<M> * ctdiff::at<0>(p)) -
                            ctdiff::at<3>(p) * ctdiff::exp(-ts<M> * ctdiff::at<1>(p)) +
                            ctdiff::at<5>(p) * ctdiff::exp(-ts<M> * ctdiff::at<4>(p)) - ys<M>;
template <std::size_t M>
constexpr bool read_off =
    ctdiff::detail::entry_is_family<std::remove_cvref_t<decltype(biggs_form<M>)>,
                                    ctdiff::type_list<std::remove_cvref_t<decltype(p)>>>::value;
}  // namespace

BOOST_AUTO_TEST_CASE(tensor_outputs_are_a_loop_from_256_nodes) {
    static_assert(ctdiff::detail::family_min_nodes_tensor == 256);
    static_assert(!read_off<7>);  // 245 nodes
    static_assert(read_off<8>);   // 280 nodes
    ctdiff::tensor<double, shape<6>> pv;
    ctdiff::tensor<double, shape<13>> tv, yv;
    for (std::size_t j = 0; j < 6; ++j) pv(j) = p0[j];
    for (std::size_t k = 0; k < 13; ++k) {
        tv(k) = 0.1 * double(k + 1);
        yv(k) = std::exp(-tv(k)) - 5 * std::exp(-10 * tv(k)) + 3 * std::exp(-4 * tv(k));
    }
    const auto [r, J] = ctdiff::value_and_jacobian(biggs_form<13>, ctdiff::wrt(p), p = pv, ts<13> = tv, ys<13> = yv);
    for (std::size_t k = 0; k < 13; ++k) {  // derived by hand
        const double t = tv(k), e0 = std::exp(-t * p0[0]), e1 = std::exp(-t * p0[1]), e4 = std::exp(-t * p0[4]);
        BOOST_TEST(r(k) == p0[2] * e0 - p0[3] * e1 + p0[5] * e4 - yv(k), boost::test_tools::tolerance(1e-14));
        BOOST_TEST(J.at(k, 0) == -t * p0[2] * e0, boost::test_tools::tolerance(1e-14));
        BOOST_TEST(J.at(k, 1) == t * p0[3] * e1, boost::test_tools::tolerance(1e-14));
        BOOST_TEST(J.at(k, 2) == e0, boost::test_tools::tolerance(1e-14));
        BOOST_TEST(J.at(k, 3) == -e1, boost::test_tools::tolerance(1e-14));
        BOOST_TEST(J.at(k, 4) == -t * p0[5] * e4, boost::test_tools::tolerance(1e-14));
        BOOST_TEST(J.at(k, 5) == e4, boost::test_tools::tolerance(1e-14));
    }
}

BOOST_AUTO_TEST_CASE(outputs_from_a_generator_returning_references) {
    // output(i) may return a reference (std::get of a tuple of expressions): the outputs are the
    // expressions themselves
    static constexpr auto parts = std::tuple{ctdiff::at<0>(p) * ctdiff::at<1>(p), ctdiff::sin(ctdiff::at<0>(p))};
    constexpr auto outs = ctdiff::outputs_over<2>([](auto i) -> decltype(auto) { return std::get<i>(parts); });
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(outs)>, std::remove_cvref_t<decltype(parts)>>);
    ctdiff::tensor<double, shape<6>> pv;
    for (std::size_t j = 0; j < 6; ++j) pv(j) = p0[j];
    const auto [r, J] = ctdiff::value_and_jacobian(outs, ctdiff::wrt(p), p = pv);
    BOOST_TEST(r(0) == p0[0] * p0[1]);
    BOOST_TEST(J.at(0, 1) == p0[0]);
    BOOST_TEST(J.at(1, 0) == std::cos(p0[0]));
}

BOOST_AUTO_TEST_CASE(product_derivative_against_differences) {
    // f(x) = prod_{i<7} (x + i / 7); f' by central differences
    const auto f = ctdiff::product_over<7>([](auto i) { return x + ctdiff::constant_of<i, 7>; });
    const auto value_at = [&](double a) {
        double v = 1;
        for (int i = 0; i < 7; ++i) v *= a + i / 7.0;
        return v;
    };
    for (double a : {-0.9, 0.1, 0.65, 1.3}) {
        const double h = 1e-5;
        const double fd = (value_at(a + h) - value_at(a - h)) / (2 * h);
        BOOST_TEST(f(x = a) == value_at(a), boost::test_tools::tolerance(1e-13));
        BOOST_TEST(ctdiff::grad(f, ctdiff::wrt(x), x = a)[x] == fd, boost::test_tools::tolerance(1e-8));
        BOOST_TEST(ctdiff::d(f, x)(x = a) == fd, boost::test_tools::tolerance(1e-8));
    }
}
