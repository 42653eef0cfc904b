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
// forward pass and backward sweep computed, written by format_number (io/format.hpp).
//
// Tensors: values are written by format_values (in full up to 6 elements, else a summary), and a
// tensor op's term is its vector-Jacobian product, "dL/dx = matvec(transpose(W), dL/du1) = [..]";
// the numbers of a line are spelled out only when all its terms are scalars. The output must be
// a scalar (a compile error says so).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/io/graph_view.hpp"

namespace ctdiff {

namespace detail {

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

/// One backward line: "dL/dname = terms = numbers = adjoint", repeated parts left out. The
/// numbers are written out when every term is a scalar; with tensors, the terms and the result.
template <class T>
std::string adjoint_line(const graph_view<T>& g, graph_argument::kind kind, std::size_t index,
                         const std::vector<T>& adjoint) {
    const std::string f = g.function_name();
    const std::string name = kind == graph_argument::kind::node ? g.names[index] : g.variables[index].name;
    const std::vector<std::size_t>& dims = g.argument_dims(graph_argument{kind, index, {}});
    std::string formulas;
    std::string numbers;
    bool scalar_terms = true;
    for (std::size_t p = 0; p < g.nodes.size(); ++p) {
        const graph_node& n = g.nodes[p];
        for (std::size_t j = 0; j < n.args.size(); ++j) {
            if (n.args[j].what != kind || n.args[j].index != index) continue;
            const bool from_output = g.root.what == graph_argument::kind::node && g.root.index == p;
            const std::string partial = g.spell(n.partials[j]);
            if (!formulas.empty()) {
                formulas += " + ";
                numbers += " + ";
            }
            if (!n.elementwise) {  // a tensor op: its vector-Jacobian product, in its own adjoint
                formulas += partial;
                scalar_terms = false;
                continue;
            }
            std::string term = from_output ? partial : "d" + f + "/d" + g.names[p] + " * " + factor(partial);
            if (n.dims != dims) term = "sum(" + term + ")";  // a scalar broadcast over the node
            formulas += term;
            if (!n.dims.empty()) {
                scalar_terms = false;
                continue;
            }
            const std::string value = format_number(g.partial_value[p][j][0]);
            numbers += from_output ? value : format_number(g.adjoint[p][0]) + " * " + factor(value);
        }
    }
    std::string line = "d" + f + "/d" + name;
    const std::string result = format_values(adjoint, dims);
    std::string previous;
    for (const std::string& part : {formulas, scalar_terms ? numbers : std::string(), result}) {
        if (part.empty() || part == previous) continue;
        line += " = " + part;
        previous = part;
    }
    return line;
}

/// For a scalar select node, which branch its value came from: "  (u1 holds: u2)", the other
/// branch being passed over by the value and by every derivative.
template <class T>
std::string branch_taken(const graph_view<T>& g, std::size_t k) {
    const graph_node& n = g.nodes[k];
    if (n.op != "select" || !n.dims.empty() || n.args.size() != 3) return {};
    const auto text = [&](const graph_argument& a) -> std::string {
        if (a.what == graph_argument::kind::node) return g.names[a.index];
        if (a.what == graph_argument::kind::variable) return g.variables[a.index].name;
        return a.text;
    };
    const graph_argument& c = n.args[0];
    if (c.what != graph_argument::kind::node || !g.nodes[c.index].dims.empty()) return {};
    const bool holds = g.value[c.index][0] != T(0);
    return "  (" + text(c) + (holds ? " holds: " : " fails: ") + text(n.args[holds ? 1 : 2]) + ")";
}

template <class T>
void write_trace(std::ostream& os, const graph_view<T>& g, const std::vector<graph_variable>& wrt) {
    const bool node_root = g.root.what == graph_argument::kind::node;
    const std::string f = g.function_name();
    os << f << " = " << (node_root ? g.nodes[g.root.index].expression : g.root.text) << '\n';
    if (!g.variables.empty()) {
        os << "at ";
        for (std::size_t v = 0; v < g.variables.size(); ++v)
            os << (v == 0 ? "" : ", ") << g.variables[v].name << " = "
               << format_values(g.variable_value[v], g.variables[v].dims);
        os << '\n';
    }
    os << "forward pass:\n";
    if (!node_root) os << "  " << f << " = " << g.root.text << " = " << format_values(g.root_value, {}) << '\n';
    for (std::size_t k = 0; k < g.nodes.size(); ++k)
        os << "  " << g.names[k] << " = " << g.spell(g.nodes[k].formula) << " = "
           << format_values(g.value[k], g.nodes[k].dims) << branch_taken(g, k) << '\n';
    os << "backward pass:\n";
    if (node_root) {
        os << "  d" << f << "/d" << f << " = 1\n";
        for (std::size_t k = g.root.index; k-- > 0;)
            os << "  " << adjoint_line(g, graph_argument::kind::node, k, g.adjoint[k]) << '\n';
    }
    for (const graph_variable& w : wrt) {
        const std::string& name = w.name;
        std::size_t v = 0;
        while (v < g.variables.size() && g.variables[v].name != name) ++v;
        std::size_t size = 1;
        for (std::size_t d : w.dims) size *= d;
        if (v == g.variables.size())  // f does not use it
            os << "  d" << f << "/d" << name << " = " << format_values(std::vector<T>(size, T{}), w.dims) << '\n';
        else if (!node_root)
            os << "  d" << f << "/d" << name << " = " << format_values(g.variable_adjoint[v], g.variables[v].dims)
               << '\n';
        else os << "  " << adjoint_line(g, graph_argument::kind::variable, v, g.variable_adjoint[v]) << '\n';
    }
}

}  // namespace detail

/// Writes f's forward pass and backward pass step by step to `os`, the output called `name`,
/// ending with d name / d v for each variable v listed in wrt(...).
template <expression F, class... Vars, class... Bindings>
void trace(std::ostream& os, std::string_view name, const F& f, wrt_t<Vars...>, const Bindings&... bindings) {
    static_assert(sizeof...(Bindings) > 0,
                  "ctdiff::trace(os, f, wrt(...), bindings...): pass the values to trace with, e.g. `x = 2.0`");
    static_assert(std::is_same<typename F::shape_type, shape<>>::value,
                  "ctdiff::trace: the backward pass starts from a scalar output; reduce a tensor-valued "
                  "function first (sum, mean, dot, a loss), or draw it with to_dot, which shows its values");
    auto g = graph_of(f, bindings...);
    g.set_function_name(std::string(name));
    detail::write_trace(os, g, {detail::graph_variable_of<Vars>()...});
}

/// Writes f's forward pass and backward pass step by step to `os` (the output called f).
template <expression F, class... Vars, class... Bindings>
void trace(std::ostream& os, const F& f, wrt_t<Vars...> w, const Bindings&... bindings) {
    ctdiff::trace(os, "f", f, w, bindings...);
}

}  // namespace ctdiff
