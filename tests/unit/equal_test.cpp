// ctdiff::equal at run time, and a property check that keeps it honest: every pair that equal
// claims equal is also evaluated at several points and must agree wherever both sides are
// defined; every pair it claims unequal must differ at some point (or be one of the documented
// limits, listed separately, where the functions agree but equal cannot tell).
#define BOOST_TEST_MODULE ctdiff_equal
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <ctdiff/ctdiff.hpp>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace ctdiff::literals;
using ctdiff::d;
using ctdiff::pow;

constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto z = ctdiff::var<"z">;

struct point {
    double x, y, z;
};
// Mixed signs on purpose: sqrt(x^2) and x agree for x > 0 only.
const std::vector<point> points = {
    {0.3, 0.7, -0.4},  {1.7, -0.4, 0.6},  {2.5, 1.1, -0.8}, {-0.6, 2.2, 0.45},
    {-1.7, -0.9, 1.3}, {0.85, 0.15, 2.9}, {3.3, -2.1, -1.4}, {-2.4, 0.55, 0.2},
};

template <class E>
double at(E e, const point& p) {
    return e(x = p.x, y = p.y, z = p.z);  // bindings a side does not use are ignored
}

bool same_value(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

// equal called through a pointer: a run-time call, not a constant expression.
template <class A, class B>
bool equal_at_run_time(A a, B b) {
    bool (*volatile fn)(A, B) = &ctdiff::equal<A, B>;
    return fn(a, b);
}

struct tally {
    int compared = 0;  // points where both sides are defined (finite)
    int differing = 0;
};
template <class A, class B>
tally compare_numerically(A a, B b) {
    tally t;
    for (const point& p : points) {
        const double va = at(a, p);
        const double vb = at(b, p);
        if (!std::isfinite(va) || !std::isfinite(vb)) continue;
        ++t.compared;
        if (!same_value(va, vb)) ++t.differing;
    }
    return t;
}

template <class A, class B>
void claimed_equal(const std::string& what, A a, B b) {
    BOOST_TEST_CONTEXT(what << ": " << ctdiff::to_string(a) << "  vs  " << ctdiff::to_string(b)) {
        BOOST_TEST(equal_at_run_time(a, b));
        BOOST_TEST(equal_at_run_time(b, a));
        const tally t = compare_numerically(a, b);
        BOOST_TEST(t.compared >= 3);
        BOOST_TEST(t.differing == 0);
    }
}

template <class A, class B>
void claimed_unequal(const std::string& what, A a, B b) {
    BOOST_TEST_CONTEXT(what << ": " << ctdiff::to_string(a) << "  vs  " << ctdiff::to_string(b)) {
        BOOST_TEST(!equal_at_run_time(a, b));
        BOOST_TEST(!equal_at_run_time(b, a));
        BOOST_TEST(compare_numerically(a, b).differing >= 1);
    }
}

// The same function, but an identity equal does not know (docs/symbolic.md): false, not wrong.
template <class A, class B>
void documented_limit(const std::string& what, A a, B b) {
    BOOST_TEST_CONTEXT(what << ": " << ctdiff::to_string(a) << "  vs  " << ctdiff::to_string(b)) {
        BOOST_TEST(!equal_at_run_time(a, b));
        const tally t = compare_numerically(a, b);
        BOOST_TEST(t.compared >= 3);
        BOOST_TEST(t.differing == 0);
    }
}

// Each side is built as a constexpr value, as users write them, so that no node is built at
// run time. (Clang 14 otherwise emits run-time calls to the consteval `_c` operator used inside
// the ops' simplification rules, which fail to link.)
#define CTDIFF_TEST_PAIR(check, what, a, b)      \
    do {                                         \
        constexpr auto lhs_ = a;                 \
        constexpr auto rhs_ = b;                 \
        check(what, lhs_, rhs_);                 \
    } while (false)
#define CLAIMED_EQUAL(a, b) CTDIFF_TEST_PAIR(claimed_equal, #a " == " #b, a, b)
#define CLAIMED_UNEQUAL(a, b) CTDIFF_TEST_PAIR(claimed_unequal, #a " != " #b, a, b)
#define DOCUMENTED_LIMIT(a, b) CTDIFF_TEST_PAIR(documented_limit, #a " ~ " #b, a, b)

}  // namespace

BOOST_AUTO_TEST_CASE(run_time_agrees_with_compile_time) {
    constexpr auto f = pow(3_c * x + 1_c, 2_c);
    constexpr auto df = d(f, x);
    constexpr auto expanded = 18_c * x + 6_c;
    constexpr auto factored = 6_c * (3_c * x + 1_c);
    constexpr auto wrong = 18_c * x + 1_c;
    constexpr bool at_compile_time = ctdiff::equal(df, expanded);
    static_assert(at_compile_time);
    BOOST_TEST(equal_at_run_time(df, expanded));
    BOOST_TEST(equal_at_run_time(df, factored));
    BOOST_TEST(!equal_at_run_time(df, wrong));
    BOOST_TEST(equal_at_run_time(x, x));
    BOOST_TEST(!equal_at_run_time(x, y));
}

BOOST_AUTO_TEST_CASE(pairs_claimed_equal_agree_numerically) {
    // seeds
    CLAIMED_EQUAL(d(2_c * pow(x, 2_c) + 3_c, x), 4_c * x);
    CLAIMED_EQUAL(d(pow(3_c * x + 1_c, 2_c), x), 18_c * x + 6_c);
    CLAIMED_EQUAL(d(pow(3_c * x + 1_c, 2_c), x), 6_c * (3_c * x + 1_c));
    CLAIMED_EQUAL(d(pow(3_c * x + 2_c, 2_c), x), 18_c * x + 12_c);
    CLAIMED_EQUAL(d(pow(pow(y * x, 2_c) - z, 2_c), y), 4_c * y * x * x * (y * y * x * x - z));
    // algebra
    CLAIMED_EQUAL((x + y) * (x - y), x * x - y * y);
    CLAIMED_EQUAL(pow(x + y + z, 2_c), x * x + y * y + z * z + 2_c * (x * y + y * z + z * x));
    CLAIMED_EQUAL(x * (y + z) - y * x, x * z);
    CLAIMED_EQUAL((x * x - 1_c) / (x - 1_c), x + 1_c);
    CLAIMED_EQUAL(1_c / x + 1_c / y, (x + y) / (x * y));
    CLAIMED_EQUAL(1_c / (x + 1_c) - 1_c / (x + 2_c), 1_c / ((x + 1_c) * (x + 2_c)));
    CLAIMED_EQUAL(x / (1_c - x), -x / (x - 1_c));
    CLAIMED_EQUAL(pow(x + 1_c, 10_c), pow(x + 1_c, 5_c) * pow(x + 1_c, 5_c));
    // calculus
    CLAIMED_EQUAL(d(x * ctdiff::sin(x), x), ctdiff::sin(x) + x * ctdiff::cos(x));
    CLAIMED_EQUAL(d(ctdiff::sin(x) / x, x), (x * ctdiff::cos(x) - ctdiff::sin(x)) / (x * x));
    CLAIMED_EQUAL(d(x / (x + 1_c), x, x), -2_c / pow(x + 1_c, 3_c));
    CLAIMED_EQUAL(d(ctdiff::exp(x * y), x, y), (1_c + x * y) * ctdiff::exp(x * y));
    CLAIMED_EQUAL(d(ctdiff::tanh(x), x, x), 2_c * pow(ctdiff::tanh(x), 3_c) - 2_c * ctdiff::tanh(x));
    CLAIMED_EQUAL(d(ctdiff::log(x * x + 1_c), x), 2_c * x / (x * x + 1_c));
    CLAIMED_EQUAL(d(ctdiff::sqrt(x * x + y * y), x, y), -x * y * pow(x * x + y * y, -1.5_c));
    CLAIMED_EQUAL(d(pow(x * x + 1_c, y), y), ctdiff::log(x * x + 1_c) * pow(x * x + 1_c, y));
    // roots, where both sides are defined (x > 0 for sqrt(x))
    CLAIMED_EQUAL(ctdiff::sqrt(x) * ctdiff::sqrt(x), x);
    CLAIMED_EQUAL(ctdiff::sqrt(4_c * x * x * x), 2_c * x * ctdiff::sqrt(x));
    // atoms with equal arguments written differently
    CLAIMED_EQUAL(ctdiff::sin(x + x), ctdiff::sin(2_c * x));
    CLAIMED_EQUAL(ctdiff::exp((x * x - y * y) / (x - y)), ctdiff::exp(x + y));
    CLAIMED_EQUAL(ctdiff::pi * x + x * ctdiff::pi, 2_c * x * ctdiff::pi);
}

BOOST_AUTO_TEST_CASE(pairs_claimed_unequal_differ_somewhere) {
    CLAIMED_UNEQUAL(2_c * x, 3_c * x);
    CLAIMED_UNEQUAL(x, y);
    CLAIMED_UNEQUAL(ctdiff::sin(x), ctdiff::cos(x));
    CLAIMED_UNEQUAL(ctdiff::sin(x), ctdiff::sin(-x));
    CLAIMED_UNEQUAL(d(x * ctdiff::sin(x), x), ctdiff::sin(x) + ctdiff::cos(x));
    CLAIMED_UNEQUAL(d(x / (x + 1_c), x), 1_c / (x + 1_c));
    CLAIMED_UNEQUAL(ctdiff::sqrt(x * x), x);                       // |x|
    CLAIMED_UNEQUAL(ctdiff::sqrt(x * x + 2_c * x + 1_c), x + 1_c);  // |x + 1|
    CLAIMED_UNEQUAL(pow(x + 1_c, 10_c), pow(x + 1_c, 9_c) * x);
    CLAIMED_UNEQUAL(ctdiff::pi * x, ctdiff::e * x);
    CLAIMED_UNEQUAL(ctdiff::tanh(x + 1_c), ctdiff::tanh(x) + 1_c);
}

BOOST_AUTO_TEST_CASE(documented_limits_answer_false_without_being_wrong) {
    DOCUMENTED_LIMIT(pow(ctdiff::sin(x), 2_c) + pow(ctdiff::cos(x), 2_c), 1_c);
    DOCUMENTED_LIMIT(ctdiff::exp(x) * ctdiff::exp(y), ctdiff::exp(x + y));
    DOCUMENTED_LIMIT(ctdiff::log(x * x), 2_c * ctdiff::log(ctdiff::abs(x)));
    DOCUMENTED_LIMIT(ctdiff::sqrt(2_c * x * x + 2_c), ctdiff::sqrt(2_c) * ctdiff::sqrt(x * x + 1_c));
}

// Ring and calculus identities for every pair (f, g) of sample expressions: equal must accept
// each, the values must agree, and a few non-identities must be rejected and differ.
namespace {
template <class F, class G>
void identities() {
    constexpr F f{};
    constexpr G g{};
    CTDIFF_TEST_PAIR(claimed_equal, "f + g == g + f", f + g, g + f);
    CTDIFF_TEST_PAIR(claimed_equal, "f g == g f", f * g, g * f);
    CTDIFF_TEST_PAIR(claimed_equal, "(f + g)^2", pow(f + g, 2_c), f * f + 2_c * f * g + g * g);
    CTDIFF_TEST_PAIR(claimed_equal, "(f - g)(f + g)", (f - g) * (f + g), f * f - g * g);
    CTDIFF_TEST_PAIR(claimed_equal, "f (g + 1)", f * (g + 1_c), f * g + f);
    CTDIFF_TEST_PAIR(claimed_equal, "product rule", d(f * g, x), d(f, x) * g + f * d(g, x));
    CTDIFF_TEST_PAIR(claimed_equal, "quotient rule", d(f / (g * g + 1_c), x),
                     (d(f, x) * (g * g + 1_c) - f * 2_c * g * d(g, x)) / pow(g * g + 1_c, 2_c));
    CTDIFF_TEST_PAIR(claimed_unequal, "f + g != f - g", f + g, f - g);
    CTDIFF_TEST_PAIR(claimed_unequal, "f + g != f + g + 1", f + g, f + g + 1_c);
}
template <class F, class... Gs>
void identities_with_each() {
    (identities<F, Gs>(), ...);
}
template <class... Fs>
void identities_for_all_pairs() {
    (identities_with_each<Fs, Fs...>(), ...);
}
}  // namespace

BOOST_AUTO_TEST_CASE(identities_over_sample_pairs) {
    identities_for_all_pairs<decltype(x), decltype(ctdiff::sin(x) * y), decltype(x * y + 1_c),
                             decltype(ctdiff::sqrt(x * x + 1_c)), decltype(1_c / (x + 4_c)),
                             decltype(ctdiff::exp(y) - x)>();
}
