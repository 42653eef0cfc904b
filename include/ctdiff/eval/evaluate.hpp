// ctdiff/eval/evaluate.hpp — evaluation: one pass over the unique nodes in topological order,
// each value stored once in a stack array (no heap, no tape, no indirect calls).
//
// Node K is computed by its *instruction*: the node with each interior argument replaced by
// `value_slot<index>` (core/expr.hpp). `tanh(w*x + 1)` as node 3 becomes `tanh(slot<2>)`. So
// the functions instantiated per node are named by an op and a few indices: their number and
// the length of their names grow linearly with the graph, where functions named by the nodes'
// own types would have names as long as the subexpressions below them.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <tuple>
#include <utility>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/tensor.hpp"
#include "ctdiff/eval/bindings.hpp"
#include "ctdiff/graph/topo.hpp"

namespace ctdiff {

namespace detail {

/// Storage for one value per node (or per adjoint key), on the stack. A plain array member, not
/// std::array: in a gradient of thousands of nodes every `operator[]` would be one more call for
/// the optimiser's inliner to weigh against an enormous caller (measured: 1000 nodes, g++ -O2,
/// a third of the inlining time).
template <class T, std::size_t N>
struct value_array {
    T slot[N == 0 ? 1 : N];
};

template <class Dag, std::size_t Child, class Arg>
struct argument_ref {
    using type = value_slot<Dag::offset(Child), typename Arg::shape_type>;
};
template <class Dag, class Arg>
struct argument_ref<Dag, no_node, Arg> {
    using type = Arg;
};

/// The instruction of node K of Dag: the node over value slots.
template <class Dag, std::size_t K, class Node, class Seq>
struct instruction_over;
template <class Dag, std::size_t K, class Op, class... Args, std::size_t... J>
struct instruction_over<Dag, K, expr<Op, Args...>, std::index_sequence<J...>> {
    using type = expr<Op, typename argument_ref<Dag, Dag::child_index(K, J), Args>::type...>;
};
template <class Dag, std::size_t K, class Node = typename node_at<Dag, K>::type>
struct instruction;
template <class Dag, std::size_t K, class Op, class... Args>
struct instruction<Dag, K, expr<Op, Args...>>
    : instruction_over<Dag, K, expr<Op, Args...>, std::index_sequence_for<Args...>> {};
template <class Dag, std::size_t K>
using instruction_t = typename instruction<Dag, K>::type;

/// Element i of a bound value: the value itself for a scalar.
template <class T, class V>
CTDIFF_FORCEINLINE constexpr T element_of(const V& v, [[maybe_unused]] std::size_t i) {
    if constexpr (is_tensor_like<V>::value) return static_cast<T>(v.data()[i]);
    else return static_cast<T>(v);
}

template <class E>
struct compute;

/// Element i of the value of E: a value slot, a leaf, or a small elementwise expression over
/// them (an instruction, or a local partial derivative made from one), computed from its
/// arguments. A scalar argument of an elementwise operation is broadcast: it ignores i.
template <class E, class T, std::size_t N, class Env>
CTDIFF_FORCEINLINE constexpr T value_in(const value_array<T, N>& values, const Env& env,
                                        [[maybe_unused]] std::size_t i = 0) {
    if constexpr (value_slot_node<E>) {
        if constexpr (E::shape_type::size == 1) return values.slot[E::index];
        else return values.slot[E::index + i];
    } else if constexpr (variable_node<E>) {
        return detail::element_of<T>(detail::bound_value<E::name>(env), i);
    } else if constexpr (constant_node<E>) {
        return E::value.template as<T>();
    } else if constexpr (named_constant_node<E>) {
        return E::tag::template value<T>();
    } else {
        return compute<E>::run(values, env, i);
    }
}
template <class Op, class... Args>
struct compute<expr<Op, Args...>> {
    template <class T, std::size_t N, class Env>
    CTDIFF_FORCEINLINE static constexpr T run(const value_array<T, N>& values, const Env& env, std::size_t i) {
        static_assert(is_elementwise<Op>::value,
                      "ctdiff: internal: a tensor operation inside an elementwise expression");
        return Op::eval(detail::value_in<Args>(values, env, i)...);
    }
};

/// The view a tensor operation reads argument E through: a scalar is passed by value, a tensor
/// as a pointer to its elements (in the value array, or in the bound tensor).
template <class E, class T, std::size_t N, class Env>
CTDIFF_FORCEINLINE constexpr auto input_of(const value_array<T, N>& values, const Env& env) {
    if constexpr (std::is_same<typename E::shape_type, shape<>>::value) {
        return scalar_view<T>{detail::value_in<E>(values, env, 0)};
    } else if constexpr (value_slot_node<E>) {
        return input_view<T, typename E::shape_type>{values.slot + E::index};
    } else {
        static_assert(variable_node<E>, "ctdiff: internal: a tensor argument is a slot or a variable");
        const auto& bound = detail::bound_value<E::name>(env);
        using elem = typename std::remove_cvref_t<decltype(bound)>::value_type;
        return input_view<T, typename E::shape_type, elem>{bound.data()};
    }
}

/// How an instruction reads its argument E: through `type`, which is the same for every value
/// slot of one shape (value_slot<0, S>), and from `at`, the slot's index (0 for a leaf). So the
/// nodes of one op over slots share one function (write_node), whose indices are arguments that
/// inlining makes constants again, rather than a function per node and one per slot read, each
/// of which the compiler builds and optimises on its own before it inlines it. (`at` is a member
/// type: g++ names a class's static data member as soon as the class is instantiated.)
template <class E>
struct argument_reader {
    using type = E;
    using at = std::integral_constant<std::size_t, 0>;
};
template <std::size_t K, class S>
struct argument_reader<value_slot<K, S>> {
    using type = value_slot<0, S>;
    using at = std::integral_constant<std::size_t, K>;
};

/// Element i of argument E of an instruction, whose slot (if it is one) starts at `at`.
template <class E, class T, std::size_t N, class Env>
CTDIFF_FORCEINLINE constexpr T argument_value(const value_array<T, N>& values, const Env& env,
                                              [[maybe_unused]] std::size_t at, [[maybe_unused]] std::size_t i) {
    if constexpr (!value_slot_node<E>) return detail::value_in<E>(values, env, i);
    else if constexpr (E::shape_type::size == 1) return values.slot[at];
    else return values.slot[at + i];
}
/// The view a tensor operation reads argument E through (input_of), its slot starting at `at`.
template <class E, class T, std::size_t N, class Env>
CTDIFF_FORCEINLINE constexpr auto argument_input(const value_array<T, N>& values, const Env& env,
                                                 [[maybe_unused]] std::size_t at) {
    if constexpr (value_slot_node<E> && !std::is_same<typename E::shape_type, shape<>>::value)
        return input_view<T, typename E::shape_type>{values.slot + at};
    else if constexpr (value_slot_node<E>)
        return scalar_view<T>{values.slot[at]};
    else
        return detail::input_of<E>(values, env);
}

/// Computes a node of op Op over arguments read through Readers (argument_reader) into the value
/// array from `offset`, argument J's slot starting at `at_J` (the arguments past the op's arity
/// are unused: an instruction has at most max_arity).
template <class Op, class Readers, class Seq = std::make_index_sequence<Readers::size>>
struct write_node;
template <class Op, class... Readers, std::size_t... J>
struct write_node<Op, type_list<Readers...>, std::index_sequence<J...>> {
    template <class T, std::size_t N, class Env>
    CTDIFF_FORCEINLINE static constexpr void run(value_array<T, N>& values, const Env& env, std::size_t offset,
                                                 std::size_t at_0, std::size_t at_1, std::size_t at_2) {
        static_assert(max_arity == 3, "ctdiff: internal: write_node takes max_arity slot indices");
        [[maybe_unused]] const std::size_t at[] = {at_0, at_1, at_2};
        using S = typename expr<Op, Readers...>::shape_type;
        if constexpr (!is_elementwise<Op>::value) {
            Op::forward(output_view<T, S>{values.slot + offset}, detail::argument_input<Readers>(values, env, at[J])...);
        } else if constexpr (S::size == 1) {
            values.slot[offset] = Op::eval(detail::argument_value<Readers>(values, env, at[J], 0)...);
        } else {
            for (std::size_t i = 0; i < S::size; ++i)
                values.slot[offset + i] = Op::eval(detail::argument_value<Readers>(values, env, at[J], i)...);
        }
    }
};
/// The slot indices of an instruction's arguments, as member types (0 past its arity).
template <std::size_t At0 = 0, std::size_t At1 = 0, std::size_t At2 = 0>
struct argument_slots {
    using at_0 = std::integral_constant<std::size_t, At0>;
    using at_1 = std::integral_constant<std::size_t, At1>;
    using at_2 = std::integral_constant<std::size_t, At2>;
};
/// Instruction I as a call of its write_node: `type`, and where its arguments' slots start
/// (`slots`, an argument_slots). Member types only, as argument_reader.
template <class I>
struct node_writer;
template <class Op, class... Args>
struct node_writer<expr<Op, Args...>> {
    static_assert(sizeof...(Args) <= max_arity, "ctdiff: internal: an op with more than max_arity arguments");
    using type = write_node<Op, type_list<typename argument_reader<Args>::type...>>;
    using slots = argument_slots<argument_reader<Args>::at::value...>;
};

/// The most statements (nodes of a forward pass, steps of a sweep) generated into one function.
/// A larger evaluation is cut into pieces of this many, each a function of its own that is not
/// inlined: the optimiser's cost on one function grows faster than its size (g++ -O2: SLP
/// vectorisation, alias walks and register allocation over one basic block of tens of thousands
/// of statements), and a call every thousand statements costs nothing measurable. Graphs below
/// this size (every benchmark's) compile to one function, as before. CTDIFF_STRAIGHT_LINE_PIECE
/// (core/config.hpp) sets it.
inline constexpr std::size_t straight_line_piece = CTDIFF_STRAIGHT_LINE_PIECE;
static_assert(straight_line_piece > 0, "CTDIFF_STRAIGHT_LINE_PIECE must be at least 1");

/// The number of pieces of straight_line_piece statements that Count statements take.
constexpr std::size_t pieces_of(std::size_t count) {
    return (count + straight_line_piece - 1) / straight_line_piece;
}
/// The length of the piece of Total statements that starts at First: straight_line_piece, or
/// what is left for the last one.
constexpr std::size_t piece_length(std::size_t total, std::size_t first) {
    return total - first < straight_line_piece ? total - first : straight_line_piece;
}

/// Nodes First + K of the forward pass over Dag: node k's value from slot Dag::offset(k).
template <class Dag, std::size_t First, class T, class Env, std::size_t... K>
CTDIFF_FORCEINLINE constexpr void run_instructions_from(value_array<T, Dag::value_size>& values, const Env& env,
                                                        std::index_sequence<K...>) {
    // a braced list rather than a comma fold: g++ handles a flat list of N statements far
    // faster than N nested comma expressions (measured: 1000 nodes, -O2, 58 s -> 42 s). The
    // offsets are passed as integral_constant values, constants where they are written: as a call
    // `Dag::offset(K)` in a function argument, clang would leave it to run time and emit the whole
    // graph table.
    [[maybe_unused]] const char sequence[] = {
        '\0', (node_writer<instruction_t<Dag, First + K>>::type::run(
                   values, env, std::integral_constant<std::size_t, Dag::offset(First + K)>::value,
                   node_writer<instruction_t<Dag, First + K>>::slots::at_0::value,
                   node_writer<instruction_t<Dag, First + K>>::slots::at_1::value,
                   node_writer<instruction_t<Dag, First + K>>::slots::at_2::value),
               '\0')...};
}
/// One piece of a forward pass longer than straight_line_piece, out of line.
template <class Dag, std::size_t Piece, class T, class Env>
CTDIFF_NOINLINE constexpr void run_instruction_piece(value_array<T, Dag::value_size>& values, const Env& env) {
    constexpr std::size_t first = Piece * straight_line_piece;
    detail::run_instructions_from<Dag, first>(values, env,
                                              std::make_index_sequence<detail::piece_length(Dag::size, first)>{});
}
template <class Dag, class T, class Env, std::size_t... P>
CTDIFF_FORCEINLINE constexpr void run_instruction_pieces(value_array<T, Dag::value_size>& values, const Env& env,
                                                         std::index_sequence<P...>) {
    [[maybe_unused]] const char sequence[] = {'\0', (detail::run_instruction_piece<Dag, P>(values, env), '\0')...};
}
/// The forward pass over Dag: one function, or pieces of straight_line_piece nodes.
template <class Dag, class T, class Env>
CTDIFF_FORCEINLINE constexpr void run_instructions(value_array<T, Dag::value_size>& values, const Env& env) {
    if constexpr (Dag::size <= straight_line_piece)
        detail::run_instructions_from<Dag, 0>(values, env, std::make_index_sequence<Dag::size>{});
    else
        detail::run_instruction_pieces<Dag>(values, env, std::make_index_sequence<detail::pieces_of(Dag::size)>{});
}
template <class Dag, class T, class Env>
CTDIFF_FORCEINLINE constexpr value_array<T, Dag::value_size> forward_pass(const Env& env) {
    if constexpr (Dag::value_size == 0) {
        return value_array<T, 0>{};  // its one placeholder element must be initialised to be copied
    } else {
        value_array<T, Dag::value_size> values;  // every element is written by its node, in order
        detail::run_instructions<Dag>(values, env);
        return values;
    }
}

/// Where root R of Dag's value is after its forward pass: `type`, root_ref<void, S> for a node's
/// value, root_ref<Leaf, S> for a leaf evaluated from the bindings; and `slot`, the node's slot
/// (0 for a leaf) as an integral_constant. Member types only: per-root functions, or static data
/// members (which g++ names as soon as the class is instantiated), named by the Dag would each
/// get a mangled name as long as all the roots together (quadratic in the number of outputs of a
/// Jacobian); and the slot is an argument so that the roots of one shape share root_output.
template <class Leaf, class S>
struct root_ref {};
template <class Dag, std::size_t R, class E = typename list_element<typename Dag::roots, R>::type>
struct root_of {
    // every index a constant: a call to Dag::offset at run time would make clang emit the whole
    // graph table (measured: twice the memory at 1000 nodes)
    using type = root_ref<std::conditional_t<Dag::graph.root_index[R] == no_node, E, void>, typename E::shape_type>;
    using slot = std::integral_constant<std::size_t, Dag::graph.root_index[R] == no_node
                                                         ? 0
                                                         : Dag::graph.nodes[Dag::graph.root_index[R]].offset>;
};
template <class Dag, std::size_t R>
using root_of_t = typename root_of<Dag, R>::type;
/// The slot of root R of Dag (root_of), as a constant where it is passed.
template <class Dag, std::size_t R>
using root_slot = typename root_of<Dag, R>::slot;

/// The value of a root after the forward pass, from slot `at`: a T, or a tensor<T, S> for a
/// tensor root.
template <class Leaf, class S, class T, std::size_t N, class Env>
CTDIFF_FORCEINLINE constexpr auto root_output(root_ref<Leaf, S>, const value_array<T, N>& values, const Env& env,
                                              [[maybe_unused]] std::size_t at) {
    constexpr bool leaf = !std::is_void<Leaf>::value;
    if constexpr (std::is_same<S, shape<>>::value) {
        if constexpr (leaf) return detail::value_in<Leaf>(values, env);
        else return values.slot[at];
    } else {
        tensor<T, S> out;
        for (std::size_t i = 0; i < S::size; ++i) {
            if constexpr (leaf) out.elements[i] = detail::value_in<Leaf>(values, env, i);
            else out.elements[i] = values.slot[at + i];
        }
        return out;
    }
}

/// The value of root R of Dag after its forward pass (for one root: a function named by the Dag).
template <class Dag, std::size_t R, class T, class Env>
CTDIFF_FORCEINLINE constexpr auto root_value(const value_array<T, Dag::value_size>& values, const Env& env) {
    return detail::root_output(root_of_t<Dag, R>{}, values, env, root_slot<Dag, R>::value);
}

/// Several scalar expressions evaluated in one pass over the union of their unique nodes.
template <class T, class... Outs, class Env, std::size_t... R>
CTDIFF_FORCEINLINE constexpr std::array<T, sizeof...(Outs)> evaluate_all(type_list<Outs...>, const Env& env,
                                                                          std::index_sequence<R...>) {
    using D = dag<type_list<Outs...>>;
    const auto values = detail::forward_pass<D, T>(env);
    return {detail::root_output(root_of_t<D, R>{}, values, env, root_slot<D, R>::value)...};
}
template <class T, class... Outs, class Env>
CTDIFF_FORCEINLINE constexpr std::array<T, sizeof...(Outs)> evaluate_all(type_list<Outs...> outs, const Env& env) {
    return detail::evaluate_all<T>(outs, env, std::index_sequence_for<Outs...>{});
}

/// What a variable may be bound to, element by element: a floating-point number or a pack.
template <class T>
concept numeric_value = std::floating_point<T> || is_pack<T>::value;

/// The roots whose variables must be bound: one expression, or a type_list of them (the outputs
/// of a tuple or a Jacobian, whose variables are found by one search over all of them).
template <class E>
struct roots_of {
    using type = type_list<E>;
};
template <class... E>
struct roots_of<type_list<E...>> {
    using type = type_list<E...>;
};

/// The bindings are bindings, of numbers: each check a static_assert with its message.
template <class... Bindings>
constexpr bool check_binding_values() {
    static_assert((binding_type<Bindings> && ...),
                  "ctdiff: evaluate(f, bindings...) takes bindings such as `x = 2.0`");
    static_assert((numeric_value<typename scalar_of<typename Bindings::value_type>::type> && ...),
                  "ctdiff: bind variables to floating-point values (float, double, long double) or to "
                  "packs of them (ctdiff::pack<double>)");
    return true;
}

template <class E, class... Bindings>
constexpr bool check_evaluation() {
    return check_binding_values<Bindings...>() &&
           all_bound<typename dag_variables<dag<typename roots_of<E>::type>>::type, Bindings...>::value;
}

}  // namespace detail

namespace detail {
template <class E>
struct evaluate_with {
    template <class... Bindings>
    CTDIFF_FORCEINLINE constexpr auto operator()(const Bindings&... bindings) const {
        return ctdiff::evaluate(E{}, bindings...);
    }
};
}  // namespace detail

namespace detail {
template <class E>
struct is_expression_tuple : std::false_type {};
template <class... E>
struct is_expression_tuple<std::tuple<E...>> : std::bool_constant<(expression<E> && ...)> {};

/// The values of several expressions from one forward pass over their nodes, shared ones once.
template <class T, class... E, class Env, std::size_t... R>
CTDIFF_FORCEINLINE constexpr auto evaluate_tuple(const Env& env, std::index_sequence<R...>) {
    using D = dag<type_list<E...>>;
    const auto values = detail::forward_pass<D, T>(env);
    return std::tuple{detail::root_output(root_of_t<D, R>{}, values, env, root_slot<D, R>::value)...};
}
}  // namespace detail

/// The value of `e` with the given bindings: `evaluate(f, x = 2.0)` is `f(x = 2.0)`. A binding
/// group (nn::parameter_set) passes all of its bindings. `evaluate(std::tuple{f, g}, x = 2.0)`
/// gives the std::tuple of their values, from one pass that computes shared subexpressions once.
template <class E, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto evaluate(const E&, const Bindings&... bindings) {
    static_assert(expression<E> || detail::is_expression_tuple<E>::value,
                  "ctdiff::evaluate(f, bindings...): f must be a ctdiff expression, or a std::tuple "
                  "of expressions");
    if constexpr (!expression<E> && !detail::is_expression_tuple<E>::value) {
        return 0.0;  // (stops here: the static_assert says what is wrong)
    } else if constexpr (detail::is_expression_tuple<E>::value && !(detail::binding_group<Bindings> || ...)) {
        return [&]<class... Es>(std::tuple<Es...>*) {
            using T = typename detail::evaluation_scalar<Bindings...>::type;
            if constexpr (detail::check_evaluation<type_list<Es...>, Bindings...>()) {
                const detail::environment<Bindings...> env{bindings...};
                return detail::evaluate_tuple<T, Es...>(env, std::index_sequence_for<Es...>{});
            } else {
                return std::tuple<detail::value_of_shape_t<T, typename Es::shape_type>...>{};
            }
        }(static_cast<E*>(nullptr));
    } else if constexpr ((detail::binding_group<Bindings> || ...)) {
        return detail::with_spread_bindings(detail::evaluate_with<E>{}, bindings...);
    } else {
        using T = typename detail::evaluation_scalar<Bindings...>::type;
        // (with bindings, a missing one is checked first: it gets the shortest message; each
        // condition in its own `if constexpr`, as `&&` would instantiate all_bound for
        // arguments that are not bindings too)
        if constexpr ((detail::binding_type<Bindings> && ...) && expression<E>) {
            if constexpr (!detail::all_bound<variables_t<E>, Bindings...>::value)
                return detail::value_of_shape_t<T, typename E::shape_type>{};
        }
        if constexpr (detail::check_evaluation<E, Bindings...>()) {
            const detail::environment<Bindings...> env{bindings...};
            using D = detail::dag<type_list<E>>;
            const auto values = detail::forward_pass<D, T>(env);
            return detail::root_value<D, 0>(values, env);
        } else {
            return detail::value_of_shape_t<T, typename E::shape_type>{};
        }
    }
}

}  // namespace ctdiff
