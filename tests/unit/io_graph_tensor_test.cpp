// graph_of with tensor nodes: shapes, values, vector-Jacobian-product formulas, adjoints and the
// contribution of every edge, checked against a forward and backward pass worked out here by hand
// with loops, against central differences, and against ctdiff::grad; and format_values against
// strings written by hand.
#define BOOST_TEST_MODULE ctdiff_io_graph_tensor
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using namespace ctdiff::literals;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto x = ctdiff::var<"x", shape<3>>;
constexpr auto W = ctdiff::var<"W", shape<2, 3>>;
constexpr auto b = ctdiff::var<"b", shape<2>>;
constexpr auto s = ctdiff::var<"s">;
constexpr auto t = ctdiff::var<"t">;

// L = (sum(tanh(W x + b) * s) - t)^2
constexpr auto z = ctdiff::matvec(W, x) + b;
constexpr auto L = ctdiff::pow(ctdiff::sum(ctdiff::tanh(z) * s) - t, 2_c);

const tensor<double, shape<2, 3>> Wv{{{0.1, -0.2, 0.3}, {0.4, 0.5, -0.6}}};
const tensor<double, shape<3>> xv{{1.0, 2.0, 3.0}};
const tensor<double, shape<2>> bv{{0.5, -0.5}};
const double sv = 2.0, tv = 1.0;

/// The forward and backward passes of L by hand.
struct by_hand {
    double Wx[2], zz[2], h[2], r, loss;
    double dr, dh[2], dz[2], dW[2][3], dx[3], ds, dt;
    by_hand(const tensor<double, shape<2, 3>>& Wm, const tensor<double, shape<3>>& xm, const tensor<double, shape<2>>& bm,
            double sm, double tm) {
        double sum = 0;
        for (int i = 0; i < 2; ++i) {
            Wx[i] = 0;
            for (int j = 0; j < 3; ++j) Wx[i] += Wm(i, j) * xm(j);
            zz[i] = Wx[i] + bm(i);
            h[i] = std::tanh(zz[i]);
            sum += h[i] * sm;
        }
        r = sum - tm;
        loss = r * r;
        dr = 2 * r;                 // d(r^2)/dr
        ds = 0;
        for (int i = 0; i < 2; ++i) {
            dh[i] = dr * sm;                        // sum passes dr to every element, times s
            dz[i] = dh[i] * (1 - h[i] * h[i]);      // tanh' = 1 - tanh^2
            ds += dr * h[i];
            for (int j = 0; j < 3; ++j) dW[i][j] = dz[i] * xm(j);  // dW = dz x^T
        }
        for (int j = 0; j < 3; ++j) dx[j] = dz[0] * Wm(0, j) + dz[1] * Wm(1, j);  // dx = W^T dz
        dt = -dr;
    }
};

bool close(double a, double e, double tolerance = 1e-12) {
    return std::abs(a - e) <= tolerance * std::max(1.0, std::abs(e));
}

template <class G>
std::size_t node_named(const G& g, const std::string& expression) {  // by its subexpression, not its position
    for (std::size_t k = 0; k < g.nodes.size(); ++k)
        if (g.nodes[k].expression == expression) return k;
    BOOST_FAIL("no node " + expression);
    return 0;
}
template <class G>
std::size_t variable_named(const G& g, const std::string& name) {
    for (std::size_t v = 0; v < g.variables.size(); ++v)
        if (g.variables[v].name == name) return v;
    BOOST_FAIL("no variable " + name);
    return 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(shapes_and_kinds) {
    const auto g = ctdiff::graph_of(L);
    BOOST_TEST(g.nodes.size() == 7u);  // matvec, +b, tanh, *s, sum, -t, ^2
    BOOST_TEST(g.variables.size() == 5u);
    const std::size_t mv = node_named(g, ctdiff::to_string(ctdiff::matvec(W, x)));
    BOOST_TEST((g.nodes[mv].dims == std::vector<std::size_t>{2}));
    BOOST_TEST(g.nodes[mv].shape == "2");
    BOOST_TEST(!g.nodes[mv].elementwise);
    BOOST_TEST(g.nodes[mv].op == "matvec");
    const std::size_t th = node_named(g, ctdiff::to_string(ctdiff::tanh(z)));
    BOOST_TEST(g.nodes[th].elementwise);
    const std::size_t root = g.root.index;
    BOOST_TEST(g.nodes[root].dims.empty());
    BOOST_TEST(g.nodes[root].shape.empty());
    BOOST_TEST((g.variables[variable_named(g, "W")].dims == std::vector<std::size_t>{2, 3}));
    BOOST_TEST(g.variables[variable_named(g, "W")].shape == "2x3");
    BOOST_TEST(g.variables[variable_named(g, "s")].shape.empty());

    // the vector-Jacobian products, in the node's own adjoint (df/du1 for the node named u1)
    const std::string adjoint = "df/" + std::string("d") + g.names[mv];
    BOOST_TEST(g.spell(g.nodes[mv].partials[0]) == "outer(" + adjoint + ", x)");
    BOOST_TEST(g.spell(g.nodes[mv].partials[1]) == "matvec(transpose(W), " + adjoint + ")");
    const std::size_t sm = node_named(g, ctdiff::to_string(ctdiff::sum(ctdiff::tanh(z) * s)));
    BOOST_TEST(g.spell(g.nodes[sm].partials[0]) == "df/d" + g.names[sm] + " in every element");
    // an elementwise op on tensors keeps its local partial: tanh's is 1 - tanh^2 of itself
    BOOST_TEST(g.spell(g.nodes[th].partials[0]) == "1 - " + g.names[th] + "^2");
}

BOOST_AUTO_TEST_CASE(values_and_adjoints_against_hand_and_differences) {
    const by_hand h(Wv, xv, bv, sv, tv);
    const auto g = ctdiff::graph_of(L, W = Wv, x = xv, b = bv, s = sv, t = tv);
    BOOST_TEST_REQUIRE(g.has_values);
    BOOST_TEST_REQUIRE(g.has_adjoints);
    BOOST_TEST(close(g.root_value.at(0), h.loss));

    const std::size_t mv = node_named(g, ctdiff::to_string(ctdiff::matvec(W, x)));
    const std::size_t zn = node_named(g, ctdiff::to_string(z));
    const std::size_t th = node_named(g, ctdiff::to_string(ctdiff::tanh(z)));
    BOOST_TEST_REQUIRE(g.value[mv].size() == 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        BOOST_TEST(close(g.value[mv][i], h.Wx[i]));
        BOOST_TEST(close(g.value[th][i], h.h[i]));
        BOOST_TEST(close(g.adjoint[th][i], h.dh[i]));
        BOOST_TEST(close(g.adjoint[zn][i], h.dz[i]));
        BOOST_TEST(close(g.adjoint[mv][i], h.dz[i]));  // + passes its adjoint on
        // tanh's local partial, element by element
        BOOST_TEST(close(g.partial_value[th][0].at(i), 1 - h.h[i] * h.h[i]));
    }
    BOOST_TEST(g.partial_value[mv][0].empty());  // a tensor op has VJPs, not partials

    // the variables: by hand, by ctdiff::grad, and W and x by central differences
    const auto grad = ctdiff::grad(L, ctdiff::wrt(W, x, b, s, t), W = Wv, x = xv, b = bv, s = sv, t = tv);
    const auto& aW = g.variable_adjoint[variable_named(g, "W")];
    const auto& ax = g.variable_adjoint[variable_named(g, "x")];
    BOOST_TEST_REQUIRE(aW.size() == 6u);
    BOOST_TEST_REQUIRE(ax.size() == 3u);
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 3; ++j) {
            BOOST_TEST(close(aW[i * 3 + j], h.dW[i][j]));
            BOOST_TEST(aW[i * 3 + j] == grad[W](i, j));
            auto up = Wv, down = Wv;
            up(i, j) += 1e-6;
            down(i, j) -= 1e-6;
            const double difference = (by_hand(up, xv, bv, sv, tv).loss - by_hand(down, xv, bv, sv, tv).loss) / 2e-6;
            BOOST_TEST(close(aW[i * 3 + j], difference, 1e-7));
        }
    for (std::size_t j = 0; j < 3; ++j) {
        BOOST_TEST(close(ax[j], h.dx[j]));
        auto up = xv, down = xv;
        up(j) += 1e-6;
        down(j) -= 1e-6;
        const double difference = (by_hand(Wv, up, bv, sv, tv).loss - by_hand(Wv, down, bv, sv, tv).loss) / 2e-6;
        BOOST_TEST(close(ax[j], difference, 1e-7));
    }
    BOOST_TEST(close(g.variable_adjoint[variable_named(g, "b")].at(1), h.dz[1]));
    BOOST_TEST(close(g.variable_adjoint[variable_named(g, "s")].at(0), h.ds));
    BOOST_TEST(close(g.variable_adjoint[variable_named(g, "t")].at(0), h.dt));

    // what the matvec node passes to x along its edge is W^T dz
    for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(close(g.contribution[mv][1].at(j), h.dx[j]));
}

namespace {
/// Checks, for a graph with bindings and a scalar output, that every node's and variable's
/// adjoint is the sum of the contributions it receives along its edges.
template <class G>
void check_contributions(const G& g, double tolerance) {
    std::vector<std::vector<double>> node_total(g.nodes.size()), variable_total(g.variables.size());
    for (std::size_t k = 0; k < g.nodes.size(); ++k) node_total[k].assign(g.value[k].size(), 0.0);
    for (std::size_t v = 0; v < g.variables.size(); ++v) variable_total[v].assign(g.variable_value[v].size(), 0.0);
    for (std::size_t k = 0; k < g.nodes.size(); ++k)
        for (std::size_t j = 0; j < g.nodes[k].args.size(); ++j) {
            const auto& a = g.nodes[k].args[j];
            if (a.what == ctdiff::graph_argument::kind::constant) continue;
            auto& total = a.what == ctdiff::graph_argument::kind::node ? node_total[a.index] : variable_total[a.index];
            BOOST_TEST_REQUIRE(g.contribution[k][j].size() == total.size());
            for (std::size_t i = 0; i < total.size(); ++i) total[i] += g.contribution[k][j][i];
        }
    for (std::size_t k = 0; k < g.nodes.size(); ++k)
        if (k != g.root.index)
            for (std::size_t i = 0; i < node_total[k].size(); ++i)
                BOOST_TEST(close(node_total[k][i], g.adjoint[k][i], tolerance));
    for (std::size_t v = 0; v < g.variables.size(); ++v)
        for (std::size_t i = 0; i < variable_total[v].size(); ++i)
            BOOST_TEST(close(variable_total[v][i], g.variable_adjoint[v][i], tolerance));
}
}  // namespace

BOOST_AUTO_TEST_CASE(every_adjoint_is_the_sum_of_its_contributions) {
    // a graph where nodes and variables receive several contributions: x is used by matvec and
    // by dot, u = tanh(W x) by u * s and by dot; s is broadcast over u (its contribution is a sum)
    constexpr auto u = ctdiff::tanh(ctdiff::matvec(W, x));
    constexpr auto f = ctdiff::sum(u * s) + ctdiff::dot(u, ctdiff::matvec(W, x)) + ctdiff::sum(x * x);
    const auto g = ctdiff::graph_of(f, W = Wv, x = xv, s = sv);
    check_contributions(g, 1e-12);
    const auto grad = ctdiff::grad(f, ctdiff::wrt(W, x, s), W = Wv, x = xv, s = sv);
    const auto& ax = g.variable_adjoint[variable_named(g, "x")];
    for (std::size_t j = 0; j < 3; ++j) BOOST_TEST(close(ax[j], grad[x](j)));
    BOOST_TEST(close(g.variable_adjoint[variable_named(g, "s")][0], grad[s]));
}

BOOST_AUTO_TEST_CASE(tensor_valued_output_has_values_and_no_adjoints) {
    constexpr auto f = ctdiff::tanh(ctdiff::matvec(W, x));
    const by_hand h(Wv, xv, tensor<double, shape<2>>{}, sv, tv);
    const auto g = ctdiff::graph_of(f, W = Wv, x = xv);
    BOOST_TEST(g.has_values);
    BOOST_TEST(!g.has_adjoints);
    BOOST_TEST(g.adjoint.empty());
    BOOST_TEST_REQUIRE(g.root_value.size() == 2u);
    for (std::size_t i = 0; i < 2; ++i) BOOST_TEST(close(g.root_value[i], std::tanh(h.Wx[i])));
}

BOOST_AUTO_TEST_CASE(network_of_nn_layers_matches_value_and_grad) {
    namespace nn = ctdiff::nn;
    constexpr auto in = ctdiff::var<"in", shape<4>>;
    constexpr auto loss = nn::mse(nn::dense<"l2", 8, 1>(nn::tanh(nn::dense<"l1", 4, 8>(in))), t);
    auto theta = nn::parameters<double>(nn::params(loss));
    nn::glorot_uniform(theta, 7);
    const tensor<double, shape<4>> input{{0.5, -1.0, 0.25, 2.0}};
    const auto g = ctdiff::graph_of(loss, theta, in = input, t = 0.3);
    const auto [value, grad] = ctdiff::value_and_grad(loss, nn::params(loss), theta, in = input, t = 0.3);
    BOOST_TEST(close(g.root_value.at(0), value));
    const auto& aW = g.variable_adjoint[variable_named(g, "l1.W")];
    BOOST_TEST_REQUIRE(aW.size() == 32u);
    for (std::size_t i = 0; i < 8; ++i)
        for (std::size_t j = 0; j < 4; ++j) BOOST_TEST(close(aW[i * 4 + j], grad[nn::parameter<"l1", "W", shape<8, 4>>](i, j)));
}

BOOST_AUTO_TEST_CASE(format_values_in_full_and_summarised) {
    using v = std::vector<double>;
    using d = std::vector<std::size_t>;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    BOOST_TEST(ctdiff::format_values(v{2.5}, d{}) == "2.5");
    BOOST_TEST(ctdiff::format_values(v{7}, d{1}) == "[7]");
    BOOST_TEST(ctdiff::format_values(v{1, -2, 0.5}, d{3}) == "[1, -2, 0.5]");
    BOOST_TEST(ctdiff::format_values(v{1, 2, 3, 4}, d{2, 2}) == "[[1, 2], [3, 4]]");
    BOOST_TEST(ctdiff::format_values(v{1, 2, 3, 4, 5, 6}, d{2, 3}) == "[[1, 2, 3], [4, 5, 6]]");
    BOOST_TEST(ctdiff::format_values(v{1, 2}, d{1, 2}) == "[[1, 2]]");
    BOOST_TEST(ctdiff::format_values(v{1, 2}, d{2, 1}) == "[[1], [2]]");
    BOOST_TEST(ctdiff::format_values(v{1, 2, 3, 4, 5, 6}, d{6}) == "[1, 2, 3, 4, 5, 6]");
    BOOST_TEST(ctdiff::format_values(v{1, 2, 3, 4, 5, 6, 7, 8}, d{8}) == "[8: min 1, mean 4.5, max 8]");
    BOOST_TEST(ctdiff::format_values(v{0, 0, -1, 0, 0, 0, 2, 3}, d{4, 2}) == "[4x2: min -1, mean 0.5, max 3]");
    BOOST_TEST(ctdiff::format_values(v{nan, 1, 2, 3, 4, 5, 6}, d{7}) == "[7: min 1, mean 3.5, max 6, 1 nan]");
    BOOST_TEST(ctdiff::format_values(v(7, nan), d{7}) == "[7: 7 nan]");
    BOOST_TEST(ctdiff::format_values(v{-inf, 1, 2, 3, 4, 5, 6}, d{7}) == "[7: min -inf, mean -inf, max 6]");
    BOOST_TEST(ctdiff::format_values(v{nan, 1}, d{2}) == "[nan, 1]");
    BOOST_TEST(ctdiff::format_values(v{}, d{0}) == "[]");
    // the mean is summed in double and scaled: never above the max, never overflowing
    BOOST_TEST(ctdiff::format_values(std::vector<float>(65536, 0.1f), d{65536}) == "[65536: min 0.1, mean 0.1, max 0.1]");
    BOOST_TEST(ctdiff::format_values(v(8, 1e308), d{8}) == "[8: min 1e+308, mean 1e+308, max 1e+308]");
    BOOST_TEST(ctdiff::format_values(v{-1e308, -1e308, 1e308, 1e308, 1e308, 1e308, 1e308}, d{7}) ==
               "[7: min -1e+308, mean 4.28571e+307, max 1e+308]");
}


BOOST_AUTO_TEST_CASE(every_tensor_op_in_one_graph) {
    // matmul, transpose, outer, softmax, log_softmax, logsumexp, pick (with a constant index),
    // mean, a constant factor on a tensor: contributions add up to adjoints, the variables'
    // adjoints are grad's, and each op's VJP prints as its vjp_print says
    constexpr auto A = ctdiff::var<"A", shape<2, 3>>;
    constexpr auto B = ctdiff::var<"B", shape<3, 2>>;
    constexpr auto M = ctdiff::matmul(A, B);                  // 2x2
    constexpr auto o = ctdiff::outer(b, b);                   // 2x2
    constexpr auto y = ctdiff::matvec(ctdiff::transpose(M + o), b) * 2_c;  // 2
    constexpr auto f = ctdiff::pick(ctdiff::log_softmax(y), 1_c) + ctdiff::logsumexp(y) * s +
                       ctdiff::mean(ctdiff::softmax(y) * y);
    const tensor<double, shape<2, 3>> Av{{{0.1, -0.2, 0.3}, {0.4, 0.5, -0.6}}};
    const tensor<double, shape<3, 2>> Bv{{{0.2, 0.1}, {-0.3, 0.4}, {0.5, -0.1}}};
    const auto g = ctdiff::graph_of(f, A = Av, B = Bv, b = bv, s = sv);
    check_contributions(g, 1e-12);
    const auto grad = ctdiff::grad(f, ctdiff::wrt(A, B, b, s), A = Av, B = Bv, b = bv, s = sv);
    for (std::size_t k = 0; k < 6; ++k) {
        BOOST_TEST(close(g.variable_adjoint[variable_named(g, "A")][k], grad[A][k]));
        BOOST_TEST(close(g.variable_adjoint[variable_named(g, "B")][k], grad[B][k]));
    }
    BOOST_TEST(close(g.variable_adjoint[variable_named(g, "s")][0], grad[s]));

    // the VJP formulas, with the node names of this graph
    const auto name = [&](const auto& e) { return g.names[node_named(g, ctdiff::to_string(e))]; };
    const auto vjp = [&](const auto& e, std::size_t j) { return g.spell(g.nodes[node_named(g, ctdiff::to_string(e))].partials[j]); };
    const std::string uM = name(M), uo = name(o), uy = name(y);
    BOOST_TEST(vjp(M, 0) == "matmul(df/d" + uM + ", transpose(B))");
    BOOST_TEST(vjp(M, 1) == "matmul(transpose(A), df/d" + uM + ")");
    BOOST_TEST(vjp(o, 0) == "matvec(df/d" + uo + ", b)");
    BOOST_TEST(vjp(o, 1) == "matvec(transpose(df/d" + uo + "), b)");
    const std::string uT = name(ctdiff::transpose(M + o));
    BOOST_TEST(vjp(ctdiff::transpose(M + o), 0) == "transpose(df/d" + uT + ")");
    const std::string ul = name(ctdiff::log_softmax(y));
    BOOST_TEST(vjp(ctdiff::log_softmax(y), 0) == "df/d" + ul + " - exp(" + ul + ")*sum(df/d" + ul + ")");
    const std::string us = name(ctdiff::softmax(y));
    BOOST_TEST(vjp(ctdiff::softmax(y), 0) == us + "*(df/d" + us + " - dot(df/d" + us + ", " + us + "))");
    const std::string ue = name(ctdiff::logsumexp(y));
    BOOST_TEST(vjp(ctdiff::logsumexp(y), 0) == "df/d" + ue + "*softmax(" + uy + ")");
    const std::string up = name(ctdiff::pick(ctdiff::log_softmax(y), 1_c));
    BOOST_TEST(vjp(ctdiff::pick(ctdiff::log_softmax(y), 1_c), 0) == "df/d" + up + " at element 1, 0 elsewhere");
    const std::string um = name(ctdiff::mean(ctdiff::softmax(y) * y));
    BOOST_TEST(vjp(ctdiff::mean(ctdiff::softmax(y) * y), 0) == "df/d" + um + " / 2 in every element");

    // the same graph with float values
    const tensor<float, shape<2, 3>> Af(Av);
    const tensor<float, shape<3, 2>> Bf(Bv);
    const tensor<float, shape<2>> bf(bv);
    const auto gf = ctdiff::graph_of(f, A = Af, B = Bf, b = bf, s = 2.0f);
    static_assert(std::is_same<decltype(gf), const ctdiff::graph_view<float>>::value);
    check_contributions(gf, 1e-5);
    for (std::size_t k = 0; k < 6; ++k) BOOST_TEST(close(gf.variable_adjoint[variable_named(gf, "A")][k], grad[A][k], 1e-5));
}

BOOST_AUTO_TEST_CASE(tensor_valued_output_draws_no_vjps) {
    // a VJP is in terms of adjoints, and a tensor-valued function has none
    const std::string dot = ctdiff::to_dot(ctdiff::softmax(ctdiff::matvec(W, x)), W = Wv, x = xv);
    BOOST_TEST(dot.find("+=") == std::string::npos);
    BOOST_TEST(dot.find("outer(") == std::string::npos);
    BOOST_TEST(dot.find("value = [") != std::string::npos);
    // with a scalar output they are there
    BOOST_TEST(ctdiff::to_dot(ctdiff::sum(ctdiff::matvec(W, x)), W = Wv, x = xv).find("+= outer(") != std::string::npos);
}
