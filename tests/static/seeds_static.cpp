// The worked examples of the chain-rule tutorials, checked by the compiler: a wrong derivative
// breaks the build. Every expected value is derived by hand in the comment beside it.
#include <ctdiff/ctdiff.hpp>

namespace {

using namespace ctdiff::literals;
using ctdiff::d;
using ctdiff::pow;

constexpr auto x = ctdiff::var<"x">;
constexpr auto w = ctdiff::var<"w">;
constexpr auto b = ctdiff::var<"b">;
constexpr auto t = ctdiff::var<"t">;

// ---- cakes: f(x) = x^2 (batter), g = 2f (bake), h = g + 3 (frosting) -------------------------
constexpr auto batter = pow(x, 2_c);
constexpr auto cake = 2_c * batter;
constexpr auto frosted = cake + 3_c;
static_assert(batter(x = 5.0) == 25.0);  // "Step 1: f(5) = 25"
static_assert(cake(x = 5.0) == 50.0);    // "Step 2: g(25) = 50"
static_assert(frosted(x = 5.0) == 53.0);  // "Final Output: 53"
// dh/dg * dg/df * df/dx = 1 * 2 * 2x = 4x
static_assert(d(frosted, x)(x = 5.0) == 20.0);
static_assert(d(frosted, x)(x = -1.5) == -6.0);
static_assert(std::is_same_v<decltype(d(frosted, x)), decltype(4_c * x)>);  // simplified to 4*x

// ---- (3x + 1)^2: outer u^2, inner 3x + 1; h' = 2(3x + 1) * 3 = 6(3x + 1) = 18x + 6 -------------
constexpr auto h1 = pow(3_c * x + 1_c, 2_c);
static_assert(h1(x = 2.0) == 49.0);
static_assert(d(h1, x)(x = 0.0) == 6.0);
static_assert(d(h1, x)(x = 1.0) == 24.0);
static_assert(d(h1, x)(x = 2.0) == 42.0);
static_assert(d(h1, x)(x = -0.5) == -3.0);
static_assert(d(h1, x, x)(x = 7.0) == 18.0);  // second derivative 18 everywhere
static_assert(std::is_same_v<decltype(d(h1, x)), decltype(6_c * (3_c * x + 1_c))>);

// ---- y = (3x + 2)^2: dy/dx = 2u * 3 = 6(3x + 2) = 18x + 12 --------------------------------------
constexpr auto y2 = pow(3_c * x + 2_c, 2_c);
static_assert(d(y2, x)(x = 0.0) == 12.0);
static_assert(d(y2, x)(x = 1.0) == 30.0);
static_assert(d(y2, x)(x = -2.0) == -24.0);

// ---- the tiny network: u = w x, output = u^2, L = (output - t)^2 --------------------------------
constexpr auto u = w * x;
constexpr auto output = pow(u, 2_c);
constexpr auto loss = pow(output - t, 2_c);
static_assert(u(w = 3.0, x = 2.0) == 6.0);                       // wx = 6
static_assert(output(w = 3.0, x = 2.0) == 36.0);                 // (wx)^2 = 36
static_assert(loss(x = 2.0, w = 3.0, t = 10.0) == 676.0);        // (36 - 10)^2 = 676
// dL/dw = 2(output - t) * 2u * x = 52 * 12 * 2 = 1248
static_assert(d(loss, w)(x = 2.0, w = 3.0, t = 10.0) == 1248.0);
// the same chain with respect to the input: 52 * 12 * w = 1872
static_assert(d(loss, x)(x = 2.0, w = 3.0, t = 10.0) == 1872.0);
// and the target: dL/dt = -2(output - t) = -52
static_assert(d(loss, t)(x = 2.0, w = 3.0, t = 10.0) == -52.0);
// bindings in any order, float works as well
static_assert(d(loss, w)(t = 10.0f, w = 3.0f, x = 2.0f) == 1248.0f);

// ---- the sigmoid neuron: z = sigmoid(w x + b), L = (z - t)^2 -------------------------------------
// dL/dw = dL/dz * dz/d(wx+b) * d(wx+b)/dw = 2(z - t) * z(1 - z) * x
constexpr auto z = ctdiff::sigmoid(w * x + b);
constexpr auto neuron_loss = pow(z - t, 2_c);

constexpr double sigmoid_by_hand(double v) { return 1.0 / (1.0 + ctdiff::math::exp(-v)); }
constexpr bool close(double a, double b_) {
    const double diff = a - b_;
    const double scale = (a < 0 ? -a : a) + (b_ < 0 ? -b_ : b_);
    return (diff < 0 ? -diff : diff) <= 4e-16 * scale;
}
constexpr bool neuron_gradient_matches(double xv, double wv, double bv, double tv) {
    const double zv = sigmoid_by_hand(wv * xv + bv);
    const double by_hand = 2.0 * (zv - tv) * zv * (1.0 - zv) * xv;
    return close(d(neuron_loss, w)(x = xv, w = wv, b = bv, t = tv), by_hand) &&
           close(d(neuron_loss, b)(x = xv, w = wv, b = bv, t = tv), by_hand / xv);
}
static_assert(neuron_gradient_matches(2.0, 0.5, -0.25, 1.0));
static_assert(neuron_gradient_matches(-1.5, 0.3, 0.1, 0.0));
static_assert(neuron_gradient_matches(0.75, -2.0, 1.0, 0.5));

// ---- exact constants --------------------------------------------------------------------------
static_assert(std::is_same_v<decltype(0.5_c), ctdiff::constant<ctdiff::rational{1, 2}>>);
static_assert(std::is_same_v<decltype(1e-3_c), ctdiff::constant<ctdiff::rational{1, 1000}>>);
static_assert(std::is_same_v<decltype(-3_c), ctdiff::constant<ctdiff::rational{-3, 1}>>);
static_assert(std::is_same_v<decltype(2.5e2_c), ctdiff::constant<ctdiff::rational{250, 1}>>);
static_assert(std::is_same_v<decltype(1_c / 3_c + 1_c / 6_c), decltype(0.5_c)>);

}  // namespace
