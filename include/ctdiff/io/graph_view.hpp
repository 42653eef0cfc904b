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
// Everything here is debugging and teaching code: it is instantiated only by these printers,
// never by evaluation or gradients, and it builds strings and vectors at run time.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/eval/backward.hpp"
#include "ctdiff/eval/evaluate.hpp"
#include "ctdiff/graph/topo.hpp"
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
    std::string op;          // the op's symbol: "*", "^", "sigmoid"
    std::string formula;     // the node over its arguments, nodes as markers: "<u1>^2"
    std::string expression;  // the whole subexpression below the node, as to_string prints it
    std::string shape;       // empty for a scalar; a tensor node will show its shape here
    std::vector<graph_argument> args;
    std::vector<std::string> partials;  // d node / d argument J as a formula, nodes as markers
};

/// One variable of the function, in order of first use.
struct graph_variable {
    std::string name;
    std::string shape;  // empty for a scalar
};

/// The DAG of a function; with bindings, also every value of its forward and backward passes.
template <class T>
struct graph_view {
    std::vector<graph_node> nodes;  // topological order, the output last
    std::vector<graph_variable> variables;
    graph_argument root;            // the output: a node, or a leaf when f is one
    std::vector<std::string> names;  // per node: "u1", "u2", ..., the output: the function's name

    bool has_values = false;  // the rest is filled only when bindings were given
    T root_value{};
    std::vector<T> value;                       // per node
    std::vector<T> adjoint;                     // per node: d f / d node
    std::vector<std::vector<T>> argument_value;  // per node, per argument
    std::vector<std::vector<T>> partial_value;   // per node, per argument: d node / d argument
    std::vector<T> variable_value;
    std::vector<T> variable_adjoint;  // d f / d variable

    /// `text` with every node marker replaced by that node's name.
    [[nodiscard]] std::string spell(std::string_view text) const;
    /// What argument J of node K is called: a node's or variable's name, a constant's text.
    [[nodiscard]] std::string argument_name(const graph_argument& a) const {
        switch (a.what) {
            case graph_argument::kind::node: return names[a.index];
            case graph_argument::kind::variable: return variables[a.index].name;
            default: return a.text;
        }
    }
    /// Renames the output (u1, u2, ... keep their names).
    void set_function_name(std::string name) {
        if (root.what == graph_argument::kind::node) names[root.index] = std::move(name);
    }
};

namespace io_detail {
inline constexpr char marker = '\x1f';  // node K is written marker, six digits of K, marker
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
}  // namespace io_detail

// ================================================================================================
// Adapter: the only code of io/graph_view, io/dot and io/trace that uses library internals
// (ctdiff::detail: the DAG of graph/topo.hpp, the forward pass of eval/evaluate.hpp, the backward
// sweep of eval/backward.hpp). When those change, only this section changes. It exposes
// `detail::graph_adapter<F>` with `describe(view)` and `compute<T>(view, bindings...)`, and
// `detail::graph_scalar<Bindings...>` / `detail::graph_bindings_ok<F, Bindings...>()`.
namespace detail {

/// An expression with each value slot (node K of the graph) replaced by a variable whose name is
/// node K's marker, so to_string can print a node's instruction and its local partials.
/// The node whose value starts at `offset` of Dag's value array.
template <class Dag>
constexpr std::size_t node_at_offset(std::size_t offset) {
    for (std::size_t k = 0; k < Dag::size; ++k)
        if (Dag::graph.nodes[k].offset == offset) return k;
    return no_node;
}

template <class Dag, class E>
struct marked {
    using type = E;
};
template <class Dag, std::size_t Offset, class S>
struct marked<Dag, value_slot<Offset, S>> {
    using type = variable<io_detail::marker_name<node_at_offset<Dag>(Offset)>()>;
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

template <class F>
struct graph_adapter {
    using dag_type = dag<type_list<F>>;
    using variables = variables_t<F>;
    static constexpr std::size_t size = dag_type::size;
    static constexpr bool root_is_node = is_expr_v<F>;
    static_assert(dag_type::value_size == dag_type::size && std::is_same<typename F::shape_type, shape<>>::value,
                  "ctdiff::to_dot, ctdiff::trace, ctdiff::graph_of: expressions with tensor values are not "
                  "drawn or traced yet; use them on scalar expressions");

    template <std::size_t K>
    using instruction = instruction_t<dag_type, K>;
    template <std::size_t K, std::size_t J>
    using argument = typename list_element<typename instruction_parts<instruction<K>>::args, J>::type;
    template <std::size_t K, std::size_t J>
    using partial = typename instruction_partial<instruction<K>, dag_type::offset(K), J>::type;

    template <class Leaf, class T>
    static graph_argument leaf_argument(const graph_view<T>& g) {
        graph_argument a;
        a.text = ctdiff::to_string(Leaf{});
        if constexpr (is_variable_v<Leaf>) {
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
        n.partials.push_back(ctdiff::to_string(typename marked<dag_type, partial<K, J>>::type{}));
    }

    template <std::size_t K, class T, std::size_t... J>
    static void describe_node(graph_view<T>& g, std::index_sequence<J...>) {
        using parts = instruction_parts<instruction<K>>;
        graph_node& n = g.nodes[K];
        n.op = std::string(parts::op::print.symbol);
        n.formula = ctdiff::to_string(typename marked<dag_type, instruction<K>>::type{});
        n.expression = ctdiff::to_string(typename node_at<dag_type, K>::type{});
        [[maybe_unused]] const int sequence[] = {0, (graph_adapter::describe_argument<K, J>(g), 0)...};
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
        (g.variables.push_back(graph_variable{std::string(Vs::name.view()), {}}), ...);
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

    template <std::size_t K, class T, class Values, class Env, std::size_t... J>
    static void compute_node(graph_view<T>& g, const Values& values, const Env& env, std::index_sequence<J...>) {
        g.value[K] = values.slot[dag_type::offset(K)];
        g.argument_value[K] = {value_in<argument<K, J>>(values, env)...};
        g.partial_value[K] = {value_in<partial<K, J>>(values, env)...};
    }

    template <class T, class Values, class Env, std::size_t... K>
    static void compute_nodes(graph_view<T>& g, const Values& values, const Env& env, std::index_sequence<K...>) {
        [[maybe_unused]] const int sequence[] = {
            0, (graph_adapter::compute_node<K>(
                    g, values, env, std::make_index_sequence<instruction_parts<instruction<K>>::arity>{}),
                0)...};
    }

    template <class T, class Env, class... Vs>
    static void variable_values(graph_view<T>& g, const Env& env, type_list<Vs...>) {
        const value_array<T, size> none{};
        g.variable_value = {value_in<Vs>(none, env)...};
        if constexpr (!root_is_node) g.variable_adjoint = {T(std::is_same<F, Vs>::value ? 1 : 0)...};
    }

    /// The forward pass (values), each node's local partials, and the backward sweep (adjoints),
    /// all computed by ctdiff's own evaluation code.
    template <class T, class... Bindings>
    static void compute(graph_view<T>& g, const Bindings&... bindings) {
        const environment<Bindings...> env{bindings...};
        g.has_values = true;
        g.value.assign(size, T{});
        g.adjoint.assign(size, T{});
        g.argument_value.assign(size, {});
        g.partial_value.assign(size, {});
        graph_adapter::variable_values<T>(g, env, variables{});
        if constexpr (root_is_node) {
            const auto values = forward_pass<dag_type, T>(env);
            graph_adapter::compute_nodes(g, values, env, std::make_index_sequence<size>{});
            using S = sweep<dag_type, 0, variables>;
            value_array<T, dag_type::value_size> adjoint{};  // zeroed: nodes the root does not reach keep 0
            std::array<T, variables::size> variable_adjoints{};
            backward_sweep<dag_type, S>(values, env, variable_adjoints, adjoint, std::make_index_sequence<S::step_count>{});
            for (std::size_t k = 0; k < size; ++k) g.adjoint[k] = adjoint.slot[dag_type::offset(k)];
            g.adjoint[g.root.index] = T(1);
            for (std::size_t v = 0; v < g.variables.size(); ++v) g.variable_adjoint.push_back(variable_adjoints[v]);
            g.root_value = values.slot[dag_type::offset(g.root.index)];
        } else {
            const value_array<T, 0> none{};
            g.root_value = value_in<F>(none, env);
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
        if (text[i] != io_detail::marker || i + io_detail::marker_digits + 1 >= text.size() ||
            text[i + io_detail::marker_digits + 1] != io_detail::marker) {
            out += text[i];
            continue;
        }
        std::size_t k = 0;
        for (std::size_t d = 1; d <= io_detail::marker_digits; ++d) k = 10 * k + static_cast<std::size_t>(text[i + d] - '0');
        out += k < names.size() ? names[k] : std::string("?");
        i += io_detail::marker_digits + 1;
    }
    return out;
}

/// A number as the printers write it: NaN and infinities as "nan", "inf", "-inf"; a whole number
/// of magnitude below 10^15 in full without a decimal point ("1248", "-52"); anything else with
/// at most 6 significant digits (printf's %.6g: "0.622459", "1.5e-07"). -0 prints as "0".
template <class T>
std::string format_number(T value) {
    const double v = static_cast<double>(value);
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
    char buffer[64];
    if (v == 0) return "0";
    if (std::fabs(v) < 1e15 && std::nearbyint(v) == v) std::snprintf(buffer, sizeof buffer, "%.0f", v);
    else std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return buffer;
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

/// The graph of f evaluated with the bindings: also every node's value, the local partial along
/// every edge, and every adjoint d f / d node, as ctdiff's forward and backward passes compute
/// them. The scalar type is the bindings' (as for evaluation).
template <expression F, class... Bindings>
    requires(sizeof...(Bindings) > 0)
auto graph_of(const F& f, const Bindings&... bindings) {
    using G = std::remove_cvref_t<F>;
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

}  // namespace ctdiff
