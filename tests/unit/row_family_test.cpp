// Row families (eval/row_family.hpp): residuals that are one formula over many rows, evaluated
// as a loop over one skeleton. Every Jacobian here is checked against formulas derived by hand
// (and, for the generated rows, central differences in long double); the segments the library
// chose are checked too, so that each test runs the path it names.
//
// Families smaller than 512 nodes stay straight-line code by default (CTDIFF_ROW_FAMILY_MIN_NODES;
// 64 for those that run in packs); here the threshold is 16, so that small families run as loops
// too. generators_test.cpp checks the defaults.
#define CTDIFF_ROW_FAMILY_MIN_NODES 16
// (Families of + - * / and square roots run in packs wherever the target has vector registers,
// x86-64 without -m flags included: CTDIFF_ROW_FAMILY_PACK_LANES is 2.)
#define BOOST_TEST_MODULE ctdiff_row_families
#include <boost/test/unit_test.hpp>

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <limits>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using namespace ctdiff::literals;
using ctdiff::at;
using ctdiff::shape;
using ctdiff::wrt;

constexpr auto x = ctdiff::var<"x", shape<3>>;  // unknowns
constexpr auto s = ctdiff::var<"s">;             // a scalar unknown
constexpr auto t = ctdiff::var<"t", shape<12>>;  // data
constexpr auto y = ctdiff::var<"y", shape<12>>;  // data

template <class Outputs, class... Vars>
constexpr auto segments_of(const Outputs&, Vars...) {
    using outs = typename ctdiff::detail::output_list<Outputs>::type;
    return ctdiff::detail::row_segments<outs, ctdiff::type_list<Vars...>>::value;
}

struct data {
    ctdiff::tensor<double, shape<3>> xv;
    ctdiff::tensor<double, shape<12>> tv, yv;
    data() {
        xv(0) = 0.75;
        xv(1) = -0.375;
        xv(2) = 1.25;
        for (std::size_t i = 0; i < 12; ++i) {
            tv(i) = 0.125 * static_cast<double>(i) - 0.5;
            yv(i) = std::sin(static_cast<double>(i));
        }
    }
};

// r_i = x0 exp(x1 t_i) + x2 - y_i: one family of 12 rows reading t_i and y_i.
constexpr auto exponential_fit = at<0>(x) * ctdiff::exp(at<1>(x) * t) + at<2>(x) - y;

}  // namespace

static_assert(ctdiff::detail::family_min_nodes == 16);

BOOST_AUTO_TEST_CASE(data_rows_are_one_family) {
    constexpr auto segments = segments_of(exponential_fit, x);
    static_assert(segments.count == 1 && segments.at[0].family && segments.at[0].begin == 0 &&
                  segments.at[0].end == 12);
    const data d;
    const auto [r, J] = ctdiff::value_and_jacobian(exponential_fit, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    for (std::size_t i = 0; i < 12; ++i) {
        const double e = std::exp(d.xv(1) * d.tv(i));
        BOOST_TEST(r(i) == d.xv(0) * e + d.xv(2) - d.yv(i), boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(i, 0) == e, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(i, 1) == d.xv(0) * d.tv(i) * e, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(i, 2) == 1.0);
    }
    // the forms without values, without the Jacobian, and into caller storage agree exactly
    const auto J_only = ctdiff::jacobian(exponential_fit, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    double r_to[12];
    double J_to[12 * 3];
    ctdiff::value_and_jacobian_to(r_to, J_to, exponential_fit, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    double r_alone[12];
    ctdiff::value_and_jacobian_to(r_alone, nullptr, exponential_fit, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    double J_alone[12 * 3];
    ctdiff::value_and_jacobian_to(nullptr, J_alone, exponential_fit, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    for (std::size_t i = 0; i < 12; ++i) {
        BOOST_TEST(r_to[i] == r(i));
        BOOST_TEST(r_alone[i] == r(i));
        for (std::size_t j = 0; j < 3; ++j) {
            BOOST_TEST(J_only.at(i, j) == J.at(i, j));
            BOOST_TEST(J_to[i * 3 + j] == J.at(i, j));
            BOOST_TEST(J_alone[i * 3 + j] == J.at(i, j));
        }
    }
}

BOOST_AUTO_TEST_CASE(forward_and_reverse_modes_agree) {
    const data d;
    const auto fw = ctdiff::value_and_jacobian<ctdiff::jacobian_mode::forward>(exponential_fit, wrt(x), x = d.xv,
                                                                               t = d.tv, y = d.yv);
    const auto rv = ctdiff::value_and_jacobian<ctdiff::jacobian_mode::reverse>(exponential_fit, wrt(x), x = d.xv,
                                                                               t = d.tv, y = d.yv);
    for (std::size_t i = 0; i < 12; ++i) {
        BOOST_TEST(fw.value(i) == rv.value(i));
        for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(fw.jacobian.at(i, j) == rv.jacobian.at(i, j), boost::test_tools::tolerance(1e-15));
    }
}

namespace {
// Rows with constants that depend on the row (c_i = (i + 1) / 11, d_i = i^2 + 2), and two unknowns
// in two variables: r_i = c_i x0 s + d_i x1^2 - y_i + 3 x2. The 3 is the same in every row, so
// it stays an exact constant; x0 s is shared by the rows but costs one multiplication.
constexpr auto generated = ctdiff::outputs_over<10>([](auto k) {
    constexpr std::size_t i = k;
    return ctdiff::constant_of<i + 1, 11> * (at<0>(x) * s) +
           ctdiff::constant_of<static_cast<std::int64_t>(i * i) + 2> * ctdiff::square(at<1>(x)) - at<i>(y) +
           3_c * at<2>(x);
});
}  // namespace

BOOST_AUTO_TEST_CASE(generated_constants_are_one_family_with_two_variables) {
    constexpr auto segments = segments_of(generated, x, s);
    static_assert(segments.count == 1 && segments.at[0].family);
    const data d;
    const double sv = -1.5;
    const auto [r, J] = ctdiff::value_and_jacobian(generated, wrt(x, s), x = d.xv, s = sv, y = d.yv);
    for (std::size_t i = 0; i < 10; ++i) {
        const double c = static_cast<double>(i + 1) / 11.0;
        const double q = static_cast<double>(i * i + 2);
        BOOST_TEST(r(i) == c * d.xv(0) * sv + q * d.xv(1) * d.xv(1) - d.yv(i) + 3 * d.xv(2),
                   boost::test_tools::tolerance(1e-14));
        BOOST_TEST(J.at(i, 0) == c * sv, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(i, 1) == 2 * q * d.xv(1), boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(i, 2) == 3.0);
        BOOST_TEST(J.at(i, 3) == c * d.xv(0), boost::test_tools::tolerance(1e-15));
    }
}

namespace {
// Rows 0-1 and 8-9 differ from the rows between them (a family of 6, rows 2-7): the outputs are
// cut into three segments. The family's rows read t in reverse order (not evenly from the front)
// and y at 2i mod 12 (not evenly spaced at all).
constexpr auto mixed = ctdiff::outputs_over<10>([](auto k) {
    constexpr std::size_t i = k;
    if constexpr (i < 2 || i >= 8) {
        return ctdiff::sqrt(at<i>(y) + at<0>(x) * at<0>(x) + 2_c);
    } else {
        return at<1>(x) * at<11 - i>(t) - at<(2 * i) % 12>(y) * at<2>(x);
    }
});
}  // namespace

BOOST_AUTO_TEST_CASE(families_between_straight_rows) {
    constexpr auto segments = segments_of(mixed, x);
    static_assert(segments.count == 3);
    static_assert(!segments.at[0].family && segments.at[0].end == 2);
    static_assert(segments.at[1].family && segments.at[1].begin == 2 && segments.at[1].end == 8);
    static_assert(!segments.at[2].family && segments.at[2].begin == 8 && segments.at[2].end == 10);
    data d;
    for (std::size_t i = 0; i < 12; ++i) d.yv(i) = 0.25 * static_cast<double>(i);
    const auto [r, J] = ctdiff::value_and_jacobian(mixed, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    for (std::size_t i = 0; i < 10; ++i) {
        if (i < 2 || i >= 8) {
            const double root = std::sqrt(d.yv(i) + d.xv(0) * d.xv(0) + 2);
            BOOST_TEST(r(i) == root, boost::test_tools::tolerance(1e-15));
            BOOST_TEST(J.at(i, 0) == d.xv(0) / root, boost::test_tools::tolerance(1e-15));
            BOOST_TEST(J.at(i, 1) == 0.0);
            BOOST_TEST(J.at(i, 2) == 0.0);
        } else {
            const double tt = d.tv(11 - i);
            const double yy = d.yv((2 * i) % 12);
            BOOST_TEST(r(i) == d.xv(1) * tt - yy * d.xv(2), boost::test_tools::tolerance(1e-15));
            BOOST_TEST(J.at(i, 0) == 0.0);
            BOOST_TEST(J.at(i, 1) == tt);
            BOOST_TEST(J.at(i, 2) == -yy);
        }
    }
}

namespace {
// exp(x1) is the same in every row: a loop would compute it twelve times where the straight-line
// graph computes it once, so these rows are not a family.
constexpr auto shared_exp = ctdiff::exp(at<1>(x)) * t + at<0>(x) - y;
// fewer rows than a family needs
constexpr auto three_rows = ctdiff::outputs_over<3>([](auto k) { return at<k>(y) * at<0>(x); });
}  // namespace

BOOST_AUTO_TEST_CASE(rows_not_worth_a_loop_stay_straight_line) {
    static_assert(!segments_of(shared_exp, x).at[0].family && segments_of(shared_exp, x).count == 1);
    static_assert(!segments_of(three_rows, x).at[0].family);
    const data d;
    const auto [r, J] = ctdiff::value_and_jacobian(shared_exp, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    for (std::size_t i = 0; i < 12; ++i) {
        const double e = std::exp(d.xv(1));
        BOOST_TEST(r(i) == e * d.tv(i) + d.xv(0) - d.yv(i), boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(i, 1) == e * d.tv(i), boost::test_tools::tolerance(1e-15));
    }
}

namespace {
// Watson's residuals (Moré, Garbow and Hillstrom's problem 20, n = 6) as generated rows: the
// constants t_i^j = (i/29)^j differ in every row.
constexpr auto p = ctdiff::var<"p", shape<6>>;
constexpr std::int64_t power(std::int64_t base, std::size_t exponent) {
    std::int64_t r = 1;
    for (std::size_t k = 0; k < exponent; ++k) r *= base;
    return r;
}
constexpr auto watson = ctdiff::outputs_over<31>([](auto k) {
    constexpr std::size_t row = k;
    if constexpr (row < 29) {
        constexpr std::int64_t i = row + 1;
        const auto slope = ctdiff::sum_over<5>([](auto j) {
            constexpr std::size_t c = j;
            return ctdiff::constant_of<std::int64_t(c + 1) * power(i, c), power(29, c)> * at<c + 1>(p);
        });
        const auto value = ctdiff::sum_over<6>([](auto j) {
            constexpr std::size_t c = j;
            return ctdiff::constant_of<power(i, c), power(29, c)> * at<c>(p);
        });
        return slope - ctdiff::square(value) - 1_c;
    } else if constexpr (row == 29) {
        return at<0>(p) + 0_c;
    } else {
        return at<1>(p) - ctdiff::square(at<0>(p)) - 1_c;
    }
});

template <class T>
void watson_by_hand(const T* pv, T* r, T* J) {
    for (std::size_t i = 0; i < 29; ++i) {
        const T ti = static_cast<T>(i + 1) / 29;
        T value = 0, slope = 0, tj = 1;
        for (std::size_t j = 0; j < 6; ++j, tj *= ti) value += pv[j] * tj;
        tj = 1;
        for (std::size_t j = 1; j < 6; ++j, tj *= ti) slope += static_cast<T>(j) * pv[j] * tj;
        r[i] = slope - value * value - 1;
        T tj1 = 1;
        for (std::size_t j = 0; j < 6; ++j, tj1 *= ti) {
            const T dslope = j == 0 ? T(0) : static_cast<T>(j) * tj1 / ti;
            J[i * 6 + j] = dslope - 2 * value * tj1;
        }
    }
    r[29] = pv[0];
    r[30] = pv[1] - pv[0] * pv[0] - 1;
    for (std::size_t j = 0; j < 6; ++j) J[29 * 6 + j] = J[30 * 6 + j] = 0;
    J[29 * 6 + 0] = 1;
    J[30 * 6 + 0] = -2 * pv[0];
    J[30 * 6 + 1] = 1;
}
}  // namespace

BOOST_AUTO_TEST_CASE(watson_generated_rows) {
    constexpr auto segments = segments_of(watson, p);
    // row 29 (t = 1) has constants 1, which multiplication folds away: another formula
    static_assert(segments.count == 2 && segments.at[0].family && segments.at[0].end == 28);
    const double pv[6] = {0.3, -1.2, 0.7, 2.1, -0.4, 0.9};
    ctdiff::tensor<double, shape<6>> pt;
    for (std::size_t j = 0; j < 6; ++j) pt(j) = pv[j];
    double r[31], J[31 * 6];
    ctdiff::value_and_jacobian_to(r, J, watson, wrt(p), p = pt);
    long double pl[6], rl[31], Jl[31 * 6];
    for (std::size_t j = 0; j < 6; ++j) pl[j] = pv[j];
    watson_by_hand(pl, rl, Jl);
    for (std::size_t i = 0; i < 31; ++i) {
        BOOST_TEST(r[i] == static_cast<double>(rl[i]), boost::test_tools::tolerance(1e-13));
        for (std::size_t j = 0; j < 6; ++j)
            BOOST_TEST(J[i * 6 + j] == static_cast<double>(Jl[i * 6 + j]), boost::test_tools::tolerance(1e-13));
    }
    // and against central differences of ctdiff's own residuals, in long double
    ctdiff::tensor<long double, shape<6>> plus, minus;
    for (std::size_t j = 0; j < 6; ++j) {
        for (std::size_t q = 0; q < 6; ++q) plus(q) = minus(q) = pl[q];
        const long double h = 1e-7L;
        plus(j) += h;
        minus(j) -= h;
        long double rp[31], rm[31];
        ctdiff::value_and_jacobian_to(rp, nullptr, watson, wrt(p), p = plus);
        ctdiff::value_and_jacobian_to(rm, nullptr, watson, wrt(p), p = minus);
        for (std::size_t i = 0; i < 31; ++i)
            BOOST_TEST(J[i * 6 + j] == static_cast<double>((rp[i] - rm[i]) / (2 * h)), boost::test_tools::tolerance(1e-7));
    }
}

BOOST_AUTO_TEST_CASE(watson_in_float) {
    ctdiff::tensor<float, shape<6>> pt;
    const float pv[6] = {0.3f, -1.2f, 0.7f, 2.1f, -0.4f, 0.9f};
    for (std::size_t j = 0; j < 6; ++j) pt(j) = pv[j];
    const auto [r, J] = ctdiff::value_and_jacobian(watson, wrt(p), p = pt);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(r(0))>, float>);
    double pd[6], rd[31], Jd[31 * 6];
    for (std::size_t j = 0; j < 6; ++j) pd[j] = pv[j];
    watson_by_hand(pd, rd, Jd);
    for (std::size_t i = 0; i < 31; ++i)
        for (std::size_t j = 0; j < 6; ++j) BOOST_TEST(J.at(i, j) == Jd[i * 6 + j], boost::test_tools::tolerance(1e-4));
}

// In a constant expression too: the loop runs in the compiler.
namespace {
constexpr bool watson_in_static_assert() {
    ctdiff::tensor<double, shape<6>> pt;
    const double pv[6] = {0.5, -1.0, 0.25, 2.0, -0.5, 1.0};
    for (std::size_t j = 0; j < 6; ++j) pt(j) = pv[j];
    double r[31] = {}, J[31 * 6] = {};
    ctdiff::value_and_jacobian_to(r, J, watson, wrt(p), p = pt);
    // row 0 (t = 1/29): d r_0 / d p_2 = 2 t - 2 (sum_j p_j t^j) t^2
    double value = 0, tj = 1;
    for (std::size_t j = 0; j < 6; ++j, tj *= 1.0 / 29) value += pv[j] * tj;
    const double want = 2.0 / 29 - 2 * value / (29.0 * 29.0);
    const double err = J[2] - want;
    return (err < 0 ? -err : err) < 1e-15 && J[29 * 6] == 1.0 && J[30 * 6] == -1.0;
}
static_assert(watson_in_static_assert());
}  // namespace

BOOST_AUTO_TEST_CASE(nan_in_one_row_stays_in_that_row) {
    data d;
    d.yv(5) = std::numeric_limits<double>::quiet_NaN();
    const auto [r, J] = ctdiff::value_and_jacobian(exponential_fit, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    for (std::size_t i = 0; i < 12; ++i) {
        BOOST_TEST(std::isnan(r(i)) == (i == 5));
        BOOST_TEST(J.at(i, 2) == 1.0);
    }
}

namespace {
// Rows that read *different unknowns* (x_i in row i) are different formulas: the unknown an
// entry belongs to is part of the formula, never a per-row value.
constexpr auto q = ctdiff::var<"q", shape<8>>;
constexpr auto diagonal = ctdiff::outputs_over<8>([](auto k) { return at<k>(q) * at<k>(t) + at<k>(y); });
// Rows with nothing to differentiate: constants, and data alone.
constexpr auto constants = ctdiff::outputs_over<20>([](auto k) { return ctdiff::constant_of<k + 2, 3>; });
constexpr auto data_only = ctdiff::outputs_over<6>([](auto k) { return at<k + 1>(y) * at<k>(t); });
}  // namespace

BOOST_AUTO_TEST_CASE(rows_over_different_unknowns_are_not_a_family) {
    static_assert(segments_of(diagonal, q).count == 1 && !segments_of(diagonal, q).at[0].family);
    const data d;
    ctdiff::tensor<double, shape<8>> qv;
    for (std::size_t i = 0; i < 8; ++i) qv(i) = 0.5 * static_cast<double>(i) - 1;
    const auto [r, J] = ctdiff::value_and_jacobian(diagonal, wrt(q), q = qv, t = d.tv, y = d.yv);
    for (std::size_t i = 0; i < 8; ++i) {
        BOOST_TEST(r(i) == qv(i) * d.tv(i) + d.yv(i), boost::test_tools::tolerance(1e-15));
        for (std::size_t j = 0; j < 8; ++j) BOOST_TEST(J.at(i, j) == (i == j ? d.tv(i) : 0.0));
    }
}

BOOST_AUTO_TEST_CASE(rows_without_unknowns) {
    static_assert(segments_of(constants, x).at[0].family && segments_of(data_only, x).at[0].family);
    const data d;
    const auto [rc, Jc] = ctdiff::value_and_jacobian(constants, wrt(x), x = d.xv);
    for (std::size_t i = 0; i < 20; ++i) {
        BOOST_TEST(rc(i) == static_cast<double>(i + 2) / 3.0);
        for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(Jc.at(i, j) == 0.0);
    }
    const auto [rd, Jd] = ctdiff::value_and_jacobian(data_only, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    for (std::size_t i = 0; i < 6; ++i) {
        BOOST_TEST(rd(i) == d.yv(i + 1) * d.tv(i));
        for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(Jd.at(i, j) == 0.0);
    }
}

namespace {
// 65 rows over 64 unknowns: more entries than a family computes on the stack (4096), so the
// rows are written straight into the caller's storage.
constexpr auto w = ctdiff::var<"w", shape<64>>;
constexpr auto u = ctdiff::var<"u", shape<65>>;
constexpr auto wide = u * at<3>(w) + at<60>(w) * at<60>(w);
}  // namespace

BOOST_AUTO_TEST_CASE(wide_family_written_in_place) {
    static_assert(segments_of(wide, w).count == 1 && segments_of(wide, w).at[0].family);
    ctdiff::tensor<double, shape<64>> wv;
    ctdiff::tensor<double, shape<65>> uv;
    for (std::size_t j = 0; j < 64; ++j) wv(j) = 0.5 + 0.25 * static_cast<double>(j);
    for (std::size_t i = 0; i < 65; ++i) uv(i) = static_cast<double>(i) - 30.0;
    static double J[65 * 64 + 2];  // a guard element on each side
    J[0] = J[65 * 64 + 1] = -777.0;
    double r[65];
    ctdiff::value_and_jacobian_to(r, J + 1, wide, wrt(w), w = wv, u = uv);
    BOOST_TEST(J[0] == -777.0);
    BOOST_TEST(J[65 * 64 + 1] == -777.0);
    for (std::size_t i = 0; i < 65; ++i) {
        BOOST_TEST(r[i] == uv(i) * wv(3) + wv(60) * wv(60));
        for (std::size_t j = 0; j < 64; ++j)
            BOOST_TEST(J[1 + i * 64 + j] == (j == 3 ? uv(i) : j == 60 ? 2 * wv(60) : 0.0));
    }
}

namespace {
// Watson's and the generated rows have only + - * and squares: their families run a pack's
// width of rows at a time at run time (family_in_packs), and one row at a time in a constant
// expression. IEEE rounds those operations exactly, so both give the same bits — unless the
// target has fused multiply-adds, which g++ contracts a * b + c into at run time (its default
// -ffp-contract=fast for C++) and a constant expression never does, or its scalar arithmetic
// keeps excess precision (x87; the rows then run one at a time): then within an ulp or so.
constexpr double watson_point[6] = {0.5, -1.0, 0.25, 2.0, -0.5, 1.0};
constexpr auto watson_constant_evaluated = [] {
    ctdiff::tensor<double, shape<6>> pt;
    for (std::size_t j = 0; j < 6; ++j) pt(j) = watson_point[j];
    return ctdiff::value_and_jacobian(watson, wrt(p), p = pt);
}();
}  // namespace

BOOST_AUTO_TEST_CASE(packs_give_the_bits_of_one_row_at_a_time) {
    static_assert(ctdiff::detail::family_in_packs<
                      ctdiff::detail::family_skeleton<ctdiff::detail::output_range<
                                                          ctdiff::detail::output_list<std::remove_cvref_t<decltype(watson)>>::type, 0, 28>::type,
                                                      ctdiff::type_list<std::remove_cvref_t<decltype(p)>>>::family,
                      ctdiff::detail::family_skeleton<ctdiff::detail::output_range<
                                                          ctdiff::detail::output_list<std::remove_cvref_t<decltype(watson)>>::type, 0, 28>::type,
                                                      ctdiff::type_list<std::remove_cvref_t<decltype(p)>>>::type,
                      double> == (ctdiff::native_width<double> > 1 && FLT_EVAL_METHOD == 0));
    ctdiff::tensor<double, shape<6>> pt;
    for (std::size_t j = 0; j < 6; ++j) pt(j) = watson_point[j];
    const auto [r, J] = ctdiff::value_and_jacobian(watson, wrt(p), p = pt);
#if defined(__FMA__) || FLT_EVAL_METHOD != 0  // (excess precision at run time: x87)
    const double tolerance = 1e-14;
#else
    const double tolerance = 0.0;
#endif
    for (std::size_t i = 0; i < 31; ++i) {
        BOOST_TEST(r(i) == watson_constant_evaluated.value(i), boost::test_tools::tolerance(tolerance));
        for (std::size_t j = 0; j < 6; ++j)
            BOOST_TEST(J.at(i, j) == watson_constant_evaluated.jacobian.at(i, j), boost::test_tools::tolerance(tolerance));
    }
}

namespace {
// A data variable may be named "" (its elements are data holes all the same), and a user's
// variable may have any name, the one the row variable has inside the library's too.
constexpr auto unnamed = ctdiff::var<"", shape<12>>;
constexpr auto clash = ctdiff::var<"ctdiff row data", shape<12>>;
constexpr auto with_unnamed = ctdiff::outputs_over<12>([](auto k) {
    constexpr std::size_t i = k;
    return at<0>(x) * ctdiff::exp(at<1>(x) * at<i>(unnamed)) - at<i>(clash);
});
}  // namespace

BOOST_AUTO_TEST_CASE(data_variables_of_any_name) {
#if defined(__FMA__)
    const double residual_tolerance = 1e-13;
#else
    const double residual_tolerance = 1e-15;
#endif
    static_assert(segments_of(with_unnamed, x).count == 1 && segments_of(with_unnamed, x).at[0].family);
    const data d;
    const auto [r, J] = ctdiff::value_and_jacobian(with_unnamed, wrt(x), x = d.xv, unnamed = d.tv, clash = d.yv);
    for (std::size_t i = 0; i < 12; ++i) {
        const double e = std::exp(d.xv(1) * d.tv(i));
        // (a difference of nearby values: with FMA either side may contract x0 e - y)
        BOOST_TEST(r(i) == d.xv(0) * e - d.yv(i), boost::test_tools::tolerance(residual_tolerance));
        BOOST_TEST(J.at(i, 0) == e, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(i, 1) == d.xv(0) * d.tv(i) * e, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(i, 2) == 0.0);
    }
}

namespace {
// Kowalik and Osborne's rational model with a square root beside it. Only + - * / and sqrt,
// which IEEE rounds exactly on packs as on scalars, so the family runs a pack's width of rows at
// a time (family_in_packs); 11 rows end in a partial pack on every target. The strided version
// reads every other element of t and y (elements built lane by lane, not loaded as a pack).
template <std::size_t I>
constexpr auto rational_row() {
    constexpr auto ti = at<I>(t);
    return at<I>(y) - at<0>(x) * (ti * ti + ti * at<1>(x)) / (ti * ti + ti * at<2>(x) + s) +
           ctdiff::sqrt(s * s + ti * ti);
}
template <std::size_t Step>
constexpr auto rational_rows = ctdiff::outputs_over<12 / Step - (Step == 1 ? 1 : 0)>([](auto k) {
    return rational_row<Step * std::size_t{k}>();
});
template <std::size_t Step, std::size_t... K>
void check_rows_one_at_a_time(const data& d, double sv, const double* r, const double* J, std::index_sequence<K...>) {
#if defined(__FMA__)
    const double tolerance = 1e-14;
#else
    const double tolerance = 0.0;
#endif
    const auto one = [&](auto row, std::size_t k) {
        const auto [ra, Ja] = ctdiff::value_and_jacobian(row, wrt(x, s), x = d.xv, s = sv, t = d.tv, y = d.yv);
        BOOST_TEST(r[k] == ra(0), boost::test_tools::tolerance(tolerance));
        for (std::size_t j = 0; j < 4; ++j)
            BOOST_TEST(J[4 * k + j] == Ja.at(0, j), boost::test_tools::tolerance(tolerance));
    };
    (one(rational_row<Step * K>(), K), ...);
}

template <std::size_t Step>
void check_rational_rows(const data& d, double sv) {
    using outs = typename ctdiff::detail::output_list<std::remove_cvref_t<decltype(rational_rows<Step>)>>::type;
    using family = ctdiff::detail::family_skeleton<outs, ctdiff::type_list<std::remove_cvref_t<decltype(x)>,
                                                                           std::remove_cvref_t<decltype(s)>>>;
    static_assert(segments_of(rational_rows<Step>, x, s).count == 1 && segments_of(rational_rows<Step>, x, s).at[0].family);
    static_assert(ctdiff::detail::family_in_packs<typename family::family, typename family::type, double> ==
                  (ctdiff::native_width<double> > 1 && FLT_EVAL_METHOD == 0 && outs::size >= ctdiff::native_width<double>));
    constexpr std::size_t m = outs::size;
    double r[m + 2], J[4 * m + 2];
    for (double& v : r) v = -7.0;
    for (double& v : J) v = -7.0;
    ctdiff::value_and_jacobian_to(r + 1, J + 1, rational_rows<Step>, wrt(x, s), x = d.xv, s = sv, t = d.tv, y = d.yv);
    BOOST_TEST(r[0] == -7.0);
    BOOST_TEST(r[m + 1] == -7.0);
    BOOST_TEST(J[0] == -7.0);
    BOOST_TEST(J[4 * m + 1] == -7.0);
    for (std::size_t k = 0; k < m; ++k) {  // derived by hand
        const double ti = d.tv(Step * k), x0 = d.xv(0), x1 = d.xv(1), x2 = d.xv(2);
        const double num = ti * ti + ti * x1, den = ti * ti + ti * x2 + sv, root = std::sqrt(sv * sv + ti * ti);
        BOOST_TEST(r[1 + k] == d.yv(Step * k) - x0 * num / den + root, boost::test_tools::tolerance(1e-14));
        const double* row = J + 1 + 4 * k;
        BOOST_TEST(row[0] == -num / den, boost::test_tools::tolerance(1e-14));
        BOOST_TEST(row[1] == -x0 * ti / den, boost::test_tools::tolerance(1e-14));
        BOOST_TEST(row[2] == x0 * num * ti / (den * den), boost::test_tools::tolerance(1e-14));
        BOOST_TEST(row[3] == x0 * num / (den * den) + sv / root, boost::test_tools::tolerance(1e-14));
    }
    // the same rows one at a time, each its own straight-line graph: the scalar evaluation whose
    // bits the packs' lanes give (with FMA, g++ may contract differently in the two)
    check_rows_one_at_a_time<Step>(d, sv, r + 1, J + 1, std::make_index_sequence<m>{});
    // the residuals alone (a solver's line search asks for them so): the same bits
    double alone[m + 2];
    for (double& v : alone) v = -7.0;
    ctdiff::value_and_jacobian_to(alone + 1, nullptr, rational_rows<Step>, wrt(x, s), x = d.xv, s = sv, t = d.tv, y = d.yv);
    BOOST_TEST(alone[0] == -7.0);
    BOOST_TEST(alone[m + 1] == -7.0);
#if defined(__FMA__)
    const double contracted = 1e-14;
#else
    const double contracted = 0.0;
#endif
    for (std::size_t k = 1; k <= m; ++k) BOOST_TEST(alone[k] == r[k], boost::test_tools::tolerance(contracted));
}
}  // namespace

BOOST_AUTO_TEST_CASE(quotients_and_square_roots_run_in_packs) {
    const data d;
    check_rational_rows<1>(d, 0.625);
    check_rational_rows<2>(d, 0.625);
}

// ---- tensor outputs: families read off the expression --------------------------------------------
//
// A tensor output that is elementwise over data vectors of its shape is a family known from the
// expression itself (detail::tensor_family): its rows are never made one by one. Such entries
// may sit anywhere in a std::tuple of outputs, between scalar outputs and tensor outputs that are
// not families; each is checked against formulas derived by hand, against the same outputs made
// one row at a time (the row path), and with guard elements around the caller's storage.
namespace {
using x_only = ctdiff::type_list<std::remove_cvref_t<decltype(x)>>;
template <class F, class Unknowns = x_only>
constexpr bool read_off = ctdiff::detail::entry_is_family<std::remove_cvref_t<F>, Unknowns>::value;

// r_i = (x0 t_i + y_i) / (t_i^2 + x1 x2 + 1): + - * / only, so in packs where the target has them
constexpr auto quotient_fit = (at<0>(x) * t + y) / (t * t + at<1>(x) * at<2>(x) + 1_c);
// outputs 0 | 1..12 exponential_fit (a loop of scalar rows) | 13 | 14..25 quotient_fit | 26..28
// x * 2 (a tensor output over an unknown: its elements are rows)
constexpr auto entries = std::tuple{at<0>(x) - 1_c, exponential_fit, at<1>(x) * at<2>(x), quotient_fit, x * 2_c};
constexpr std::size_t entry_rows = 29;
constexpr auto entry_row = [](auto k) {
    constexpr std::size_t i = decltype(k)::value;
    if constexpr (i == 0) return at<0>(x) - 1_c;
    else if constexpr (i <= 12) return at<i - 1>(exponential_fit);
    else if constexpr (i == 13) return at<1>(x) * at<2>(x);
    else if constexpr (i <= 25) return at<i - 14>(quotient_fit);
    else return at<i - 26>(x * 2_c);
};
constexpr auto entries_as_rows = ctdiff::outputs_over<entry_rows>(entry_row);

// a 3 x 4 output over 3 x 4 data: rows in row-major order
constexpr auto md = ctdiff::var<"md", shape<3, 4>>;
constexpr auto nd = ctdiff::var<"nd", shape<3, 4>>;
constexpr auto matrix_fit = md * at<0>(x) + nd * nd - at<1>(x);

constexpr auto xt = ctdiff::var<"xt", shape<12>>;  // an unknown of the rows' shape
}  // namespace

static_assert(read_off<decltype(exponential_fit)> && read_off<decltype(quotient_fit)> && read_off<decltype(matrix_fit)>);
static_assert(ctdiff::detail::tensor_family<std::remove_cvref_t<decltype(quotient_fit)>, x_only>::slots == 2);
static_assert(!read_off<decltype(x * 2_c)>);  // over an unknown
static_assert(!read_off<decltype(xt * t), ctdiff::type_list<std::remove_cvref_t<decltype(xt)>>>);
static_assert(read_off<decltype(xt * t)>);  // xt is data when it is not an unknown
static_assert(!read_off<decltype(at<0>(x) * ctdiff::softmax(t))>);  // a tensor op, not elementwise
static_assert(!read_off<decltype(shared_exp)>);  // its costly part is the same in every row
static_assert(!read_off<decltype(at<0>(x) - 1_c)>);  // a scalar output

BOOST_AUTO_TEST_CASE(tensor_entries_of_a_tuple) {
    static_assert(ctdiff::detail::entry_groups<ctdiff::detail::output_entries<std::remove_cvref_t<decltype(entries)>>::type,
                                               x_only>::value.count == 5);
    const data d;
    double r[entry_rows + 2];
    double J[3 * entry_rows + 2];
    for (double& v : r) v = -7.0;
    for (double& v : J) v = -7.0;
    ctdiff::value_and_jacobian_to(r + 1, J + 1, entries, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    BOOST_TEST(r[0] == -7.0);
    BOOST_TEST(r[entry_rows + 1] == -7.0);
    BOOST_TEST(J[0] == -7.0);
    BOOST_TEST(J[3 * entry_rows + 1] == -7.0);
    const double x0 = d.xv(0), x1 = d.xv(1), x2 = d.xv(2);
    const double* res = r + 1;
    const double* jac = J + 1;
    // derived by hand
    BOOST_TEST(res[0] == x0 - 1.0);
    BOOST_TEST(jac[0] == 1.0);
    BOOST_TEST(jac[1] == 0.0);
    BOOST_TEST(jac[2] == 0.0);
    for (std::size_t i = 0; i < 12; ++i) {
        const double e = std::exp(x1 * d.tv(i));
        const double* row = jac + 3 * (1 + i);
        BOOST_TEST(res[1 + i] == x0 * e + x2 - d.yv(i), boost::test_tools::tolerance(1e-15));
        BOOST_TEST(row[0] == e, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(row[1] == x0 * d.tv(i) * e, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(row[2] == 1.0);
    }
    BOOST_TEST(res[13] == x1 * x2);
    BOOST_TEST(jac[3 * 13 + 0] == 0.0);
    BOOST_TEST(jac[3 * 13 + 1] == x2);
    BOOST_TEST(jac[3 * 13 + 2] == x1);
    for (std::size_t i = 0; i < 12; ++i) {
        const double ti = d.tv(i), num = x0 * ti + d.yv(i), den = ti * ti + x1 * x2 + 1.0;
        const double* row = jac + 3 * (14 + i);
        BOOST_TEST(res[14 + i] == num / den, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(row[0] == ti / den, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(row[1] == -num * x2 / (den * den), boost::test_tools::tolerance(1e-15));
        BOOST_TEST(row[2] == -num * x1 / (den * den), boost::test_tools::tolerance(1e-15));
    }
    for (std::size_t i = 0; i < 3; ++i) {
        BOOST_TEST(res[26 + i] == 2.0 * d.xv(i));
        for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(jac[3 * (26 + i) + j] == (i == j ? 2.0 : 0.0));
    }
    // the same outputs made one row at a time
    const auto [r_rows, J_rows] = ctdiff::value_and_jacobian(entries_as_rows, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    for (std::size_t i = 0; i < entry_rows; ++i) {
        BOOST_TEST(res[i] == r_rows(i), boost::test_tools::tolerance(1e-15));
        for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(jac[3 * i + j] == J_rows.at(i, j), boost::test_tools::tolerance(1e-15));
    }
    // the other forms: the same bits
    const auto [r_both, J_both] = ctdiff::value_and_jacobian(entries, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    const auto J_only = ctdiff::jacobian(entries, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    double alone[entry_rows + 2];
    for (double& v : alone) v = -7.0;
    ctdiff::value_and_jacobian_to(alone + 1, nullptr, entries, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    BOOST_TEST(alone[0] == -7.0);
    BOOST_TEST(alone[entry_rows + 1] == -7.0);
    for (std::size_t i = 0; i < entry_rows; ++i) {
        BOOST_TEST(r_both(i) == res[i]);
        BOOST_TEST(alone[1 + i] == res[i]);
        for (std::size_t j = 0; j < 3; ++j) {
            BOOST_TEST(J_both.at(i, j) == jac[3 * i + j]);
            BOOST_TEST(J_only.at(i, j) == jac[3 * i + j]);
        }
    }
}

BOOST_AUTO_TEST_CASE(matrix_output_over_matrix_data) {
    ctdiff::tensor<double, shape<3, 4>> mv, nv;
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 4; ++j) {
            mv(i, j) = 0.25 * static_cast<double>(i) - 0.5 * static_cast<double>(j);
            nv(i, j) = std::cos(static_cast<double>(4 * i + j));
        }
    const data d;
    const auto [r, J] = ctdiff::value_and_jacobian(matrix_fit, wrt(x), x = d.xv, md = mv, nd = nv);
    static_assert(decltype(r)::shape_type::size == 12 && decltype(J)::cols == 3);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 4; ++j) {
            const std::size_t k = 4 * i + j;
            BOOST_TEST(r(k) == mv(i, j) * d.xv(0) + nv(i, j) * nv(i, j) - d.xv(1), boost::test_tools::tolerance(1e-15));
            BOOST_TEST(J.at(k, 0) == mv(i, j));
            BOOST_TEST(J.at(k, 1) == -1.0);
            BOOST_TEST(J.at(k, 2) == 0.0);
        }
}

BOOST_AUTO_TEST_CASE(tensor_outputs_that_are_not_families) {
    const data d;
    // over an unknown of the rows' shape: row i reads its own unknown
    ctdiff::tensor<double, shape<12>> xv;
    for (std::size_t i = 0; i < 12; ++i) xv(i) = 0.5 - 0.125 * static_cast<double>(i);
    const auto [r, J] = ctdiff::value_and_jacobian(xt * t, wrt(xt), xt = xv, t = d.tv);
    for (std::size_t i = 0; i < 12; ++i) {
        BOOST_TEST(r(i) == xv(i) * d.tv(i));
        for (std::size_t j = 0; j < 12; ++j) BOOST_TEST(J.at(i, j) == (i == j ? d.tv(i) : 0.0));
    }
    // through a tensor op: element i of softmax(t) is not element i of a data vector
    const auto [rs, Js] = ctdiff::value_and_jacobian(at<0>(x) * ctdiff::softmax(t), wrt(x), x = d.xv, t = d.tv);
    double total = 0.0;
    for (std::size_t i = 0; i < 12; ++i) total += std::exp(d.tv(i));
    for (std::size_t i = 0; i < 12; ++i) {
        const double si = std::exp(d.tv(i)) / total;
        BOOST_TEST(rs(i) == d.xv(0) * si, boost::test_tools::tolerance(1e-14));
        BOOST_TEST(Js.at(i, 0) == si, boost::test_tools::tolerance(1e-14));
        BOOST_TEST(Js.at(i, 1) == 0.0);
    }
}

// ---- a user op says it is cheap and exactly rounded ---------------------------------------------
//
// Whether a family runs in packs is read from its ops' structs (`cheap`, `exactly_rounded`), so
// a user op that IEEE rounds exactly (here, halving) runs in packs like + - * /; the same op
// without those members runs one row at a time.
namespace {
template <bool Declared>
struct halve_op {
    static constexpr std::string_view name = "halve";
    template <class T>
    static constexpr T eval(const T& u) {
        return u * T(0.5);
    }
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self, A) {
        return 0.5_c;
    }
};
template <>
struct halve_op<true> : halve_op<false> {
    static constexpr bool cheap = true;
    static constexpr bool exactly_rounded = true;
};
template <bool Declared, ctdiff::expression A>
constexpr auto halve(A a) {
    return ctdiff::make<halve_op<Declared>>(a);
}
template <bool Declared>
constexpr auto halved = halve<Declared>(at<0>(x) * t) * at<1>(x) - y;
template <bool Declared>
using halved_family = ctdiff::detail::tensor_family_skeleton<std::remove_cvref_t<decltype(halved<Declared>)>, x_only>;
}  // namespace

static_assert(ctdiff::detail::family_in_packs<halved_family<true>::family, halved_family<true>::type, double> ==
              (ctdiff::native_width<double> > 1 && FLT_EVAL_METHOD == 0));
static_assert(!ctdiff::detail::family_in_packs<halved_family<false>::family, halved_family<false>::type, double>);

BOOST_AUTO_TEST_CASE(user_ops_that_round_exactly_run_in_packs) {
    const data d;
    const auto [r, J] = ctdiff::value_and_jacobian(halved<true>, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    const auto [r1, J1] = ctdiff::value_and_jacobian(halved<false>, wrt(x), x = d.xv, t = d.tv, y = d.yv);
    for (std::size_t i = 0; i < 12; ++i) {  // derived by hand (a multiply-subtract may be contracted)
        const double h = 0.5 * (d.xv(0) * d.tv(i));
        BOOST_TEST(r(i) == h * d.xv(1) - d.yv(i), boost::test_tools::tolerance(1e-15));
        BOOST_TEST(J.at(i, 0) == 0.5 * d.tv(i) * d.xv(1));
        BOOST_TEST(J.at(i, 1) == h);
        BOOST_TEST(J.at(i, 2) == 0.0);
        BOOST_TEST(r1(i) == r(i));
        for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(J1.at(i, j) == J.at(i, j));
    }
}

// ---- a family larger than the stack buffer ---------------------------------------------------------
//
// Beyond family_buffer_entries values or entries, a family writes its rows in place, one at a
// time, with and without the Jacobian (a million rows would not fit on a default stack).
namespace {
constexpr std::size_t many = std::size_t{1} << 20;  // 8 MiB of values: more than a default stack
constexpr auto tmany = ctdiff::var<"tmany", shape<many>>;
constexpr auto ymany = ctdiff::var<"ymany", shape<many>>;
constexpr auto many_rows = at<0>(x) * tmany + at<1>(x) * tmany * tmany - at<2>(x) * ymany;
}  // namespace

static_assert(read_off<decltype(many_rows)>);
static_assert(ctdiff::detail::family_padded_rows<
                  ctdiff::detail::tensor_family_skeleton<std::remove_cvref_t<decltype(many_rows)>, x_only>::family,
                  ctdiff::detail::tensor_family_skeleton<std::remove_cvref_t<decltype(many_rows)>, x_only>::type,
                  double> > ctdiff::detail::family_buffer_entries);

BOOST_AUTO_TEST_CASE(a_family_beyond_the_stack_buffer) {
    const data d;
    std::vector<double> tv(many), yv(many), r(many + 2, -7.0), alone(many + 2, -7.0), J(3 * many + 2, -7.0);
    for (std::size_t i = 0; i < many; ++i) {
        tv[i] = 0.001 * static_cast<double>(i) - 2.0;
        yv[i] = std::cos(static_cast<double>(i));
    }
    const auto tb = ctdiff::view<shape<many>>(tv.data());
    const auto yb = ctdiff::view<shape<many>>(yv.data());
    ctdiff::value_and_jacobian_to(r.data() + 1, J.data() + 1, many_rows, wrt(x), x = d.xv, tmany = tb, ymany = yb);
    ctdiff::value_and_jacobian_to(alone.data() + 1, nullptr, many_rows, wrt(x), x = d.xv, tmany = tb, ymany = yb);
    BOOST_TEST(r.front() == -7.0);
    BOOST_TEST(r.back() == -7.0);
    BOOST_TEST(alone.front() == -7.0);
    BOOST_TEST(alone.back() == -7.0);
    BOOST_TEST(J.front() == -7.0);
    BOOST_TEST(J.back() == -7.0);
    std::size_t wrong = 0;  // one count, not 20000 assertions
    for (std::size_t i = 0; i < many; ++i) {  // derived by hand (contractions allowed)
        const double ti = tv[i], expected = d.xv(0) * ti + d.xv(1) * ti * ti - d.xv(2) * yv[i];
        const double* row = J.data() + 1 + 3 * i;
        if (std::abs(r[i + 1] - expected) > 1e-14 * (1 + std::abs(expected)) || alone[i + 1] != r[i + 1] ||
            row[0] != ti || std::abs(row[1] - ti * ti) > 1e-15 * ti * ti || row[2] != -yv[i])
            ++wrong;
    }
    BOOST_TEST(wrong == 0u);
}
