// trace: the tutorials' tiny network (dL/dw = 1248) checked line by line against values computed
// here by hand, in the format the header documents; and a non-integer example whose numbers are
// checked against hand formulas and finite differences.
#define BOOST_TEST_MODULE ctdiff_io_trace
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace ctdiff::literals;
constexpr auto x = ctdiff::var<"x">;
constexpr auto w = ctdiff::var<"w">;
constexpr auto b = ctdiff::var<"b">;
constexpr auto t = ctdiff::var<"t">;

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::string integer(double v) {  // the values of the tiny network are whole numbers
    BOOST_TEST_REQUIRE(v == std::floor(v));
    return std::to_string(static_cast<long long>(v));
}

/// The number at the end of a line: "... = 0.679179" -> 0.679179.
double last_number(const std::string& line) {
    return std::stod(line.substr(line.rfind(" = ") + 3));
}

bool close(double printed, double expected) {  // 6 significant digits
    return std::abs(printed - expected) <= 1e-5 * std::max(1.0, std::abs(expected));
}

}  // namespace

BOOST_AUTO_TEST_CASE(tiny_network_line_by_line) {
    constexpr auto L = ctdiff::pow(ctdiff::pow(w * x, 2_c) - t, 2_c);
    const double xv = 2.0, wv = 3.0, tv = 10.0;
    std::ostringstream os;
    ctdiff::trace(os, "L", L, ctdiff::wrt(w, x, t), x = xv, w = wv, t = tv);

    // forward pass by hand
    const double u1 = wv * xv, u2 = u1 * u1, u3 = u2 - tv, out = u3 * u3;
    // backward pass by hand: multiply the local derivatives along the path
    const double a3 = 2 * u3;    // d(u3^2)/du3
    const double a2 = a3 * 1;    // d(u2 - t)/du2 = 1
    const double a1 = a2 * 2 * u1;  // d(u1^2)/du1 = 2 u1
    const double aw = a1 * xv, ax = a1 * wv, at = a3 * -1;
    BOOST_TEST(aw == 1248.0);  // the tutorial's number

    const std::vector<std::string> expected{
        "L = " + ctdiff::to_string(L),
        "at w = " + integer(wv) + ", x = " + integer(xv) + ", t = " + integer(tv),  // order of first use
        "forward pass:",
        "  u1 = w*x = " + integer(u1),
        "  u2 = u1^2 = " + integer(u2),
        "  u3 = u2 - t = " + integer(u3),
        "  L = u3^2 = " + integer(out),
        "backward pass:",
        "  dL/dL = 1",
        "  dL/du3 = 2*u3 = " + integer(a3),
        "  dL/du2 = dL/du3 * 1 = " + integer(a3) + " * 1 = " + integer(a2),
        "  dL/du1 = dL/du2 * 2*u1 = " + integer(a2) + " * " + integer(2 * u1) + " = " + integer(a1),
        "  dL/dw = dL/du1 * x = " + integer(a1) + " * " + integer(xv) + " = " + integer(aw),
        "  dL/dx = dL/du1 * w = " + integer(a1) + " * " + integer(wv) + " = " + integer(ax),
        "  dL/dt = dL/du3 * (-1) = " + integer(a3) + " * (-1) = " + integer(at),
    };
    const std::vector<std::string> got = lines_of(os.str());
    BOOST_TEST_REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) BOOST_TEST(got[i] == expected[i], "line " << i + 1);
}

BOOST_AUTO_TEST_CASE(default_name_and_wrt_order) {
    constexpr auto L = ctdiff::pow(ctdiff::pow(w * x, 2_c) - t, 2_c);
    std::ostringstream os;
    ctdiff::trace(os, L, ctdiff::wrt(t, w), x = 2.0, w = 3.0, t = 10.0);
    const std::vector<std::string> got = lines_of(os.str());
    BOOST_TEST_REQUIRE(got.size() == 2u + 5u + 1u + 4u + 2u);  // header, forward, backward
    BOOST_TEST(got[0].rfind("f = ", 0) == 0u);
    BOOST_TEST(got[6] == "  f = u3^2 = 676");
    BOOST_TEST(got[12].rfind("  df/dt = ", 0) == 0u);  // in the order of wrt(...)
    BOOST_TEST(last_number(got[12]) == -52.0);
    BOOST_TEST(got[13].rfind("  df/dw = ", 0) == 0u);
    BOOST_TEST(last_number(got[13]) == 1248.0);
}

BOOST_AUTO_TEST_CASE(sigmoid_neuron_numbers) {
    constexpr auto L = ctdiff::pow(ctdiff::sigmoid(w * x + b) - t, 2_c);
    const double xv = 2.0, wv = 0.5, bv = -0.25, tv = 1.0;
    std::ostringstream os;
    ctdiff::trace(os, "L", L, ctdiff::wrt(w, b), x = xv, w = wv, b = bv, t = tv);
    const std::vector<std::string> got = lines_of(os.str());

    const double u1 = wv * xv, u2 = u1 + bv, u3 = 1 / (1 + std::exp(-u2)), u4 = u3 - tv;
    const double a4 = 2 * u4, a3 = a4, a2 = a3 * u3 * (1 - u3), a1 = a2;
    const double h = 1e-6;
    const auto at_w = [&](double v) { return L(x = xv, w = v, b = bv, t = tv); };
    const auto at_b = [&](double v) { return L(x = xv, w = wv, b = v, t = tv); };

    // forward: u1 .. u4, L; backward: dL/dL, dL/du4 .. dL/du1, dL/dw, dL/db
    BOOST_TEST_REQUIRE(got.size() == 2u + 1u + 5u + 1u + 5u + 2u);
    BOOST_TEST(got[3].rfind("  u1 = w*x = ", 0) == 0u);
    BOOST_TEST(got[5].rfind("  u3 = sigmoid(u2) = ", 0) == 0u);
    BOOST_TEST(close(last_number(got[3]), u1));
    BOOST_TEST(close(last_number(got[4]), u2));
    BOOST_TEST(close(last_number(got[5]), u3));
    BOOST_TEST(close(last_number(got[6]), u4));
    BOOST_TEST(close(last_number(got[7]), u4 * u4));
    BOOST_TEST(got[10].rfind("  dL/du4 = 2*u4 = ", 0) == 0u);
    BOOST_TEST(close(last_number(got[10]), a4));
    BOOST_TEST(close(last_number(got[11]), a3));
    // the sigmoid's local derivative reuses its forward value: u3 (1 - u3)
    BOOST_TEST(got[12].rfind("  dL/du2 = dL/du3 * u3*(1 - u3) = ", 0) == 0u);
    BOOST_TEST(close(last_number(got[12]), a2));
    BOOST_TEST(close(last_number(got[13]), a1));
    BOOST_TEST(std::abs(last_number(got[14]) - (at_w(wv + h) - at_w(wv - h)) / (2 * h)) < 1e-5);
    BOOST_TEST(std::abs(last_number(got[15]) - (at_b(bv + h) - at_b(bv - h)) / (2 * h)) < 1e-5);
}

BOOST_AUTO_TEST_CASE(paths_add) {
    // x reaches f along two paths, through x*y and directly: df/dx is the sum of both terms
    constexpr auto y = ctdiff::var<"y">;
    constexpr auto f = ctdiff::sin(x * y) + x;
    std::ostringstream os;
    ctdiff::trace(os, f, ctdiff::wrt(x), x = 0.5, y = 2.0);
    const std::vector<std::string> got = lines_of(os.str());
    const std::string& last = got.back();
    BOOST_TEST(last.rfind("  df/dx = df/du1 * y + 1 = ", 0) == 0u);
    BOOST_TEST(close(last_number(last), std::cos(0.5 * 2.0) * 2.0 + 1.0));
}

BOOST_AUTO_TEST_CASE(tensor_network_line_by_line) {
    // L = (dot(a, tanh(W x + c)) - t)^2 with 2 hidden units: every tensor has at most 6
    // elements, so every value is written in full and read back here
    using ctdiff::shape;
    constexpr auto W = ctdiff::var<"W", shape<2, 3>>;
    constexpr auto xs = ctdiff::var<"xs", shape<3>>;
    constexpr auto c = ctdiff::var<"c", shape<2>>;
    constexpr auto a = ctdiff::var<"a", shape<2>>;
    constexpr auto L = ctdiff::pow(ctdiff::dot(a, ctdiff::tanh(ctdiff::matvec(W, xs) + c)) - t, 2_c);
    const ctdiff::tensor<double, shape<2, 3>> Wv{{{0.2, -0.1, 0.4}, {-0.3, 0.5, 0.1}}};
    const ctdiff::tensor<double, shape<3>> xv{{1.0, 0.5, -2.0}};
    const ctdiff::tensor<double, shape<2>> cv{{0.1, -0.2}};
    const ctdiff::tensor<double, shape<2>> av{{1.5, -0.5}};
    const double tv = 0.3;
    std::ostringstream os;
    ctdiff::trace(os, "L", L, ctdiff::wrt(W, xs, a), W = Wv, xs = xv, c = cv, a = av, t = tv);
    const std::vector<std::string> lines = lines_of(os.str());

    // by hand
    double m[2], z[2], h[2], y = 0;
    for (int i = 0; i < 2; ++i) {
        m[i] = Wv(i, 0) * xv(0) + Wv(i, 1) * xv(1) + Wv(i, 2) * xv(2);
        z[i] = m[i] + cv(i);
        h[i] = std::tanh(z[i]);
        y += av(i) * h[i];
    }
    const double r = y - tv, dr = 2 * r;
    double dh[2], dz[2], da[2], dx[3] = {0, 0, 0}, dW[6];
    for (int i = 0; i < 2; ++i) {
        dh[i] = dr * av(i);  // dot's VJP for its second argument: g * a
        da[i] = dr * h[i];
        dz[i] = dh[i] * (1 - h[i] * h[i]);
        for (int j = 0; j < 3; ++j) {
            dx[j] += Wv(i, j) * dz[i];
            dW[i * 3 + j] = dz[i] * xv(j);
        }
    }

    /// The numbers of "<start> = [..]" at the end of a line that starts with `start`.
    const auto find_list = [&](const std::string& start) {
        for (const std::string& line : lines) {
            if (line.rfind(start, 0) != 0) continue;
            std::string list = line.substr(line.rfind(" = ") + 3);
            for (char& ch : list)
                if (ch == '[' || ch == ']' || ch == ',') ch = ' ';
            std::istringstream in(list);
            std::vector<double> out;
            for (double v; in >> v;) out.push_back(v);
            return out;
        }
        BOOST_FAIL("no line " + start);
        return std::vector<double>{};
    };
    const auto all_close = [](const std::vector<double>& printed, std::initializer_list<double> expected) {
        BOOST_TEST_REQUIRE(printed.size() == expected.size());
        std::size_t i = 0;
        for (double e : expected) BOOST_TEST(close(printed[i++], e));
    };

    BOOST_TEST(lines.at(0) == "L = (dot(a, tanh(matvec(W, xs) + c)) - t)^2");
    BOOST_TEST(lines.at(1).rfind("at W = [[0.2, -0.1, 0.4], [-0.3, 0.5, 0.1]], xs = [1, 0.5, -2], ", 0) == 0u);
    BOOST_TEST(lines.at(2) == "forward pass:");
    all_close(find_list("  u1 = matvec(W, xs) = "), {m[0], m[1]});
    all_close(find_list("  u2 = u1 + c = "), {z[0], z[1]});
    all_close(find_list("  u3 = tanh(u2) = "), {h[0], h[1]});
    BOOST_TEST(close(last_number(lines.at(6)), y));  // u4 = dot(a, u3)

    // backward: tensor ops give their VJP, elementwise ones adjoint times partial
    all_close(find_list("  dL/du3 = dL/du4*a = "), {dh[0], dh[1]});
    all_close(find_list("  dL/du2 = dL/du3 * (1 - u3^2) = "), {dz[0], dz[1]});
    all_close(find_list("  dL/du1 = dL/du2 * 1 = "), {dz[0], dz[1]});
    all_close(find_list("  dL/dW = outer(dL/du1, xs) = "), {dW[0], dW[1], dW[2], dW[3], dW[4], dW[5]});
    all_close(find_list("  dL/dxs = matvec(transpose(W), dL/du1) = "), {dx[0], dx[1], dx[2]});
    all_close(find_list("  dL/da = dL/du4*u3 = "), {da[0], da[1]});
}
