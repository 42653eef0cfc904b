// The IEEE edge policy of docs/math.md ("Values and derivatives at the edges"), row by row: each
// op's value and derivative at ±0, a subnormal, ±inf, NaN, the edges of its domain and its
// non-differentiable points, for double and float, by reverse mode (grad), forward mode (jvp)
// and symbolic d; rows whose inputs and results are all finite also in constant evaluation
// (elsewhere the compilers do not constant-evaluate: an inf or NaN from finite operands is not a
// constant expression). The expected entries are written by hand from the policy, not taken from
// ctdiff, and the test checks that docs/math.md lists exactly these rows.
#define BOOST_TEST_MODULE ctdiff_edge_policy
#include <boost/test/unit_test.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <cmath>
#include <ctdiff/ctdiff.hpp>
#include <fstream>
#include <limits>
#include <numbers>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace {

using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;

// ---- the ops, by the name the table uses ----------------------------------------------------------

#define CTDIFF_POLICY_OP(NAME, ...)                                        \
    struct NAME##_case {                                                    \
        static constexpr std::string_view name = #NAME;                    \
        static constexpr auto make() { return __VA_ARGS__; }               \
    };
CTDIFF_POLICY_OP(add, x + y)
CTDIFF_POLICY_OP(sub, x - y)
CTDIFF_POLICY_OP(mul, x * y)
CTDIFF_POLICY_OP(div, x / y)
CTDIFF_POLICY_OP(neg, -x)
CTDIFF_POLICY_OP(square, ctdiff::pow(x, 2_c))
CTDIFF_POLICY_OP(reciprocal, ctdiff::pow(x, -1_c))
CTDIFF_POLICY_OP(sqrt, ctdiff::sqrt(x))
CTDIFF_POLICY_OP(pow_half, ctdiff::pow(x, 0.5_c))
CTDIFF_POLICY_OP(pow_minus_half, ctdiff::pow(x, -0.5_c))
CTDIFF_POLICY_OP(pow, ctdiff::pow(x, y))
CTDIFF_POLICY_OP(exp, ctdiff::exp(x))
CTDIFF_POLICY_OP(log, ctdiff::log(x))
CTDIFF_POLICY_OP(xlogy, ctdiff::xlogy(x, y))
CTDIFF_POLICY_OP(sin, ctdiff::sin(x))
CTDIFF_POLICY_OP(cos, ctdiff::cos(x))
CTDIFF_POLICY_OP(tan, ctdiff::tan(x))
CTDIFF_POLICY_OP(tanh, ctdiff::tanh(x))
CTDIFF_POLICY_OP(sinh, ctdiff::sinh(x))
CTDIFF_POLICY_OP(cosh, ctdiff::cosh(x))
CTDIFF_POLICY_OP(expm1, ctdiff::expm1(x))
CTDIFF_POLICY_OP(log1p, ctdiff::log1p(x))
CTDIFF_POLICY_OP(sigmoid, ctdiff::sigmoid(x))
CTDIFF_POLICY_OP(softplus, ctdiff::softplus(x))
CTDIFF_POLICY_OP(relu, ctdiff::relu(x))
CTDIFF_POLICY_OP(abs, ctdiff::abs(x))
CTDIFF_POLICY_OP(step, ctdiff::step(x))
CTDIFF_POLICY_OP(sign, ctdiff::sign(x))
CTDIFF_POLICY_OP(atan, ctdiff::atan(x))
CTDIFF_POLICY_OP(atan2, ctdiff::atan2(x, y))
CTDIFF_POLICY_OP(asin, ctdiff::asin(x))
CTDIFF_POLICY_OP(acos, ctdiff::acos(x))
CTDIFF_POLICY_OP(asinh, ctdiff::asinh(x))
CTDIFF_POLICY_OP(acosh, ctdiff::acosh(x))
CTDIFF_POLICY_OP(atanh, ctdiff::atanh(x))
CTDIFF_POLICY_OP(exp2, ctdiff::exp2(x))
CTDIFF_POLICY_OP(log2, ctdiff::log2(x))
CTDIFF_POLICY_OP(log10, ctdiff::log10(x))
CTDIFF_POLICY_OP(cbrt, ctdiff::cbrt(x))
CTDIFF_POLICY_OP(hypot, ctdiff::hypot(x, y))
CTDIFF_POLICY_OP(erf, ctdiff::erf(x))
CTDIFF_POLICY_OP(erfc, ctdiff::erfc(x))
CTDIFF_POLICY_OP(max, ctdiff::max(x, y))
CTDIFF_POLICY_OP(min, ctdiff::min(x, y))
CTDIFF_POLICY_OP(floor, ctdiff::floor(x))
CTDIFF_POLICY_OP(ceil, ctdiff::ceil(x))
CTDIFF_POLICY_OP(trunc, ctdiff::trunc(x))
CTDIFF_POLICY_OP(round, ctdiff::round(x))
CTDIFF_POLICY_OP(x_minus_x, x - x)
CTDIFF_POLICY_OP(zero_times_x, 0_c * x)
CTDIFF_POLICY_OP(x_over_x, x / x)
#undef CTDIFF_POLICY_OP

using all_ops = std::tuple<add_case, sub_case, mul_case, div_case, neg_case, square_case, reciprocal_case,
                           sqrt_case, pow_half_case, pow_minus_half_case, pow_case, exp_case, log_case,
                           xlogy_case, sin_case, cos_case, tan_case, tanh_case, sinh_case, cosh_case, expm1_case,
                           log1p_case, sigmoid_case, softplus_case,
                           relu_case, abs_case, step_case, sign_case, atan_case, atan2_case, asin_case, acos_case,
                           asinh_case, acosh_case, atanh_case, exp2_case, log2_case, log10_case, cbrt_case, hypot_case,
                           erf_case, erfc_case, max_case, min_case, floor_case, ceil_case, trunc_case, round_case,
                           x_minus_x_case, zero_times_x_case, x_over_x_case>;

// ---- the table --------------------------------------------------------------------------------------
// Entries are tokens: numbers, inf, -inf, nan, 0 and -0 (a value's zero sign is checked; a
// derivative's is not), sub = the subnormal min_normal / 4 (2^-1024 in double, 2^-128 in float),
// max = the largest finite, and r(sub) = 2^-512 / 2^-64 (the square root of sub), R(sub) =
// 1 / (2 r(sub)) = 2^511 / 2^63. A binary op has two arguments and two derivatives ("x, y").

struct row {
    std::string_view op;
    std::string_view at;      // "u" or "u, v"
    std::string_view value;
    std::string_view derivative;  // "du" or "du, dv"
    std::string_view why;
};

constexpr std::array rows{
    row{"add", "inf, -inf", "nan", "1, 1", "the partials are the constants 1"},
    row{"sub", "inf, inf", "nan", "1, -1", ""},
    row{"mul", "0, inf", "nan", "inf, 0", "d/du = v, d/dv = u"},
    row{"div", "1, 0", "inf", "inf, -inf", "d/dv = -(u/v)/v"},
    row{"div", "0, 0", "nan", "inf, nan", ""},
    row{"div", "1, inf", "0", "0, -0", ""},
    row{"neg", "0", "-0", "-1", ""},
    row{"square", "inf", "inf", "inf", "2u"},
    row{"square", "-0", "0", "-0", ""},
    row{"reciprocal", "0", "inf", "-inf", "-u^-2"},
    row{"reciprocal", "-0", "-inf", "-inf", ""},
    row{"reciprocal", "inf", "0", "-0", ""},
    row{"sqrt", "0", "0", "inf", "1 / (2 sqrt(u)), the one-sided derivative (PyTorch, JAX)"},
    row{"sqrt", "-0", "-0", "-inf", "1 / (2 sqrt(-0)): the zero's sign carries over (PyTorch: +inf)"},
    row{"sqrt", "sub", "r(sub)", "R(sub)", "subnormal: exact powers of 2"},
    row{"sqrt", "-1", "nan", "nan", "outside the domain"},
    row{"sqrt", "inf", "inf", "0", ""},
    row{"pow_half", "0", "0", "inf", "as sqrt"},
    row{"pow_half", "-0", "-0", "-inf", "as sqrt"},
    row{"pow_minus_half", "0", "inf", "-inf", "-u^(-3/2) / 2"},
    row{"pow_minus_half", "-0", "inf", "-inf", "(-0)^(-1/2) = +inf, as std::pow"},
    row{"pow", "0, 2", "0", "0, 0", "d/dv = xlogy(u^v, u): 0 where u^v = 0 (PyTorch, JAX)"},
    row{"pow", "0, 1", "0", "1, 0", "d/du = v u^(v-1)"},
    row{"pow", "0, 0.5", "0", "inf, 0", ""},
    row{"pow", "0, 0", "1", "nan, -inf", "0^0 = 1 (std::pow); d/du = 0 * 0^-1, d/dv = log 0"},
    row{"pow", "-1, 0.5", "nan", "nan, nan", "outside the domain (u < 0, v not an integer)"},
    row{"exp", "inf", "inf", "inf", ""},
    row{"exp", "-inf", "0", "0", ""},
    row{"exp", "max", "inf", "inf", "overflow"},
    row{"exp", "sub", "1", "1", ""},
    row{"log", "0", "-inf", "inf", "1/u"},
    row{"log", "-0", "-inf", "-inf", "1/(-0)"},
    row{"log", "-1", "nan", "-1", "1/u, as PyTorch and JAX, though log(-1) is NaN"},
    row{"log", "inf", "inf", "0", ""},
    row{"xlogy", "0, 0", "0", "-inf, nan", "u log v, 0 where u = 0; d/du = log v, d/dv = u/v"},
    row{"xlogy", "0, nan", "nan", "nan, nan", "NaN propagates"},
    row{"xlogy", "0, inf", "0", "inf, 0", ""},
    row{"sin", "inf", "nan", "nan", ""},
    row{"sin", "-0", "-0", "1", ""},
    row{"cos", "inf", "nan", "nan", ""},
    row{"tan", "inf", "nan", "nan", ""},
    row{"tanh", "inf", "1", "0", "1 - tanh(u)^2"},
    row{"tanh", "-inf", "-1", "0", ""},
    row{"tanh", "-0", "-0", "1", ""},
    row{"sinh", "inf", "inf", "inf", "cosh(u)"},
    row{"sinh", "-0", "-0", "1", ""},
    row{"sinh", "max", "inf", "inf", "overflow"},
    row{"cosh", "-inf", "inf", "-inf", "sinh(u)"},
    row{"cosh", "-0", "1", "0", ""},
    row{"expm1", "-inf", "-1", "0", "exp(u), not expm1(u) + 1"},
    row{"expm1", "-0", "-0", "1", ""},
    row{"expm1", "sub", "sub", "1", "accurate where exp(u) - 1 would round to 0"},
    row{"log1p", "-1", "-inf", "inf", "1 / (1 + u)"},
    row{"log1p", "-2", "nan", "-1", "outside the domain; the formula, as for log"},
    row{"log1p", "sub", "sub", "1", ""},
    row{"log1p", "inf", "inf", "0", ""},
    row{"sigmoid", "inf", "1", "0", "s (1 - s)"},
    row{"sigmoid", "-inf", "0", "0", ""},
    row{"softplus", "inf", "inf", "1", "sigmoid(u)"},
    row{"softplus", "-inf", "0", "0", ""},
    row{"relu", "0", "0", "0", "relu'(0) = step(0) = 0 (PyTorch, JAX)"},
    row{"relu", "-0", "0", "0", ""},
    row{"relu", "nan", "nan", "nan", "step(NaN) = NaN"},
    row{"relu", "inf", "inf", "1", ""},
    row{"abs", "0", "0", "0", "abs'(0) = sign(0) = 0 (PyTorch, JAX)"},
    row{"abs", "-0", "0", "0", ""},
    row{"abs", "-inf", "inf", "-1", ""},
    row{"step", "0", "0", "0", "the derivative is 0 by construction"},
    row{"step", "nan", "nan", "0", "even at NaN: an exact zero, not 0 * NaN"},
    row{"sign", "-0", "-0", "0", "sign keeps the zero's sign"},
    row{"sign", "nan", "nan", "0", ""},
    row{"atan", "inf", "pi/2", "0", "1 / (1 + u^2)"},
    row{"atan", "-0", "-0", "1", ""},
    row{"atan2", "0, 0", "0", "nan, nan", "undefined at the origin: (x/h)/h, -(y/h)/h with h = hypot = 0"},
    row{"atan2", "0, -1", "pi", "-1, 0", "d/dy = x / h^2, d/dx = -y / h^2"},
    row{"atan2", "inf, 1", "pi/2", "0, nan", "(x/h)/h = 0; (y/h)/h = (inf/inf)/inf"},
    row{"asin", "1", "pi/2", "inf", "1 / sqrt((1 - u)(1 + u))"},
    row{"asin", "-0", "-0", "1", ""},
    row{"asin", "2", "nan", "nan", "outside the domain"},
    row{"acos", "1", "0", "-inf", "-1 / sqrt((1 - u)(1 + u))"},
    row{"acos", "-1", "pi", "-inf", ""},
    row{"asinh", "inf", "inf", "0", "1 / hypot(u, 1): no overflow of u^2"},
    row{"asinh", "-0", "-0", "1", ""},
    row{"acosh", "1", "0", "inf", "1 / (sqrt(u - 1) sqrt(u + 1))"},
    row{"acosh", "0.5", "nan", "nan", "outside the domain"},
    row{"acosh", "inf", "inf", "0", ""},
    row{"atanh", "1", "inf", "inf", "1 / ((1 - u)(1 + u))"},
    row{"atanh", "-1", "-inf", "inf", ""},
    row{"atanh", "-0", "-0", "1", ""},
    row{"exp2", "inf", "inf", "inf", "ln2 2^u"},
    row{"exp2", "-inf", "0", "0", ""},
    row{"exp2", "max", "inf", "inf", "overflow"},
    row{"log2", "0", "-inf", "inf", "1 / (u ln2)"},
    row{"log2", "inf", "inf", "0", ""},
    row{"log10", "0", "-inf", "inf", "1 / (u ln10)"},
    row{"log10", "inf", "inf", "0", ""},
    row{"cbrt", "0", "0", "inf", "1 / (3 cbrt(u)^2)"},
    row{"cbrt", "-0", "-0", "inf", ""},
    row{"cbrt", "-inf", "-inf", "0", ""},
    row{"hypot", "0, 0", "0", "0, 0", "x / h and y / h, and 0 at the origin (as abs'(0))"},
    row{"hypot", "3, 4", "5", "0.6, 0.8", ""},
    row{"hypot", "inf, nan", "inf", "nan, nan", "inf even with a NaN (C); the partials are NaN"},
    row{"hypot", "max, max", "inf", "0, 0", "overflow: x / inf"},
    row{"hypot", "inf, 1", "inf", "nan, 0", "x / h = inf / inf (the limit would be 1)"},
    row{"erf", "inf", "1", "0", "(2 / sqrt(pi)) exp(-u^2)"},
    row{"erf", "-0", "-0", "2/sqrt(pi)", ""},
    row{"erf", "-inf", "-1", "0", ""},
    row{"erfc", "inf", "0", "0", "-(2 / sqrt(pi)) exp(-u^2)"},
    row{"erfc", "-inf", "2", "0", ""},
    row{"max", "1, 1", "1", "0.5, 0.5", "a tie: half to each, (1 +- sign(u - v)) / 2"},
    row{"max", "-0, 0", "0", "0.5, 0.5", "the zeros tie; the value's sign as std::fmax"},
    row{"max", "nan, 1", "nan", "nan, nan", "NaN propagates (std::fmax would give 1)"},
    row{"max", "inf, inf", "inf", "nan, nan", "sign(inf - inf) is NaN: no tie can be told"},
    row{"min", "1, 1", "1", "0.5, 0.5", ""},
    row{"min", "0, -0", "-0", "0.5, 0.5", "the value's sign as std::fmin"},
    row{"floor", "-0.5", "-1", "0", "the derivative is 0 by construction"},
    row{"floor", "nan", "nan", "0", "an exact zero, as step's"},
    row{"floor", "inf", "inf", "0", ""},
    row{"ceil", "-0.5", "-0", "0", "C's signs of zero"},
    row{"trunc", "-0.5", "-0", "0", ""},
    row{"round", "2.5", "3", "0", "halves away from zero"},
    row{"round", "-0.4", "-0", "0", ""},
    row{"x_minus_x", "inf", "0", "0", "simplified to the constant 0: holds at every finite u"},
    row{"zero_times_x", "nan", "0", "0", "0 * u = 0: a structural zero"},
    row{"x_over_x", "0", "nan", "nan", "not simplified: u/u is NaN at 0"},
};

// ---- tokens -----------------------------------------------------------------------------------------

template <class T>
constexpr T power_of_two(int k) {
    T r = 1;
    for (; k > 0; --k) r *= 2;
    for (; k < 0; ++k) r /= 2;
    return r;
}

template <class T>
constexpr T token(std::string_view s) {
    constexpr bool is_double = std::numeric_limits<T>::digits == 53;
    if (s == "inf") return std::numeric_limits<T>::infinity();
    if (s == "-inf") return -std::numeric_limits<T>::infinity();
    if (s == "nan") return std::numeric_limits<T>::quiet_NaN();
    if (s == "max") return std::numeric_limits<T>::max();
    if (s == "pi") return std::numbers::pi_v<T>;
    if (s == "pi/2") return std::numbers::pi_v<T> / 2;
    if (s == "2/sqrt(pi)") return T(2) * std::numbers::inv_sqrtpi_v<T>;
    if (s == "-0") return -T(0);
    if (s == "sub") return power_of_two<T>(is_double ? -1024 : -128);
    if (s == "r(sub)") return power_of_two<T>(is_double ? -512 : -64);
    if (s == "R(sub)") return power_of_two<T>(is_double ? 511 : 63);
    // a decimal number
    bool negative = false;
    if (!s.empty() && s[0] == '-') {
        negative = true;
        s.remove_prefix(1);
    }
    T whole = 0, scale = 1;
    bool fraction = false;
    for (char c : s) {
        if (c == '.') {
            fraction = true;
            continue;
        }
        whole = whole * 10 + T(c - '0');
        if (fraction) scale *= 10;
    }
    return negative ? -(whole / scale) : whole / scale;
}

/// The comma-separated entries of a cell.
struct pair_of_tokens {
    std::string_view first, second;
    bool binary;
};
constexpr pair_of_tokens split(std::string_view s) {
    const std::size_t comma = s.find(", ");
    if (comma == std::string_view::npos) return {s, {}, false};
    return {s.substr(0, comma), s.substr(comma + 2), true};
}

template <class T>
constexpr bool is_nan(T v) {
    return v != v;
}
template <class T>
constexpr bool sign_bit(T v) {  // std::signbit, constexpr
    using bits = std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t>;
    return (std::bit_cast<bits>(v) >> (8 * sizeof(T) - 1)) != 0;
}
template <class T>
constexpr bool same_value(T got, T want) {  // NaN matches NaN; the zero's sign counts
    if (is_nan(want)) return is_nan(got);
    if (want == 0) return got == 0 && sign_bit(got) == sign_bit(want);
    return got == want;
}
template <class T>
constexpr bool same_derivative(T got, T want) {  // the zero's sign does not count
    if (is_nan(want)) return is_nan(got);
    return got == want;
}

// ---- evaluation of a row by every method ------------------------------------------------------------

template <class T>
struct outcome {
    T value{};
    std::array<T, 2> grad{}, jvp{}, symbolic{};
};

template <class Case, class T>
outcome<T> run(const row& r) {
    constexpr auto f = Case::make();
    const pair_of_tokens at = split(r.at);
    const T u = token<T>(at.first);
    const T v = at.binary ? token<T>(at.second) : T(0);
    outcome<T> o;
    const auto bx = (x = u);
    const auto by = (y = v);
    o.value = f(bx, by);
    const auto g = ctdiff::grad(f, ctdiff::wrt(x, y), bx, by);
    o.grad = {g[x], g[y]};
    const std::array<T, 2> ex{1, 0}, ey{0, 1};
    o.jvp = {ctdiff::jvp(f, ctdiff::wrt(x, y), ex, bx, by).tangent, ctdiff::jvp(f, ctdiff::wrt(x, y), ey, bx, by).tangent};
    o.symbolic = {ctdiff::d(f, x)(bx, by), ctdiff::d(f, y)(bx, by)};
    return o;
}

template <class T, std::size_t... I>
outcome<T> run_any(const row& r, std::index_sequence<I...>) {
    outcome<T> o;
    bool found = false;
    ((std::tuple_element_t<I, all_ops>::name == r.op ? (o = run<std::tuple_element_t<I, all_ops>, T>(r), found = true)
                                                     : false),
     ...);
    BOOST_TEST_REQUIRE(found, "no op named " << r.op);
    return o;
}

template <class T>
void check_rows(const char* type) {
    for (const row& r : rows) {
        BOOST_TEST_CONTEXT(type << ": " << r.op << " at (" << r.at << ")") {
            const outcome<T> o = run_any<T>(r, std::make_index_sequence<std::tuple_size_v<all_ops>>{});
            BOOST_TEST(same_value(o.value, token<T>(r.value)), "value " << o.value << ", policy " << r.value);
            const pair_of_tokens dw = split(r.derivative);
            const T want[2] = {token<T>(dw.first), dw.binary ? token<T>(dw.second) : T(0)};
            for (int k = 0; k < 2; ++k) {
                BOOST_TEST(same_derivative(o.grad[k], want[k]), "grad " << k << ": " << o.grad[k]);
                // jvp along e_k is J e_k computed as the sum of partial * direction entry: an
                // infinite partial times the direction's run-time 0 is NaN (as in any forward
                // mode), so e_k is checked where the other partial is finite (and for a unary op,
                // along x only: y's tangent multiplies x's partial by a run-time 0 as well)
                const bool other_finite = dw.binary && std::isfinite(want[1 - k]);
                if (other_finite || (!dw.binary && k == 0))
                    BOOST_TEST(same_derivative(o.jvp[k], want[k]), "jvp " << k << ": " << o.jvp[k]);
                BOOST_TEST(same_derivative(o.symbolic[k], want[k]), "d " << k << ": " << o.symbolic[k]);
            }
        }
    }
}

// ---- constant evaluation: the rows whose inputs and results are finite ------------------------------

template <class T>
constexpr bool finite_token(std::string_view s) {
    const pair_of_tokens p = split(s);
    const auto one = [](std::string_view t) { return t != "inf" && t != "-inf" && t != "nan"; };
    return one(p.first) && (!p.binary || one(p.second));
}

template <class Case, class T>
constexpr bool constant_row_holds(const row& r) {
    constexpr auto f = Case::make();
    const pair_of_tokens at = split(r.at);
    const T u = token<T>(at.first);
    const T v = at.binary ? token<T>(at.second) : T(0);
    const auto g = ctdiff::grad(f, ctdiff::wrt(x, y), x = u, y = v);
    const pair_of_tokens dw = split(r.derivative);
    return same_value(f(x = u, y = v), token<T>(r.value)) && same_derivative(g[x], token<T>(dw.first)) &&
           same_derivative(g[y], dw.binary ? token<T>(dw.second) : T(0));
}

template <class T, std::size_t... I>
constexpr std::size_t constant_rows_failing(std::index_sequence<I...>) {
    std::size_t failing = 0;
    for (const row& r : rows) {
        if (!finite_token<T>(r.at) || !finite_token<T>(r.value) || !finite_token<T>(r.derivative)) continue;
        ((std::tuple_element_t<I, all_ops>::name == r.op
              ? void(failing += constant_row_holds<std::tuple_element_t<I, all_ops>, T>(r) ? 0 : 1)
              : void()),
         ...);
    }
    return failing;
}

}  // namespace

BOOST_AUTO_TEST_CASE(double_rows) { check_rows<double>("double"); }
BOOST_AUTO_TEST_CASE(float_rows) { check_rows<float>("float"); }

BOOST_AUTO_TEST_CASE(constant_evaluation) {
    constexpr std::size_t failing_double =
        constant_rows_failing<double>(std::make_index_sequence<std::tuple_size_v<all_ops>>{});
    constexpr std::size_t failing_float =
        constant_rows_failing<float>(std::make_index_sequence<std::tuple_size_v<all_ops>>{});
    static_assert(failing_double == 0 && failing_float == 0);
    BOOST_TEST(failing_double == 0u);
}

/// docs/math.md lists exactly these rows, as `| op | at | value | derivative | why |`.
BOOST_AUTO_TEST_CASE(documented_rows) {
    std::ifstream in(CTDIFF_SOURCE_DIR "/docs/math.md");
    BOOST_TEST_REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const std::size_t begin = doc.find("<!-- edge-policy-table -->");
    const std::size_t end = doc.find("<!-- /edge-policy-table -->");
    BOOST_TEST_REQUIRE((begin != std::string::npos && end != std::string::npos));
    std::string expected = "<!-- edge-policy-table -->\n| op | at | value | derivative | why |\n|---|---|---|---|---|\n";
    for (const row& r : rows) {
        expected += "| `" + std::string(r.op) + "` | " + std::string(r.at) + " | " + std::string(r.value) + " | " +
                    std::string(r.derivative) + " | " + std::string(r.why) + " |\n";
    }
    BOOST_TEST(doc.substr(begin, end - begin) == expected);
}
