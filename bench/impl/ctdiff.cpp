// ctdiff: value_and_grad for the gradient, evaluate for the value. The expressions are built at
// compile time; what is compiled here is their straight-line forward and backward passes.
#include <algorithm>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <tuple>
#include <utility>

#include "ctdiff_networks.hpp"
#include "ctdiff_rosenbrock.hpp"
#include "problems.hpp"

namespace ctdiff_bench {

namespace {

using namespace ctdiff::literals;

// P1
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto z = ctdiff::var<"z">;
constexpr auto f1 = (x + y + z) * ctdiff::exp(x * y * z);

// P2 (x is shared with P1)
constexpr auto w = ctdiff::var<"w">;
constexpr auto t = ctdiff::var<"t">;
constexpr auto f2 = ctdiff::pow(ctdiff::pow(w * x, 2_c) - t, 2_c);

// P3 (ctdiff_rosenbrock.hpp)
using rosenbrock::f3;
using rosenbrock::xs;

template <std::size_t... I>
CTDIFF_FORCEINLINE void p3_grad(const double* in, double* out, std::index_sequence<I...>) {
    const auto [v, g] = ctdiff::value_and_grad(f3, ctdiff::wrt(xs<I>...), (xs<I> = in[I])...);
    out[0] = v;
    ((out[I + 1] = g[xs<I>]), ...);
}
template <std::size_t... I>
CTDIFF_FORCEINLINE double p3_value(const double* in, std::index_sequence<I...>) {
    return ctdiff::evaluate(f3, (xs<I> = in[I])...);
}

}  // namespace

using namespace networks;

template <>
void grad<ctdiff_ad, p1>(const double* in, double* out) {
    const auto [v, g] = ctdiff::value_and_grad(f1, ctdiff::wrt(x, y, z), x = in[0], y = in[1], z = in[2]);
    out[0] = v;
    out[1] = g[x];
    out[2] = g[y];
    out[3] = g[z];
}
template <>
double value<ctdiff_ad, p1>(const double* in) {
    return ctdiff::evaluate(f1, x = in[0], y = in[1], z = in[2]);
}

template <>
void grad<ctdiff_ad, p2>(const double* in, double* out) {
    const auto [v, g] = ctdiff::value_and_grad(f2, ctdiff::wrt(w), x = in[0], w = in[1], t = in[2]);
    out[0] = v;
    out[1] = g[w];
}
template <>
double value<ctdiff_ad, p2>(const double* in) {
    return ctdiff::evaluate(f2, x = in[0], w = in[1], t = in[2]);
}

template <>
void grad<ctdiff_ad, p3>(const double* in, double* out) {
    p3_grad(in, out, std::make_index_sequence<p3::inputs>{});
}
template <>
double value<ctdiff_ad, p3>(const double* in) {
    return p3_value(in, std::make_index_sequence<p3::inputs>{});
}

template <>
void grad<ctdiff_ad, p4>(const double* in, double* out) {
    const auto theta = parameters_at(nn::params(loss4), in);
    const double* sample = in + p4::data;
    const auto [v, g] = ctdiff::value_and_grad(loss4, nn::params(loss4), theta, x4 = ctdiff::view<shape<4>>(sample),
                                               target = sample[4]);
    out[0] = v;
    store_gradient(g, out + 1);
}
template <>
double value<ctdiff_ad, p4>(const double* in) {
    const auto theta = parameters_at(nn::params(loss4), in);
    const double* sample = in + p4::data;
    return loss4(theta, x4 = ctdiff::view<shape<4>>(sample), target = sample[4]);
}

template <>
void grad<ctdiff_ad, p5>(const double* in, double* out) {
    const auto theta = parameters_at(nn::params(loss5), in);
    const double* sample = in + p5::data;
    const auto [v, g] = ctdiff::value_and_grad(loss5, nn::params(loss5), theta, x32 = ctdiff::view<shape<32>>(sample),
                                               label = sample[32]);
    out[0] = v;
    store_gradient(g, out + 1);
}
template <>
double value<ctdiff_ad, p5>(const double* in) {
    const auto theta = parameters_at(nn::params(loss5), in);
    const double* sample = in + p5::data;
    return loss5(theta, x32 = ctdiff::view<shape<32>>(sample), label = sample[32]);
}

// The batch: the per-sample value_and_grad, accumulated with +=, then scaled (the library's
// documented way to take a batch's mean).
template <>
void grad<ctdiff_ad, p6>(const double* in, double* out) {
    const auto theta = parameters_at(nn::params(loss4), in);
    const double* data = in + p6::data;
    auto [total, sum] = ctdiff::value_and_grad(loss4, nn::params(loss4), theta, x4 = ctdiff::view<shape<4>>(data),
                                               target = data[4]);
    for (std::size_t s = 1; s < p6::batch; ++s) {
        const double* sample = data + s * p6::sample_size;
        const auto [v, g] = ctdiff::value_and_grad(loss4, nn::params(loss4), theta, x4 = ctdiff::view<shape<4>>(sample),
                                                   target = sample[4]);
        total += v;
        sum += g;
    }
    sum *= 1.0 / p6::batch;
    out[0] = total / p6::batch;
    store_gradient(sum, out + 1);
}
template <>
double value<ctdiff_ad, p6>(const double* in) {
    const auto theta = parameters_at(nn::params(loss4), in);
    const double* data = in + p6::data;
    double total = 0.0;
    for (std::size_t s = 0; s < p6::batch; ++s) {
        const double* sample = data + s * p6::sample_size;
        total += loss4(theta, x4 = ctdiff::view<shape<4>>(sample), target = sample[4]);
    }
    return total / p6::batch;
}

}  // namespace ctdiff_bench
