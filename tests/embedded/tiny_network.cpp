// Cross-compiled for a Cortex-M4F by tests/embedded (docs/embedded.md): the seeds' tiny network
// L = ((w x)^2 - t)^2, its value and gradient in float. Nothing here may call a double-precision
// helper, allocate, or call anything but the libm functions the check allows.
#include <ctdiff/eval/reverse.hpp>
#include <ctdiff/ops/power.hpp>

using namespace ctdiff::literals;

namespace {
constexpr auto x = ctdiff::var<"x">;
constexpr auto w = ctdiff::var<"w">;
constexpr auto t = ctdiff::var<"t">;
constexpr auto loss = ctdiff::pow(ctdiff::pow(w * x, 2_c) - t, 2_c);
// (checked by the compiler for the target too: 52 * 12 * 2)
static_assert(ctdiff::grad(loss, ctdiff::wrt(w), x = 2.0f, w = 3.0f, t = 10.0f)[w] == 1248.0f);
}  // namespace

/// The loss at (x, w, t), and dL/dw, dL/dx into gradient[0], gradient[1].
extern "C" float tiny_network_value_and_gradient(float xv, float wv, float tv, float* gradient) {
    const auto [value, g] = ctdiff::value_and_grad(loss, ctdiff::wrt(w, x), x = xv, w = wv, t = tv);
    gradient[0] = g[w];
    gradient[1] = g[x];
    return value;
}
