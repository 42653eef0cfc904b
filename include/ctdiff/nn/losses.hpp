// ctdiff/nn/losses.hpp — losses of fixed networks: mean squared error and softmax cross-entropy.
#pragma once

#include <type_traits>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/make.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/power.hpp"
#include "ctdiff/ops/tensor.hpp"

namespace ctdiff::nn {

/// The mean of the squared differences between a prediction and a target of its shape (or a
/// scalar target, broadcast).
template <expression P, expression Y>
constexpr auto mse(P prediction, Y target) noexcept {
    // the exact power u^2 (u * u), not the general pow(u, v) with v = 2 (std::pow)
    return detail::make<op::mean>(
        detail::make<op::pow_const<rational{2, 1}>>(detail::make<op::sub>(prediction, target)));
}

/// The cross-entropy of softmax(logits) against a target:
///  - a scalar target is a class index (bound as a number, `label = 3.0`):
///    logsumexp(z) - z[label], NaN if the label is not an index of z;
///  - a target of the logits' shape is a probability vector (one-hot, or soft labels):
///    -dot(target, log_softmax(z)).
/// Both are computed without overflow.
template <expression Z, expression Y>
constexpr auto softmax_cross_entropy(Z logits, Y target) noexcept {
    if constexpr (std::is_same<typename Y::shape_type, shape<>>::value) {
        return detail::make<op::sub>(detail::make<op::logsumexp>(logits), detail::make<op::pick>(logits, target));
    } else {
        static_assert(std::is_same<typename Y::shape_type, typename Z::shape_type>::value,
                      "ctdiff::nn::softmax_cross_entropy(z, y): y is a class index (a scalar) or a "
                      "probability vector of z's shape");
        return detail::make<op::neg>(detail::make<op::dot>(target, detail::make<op::log_softmax>(logits)));
    }
}

}  // namespace ctdiff::nn
