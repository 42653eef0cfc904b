// <ctdiff/hana.hpp>: gradients and parameter sets as Hana Structs and Functors, wrt lists as Hana
// Iterables, variables as Hana keys. Each Hana algorithm's answer is compared with the same
// thing computed without Hana (operator[], the entries by hand, derivatives derived by hand).
#define BOOST_TEST_MODULE ctdiff_hana
#include <boost/test/unit_test.hpp>

#include <boost/hana.hpp>
#include <ctdiff/ctdiff.hpp>
#include <ctdiff/hana.hpp>
#include <string>
#include <type_traits>
#include <vector>

namespace {

namespace hana = boost::hana;
namespace nn = ctdiff::nn;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr auto z = ctdiff::var<"z">;
constexpr auto W = ctdiff::var<"W", shape<2, 3>>;

// f = x^2 y + sum(W∘W) x: by hand, df/dx = 2xy + sum(W∘W), df/dy = x^2, df/dW = 2xW.
constexpr auto f = x * x * y + ctdiff::sum(W * W) * x;
constexpr tensor<double, shape<2, 3>> w_value{{{1.0, -2.0, 0.5}, {3.0, -1.5, 2.0}}};
constexpr double x_value = 0.75, y_value = -1.25;
constexpr double w_squares = 1.0 + 4.0 + 0.25 + 9.0 + 2.25 + 4.0;

/// k e for a number or, element by element, a tensor (ctdiff's tensors are storage, not algebra).
template <class E>
E scaled(const E& e, double k) {
    if constexpr (std::is_same_v<E, double>) return k * e;
    else {
        E r = e;
        for (auto& v : r.elements) v *= k;
        return r;
    }
}

auto gradient_of_f() { return ctdiff::grad(f, ctdiff::wrt(x, y, W), x = x_value, y = y_value, W = w_value); }

// ---- variables as keys ----------------------------------------------------------------------------

static_assert(hana::equal(x, x));
static_assert(!hana::equal(x, y));
static_assert(!hana::equal(x, ctdiff::var<"x", shape<2>>));  // same name, another shape: another variable
static_assert(hana::equal(hana::hash(W), hana::type_c<std::remove_const_t<decltype(W)>>));

BOOST_AUTO_TEST_CASE(variables_are_keys_of_hana_maps) {
    auto m = hana::make_map(hana::make_pair(x, 1.0), hana::make_pair(y, std::string{"y"}));
    BOOST_TEST(m[x] == 1.0);
    BOOST_TEST(m[y] == "y");
    static_assert(decltype(hana::contains(m, x))::value);
    static_assert(!decltype(hana::contains(m, z))::value);
}

// ---- wrt lists ------------------------------------------------------------------------------------

static_assert(hana::length(ctdiff::wrt(x, y, W)) == hana::size_c<3>);
static_assert(hana::contains(ctdiff::wrt(x, y, W), W));
static_assert(!hana::contains(ctdiff::wrt(x, y), z));
static_assert(std::is_same_v<decltype(hana::at_c<1>(ctdiff::wrt(x, y, W))), std::remove_const_t<decltype(y)>>);
static_assert(std::is_same_v<decltype(hana::drop_front(ctdiff::wrt(x, y, W))), decltype(ctdiff::wrt(y, W))>);
static_assert(hana::is_empty(hana::drop_front(ctdiff::wrt(x), hana::size_c<1>)));
static_assert(hana::equal(hana::to_tuple(ctdiff::wrt(x, W)), hana::make_tuple(x, W)));

BOOST_AUTO_TEST_CASE(for_each_visits_the_variables_of_a_wrt_list_in_order) {
    std::vector<std::string> names;
    std::vector<std::size_t> sizes;
    hana::for_each(ctdiff::wrt(y, W, x), [&](auto v) {
        names.emplace_back(decltype(v)::name.view());
        sizes.push_back(decltype(v)::shape_type::size);
    });
    BOOST_TEST(names == (std::vector<std::string>{"y", "W", "x"}), boost::test_tools::per_element());
    BOOST_TEST(sizes == (std::vector<std::size_t>{1, 6, 1}), boost::test_tools::per_element());
}

// ---- gradients --------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(at_key_is_the_entry_itself) {
    auto g = gradient_of_f();
    BOOST_TEST(&hana::at_key(g, x) == &g[x]);
    BOOST_TEST(&hana::at_key(g, W) == &g[W]);
    BOOST_TEST(hana::at_key(g, x) == 2 * x_value * y_value + w_squares);
    BOOST_TEST(hana::at_key(g, y) == x_value * x_value);
    hana::at_key(g, y) = 5.0;  // a reference: writes the gradient
    BOOST_TEST(g[y] == 5.0);
    static_assert(hana::equal(hana::keys(decltype(g){}), hana::make_tuple(x, y, W)));
}

BOOST_AUTO_TEST_CASE(for_each_sees_each_variable_with_its_entry) {
    const auto g = gradient_of_f();
    std::vector<std::string> names;
    std::vector<double> firsts;
    hana::for_each(g, [&](const auto& entry) {
        names.emplace_back(std::remove_cvref_t<decltype(hana::first(entry))>::name.view());
        if constexpr (std::remove_cvref_t<decltype(hana::first(entry))>::shape_type::rank == 0) firsts.push_back(hana::second(entry));
        else firsts.push_back(hana::second(entry).data()[0]);
    });
    BOOST_TEST(names == (std::vector<std::string>{"x", "y", "W"}), boost::test_tools::per_element());
    BOOST_TEST(firsts.size() == 3u);
    BOOST_TEST(firsts[0] == 2 * x_value * y_value + w_squares);
    BOOST_TEST(firsts[1] == x_value * x_value);
    BOOST_TEST(firsts[2] == 2 * x_value * w_value.data()[0]);
}

BOOST_AUTO_TEST_CASE(fold_gives_the_squared_norm) {
    const auto g = gradient_of_f();
    const double norm2 = hana::fold_left(hana::members(g), 0.0, [](double acc, const auto& e) {
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(e)>, double>) return acc + e * e;
        else {
            for (double v : e.elements) acc += v * v;
            return acc;
        }
    });
    const double gx = 2 * x_value * y_value + w_squares, gy = x_value * x_value;
    double expected = gx * gx + gy * gy;
    for (double w : w_value.elements) expected += (2 * x_value * w) * (2 * x_value * w);
    BOOST_TEST(norm2 == expected, boost::test_tools::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(transform_keeps_the_variables) {
    const auto g = gradient_of_f();
    const auto twice = hana::transform(g, [](const auto& e) { return scaled(e, 2.0); });
    static_assert(std::is_same_v<std::remove_const_t<decltype(twice)>, std::remove_const_t<decltype(g)>>);
    BOOST_TEST(twice[x] == 2 * g[x]);
    BOOST_TEST(twice[y] == 2 * g[y]);
    for (std::size_t k = 0; k < 6; ++k) BOOST_TEST(twice[W].data()[k] == 2 * g[W].data()[k]);

    // a cast: the container of the same variables with float entries
    const auto as_float = hana::transform(g, [](const auto& e) {
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(e)>, double>) return static_cast<float>(e);
        else {
            tensor<float, shape<2, 3>> t;
            for (std::size_t k = 0; k < 6; ++k) t.elements[k] = static_cast<float>(e.elements[k]);
            return t;
        }
    });
    static_assert(std::is_same_v<std::remove_const_t<decltype(as_float)>,
                                 ctdiff::gradient<float, std::remove_const_t<decltype(x)>, std::remove_const_t<decltype(y)>,
                                                  std::remove_const_t<decltype(W)>>>);
    BOOST_TEST(as_float[y] == static_cast<float>(g[y]));
    BOOST_TEST(as_float[W].data()[4] == static_cast<float>(g[W].data()[4]));
}

BOOST_AUTO_TEST_CASE(a_gradient_with_respect_to_nothing_transforms_to_itself) {
    const auto none = ctdiff::grad(x * y, ctdiff::wrt(), x = 1.0, y = 2.0);
    const auto same = hana::transform(none, [](double e) { return e; });
    static_assert(std::is_same_v<decltype(none), decltype(same)>);
    BOOST_TEST(hana::length(hana::keys(none)) == 0u);
}

BOOST_AUTO_TEST_CASE(gradients_compare_and_become_maps) {
    const auto g = gradient_of_f();
    auto h = g;
    BOOST_TEST(hana::equal(g, h));
    h[W].elements[5] += 1.0;
    BOOST_TEST(!hana::equal(g, h));
    BOOST_TEST(hana::contains(hana::make_tuple(h, g), g));
    const auto m = hana::to<hana::map_tag>(g);
    BOOST_TEST(m[x] == g[x]);
    BOOST_TEST(m[W].data()[3] == g[W].data()[3]);
}

// ---- parameter sets -------------------------------------------------------------------------------

constexpr auto input = ctdiff::var<"in", shape<3>>;
constexpr auto label = ctdiff::var<"label">;
constexpr auto loss = nn::mse(nn::dense<"out", 4, 1>(nn::tanh(nn::dense<"hidden", 3, 4>(input))), label);

BOOST_AUTO_TEST_CASE(parameter_sets_and_their_gradients_walk_together) {
    auto theta = nn::parameters<double>(nn::params(loss));
    nn::glorot_uniform(theta, 7u);
    std::size_t scalars = 0;
    std::vector<std::string> names;
    hana::for_each(nn::params(loss), [&](auto v) {
        names.emplace_back(decltype(v)::name.view());
        scalars += decltype(v)::shape_type::size;
    });
    BOOST_TEST(scalars == theta.scalar_count);
    BOOST_TEST(names.size() == 4u);

    const tensor<double, shape<3>> sample{{0.5, -1.0, 2.0}};
    const auto result = ctdiff::value_and_grad(loss, nn::params(loss), theta, input = sample, label = 0.25);
    const double before = result.value;
    const auto& g = result.grad;
    // one step of gradient descent, written with Hana over the keys
    hana::for_each(hana::keys(theta), [&](auto v) {
        if constexpr (decltype(v)::shape_type::rank == 0) theta[v] -= 0.1 * g[v];
        else
            for (std::size_t k = 0; k < decltype(v)::shape_type::size; ++k) theta[v].elements[k] -= 0.1 * g[v].elements[k];
    });
    const auto after = ctdiff::evaluate(loss, theta, input = sample, label = 0.25);
    BOOST_TEST(after < before);

    // transform on a parameter set gives a parameter set
    const auto zeros = hana::transform(theta, [](const auto& e) { return scaled(e, 0.0); });
    static_assert(std::is_same_v<std::remove_const_t<decltype(zeros)>, decltype(theta)>);
    BOOST_TEST(ctdiff::evaluate(loss, zeros, input = sample, label = 0.25) == 0.25 * 0.25);
}

}  // namespace
