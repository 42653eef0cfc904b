// ctdiff/nn/parameters.hpp — the values of a network's parameters, held together and bound by
// name, and their seeded initialisation.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/tensor.hpp"
#include "ctdiff/eval/wrt.hpp"

namespace ctdiff::nn {

/// One value per parameter variable (a T for a scalar, a tensor<T, S> for a tensor), indexed by
/// the variable: `theta[W]`. Passed to an evaluation, it binds all of them:
/// `value_and_grad(loss, nn::params(loss), theta, x = input, y = label)`. Its entries have the
/// layout of the gradient with respect to the same variables, so an update step walks both
/// together.
template <class T, class... Vars>
struct parameter_set : detail::entries_by_variable<T, Vars...> {
    using value_type = T;

    /// How many parameters there are, as scalars.
    static constexpr std::size_t scalar_count = (std::size_t{0} + ... + Vars::shape_type::size);

    /// The bindings of every parameter (tensors by reference).
    constexpr auto bindings() const noexcept {
        return [this]<std::size_t... I>(std::index_sequence<I...>) {
            return std::tuple{(Vars{} = std::get<I>(this->entries))...};
        }(std::index_sequence_for<Vars...>{});
    }

    /// fn(variable, value&) for every parameter, in order.
    template <class Fn>
    constexpr void for_each(Fn&& fn) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (fn(Vars{}, std::get<I>(this->entries)), ...);
        }(std::index_sequence_for<Vars...>{});
    }
};

/// A parameter set of element type T for the variables of `wrt(...)` (usually nn::params(loss)),
/// every value zero: `auto theta = nn::parameters<double>(nn::params(loss));`.
template <class T, class... Vars>
constexpr parameter_set<T, Vars...> parameters(wrt_t<Vars...>) noexcept {
    return {};
}

/// A small, fast, portable pseudo-random generator (splitmix64), so that a seed gives the same
/// initial weights with every compiler and standard library.
class random_stream {
public:
    constexpr explicit random_stream(std::uint64_t seed) noexcept : state_(seed) {}
    constexpr std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    /// Uniform in [lo, hi).
    template <class T>
    constexpr T uniform(T lo, T hi) noexcept {
        const double u = static_cast<double>(next() >> 11) * 0x1p-53;  // [0, 1), 53 random bits
        return lo + static_cast<T>(u) * (hi - lo);
    }

private:
    std::uint64_t state_;
};

/// Glorot (Xavier) uniform initialisation from a seed: every matrix of shape<Out, In> drawn
/// uniformly from [-a, a] with a = sqrt(6 / (In + Out)), every vector and scalar (biases) zero.
template <class T, class... Vars>
void glorot_uniform(parameter_set<T, Vars...>& theta, std::uint64_t seed) {
    random_stream random(seed);
    theta.for_each([&](auto var, auto& value) {
        using S = typename decltype(var)::shape_type;
        if constexpr (S::rank == 2) {
            const T a = static_cast<T>(
                std::sqrt(6.0 / static_cast<double>(detail::rows_of<S>::value + detail::cols_of<S>::value)));
            for (T& w : value) w = random.uniform<T>(-a, a);
        } else if constexpr (S::rank == 0) {
            value = T{};
        } else {
            value.fill(T{});
        }
    });
}

}  // namespace ctdiff::nn
