// Ops defined outside the library (docs/extending.md): an op struct written in user code, with a
// name only, and a run-time function given with its derivatives. Each passes the laws the
// library's ops are held to: derivatives against central differences, reverse = forward =
// symbolic, the Hessian symmetric and equal to differences of the gradient; and it prints,
// traces and broadcasts over tensors.
#define BOOST_TEST_MODULE ctdiff_extending
#include "../support/laws.hpp"

#include <array>
#include <cmath>
#include <ctdiff/ctdiff.hpp>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

// ---- the user's code: nothing here is in namespace ctdiff ----------------------------------------
namespace user {

using namespace ctdiff::literals;

/// sinc u = sin(u) / u, and 1 at 0.
struct sinc_op {
    static constexpr std::string_view name = "sinc";
    template <class T>
    static constexpr T eval(const T& u) {
        return u == T(0) ? T(1) : ctdiff::math::sin(u) / u;
    }
    // (cos u - sinc u) / u, and 0 at 0 (where the formula is 0/0)
    template <std::size_t I, class Self, class A>
    static constexpr auto partial(Self self, A a) {
        return ctdiff::select(ctdiff::abs(a) > 0_c, (ctdiff::cos(a) - self) / a, 0_c);
    }
};
template <ctdiff::expression A>
constexpr auto sinc(A a) {
    return ctdiff::make<sinc_op>(a);
}

/// A smooth |u|: sqrt(u^2 + e^2), two arguments, printed with a notation of its own.
struct soft_abs_op {
    static constexpr ctdiff::notation print{ctdiff::fixity::function, "soft_abs", "\\operatorname{sabs}",
                                            ctdiff::precedence::atom};
    template <class T>
    static constexpr T eval(const T& u, const T& e) {
        return ctdiff::math::sqrt(u * u + e * e);
    }
    template <std::size_t I, class Self, class U, class E>
    static constexpr auto partial(Self self, U u, E e) {
        if constexpr (I == 0) return u / self;
        else return e / self;
    }
};
template <ctdiff::expression U, ctdiff::expression E>
constexpr auto soft_abs(U u, E e) {
    return ctdiff::make<soft_abs_op>(u, e);
}

/// a - b/2 as an infix operator of its own, with the optional facts of a library arithmetic op:
/// not associative (printing keeps a -~ (b -~ c)), "+~" before a negative constant's magnitude,
/// and its algebraic form, so that `equal` sees a linear combination rather than an atom.
struct minus_half_op {
    static constexpr ctdiff::notation print{ctdiff::fixity::infix, "-~", "\\ominus", ctdiff::precedence::sum, false,
                                            "+~"};
    static constexpr ctdiff::algebraic_form algebra{ctdiff::algebraic_form::linear,
                                                    {ctdiff::rational{1, 1}, ctdiff::rational{-1, 2}}};
    template <class T>
    static constexpr T eval(const T& a, const T& b) {
        return a - b / T(2);
    }
    template <std::size_t I, class Self, class A, class B>
    static constexpr auto partial(Self, A, B) {
        if constexpr (I == 0) return 1_c;
        else return -0.5_c;
    }
};
template <ctdiff::expression A, ctdiff::expression B>
constexpr auto minus_half(A a, B b) {
    return ctdiff::make<minus_half_op>(a, b);
}

/// A run-time function with its derivatives: a cubic "spline" piece.
constexpr double piece(double t) { return ((0.5 * t - 1.0) * t + 2.0) * t; }
constexpr double piece_slope(double t) { return (1.5 * t - 2.0) * t + 2.0; }
constexpr double piece_curvature(double t) { return 3.0 * t - 2.0; }
inline constexpr auto spline = ctdiff::external<"spline", piece, piece_slope, piece_curvature>;

}  // namespace user

namespace {

using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;

using laws::near;
using ctdiff::registry::nonzero;
using ctdiff::registry::positive;
using ctdiff::registry::real;

// constexpr, as the library's ops: d of sinc at 0 is 0, of the spline its slope
static_assert(user::sinc(x)(x = 0.0) == 1.0);
static_assert(ctdiff::d(user::sinc(x), x)(x = 0.0) == 0.0);
static_assert(ctdiff::d(user::spline(x), x)(x = 2.0) == user::piece_slope(2.0));
static_assert(ctdiff::grad(user::soft_abs(x, 3_c), ctdiff::wrt(x), x = 4.0)[x] == 0.8);

}  // namespace

// The same law suite as the library's ops (tests/support/laws.hpp, run over the registry by
// tests/unit/laws_test.cpp): the op alone on its arguments, and in compositions.
BOOST_AUTO_TEST_CASE(user_op_with_a_name_passes_the_laws) {
    laws::check_smooth<real>("sinc", user::sinc(x), std::tuple{x}, 100);
    laws::check_elementwise<real>("sinc", [](auto v) { return user::sinc(v); });
    laws::check_smooth<real, real>("sinc(x y)", user::sinc(x * y), std::tuple{x, y}, 100);
    laws::check_smooth<positive, positive>("sinc(x) + sinc(y)^2", user::sinc(x) + ctdiff::pow(user::sinc(y), 2_c),
                                           std::tuple{x, y}, 100);
}

BOOST_AUTO_TEST_CASE(user_op_with_two_arguments_passes_the_laws) {
    laws::check_smooth<real, nonzero>("soft_abs", user::soft_abs(x, y), std::tuple{x, y}, 100);
    laws::check_smooth<positive, positive>("soft_abs(x - y, y)", user::soft_abs(x - y, y), std::tuple{x, y}, 100);
}

BOOST_AUTO_TEST_CASE(external_function_passes_the_laws) {
    laws::check_smooth<real>("spline", user::spline(x), std::tuple{x}, 100);
    laws::check_elementwise<real>("spline", [](auto v) { return user::spline(v); });
    laws::check_smooth<real, real>("spline(x) y", user::spline(x) * y, std::tuple{x, y}, 100);
    // against the hand derivative of the cubic
    BOOST_TEST(ctdiff::d(user::spline(x * x), x)(x = 1.5) == user::piece_slope(2.25) * 3.0);
}

BOOST_AUTO_TEST_CASE(user_ops_print) {
    BOOST_TEST(ctdiff::to_string(user::sinc(x) * y) == "sinc(x)*y");
    BOOST_TEST(ctdiff::to_latex(user::sinc(x)) == "\\operatorname{sinc}\\left(x\\right)");
    BOOST_TEST(ctdiff::to_string(user::soft_abs(x, 2_c)) == "soft_abs(x, 2)");
    BOOST_TEST(ctdiff::to_latex(user::soft_abs(x, 2_c)) == "\\operatorname{sabs}\\left(x, 2\\right)");
    BOOST_TEST(ctdiff::to_string(user::spline(x)) == "spline(x)");
    BOOST_TEST(ctdiff::to_string(ctdiff::d(user::spline(x), x)) == "spline'(x)");
    BOOST_TEST(ctdiff::to_string(ctdiff::d(user::spline(x), x, x)) == "spline''(x)");
    std::ostringstream out;
    ctdiff::trace(out, user::sinc(x) * y, ctdiff::wrt(x), x = 0.0, y = 2.0);
    BOOST_TEST(out.str().find("u1 = sinc(x) = 1") != std::string::npos, out.str());
}

// An op's own struct says how it prints and what it is algebraically: nothing in io/ or
// symbolic/ knows it (docs/extending.md).
BOOST_AUTO_TEST_CASE(user_infix_op_prints_and_compares_by_its_own_facts) {
    constexpr auto z = ctdiff::var<"z">;
    BOOST_TEST(ctdiff::to_string(user::minus_half(x, user::minus_half(y, z))) == "x -~ (y -~ z)");
    BOOST_TEST(ctdiff::to_string(user::minus_half(user::minus_half(x, y), z)) == "x -~ y -~ z");
    BOOST_TEST(ctdiff::to_string(user::minus_half(x, ctdiff::constant<ctdiff::rational{-3, 1}>{})) == "x +~ 3");
    BOOST_TEST(ctdiff::to_latex(user::minus_half(x, y)) == "x \\ominus y");
    // equal computes with the algebraic form: (x -~ y) -~ z = x - y/2 - z/2, by hand
    static_assert(ctdiff::equal(user::minus_half(user::minus_half(x, y), z), x - y / 2_c - z / 2_c));
    static_assert(ctdiff::equal(user::minus_half(x, 2_c * x), 0_c));
    static_assert(!ctdiff::equal(user::minus_half(x, y), x - y));
    laws::check_smooth<real, real>("x -~ y", user::minus_half(x, y) * y, std::tuple{x, y}, 100);
}

BOOST_AUTO_TEST_CASE(user_ops_broadcast_over_tensors) {
    constexpr auto v = ctdiff::var<"v", ctdiff::shape<3>>;
    const auto f = ctdiff::sum(user::sinc(v) * user::spline(v));
    ctdiff::tensor<double, ctdiff::shape<3>> at;
    at(0) = 0.5;
    at(1) = -1.0;
    at(2) = 2.0;
    const auto g = ctdiff::grad(f, ctdiff::wrt(v), v = at)[v];
    for (std::size_t i = 0; i < 3; ++i) {
        const double t = at(i);
        const double sinc = std::sin(t) / t, dsinc = (std::cos(t) - sinc) / t;
        BOOST_TEST(near(g(i), dsinc * user::piece(t) + sinc * user::piece_slope(t), 1e-14));
    }
}
