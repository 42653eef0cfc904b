// ctdiff::equal checked by the compiler: canonical-form equality of derivatives and hand-written
// forms. Every "equal" pair is derived by hand in the comment beside it; every "not equal" pair
// is either a different function or a documented limit of equal (see docs/symbolic.md).
#include <ctdiff/ctdiff.hpp>

namespace {

using namespace ctdiff::literals;
using ctdiff::d;
using ctdiff::equal;
using ctdiff::pow;

constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto z = ctdiff::var<"z">;
constexpr auto w = ctdiff::var<"w">;
constexpr auto b = ctdiff::var<"b">;
constexpr auto t = ctdiff::var<"t">;

// ---- the seeds' worked examples ------------------------------------------------------------------
// cakes: f = x^2, g = 2f, h = g + 3; dh/dx = 1 * 2 * 2x = 4x
constexpr auto batter = pow(x, 2_c);
constexpr auto cake = 2_c * batter;
constexpr auto frosted = cake + 3_c;
static_assert(equal(d(frosted, x), 4_c * x));
static_assert(equal(d(frosted, x), x * 4_c));
static_assert(equal(d(frosted, x), 2_c * (x + x)));
static_assert(equal(d(frosted, x, x), 4_c));
// (3x + 1)^2: 2(3x + 1) * 3 = 6(3x + 1) = 18x + 6; second derivative 18
constexpr auto h1 = pow(3_c * x + 1_c, 2_c);
static_assert(equal(d(h1, x), 6_c * (3_c * x + 1_c)));
static_assert(equal(d(h1, x), 18_c * x + 6_c));
static_assert(equal(d(h1, x), 6_c + x * 18_c));
static_assert(equal(d(h1, x, x), 18_c));
static_assert(equal(h1, 9_c * x * x + 6_c * x + 1_c));
// (3x + 2)^2: 2(3x + 2) * 3 = 18x + 12
static_assert(equal(d(pow(3_c * x + 2_c, 2_c), x), 18_c * x + 12_c));
static_assert(!equal(d(pow(3_c * x + 2_c, 2_c), x), 18_c * x + 6_c));
// the tiny network: L = ((w x)^2 - t)^2; dL/dw = 2((wx)^2 - t) * 2wx * x = 4 w x^2 (w^2 x^2 - t)
constexpr auto loss = pow(pow(w * x, 2_c) - t, 2_c);
static_assert(equal(d(loss, w), 4_c * w * x * x * (w * w * x * x - t)));
static_assert(equal(d(loss, w), 4_c * pow(w, 3_c) * pow(x, 4_c) - 4_c * w * x * x * t));
static_assert(equal(d(loss, t), 2_c * t - 2_c * pow(w * x, 2_c)));
// the sigmoid neuron: z = sigmoid(wx + b), L = (z - t)^2; dL/dw = 2(z - t) z (1 - z) x
constexpr auto neuron = ctdiff::sigmoid(w * x + b);
constexpr auto neuron_loss = pow(neuron - t, 2_c);
static_assert(equal(d(neuron_loss, w), 2_c * (neuron - t) * neuron * (1_c - neuron) * x));
static_assert(equal(d(neuron_loss, b), 2_c * (neuron - t) * neuron * (1_c - neuron)));

// ---- the examples of the brief ------------------------------------------------------------------
static_assert(!equal(x, y));
static_assert(!equal(2_c * x, 3_c * x));
static_assert(equal(x, x));

// ---- commutativity, associativity, distribution ------------------------------------------------
static_assert(equal(x + y, y + x));
static_assert(equal(x * y, y * x));
static_assert(equal((x + y) + z, x + (y + z)));
static_assert(equal((x * y) * z, x * (y * z)));
static_assert(equal((x * z) * y, z * (y * x)));
static_assert(equal(x * (y + z), x * y + x * z));
static_assert(equal((x + y) * (x - y), x * x - y * y));
static_assert(equal(pow(x + y, 2_c), x * x + 2_c * x * y + y * y));
static_assert(equal(pow(x + 1_c, 3_c), pow(x, 3_c) + 3_c * pow(x, 2_c) + 3_c * x + 1_c));
static_assert(equal(x - y, -(y - x)));
static_assert(equal(-(-x), x));
static_assert(equal(x - (y - z), x + z - y));
static_assert(equal(x / 2_c, 0.5_c * x));
static_assert(equal((x + y) / z, x / z + y / z));

// ---- like terms ---------------------------------------------------------------------------------
static_assert(equal(x + x + x, 3_c * x));
static_assert(equal(2_c * x + 3_c * y - x, x + 3_c * y));
static_assert(equal(x * y + y * x, 2_c * x * y));
static_assert(equal(x * x * x, pow(x, 3_c)));
static_assert(equal(x * x / x, x));
static_assert(equal(pow(x, 2_c) * pow(x, -2_c), 1_c));
static_assert(equal(0.5_c * x + 0.25_c * x + 0.25_c * x, x));
static_assert(equal(x + y - x - y, 0_c));

// ---- product rule -------------------------------------------------------------------------------
// d(x sin x) = sin x + x cos x
static_assert(equal(d(x * ctdiff::sin(x), x), ctdiff::sin(x) + x * ctdiff::cos(x)));
// d(x^2 e^x) = 2x e^x + x^2 e^x
static_assert(equal(d(x * x * ctdiff::exp(x), x), (2_c * x + x * x) * ctdiff::exp(x)));
// d(sin x cos x) = cos^2 x - sin^2 x
static_assert(equal(d(ctdiff::sin(x) * ctdiff::cos(x), x),
                    pow(ctdiff::cos(x), 2_c) - pow(ctdiff::sin(x), 2_c)));
// d(x y) / dy = x, mixed partial d2(x^2 y)/dx dy = 2x
static_assert(equal(d(x * y, y), x));
static_assert(equal(d(x * x * y, x, y), 2_c * x));
static_assert(equal(d(x * x * y, y, x), 2_c * x));

// ---- quotient rule ------------------------------------------------------------------------------
// d(sin x / x) = (x cos x - sin x) / x^2
static_assert(equal(d(ctdiff::sin(x) / x, x), (x * ctdiff::cos(x) - ctdiff::sin(x)) / (x * x)));
static_assert(equal(d(ctdiff::sin(x) / x, x),
                    ctdiff::cos(x) / x - ctdiff::sin(x) * pow(x, -2_c)));
// d(x / (x + 1)) = ((x + 1) - x) / (x + 1)^2 = 1 / (x + 1)^2
static_assert(equal(d(x / (x + 1_c), x), 1_c / pow(x + 1_c, 2_c)));
static_assert(equal(d(x / (x + 1_c), x), pow(x + 1_c, -2_c)));
// d(1/x) = -1/x^2
static_assert(equal(d(1_c / x, x), -pow(x, -2_c)));
// d((x^2 + 1) / (x - 1)) = (2x (x - 1) - (x^2 + 1)) / (x - 1)^2 = (x^2 - 2x - 1) / (x - 1)^2
static_assert(equal(d((x * x + 1_c) / (x - 1_c), x),
                    (x * x - 2_c * x - 1_c) / (x * x - 2_c * x + 1_c)));
// rational functions are compared by cross-multiplication
static_assert(equal((x * x - 1_c) / (x - 1_c), x + 1_c));
static_assert(equal(1_c / x + 1_c / y, (x + y) / (x * y)));
static_assert(equal(1_c / (x + 1_c) - 1_c / (x + 2_c), 1_c / ((x + 1_c) * (x + 2_c))));

// ---- chain rule through non-polynomial atoms --------------------------------------------------
static_assert(equal(d(ctdiff::sin(x * x), x), 2_c * x * ctdiff::cos(x * x)));
static_assert(equal(d(ctdiff::exp(3_c * x + 1_c), x), 3_c * ctdiff::exp(1_c + x * 3_c)));
static_assert(equal(d(ctdiff::tanh(x), x), 1_c - pow(ctdiff::tanh(x), 2_c)));
static_assert(equal(d(ctdiff::tanh(x), x, x),
                    2_c * pow(ctdiff::tanh(x), 3_c) - 2_c * ctdiff::tanh(x)));
static_assert(equal(d(ctdiff::sigmoid(x), x), ctdiff::sigmoid(x) - pow(ctdiff::sigmoid(x), 2_c)));
static_assert(equal(d(ctdiff::log(x * x + 1_c), x), 2_c * x / (x * x + 1_c)));
static_assert(equal(d(ctdiff::tan(x), x), 1_c + pow(ctdiff::tan(x), 2_c)));
static_assert(equal(d(ctdiff::relu(2_c * x), x), 2_c * ctdiff::step(x + x)));
static_assert(equal(d(ctdiff::softplus(x), x), ctdiff::sigmoid(x)));
// second derivatives
static_assert(equal(d(x * ctdiff::sin(x), x, x), 2_c * ctdiff::cos(x) - x * ctdiff::sin(x)));
static_assert(equal(d(ctdiff::exp(x * x), x, x), (2_c + 4_c * x * x) * ctdiff::exp(x * x)));
static_assert(equal(d(ctdiff::sin(x * y), x, y),
                    ctdiff::cos(x * y) - x * y * ctdiff::sin(y * x)));
// pow(u, v) with an expression exponent: d/dy x^y = log(x) x^y, d/dx x^y = y x^(y - 1)
static_assert(equal(d(pow(x, y), y), ctdiff::log(x) * pow(x, y)));
static_assert(equal(d(pow(x, y), x), y * pow(x, y + (-1_c))));

// ---- powers and roots ---------------------------------------------------------------------------
static_assert(equal(ctdiff::sqrt(x), pow(x, 0.5_c)));
static_assert(equal(ctdiff::sqrt(x) * ctdiff::sqrt(x), x));
static_assert(equal(pow(pow(x, 0.5_c), 3_c), x * ctdiff::sqrt(x)));
static_assert(equal(ctdiff::sqrt(4_c * x), 2_c * ctdiff::sqrt(x)));
static_assert(equal(1_c / ctdiff::sqrt(x), pow(x, -0.5_c)));
static_assert(equal(d(ctdiff::sqrt(x), x), 0.5_c * pow(x, -0.5_c)));
static_assert(equal(d(ctdiff::sqrt(x * x + 1_c), x), x / ctdiff::sqrt(x * x + 1_c)));
static_assert(equal(ctdiff::sqrt(x + 1_c) * ctdiff::sqrt(x + 1_c), x + 1_c));
static_assert(equal(pow(x + 1_c, 1.5_c) / (x + 1_c), ctdiff::sqrt(x + 1_c)));
static_assert(equal(pow(pow(x, 0.5_c), 1_c / 3_c), pow(x, 1_c / 6_c)));
static_assert(equal(ctdiff::sqrt(ctdiff::pi) * ctdiff::sqrt(ctdiff::pi), ctdiff::pi));
static_assert(equal(1_c / (1_c - x), -1_c / (x - 1_c)));
static_assert(equal(1_c / (2_c * x + 2_c), 0.5_c / (x + 1_c)));
static_assert(equal(pow(x * y, 1.5_c), x * y * ctdiff::sqrt(x) * ctdiff::sqrt(y)));
// powers of sums above 8 stay atoms [x + 1]^10 in the canonical form; the comparison expands them
static_assert(equal(pow(x + 1_c, 10_c), pow(x + 1_c, 5_c) * pow(x + 1_c, 5_c)));
static_assert(equal(d(pow(x + 1_c, 10_c), x), 10_c * pow(x + 1_c, 9_c)));

// ---- atoms compare their arguments' canonical forms --------------------------------------------
static_assert(equal(ctdiff::sin(x + x), ctdiff::sin(2_c * x)));
static_assert(equal(ctdiff::exp(x * (y + 1_c)), ctdiff::exp(x * y + x)));
static_assert(equal(ctdiff::cos(pow(x + 1_c, 2_c)), ctdiff::cos(x * x + 2_c * x + 1_c)));
static_assert(equal(ctdiff::tanh((x * x - 1_c) / (x - 1_c)), ctdiff::tanh(x + 1_c)));
static_assert(equal(ctdiff::sin(x) + ctdiff::sin(2_c * x - x), 2_c * ctdiff::sin(x)));
static_assert(equal(ctdiff::abs((x + 1_c) - x), 1_c));  // abs folds once its argument is 1
static_assert(equal(ctdiff::pi * x + x * ctdiff::pi, 2_c * ctdiff::pi * x));
static_assert(equal(d(ctdiff::sin(ctdiff::pi * x), x), ctdiff::pi * ctdiff::cos(x * ctdiff::pi)));

// ---- not equal: different functions ------------------------------------------------------------
static_assert(!equal(ctdiff::sin(x), ctdiff::cos(x)));
static_assert(!equal(ctdiff::sin(x), ctdiff::sin(y)));
static_assert(!equal(ctdiff::sin(x), ctdiff::sin(-x)));
static_assert(!equal(pow(x, 2_c), pow(x, 3_c)));
static_assert(!equal(x + 1_c, x + 2_c));
static_assert(!equal(x * y, x + y));
static_assert(!equal(ctdiff::pi, ctdiff::e));
static_assert(!equal(ctdiff::pi * x, x));
static_assert(!equal(d(x * ctdiff::sin(x), x), ctdiff::sin(x) + ctdiff::cos(x)));
static_assert(!equal(d(x / (x + 1_c), x), 1_c / (x + 1_c)));
static_assert(!equal(ctdiff::sqrt(x * x), x));  // it is |x|
static_assert(!equal(ctdiff::sqrt(x * x + 2_c * x + 1_c), x + 1_c));  // |x + 1|, not x + 1
static_assert(!equal(ctdiff::exp(x), ctdiff::exp(y)));
static_assert(!equal(ctdiff::tanh(x + 1_c), ctdiff::tanh(x) + 1_c));
static_assert(!equal(pow(x * x, 1.5_c), pow(x, 3_c)));  // |x|^3
// a division by a denominator that expands to 0 is undefined everywhere: never equal
static_assert(!equal(x / (2_c * x - x - x), 1_c));
static_assert(!equal(x / (2_c * x - x - x), x / (x - 2_c * x + x)));

// ---- not equal: documented limits of equal (identities it does not know) -----------------------
static_assert(!equal(pow(ctdiff::sin(x), 2_c) + pow(ctdiff::cos(x), 2_c), 1_c));
static_assert(!equal(ctdiff::exp(x) * ctdiff::exp(y), ctdiff::exp(x + y)));
static_assert(!equal(ctdiff::sqrt(2_c) * ctdiff::sqrt(x), ctdiff::sqrt(2_c * x)));

}  // namespace
