// ctdiff/io/dot.hpp — Graphviz DOT of an expression's DAG: `dot -Tsvg f.dot -o f.svg`.
//
//   std::string s = ctdiff::to_dot(f);                          // the symbolic graph
//   std::string s = ctdiff::to_dot(f, x = 2.0, w = 3.0);        // with values and adjoints
//   std::string s = ctdiff::to_dot("L", f, x = 2.0, w = 3.0);   // the output named L
//
// What is drawn (inputs on the left, the output on the right):
//  - each unique interior node once (a shared subexpression is one box), labelled
//      u2 = u1^2            its name and its operation over its arguments
//      (w*x)^2              the whole subexpression (shortened when long)
//      value = 36           its value in the forward pass            (with bindings)
//      du2/du1 = 2*u1 = 12  its local partial along each argument
//      df/du2 = 52          its adjoint from the backward pass        (with bindings)
//  - each variable once (an ellipse: name, value, adjoint), each use of a constant (plain text);
//  - forward edges, solid, from argument to node; adjoint edges, dashed and red, from node back to
//    each argument that is a node or a variable, labelled with the local partial (and its value,
//    for a scalar node): along them the backward pass multiplies adjoint(node) by that partial.
// Tensors: a node or variable shows its shape ("u1 [16] = matvec(l1.W, x)") and its values as
// format_values writes them (in full up to 6 elements, else "[16: min .., mean .., max ..]"). A
// tensor op (matvec, softmax, ...) has no scalar partial: its lines and adjoint edges say what it
// adds to each argument's adjoint ("dL/dx += matvec(transpose(l1.W), dL/du1) = [..]", the value
// in the node's label only, to keep the drawing narrow). A tensor-valued output has values but
// no adjoints, and no VJPs (a gradient is of a scalar).
// Numbers are written by format_number (io/graph_view.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/io/graph_view.hpp"

namespace ctdiff {

namespace detail {

/// s as the inside of a DOT string: quotes and backslashes escaped, lines joined with \n.
inline std::string dot_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

inline std::string shorten(std::string s, std::size_t limit = 48) {
    if (s.size() <= limit) return s;
    s.resize(limit - 3);
    return s + "...";
}

inline std::string with_shape(const std::string& name, const std::string& shape) {
    return shape.empty() ? name : name + " [" + shape + "]";
}

/// The label of edge j of node k: for an elementwise op its local partial, "2*u1 = 12" ("1", not
/// "1 = 1"); for a tensor op what it adds to the argument's adjoint, "matvec(transpose(W), df/du2)",
/// with its value when there are adjoints.
template <class T>
std::string partial_label(const graph_view<T>& g, std::size_t k, std::size_t j) {
    const graph_node& n = g.nodes[k];
    std::string label = g.spell(n.partials[j]);
    std::string value;
    if (n.elementwise && g.has_values) value = format_values(g.partial_value[k][j], n.partial_dims[j]);
    else if (!n.elementwise && g.has_adjoints) value = format_values(g.contribution[k][j], g.argument_dims(n.args[j]));
    if (!value.empty() && value != label) label += " = " + value;
    return label;
}

template <class T>
std::string dot_of(const graph_view<T>& g) {
    const std::string f = g.function_name();
    const bool scalar_output = g.scalar_output();
    const std::string red = "\"#b03a2e\"";
    std::string out = "digraph ctdiff {\n";
    out += "  rankdir=LR;\n";
    out += "  node [fontname=\"Helvetica\", fontsize=11];\n";
    out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";

    out += "  // variables, each once\n";
    for (std::size_t v = 0; v < g.variables.size(); ++v) {
        const graph_variable& var = g.variables[v];
        std::string label = with_shape(var.name, var.shape);
        if (g.has_values) label += "\nvalue = " + format_values(g.variable_value[v], var.dims);
        if (g.has_adjoints) label += "\nd" + f + "/d" + var.name + " = " + format_values(g.variable_adjoint[v], var.dims);
        out += "  v" + std::to_string(v) + " [shape=ellipse, label=\"" + dot_escape(label) + "\"];\n";
    }
    if (g.root.what == graph_argument::kind::constant) {
        out += "  k [shape=plaintext, label=\"" + dot_escape(g.root.text) + "\"];\n";
    }

    out += "  // interior nodes, each once, in topological order\n";
    for (std::size_t k = 0; k < g.nodes.size(); ++k) {
        const graph_node& n = g.nodes[k];
        const std::string& name = g.names[k];
        std::string label = with_shape(name, n.shape) + " = " + g.spell(n.formula);
        label += "\n" + shorten(n.expression);
        if (g.has_values) label += "\nvalue = " + format_values(g.value[k], n.dims);
        for (std::size_t j = 0; j < n.args.size(); ++j) {
            if (n.args[j].what == graph_argument::kind::constant) continue;
            const std::string argument = g.argument_name(n.args[j]);
            if (n.elementwise) label += "\nd" + name + "/d" + argument + " = " + partial_label(g, k, j);
            else if (scalar_output) label += "\nd" + f + "/d" + argument + " += " + partial_label(g, k, j);
        }
        if (g.has_adjoints) label += "\nd" + f + "/d" + name + " = " + format_values(g.adjoint[k], n.dims);
        const bool output = g.root.what == graph_argument::kind::node && g.root.index == k;
        out += "  n" + std::to_string(k) + " [shape=box, style=\"rounded" + std::string(output ? ",bold" : "") +
               "\", label=\"" + dot_escape(label) + "\"];\n";
    }

    out += "  // forward edges (solid): argument -> node; constants drawn per use\n";
    for (std::size_t k = 0; k < g.nodes.size(); ++k) {
        const graph_node& n = g.nodes[k];
        for (std::size_t j = 0; j < n.args.size(); ++j) {
            const graph_argument& a = n.args[j];
            std::string from;
            if (a.what == graph_argument::kind::node) from = "n" + std::to_string(a.index);
            else if (a.what == graph_argument::kind::variable) from = "v" + std::to_string(a.index);
            else {
                from = "k" + std::to_string(k) + "_" + std::to_string(j);
                out += "  " + from + " [shape=plaintext, label=\"" + dot_escape(a.text) + "\"];\n";
            }
            out += "  " + from + " -> n" + std::to_string(k) + ";\n";
        }
    }

    out += "  // adjoint edges (dashed): node -> argument, labelled with the local partial, or for a\n";
    out += "  // tensor op with what the node adds to the argument's adjoint\n";
    for (std::size_t k = 0; k < g.nodes.size(); ++k) {
        const graph_node& n = g.nodes[k];
        for (std::size_t j = 0; j < n.args.size(); ++j) {
            const graph_argument& a = n.args[j];
            if (a.what == graph_argument::kind::constant) continue;
            const std::string to = (a.what == graph_argument::kind::node ? "n" : "v") + std::to_string(a.index);
            // edges of tensor ops and tensor-valued nodes carry the formula alone, the values are
            // in the node's label; a VJP is in terms of adjoints, which need a scalar output
            std::string label;
            if (n.elementwise && n.dims.empty()) label = partial_label(g, k, j);
            else if (n.elementwise || scalar_output) label = g.spell(n.partials[j]);
            out += "  n" + std::to_string(k) + " -> " + to + " [style=dashed, color=" + red + ", fontcolor=" + red +
                   ", constraint=false, label=\"" + dot_escape(label) + "\"];\n";
        }
    }
    out += "}\n";
    return out;
}

}  // namespace detail

/// Graphviz DOT of f's DAG, symbolic: each node's formula, subexpression and local partials.
template <expression F>
std::string to_dot(const F& f) {
    return detail::dot_of(graph_of(f));
}

/// Graphviz DOT of f's DAG evaluated with the bindings: also values, local partials and adjoints
/// (d f / d node) from ctdiff's forward and backward passes.
template <expression F, class... Bindings>
    requires(sizeof...(Bindings) > 0)
std::string to_dot(const F& f, const Bindings&... bindings) {
    return detail::dot_of(graph_of(f, bindings...));
}

/// As to_dot(f, bindings...), with the output called `name` ("L") rather than f.
template <expression F, class... Bindings>
std::string to_dot(std::string_view name, const F& f, const Bindings&... bindings) {
    auto g = graph_of(f, bindings...);
    g.set_function_name(std::string(name));
    return detail::dot_of(g);
}

}  // namespace ctdiff
