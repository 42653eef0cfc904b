// Compile-time checks for ctdiff::math: every public function is usable in constant evaluation on
// GCC and Clang (within Clang's default -fconstexpr-steps), with values checked against known
// constants, and the IEEE special cases hold. Compiled as an object only (no main).

#include <ctdiff/math/math.hpp>

#include <limits>

namespace {

namespace math = ctdiff::math;

template <class T>
constexpr T inf = std::numeric_limits<T>::infinity();
template <class T>
constexpr T nan = std::numeric_limits<T>::quiet_NaN();

template <class T>
constexpr bool is_nan(T x) {
    return x != x;
}
/// Relative closeness: |got - want| <= tol * |want| (want != 0).
template <class T>
constexpr bool near(T got, T want, T tol) {
    const T d = got > want ? got - want : want - got;
    return d <= tol * (want < T(0) ? -want : want);
}
/// A negative zero (the sign read with copysign, which both compilers fold).
template <class T>
constexpr bool is_neg_zero(T x) {
    return x == T(0) && math::detail::sign_bit(x);
}

constexpr double tol = 4e-16;  // about 2 ulp at 1
constexpr float tolf = 2.5e-7f;
constexpr long double toll = 2e-18L;

// ----- constants -----
static_assert(math::pi_v<double> == 3.141592653589793);
static_assert(math::e_v<double> == 2.718281828459045);
static_assert(math::ln2_v<double> == 0.6931471805599453);
static_assert(math::pi_v<float> == 3.14159265f);

// ----- exp, expm1 -----
static_assert(math::exp(0.0) == 1.0);
static_assert(near(math::exp(1.0), 2.718281828459045, tol));
static_assert(near(math::exp(-1.0), 0.36787944117144233, tol));
static_assert(near(math::exp(10.0), 22026.465794806718, tol));
static_assert(near(math::exp(-20.5), 1.2501528663867426e-09, tol));
static_assert(near(math::exp(709.0), 8.218407461554972e+307, tol));
static_assert(math::exp(710.0) == inf<double>);                 // overflow
static_assert(math::exp(-746.0) == 0.0);                        // underflow
static_assert(math::exp(-745.0) == 4.9406564584124654e-324);   // the least subnormal
static_assert(math::exp(inf<double>) == inf<double>);
static_assert(math::exp(-inf<double>) == 0.0);
static_assert(is_nan(math::exp(nan<double>)));
static_assert(near(math::exp(1.0f), 2.71828183f, tolf));
static_assert(math::exp(89.0f) == inf<float>);
static_assert(near(math::exp(1.0L), 2.718281828459045235360L, toll));
static_assert(near(math::expm1(1e-10), 1.00000000005e-10, tol));
static_assert(near(math::expm1(1.0), 1.718281828459045, tol));
static_assert(math::expm1(-inf<double>) == -1.0);
static_assert(is_neg_zero(math::expm1(-0.0)));

// ----- log, log1p -----
static_assert(math::log(1.0) == 0.0);
static_assert(near(math::log(2.0), 0.6931471805599453, tol));
static_assert(near(math::log(10.0), 2.302585092994046, tol));
static_assert(near(math::log(1e300), 690.7755278982137, tol));
static_assert(near(math::log(4.9406564584124654e-324), -744.4400719213812, tol));  // subnormal
static_assert(math::log(0.0) == -inf<double>);
static_assert(math::log(-0.0) == -inf<double>);
static_assert(is_nan(math::log(-1.0)));
static_assert(math::log(inf<double>) == inf<double>);
static_assert(is_nan(math::log(nan<double>)));
static_assert(near(math::log(2.0f), 0.693147181f, tolf));
static_assert(near(math::log(2.0L), 0.693147180559945309417L, toll));
static_assert(near(math::log(math::exp(3.5)), 3.5, tol));
static_assert(near(math::log1p(1e-10), 0.99999999995e-10, tol));
static_assert(near(math::log1p(1.0), 0.6931471805599453, tol));
static_assert(math::log1p(-1.0) == -inf<double>);
static_assert(is_nan(math::log1p(-2.0)));
static_assert(is_neg_zero(math::log1p(-0.0)));

// ----- pow -----
static_assert(math::pow(2.0, 10.0) == 1024.0);
static_assert(math::pow(3.0, 2.0) == 9.0);
static_assert(math::pow(-2.0, 3.0) == -8.0);
static_assert(math::pow(-2.0, -2.0) == 0.25);
static_assert(near(math::pow(2.0, 0.5), 1.4142135623730951, tol));
static_assert(near(math::pow(10.0, -3.0), 0.001, tol));
static_assert(near(math::pow(1.5f, 2.5f), 2.75567596f, tolf));
static_assert(math::pow(nan<double>, 0.0) == 1.0);
static_assert(math::pow(1.0, nan<double>) == 1.0);
static_assert(is_nan(math::pow(-2.0, 0.5)));
static_assert(math::pow(0.0, 3.0) == 0.0);
static_assert(is_neg_zero(math::pow(-0.0, 3.0)));
static_assert(math::pow(0.0, -1.0) == inf<double>);
static_assert(math::pow(-0.0, -1.0) == -inf<double>);
static_assert(math::pow(-1.0, inf<double>) == 1.0);
static_assert(math::pow(0.5, inf<double>) == 0.0);
static_assert(math::pow(0.5, -inf<double>) == inf<double>);
static_assert(math::pow(-inf<double>, 3.0) == -inf<double>);
static_assert(math::pow(10.0, 400.0) == inf<double>);
static_assert(math::pow(10.0, -400.0) == 0.0);

// ----- sqrt -----
static_assert(math::sqrt(4.0) == 2.0);
static_assert(math::sqrt(2.0) == 1.4142135623730951);  // correctly rounded
static_assert(math::sqrt(1e-320) == 9.99994433575849e-161);  // subnormal argument
static_assert(math::sqrt(2.0f) == 1.41421354f);
static_assert(near(math::sqrt(2.0L), 1.41421356237309504880L, toll));
static_assert(is_nan(math::sqrt(-1.0)));
static_assert(is_neg_zero(math::sqrt(-0.0)));
static_assert(math::sqrt(inf<double>) == inf<double>);

// ----- sin, cos, tan -----
static_assert(math::sin(0.0) == 0.0);
static_assert(is_neg_zero(math::sin(-0.0)));
static_assert(near(math::sin(1.0), 0.8414709848078965, tol));
static_assert(near(math::cos(1.0), 0.5403023058681398, tol));
static_assert(near(math::tan(1.0), 1.5574077246549023, tol));
static_assert(near(math::sin(math::pi_v<double> / 6), 0.5, tol));
static_assert(near(math::cos(math::pi_v<double> / 3), 0.5, tol));
static_assert(near(math::tan(math::pi_v<double> / 4), 1.0, tol));
static_assert(near(math::sin(math::pi_v<double>), 1.2246467991473532e-16, tol));
static_assert(near(math::sin(1e4), -0.30561438888825215, tol));
static_assert(near(math::cos(1e22), 0.523214785395139, tol));  // Payne-Hanek reduction
static_assert(near(math::sin(2.5f), 0.598472144f, tolf));
static_assert(near(math::sin(1.0L), 0.841470984807896506653L, toll));
static_assert(is_nan(math::sin(inf<double>)));
static_assert(is_nan(math::cos(-inf<double>)));
static_assert(is_nan(math::tan(nan<double>)));

// ----- tanh, sinh, cosh -----
static_assert(math::tanh(0.0) == 0.0);
static_assert(near(math::tanh(0.5), 0.46211715726000974, tol));
static_assert(near(math::tanh(-3.0), -0.9950547536867305, tol));
static_assert(math::tanh(30.0) == 1.0);
static_assert(math::tanh(inf<double>) == 1.0);
static_assert(math::tanh(-inf<double>) == -1.0);
static_assert(near(math::sinh(1.0), 1.1752011936438014, tol));
static_assert(near(math::cosh(1.0), 1.5430806348152437, tol));
static_assert(near(math::sinh(710.0), 1.1169973830808555e+308, tol));  // e^710 overflows
static_assert(math::sinh(711.0) == inf<double>);
static_assert(math::sinh(-inf<double>) == -inf<double>);
static_assert(math::cosh(-inf<double>) == inf<double>);
static_assert(near(math::tanh(0.5f), 0.462117157f, tolf));
static_assert(near(math::tanh(0.5L), 0.462117157260009758502L, toll));

// ----- abs, sigmoid, softplus -----
static_assert(math::abs(-2.5) == 2.5);
static_assert(!math::detail::sign_bit(math::abs(-0.0)));
static_assert(math::abs(-inf<double>) == inf<double>);
static_assert(is_nan(math::abs(nan<double>)));
static_assert(math::sigmoid(0.0) == 0.5);
static_assert(near(math::sigmoid(2.0), 0.8807970779778824, tol));
static_assert(near(math::sigmoid(-2.0), 0.11920292202211756, tol));
static_assert(math::sigmoid(1000.0) == 1.0);
static_assert(math::sigmoid(-1000.0) == 0.0);
static_assert(math::sigmoid(inf<double>) == 1.0);
static_assert(math::sigmoid(-inf<double>) == 0.0);
static_assert(near(math::softplus(0.0), 0.6931471805599453, tol));
static_assert(near(math::softplus(2.0), 2.1269280110429727, tol));
static_assert(near(math::softplus(-2.0), 0.1269280110429725, tol));
static_assert(math::softplus(1000.0) == 1000.0);
static_assert(math::softplus(-1000.0) == 0.0);
static_assert(math::softplus(inf<double>) == inf<double>);
static_assert(math::softplus(-inf<double>) == 0.0);
static_assert(near(math::sigmoid(1.0f), 0.731058598f, tolf));

// ----- correctly rounded results, bit for bit (values from a 20000-bit computation) -----
// Constant evaluation on both compilers gives the same bits as the run-time tests of detail::.
static_assert(math::exp(1.0) == 0x1.5bf0a8b145769p+1);
static_assert(math::exp(-1.0) == 0x1.78b56362cef38p-2);
static_assert(math::log(10.0) == 0x1.26bb1bbb55516p+1);
static_assert(math::sin(1.0) == 0x1.aed548f090ceep-1);
static_assert(math::cos(1.0) == 0x1.14a280fb5068cp-1);
static_assert(math::tan(1.0) == 0x1.8eb245cbee3a6p+0);
static_assert(math::tanh(0.5) == 0x1.d9353d7568af3p-2);
static_assert(math::sinh(1.0) == 0x1.2cd9fc44eb982p+0);
static_assert(math::cosh(1.0) == 0x1.8b07551d9f550p+0);
static_assert(math::pow(2.0, 0.5) == 0x1.6a09e667f3bcdp+0);
static_assert(math::expm1(1e-5) == 0x1.4f8bc681cdfb6p-17);
static_assert(math::log1p(1e-5) == 0x1.4f8aea9ae7317p-17);
static_assert(math::sin(1e22) == -0x1.b453ab76bf397p-1);
static_assert(math::cos(1e300) == -0x1.2699022adc4c1p-1);
static_assert(math::pow(1.0000001, 1e7) == 0x1.5bf0a790ce6f2p+1);
// Payne-Hanek for long double, up to the top of its exponent range.
static_assert(near(math::sin(1e300L), 0.708025844329195920837L, toll));
static_assert(near(math::cos(1e4000L), 0.824482163705375619835L, toll));

// ----- every function accepts every kind of argument in constant evaluation -----
// (no step may overflow from finite operands, make a NaN from non-NaN operands, or divide by zero:
// GCC and Clang reject those in constant expressions).
template <class T, class F>
constexpr bool sweep(F f) {
    constexpr T lim_max = std::numeric_limits<T>::max();
    const T xs[] = {T(0), -T(0), T(1), T(-1), T(0.5), T(-2.5), T(100), T(-100), T(1e4), T(-1e30),
                    std::numeric_limits<T>::denorm_min(), -std::numeric_limits<T>::min(), lim_max,
                    -lim_max, inf<T>, -inf<T>, nan<T>};
    for (const T x : xs) {
        const T r = f(x);
        if (is_nan(x) && !is_nan(r)) return false;  // NaN in, NaN out (pow: not for y = 0)
    }
    return true;
}
template <class T>
constexpr bool sweep_all() {
    return sweep<T>([](T x) { return math::exp(x); }) && sweep<T>([](T x) { return math::expm1(x); }) &&
           sweep<T>([](T x) { return math::log(x); }) && sweep<T>([](T x) { return math::log1p(x); }) &&
           sweep<T>([](T x) { return math::sqrt(x); }) && sweep<T>([](T x) { return math::sin(x); }) &&
           sweep<T>([](T x) { return math::cos(x); }) && sweep<T>([](T x) { return math::tan(x); }) &&
           sweep<T>([](T x) { return math::tanh(x); }) && sweep<T>([](T x) { return math::sinh(x); }) &&
           sweep<T>([](T x) { return math::cosh(x); }) && sweep<T>([](T x) { return math::abs(x); }) &&
           sweep<T>([](T x) { return math::sigmoid(x); }) &&
           sweep<T>([](T x) { return math::softplus(x); }) &&
           sweep<T>([](T x) { return math::pow(x, T(2.5)); }) &&
           sweep<T>([](T x) { return math::pow(x, T(-3)); }) &&
           sweep<T>([](T x) { return math::pow(T(1.5), x); }) &&
           sweep<T>([](T x) { return math::pow(T(-0.5), x); }) &&
           sweep<T>([](T x) { return math::pow(x, x); });
}
// (in groups: each static_assert is one constant evaluation, which Clang limits to 2^20 steps)
template <class T>
constexpr bool sweep_inverse() {
    return sweep<T>([](T x) { return math::atan(x); }) &&
           sweep<T>([](T x) { return math::atan2(x, T(-0.5)); }) && sweep<T>([](T x) { return math::atan2(T(2), x); }) &&
           sweep<T>([](T x) { return math::asin(x); }) && sweep<T>([](T x) { return math::acos(x); }) &&
           sweep<T>([](T x) { return math::hypot(x, T(3)); }) && sweep<T>([](T x) { return math::hypot(x, x); });
}
template <class T>
constexpr bool sweep_special() {
    return sweep<T>([](T x) { return math::exp2(x); }) && sweep<T>([](T x) { return math::log2(x); }) &&
           sweep<T>([](T x) { return math::log10(x); }) && sweep<T>([](T x) { return math::cbrt(x); }) &&
           sweep<T>([](T x) { return math::asinh(x); }) && sweep<T>([](T x) { return math::acosh(x); }) &&
           sweep<T>([](T x) { return math::atanh(x); });
}
template <class T>
constexpr bool sweep_erf() {
    return sweep<T>([](T x) { return math::erf(x); }) && sweep<T>([](T x) { return math::erfc(x); });
}
template <class T>
constexpr bool sweep_rounding_and_arithmetic() {
    return sweep<T>([](T x) { return math::floor(x); }) &&
           sweep<T>([](T x) { return math::ceil(x); }) && sweep<T>([](T x) { return math::trunc(x); }) &&
           sweep<T>([](T x) { return math::round(x); }) && sweep<T>([](T x) { return math::add(x, x); }) &&
           sweep<T>([](T x) { return math::subtract(x, -x); }) && sweep<T>([](T x) { return math::multiply(x, x); }) &&
           sweep<T>([](T x) { return math::divide(x, T(1e-3)); }) && sweep<T>([](T x) { return math::divide(T(1), x); });
}
static_assert(sweep_all<float>());
static_assert(sweep_all<double>());
static_assert(sweep_all<long double>());
static_assert(sweep_inverse<float>() && sweep_special<float>() && sweep_erf<float>() &&
              sweep_rounding_and_arithmetic<float>());
static_assert(sweep_inverse<double>() && sweep_special<double>());
static_assert(sweep_erf<double>() && sweep_rounding_and_arithmetic<double>());
static_assert(sweep_inverse<long double>());
static_assert(sweep_special<long double>());
static_assert(sweep_erf<long double>());
static_assert(sweep_rounding_and_arithmetic<long double>());

// The inverse trigonometric and hyperbolic functions, exp2 ... erfc, against known constants.
static_assert(math::atan(1.0) == 0.7853981633974483);
static_assert(math::atan2(1.0, -1.0) == 2.356194490192345);
static_assert(math::asin(0.5) == 0.5235987755982989);
static_assert(math::acos(-1.0) == 3.141592653589793);
static_assert(math::hypot(3.0, 4.0) == 5.0 && math::hypot(3e300, 4e300) == 5e300);
static_assert(math::exp2(-1074.0) == std::numeric_limits<double>::denorm_min());
static_assert(math::log2(0x1p-1074) == -1074.0 && math::log10(1e-300) == -300.0);
static_assert(math::cbrt(-0.125) == -0.5);
static_assert(near(math::asinh(1.0), 0.881373587019543, tol) && near(math::acosh(2.0), 1.3169578969248166, tol));
static_assert(near(math::atanh(0.5), 0.5493061443340549, tol));
static_assert(near(math::erf(0.5), 0.5204998778130465, tol) && near(math::erfc(5.0), 1.5374597944280349e-12, tol));
static_assert(math::erf(6.0) == 1.0 && math::erfc(30.0) == 0.0);
static_assert(math::floor(-0.5) == -1.0 && math::round(0.49999999999999994) == 0.0 && math::round(-2.5) == -3.0);
static_assert(math::multiply(1e200, 1e200) == inf<double> && math::divide(-1.0, 0.0) == -inf<double>);

// A derivative-style use: d/dx tanh at 0.5 = 1 - tanh^2.
constexpr double t = math::tanh(0.5);
static_assert(near(1.0 - t * t, 0.7864477329659274, tol));

}  // namespace
