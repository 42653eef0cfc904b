// ctdiff/core/expr.hpp — expressions are objects of empty types; the type is the graph.
//
//   expr<Op, Args...>          an interior node: operation tag Op applied to child expressions
//   variable<Name, Shape>      a leaf bound by name at evaluation (`ctdiff::var<"x">`)
//   constant<R>                a leaf holding the exact rational R (`2_c`, `0.5_c`)
//   named_constant<Tag>        a leaf holding an irrational constant (`ctdiff::pi`, `ctdiff::e`)
#pragma once

#include <concepts>
#include <cstddef>
#include <type_traits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/fixed_string.hpp"
#include "ctdiff/core/rational.hpp"
#include "ctdiff/core/shape.hpp"
#include "ctdiff/core/tensor.hpp"

namespace ctdiff {

template <class Derived>
struct expression_base;

template <class E, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto evaluate(const E& e, const Bindings&... bindings);

namespace detail {
template <class E>
struct variables_of;  // graph/topo.hpp
template <class Variables, class... Bindings>
struct all_bound;  // eval/bindings.hpp
}  // namespace detail

/// The value bound to variable `Name` for one evaluation: what `x = 2.0` returns.
template <fixed_string Name, class Shape, class Value>
struct binding {
    static constexpr auto name = Name;
    using shape_type = Shape;
    using value_type = Value;
    Value value;
    constexpr const Value& get() const noexcept { return value; }
};

/// A tensor is bound by reference: `f(W = weights)` reads `weights` where it is, with no copy.
/// Like any reference, the binding is good while the tensor lives, which covers its use as an
/// argument: `f(W = {{1, 2}, {3, 4}})` binds a temporary that lives until f returns.
template <fixed_string Name, class Shape, class T, class S>
struct binding<Name, Shape, tensor<T, S>> {
    static constexpr auto name = Name;
    using shape_type = Shape;
    using value_type = tensor<T, S>;
    const tensor<T, S>* value;
    constexpr const tensor<T, S>& get() const noexcept { return *value; }
};

namespace detail {
template <class T>
inline constexpr bool always_false = false;

/// Whether Op computes each element of its result from the same element of its arguments
/// (scalar ops, lifted to tensors). Tensor ops (matvec, sum, ...) say `elementwise = false` and
/// give their own shape rule.
template <class Op>
struct is_elementwise : std::true_type {};
template <class Op>
    requires requires { Op::elementwise; }
struct is_elementwise<Op> : std::bool_constant<Op::elementwise> {};

/// Whether Op costs about one instruction (+ - *, negation, the square): its struct's `cheap`
/// member, false without one. Decides whether a loop over rows pays (eval/row_family.hpp).
template <class Op>
struct is_cheap_op : std::false_type {};
template <class Op>
    requires requires { Op::cheap; }
struct is_cheap_op<Op> : std::bool_constant<Op::cheap> {};

/// Whether IEEE arithmetic rounds Op exactly, so that a pack of values gives every lane the bits
/// of the scalar evaluation (+ - * /, the square root): its struct's `exactly_rounded` member,
/// false without one (exp, sin, ... on packs are within 2 ulp of libm, not equal to it).
template <class Op>
struct is_exactly_rounded_op : std::false_type {};
template <class Op>
    requires requires { Op::exactly_rounded; }
struct is_exactly_rounded_op<Op> : std::bool_constant<Op::exactly_rounded> {};

/// The shape of `Op(args...)` from the shapes of its arguments.
template <class Op, class... Shapes>
struct node_shape : broadcast<Shapes...> {};
template <class Op, class... Shapes>
    requires(!is_elementwise<Op>::value)
struct node_shape<Op, Shapes...> {
    using type = decltype(Op::shape(Shapes{}...));
};

/// Instantiated when a value of the wrong shape is bound to a variable; the message names the
/// variable's shape and the value's.
template <class VariableShape, class ValueShape>
struct bound_value_has_wrong_shape {
    static_assert(std::is_same<VariableShape, ValueShape>::value,
                  "ctdiff: a variable is bound to a value of another shape (variable's shape, "
                  "then the value's, in bound_value_has_wrong_shape<...> above): bind a scalar "
                  "variable to a floating-point number and a tensor variable to a "
                  "ctdiff::tensor<T, S> of its shape S");
    static constexpr bool ok = std::is_same<VariableShape, ValueShape>::value;
};

template <class V>
struct value_shape {
    using type = shape<>;
};
template <class T, class S>
struct value_shape<tensor<T, S>> {
    using type = S;
};
template <class T, class S>
struct value_shape<tensor_view<T, S>> {
    using type = S;
};
template <class T, class S>
struct value_shape<tensor_copy<T, S>> {
    using type = S;
};

/// Whether V is bound through the customisation point tensor_binding<V>.
template <class V>
concept has_tensor_binding = requires { typename tensor_binding<V>::shape_type; };

/// Whether V looks like an Eigen matrix (a type ctdiff binds only with <ctdiff/eigen.hpp>).
template <class V>
concept eigen_like = requires {
    V::RowsAtCompileTime;
    V::ColsAtCompileTime;
};

/// Whether V is one of ctdiff's expression types (every one derives from expression_base).
template <class V>
concept is_expression_type = requires(const V& v) { []<class D>(const expression_base<D>&) {}(v); };

/// `f = f * x` (building an expression in a run-time loop) stops here.
template <class V>
constexpr void reject_reassignment() {
    static_assert(always_false<V>,
                  "ctdiff: `f = f * x` cannot change f. An expression's formula is its type, so it is "
                  "built in one go, not by assignment in a run-time loop: write it out, use "
                  "ctdiff::sum_over<N>(term) or ctdiff::product_over<N>(term) (term receives "
                  "std::integral_constant<std::size_t, i>), or a recursive function template. "
                  "(`x = value` binds the variable x for one evaluation: f(x = 2.0).)");
}

template <class T>
struct is_binding : std::false_type {};
template <fixed_string N, class S, class V>
struct is_binding<binding<N, S, V>> : std::true_type {};
template <class T>
concept binding_type = is_binding<T>::value;
}  // namespace detail

/// Interior node of an expression. It holds nothing: `Op` says what it computes and how to
/// differentiate it, `Args...` are the child expressions.
template <class Op, class... Args>
struct expr : expression_base<expr<Op, Args...>> {
    using op_type = Op;
    using shape_type = typename detail::node_shape<Op, typename Args::shape_type...>::type;
    /// `f = f * x`: see detail::reject_reassignment.
    template <class Other>
        requires(!std::is_same<Other, expr>::value)
    constexpr const expr& operator=(const Other&) const {
        return detail::reject_reassignment<Other>(), *this;
    }
    // No static data members: g++ gives each one of every node type a mangled name, as long as
    // the type (see docs/design.md, "Rules that keep compile time down").
};

/// A variable leaf. Bind it with `x = value` when evaluating: `f(x = 2.0)`.
template <fixed_string Name, class Shape = shape<>>
struct variable : expression_base<variable<Name, Shape>> {
    static_assert(is_shape_v<Shape>, "ctdiff::var<\"name\", S>: S must be a ctdiff::shape<...>");
    static constexpr auto name = Name;
    using shape_type = Shape;

    /// `x = 2.0` makes a binding for one evaluation; it does not change `x`. A tensor variable
    /// is bound to a `ctdiff::tensor<T, S>` of its shape.
    template <class V>
    [[nodiscard("x = value makes a binding for an evaluation, f(x = 2.0); it does not change x")]]
    constexpr auto operator=(const V& value) const {  // NOLINT: builds a binding, by design
        if constexpr (detail::is_expression_type<V>) {
            detail::reject_reassignment<V>();
            return binding<Name, Shape, double>{};
        } else if constexpr (detail::has_tensor_binding<V>) {  // another library's type, e.g. an Eigen matrix
            using B = decltype(tensor_binding<V>::bind(value));
            if constexpr (!detail::bound_value_has_wrong_shape<Shape, typename B::shape_type>::ok)
                return binding<Name, Shape, B>{};
            else return binding<Name, Shape, B>{tensor_binding<V>::bind(value)};
        } else if constexpr (detail::eigen_like<V>) {
            static_assert(detail::always_false<V>,
                          "ctdiff: to bind an Eigen matrix or vector to a variable, #include "
                          "<ctdiff/eigen.hpp> (it binds fixed-size Eigen objects to tensor variables "
                          "of their shape)");
            return binding<Name, Shape, std::conditional_t<Shape::rank == 0, double, tensor_copy<double, Shape>>>{};
        } else if constexpr (!detail::bound_value_has_wrong_shape<Shape, typename detail::value_shape<V>::type>::ok) {
            return binding<Name, Shape, V>{};
        } else if constexpr (detail::is_tensor<V>::value) {
            return binding<Name, Shape, V>{&value};
        } else if constexpr (detail::is_tensor_like<V>::value) {  // a view: itself a reference
            return binding<Name, Shape, V>{value};
        } else if constexpr (std::is_integral_v<V>) {
            static_assert(detail::always_false<V>,
                          "ctdiff: a variable is bound to a floating-point value: write `x = 2.0` "
                          "(or 2.0f, 2.0L), not `x = 2`; the bindings' type is the scalar type "
                          "of the evaluation");
            return binding<Name, Shape, double>{static_cast<double>(value)};
        } else {
            return binding<Name, Shape, V>{value};
        }
    }
    /// `W = {{1, 2}, {3, 4}}`: a tensor variable bound to a braced list of doubles.
    [[nodiscard]] constexpr auto operator=(const tensor<double, Shape>& value) const
        requires(Shape::rank > 0)
    {
        return binding<Name, Shape, tensor<double, Shape>>{&value};
    }
};

/// `ctdiff::var<"x">` is the scalar variable named x; `var<"W", shape<16, 4>>` a tensor variable.
template <fixed_string Name, class Shape = shape<>>
inline constexpr variable<Name, Shape> var{};

/// An exact rational constant leaf. Write it with the literals: `2_c`, `0.5_c`, `1e-3_c`.
template <rational R>
struct constant : expression_base<constant<R>> {
    using shape_type = shape<>;
    static_assert(R == rational::make(R.num, R.den), "ctdiff::constant: use rational::make");
    static constexpr rational value = R;
};

/// An irrational constant leaf (pi, e). Tag provides `name`, `latex` and `value<T>()`.
template <class Tag>
struct named_constant : expression_base<named_constant<Tag>> {
    using shape_type = shape<>;
    using tag = Tag;
};

namespace detail {
/// A leaf that stands for the value of a node of the graph being evaluated, stored from offset K
/// of the evaluation's value array (one element for a scalar, Shape::size for a tensor).
/// Evaluation rewrites each node's arguments into these, so what is instantiated per node names
/// only the node's op and a few indices, never the whole subexpression below it
/// (see eval/evaluate.hpp).
template <std::size_t K, class Shape = shape<>>
struct value_slot : expression_base<value_slot<K, Shape>> {
    using shape_type = Shape;
    static constexpr std::size_t index = K;
};
}  // namespace detail

// ---- traits ----------------------------------------------------------------------------------

namespace detail {
template <class T>
struct is_expr : std::false_type {};
template <class Op, class... A>
struct is_expr<expr<Op, A...>> : std::true_type {};
template <class T>
concept expr_node = is_expr<T>::value;

template <class T>
struct is_variable : std::false_type {};
template <fixed_string N, class S>
struct is_variable<variable<N, S>> : std::true_type {};
template <class T>
concept variable_node = is_variable<T>::value;

template <class T>
struct is_constant : std::false_type {};
template <rational R>
struct is_constant<constant<R>> : std::true_type {};
template <class T>
concept constant_node = is_constant<T>::value;

template <class T>
struct is_named_constant : std::false_type {};
template <class Tag>
struct is_named_constant<named_constant<Tag>> : std::true_type {};
template <class T>
concept named_constant_node = is_named_constant<T>::value;

template <class T>
struct is_value_slot : std::false_type {};
template <std::size_t K, class S>
struct is_value_slot<value_slot<K, S>> : std::true_type {};
template <class T>
concept value_slot_node = is_value_slot<T>::value;

template <class T>
concept leaf_node = is_variable<T>::value || is_constant<T>::value || is_named_constant<T>::value ||
                    is_value_slot<T>::value;
}  // namespace detail

/// Anything ctdiff can evaluate and differentiate.
template <class E>
concept expression = detail::expr_node<std::remove_cvref_t<E>> ||
                     detail::leaf_node<std::remove_cvref_t<E>>;

/// A leaf made by `ctdiff::var`.
template <class E>
concept variable_expression = detail::variable_node<std::remove_cvref_t<E>>;

/// An exact constant (`2_c`).
template <class E>
concept constant_expression = detail::constant_node<std::remove_cvref_t<E>>;

namespace detail {
template <class E, rational R>
struct is_constant_equal_to : std::false_type {};
template <rational R>
struct is_constant_equal_to<constant<R>, R> : std::true_type {};
template <class E, rational R>
concept constant_equal_to = is_constant_equal_to<E, R>::value;

template <class E>
concept zero_constant = is_constant_equal_to<E, rational{0, 1}>::value;
template <class E>
concept one_constant = is_constant_equal_to<E, rational{1, 1}>::value;
template <class E>
concept minus_one_constant = is_constant_equal_to<E, rational{-1, 1}>::value;
}  // namespace detail

// ---- evaluation entry point shared by every expression ---------------------------------------

template <class Derived>
struct expression_base {
    /// An expression is not a number: `std::sqrt(x)`, `std::exp(x)` or `double v = f;` stop here
    /// with the message below (instead of "no matching function for call to sqrt").
    template <class T>
        requires std::is_same<T, double>::value  // one target: std::sqrt(float) etc. do not compete
    constexpr operator T() const {  // NOLINT: exists to be rejected
        static_assert(detail::always_false<T>,
                      "ctdiff: an expression is not a number. Functions of expressions are ctdiff's: "
                      "write ctdiff::sqrt(x), ctdiff::exp(x), ... (or sqrt(x) unqualified), not "
                      "std::sqrt(x). For the value, evaluate with bindings: f(x = 2.0)");
        return T{};
    }

    /// Evaluate with bindings in any order: `f(x = 2.0, y = 3.0)`.
    template <class... Bindings>
    CTDIFF_FORCEINLINE constexpr auto operator()(const Bindings&... bindings) const {
        constexpr bool all_bindings =
            ((detail::binding_type<Bindings> || requires(const Bindings& b) { b.bindings(); }) && ...);
        static_assert(all_bindings,
                      "ctdiff: an expression is evaluated with bindings `f(x = 2.0, y = 3.0)`; "
                      "an argument here is not a binding (write `x = value`, not just `value`)");
        if constexpr (!all_bindings) {
            return 0.0;  // (stops here: the static_assert says what is wrong)
        } else if constexpr (!(detail::binding_type<Bindings> && ...)) {
            return ctdiff::evaluate(static_cast<const Derived&>(*this), bindings...);  // groups: spread there
        } else if constexpr (!detail::all_bound<typename detail::variables_of<Derived>::type, Bindings...>::value) {
            // a variable without a binding: checked here first, so that the message (which names
            // it) is as short as it can be, and no other error follows
            return 0.0;
        } else {
            return ctdiff::evaluate(static_cast<const Derived&>(*this), bindings...);
        }
    }
};

}  // namespace ctdiff
