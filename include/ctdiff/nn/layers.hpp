// ctdiff/nn/layers.hpp — layers of fixed networks, built from ctdiff's ops: a layer is a few
// nodes of the expression graph, and its parameters are variables named `layer.W`, `layer.b`.
#pragma once

#include <cstddef>
#include <string_view>
#include <type_traits>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/fixed_string.hpp"
#include "ctdiff/core/make.hpp"
#include "ctdiff/core/shape.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/graph/topo.hpp"
#include "ctdiff/ops/activation.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/elementary.hpp"
#include "ctdiff/ops/tensor.hpp"

namespace ctdiff::nn {

// The activations are ctdiff's elementwise functions; applied to a layer's output they act on
// every element.
using ctdiff::relu;
using ctdiff::sigmoid;
using ctdiff::softplus;
using ctdiff::tanh;

/// The parameter `Name` of layer `Layer`: the variable named "Layer.Name". A variable whose name
/// contains a '.' is a parameter: nn::params collects exactly those.
template <fixed_string Layer, fixed_string Name, class Shape>
inline constexpr variable<concat<concat<Layer, ".">(), Name>(), Shape> parameter{};

/// A fully connected layer: `W x + b` with W = parameter<Name, "W", shape<Out, In>> and
/// b = parameter<Name, "b", shape<Out>>. Three nodes, whatever In and Out are.
template <fixed_string Name, std::size_t In, std::size_t Out, expression X>
constexpr auto dense(X x) noexcept {
    static_assert(std::is_same<typename X::shape_type, shape<In>>::value,
                  "ctdiff::nn::dense<name, In, Out>(x): x must be a vector of shape<In>");
    return detail::make<op::add>(detail::make<op::matvec>(parameter<Name, "W", shape<Out, In>>, x),
                                 parameter<Name, "b", shape<Out>>);
}

}  // namespace ctdiff::nn

namespace ctdiff::detail {
template <class V>
struct is_parameter : std::bool_constant<V::name.view().find('.') != std::string_view::npos> {};

template <class Acc, class... Vs>
struct collect_parameters {
    using type = Acc;
};
template <class... Acc, class V, class... Vs>
struct collect_parameters<wrt_t<Acc...>, V, Vs...>
    : collect_parameters<std::conditional_t<is_parameter<V>::value, wrt_t<Acc..., V>, wrt_t<Acc...>>, Vs...> {};

template <class List>
struct parameters_in;
template <class... Vs>
struct parameters_in<type_list<Vs...>> : collect_parameters<wrt_t<>, Vs...> {};
}  // namespace ctdiff::detail

namespace ctdiff::nn {

/// Every parameter variable of `loss` (the variables named "layer.name"), in order of first use,
/// as a wrt(...) list: `grad(loss, nn::params(loss), ...)` is the network's whole backward pass.
template <expression E>
constexpr auto params(const E&) noexcept {
    return typename detail::parameters_in<variables_t<E>>::type{};
}

}  // namespace ctdiff::nn
