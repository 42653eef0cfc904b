// ctdiff/ops/registry.hpp — every op of the library, listed once, with the arguments on which
// its laws are checked. tests/unit/laws_test.cpp runs the law suite (tests/support/laws.hpp) on
// each entry, and fails for an op struct in ctdiff/ops/ that is not listed here: adding an op is
// one line in this file, and the op is then tested like every other.
//
// The laws, by kind (docs/testing.md):
//   smooth     derivatives against central differences; gradient = both Jacobian modes = jvp =
//              symbolic d; the Hessian symmetric, equal to differences of the gradient and to d
//              twice; NaN in any argument gives NaN; on tensors, elementwise;
//   constant   a derivative of exactly 0 in every mode (floor, step, ...); NaN gives NaN;
//   condition  values 1 or 0, derivative exactly 0;
//   branch     select: the value and derivatives of the taken argument;
//   tensor     the gradient of sum(w * op(args)) against central differences, element by element.
#pragma once

#include <cstddef>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/rational.hpp"
#include "ctdiff/core/shape.hpp"
#include "ctdiff/graph/topo.hpp"
#include "ctdiff/ops/activation.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/condition.hpp"
#include "ctdiff/ops/element.hpp"
#include "ctdiff/ops/elementary.hpp"
#include "ctdiff/ops/piecewise.hpp"
#include "ctdiff/ops/power.hpp"
#include "ctdiff/ops/special.hpp"
#include "ctdiff/ops/tensor.hpp"

namespace ctdiff::registry {

/// Where an argument is drawn from: uniformly from [Lo, Hi], or with Signed, |u| from [Lo, Hi]
/// and either sign (away from a pole or a kink at 0).
template <rational Lo, rational Hi, bool Signed = false>
struct interval {
    static constexpr rational lo = Lo;
    static constexpr rational hi = Hi;
    static constexpr bool signed_ = Signed;
};

using real = interval<rational{-3, 1}, rational{3, 1}>;
using positive = interval<rational{1, 20}, rational{6, 1}>;
using nonzero = interval<rational{1, 10}, rational{3, 1}, true>;
using inside_unit = interval<rational{-19, 20}, rational{19, 20}>;
using above_one = interval<rational{21, 20}, rational{6, 1}>;
using above_minus_one = interval<rational{-9, 10}, rational{6, 1}>;
using fraction = interval<rational{1, 10}, rational{9, 10}>;  // between the jumps of floor, round, ...
using below_pole = interval<rational{-13, 10}, rational{13, 10}>;  // tan

enum class law { smooth, constant, condition, branch };

/// A scalar (elementwise) op, its law and one interval per argument.
template <class Op, law Law, class... Arguments>
struct scalar {
    using op = Op;
    static constexpr law kind = Law;
    using arguments = type_list<Arguments...>;
};

/// A scalar op whose law is checked on the expression Builder::make(args...) makes of it: an
/// internal op with an argument that follows the others (hypot_ratio(x, y, hypot(x, y))).
template <class Op, law Law, class Builder, class... Arguments>
struct built : scalar<Op, Law, Arguments...> {
    using builder = Builder;
};
struct hypot_ratio_of {
    template <class X, class Y>
    static constexpr auto make(X x, Y y) {
        return detail::hypot_ratio(x, y, ctdiff::hypot(x, y));
    }
};

/// A tensor op and the shapes of its arguments (an `index<K>` argument is bound to the number K).
template <class Op, class... Shapes>
struct tensor {
    using op = Op;
    using shapes = type_list<Shapes...>;
};
template <std::size_t K>
struct index {};

using scalar_ops = type_list<
    // arithmetic
    scalar<op::add, law::smooth, real, real>,
    scalar<op::sub, law::smooth, real, real>,
    scalar<op::mul, law::smooth, real, real>,
    scalar<op::div, law::smooth, real, nonzero>,
    scalar<op::neg, law::smooth, real>,
    scalar<op::strong_mul, law::smooth, nonzero, nonzero>,
    // powers
    scalar<op::pow_const<rational{2, 1}>, law::smooth, real>,
    scalar<op::pow_const<rational{3, 1}>, law::smooth, real>,
    scalar<op::pow_const<rational{-2, 1}>, law::smooth, nonzero>,
    scalar<op::pow_const<rational{3, 2}>, law::smooth, positive>,
    scalar<op::pow_const<rational{-1, 3}>, law::smooth, positive>,
    scalar<op::pow, law::smooth, positive, real>,
    scalar<op::sqrt, law::smooth, positive>,
    // exponentials, logarithms, trigonometric and hyperbolic functions
    scalar<op::exp, law::smooth, real>,
    scalar<op::expm1, law::smooth, real>,
    scalar<op::exp2, law::smooth, real>,
    scalar<op::log, law::smooth, positive>,
    scalar<op::log1p, law::smooth, above_minus_one>,
    scalar<op::log2, law::smooth, positive>,
    scalar<op::log10, law::smooth, positive>,
    scalar<op::xlogy, law::smooth, real, positive>,
    scalar<op::sin, law::smooth, real>,
    scalar<op::cos, law::smooth, real>,
    scalar<op::tan, law::smooth, below_pole>,
    scalar<op::sinh, law::smooth, real>,
    scalar<op::cosh, law::smooth, real>,
    scalar<op::tanh, law::smooth, real>,
    scalar<op::atan, law::smooth, real>,
    scalar<op::atan2, law::smooth, nonzero, nonzero>,
    scalar<op::asin, law::smooth, inside_unit>,
    scalar<op::acos, law::smooth, inside_unit>,
    scalar<op::asinh, law::smooth, real>,
    scalar<op::acosh, law::smooth, above_one>,
    scalar<op::atanh, law::smooth, inside_unit>,
    scalar<op::cbrt, law::smooth, nonzero>,
    scalar<op::hypot, law::smooth, nonzero, nonzero>,
    built<op::hypot_ratio, law::smooth, hypot_ratio_of, nonzero, nonzero>,
    scalar<op::one_minus_square, law::smooth, real>,
    scalar<op::erf, law::smooth, real>,
    scalar<op::erfc, law::smooth, real>,
    // activations and kinks (checked away from the kink)
    scalar<op::sigmoid, law::smooth, real>,
    scalar<op::softplus, law::smooth, real>,
    scalar<op::relu, law::smooth, nonzero>,
    scalar<op::abs, law::smooth, nonzero>,
    scalar<op::min, law::smooth, real, real>,
    scalar<op::max, law::smooth, real, real>,
    // piecewise constant
    scalar<op::step, law::constant, nonzero>,
    scalar<op::sign, law::constant, nonzero>,
    scalar<op::floor, law::constant, fraction>,
    scalar<op::ceil, law::constant, fraction>,
    scalar<op::trunc, law::constant, fraction>,
    scalar<op::round, law::constant, fraction>,
    // conditions and select
    scalar<op::less, law::condition, real, real>,
    scalar<op::less_equal, law::condition, real, real>,
    scalar<op::greater, law::condition, real, real>,
    scalar<op::greater_equal, law::condition, real, real>,
    scalar<op::logical_and, law::condition, real, real>,
    scalar<op::logical_or, law::condition, real, real>,
    scalar<op::logical_not, law::condition, real>,
    scalar<op::select, law::branch, real, real, real>>;

using tensor_ops = type_list<
    tensor<op::matvec, shape<3, 4>, shape<4>>,
    tensor<op::matmul, shape<2, 3>, shape<3, 4>>,
    tensor<op::transpose, shape<2, 3>>,
    tensor<op::dot, shape<4>, shape<4>>,
    tensor<op::outer, shape<3>, shape<2>>,
    tensor<op::sum, shape<2, 3>>,
    tensor<op::mean, shape<5>>,
    tensor<op::logsumexp, shape<4>>,
    tensor<op::softmax, shape<4>>,
    tensor<op::log_softmax, shape<4>>,
    tensor<op::pick, shape<4>, index<2>>,
    tensor<op::at<2>, shape<4>>,
    tensor<op::at<1, 2>, shape<2, 3>>>;

}  // namespace ctdiff::registry
