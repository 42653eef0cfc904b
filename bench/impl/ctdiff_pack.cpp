// ctdiff on packs: P6's batch, ctdiff::pack<double>::size samples per value_and_grad (its own
// translation unit: the pack instantiation of the network's gradient compiles beside ctdiff.cpp).
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <utility>

#include "ctdiff_networks.hpp"
#include "problems.hpp"

namespace ctdiff_bench {

using namespace networks;

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

}  // namespace ctdiff_bench
