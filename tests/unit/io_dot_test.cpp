// to_dot: the DOT text is parsed back (nodes, edges, labels), and what it says is checked against
// values worked out here independently: by hand formulas, central finite differences, and
// ctdiff::grad. Nodes are found by their subexpression line (to_string of a subexpression built
// here), never by their position in the output.
#define BOOST_TEST_MODULE ctdiff_io_dot
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto w = ctdiff::var<"w">;
constexpr auto t = ctdiff::var<"t">;

// ---- a small DOT reader: statements `id [attrs];` and `a -> b [attrs];`, one per line ---------

struct dot_node {
    std::string id;
    std::vector<std::string> label;  // label lines
    std::string attributes;
};
struct dot_edge {
    std::string from, to;
    std::string label;
    bool dashed = false;
};
struct dot_graph {
    std::vector<dot_node> nodes;
    std::vector<dot_edge> edges;
    const dot_node* find(const std::string& line) const {  // the node with this label line
        for (const dot_node& n : nodes)
            if (std::find(n.label.begin(), n.label.end(), line) != n.label.end()) return &n;
        return nullptr;
    }
};

std::string quoted_attribute(const std::string& attrs, const std::string& key) {  // unescaped
    const std::size_t at = attrs.find(key + "=\"");
    if (at == std::string::npos) return {};
    std::string out;
    for (std::size_t i = at + key.size() + 2; i < attrs.size() && attrs[i] != '"'; ++i) {
        if (attrs[i] == '\\' && i + 1 < attrs.size()) {
            ++i;
            out += attrs[i] == 'n' ? '\n' : attrs[i];
        } else {
            out += attrs[i];
        }
    }
    return out;
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

dot_graph parse(const std::string& dot) {
    dot_graph g;
    std::istringstream in(dot);
    std::string line;
    std::getline(in, line);
    BOOST_TEST_REQUIRE(line.rfind("digraph", 0) == 0u);
    bool closed = false;
    while (std::getline(in, line)) {
        const std::size_t first = line.find_first_not_of(' ');
        if (first == std::string::npos) continue;
        line = line.substr(first);
        if (line == "}") {
            closed = true;
            continue;
        }
        if (line.rfind("//", 0) == 0 || line.rfind("rankdir", 0) == 0 || line.rfind("node [", 0) == 0 ||
            line.rfind("edge [", 0) == 0)
            continue;
        BOOST_TEST_REQUIRE(line.back() == ';');
        const std::size_t bracket = line.find(" [");
        const std::string head = line.substr(0, std::min(bracket, line.size() - 1));
        const std::string attrs = bracket == std::string::npos ? std::string() : line.substr(bracket);
        const std::size_t arrow = head.find(" -> ");
        if (arrow != std::string::npos) {
            g.edges.push_back(dot_edge{head.substr(0, arrow), head.substr(arrow + 4), quoted_attribute(attrs, "label"),
                                       attrs.find("style=dashed") != std::string::npos});
        } else {
            g.nodes.push_back(dot_node{head, split_lines(quoted_attribute(attrs, "label")), attrs});
        }
    }
    BOOST_TEST(closed);
    return g;
}

/// The number after "<prefix> = " in one of the node's label lines (the last " = " part).
std::optional<double> number_in(const dot_node& n, const std::string& prefix) {
    for (const std::string& line : n.label) {
        if (line.rfind(prefix + " = ", 0) != 0) continue;
        return std::stod(line.substr(line.rfind(" = ") + 3));
    }
    return std::nullopt;
}
double edge_number(const std::string& label) {  // "2*u1 = 12" -> 12, "1" -> 1
    const std::size_t at = label.rfind(" = ");
    return std::stod(at == std::string::npos ? label : label.substr(at + 3));
}

// 6 significant digits are printed: compare relative to that
bool close(double printed, double expected) {
    return std::abs(printed - expected) <= 1e-5 * std::max(1.0, std::abs(expected));
}

}  // namespace

BOOST_AUTO_TEST_CASE(tiny_network_values_partials_adjoints) {
    constexpr auto L = ctdiff::pow(ctdiff::pow(w * x, 2_c) - t, 2_c);
    const double xv = 2.0, wv = 3.0, tv = 10.0;
    const dot_graph g = parse(ctdiff::to_dot("L", L, x = xv, w = wv, t = tv));

    // 4 interior nodes (w x, its square, minus t, squared), 3 variables, no constant leaves
    BOOST_TEST(g.nodes.size() == 7u);
    // forward: w, x -> u1; u1 -> u2; u2, t -> u3; u3 -> L. Adjoint edges: the same, reversed.
    BOOST_TEST(std::count_if(g.edges.begin(), g.edges.end(), [](const dot_edge& e) { return !e.dashed; }) == 6);
    BOOST_TEST(std::count_if(g.edges.begin(), g.edges.end(), [](const dot_edge& e) { return e.dashed; }) == 6);

    // by hand
    const double u1 = wv * xv, u2 = u1 * u1, u3 = u2 - tv, out = u3 * u3;
    const double a3 = 2 * u3, a2 = a3, a1 = a2 * 2 * u1;
    const double aw = a1 * xv, ax = a1 * wv, at = -a3;
    BOOST_TEST(aw == 1248.0);

    const dot_node* n1 = g.find(ctdiff::to_string(w * x));
    const dot_node* n2 = g.find(ctdiff::to_string(ctdiff::pow(w * x, 2_c)));
    const dot_node* n3 = g.find(ctdiff::to_string(ctdiff::pow(w * x, 2_c) - t));
    const dot_node* n4 = g.find(ctdiff::to_string(L));
    BOOST_TEST_REQUIRE((n1 && n2 && n3 && n4));
    BOOST_TEST(*number_in(*n1, "value") == u1);
    BOOST_TEST(*number_in(*n2, "value") == u2);
    BOOST_TEST(*number_in(*n3, "value") == u3);
    BOOST_TEST(*number_in(*n4, "value") == out);
    BOOST_TEST(*number_in(*n1, "dL/du1") == a1);
    BOOST_TEST(*number_in(*n2, "dL/du2") == a2);
    BOOST_TEST(*number_in(*n3, "dL/du3") == a3);
    BOOST_TEST(*number_in(*n4, "dL/dL") == 1.0);
    // local partials: d(u1^2)/du1 = 2 u1, d(w x)/dw = x, d(u2 - t)/dt = -1
    BOOST_TEST(*number_in(*n2, "du2/du1") == 2 * u1);
    BOOST_TEST(*number_in(*n1, "du1/dw") == xv);
    BOOST_TEST(*number_in(*n1, "du1/dx") == wv);
    BOOST_TEST(*number_in(*n3, "du3/dt") == -1.0);

    // variables: drawn once each, with their value and d L / d variable
    const dot_node* vw = g.find("w");
    const dot_node* vx = g.find("x");
    const dot_node* vt = g.find("t");
    BOOST_TEST_REQUIRE((vw && vx && vt));
    BOOST_TEST(*number_in(*vw, "value") == wv);
    BOOST_TEST(*number_in(*vw, "dL/dw") == aw);
    BOOST_TEST(*number_in(*vx, "dL/dx") == ax);
    BOOST_TEST(*number_in(*vt, "dL/dt") == at);
    const auto gr = ctdiff::grad(L, ctdiff::wrt(w, x, t), x = xv, w = wv, t = tv);
    BOOST_TEST(*number_in(*vx, "dL/dx") == gr[x]);

    // the output is drawn bold, and an adjoint edge runs from u2 back to u1 labelled 2*u1 = 12
    BOOST_TEST(n4->attributes.find("bold") != std::string::npos);
    const auto back = std::find_if(g.edges.begin(), g.edges.end(),
                                   [&](const dot_edge& e) { return e.dashed && e.from == n2->id && e.to == n1->id; });
    BOOST_TEST_REQUIRE((back != g.edges.end()));
    BOOST_TEST(edge_number(back->label) == 2 * u1);
    const auto forward = std::find_if(g.edges.begin(), g.edges.end(),
                                      [&](const dot_edge& e) { return !e.dashed && e.from == n1->id && e.to == n2->id; });
    BOOST_TEST((forward != g.edges.end()));
}

BOOST_AUTO_TEST_CASE(shared_subexpressions_are_drawn_once) {
    // m = x y is used three times (sin(m), the product, m + 1): one node. 3 and 1 are drawn per use.
    constexpr auto m = x * y;
    constexpr auto f = ctdiff::sin(m) * m + 3_c * x + ctdiff::exp(m + 1_c);
    const double xv = 0.7, yv = -1.3;

    // interior: m, sin m, sin(m) m, 3x, m + 1, exp(m + 1), the two sums = 8; variables 2;
    // constant uses 2
    const dot_graph g = parse(ctdiff::to_dot(f, x = xv, y = yv));
    BOOST_TEST(g.nodes.size() == 12u);
    const auto forward = std::count_if(g.edges.begin(), g.edges.end(), [](const dot_edge& e) { return !e.dashed; });
    const auto adjoint = std::count_if(g.edges.begin(), g.edges.end(), [](const dot_edge& e) { return e.dashed; });
    BOOST_TEST(forward == 14);  // 2 + 1 + 2 + 2 + 2 + 1 + 2 + 2 arguments
    BOOST_TEST(adjoint == 12);  // all but the two constant arguments

    // the symbolic graph has the same shape and no numbers
    const dot_graph s = parse(ctdiff::to_dot(f));
    BOOST_TEST(s.nodes.size() == 12u);
    BOOST_TEST(s.edges.size() == g.edges.size());
    for (const dot_node& n : s.nodes) BOOST_TEST(!number_in(n, "value").has_value());

    // by hand: f = sin(m) m + 3x + exp(m + 1)
    const double mv = xv * yv;
    const double dm = std::cos(mv) * mv + std::sin(mv) + std::exp(mv + 1);  // df/dm over the three paths
    const double dx = dm * yv + 3, dy = dm * xv;

    const dot_node* nm = g.find(ctdiff::to_string(m));
    const dot_node* ns = g.find(ctdiff::to_string(ctdiff::sin(m)));
    const dot_node* ne = g.find(ctdiff::to_string(ctdiff::exp(m + 1_c)));
    const dot_node* na = g.find(ctdiff::to_string(m + 1_c));
    BOOST_TEST_REQUIRE((nm && ns && ne && na));
    const std::string um = nm->label[0].substr(0, nm->label[0].find(' '));  // its name, u1 or so
    const std::string us = ns->label[0].substr(0, ns->label[0].find(' '));
    const std::string ua = na->label[0].substr(0, na->label[0].find(' '));
    const std::string ue = ne->label[0].substr(0, ne->label[0].find(' '));
    BOOST_TEST(close(*number_in(*nm, "value"), mv));
    BOOST_TEST(close(*number_in(*nm, "df/d" + um), dm));
    BOOST_TEST(close(*number_in(*ns, "df/d" + us), mv));                   // d f / d sin(m) = m
    BOOST_TEST(close(*number_in(*ns, "d" + us + "/d" + um), std::cos(mv)));  // local: cos m
    BOOST_TEST(close(*number_in(*na, "df/d" + ua), std::exp(mv + 1)));
    BOOST_TEST(close(*number_in(*ne, "d" + ue + "/d" + ua), std::exp(mv + 1)));

    // the variables' adjoints: by hand, by finite differences, by ctdiff::grad
    const dot_node* vx = g.find("x");
    const dot_node* vy = g.find("y");
    BOOST_TEST_REQUIRE((vx && vy));
    const double h = 1e-6;
    const double fd_x = (f(x = xv + h, y = yv) - f(x = xv - h, y = yv)) / (2 * h);
    const double fd_y = (f(x = xv, y = yv + h) - f(x = xv, y = yv - h)) / (2 * h);
    BOOST_TEST(close(*number_in(*vx, "df/dx"), dx));
    BOOST_TEST(close(*number_in(*vy, "df/dy"), dy));
    BOOST_TEST(std::abs(*number_in(*vx, "df/dx") - fd_x) < 1e-4);
    BOOST_TEST(std::abs(*number_in(*vy, "df/dy") - fd_y) < 1e-4);
    const auto gr = ctdiff::grad(f, ctdiff::wrt(x, y), x = xv, y = yv);
    BOOST_TEST(close(*number_in(*vx, "df/dx"), gr[x]));

    // every adjoint edge carries the local partial of its tail with respect to its head
    std::map<std::string, const dot_node*> by_id;
    for (const dot_node& n : g.nodes) by_id[n.id] = &n;
    for (const dot_edge& e : g.edges) {
        if (!e.dashed) continue;
        const dot_node* from = by_id[e.from];
        const dot_node* to = by_id[e.to];
        BOOST_TEST_REQUIRE((from && to));
        const std::string parent = from->label[0].substr(0, from->label[0].find(' '));
        const std::string child = to->label[0].substr(0, to->label[0].find(' '));
        const auto in_label = number_in(*from, "d" + parent + "/d" + child);
        BOOST_TEST_REQUIRE(in_label.has_value());
        BOOST_TEST(close(edge_number(e.label), *in_label));
    }
    // constants: one plain-text node per use
    BOOST_TEST(std::count_if(g.nodes.begin(), g.nodes.end(), [](const dot_node& n) {
                   return n.attributes.find("plaintext") != std::string::npos;
               }) == 2);
}

BOOST_AUTO_TEST_CASE(sigmoid_neuron_against_finite_differences) {
    constexpr auto b = ctdiff::var<"b">;
    constexpr auto L = ctdiff::pow(ctdiff::sigmoid(w * x + b) - t, 2_c);
    const double xv = 1.5, wv = -0.8, bv = 0.3, tv = 1.0;
    const dot_graph g = parse(ctdiff::to_dot(L, x = xv, w = wv, b = bv, t = tv));
    BOOST_TEST(g.nodes.size() == 5u + 4u);  // w x, + b, sigmoid, - t, ^2; w x b t

    const double z = wv * xv + bv, s = 1 / (1 + std::exp(-z));
    const double ds = 2 * (s - tv), dz = ds * s * (1 - s);
    const dot_node* nz = g.find(ctdiff::to_string(w * x + b));
    const dot_node* ns = g.find(ctdiff::to_string(ctdiff::sigmoid(w * x + b)));
    BOOST_TEST_REQUIRE((nz && ns));
    const std::string uz = nz->label[0].substr(0, nz->label[0].find(' '));
    const std::string us = ns->label[0].substr(0, ns->label[0].find(' '));
    BOOST_TEST(close(*number_in(*ns, "value"), s));
    BOOST_TEST(close(*number_in(*ns, "df/d" + us), ds));
    BOOST_TEST(close(*number_in(*nz, "df/d" + uz), dz));
    BOOST_TEST(close(*number_in(*ns, "d" + us + "/d" + uz), s * (1 - s)));

    const double h = 1e-6;
    const auto at_w = [&](double v) { return L(x = xv, w = v, b = bv, t = tv); };
    const auto at_b = [&](double v) { return L(x = xv, w = wv, b = v, t = tv); };
    BOOST_TEST(std::abs(*number_in(*g.find("w"), "df/dw") - (at_w(wv + h) - at_w(wv - h)) / (2 * h)) < 1e-5);
    BOOST_TEST(std::abs(*number_in(*g.find("b"), "df/db") - (at_b(bv + h) - at_b(bv - h)) / (2 * h)) < 1e-5);
}

BOOST_AUTO_TEST_CASE(leaf_functions) {
    const dot_graph g = parse(ctdiff::to_dot(x, x = 2.0));
    BOOST_TEST(g.nodes.size() == 1u);
    BOOST_TEST(g.edges.empty());
    BOOST_TEST(*number_in(g.nodes[0], "df/dx") == 1.0);
    BOOST_TEST(parse(ctdiff::to_dot(3_c)).nodes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(labels_are_escaped) {
    // a quote or backslash in a label must not end the DOT string
    constexpr auto q = ctdiff::var<"q\"\\">;
    const dot_graph g = parse(ctdiff::to_dot(q * x));
    BOOST_TEST(g.nodes.size() == 3u);
    BOOST_TEST(g.find("q\"\\") != nullptr);
}

BOOST_AUTO_TEST_CASE(number_format) {
    BOOST_TEST(ctdiff::format_number(1248.0) == "1248");
    BOOST_TEST(ctdiff::format_number(-52.0) == "-52");
    BOOST_TEST(ctdiff::format_number(-0.0) == "0");
    BOOST_TEST(ctdiff::format_number(0.5) == "0.5");
    BOOST_TEST(ctdiff::format_number(1.0 / 3.0) == "0.333333");
    BOOST_TEST(ctdiff::format_number(2.0 / 3.0 * 1e6) == "666667");
    BOOST_TEST(ctdiff::format_number(1e20) == "1e+20");
    BOOST_TEST(ctdiff::format_number(2.5e-7) == "2.5e-07");
    BOOST_TEST(ctdiff::format_number(123456789.0) == "123456789");
    BOOST_TEST(ctdiff::format_number(1.0f) == "1");
    BOOST_TEST(ctdiff::format_number(std::nan("")) == "nan");
    BOOST_TEST(ctdiff::format_number(-HUGE_VAL) == "-inf");
}

namespace {
/// "[1, -2, 0.5]" or "[[1, 2], [3, 4]]" -> its numbers, row-major.
std::vector<double> numbers_of_list(std::string s) {
    std::vector<double> out;
    for (char& c : s)
        if (c == '[' || c == ']' || c == ',') c = ' ';
    std::istringstream in(s);
    for (double v; in >> v;) out.push_back(v);
    return out;
}
/// "[8x3: min -1, mean 0.5, max 3]" -> {min, mean, max}; the shape must be `shape`.
std::vector<double> numbers_of_summary(const std::string& s, const std::string& shape) {
    BOOST_TEST_REQUIRE(s.rfind("[" + shape + ": min ", 0) == 0u);
    std::vector<double> out;
    for (const char* key : {"min ", "mean ", "max "}) out.push_back(std::stod(s.substr(s.find(key) + std::strlen(key))));
    return out;
}
/// The text after "<prefix> = " in one of the node's label lines.
std::string text_in(const dot_node& n, const std::string& prefix) {
    for (const std::string& line : n.label)
        if (line.rfind(prefix + " = ", 0) == 0) return line.substr(prefix.size() + 3);
    BOOST_FAIL("no label line " + prefix);
    return {};
}
}  // namespace

BOOST_AUTO_TEST_CASE(tensor_nodes_show_shapes_values_and_vjps) {
    // L = (sum(tanh(W v + c) * s) - t)^2 with W 8x3: small tensors are written in full, W and its
    // adjoint (24 elements) and the hidden layer (8) as summaries
    using ctdiff::shape;
    constexpr auto W = ctdiff::var<"W", shape<8, 3>>;
    constexpr auto v = ctdiff::var<"v", shape<3>>;
    constexpr auto c = ctdiff::var<"c", shape<8>>;
    constexpr auto s = ctdiff::var<"s">;
    constexpr auto L = ctdiff::pow(ctdiff::sum(ctdiff::tanh(ctdiff::matvec(W, v) + c) * s) - t, 2_c);
    ctdiff::tensor<double, shape<8, 3>> Wv;
    ctdiff::tensor<double, shape<8>> cv;
    for (std::size_t i = 0; i < 8; ++i) {
        cv(i) = 0.1 * static_cast<double>(i) - 0.4;
        for (std::size_t j = 0; j < 3; ++j) Wv(i, j) = 0.05 * static_cast<double>(i + 1) - 0.2 * static_cast<double>(j);
    }
    const ctdiff::tensor<double, shape<3>> vv{{1.0, -0.5, 2.0}};
    const double sv = 1.5, tv = 0.25;

    // by hand
    double z[8], h[8], sum = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        z[i] = cv(i);
        for (std::size_t j = 0; j < 3; ++j) z[i] += Wv(i, j) * vv(j);
        h[i] = std::tanh(z[i]);
        sum += h[i] * sv;
    }
    const double dr = 2 * (sum - tv);
    double dz[8], dv[3] = {0, 0, 0}, dW_min = INFINITY, dW_max = -INFINITY, dW_sum = 0, h_min = INFINITY,
                  h_max = -INFINITY, h_sum = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        dz[i] = dr * sv * (1 - h[i] * h[i]);
        h_min = std::min(h_min, h[i]);
        h_max = std::max(h_max, h[i]);
        h_sum += h[i];
        for (std::size_t j = 0; j < 3; ++j) {
            dv[j] += Wv(i, j) * dz[i];
            const double dw = dz[i] * vv(j);
            dW_min = std::min(dW_min, dw);
            dW_max = std::max(dW_max, dw);
            dW_sum += dw;
        }
    }

    const dot_graph g = parse(ctdiff::to_dot("L", L, W = Wv, v = vv, c = cv, s = sv, t = tv));
    BOOST_TEST(g.nodes.size() == 7u + 5u);  // matvec, + c, tanh, * s, sum, - t, ^2; W v c s t
    const dot_node* nm = g.find(ctdiff::to_string(ctdiff::matvec(W, v)));
    const dot_node* nh = g.find(ctdiff::to_string(ctdiff::tanh(ctdiff::matvec(W, v) + c)));
    const dot_node* vW = g.find("W [8x3]");
    const dot_node* vV = g.find("v [3]");
    BOOST_TEST_REQUIRE((nm && nh && vW && vV));
    const std::string um = nm->label[0].substr(0, nm->label[0].find(' '));
    BOOST_TEST(nm->label[0] == um + " [8] = matvec(W, v)");

    // values: the hidden layer summarised, v in full
    const auto hs = numbers_of_summary(text_in(*nh, "value"), "8");
    BOOST_TEST(close(hs[0], h_min));
    BOOST_TEST(close(hs[1], h_sum / 8));
    BOOST_TEST(close(hs[2], h_max));
    const auto vs = numbers_of_list(text_in(*vV, "value"));
    BOOST_TEST_REQUIRE(vs.size() == 3u);
    BOOST_TEST(vs[2] == 2.0);

    // adjoints: dL/dW summarised, dL/dv in full, dL/du (the matvec node) summarised
    const auto dWs = numbers_of_summary(text_in(*vW, "dL/dW"), "8x3");
    BOOST_TEST(close(dWs[0], dW_min));
    BOOST_TEST(close(dWs[1], dW_sum / 24));
    BOOST_TEST(close(dWs[2], dW_max));
    const auto dvs = numbers_of_list(text_in(*vV, "dL/dv"));
    BOOST_TEST_REQUIRE(dvs.size() == 3u);
    for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(close(dvs[j], dv[j]));

    // the matvec node has VJPs, not partials: in its label with the value it passes to v (here
    // all of dL/dv: v has one use), and as the label of its adjoint edge to v
    const std::string vjp = "matvec(transpose(W), dL/d" + um + ")";
    const auto edge_values = numbers_of_list(text_in(*nm, "dL/dv += " + vjp));
    BOOST_TEST_REQUIRE(edge_values.size() == 3u);
    for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(close(edge_values[j], dv[j]));
    const auto to_v = std::find_if(g.edges.begin(), g.edges.end(),
                                   [&](const dot_edge& e) { return e.dashed && e.from == nm->id && e.to == vV->id; });
    BOOST_TEST_REQUIRE((to_v != g.edges.end()));
    BOOST_TEST(to_v->label == vjp);

    // the symbolic graph of a tensor-valued function: shapes, no values
    const dot_graph sym = parse(ctdiff::to_dot(ctdiff::tanh(ctdiff::matvec(W, v))));
    BOOST_TEST(sym.nodes.size() == 2u + 2u);
    BOOST_TEST(sym.find("W [8x3]") != nullptr);
    for (const dot_node& n : sym.nodes) BOOST_TEST(!number_in(n, "value").has_value());
}
