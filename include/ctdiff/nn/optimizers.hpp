// ctdiff/nn/optimizers.hpp — update steps over a parameter set from a gradient with respect to
// the same parameters: plain gradient descent and Adam.
#pragma once

#include <cmath>
#include <cstddef>

#include "ctdiff/core/tensor.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/nn/parameters.hpp"

namespace ctdiff::nn {

/// Stochastic gradient descent: theta -= learning_rate * g.
template <class T>
struct sgd {
    T learning_rate;

    template <class... Vars>
    constexpr void step(parameter_set<T, Vars...>& theta, const gradient<T, Vars...>& g) const noexcept {
        const T rate = learning_rate;
        detail::for_each_entry_element([rate](T& p, const T& d) { p -= rate * d; }, theta.entries, g.entries);
    }
};

/// Adam (Kingma and Ba, 2015): per-parameter step sizes from running averages of the gradient
/// and of its square, with their start-up bias corrected.
template <class T, class... Vars>
class adam {
public:
    constexpr explicit adam(T learning_rate = T(1e-3), T beta1 = T(0.9), T beta2 = T(0.999), T epsilon = T(1e-8)) noexcept
        : rate_(learning_rate), beta1_(beta1), beta2_(beta2), epsilon_(epsilon) {}

    void step(parameter_set<T, Vars...>& theta, const gradient<T, Vars...>& g) noexcept {
        ++steps_;
        const T correct1 = T(1) - std::pow(beta1_, static_cast<T>(steps_));
        const T correct2 = T(1) - std::pow(beta2_, static_cast<T>(steps_));
        const T b1 = beta1_, b2 = beta2_, rate = rate_, eps = epsilon_;
        detail::for_each_entry_element(
            [=](T& p, T& m, T& v, const T& d) {
                m = b1 * m + (T(1) - b1) * d;
                v = b2 * v + (T(1) - b2) * d * d;
                p -= rate * (m / correct1) / (std::sqrt(v / correct2) + eps);
            },
            theta.entries, first_moment_.entries, second_moment_.entries, g.entries);
    }

    std::size_t steps() const noexcept { return steps_; }

private:
    T rate_, beta1_, beta2_, epsilon_;
    parameter_set<T, Vars...> first_moment_{}, second_moment_{};
    std::size_t steps_ = 0;
};

/// Adam for the parameters of `theta`: `auto opt = nn::make_adam(theta, 1e-2);`.
template <class T, class... Vars>
adam<T, Vars...> make_adam(const parameter_set<T, Vars...>&, T learning_rate = T(1e-3)) noexcept {
    return adam<T, Vars...>(learning_rate);
}

}  // namespace ctdiff::nn
