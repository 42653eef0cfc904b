// ctdiff/io/trace.hpp — the forward and backward passes written out step by step, the way the
// chain-rule tutorials work an example by hand:
//
//   ctdiff::trace(std::cout, "L", loss, ctdiff::wrt(w), x = 2.0, w = 3.0, t = 10.0);
//
//   L = ((w*x)^2 - t)^2
//   at x = 2, w = 3, t = 10
//   forward pass:
//     u1 = w*x = 6
//     u2 = u1^2 = 36
//     u3 = u2 - t = 26
//     L = u3^2 = 676
//   backward pass:
//     dL/dL = 1
//     dL/du3 = 2*u3 = 52
//     dL/du2 = dL/du3 * 1 = 52
//     dL/du1 = dL/du2 * 2*u1 = 52 * 12 = 624
//     dL/dw = dL/du1 * x = 624 * 2 = 1248
//
// Intermediate values are named u1, u2, ... in topological order (the order evaluation computes
// them); the output is named f unless a name is given. Each backward line is the chain rule for
// one node: the sum, over the nodes that use it, of their adjoint times the local partial, first
// as formulas, then as numbers, then the adjoint itself. Every number is one that ctdiff's own
// forward pass and backward sweep computed, written by format_number (io/graph_view.hpp).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/io/graph_view.hpp"

namespace ctdiff {

namespace io_detail {

/// Whether a formula needs parentheses as the right factor of a product: a sum or difference at
/// its top level, or a leading minus sign.
inline bool needs_parentheses(std::string_view s) {
    if (!s.empty() && s[0] == '-') return true;
    int depth = 0;
    for (std::size_t i = 0; i + 2 < s.size(); ++i) {
        if (s[i] == '(') ++depth;
        else if (s[i] == ')') --depth;
        else if (depth == 0 && s[i] == ' ' && (s[i + 1] == '+' || s[i + 1] == '-') && s[i + 2] == ' ') return true;
    }
    return false;
}

inline std::string factor(std::string s) {
    return needs_parentheses(s) ? "(" + s + ")" : s;
}

/// One backward line: "dL/dname = terms = numbers = adjoint", repeated parts left out.
template <class T>
std::string adjoint_line(const graph_view<T>& g, graph_argument::kind kind, std::size_t index, T adjoint) {
    const std::string f = g.root.what == graph_argument::kind::node ? g.names[g.root.index] : std::string("f");
    const std::string name = kind == graph_argument::kind::node ? g.names[index] : g.variables[index].name;
    std::string formulas;
    std::string numbers;
    for (std::size_t p = 0; p < g.nodes.size(); ++p) {
        const graph_node& n = g.nodes[p];
        for (std::size_t j = 0; j < n.args.size(); ++j) {
            if (n.args[j].what != kind || n.args[j].index != index) continue;
            const bool from_output = g.root.what == graph_argument::kind::node && g.root.index == p;
            const std::string partial = g.spell(n.partials[j]);
            const std::string value = format_number(g.partial_value[p][j]);
            if (!formulas.empty()) {
                formulas += " + ";
                numbers += " + ";
            }
            if (from_output) {  // the output's adjoint is 1
                formulas += partial;
                numbers += value;
            } else {
                formulas += "d" + f + "/d" + g.names[p] + " * " + factor(partial);
                numbers += format_number(g.adjoint[p]) + " * " + factor(value);
            }
        }
    }
    std::string line = "d" + f + "/d" + name;
    const std::string result = format_number(adjoint);
    std::string previous;
    for (const std::string& part : {formulas, numbers, result}) {
        if (part.empty() || part == previous) continue;
        line += " = " + part;
        previous = part;
    }
    return line;
}

template <class T>
void write_trace(std::ostream& os, const graph_view<T>& g, const std::vector<std::string>& wrt_names) {
    const bool node_root = g.root.what == graph_argument::kind::node;
    const std::string f = node_root ? g.names[g.root.index] : std::string("f");
    os << f << " = " << (node_root ? g.nodes[g.root.index].expression : g.root.text) << '\n';
    if (!g.variables.empty()) {
        os << "at ";
        for (std::size_t v = 0; v < g.variables.size(); ++v)
            os << (v == 0 ? "" : ", ") << g.variables[v].name << " = " << format_number(g.variable_value[v]);
        os << '\n';
    }
    os << "forward pass:\n";
    if (!node_root) os << "  " << f << " = " << g.root.text << " = " << format_number(g.root_value) << '\n';
    for (std::size_t k = 0; k < g.nodes.size(); ++k)
        os << "  " << g.names[k] << " = " << g.spell(g.nodes[k].formula) << " = " << format_number(g.value[k]) << '\n';
    os << "backward pass:\n";
    if (node_root) {
        os << "  d" << f << "/d" << f << " = 1\n";
        for (std::size_t k = g.root.index; k-- > 0;)
            os << "  " << adjoint_line(g, graph_argument::kind::node, k, g.adjoint[k]) << '\n';
    }
    for (const std::string& name : wrt_names) {
        std::size_t v = 0;
        while (v < g.variables.size() && g.variables[v].name != name) ++v;
        if (v == g.variables.size()) os << "  d" << f << "/d" << name << " = 0\n";  // f does not use it
        else if (!node_root) os << "  d" << f << "/d" << name << " = " << format_number(g.variable_adjoint[v]) << '\n';
        else os << "  " << adjoint_line(g, graph_argument::kind::variable, v, g.variable_adjoint[v]) << '\n';
    }
}

}  // namespace io_detail

/// Writes f's forward pass and backward pass step by step to `os`, the output called `name`,
/// ending with d name / d v for each variable v listed in wrt(...).
template <expression F, class... Vars, class... Bindings>
void trace(std::ostream& os, std::string_view name, const F& f, wrt_t<Vars...>, const Bindings&... bindings) {
    static_assert(sizeof...(Bindings) > 0,
                  "ctdiff::trace(os, f, wrt(...), bindings...): pass the values to trace with, e.g. `x = 2.0`");
    auto g = graph_of(f, bindings...);
    g.set_function_name(std::string(name));
    io_detail::write_trace(os, g, {std::string(Vars::name.view())...});
}

/// Writes f's forward pass and backward pass step by step to `os` (the output called f).
template <expression F, class... Vars, class... Bindings>
void trace(std::ostream& os, const F& f, wrt_t<Vars...> w, const Bindings&... bindings) {
    ctdiff::trace(os, "f", f, w, bindings...);
}

}  // namespace ctdiff
