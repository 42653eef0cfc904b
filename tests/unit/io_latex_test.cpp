// to_latex: the LaTeX a documentation page would want, written out here by hand: fractions with
// \frac, powers in braces, function names as commands, parentheses only where precedence needs
// them, products juxtaposed unless a number follows.
#define BOOST_TEST_MODULE ctdiff_io_latex
#include <boost/test/unit_test.hpp>

#include <ctdiff/ctdiff.hpp>
#include <string>

namespace {
using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto w = ctdiff::var<"w">;
constexpr auto b = ctdiff::var<"b">;
constexpr auto rate = ctdiff::var<"rate">;
}  // namespace

BOOST_AUTO_TEST_CASE(products_and_coefficients) {
    BOOST_TEST(ctdiff::to_latex(3_c * x) == "3 x");
    BOOST_TEST(ctdiff::to_latex(w * x) == "w x");
    BOOST_TEST(ctdiff::to_latex(x * 2_c) == "2 x");  // constants first (simplification)
    BOOST_TEST(ctdiff::to_latex(0.5_c * x) == "\\frac{1}{2} x");
    BOOST_TEST(ctdiff::to_latex(x * ctdiff::pow(2_c, y)) == "x \\cdot 2^{y}");  // a number follows
    BOOST_TEST(ctdiff::to_latex(x * (y + 1_c)) == "x \\left(y + 1\\right)");
    BOOST_TEST(ctdiff::to_latex(ctdiff::sin(x) * ctdiff::cos(x)) == "\\sin\\left(x\\right) \\cos\\left(x\\right)");
    BOOST_TEST(ctdiff::to_latex(rate * x) == "\\mathit{rate} x");
    BOOST_TEST(ctdiff::to_latex(ctdiff::pi * x) == "\\pi x");
}

BOOST_AUTO_TEST_CASE(fractions_powers_functions) {
    BOOST_TEST(ctdiff::to_latex(x / y) == "\\frac{x}{y}");
    BOOST_TEST(ctdiff::to_latex((x + 1_c) / (y - 1_c)) == "\\frac{x + 1}{y - 1}");
    BOOST_TEST(ctdiff::to_latex(ctdiff::pow(x, 2_c)) == "x^{2}");
    BOOST_TEST(ctdiff::to_latex(ctdiff::pow(x, -1_c)) == "x^{-1}");
    BOOST_TEST(ctdiff::to_latex(ctdiff::pow(x, 2_c / 3_c)) == "x^{\\frac{2}{3}}");
    BOOST_TEST(ctdiff::to_latex(ctdiff::pow(x + y, 2_c)) == "\\left(x + y\\right)^{2}");
    BOOST_TEST(ctdiff::to_latex(ctdiff::pow(ctdiff::sin(x), 2_c)) == "\\sin\\left(x\\right)^{2}");
    BOOST_TEST(ctdiff::to_latex(ctdiff::sqrt(x + 1_c)) == "\\sqrt{x + 1}");
    BOOST_TEST(ctdiff::to_latex(ctdiff::exp(x)) == "\\exp\\left(x\\right)");
    BOOST_TEST(ctdiff::to_latex(ctdiff::log(x)) == "\\log\\left(x\\right)");
    BOOST_TEST(ctdiff::to_latex(ctdiff::sigmoid(w * x + b)) == "\\sigma\\left(w x + b\\right)");
    BOOST_TEST(ctdiff::to_latex(ctdiff::relu(x)) == "\\operatorname{relu}\\left(x\\right)");
}

BOOST_AUTO_TEST_CASE(precedence) {
    BOOST_TEST(ctdiff::to_latex(x - (y - x)) == "x - \\left(y - x\\right)");
    BOOST_TEST(ctdiff::to_latex(x - (y + x)) == "x - \\left(y + x\\right)");
    BOOST_TEST(ctdiff::to_latex((x - y) - x) == "x - y - x");
    BOOST_TEST(ctdiff::to_latex(-(x + y)) == "-\\left(x + y\\right)");
    BOOST_TEST(ctdiff::to_latex(x + (-2_c)) == "x - 2");
}

BOOST_AUTO_TEST_CASE(derivatives) {
    // the seeds' examples: d/dx (3x + 1)^2 = 6 (3x + 1); the cake h = 2 x^2 + 3 gives 4x
    BOOST_TEST(ctdiff::to_latex(ctdiff::d(ctdiff::pow(3_c * x + 1_c, 2_c), x)) == "6 \\left(3 x + 1\\right)");
    BOOST_TEST(ctdiff::to_latex(ctdiff::d(2_c * ctdiff::pow(x, 2_c) + 3_c, x)) == "4 x");
    BOOST_TEST(ctdiff::to_latex(ctdiff::d(ctdiff::sin(x), x)) == "\\cos\\left(x\\right)");
    BOOST_TEST(ctdiff::to_latex(ctdiff::d(ctdiff::log(x), x)) == "\\frac{1}{x}");
}
