// ctdiff: value_and_grad for the gradient, evaluate for the value. The expressions are built at
// compile time; what is compiled here is their straight-line forward and backward passes.
#include <algorithm>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <tuple>
#include <utility>

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

// P3: variables x00 ... x15
template <std::size_t I>
constexpr auto variable_name() {
    ctdiff::fixed_string<4> s;
    s.chars[0] = 'x';
    s.chars[1] = static_cast<char>('0' + I / 10);
    s.chars[2] = static_cast<char>('0' + I % 10);
    return s;
}
template <std::size_t I>
constexpr auto xs = ctdiff::var<variable_name<I>()>;

template <std::size_t I>
constexpr auto rosenbrock_term() {
    return 100_c * ctdiff::pow(xs<I + 1> - ctdiff::pow(xs<I>, 2_c), 2_c) + ctdiff::pow(1_c - xs<I>, 2_c);
}
// A left fold, ((term0 + term1) + term2) + ..., the order of the hand-written loop. (A right
// fold, term0 + (term1 + ...), gives the same value but g++ then keeps every term live until the
// end of the forward pass; docs/benchmarks.md gives its time.)
template <std::size_t... I>
constexpr auto rosenbrock(std::index_sequence<I...>) {
    return (... + rosenbrock_term<I>());
}
constexpr auto f3 = rosenbrock(std::make_index_sequence<p3::inputs - 1>{});

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

// P4-P6: the networks, written with ctdiff::nn. The layer names make the parameters' variables
// (l1.W, l1.b, ...); nn::params lists them in the order of problems.hpp's layout.
namespace nn = ctdiff::nn;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto x4 = ctdiff::var<"x4", shape<4>>;
constexpr auto target = ctdiff::var<"target">;
constexpr auto loss4 =
    nn::mse(nn::dense<"l3", 16, 1>(nn::tanh(nn::dense<"l2", 16, 16>(nn::tanh(nn::dense<"l1", 4, 16>(x4))))), target);

constexpr auto x32 = ctdiff::var<"x32", shape<32>>;
constexpr auto label = ctdiff::var<"label">;
constexpr auto loss5 = nn::softmax_cross_entropy(
    nn::dense<"l3", 64, 10>(nn::tanh(nn::dense<"l2", 64, 64>(nn::tanh(nn::dense<"l1", 32, 64>(x32))))), label);

// The harness passes flat arrays (problems.hpp). The parameters are bound where they lie, each
// as a view of its part of the array (ctdiff::view: no copy); the gradient comes back as
// tensors, one per parameter, and is copied into the flat output array (included in the
// times: 369 doubles for P4 and P6, 6,922 for P5).
template <class... Vars>
struct flat_parameters {
    const double* in;
    auto bindings() const {
        std::size_t k = 0;
        return std::tuple{(Vars{} = ctdiff::view<typename Vars::shape_type>(in + std::exchange(k, k + Vars::shape_type::size)))...};
    }
};
template <class... Vars>
CTDIFF_FORCEINLINE flat_parameters<Vars...> parameters_at(ctdiff::wrt_t<Vars...>, const double* in) {
    return {in};
}
template <class Gradient>
CTDIFF_FORCEINLINE void store_gradient(const Gradient& g, double* out) {
    std::apply(
        [&](const auto&... entry) {
            std::size_t k = 0;
            ((std::copy_n(entry.data(), entry.size(), out + k), k += entry.size()), ...);
        },
        g.entries);
}

using parameters4 = decltype(nn::parameters<double>(nn::params(loss4)));
using parameters5 = decltype(nn::parameters<double>(nn::params(loss5)));
static_assert(parameters4::scalar_count == p4::parameter_count && parameters4::scalar_count == p6::parameter_count);
static_assert(parameters5::scalar_count == p5::parameter_count);

}  // namespace

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
// The batch on packs: ctdiff::pack<double>::size samples per value_and_grad, the weights shared
// by all lanes (bound as plain doubles), the per-lane gradients accumulated as packs and their
// lanes added once at the end (ctdiff::sum_lanes).
template <>
void grad<ctdiff_pack_ad, p6>(const double* in, double* out) {
    using P = ctdiff::pack<double>;
    static_assert(p6::batch % P::size == 0, "the batch is a multiple of the pack width");
    const auto theta = parameters_at(nn::params(loss4), in);
    const double* data = in + p6::data;
    const auto samples = [&](std::size_t s) {  // the inputs and targets of samples s ... s + P::size - 1
        tensor<P, shape<4>> x;
        for (std::size_t k = 0; k < 4; ++k)
            x(k) = P::generate([&](std::size_t lane) { return data[(s + lane) * p6::sample_size + k]; });
        const P t = P::generate([&](std::size_t lane) { return data[(s + lane) * p6::sample_size + 4]; });
        return std::pair{x, t};
    };
    const auto [x0, t0] = samples(0);
    auto [total, sum] = ctdiff::value_and_grad(loss4, nn::params(loss4), theta, x4 = x0, target = t0);
    for (std::size_t s = P::size; s < p6::batch; s += P::size) {
        const auto [xs, ts] = samples(s);
        const auto [v, g] = ctdiff::value_and_grad(loss4, nn::params(loss4), theta, x4 = xs, target = ts);
        total += v;
        sum += g;
    }
    auto mean = ctdiff::sum_lanes(sum);
    mean *= 1.0 / p6::batch;
    out[0] = ctdiff::sum_lanes(total) / p6::batch;
    store_gradient(mean, out + 1);
}
template <>
double value<ctdiff_pack_ad, p6>(const double* in) {
    using P = ctdiff::pack<double>;
    const auto theta = parameters_at(nn::params(loss4), in);
    const double* data = in + p6::data;
    P total{};
    for (std::size_t s = 0; s < p6::batch; s += P::size) {
        tensor<P, shape<4>> x;
        for (std::size_t k = 0; k < 4; ++k)
            x(k) = P::generate([&](std::size_t lane) { return data[(s + lane) * p6::sample_size + k]; });
        const P t = P::generate([&](std::size_t lane) { return data[(s + lane) * p6::sample_size + 4]; });
        total += loss4(theta, x4 = x, target = t);
    }
    return ctdiff::sum_lanes(total) / p6::batch;
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
