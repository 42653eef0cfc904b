// bench/impl/ctdiff_networks.hpp — P4-P6 written with ctdiff::nn, and the binding of the
// harness's flat arrays: shared by the per-sample implementation (ctdiff.cpp) and the one on
// packs (ctdiff_pack.cpp), two translation units that compile in parallel.
#pragma once

#include <algorithm>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <tuple>
#include <utility>

#include "problems.hpp"

namespace ctdiff_bench::networks {

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

}  // namespace ctdiff_bench::networks
