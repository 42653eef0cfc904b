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

BOOST_AUTO_TEST_CASE(every_adjoint_is_the_sum_of_its_contributions) {
    // a graph where nodes and variables receive several contributions: x is used by matvec and
    // by dot, u = tanh(W x) by u * s and by dot; s is broadcast over u (its contribution is a sum)
    constexpr auto u = ctdiff::tanh(ctdiff::matvec(W, x));
    constexpr auto f = ctdiff::sum(u * s) + ctdiff::dot(u, ctdiff::matvec(W, x)) + ctdiff::sum(x * x);
    const auto g = ctdiff::graph_of(f, W = Wv, x = xv, s = sv);
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
    for (std::size_t k = 0; k < g.nodes.size(); ++k) {
        if (k == g.root.index) continue;  // the output's adjoint is 1 by definition
        for (std::size_t i = 0; i < node_total[k].size(); ++i) BOOST_TEST(close(node_total[k][i], g.adjoint[k][i]));
    }
    const auto grad = ctdiff::grad(f, ctdiff::wrt(W, x, s), W = Wv, x = xv, s = sv);
    const auto& ax = g.variable_adjoint[variable_named(g, "x")];
    for (std::size_t j = 0; j < 3; ++j) {
        BOOST_TEST(close(variable_total[variable_named(g, "x")][j], ax[j]));
        BOOST_TEST(close(ax[j], grad[x](j)));
    }
    BOOST_TEST(close(variable_total[variable_named(g, "s")][0], grad[s]));
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
}
