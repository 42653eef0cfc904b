// Codegen check: the gradient of Rosenbrock in 16 variables must compile to straight-line code.
// check_codegen.cmake compiles this file at -O2 and fails if the disassembly of
// ctdiff_codegen_gradient contains a call to anything but libm, or an allocation; or an xorpd
// (at -O2 a sign flip is an xorpd with a sign mask): the backward sweep folds the -1 of each
// `x1 - x0^2` into the exact scale of the adjoint (docs/design.md, "Exact scales of adjoints"),
// so the entries get 200 d and -400 (d x0) with no negation. g++ 12 emitted 15 xorpd here
// before the scales, clang++ 14 none. (The same mnemonic also zeroes a register; this gradient
// needs no zero either, but if a change makes it need one, narrow the pattern.)
// codegen-forbid ctdiff_codegen_gradient: v?xorp[sd]
#include <array>
#include <ctdiff/ctdiff.hpp>
#include <utility>

namespace {

using namespace ctdiff::literals;

template <std::size_t I>
constexpr auto name() {
    ctdiff::fixed_string<4> s;
    s.chars[0] = 'x';
    s.chars[1] = static_cast<char>('0' + I / 10);
    s.chars[2] = static_cast<char>('0' + I % 10);
    return s;
}
template <std::size_t I>
constexpr auto xs = ctdiff::var<name<I>()>;

template <std::size_t I>
constexpr auto term() {
    return 100_c * ctdiff::pow(xs<I + 1> - ctdiff::pow(xs<I>, 2_c), 2_c) + ctdiff::pow(1_c - xs<I>, 2_c);
}
template <std::size_t... I>
constexpr auto rosenbrock(std::index_sequence<I...>) {
    return (term<I>() + ...);
}
constexpr auto f = rosenbrock(std::make_index_sequence<15>{});

template <std::size_t... I>
CTDIFF_FORCEINLINE void gradient(const double* in, double* out, std::index_sequence<I...>) {
    const auto [value, g] = ctdiff::value_and_grad(f, ctdiff::wrt(xs<I>...), (xs<I> = in[I])...);
    out[0] = value;
    ((out[I + 1] = g[xs<I>]), ...);
}

}  // namespace

extern "C" void ctdiff_codegen_gradient(const double* in, double* out) {
    gradient(in, out, std::make_index_sequence<16>{});
}

// A second function with transcendental ops: calls to libm (tanh, exp) are allowed.
extern "C" void ctdiff_codegen_gradient_libm(const double* in, double* out) {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto y = ctdiff::var<"y">;
    constexpr auto h = ctdiff::tanh(x * y) + ctdiff::exp(ctdiff::sin(x)) * y;
    const auto [value, g] = ctdiff::value_and_grad(h, ctdiff::wrt(x, y), x = in[0], y = in[1]);
    out[0] = value;
    out[1] = g[x];
    out[2] = g[y];
}
