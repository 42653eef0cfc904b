#define BOOST_TEST_MODULE ctdiff_pack
#include <boost/test/unit_test.hpp>

// ctdiff::pack: the type itself (lanes, arithmetic, masks), the vector kernels of ctdiff::math
// against long-double references over many random arguments per range and every IEEE edge
// value, and every differentiation mode on packs against the same computation lane by lane on
// scalars. The file is compiled four times (tests/CMakeLists.txt): for the default target; and,
// the type and kernels only, for the build machine's own (-march=native: AVX-512 here), for AVX2
// with FMA, and with the portable lane arrays (CTDIFF_PORTABLE_PACKS). Run with
// --log_level=message to see the largest error per function.

#include <ctdiff/ctdiff.hpp>

#include <boost/mpl/list.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "../support/accuracy.hpp"

#ifdef CTDIFF_PACK_TEST_REQUIRES_AVX2
#include <cstdio>
#include <cstdlib>
/// The AVX2 variant on a CPU without AVX2 and FMA: nothing to test.
struct require_avx2 {
    require_avx2() {
        if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
            std::puts("pack_avx2: this CPU has no AVX2 and FMA: skipped");
            std::exit(0);
        }
    }
};
BOOST_TEST_GLOBAL_FIXTURE(require_avx2);
#endif

namespace {

using namespace ctdiff::literals;
using namespace accuracy;
namespace math = ctdiff::math;

[[maybe_unused]] constexpr auto x = ctdiff::var<"x">;  // (unused in the kernels-only variants)
[[maybe_unused]] constexpr auto y = ctdiff::var<"y">;

// Native width, twice that (wider than the target's registers: a lane array), and one lane.
using pack_types = boost::mpl::list<ctdiff::pack<double>, ctdiff::pack<float>,
                                    ctdiff::pack<double, 2 * ctdiff::native_width<double>>,
                                    ctdiff::pack<float, 2 * ctdiff::native_width<float>>, ctdiff::pack<double, 1>>;
// (the differentiation tests take most of the compile time, about 25 s per type at -O2: one
// type each; the default build's pack<float> is a vector type, its pack<double, 4> a lane array)
using mode_pack_types = boost::mpl::list<ctdiff::pack<double>>;
using tensor_pack_types = boost::mpl::list<ctdiff::pack<float>>;

template <class P>
P iota(typename P::value_type start, typename P::value_type step) {
    return P::generate([&](std::size_t i) { return start + step * static_cast<typename P::value_type>(i); });
}

/// Applies the pack function to xs, N lanes at a time (the last pack padded with the first
/// point), and gives the largest error in ulps of T against the long-double reference.
template <class P, class F, class R>
double max_error(const std::string& what, const std::vector<typename P::value_type>& xs, F f, R ref) {
    using T = typename P::value_type;
    double worst = 0;
    T at = 0;
    for (std::size_t i = 0; i < xs.size(); i += P::size) {
        const P in = P::generate([&](std::size_t l) { return i + l < xs.size() ? xs[i + l] : xs[0]; });
        const P out = f(in);
        for (std::size_t l = 0; l < P::size && i + l < xs.size(); ++l) {
            const double e = error_in_ulps<T>(out[l], ref(static_cast<long double>(xs[i + l])));
            if (e > worst) worst = e, at = xs[i + l];
        }
    }
    BOOST_TEST_MESSAGE(what << " <" << type_name<T>() << " x " << P::size << ">: max " << worst << " ulp over "
                            << xs.size() << " points (at x = " << static_cast<double>(at) << ")");
    return worst;
}

/// Every IEEE edge value and the values around the kernels' internal boundaries.
template <class T>
std::vector<T> edge_values() {
    using L = std::numeric_limits<T>;
    std::vector<T> v{T(0),          -T(0),          L::denorm_min(), -L::denorm_min(), L::min(),  -L::min(),
                     L::max(),      -L::max(),      L::infinity(),   -L::infinity(),   L::quiet_NaN(),
                     T(1),          T(-1),          T(0.5),          T(-0.5),          T(2),      T(-2),
                     T(0.5493061),  T(-0.5493061),  T(0.3465736),    T(-0.3465736),    T(1e-30),  T(-1e-30),
                     T(88.7),       T(-103.9),      T(700),          T(-740),          T(1e6),    T(-1e6),
                     T(1e20),       T(3.14159265),  T(1.5707963),    T(-1.5707963),    T(1 - L::epsilon()),
                     T(1 + L::epsilon()), T(-1 + L::epsilon() / 2)};
    return v;
}

template <class T>
constexpr long double exp_hi = std::is_same<T, float>::value ? 88.8L : 709.9L;
template <class T>
constexpr long double exp_lo = std::is_same<T, float>::value ? -104.0L : -745.2L;
template <class T>
constexpr int points = 20000;

template <class P>
struct kernels {
    using T = typename P::value_type;
    static std::vector<T> wide() { return log_uniform<T>(-40, 40, points<T>, true, 11); }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// The type
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE_TEMPLATE(lanes_load_store_and_arithmetic, P, pack_types) {
    using T = typename P::value_type;
    std::array<T, P::size> in{}, out{};
    for (std::size_t i = 0; i < P::size; ++i) in[i] = static_cast<T>(i) + T(0.5);
    const P a = P::load(in.data());
    for (std::size_t i = 0; i < P::size; ++i) BOOST_TEST(a[i] == in[i]);
    const P b = a * a - T(1) / a + P(T(2));
    b.store(out.data());
    for (std::size_t i = 0; i < P::size; ++i) BOOST_TEST(out[i] == in[i] * in[i] - T(1) / in[i] + T(2));
    P c = a;
    c += T(1);
    c *= a;
    c -= a;
    c /= P(T(4));
    for (std::size_t i = 0; i < P::size; ++i) BOOST_TEST(c[i] == ((in[i] + T(1)) * in[i] - in[i]) / T(4));
    BOOST_TEST(P()[P::size - 1] == T(0));
    BOOST_TEST(ctdiff::sum_lanes(P(T(2))) == T(2 * P::size));
    BOOST_TEST((-a)[0] == -in[0]);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(comparisons_masks_and_where, P, pack_types) {
    using T = typename P::value_type;
    const P a = iota<P>(T(0), T(1));  // 0 1 2 ...
    const P half(T(P::size - 1) / T(2) + T(0.25));
    const auto low = a < half;
    for (std::size_t i = 0; i < P::size; ++i) BOOST_TEST(low[i] == (a[i] < half[i]));
    BOOST_TEST(ctdiff::where(low, a, T(-1))[P::size - 1] == (P::size == 1 ? T(0) : T(-1)));
    BOOST_TEST(ctdiff::where(low, T(7), a)[0] == T(7));
    const P w = ctdiff::where(low, a, -a);
    for (std::size_t i = 0; i < P::size; ++i) BOOST_TEST(w[i] == (a[i] < half[i] ? a[i] : -a[i]));
    BOOST_TEST(ctdiff::any(low));
    BOOST_TEST(ctdiff::all(low) == (P::size == 1));
    BOOST_TEST(ctdiff::none(a < T(0)));
    BOOST_TEST(ctdiff::all((a >= T(0)) && !(a != a)));
    BOOST_TEST(ctdiff::all(low || !low));
    const P nan(std::numeric_limits<T>::quiet_NaN());
    BOOST_TEST(ctdiff::none(nan == nan));  // IEEE: NaN equals nothing
    BOOST_TEST(ctdiff::all(nan != nan));
    BOOST_TEST(std::isnan(std::numeric_limits<P>::quiet_NaN()[P::size - 1]));
    BOOST_TEST(std::numeric_limits<P>::infinity()[0] == std::numeric_limits<T>::infinity());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(gather_puts_one_sample_in_each_lane, P, pack_types) {
    using T = typename P::value_type;
    std::vector<ctdiff::tensor<T, ctdiff::shape<2, 3>>> samples(P::size);
    for (std::size_t i = 0; i < P::size; ++i)
        for (std::size_t e = 0; e < 6; ++e) samples[i][e] = static_cast<T>(10 * i + e);
    const auto t = ctdiff::gather<P>([&](std::size_t i) { return samples[i]; });
    static_assert(std::is_same<decltype(t), const ctdiff::tensor<P, ctdiff::shape<2, 3>>>::value);
    for (std::size_t i = 0; i < P::size; ++i)
        for (std::size_t e = 0; e < 6; ++e) BOOST_TEST(t[e][i] == samples[i][e]);
    const P s = ctdiff::gather<P>([](std::size_t i) { return static_cast<T>(i) * T(0.5); });
    for (std::size_t i = 0; i < P::size; ++i) BOOST_TEST(s[i] == static_cast<T>(i) * T(0.5));
    BOOST_TEST(ctdiff::sum_lanes(t)(1, 2) == static_cast<T>(10 * (P::size * (P::size - 1) / 2) + 5 * P::size));
}

// ---------------------------------------------------------------------------------------------
// The kernels: within 2 ulp of the exact value (long double std:: rounded is within 2^-11 ulp
// of it) over random arguments per range, and IEEE special values as std:: gives them
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE_TEMPLATE(vector_kernels_within_two_ulp, P, pack_types) {
    using T = typename P::value_type;
    using LD = long double;
    const int n = points<T>;
    const auto exp_ = [](P v) { return math::exp(v); };
    const auto exp_ref = [](LD v) { return std::exp(v); };
    BOOST_TEST(max_error<P>("exp", uniform<T>(exp_lo<T>, exp_hi<T>, n), exp_, exp_ref) <= 2.0);
    BOOST_TEST(max_error<P>("exp [-1, 1]", uniform<T>(-1, 1, n), exp_, exp_ref) <= 2.0);
    BOOST_TEST(max_error<P>("exp small", log_uniform<T>(-70, 0, n, true), exp_, exp_ref) <= 2.0);
    BOOST_TEST(max_error<P>("exp subnormal results", uniform<T>(exp_lo<T>, exp_lo<T> + 30, n), exp_, exp_ref) <= 2.0);

    const auto expm1_ = [](P v) { return math::expm1(v); };
    const auto expm1_ref = [](LD v) { return std::expm1(v); };
    BOOST_TEST(max_error<P>("expm1", uniform<T>(-60, exp_hi<T>, n), expm1_, expm1_ref) <= 2.0);
    BOOST_TEST(max_error<P>("expm1 [-2, 2]", uniform<T>(-2, 2, n), expm1_, expm1_ref) <= 2.0);
    BOOST_TEST(max_error<P>("expm1 small", log_uniform<T>(-80, 0, n, true), expm1_, expm1_ref) <= 2.0);

    const auto log_ = [](P v) { return math::log(v); };
    const auto log_ref = [](LD v) { return std::log(v); };
    constexpr double e_min = std::numeric_limits<T>::min_exponent - std::numeric_limits<T>::digits;
    constexpr double e_max = std::numeric_limits<T>::max_exponent - 0.01;
    BOOST_TEST(max_error<P>("log", log_uniform<T>(e_min, e_max, n, false), log_, log_ref) <= 2.0);
    BOOST_TEST(max_error<P>("log near 1", uniform<T>(0.5, 2, n), log_, log_ref) <= 2.0);

    const auto log1p_ = [](P v) { return math::log1p(v); };
    const auto log1p_ref = [](LD v) { return std::log1p(v); };
    BOOST_TEST(max_error<P>("log1p", log_uniform<T>(-80, e_max, n, false), log1p_, log1p_ref) <= 2.0);
    BOOST_TEST(max_error<P>("log1p (-1, 1]", uniform<T>(-0.999, 1, n), log1p_, log1p_ref) <= 2.0);
    BOOST_TEST(max_error<P>("log1p small", log_uniform<T>(-80, -1, n, true), log1p_, log1p_ref) <= 2.0);

    const auto tanh_ = [](P v) { return math::tanh(v); };
    const auto tanh_ref = [](LD v) { return std::tanh(v); };
    BOOST_TEST(max_error<P>("tanh [-3, 3]", uniform<T>(-3, 3, n), tanh_, tanh_ref) <= 2.0);
    BOOST_TEST(max_error<P>("tanh", kernels<P>::wide(), tanh_, tanh_ref) <= 2.0);

    const auto sigmoid_ = [](P v) { return math::sigmoid(v); };
    const auto sigmoid_ref = [](LD v) { return 1.0L / (1.0L + std::exp(-v)); };
    BOOST_TEST(max_error<P>("sigmoid [-40, 40]", uniform<T>(-40, 40, n), sigmoid_, sigmoid_ref) <= 2.0);
    BOOST_TEST(max_error<P>("sigmoid", kernels<P>::wide(), sigmoid_, sigmoid_ref) <= 2.0);

    const auto softplus_ = [](P v) { return math::softplus(v); };
    const auto softplus_ref = [](LD v) { return v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v)); };
    BOOST_TEST(max_error<P>("softplus [-40, 40]", uniform<T>(-40, 40, n), softplus_, softplus_ref) <= 2.0);
    BOOST_TEST(max_error<P>("softplus", kernels<P>::wide(), softplus_, softplus_ref) <= 2.0);

    const auto sin_ = [](P v) { return math::sin(v); };
    const auto cos_ = [](P v) { return math::cos(v); };
    const auto sin_ref = [](LD v) { return std::sin(v); };
    const auto cos_ref = [](LD v) { return std::cos(v); };
    BOOST_TEST(max_error<P>("sin [-10, 10]", uniform<T>(-10, 10, n), sin_, sin_ref) <= 2.0);
    BOOST_TEST(max_error<P>("cos [-10, 10]", uniform<T>(-10, 10, n), cos_, cos_ref) <= 2.0);
    BOOST_TEST(max_error<P>("sin", log_uniform<T>(-60, 30, n, true), sin_, sin_ref) <= 2.0);
    BOOST_TEST(max_error<P>("cos", log_uniform<T>(-60, 30, n, true), cos_, cos_ref) <= 2.0);
    // (where the argument reduction's rounding once reached 2.3 ulp)
    BOOST_TEST(max_error<P>("sin [2^10, 2^20]", uniform<T>(1024, 1048576, n), sin_, sin_ref) <= 2.0);
    BOOST_TEST(max_error<P>("cos [2^10, 2^20]", uniform<T>(1024, 1048576, n), cos_, cos_ref) <= 2.0);
    const T far = T(919581.61772784032);
    BOOST_TEST(error_in_ulps<T>(math::sin(P(far))[0], std::sin(static_cast<long double>(far))) <= 2.0);

    const auto sqrt_ = [](P v) { return math::sqrt(v); };
    BOOST_TEST(max_error<P>("sqrt", log_uniform<T>(e_min, e_max, n, false), sqrt_, [](LD v) { return std::sqrt(v); }) <= 0.5);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(pow_kernel_within_two_ulp_and_ieee, P, pack_types) {
    using T = typename P::value_type;
    // random x and y with |y log x| up to 700 (where a double's rounding of y log x would cost
    // ten bits), x near 1 with huge y, subnormal x; then every pair of edge values
    splitmix g{17};
    double worst = 0;
    T worst_x = 0, worst_y = 0;
    constexpr long double range = std::is_same<T, float>::value ? 85.0L : 700.0L;
    for (int i = 0; i < 60000; i += static_cast<int>(P::size)) {
        std::array<T, P::size> xs{}, ys{};
        for (std::size_t l = 0; l < P::size; ++l) {
            const int kind = (i + static_cast<int>(l)) % 4;
            long double xv = std::exp2(g.unit() * 40 - 20);
            long double yv = (2 * g.unit() - 1) * 5;
            if (kind == 1) yv = (2 * g.unit() - 1) * range / std::fabs(std::log(xv));
            if (kind == 2) xv = 1 + (g.unit() - 0.5) * 1e-5, yv = (2 * g.unit() - 1) * 1e6;
            if (kind == 3) xv = std::ldexp(1 + g.unit(), std::numeric_limits<T>::min_exponent - 5), yv = g.unit() * 0.9;
            xs[l] = static_cast<T>(xv);
            ys[l] = static_cast<T>(yv);
        }
        const P r = math::pow(P::load(xs.data()), P::load(ys.data()));
        for (std::size_t l = 0; l < P::size; ++l) {
            const double e = error_in_ulps<T>(r[l], std::pow(static_cast<long double>(xs[l]), static_cast<long double>(ys[l])));
            if (e > worst) worst = e, worst_x = xs[l], worst_y = ys[l];
        }
    }
    BOOST_TEST_MESSAGE("pow <" << type_name<T>() << " x " << P::size << ">: max " << worst << " ulp (at x = " << worst_x
                               << ", y = " << worst_y << ")");
    BOOST_TEST(worst <= 2.0);
    using L = std::numeric_limits<T>;
    const std::vector<T> xs{T(0), -T(0), T(1), T(-1), T(2), T(-2), T(0.5), T(-0.5), L::infinity(), -L::infinity(),
                            L::quiet_NaN(), L::denorm_min(), T(-3), L::max()};
    const std::vector<T> ys{T(0), -T(0), T(1), T(-1), T(2), T(3), T(-3), T(0.5), T(-0.5), L::infinity(), -L::infinity(),
                            L::quiet_NaN(), L::max(), T(2.5), T(1e10)};
    for (const T a : xs)
        for (const T b : ys) {
            const T got = math::pow(P(a), P(b))[0], want = std::pow(a, b);
            const bool same = (std::isnan(got) && std::isnan(want)) || (got == want && std::signbit(got) == std::signbit(want)) ||
                              (std::isfinite(want) && want != 0 && error_in_ulps<T>(got, static_cast<long double>(want)) <= 2.0);
            BOOST_TEST(same, "pow(" << a << ", " << b << "): " << got << ", std::pow gives " << want);
        }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(vector_kernels_follow_ieee_at_edges, P, pack_types) {
    using T = typename P::value_type;
    // (std:: in T is the reference for the class of the result: NaN, infinity, zero and its sign)
    const auto agree = [](const std::string& what, auto pack_fn, auto std_fn) {
        for (const T v : edge_values<T>()) {
            const T got = pack_fn(P(v))[P::size - 1];
            const T want = std_fn(v);
            const bool same_class = (std::isnan(got) && std::isnan(want)) ||
                                    (got == want && std::signbit(got) == std::signbit(want)) ||
                                    (std::isfinite(got) && std::isfinite(want) && want != 0 &&
                                     error_in_ulps<T>(got, static_cast<long double>(want)) <= 2.5);
            BOOST_TEST(same_class, what << "(" << v << "): " << got << ", std:: gives " << want);
        }
    };
    agree("exp", [](P v) { return math::exp(v); }, [](T v) { return std::exp(v); });
    agree("expm1", [](P v) { return math::expm1(v); }, [](T v) { return std::expm1(v); });
    agree("log", [](P v) { return math::log(v); }, [](T v) { return std::log(v); });
    agree("log1p", [](P v) { return math::log1p(v); }, [](T v) { return std::log1p(v); });
    agree("tanh", [](P v) { return math::tanh(v); }, [](T v) { return std::tanh(v); });
    agree("sin", [](P v) { return math::sin(v); }, [](T v) { return std::sin(v); });
    agree("cos", [](P v) { return math::cos(v); }, [](T v) { return std::cos(v); });
    agree("sqrt", [](P v) { return math::sqrt(v); }, [](T v) { return std::sqrt(v); });
    agree("abs", [](P v) { return math::abs(v); }, [](T v) { return std::fabs(v); });
    agree("sigmoid", [](P v) { return math::sigmoid(v); }, [](T v) { return math::sigmoid(v); });
    agree("softplus", [](P v) { return math::softplus(v); }, [](T v) { return math::softplus(v); });
}

#ifndef CTDIFF_PACK_TEST_KERNELS_ONLY  // (the variants for other targets test the type and kernels)

// ---------------------------------------------------------------------------------------------
// Differentiation on packs: each lane as the scalar computation at that lane's point
// ---------------------------------------------------------------------------------------------

namespace {

/// Whether a pack lane and the scalar result agree within 4 ulp (the kernels and libm differ by
/// up to 2 ulp each), or exactly in class for non-finite values.
template <class T>
bool close(T lane, T scalar) {
    if (std::isnan(lane) || std::isnan(scalar)) return std::isnan(lane) && std::isnan(scalar);
    if (!std::isfinite(lane) || !std::isfinite(scalar) || scalar == 0) return lane == scalar || std::fabs(lane - scalar) <= 1e-300;
    return error_in_ulps<T>(lane, static_cast<long double>(scalar)) <= 4.0 ||
           std::fabs(lane - scalar) <= 8 * std::numeric_limits<T>::epsilon();  // (a sum that cancels)
}

}  // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(every_mode_on_packs_matches_scalars, P, mode_pack_types) {
    using T = typename P::value_type;
    // every vector kernel, a select whose untaken branch is NaN in some lanes, min/max, relu,
    // powers; Jacobian, Hessian and d of a smaller one (they are most of the compile time)
    constexpr auto f = ctdiff::select(x > 0_c, sqrt(x) * log(x), exp(x) - 1_c) + tanh(x * y) * sigmoid(y) +
                       sin(x) * cos(y) + softplus(x - y) + ctdiff::max(x, y) * relu(y) + pow(x * x + 1_c, y) +
                       log1p(abs(y)) + expm1(0.5_c * x) / (1_c + y * y);
    constexpr auto h = tanh(x * y) * exp(x) + log1p(x * x) * sin(y) + ctdiff::select(y > x, sqrt(y - x), -y);
    const P xs = iota<P>(T(-0.9), T(0.35));
    const P ys = iota<P>(T(1.3), T(-0.3));
    const auto [v, g] = ctdiff::value_and_grad(f, ctdiff::wrt(x, y), x = xs, y = ys);
    const auto H = ctdiff::hessian(h, ctdiff::wrt(x, y), x = xs, y = ys);
    const auto jv = ctdiff::jvp(f, ctdiff::wrt(x, y), std::array{P(T(1)), P(T(-2))}, x = xs, y = ys).tangent;
    const auto [r, J] = ctdiff::value_and_jacobian(std::tuple{h, x * exp(y)}, ctdiff::wrt(x, y), x = xs, y = ys);
    constexpr auto dfdx = ctdiff::d(h, x);
    const P dv = dfdx(x = xs, y = ys);
    const P shared = f(x = xs, y = T(0.25));  // a plain number in every lane
    for (std::size_t i = 0; i < P::size; ++i) {
        const T xi = xs[i], yi = ys[i];
        const auto [vs, gs] = ctdiff::value_and_grad(f, ctdiff::wrt(x, y), x = xi, y = yi);
        const auto Hs = ctdiff::hessian(h, ctdiff::wrt(x, y), x = xi, y = yi);
        const T jvs = ctdiff::jvp(f, ctdiff::wrt(x, y), std::array{T(1), T(-2)}, x = xi, y = yi).tangent;
        const auto [rs, Js] = ctdiff::value_and_jacobian(std::tuple{h, x * exp(y)}, ctdiff::wrt(x, y), x = xi, y = yi);
        BOOST_TEST(close(v[i], vs), "lane " << i << ": value " << v[i] << " vs " << vs);
        BOOST_TEST(close(g[x][i], gs[x]), "lane " << i << ": df/dx " << g[x][i] << " vs " << gs[x]);
        BOOST_TEST(close(g[y][i], gs[y]), "lane " << i << ": df/dy " << g[y][i] << " vs " << gs[y]);
        BOOST_TEST(close(H(x, x)[i], Hs(x, x)), "lane " << i << ": H(x, x) " << H(x, x)[i] << " vs " << Hs(x, x));
        BOOST_TEST(close(H(x, y)[i], Hs(x, y)), "lane " << i << ": H(x, y) " << H(x, y)[i] << " vs " << Hs(x, y));
        BOOST_TEST(close(H(y, y)[i], Hs(y, y)), "lane " << i << ": H(y, y) " << H(y, y)[i] << " vs " << Hs(y, y));
        BOOST_TEST(close(jv[i], jvs), "lane " << i << ": jvp " << jv[i] << " vs " << jvs);
        for (std::size_t k = 0; k < 2; ++k) {
            BOOST_TEST(close(r(k)[i], rs(k)));
            for (std::size_t j = 0; j < 2; ++j) BOOST_TEST(close(J.at(k, j)[i], Js.at(k, j)));
        }
        BOOST_TEST(close(dv[i], dfdx(x = xi, y = yi)));
        BOOST_TEST(close(shared[i], f(x = xi, y = T(0.25))));
    }
}

BOOST_AUTO_TEST_CASE(constant_partials_and_rotations_on_packs) {
    using P = ctdiff::pack<double>;
    constexpr auto w = ctdiff::var<"w">;
    constexpr auto b = ctdiff::var<"b">;
    const P xs = iota<P>(0.5, 0.25);
    // derivatives that are constants straight into a variable (reverse and forward sweeps)
    const auto [v, g] = ctdiff::value_and_grad(w * x + b - 2_c * y, ctdiff::wrt(w, b, x, y), w = 3.0, b = P(1.0), x = xs, y = 0.5);
    const auto [r, J] = ctdiff::value_and_jacobian(std::tuple{x + y, x - 3_c * y}, ctdiff::wrt(x, y), x = xs, y = xs * 2.0);
    const auto jv = ctdiff::jvp(x + 2_c * y, ctdiff::wrt(x, y), std::array{P(1.0), P(1.0)}, x = xs, y = xs).tangent;
    for (std::size_t i = 0; i < P::size; ++i) {
        BOOST_TEST(v[i] == 3.0 * xs[i] + 1.0 - 1.0);
        BOOST_TEST(g[w][i] == xs[i]);
        BOOST_TEST(g[b][i] == 1.0);
        BOOST_TEST(g[x][i] == 3.0);
        BOOST_TEST(g[y][i] == -2.0);
        BOOST_TEST(J.at(0, 0)[i] == 1.0);
        BOOST_TEST(J.at(0, 1)[i] == 1.0);
        BOOST_TEST(J.at(1, 0)[i] == 1.0);
        BOOST_TEST(J.at(1, 1)[i] == -3.0);
        BOOST_TEST(r(1)[i] == xs[i] - 6.0 * xs[i]);
        BOOST_TEST(jv[i] == 3.0);
    }
    // Rodrigues' rotation, whose coefficients choose between a polynomial and closed forms: a
    // lane at aa = 0, lanes of small and large angles
    constexpr auto aa = ctdiff::var<"aa", ctdiff::shape<3>>;
    constexpr auto X = ctdiff::var<"X", ctdiff::shape<3>>;
    ctdiff::tensor<P, ctdiff::shape<3>> aap;
    aap(0) = P::generate([](std::size_t i) { return i == 0 ? 0.0 : 1e-9 * static_cast<double>(i * i * i * i); });
    aap(1) = P::generate([](std::size_t i) { return 0.3 * static_cast<double>(i); });
    aap(2) = P(-0.2);
    const ctdiff::tensor<double, ctdiff::shape<3>> Xd{{1.0, -2.0, 0.5}};
    const auto [rot, Jrot] = ctdiff::value_and_jacobian(ctdiff::angle_axis_rotate(aa, X), ctdiff::wrt(aa), aa = aap, X = Xd);
    for (std::size_t i = 0; i < P::size; ++i) {
        const ctdiff::tensor<double, ctdiff::shape<3>> aas{{aap(0)[i], aap(1)[i], aap(2)[i]}};
        const auto [rs, Js] = ctdiff::value_and_jacobian(ctdiff::angle_axis_rotate(aa, X), ctdiff::wrt(aa), aa = aas, X = Xd);
        for (std::size_t k = 0; k < 3; ++k) {
            BOOST_TEST(close(rot(k)[i], rs(k)), "lane " << i);
            for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(close(Jrot.at(k, j)[i], Js.at(k, j)), "lane " << i);
        }
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(tensors_on_packs_match_scalars, P, tensor_pack_types) {
    using T = typename P::value_type;
    constexpr auto W = ctdiff::var<"W", ctdiff::shape<3, 2>>;
    constexpr auto v = ctdiff::var<"v", ctdiff::shape<2>>;
    constexpr auto k = ctdiff::var<"k">;
    // a layer, softmax and a label picked by a per-lane index; W is shared by all lanes
    constexpr auto loss = -ctdiff::pick(ctdiff::log_softmax(tanh(ctdiff::matvec(W, v))), k) +
                          ctdiff::logsumexp(v) + ctdiff::sum(ctdiff::softmax(ctdiff::matvec(W, v)));
    const ctdiff::tensor<T, ctdiff::shape<3, 2>> Wd{{{T(0.1), T(0.2)}, {T(0.3), T(-0.4)}, {T(0.5), T(0.6)}}};
    ctdiff::tensor<P, ctdiff::shape<2>> vp;
    vp(0) = iota<P>(T(-1), T(0.4));
    vp(1) = iota<P>(T(0.7), T(-0.2));
    const P kp = P::generate([](std::size_t i) { return static_cast<T>(i % 3); });
    const auto [value, g] = ctdiff::value_and_grad(loss, ctdiff::wrt(W, v), W = Wd, v = vp, k = kp);
    const auto total = ctdiff::sum_lanes(g);  // the gradient of the sum over the lanes
    ctdiff::tensor<double, ctdiff::shape<3, 2>> total_W;  // the same from the scalar gradients
    for (std::size_t i = 0; i < P::size; ++i) {
        const ctdiff::tensor<T, ctdiff::shape<2>> vs{{vp(0)[i], vp(1)[i]}};
        const auto [value_s, gs] = ctdiff::value_and_grad(loss, ctdiff::wrt(W, v), W = Wd, v = vs, k = kp[i]);
        BOOST_TEST(close(value[i], value_s));
        for (std::size_t a = 0; a < 3; ++a)
            for (std::size_t b = 0; b < 2; ++b) BOOST_TEST(close(g[W](a, b)[i], gs[W](a, b)));
        for (std::size_t b = 0; b < 2; ++b) BOOST_TEST(close(g[v](b)[i], gs[v](b)));
        for (std::size_t e = 0; e < 6; ++e) total_W[e] += gs[W][e];
    }
    static_assert(std::is_same<decltype(total), const ctdiff::gradient<T, std::remove_cv_t<decltype(W)>, std::remove_cv_t<decltype(v)>>>::value);
    for (std::size_t e = 0; e < 6; ++e)
        BOOST_TEST(std::fabs(total[W][e] - total_W[e]) <= 1e-5 * (1 + std::fabs(total_W[e])));
    BOOST_TEST(ctdiff::sum_lanes(g[v])[1] == total[v][1]);
}

BOOST_AUTO_TEST_CASE(mixed_lanes_of_softmax_and_select_stay_apart) {
    using P = ctdiff::pack<double, 4>;
    constexpr auto v = ctdiff::var<"v", ctdiff::shape<2>>;
    constexpr double inf = std::numeric_limits<double>::infinity();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    // lane 0 ordinary, lane 1 an infinite element, lane 2 NaN, lane 3 all -inf
    ctdiff::tensor<P, ctdiff::shape<2>> vp;
    vp(0) = P::generate([&](std::size_t i) { return std::array{0.5, inf, nan, -inf}[i]; });
    vp(1) = P::generate([&](std::size_t i) { return std::array{-1.0, 2.0, 1.0, -inf}[i]; });
    const auto s = ctdiff::evaluate(ctdiff::softmax(v), v = vp);
    for (std::size_t i = 0; i < P::size; ++i) {
        const ctdiff::tensor<double, ctdiff::shape<2>> vs{{vp(0)[i], vp(1)[i]}};
        const auto ss = ctdiff::evaluate(ctdiff::softmax(v), v = vs);
        for (std::size_t j = 0; j < 2; ++j)
            BOOST_TEST((s(j)[i] == ss(j) || (std::isnan(s(j)[i]) && std::isnan(ss(j)))), "lane " << i << " element " << j);
    }
    // a select's untaken branch is NaN in lanes 2 and 3 only: their derivative is still exact
    constexpr auto f = ctdiff::select(x > 0_c, log(x), x * x);
    const P xs = P::generate([](std::size_t i) { return std::array{2.0, 0.5, -1.0, 0.0}[i]; });
    const auto [fv, g] = ctdiff::value_and_grad(f, ctdiff::wrt(x), x = xs);
    BOOST_TEST(g[x][0] == 0.5);
    BOOST_TEST(g[x][1] == 2.0);
    BOOST_TEST(g[x][2] == -2.0);
    BOOST_TEST(g[x][3] == 0.0);
    BOOST_TEST(fv[3] == 0.0);
    // a tensor op below a select whose vector-Jacobian product is NaN (logsumexp of all -inf) in
    // lanes the select does not take: they pass on nothing, the other lanes their softmax
    constexpr auto s2 = ctdiff::select(x > 0_c, ctdiff::logsumexp(v), x);
    ctdiff::tensor<P, ctdiff::shape<2>> w;
    w(0) = P::generate([&](std::size_t i) { return std::array{0.0, -inf, 1.0, -inf}[i]; });
    w(1) = P::generate([&](std::size_t i) { return std::array{0.0, -inf, 1.0, -inf}[i]; });
    const P xw = P::generate([](std::size_t i) { return std::array{1.0, -1.0, 1.0, 0.0}[i]; });
    const auto [sv, sg] = ctdiff::value_and_grad(s2, ctdiff::wrt(x, v), x = xw, v = w);
    for (std::size_t j = 0; j < 2; ++j) {
        BOOST_TEST(sg[v](j)[0] == 0.5);
        BOOST_TEST(sg[v](j)[1] == 0.0);
        BOOST_TEST(sg[v](j)[2] == 0.5);
        BOOST_TEST(sg[v](j)[3] == 0.0);
    }
    BOOST_TEST(sg[x][1] == 1.0);
    BOOST_TEST(sg[x][0] == 0.0);
    BOOST_TEST(sv[0] == std::log(2.0));
}

#endif  // CTDIFF_PACK_TEST_KERNELS_ONLY
