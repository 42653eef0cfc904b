// ctdiff/io/graph_view.hpp — an expression's DAG as plain run-time data, for the printers
// (to_dot, trace) and for anyone who wants to draw or explain a computation another way.
//
//   auto g = ctdiff::graph_of(f);                    // structure and formulas only
//   auto g = ctdiff::graph_of(f, x = 2.0, w = 3.0);  // also values, local partials, adjoints
//
// Node K of the view is the K-th unique interior node of f in topological order (children before
// parents; f itself is last), the same order evaluation uses. Formulas refer to nodes through
// markers, which `spell` replaces by the names in `names` (u1, u2, ..., and the function's name
// for the output), so a printer can rename nodes without rebuilding anything.
//
// Every value is a std::vector of its elements (one for a scalar); nodes and variables carry
// their shape. A tensor op (matvec, softmax, ...) has no local partial per argument but a
// vector-Jacobian product, which the view holds as a formula in the node's adjoint (from the op's
// own `vjp_print`) and as the value it contributes to the argument's adjoint.
//
// Everything here is debugging and teaching code: it is instantiated only by these printers,
// never by evaluation or gradients, and it builds strings and vectors at run time.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/eval/backward.hpp"
#include "ctdiff/eval/evaluate.hpp"
#include "ctdiff/graph/topo.hpp"
#include "ctdiff/io/format.hpp"
#include "ctdiff/io/to_string.hpp"

namespace ctdiff {

/// One argument of a node: another node, a variable (drawn once), or a constant (per use).
struct graph_argument {
    enum class kind { node, variable, constant };
    kind what = kind::constant;
    std::size_t index = 0;  // node index or variable index; 0 for a constant
    std::string text;       // how the argument prints: a constant's value ("10", "1/2", "pi")
};

/// One unique interior node.
struct graph_node {
    std::string op;          // the op's symbol: "*", "^", "sigmoid", "matvec"
    std::string formula;     // the node over its arguments, nodes as markers: "<u1>^2"
    std::string expression;  // the whole subexpression below the node, as to_string prints it
    std::vector<std::size_t> dims;  // the value's shape: empty for a scalar, {16} a vector, {16, 4} a matrix
    std::string shape;              // the shape as printers write it: "" for a scalar, "16", "16x4"
    /// An elementwise op (+, *, tanh, ..., also on tensors) has a local partial per argument; a
    /// tensor op (matvec, softmax, ...) has a vector-Jacobian product instead.
    bool elementwise = true;
    std::vector<graph_argument> args;
    /// Per argument J, with nodes as markers: for an elementwise op, d node / d argument J as a
    /// formula ("2*<u1>"); for a tensor op, what the node adds to argument J's adjoint, as a
    /// formula in the node's own adjoint ("matvec(transpose(W), <adjoint of u2>)").
    std::vector<std::string> partials;
    /// Per argument, for an elementwise op: the shape of its partial, the node's or empty for a
    /// scalar partial (a constant, or a formula in scalars), which applies to every element.
    std::vector<std::vector<std::size_t>> partial_dims;
};

/// One variable of the function, in order of first use.
struct graph_variable {
    std::string name;
    std::vector<std::size_t> dims;  // empty for a scalar
    std::string shape;              // "" for a scalar, "4", "16x4"
};

/// The DAG of a function; with bindings, also every value of its forward and backward passes.
/// Every value is a std::vector<T> of its elements, row-major: one element for a scalar.
template <class T>
struct graph_view {
    using values = std::vector<T>;

    std::vector<graph_node> nodes;  // topological order, the output last
    std::vector<graph_variable> variables;
    graph_argument root;             // the output: a node, or a leaf when f is one
    std::vector<std::string> names;  // per node: "u1", "u2", ..., the output: the function's name

    bool has_values = false;    // the rest is filled only when bindings were given
    bool has_adjoints = false;  // and adjoints only when the output is a scalar
    values root_value;
    std::vector<values> value;                        // per node
    std::vector<values> adjoint;                      // per node: d f / d node, the node's shape
    std::vector<std::vector<values>> argument_value;  // per node, per argument
    /// Per node, per argument, for elementwise ops: d node / d argument, element by element (the
    /// node's shape), or one element when the partial is a scalar (a constant, or a formula in
    /// scalars: the same for every element); empty for tensor ops.
    std::vector<std::vector<values>> partial_value;
    /// Per node, per argument: what the backward pass adds along that edge to the argument's
    /// adjoint (the argument's shape): adjoint times partial for an elementwise op (summed over
    /// the node's elements for a broadcast scalar), the vector-Jacobian product for a tensor op.
    /// The adjoint of a node or variable is the sum of the contributions it receives.
    std::vector<std::vector<values>> contribution;
    std::vector<values> variable_value;
    std::vector<values> variable_adjoint;  // d f / d variable

    /// `text` with every node marker replaced by that node's name, and every adjoint marker by
    /// "df/du2" (f the output's name).
    [[nodiscard]] std::string spell(std::string_view text) const;
    /// What argument J of node K is called: a node's or variable's name, a constant's text.
    [[nodiscard]] std::string argument_name(const graph_argument& a) const {
        switch (a.what) {
            case graph_argument::kind::node: return names[a.index];
            case graph_argument::kind::variable: return variables[a.index].name;
            default: return a.text;
        }
    }
    /// The shape of an argument's value: a node's or variable's dims, none for a constant.
    [[nodiscard]] const std::vector<std::size_t>& argument_dims(const graph_argument& a) const {
        static const std::vector<std::size_t> scalar;
        if (a.what == graph_argument::kind::node) return nodes[a.index].dims;
        if (a.what == graph_argument::kind::variable) return variables[a.index].dims;
        return scalar;
    }
    /// The output's name: the function's name when it is a node, else "f".
    [[nodiscard]] std::string function_name() const {
        return root.what == graph_argument::kind::node ? names[root.index] : std::string("f");
    }
    /// Whether the output is a scalar: only then are there adjoints (and VJP formulas mean anything).
    [[nodiscard]] bool scalar_output() const {
        if (root.what == graph_argument::kind::node) return nodes[root.index].dims.empty();
        if (root.what == graph_argument::kind::variable) return variables[root.index].dims.empty();
        return true;
    }
    /// Renames the output (u1, u2, ... keep their names).
    void set_function_name(std::string name) {
        if (root.what == graph_argument::kind::node) names[root.index] = std::move(name);
    }
};

namespace detail {
inline constexpr char marker = '\x1f';          // node K: marker, six digits of K, marker
inline constexpr char adjoint_marker = '\x1e';  // the adjoint of node K: the same with this char
inline constexpr std::size_t marker_digits = 6;
template <std::size_t K>
constexpr fixed_string<marker_digits + 3> marker_name() noexcept {
    static_assert(K < 1000000, "ctdiff::graph_of: more than a million nodes");
    fixed_string<marker_digits + 3> s;
    s.chars[0] = marker;
    std::size_t k = K;
    for (std::size_t i = marker_digits; i > 0; --i, k /= 10) s.chars[i] = static_cast<char>('0' + k % 10);
    s.chars[marker_digits + 1] = marker;
    return s;
}
inline std::string marker_text(char m, std::size_t k) {
    std::string s(marker_digits + 2, m);
    for (std::size_t i = marker_digits; i > 0; --i, k /= 10) s[i] = static_cast<char>('0' + k % 10);
    return s;
}

/// A tensor op's vjp_print pattern with {g}, {y}, {J} and {#J} replaced: the adjoint marker and
/// the node marker of node K, argument J's text, argument J's number of elements.
inline std::string fill_vjp_pattern(std::string_view pattern, std::size_t k, const std::vector<std::string>& args,
                                    const std::vector<std::size_t>& sizes) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const std::size_t close = pattern[i] == '{' ? pattern.find('}', i) : std::string_view::npos;
        if (close == std::string_view::npos) {
            out += pattern[i];
            continue;
        }
        const std::string_view key = pattern.substr(i + 1, close - i - 1);
        const bool count = !key.empty() && key[0] == '#';
        const std::string_view digits = count ? key.substr(1) : key;
        if (key == "g") out += marker_text(adjoint_marker, k);
        else if (key == "y") out += marker_text(marker, k);
        else if (digits.size() == 1 && digits[0] >= '0' && digits[0] <= '9' &&
                 static_cast<std::size_t>(digits[0] - '0') < args.size()) {
            const auto j = static_cast<std::size_t>(digits[0] - '0');
            out += count ? std::to_string(sizes[j]) : args[j];
        } else {
            out += pattern.substr(i, close - i + 1);  // not a placeholder: as written
        }
        i = close;
    }
    return out;
}
}  // namespace detail

// ================================================================================================
// Adapter: the only code of io/graph_view, io/dot and io/trace that uses library internals
// (ctdiff::detail: the DAG of graph/topo.hpp, the forward pass of eval/evaluate.hpp, the backward
// sweep of eval/backward.hpp). When those change, only this section changes. It exposes
// `detail::graph_adapter<F>` with `describe(view)` and `compute<T>(view, bindings...)`, and
// `detail::graph_scalar<Bindings...>` / `detail::graph_bindings_ok<F, Bindings...>()` and
// `detail::graph_variable_of<V>()`.
namespace detail {

/// The node whose value starts at `offset` of Dag's value array.
template <class Dag>
constexpr std::size_t node_at_offset(std::size_t offset) {
    for (std::size_t k = 0; k < Dag::size; ++k)
        if (Dag::graph.nodes[k].offset == offset) return k;
    return no_node;
}

/// An expression with each value slot (node K of the graph) replaced by a variable whose name is
/// node K's marker, so to_string can print a node's instruction and its local partials.
template <class Dag, class E>
struct marked {
    using type = E;
};
template <class Dag, std::size_t Offset, class S>
struct marked<Dag, value_slot<Offset, S>> {
    using type = variable<detail::marker_name<node_at_offset<Dag>(Offset)>(), S>;
};
template <class Dag, class Op, class... A>
struct marked<Dag, expr<Op, A...>> {
    using type = expr<Op, typename marked<Dag, A>::type...>;
};

template <class... Bindings>
using graph_scalar = typename evaluation_scalar<Bindings...>::type;

template <class F, class... Bindings>
constexpr bool graph_bindings_ok() {
    return check_evaluation<F, Bindings...>();
}

template <class Instruction>
struct instruction_parts;
template <class Op, class... Args>
struct instruction_parts<expr<Op, Args...>> {
    using op = Op;
    using args = type_list<Args...>;
    static constexpr std::size_t arity = sizeof...(Args);
};

template <std::size_t... D>
std::vector<std::size_t> dims_of(shape<D...>) {
    return {D...};
}
inline std::string shape_text(const std::vector<std::size_t>& dims) {
    std::string s;
    for (std::size_t d : dims) s += (s.empty() ? "" : "x") + std::to_string(d);
    return s;
}

/// How a variable type is described: its name and shape.
template <class V>
graph_variable graph_variable_of() {
    std::vector<std::size_t> dims = detail::dims_of(typename V::shape_type{});
    std::string shape = detail::shape_text(dims);
    return graph_variable{std::string(V::name.view()), std::move(dims), std::move(shape)};
}

template <class F>
struct graph_adapter {
    using dag_type = dag<type_list<F>>;
    using variables = variables_t<F>;
    static constexpr std::size_t size = dag_type::size;
    static constexpr bool root_is_node = expr_node<F>;
    static constexpr bool scalar_root = std::is_same<typename F::shape_type, shape<>>::value;

    template <std::size_t K>
    using instruction = instruction_t<dag_type, K>;
    template <std::size_t K>
    using op_of = typename instruction_parts<instruction<K>>::op;
    template <std::size_t K>
    static constexpr bool elementwise = is_elementwise<op_of<K>>::value;
    template <std::size_t K, std::size_t J>
    using argument = typename list_element<typename instruction_parts<instruction<K>>::args, J>::type;
    template <std::size_t K, std::size_t J>
    using partial = typename instruction_partial<instruction<K>, dag_type::offset(K), J>::type;
    template <std::size_t K>
    using node_shape = typename instruction<K>::shape_type;

    template <class Leaf, class T>
    static graph_argument leaf_argument(const graph_view<T>& g) {
        graph_argument a;
        a.text = ctdiff::to_string(Leaf{});
        if constexpr (variable_node<Leaf>) {
            a.what = graph_argument::kind::variable;
            for (std::size_t v = 0; v < g.variables.size(); ++v)
                if (g.variables[v].name == a.text) a.index = v;
        }
        return a;
    }

    template <std::size_t K, std::size_t J, class T>
    static void describe_argument(graph_view<T>& g) {
        graph_node& n = g.nodes[K];
        constexpr std::size_t child = dag_type::child_index(K, J);
        if constexpr (child == no_node) {
            n.args.push_back(graph_adapter::leaf_argument<argument<K, J>>(g));
        } else {
            n.args.push_back(graph_argument{graph_argument::kind::node, child, {}});
        }
        if constexpr (elementwise<K>) {
            n.partials.push_back(ctdiff::to_string(typename marked<dag_type, partial<K, J>>::type{}));
            n.partial_dims.push_back(detail::dims_of(typename partial<K, J>::shape_type{}));
        }
    }

    template <std::size_t K, class T, std::size_t... J>
    static void describe_node(graph_view<T>& g, std::index_sequence<J...>) {
        graph_node& n = g.nodes[K];
        n.op = std::string(detail::notation_of<op_of<K>>().symbol);
        n.formula = ctdiff::to_string(typename marked<dag_type, instruction<K>>::type{});
        n.expression = ctdiff::to_string(typename node_at<dag_type, K>::type{});
        n.dims = detail::dims_of(node_shape<K>{});
        n.shape = detail::shape_text(n.dims);
        n.elementwise = elementwise<K>;
        [[maybe_unused]] const int sequence[] = {0, (graph_adapter::describe_argument<K, J>(g), 0)...};
        if constexpr (!elementwise<K>) {  // the VJPs, written with the arguments as printed
            const std::vector<std::string> args = {
                ctdiff::to_string(typename marked<dag_type, argument<K, J>>::type{})...};
            const std::vector<std::size_t> sizes = {argument<K, J>::shape_type::size...};
            using Op = op_of<K>;
            if constexpr (requires { Op::vjp_print; }) {
                static_assert(std::size(Op::vjp_print) == sizeof...(J),
                              "ctdiff: a tensor op's vjp_print has one pattern per argument (how its "
                              "vector-Jacobian product prints in to_dot and trace)");
                for (std::size_t j = 0; j < sizeof...(J); ++j)
                    n.partials.push_back(detail::fill_vjp_pattern(Op::vjp_print[j], K, args, sizes));
            } else {  // an op without vjp_print: named, not spelled out
                for (std::size_t j = 0; j < sizeof...(J); ++j)
                    n.partials.push_back(detail::fill_vjp_pattern(
                        "vjp<" + std::to_string(j) + ">(" + n.op + ", {g})", K, args, sizes));
            }
        }
    }

    template <class T, std::size_t... K>
    static void describe_nodes(graph_view<T>& g, std::index_sequence<K...>) {
        g.nodes.resize(size);
        [[maybe_unused]] const int sequence[] = {
            0, (graph_adapter::describe_node<K>(
                    g, std::make_index_sequence<instruction_parts<instruction<K>>::arity>{}),
                0)...};
    }

    template <class T, class... Vs>
    static void describe_variables(graph_view<T>& g, type_list<Vs...>) {
        (g.variables.push_back(detail::graph_variable_of<Vs>()), ...);
    }

    /// The structure and the formulas.
    template <class T>
    static void describe(graph_view<T>& g) {
        graph_adapter::describe_variables(g, variables{});
        graph_adapter::describe_nodes(g, std::make_index_sequence<size>{});
        if constexpr (root_is_node) {
            g.root = graph_argument{graph_argument::kind::node, dag_type::graph.root_index[0], {}};
        } else {
            g.root = graph_adapter::leaf_argument<F>(g);
        }
    }

    /// The elements of E (a node's slot, a variable, a constant) as a vector.
    template <class E, class T, class Values, class Env>
    static std::vector<T> elements_of(const Values& values, const Env& env) {
        std::vector<T> out(E::shape_type::size);
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = value_in<E>(values, env, i);
        return out;
    }
    template <class T, std::size_t M>
    static std::vector<T> slice(const value_array<T, M>& a, std::size_t at, std::size_t n) {
        return std::vector<T>(a.slot + at, a.slot + at + n);
    }

    /// Node K's values and local partials; with `adjoint`, also what each edge contributes.
    template <std::size_t K, class T, class Values, class Env, std::size_t... J>
    static void compute_node(graph_view<T>& g, const Values& values, const Env& env, const Values* adjoint,
                             std::index_sequence<J...>) {
        constexpr std::size_t at = dag_type::offset(K), n = node_shape<K>::size;
        g.value[K] = graph_adapter::slice(values, at, n);
        g.argument_value[K] = {graph_adapter::elements_of<argument<K, J>, T>(values, env)...};
        if constexpr (elementwise<K>) {
            g.partial_value[K] = {graph_adapter::elements_of<partial<K, J>, T>(values, env)...};
        } else {
            g.partial_value[K].assign(sizeof...(J), {});
        }
        if (adjoint == nullptr) return;
        g.adjoint[K] = graph_adapter::slice(*adjoint, at, n);
        g.contribution[K] = {graph_adapter::contribution<K, J>(values, env, *adjoint)...};
    }

    /// What edge J of node K adds to argument J's adjoint, computed as the sweep's edge does.
    template <std::size_t K, std::size_t J, class T, class Env>
    static std::vector<T> contribution(const value_array<T, dag_type::value_size>& values, const Env& env,
                                       const value_array<T, dag_type::value_size>& adjoint) {
        using child_shape = typename argument<K, J>::shape_type;
        using parent_shape = node_shape<K>;
        constexpr std::size_t at = dag_type::offset(K);
        std::vector<T> out(child_shape::size);
        if constexpr (elementwise<K>) {
            for (std::size_t i = 0; i < parent_shape::size; ++i) {
                const T c = adjoint.slot[at + i] * value_in<partial<K, J>>(values, env, i);
                if constexpr (child_shape::size != parent_shape::size) out[0] += c;  // a broadcast scalar
                else out[i] = c;
            }
        } else {
            using Args = typename instruction_parts<instruction<K>>::args;
            graph_adapter::vjp_into<K, J, T>(out.data(), values, env, adjoint, Args{});
        }
        return out;
    }
    template <std::size_t K, std::size_t J, class T, class Env, class... Args>
    static void vjp_into(T* out, const value_array<T, dag_type::value_size>& values, const Env& env,
                         const value_array<T, dag_type::value_size>& adjoint, type_list<Args...>) {
        using child_shape = typename argument<K, J>::shape_type;
        constexpr std::size_t at = dag_type::offset(K);
        op_of<K>::template vjp<J>(adjoint_sink<T, child_shape, true>{out}, view_at<T, node_shape<K>>(adjoint.slot + at),
                                  view_at<T, node_shape<K>>(values.slot + at), input_of<Args>(values, env)...);
    }

    template <class T, class Values, class Env, std::size_t... K>
    static void compute_nodes(graph_view<T>& g, const Values& values, const Env& env, const Values* adjoint,
                              std::index_sequence<K...>) {
        [[maybe_unused]] const int sequence[] = {
            0, (graph_adapter::compute_node<K>(
                    g, values, env, adjoint, std::make_index_sequence<instruction_parts<instruction<K>>::arity>{}),
                0)...};
    }

    template <class T, class Env, class... Vs>
    static void variable_values(graph_view<T>& g, const Env& env, type_list<Vs...>) {
        const value_array<T, 0> none{};
        g.variable_value = {graph_adapter::elements_of<Vs, T>(none, env)...};
    }
    template <class T, class Entries, class... Vs, std::size_t... P>
    static void variable_adjoints(graph_view<T>& g, const Entries& entries, type_list<Vs...>,
                                  std::index_sequence<P...>) {
        g.variable_adjoint = {std::vector<T>(detail::first_element(std::get<P>(entries)),
                                             detail::first_element(std::get<P>(entries)) + Vs::shape_type::size)...};
    }
    template <class T, class... Vs>
    static auto gradient_entries(type_list<Vs...>) {
        return std::tuple<value_of_shape_t<T, typename Vs::shape_type>...>{};
    }

    /// The forward pass (values), each node's local partials, and for a scalar output the
    /// backward sweep (adjoints), all computed by ctdiff's own evaluation code.
    template <class T, class... Bindings>
    static void compute(graph_view<T>& g, const Bindings&... bindings) {
        const environment<Bindings...> env{bindings...};
        g.has_values = true;
        g.has_adjoints = scalar_root;
        graph_adapter::variable_values<T>(g, env, variables{});
        if constexpr (!root_is_node) {  // f is a leaf: 1 for itself, 0 for the other variables
            const value_array<T, 0> none{};
            g.root_value = graph_adapter::elements_of<F, T>(none, env);
            for (const graph_variable& v : g.variables) g.variable_adjoint.push_back({T(v.name == g.root.text ? 1 : 0)});
        } else {
            g.value.assign(size, {});
            g.argument_value.assign(size, {});
            g.partial_value.assign(size, {});
            const auto values = forward_pass<dag_type, T>(env);
            g.root_value = graph_adapter::slice(values, dag_type::offset(g.root.index), F::shape_type::size);
            if constexpr (!scalar_root) {
                graph_adapter::compute_nodes(g, values, env, static_cast<const decltype(values)*>(nullptr),
                                             std::make_index_sequence<size>{});
            } else {
                using S = sweep<dag_type, 0, variables>;
                value_array<T, dag_type::value_size> adjoint{};  // zeroed: nodes the root does not reach keep 0
                auto entries = graph_adapter::gradient_entries<T>(variables{});
                backward_sweep<dag_type, S>(values, env, entries, adjoint);
                adjoint.slot[dag_type::offset(g.root.index)] = T(1);
                g.adjoint.assign(size, {});
                g.contribution.assign(size, {});
                graph_adapter::compute_nodes(g, values, env, &adjoint, std::make_index_sequence<size>{});
                graph_adapter::variable_adjoints(g, entries, variables{}, std::make_index_sequence<variables::size>{});
            }
        }
    }
};

}  // namespace detail
// ==================================== end of the adapter ========================================

template <class T>
std::string graph_view<T>::spell(std::string_view text) const {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char m = text[i];
        if ((m != detail::marker && m != detail::adjoint_marker) || i + detail::marker_digits + 1 >= text.size() ||
            text[i + detail::marker_digits + 1] != m) {
            out += m;
            continue;
        }
        std::size_t k = 0;
        for (std::size_t d = 1; d <= detail::marker_digits; ++d) k = 10 * k + static_cast<std::size_t>(text[i + d] - '0');
        const std::string name = k < names.size() ? names[k] : std::string("?");
        out += m == detail::marker ? name : "d" + function_name() + "/d" + name;
        i += detail::marker_digits + 1;
    }
    return out;
}

/// The graph of f: unique nodes in topological order, variables, formulas and local partials.
/// Node K is named u(K+1), the output f (rename it with set_function_name).
template <expression F>
graph_view<double> graph_of(const F&) {
    graph_view<double> g;
    detail::graph_adapter<std::remove_cvref_t<F>>::describe(g);
    for (std::size_t k = 0; k < g.nodes.size(); ++k) g.names.push_back("u" + std::to_string(k + 1));
    g.set_function_name("f");
    return g;
}

template <expression F, class... Bindings>
    requires(sizeof...(Bindings) > 0)
auto graph_of(const F& f, const Bindings&... bindings);

namespace detail {
template <class F>
struct graph_of_with {
    template <class... Bindings>
    auto operator()(const Bindings&... bindings) const {
        return ctdiff::graph_of(F{}, bindings...);
    }
};
}  // namespace detail

/// The graph of f evaluated with the bindings: also every node's value, the local partial along
/// every edge, and every adjoint d f / d node, as ctdiff's forward and backward passes compute
/// them. The scalar type is the bindings' (as for evaluation); a binding group (an
/// nn::parameter_set) passes all of its bindings.
template <expression F, class... Bindings>
    requires(sizeof...(Bindings) > 0)
auto graph_of(const F& f, const Bindings&... bindings) {
    using G = std::remove_cvref_t<F>;
    if constexpr ((detail::binding_group<Bindings> || ...)) {
        return detail::with_spread_bindings(detail::graph_of_with<G>{}, bindings...);
    } else {
        using T = detail::graph_scalar<Bindings...>;
        graph_view<T> g;
        if constexpr (detail::graph_bindings_ok<G, Bindings...>()) {
            detail::graph_adapter<G>::describe(g);
            for (std::size_t k = 0; k < g.nodes.size(); ++k) g.names.push_back("u" + std::to_string(k + 1));
            g.set_function_name("f");
            detail::graph_adapter<G>::compute(g, bindings...);
        }
        static_cast<void>(f);
        return g;
    }
}

}  // namespace ctdiff
