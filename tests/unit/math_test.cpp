#define BOOST_TEST_MODULE ctdiff_math
#include <boost/test/unit_test.hpp>

// Run-time checks of ctdiff::math's constexpr implementations. The public functions call std::
// at run time, so these tests call detail::*_impl directly (the code constant evaluation runs)
// and compare with std:: on many deterministic pseudo-random points per function and type,
// measuring the distance in ulps; then the IEEE special values. Run with --log_level=message to
// see the largest error found for each function and range (docs/math.md quotes them).

#include <ctdiff/math/math.hpp>

#include "../support/accuracy.hpp"

#include <boost/mpl/list.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

namespace math = ctdiff::math;
namespace impl = ctdiff::math::detail;

using namespace accuracy;

template <class T>
constexpr int n_points = std::is_same_v<T, long double> ? 2000 : 10000;

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

/// Largest ulp distance between f(x) and ref(x) over xs; logged as a message.
template <class T, class F, class R>
double max_ulp(const std::string& what, const std::vector<T>& xs, F f, R ref) {
    double worst = 0;
    T at = 0;
    for (const T x : xs) {
        const double d = ulp_distance(static_cast<T>(f(x)), static_cast<T>(ref(x)));
        if (d > worst) {
            worst = d;
            at = x;
        }
    }
    BOOST_TEST_MESSAGE(what << " <" << type_name<T>() << ">: max " << worst << " ulp over "
                            << xs.size() << " points (at x = " << static_cast<double>(at) << ")");
    return worst;
}

/// Tolerance against std::, in ulps of T: 2 for float and double; 3 for long double, whose
/// glibc functions are themselves off by up to 2 ulps at times.
template <class T>
constexpr double tol = std::is_same_v<T, long double> ? 3.0 : 2.0;

/// The next wider type: std:: in it, rounded to T, is a nearly correctly rounded reference.
template <class T>
using wider_t = std::conditional_t<std::is_same_v<T, float>, double, long double>;

/// Checks impl against std_fn (a generic lambda over std::) on xs: within tol<T> of std:: in T,
/// and, for float and double, within 1 ulp of std:: computed in the wider type (so within an
/// ulp of the exact value, whatever the accuracy of the std:: function in T).
template <class T, class F, class S>
void check(const std::string& what, const std::vector<T>& xs, F impl_fn, S std_fn, double std_tolerance = tol<T>) {
    BOOST_TEST(max_ulp(what, xs, impl_fn, [&](T x) { return std_fn(x); }) <= std_tolerance);
    if constexpr (!std::is_same_v<T, long double>) {
        auto wide = [&](T x) { return static_cast<T>(std_fn(static_cast<wider_t<T>>(x))); };
        BOOST_TEST(max_ulp(what + ", vs wider", xs, impl_fn, wide) <= 1.0);
    }
}

using float_types = boost::mpl::list<float, double, long double>;

// Per-type ranges: the bounds of exp before overflow/underflow etc.
template <class T>
constexpr long double exp_max = std::is_same_v<T, float> ? 88.72L : std::is_same_v<T, double> ? 709.78L : 11356.5L;
template <class T>
constexpr long double exp_min = std::is_same_v<T, float> ? -103.9L : std::is_same_v<T, double> ? -745.1L : -11399.0L;
template <class T>
constexpr double max_e2 = std::numeric_limits<T>::max_exponent - 0.01;
template <class T>
constexpr double min_e2 = std::numeric_limits<T>::min_exponent - std::numeric_limits<T>::digits;
template <class T>
constexpr double digits_of = std::numeric_limits<T>::digits;
/// Where erfc underflows to 0 (a little beyond): float 10.1, double 27.3, long double 106.6.
template <class T>
constexpr long double erfc_max = std::is_same_v<T, float> ? 11.0L : std::is_same_v<T, double> ? 28.0L : 107.0L;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Accuracy against std::
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE_TEMPLATE(exp_matches_std, T, float_types) {
    auto f = [](T x) { return impl::exp_impl(x); };
    auto r = [](auto x) { return std::exp(x); };
    check("exp full range", uniform<T>(exp_min<T>, exp_max<T>, n_points<T>), f, r);
    check("exp [-1, 1]", uniform<T>(-1, 1, n_points<T>), f, r);
    check("exp small", log_uniform<T>(-70, 0, n_points<T>, true), f, r);
    check("exp subnormal results", uniform<T>(exp_min<T>, exp_min<T> + 40, n_points<T>), f, r);
    check("exp overflow edge", uniform<T>(exp_max<T> - 1, exp_max<T> + 1, n_points<T>), f, r);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(expm1_matches_std, T, float_types) {
    auto f = [](T x) { return impl::expm1_impl(x); };
    auto r = [](auto x) { return std::expm1(x); };
    check("expm1 [-50, max]", uniform<T>(-50, exp_max<T>, n_points<T>), f, r);
    check("expm1 [-1, 1]", uniform<T>(-1, 1, n_points<T>), f, r);
    check("expm1 small", log_uniform<T>(-80, 0, n_points<T>, true), f, r);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(log_matches_std, T, float_types) {
    auto f = [](T x) { return impl::log_impl(x); };
    auto r = [](auto x) { return std::log(x); };
    check("log all positive", log_uniform<T>(min_e2<T>, max_e2<T>, n_points<T>, false), f, r);
    check("log (0, 10]", uniform<T>(1e-6L, 10, n_points<T>), f, r);
    auto near1 = log_uniform<T>(-60, -1, n_points<T>, true);
    for (T& x : near1) x = T(1) + x;
    check("log near 1", near1, f, r);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(log1p_matches_std, T, float_types) {
    auto f = [](T x) { return impl::log1p_impl(x); };
    auto r = [](auto x) { return std::log1p(x); };
    check("log1p (-1, 10]", uniform<T>(-0.999999L, 10, n_points<T>), f, r);
    check("log1p small", log_uniform<T>(-80, -1, n_points<T>, true), f, r);
    check("log1p large", log_uniform<T>(0, max_e2<T>, n_points<T>, false), f, r);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(pow_matches_std, T, float_types) {
    splitmix g{7};
    std::vector<T> xs, ys;
    // Points are indices into (xs, ys), so that check() sees a function of one variable.
    auto run = [&](const std::string& what) {
        std::vector<T> idx;
        for (std::size_t i = 0; i < xs.size(); ++i) idx.push_back(static_cast<T>(i));
        auto at = [](T i) { return static_cast<std::size_t>(i); };
        auto f = [&](T i) { return impl::pow_impl(xs[at(i)], ys[at(i)]); };
        auto r = [&](auto i) {
            using U = decltype(i);
            return std::pow(static_cast<U>(xs[at(static_cast<T>(i))]), static_cast<U>(ys[at(static_cast<T>(i))]));
        };
        check(what, idx, f, r);
        xs.clear();
        ys.clear();
    };
    for (const T x : log_uniform<T>(-30, 30, n_points<T>, false, 11)) {
        xs.push_back(x);
        ys.push_back(static_cast<T>(-40 + 80 * g.unit()));
    }
    run("pow x in [2^-30, 2^30], y in [-40, 40]");
    for (int i = 0; i < n_points<T>; ++i) {  // results over the whole range, including overflow
        xs.push_back(static_cast<T>(0.5 + 2 * g.unit()));
        ys.push_back(static_cast<T>(-2.0 * max_e2<T> + 4.0 * max_e2<T> * g.unit()));
    }
    run("pow x in [0.5, 2.5], |y| large");
    for (int i = 0; i < n_points<T>; ++i) {  // negative bases, integer exponents
        xs.push_back(static_cast<T>(-10 + 9.5 * g.unit()));
        ys.push_back(static_cast<T>(std::floor(-30 + 60 * g.unit())));
    }
    run("pow x < 0, integer y");
    for (int i = 0; i < n_points<T>; ++i) {  // x near 1, y large: y log x must stay exact
        xs.push_back(static_cast<T>(1 + (g.unit() - 0.5) * 1e-6));
        ys.push_back(static_cast<T>((g.unit() - 0.5) * 1e8));
    }
    run("pow x near 1, |y| <= 5e7");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(sqrt_is_correctly_rounded, T, float_types) {
    auto f = [](T x) { return impl::sqrt_impl(x); };
    auto r = [](T x) { return std::sqrt(x); };
    BOOST_TEST(max_ulp("sqrt all positive", log_uniform<T>(min_e2<T>, max_e2<T>, n_points<T>, false), f, r) == 0.0);
    BOOST_TEST(max_ulp("sqrt [0, 10]", uniform<T>(0, 10, n_points<T>), f, r) == 0.0);
    // Squares and their neighbours: exact roots and the closest calls to a rounding boundary.
    std::vector<T> sq;
    splitmix g{5};
    for (int i = 0; i < n_points<T>; ++i) {
        const T y = static_cast<T>(1 + g.unit());
        const T x = y * y;
        sq.push_back(x);
        sq.push_back(std::nextafter(x, T(0)));
        sq.push_back(std::nextafter(x, T(10)));
    }
    BOOST_TEST(max_ulp("sqrt near squares", sq, f, r) == 0.0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(trig_matches_std, T, float_types) {
    auto s = [](T x) { return impl::sin_impl(x); };
    auto c = [](T x) { return impl::cos_impl(x); };
    auto t = [](T x) { return impl::tan_impl(x); };
    auto rs = [](auto x) { return std::sin(x); };
    auto rc = [](auto x) { return std::cos(x); };
    auto rt = [](auto x) { return std::tan(x); };
    // Close to multiples of pi/2, where the reduction cancels most.
    std::vector<T> close;
    splitmix g{9};
    for (int i = 0; i < n_points<T>; ++i) {
        const long double k = std::floor(1e6L * static_cast<long double>(g.unit()));
        close.push_back(static_cast<T>(k * 1.57079632679489661923132169163975144L));
    }
    const std::pair<const char*, std::vector<T>> sets[] = {
        {"[-10, 10]", uniform<T>(-10, 10, n_points<T>)},
        {"[-1e4, 1e4]", uniform<T>(-1e4L, 1e4L, n_points<T>)},
        {"[-1e9, 1e9]", uniform<T>(-1e9L, 1e9L, n_points<T>)},                      // Cody-Waite
        {"2^-30 <= |x| < max", log_uniform<T>(-30, max_e2<T>, n_points<T>, true)},  // Payne-Hanek
        {"near k pi/2, k < 1e6", close}};
    for (const auto& [name, xs] : sets) {
        check(std::string("sin ") + name, xs, s, rs);
        check(std::string("cos ") + name, xs, c, rc);
        check(std::string("tan ") + name, xs, t, rt);
    }
}

BOOST_AUTO_TEST_CASE(trig_hardest_double_reduction) {
    // x = 6381956970095103 * 2^797 is within 2^-61 of a multiple of pi/2, the closest of all
    // doubles. Expected values from a 3000-bit computation (mpmath); glibc's cos and tan are
    // several ulps off here, so this compares with the exact values instead.
    const double x = 0x1.6ac5b262ca1ffp+849;
    BOOST_TEST(impl::cos_impl(x) == -0x1.14ae72e6ba22fp-61);
    BOOST_TEST(impl::tan_impl(x) == -0x1.d9ba9a7975636p+60);
    BOOST_TEST(ulp_distance(impl::sin_impl(x), std::sin(x)) <= 1.0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(hyperbolic_matches_std, T, float_types) {
    auto th = [](T x) { return impl::tanh_impl(x); };
    auto sh = [](T x) { return impl::sinh_impl(x); };
    auto ch = [](T x) { return impl::cosh_impl(x); };
    auto rth = [](auto x) { return std::tanh(x); };
    auto rsh = [](auto x) { return std::sinh(x); };
    auto rch = [](auto x) { return std::cosh(x); };
    const auto wide = uniform<T>(-exp_max<T> - 1, exp_max<T> + 1, n_points<T>);
    const auto mid = uniform<T>(-25, 25, n_points<T>);
    const auto unit = uniform<T>(-1, 1, n_points<T>);
    const auto tiny = log_uniform<T>(-70, 0, n_points<T>, true);
    check("tanh [-25, 25]", mid, th, rth);
    check("tanh [-1, 1]", unit, th, rth);
    check("tanh small", tiny, th, rth);
    check("sinh overflow range", wide, sh, rsh);
    check("sinh [-25, 25]", mid, sh, rsh);
    check("sinh small", tiny, sh, rsh);
    check("cosh overflow range", wide, ch, rch);
    check("cosh [-25, 25]", mid, ch, rch);
    check("cosh small", tiny, ch, rch);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(inverse_trig_matches_std, T, float_types) {
    auto at = [](T x) { return impl::atan_impl(x); };
    auto as = [](T x) { return impl::asin_impl(x); };
    auto ac = [](T x) { return impl::acos_impl(x); };
    auto rat = [](auto x) { return std::atan(x); };
    auto ras = [](auto x) { return std::asin(x); };
    auto rac = [](auto x) { return std::acos(x); };
    check("atan [-10, 10]", uniform<T>(-10, 10, n_points<T>), at, rat);
    check("atan all", log_uniform<T>(min_e2<T>, max_e2<T>, n_points<T>, true), at, rat);
    check("asin [-1, 1]", uniform<T>(-1, 1, n_points<T>), as, ras);
    check("asin small", log_uniform<T>(-70, 0, n_points<T>, true), as, ras);
    check("acos [-1, 1]", uniform<T>(-1, 1, n_points<T>), ac, rac);
    std::vector<T> near_one;  // 1 - 2^-k: where 1 - x^2 cancels
    for (const T d : log_uniform<T>(-digits_of<T>, -1, n_points<T>, false)) {
        near_one.push_back(T(1) - d);
        near_one.push_back(T(-1) + d);
    }
    check("asin near +-1", near_one, as, ras);
    check("acos near +-1", near_one, ac, rac);
    // atan2 and hypot over points (y, x): each coordinate log-uniform with a random sign
    const auto ys = log_uniform<T>(min_e2<T> / 2, max_e2<T> / 2, n_points<T>, true, 5);
    const auto xs = log_uniform<T>(min_e2<T> / 2, max_e2<T> / 2, n_points<T>, true, 6);
    const auto unit_y = uniform<T>(-3, 3, n_points<T>, 7);
    const auto unit_x = uniform<T>(-3, 3, n_points<T>, 8);
    const auto binary = [&](const std::string& what, const std::vector<T>& a, const std::vector<T>& b, auto impl_fn,
                            auto std_fn) {
        std::vector<T> index(a.size());
        for (std::size_t i = 0; i < a.size(); ++i) index[i] = static_cast<T>(i);
        check(what, index, [&](T i) { return impl_fn(a[static_cast<std::size_t>(i)], b[static_cast<std::size_t>(i)]); },
              [&](auto i) {
                  using W = decltype(i);
                  return std_fn(static_cast<W>(a[static_cast<std::size_t>(i)]), static_cast<W>(b[static_cast<std::size_t>(i)]));
              });
    };
    binary("atan2 wide", ys, xs, [](T y, T x) { return impl::atan2_impl(y, x); }, [](auto y, auto x) { return std::atan2(y, x); });
    binary("atan2 [-3, 3]^2", unit_y, unit_x, [](T y, T x) { return impl::atan2_impl(y, x); },
           [](auto y, auto x) { return std::atan2(y, x); });
    binary("hypot wide", ys, xs, [](T y, T x) { return impl::hypot_impl(y, x); }, [](auto y, auto x) { return std::hypot(y, x); });
    binary("hypot [-3, 3]^2", unit_y, unit_x, [](T y, T x) { return impl::hypot_impl(y, x); },
           [](auto y, auto x) { return std::hypot(y, x); });
}

BOOST_AUTO_TEST_CASE_TEMPLATE(special_functions_match_std, T, float_types) {
    const auto all_positive = log_uniform<T>(min_e2<T>, max_e2<T>, n_points<T>, false);
    const auto all_signed = log_uniform<T>(min_e2<T>, max_e2<T>, n_points<T>, true);
    const auto tiny = log_uniform<T>(-70, 0, n_points<T>, true);
    check("exp2 range", uniform<T>(min_e2<T> - 1, max_e2<T> + 1, n_points<T>), [](T x) { return impl::exp2_impl(x); },
          [](auto x) { return std::exp2(x); });
    check("exp2 [-1, 1]", uniform<T>(-1, 1, n_points<T>), [](T x) { return impl::exp2_impl(x); },
          [](auto x) { return std::exp2(x); });
    check("log2 all", all_positive, [](T x) { return impl::log2_impl(x); }, [](auto x) { return std::log2(x); });
    check("log2 near 1", uniform<T>(0.5L, 2, n_points<T>), [](T x) { return impl::log2_impl(x); },
          [](auto x) { return std::log2(x); });
    check("log10 all", all_positive, [](T x) { return impl::log10_impl(x); }, [](auto x) { return std::log10(x); });
    check("log10 near 1", uniform<T>(0.5L, 2, n_points<T>), [](T x) { return impl::log10_impl(x); },
          [](auto x) { return std::log10(x); });
    // glibc's cbrt and erfc are themselves off by up to 3 and 5 ulps (its libm-test-ulps): against
    // them a looser bound; the bound that matters is the one against the wider type (1 ulp)
    constexpr double glibc_loose = 6.0;
    check("cbrt all", all_signed, [](T x) { return impl::cbrt_impl(x); }, [](auto x) { return std::cbrt(x); },
          glibc_loose);
    check("asinh all", all_signed, [](T x) { return impl::asinh_impl(x); }, [](auto x) { return std::asinh(x); });
    check("asinh [-5, 5]", uniform<T>(-5, 5, n_points<T>), [](T x) { return impl::asinh_impl(x); },
          [](auto x) { return std::asinh(x); });
    check("asinh small", tiny, [](T x) { return impl::asinh_impl(x); }, [](auto x) { return std::asinh(x); });
    check("acosh [1, 10]", uniform<T>(1, 10, n_points<T>), [](T x) { return impl::acosh_impl(x); },
          [](auto x) { return std::acosh(x); });
    check("acosh all", log_uniform<T>(0, max_e2<T>, n_points<T>, false), [](T x) { return impl::acosh_impl(x); },
          [](auto x) { return std::acosh(x); });
    check("atanh [-1, 1]", uniform<T>(-1, 1, n_points<T>), [](T x) { return impl::atanh_impl(x); },
          [](auto x) { return std::atanh(x); });
    check("atanh small", tiny, [](T x) { return impl::atanh_impl(x); }, [](auto x) { return std::atanh(x); });
    check("erf [-6, 6]", uniform<T>(-6, 6, n_points<T>), [](T x) { return impl::erf_impl(x); },
          [](auto x) { return std::erf(x); });
    check("erf small", tiny, [](T x) { return impl::erf_impl(x); }, [](auto x) { return std::erf(x); });
    check("erfc [-6, 30]", uniform<T>(-6, erfc_max<T>, n_points<T>), [](T x) { return impl::erfc_impl(x); },
          [](auto x) { return std::erfc(x); }, glibc_loose);
    check("erfc [0, 4]", uniform<T>(0, 4, n_points<T>), [](T x) { return impl::erfc_impl(x); },
          [](auto x) { return std::erfc(x); }, glibc_loose);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(activations_match_reference, T, float_types) {
    // Reference: the same stable formulas in a wider type (long double for float and double),
    // rounded to T, i.e. nearly the exact value. For long double, the std:: long double formula.
    using R = long double;
    auto sig_ref = [](T x) {
        const R v = static_cast<R>(x);
        return static_cast<T>(v >= 0 ? 1 / (1 + std::exp(-v)) : std::exp(v) / (1 + std::exp(v)));
    };
    auto sp_ref = [](T x) {
        const R v = static_cast<R>(x);
        return static_cast<T>((v > 0 ? v : R(0)) + std::log1p(std::exp(-std::fabs(v))));
    };
    auto sig = [](T x) { return impl::sigmoid_impl(x); };
    auto sp = [](T x) { return impl::softplus_impl(x); };
    auto sig_rt = [](T x) { return math::sigmoid(x); };  // run-time (std::) path
    auto sp_rt = [](T x) { return math::softplus(x); };
    const double t = std::is_same_v<T, long double> ? 4.0 : 2.0;
    for (const auto& [name, xs] : {std::pair{"[-40, 40]", uniform<T>(-40, 40, n_points<T>)},
                                   std::pair{"[-800, 800]", uniform<T>(-800, 800, n_points<T>)}}) {
        BOOST_TEST(max_ulp(std::string("sigmoid ") + name, xs, sig, sig_ref) <= t);
        BOOST_TEST(max_ulp(std::string("softplus ") + name, xs, sp, sp_ref) <= t);
        BOOST_TEST(max_ulp(std::string("sigmoid (run time) ") + name, xs, sig_rt, sig_ref) <= t);
        BOOST_TEST(max_ulp(std::string("softplus (run time) ") + name, xs, sp_rt, sp_ref) <= t);
    }
}

// ---------------------------------------------------------------------------------------------
// Special values (IEEE policy, docs/math.md)
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE_TEMPLATE(special_values, T, float_types) {
    constexpr T inf = std::numeric_limits<T>::infinity();
    constexpr T nan = std::numeric_limits<T>::quiet_NaN();
    constexpr T big = std::numeric_limits<T>::max();
    constexpr T den = std::numeric_limits<T>::denorm_min();
    auto neg0 = [](T x) { return x == T(0) && std::signbit(x); };
    auto pos0 = [](T x) { return x == T(0) && !std::signbit(x); };

    // NaN in, NaN out (pow: except pow(NaN, 0) and pow(1, NaN)).
    for (const T r : {impl::exp_impl(nan), impl::expm1_impl(nan), impl::log_impl(nan),
                      impl::log1p_impl(nan), impl::sqrt_impl(nan), impl::sin_impl(nan),
                      impl::cos_impl(nan), impl::tan_impl(nan), impl::tanh_impl(nan),
                      impl::sinh_impl(nan), impl::cosh_impl(nan), impl::abs_impl(nan),
                      impl::sigmoid_impl(nan), impl::softplus_impl(nan), impl::pow_impl(nan, T(2)),
                      impl::pow_impl(T(2), nan)})
        BOOST_TEST(std::isnan(r));

    // exp, expm1
    BOOST_TEST(impl::exp_impl(inf) == inf);
    BOOST_TEST(pos0(impl::exp_impl(-inf)));
    BOOST_TEST(impl::exp_impl(T(0)) == T(1));
    BOOST_TEST(impl::exp_impl(-T(0)) == T(1));
    BOOST_TEST(impl::exp_impl(T(exp_max<T> + 1)) == inf);       // overflow
    BOOST_TEST(pos0(impl::exp_impl(T(exp_min<T> - 1))));        // underflow
    BOOST_TEST(ulp_distance(impl::exp_impl(std::log(den)), std::exp(std::log(den))) <= tol<T>);  // subnormal
    BOOST_TEST(ulp_distance(impl::exp_impl(std::log(big)), std::exp(std::log(big))) <= tol<T>);  // near overflow
    BOOST_TEST(impl::exp_impl(den) == T(1));
    BOOST_TEST(impl::expm1_impl(inf) == inf);
    BOOST_TEST(impl::expm1_impl(-inf) == T(-1));
    BOOST_TEST(neg0(impl::expm1_impl(-T(0))));
    BOOST_TEST(impl::expm1_impl(den) == den);
    BOOST_TEST(impl::expm1_impl(T(exp_max<T> + 1)) == inf);

    // log, log1p
    BOOST_TEST(impl::log_impl(T(0)) == -inf);
    BOOST_TEST(impl::log_impl(-T(0)) == -inf);
    BOOST_TEST(std::isnan(impl::log_impl(T(-1))));
    BOOST_TEST(std::isnan(impl::log_impl(-inf)));
    BOOST_TEST(impl::log_impl(inf) == inf);
    BOOST_TEST(pos0(impl::log_impl(T(1))));
    BOOST_TEST(ulp_distance(impl::log_impl(den), std::log(den)) <= tol<T>);
    BOOST_TEST(ulp_distance(impl::log_impl(big), std::log(big)) <= tol<T>);
    BOOST_TEST(impl::log1p_impl(T(-1)) == -inf);
    BOOST_TEST(std::isnan(impl::log1p_impl(T(-2))));
    BOOST_TEST(impl::log1p_impl(inf) == inf);
    BOOST_TEST(neg0(impl::log1p_impl(-T(0))));
    BOOST_TEST(impl::log1p_impl(den) == den);
    BOOST_TEST(ulp_distance(impl::log1p_impl(big), std::log1p(big)) <= tol<T>);

    // sqrt
    BOOST_TEST(std::isnan(impl::sqrt_impl(T(-1))));
    BOOST_TEST(std::isnan(impl::sqrt_impl(-inf)));
    BOOST_TEST(neg0(impl::sqrt_impl(-T(0))));
    BOOST_TEST(pos0(impl::sqrt_impl(T(0))));
    BOOST_TEST(impl::sqrt_impl(inf) == inf);
    BOOST_TEST(impl::sqrt_impl(den) == std::sqrt(den));
    BOOST_TEST(impl::sqrt_impl(big) == std::sqrt(big));

    // sin, cos, tan
    for (const T x : {inf, -inf}) {
        BOOST_TEST(std::isnan(impl::sin_impl(x)));
        BOOST_TEST(std::isnan(impl::cos_impl(x)));
        BOOST_TEST(std::isnan(impl::tan_impl(x)));
    }
    BOOST_TEST(neg0(impl::sin_impl(-T(0))));
    BOOST_TEST(neg0(impl::tan_impl(-T(0))));
    BOOST_TEST(impl::cos_impl(-T(0)) == T(1));
    BOOST_TEST(impl::sin_impl(den) == den);
    BOOST_TEST(ulp_distance(impl::sin_impl(big), std::sin(big)) <= tol<T>);
    BOOST_TEST(ulp_distance(impl::cos_impl(-big), std::cos(-big)) <= tol<T>);

    // tanh, sinh, cosh
    BOOST_TEST(impl::tanh_impl(inf) == T(1));
    BOOST_TEST(impl::tanh_impl(-inf) == T(-1));
    BOOST_TEST(neg0(impl::tanh_impl(-T(0))));
    BOOST_TEST(impl::tanh_impl(T(1000)) == T(1));
    BOOST_TEST(impl::sinh_impl(inf) == inf);
    BOOST_TEST(impl::sinh_impl(-inf) == -inf);
    BOOST_TEST(neg0(impl::sinh_impl(-T(0))));
    BOOST_TEST(impl::sinh_impl(T(exp_max<T> + 2)) == inf);
    BOOST_TEST(impl::sinh_impl(-T(exp_max<T> + 2)) == -inf);
    BOOST_TEST(impl::cosh_impl(inf) == inf);
    BOOST_TEST(impl::cosh_impl(-inf) == inf);
    BOOST_TEST(impl::cosh_impl(-T(0)) == T(1));
    BOOST_TEST(impl::cosh_impl(-T(exp_max<T> + 2)) == inf);
    // sinh/cosh just beyond where e^x overflows are still finite (e^x / 2).
    BOOST_TEST(ulp_distance(impl::cosh_impl(T(exp_max<T> + 0.3L)), std::cosh(T(exp_max<T> + 0.3L))) <= tol<T>);
    BOOST_TEST(ulp_distance(impl::sinh_impl(T(exp_max<T> + 0.3L)), std::sinh(T(exp_max<T> + 0.3L))) <= tol<T>);

    // pow: the C99 Annex F cases
    BOOST_TEST(impl::pow_impl(nan, T(0)) == T(1));
    BOOST_TEST(impl::pow_impl(nan, -T(0)) == T(1));
    BOOST_TEST(impl::pow_impl(T(1), nan) == T(1));
    BOOST_TEST(impl::pow_impl(T(1), inf) == T(1));
    BOOST_TEST(impl::pow_impl(T(-1), inf) == T(1));
    BOOST_TEST(impl::pow_impl(T(-1), -inf) == T(1));
    BOOST_TEST(impl::pow_impl(T(-3), T(0)) == T(1));
    BOOST_TEST(std::isnan(impl::pow_impl(T(-2), T(0.5))));
    BOOST_TEST(impl::pow_impl(T(-2), T(3)) == T(-8));
    BOOST_TEST(impl::pow_impl(T(-2), T(4)) == T(16));
    BOOST_TEST(impl::pow_impl(T(-2), T(-1)) == T(-0.5));
    BOOST_TEST(pos0(impl::pow_impl(T(0), T(3))));
    BOOST_TEST(neg0(impl::pow_impl(-T(0), T(3))));
    BOOST_TEST(pos0(impl::pow_impl(-T(0), T(2))));
    BOOST_TEST(pos0(impl::pow_impl(-T(0), T(0.5))));
    BOOST_TEST(impl::pow_impl(T(0), T(-1)) == inf);
    BOOST_TEST(impl::pow_impl(-T(0), T(-1)) == -inf);
    BOOST_TEST(impl::pow_impl(-T(0), T(-2)) == inf);
    BOOST_TEST(impl::pow_impl(-T(0), -inf) == inf);
    BOOST_TEST(pos0(impl::pow_impl(T(0.5), inf)));
    BOOST_TEST(impl::pow_impl(T(0.5), -inf) == inf);
    BOOST_TEST(impl::pow_impl(T(2), inf) == inf);
    BOOST_TEST(pos0(impl::pow_impl(T(-2), -inf)));
    BOOST_TEST(impl::pow_impl(inf, T(0.5)) == inf);
    BOOST_TEST(pos0(impl::pow_impl(inf, T(-0.5))));
    BOOST_TEST(impl::pow_impl(-inf, T(3)) == -inf);
    BOOST_TEST(impl::pow_impl(-inf, T(2)) == inf);
    BOOST_TEST(neg0(impl::pow_impl(-inf, T(-3))));
    BOOST_TEST(pos0(impl::pow_impl(-inf, T(-2))));
    BOOST_TEST(impl::pow_impl(T(10), T(1e6)) == inf);         // overflow
    BOOST_TEST(pos0(impl::pow_impl(T(10), T(-1e6))));         // underflow
    BOOST_TEST(impl::pow_impl(big, T(2)) == inf);
    BOOST_TEST(impl::pow_impl(T(2), T(10)) == T(1024));       // exact results stay exact
    BOOST_TEST(impl::pow_impl(T(-3), T(5)) == T(-243));
    BOOST_TEST(impl::pow_impl(T(1.5), big) == inf);           // huge y: no overflow inside
    BOOST_TEST(pos0(impl::pow_impl(T(1.5), -big)));
    BOOST_TEST(ulp_distance(impl::pow_impl(den, T(0.5)), std::pow(den, T(0.5))) <= tol<T>);

    // abs, sigmoid, softplus
    BOOST_TEST(pos0(impl::abs_impl(-T(0))));
    BOOST_TEST(impl::abs_impl(-inf) == inf);
    BOOST_TEST(impl::abs_impl(T(-2.5)) == T(2.5));
    BOOST_TEST(impl::sigmoid_impl(T(0)) == T(0.5));
    BOOST_TEST(impl::sigmoid_impl(inf) == T(1));
    BOOST_TEST(pos0(impl::sigmoid_impl(-inf)));
    BOOST_TEST(impl::sigmoid_impl(-big) == T(0));
    BOOST_TEST(impl::sigmoid_impl(big) == T(1));
    BOOST_TEST(impl::softplus_impl(inf) == inf);
    BOOST_TEST(pos0(impl::softplus_impl(-inf)));
    BOOST_TEST(impl::softplus_impl(big) == big);
    BOOST_TEST(impl::softplus_impl(-big) == T(0));

    // the inverse trigonometric and hyperbolic functions, exp2 ... erfc (C's values)
    for (const T r : {impl::atan_impl(nan), impl::asin_impl(nan), impl::acos_impl(nan), impl::atan2_impl(nan, T(1)),
                      impl::atan2_impl(T(1), nan), impl::hypot_impl(nan, T(1)), impl::exp2_impl(nan),
                      impl::log2_impl(nan), impl::log10_impl(nan), impl::cbrt_impl(nan), impl::asinh_impl(nan),
                      impl::acosh_impl(nan), impl::atanh_impl(nan), impl::erf_impl(nan), impl::erfc_impl(nan),
                      impl::asin_impl(T(1.5)), impl::acos_impl(T(-1.5)), impl::acosh_impl(T(0.5)),
                      impl::atanh_impl(T(2)), impl::log2_impl(T(-1)), impl::log10_impl(-inf)})
        BOOST_TEST(std::isnan(r));
    const T pi = std::numbers::pi_v<T>;
    BOOST_TEST(impl::atan_impl(inf) == static_cast<T>(std::atan(static_cast<long double>(inf))));
    BOOST_TEST(neg0(impl::atan_impl(-T(0))));
    BOOST_TEST(pos0(impl::atan2_impl(T(0), T(1))));
    BOOST_TEST(neg0(impl::atan2_impl(-T(0), T(0))));
    BOOST_TEST(impl::atan2_impl(T(0), -T(0)) == pi);
    BOOST_TEST(impl::atan2_impl(-T(0), T(-1)) == -pi);
    BOOST_TEST(impl::atan2_impl(T(1), T(0)) == pi / 2);
    BOOST_TEST(impl::atan2_impl(inf, inf) == pi / 4);
    BOOST_TEST(impl::atan2_impl(-inf, -inf) == std::atan2(-inf, -inf));
    BOOST_TEST(neg0(impl::atan2_impl(-T(1), inf)));
    BOOST_TEST(impl::atan2_impl(T(1), -inf) == pi);
    BOOST_TEST(impl::atan2_impl(big, den) == pi / 2);
    BOOST_TEST(pos0(impl::atan2_impl(den, big)));
    BOOST_TEST(impl::hypot_impl(inf, nan) == inf);
    BOOST_TEST(impl::hypot_impl(nan, -inf) == inf);
    BOOST_TEST(impl::hypot_impl(big, big) == inf);
    BOOST_TEST(impl::hypot_impl(den, den) == std::hypot(den, den));
    BOOST_TEST(pos0(impl::hypot_impl(-T(0), T(0))));
    BOOST_TEST(impl::hypot_impl(T(3), T(4)) == T(5));
    BOOST_TEST(impl::asin_impl(T(1)) == pi / 2);
    BOOST_TEST(neg0(impl::asin_impl(-T(0))));
    BOOST_TEST(impl::acos_impl(T(-1)) == pi);
    BOOST_TEST(pos0(impl::acos_impl(T(1))));
    BOOST_TEST(impl::exp2_impl(T(10)) == T(1024));
    BOOST_TEST(impl::exp2_impl(inf) == inf);
    BOOST_TEST(pos0(impl::exp2_impl(-inf)));
    BOOST_TEST(impl::exp2_impl(T(max_e2<T> + 1)) == inf);
    BOOST_TEST(impl::log2_impl(T(1024)) == T(10));
    BOOST_TEST(impl::log2_impl(T(0)) == -inf);
    BOOST_TEST(impl::log10_impl(T(1000)) == T(3));
    BOOST_TEST(pos0(impl::log10_impl(T(1))));
    BOOST_TEST(impl::log10_impl(inf) == inf);
    BOOST_TEST(impl::cbrt_impl(T(-27)) == T(-3));
    BOOST_TEST(neg0(impl::cbrt_impl(-T(0))));
    BOOST_TEST(impl::cbrt_impl(-inf) == -inf);
    BOOST_TEST(neg0(impl::asinh_impl(-T(0))));
    BOOST_TEST(impl::asinh_impl(-inf) == -inf);
    BOOST_TEST(pos0(impl::acosh_impl(T(1))));
    BOOST_TEST(impl::acosh_impl(inf) == inf);
    BOOST_TEST(impl::atanh_impl(T(1)) == inf);
    BOOST_TEST(impl::atanh_impl(T(-1)) == -inf);
    BOOST_TEST(neg0(impl::erf_impl(-T(0))));
    BOOST_TEST(impl::erf_impl(inf) == T(1));
    BOOST_TEST(impl::erf_impl(-inf) == T(-1));
    BOOST_TEST(impl::erfc_impl(-inf) == T(2));
    BOOST_TEST(pos0(impl::erfc_impl(inf)));
    BOOST_TEST(impl::erfc_impl(T(0)) == T(1));
    BOOST_TEST(pos0(impl::erfc_impl(big)));  // no overflow squaring a huge argument
    BOOST_TEST(impl::erf_impl(-big) == T(-1));
    BOOST_TEST(impl::trunc_impl(T(0x1p40) + T(0.5)) == T(0x1p40));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(public_functions_use_std_at_run_time, T, float_types) {
    // At run time the public functions are std:: (bit for bit).
    const auto xs = uniform<T>(-5, 5, 200, 3);
    for (const T x : xs) {
        BOOST_TEST(math::exp(x) == std::exp(x));
        BOOST_TEST(math::sin(x) == std::sin(x));
        BOOST_TEST(math::tanh(x) == std::tanh(x));
        BOOST_TEST(math::abs(x) == std::fabs(x));
        BOOST_TEST(math::atan(x) == std::atan(x));
        BOOST_TEST(math::atan2(x, T(0.5)) == std::atan2(x, T(0.5)));
        BOOST_TEST(math::hypot(x, T(0.5)) == std::hypot(x, T(0.5)));
        BOOST_TEST(math::exp2(x) == std::exp2(x));
        BOOST_TEST(math::cbrt(x) == std::cbrt(x));
        BOOST_TEST(math::asinh(x) == std::asinh(x));
        BOOST_TEST(math::erf(x) == std::erf(x));
        BOOST_TEST(math::erfc(x) == std::erfc(x));
        BOOST_TEST(math::floor(x) == std::floor(x));
        if (x > -1 && x < 1) {
            BOOST_TEST(math::asin(x) == std::asin(x));
            BOOST_TEST(math::acos(x) == std::acos(x));
            BOOST_TEST(math::atanh(x) == std::atanh(x));
        }
        if (x > 0) {
            BOOST_TEST(math::log(x) == std::log(x));
            BOOST_TEST(math::sqrt(x) == std::sqrt(x));
            BOOST_TEST(math::pow(x, T(1.5)) == std::pow(x, T(1.5)));
            BOOST_TEST(math::log2(x) == std::log2(x));
            BOOST_TEST(math::log10(x) == std::log10(x));
            BOOST_TEST(math::acosh(x + 1) == std::acosh(x + 1));
        }
    }
}

BOOST_AUTO_TEST_CASE(constants) {
    BOOST_TEST(math::pi_v<double> == 3.141592653589793);
    BOOST_TEST(math::e_v<double> == 2.718281828459045);
    BOOST_TEST(math::ln2_v<double> == 0.6931471805599453);
    BOOST_TEST(math::pi_v<float> == static_cast<float>(math::pi_v<long double>));
    BOOST_TEST(impl::log_impl(math::e_v<double>) == 1.0);
    BOOST_TEST(impl::exp_impl(math::ln2_v<double>) == 2.0);
}
