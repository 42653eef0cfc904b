// tests/support/laws.hpp — the law suite every op is held to, for the ops of the library
// (tests/unit/laws_test.cpp, which iterates ctdiff/ops/registry.hpp) and for ops defined outside
// it (tests/unit/extending_test.cpp). The references are independent of the code under test:
// central differences of the values, and the other differentiation modes against each other.
#pragma once

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <ctdiff/ctdiff.hpp>
#include <ctdiff/ops/registry.hpp>
#include <limits>
#include <string>
#include <tuple>
#include <utility>

namespace laws {

using ctdiff::registry::law;
inline constexpr auto x = ctdiff::var<"x">;
inline constexpr auto y = ctdiff::var<"y">;
inline constexpr auto z = ctdiff::var<"z">;

/// Deterministic pseudo-random numbers (splitmix64).
struct random {
    std::uint64_t state;
    double unit() {
        std::uint64_t v = (state += 0x9e3779b97f4a7c15u);
        v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9u;
        v = (v ^ (v >> 27)) * 0x94d049bb133111ebu;
        return static_cast<double>((v ^ (v >> 31)) >> 11) * 0x1p-53;
    }
    template <class Interval>
    double draw() {
        const double lo = Interval::lo.template as<double>(), hi = Interval::hi.template as<double>();
        const double v = lo + (hi - lo) * unit();
        return Interval::signed_ && unit() < 0.5 ? -v : v;
    }
};

inline bool near(double got, double want, double rel) {
    if (std::isnan(want)) return std::isnan(got);
    return std::abs(got - want) <= rel * std::max(1.0, std::abs(want));
}

/// The first and second derivatives of f (a function of the variables Vs...) at one point by
/// every method, against central differences and against each other.
template <class F, class... V, std::size_t... I>
void check_smooth_at(const std::string& what, F f, std::tuple<V...> vars, const std::array<double, sizeof...(V)>& p,
                     std::index_sequence<I...>) {
    constexpr std::size_t n = sizeof...(V);
    const auto at = [&](std::array<double, n> q) { return f((std::get<I>(vars) = q[I])...); };
    const auto wrt = ctdiff::wrt(std::get<I>(vars)...);
    const auto g = ctdiff::grad(f, wrt, (std::get<I>(vars) = p[I])...);
    const auto jf = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(f, wrt, (std::get<I>(vars) = p[I])...);
    const auto jr = ctdiff::jacobian<ctdiff::jacobian_mode::reverse>(f, wrt, (std::get<I>(vars) = p[I])...);
    const auto H = ctdiff::hessian(f, wrt, (std::get<I>(vars) = p[I])...);
    const double gi[] = {g[std::get<I>(vars)]...};
    const double di[] = {ctdiff::d(f, std::get<I>(vars))((std::get<I>(vars) = p[I])...)...};
    BOOST_TEST_CONTEXT(what << " at " << [&] {
        std::string s = "(";
        for (std::size_t k = 0; k < n; ++k) s += (k ? ", " : "") + std::to_string(p[k]);
        return s + ")";
    }()) {
        BOOST_TEST(std::isfinite(at(p)));
        for (std::size_t i = 0; i < n; ++i) {
            // central differences: error O(h^2)
            const double h = 1e-6 * std::max(1.0, std::abs(p[i]));
            std::array<double, n> up = p, down = p;
            up[i] += h;
            down[i] -= h;
            BOOST_TEST(near(gi[i], (at(up) - at(down)) / (2 * h), 1e-6), "d/d" << i << ": " << gi[i]);
            // every first-order method agrees
            std::array<double, n> e{};
            e[i] = 1.0;
            BOOST_TEST(near(jf.at(0, i), gi[i], 1e-13));
            BOOST_TEST(near(jr.at(0, i), gi[i], 1e-13));
            BOOST_TEST(near(di[i], gi[i], 1e-13));
            BOOST_TEST(near(ctdiff::jvp(f, wrt, e, (std::get<I>(vars) = p[I])...).tangent, gi[i], 1e-13));
            // the Hessian: symmetric, the differences of the gradient
            const auto gu = ctdiff::grad(f, wrt, (std::get<I>(vars) = up[I])...);
            const auto gd = ctdiff::grad(f, wrt, (std::get<I>(vars) = down[I])...);
            const double gui[] = {gu[std::get<I>(vars)]...};
            const double gdi[] = {gd[std::get<I>(vars)]...};
            for (std::size_t j = 0; j < n; ++j) {
                BOOST_TEST(near(H.at(i, j), H.at(j, i), 1e-13));
                BOOST_TEST(near(H.at(j, i), (gui[j] - gdi[j]) / (2 * h), 1e-5), "H(" << j << ", " << i << ")");
            }
        }
    }
}

/// The smooth laws of f at `points` random points of the given intervals, one per variable.
template <class... Interval, class F, class... V>
void check_smooth(const std::string& what, F f, std::tuple<V...> vars, int points = 25, std::uint64_t seed = 1,
                  bool nan_in_nan_out = true) {
    random r{seed};
    for (int k = 0; k < points; ++k) {
        const std::array<double, sizeof...(V)> p{r.template draw<Interval>()...};
        check_smooth_at(what, f, vars, p, std::index_sequence_for<V...>{});
    }
    if (!nan_in_nan_out) return;
    // NaN in any argument gives NaN
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const std::array<double, sizeof...(V)> mid{r.template draw<Interval>()...};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        for (std::size_t k = 0; k < sizeof...(V); ++k)
            BOOST_TEST(std::isnan(f((std::get<I>(vars) = (I == k ? nan : mid[I]))...)), what << ": NaN in argument " << k);
    }(std::index_sequence_for<V...>{});
}

/// The laws of an op whose derivative is exactly 0 (step, floor, a condition): 0 in every mode
/// at the points, and (Condition) values of 1 or 0.
template <bool Condition, class... Interval, class F, class... V>
void check_constant(const std::string& what, F f, std::tuple<V...> vars, int points = 25, std::uint64_t seed = 1) {
    random r{seed};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        const auto wrt = ctdiff::wrt(std::get<I>(vars)...);
        for (int k = 0; k < points; ++k) {
            const std::array<double, sizeof...(V)> p{r.template draw<Interval>()...};
            BOOST_TEST_CONTEXT(what << " at point " << k) {
                const double v = f((std::get<I>(vars) = p[I])...);
                if constexpr (Condition) BOOST_TEST((v == 0.0 || v == 1.0));
                else BOOST_TEST(std::isfinite(v));
                const auto g = ctdiff::grad(f, wrt, (std::get<I>(vars) = p[I])...);
                const auto jf = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(f, wrt, (std::get<I>(vars) = p[I])...);
                const auto H = ctdiff::hessian(f, wrt, (std::get<I>(vars) = p[I])...);
                const double gi[] = {g[std::get<I>(vars)]...};
                const double ji[] = {jf.at(0, I)...};
                const double di[] = {ctdiff::d(f, std::get<I>(vars))((std::get<I>(vars) = p[I])...)...};
                for (std::size_t i = 0; i < sizeof...(V); ++i) {
                    BOOST_TEST(gi[i] == 0.0);
                    BOOST_TEST(ji[i] == 0.0);
                    BOOST_TEST(di[i] == 0.0);
                }
                for (std::size_t i = 0; i < sizeof...(V) * sizeof...(V); ++i) BOOST_TEST(H.entries[i] == 0.0);
                // a step of the central difference does not cross a jump inside these intervals
                for (std::size_t i = 0; i < sizeof...(V); ++i) {
                    std::array<double, sizeof...(V)> q = p;
                    q[i] += 1e-6;
                    BOOST_TEST(f((std::get<I>(vars) = q[I])...) == v);
                }
            }
        }
    }(std::index_sequence_for<V...>{});
}

/// Elementwise on tensors: the gradient of sum(f(v)) for a tensor v is f' elementwise.
template <class Interval, class Make>
void check_elementwise(const std::string& what, Make make, std::uint64_t seed = 3) {
    constexpr auto v = ctdiff::var<"v", ctdiff::shape<3>>;
    random r{seed};
    ctdiff::tensor<double, ctdiff::shape<3>> at;
    for (std::size_t i = 0; i < 3; ++i) at(i) = r.template draw<Interval>();
    const auto g = ctdiff::grad(ctdiff::sum(make(v)), ctdiff::wrt(v), v = at)[v];
    for (std::size_t i = 0; i < 3; ++i)
        BOOST_TEST(near(g(i), ctdiff::grad(make(x), ctdiff::wrt(x), x = at(i))[x], 1e-14), what << " element " << i);
}

template <class S>
struct index_argument : std::false_type {};
template <std::size_t K>
struct index_argument<ctdiff::registry::index<K>> : std::true_type {
    static constexpr std::size_t k = K;
};

/// The laws of a tensor op on arguments of shapes Shapes...: the gradient of sum(w * op(args)),
/// w a fixed random tensor of the result's shape, against central differences, element by
/// element of every tensor argument. An `index<K>` argument is a scalar bound to K.
template <class Op, class... Shapes>
void check_tensor(const std::string& what, std::uint64_t seed = 7) {
    constexpr auto a = ctdiff::var<"a", std::tuple_element_t<0, std::tuple<Shapes...>>>;
    random r{seed};
    const auto fill = [&](auto& t) {
        for (std::size_t i = 0; i < t.size(); ++i) t.data()[i] = 2 * r.unit() - 1;
    };
    ctdiff::tensor<double, std::tuple_element_t<0, std::tuple<Shapes...>>> av;
    fill(av);
    if constexpr (sizeof...(Shapes) == 1) {
        const auto node = ctdiff::detail::make<Op>(a);
        using S = typename decltype(node)::shape_type;
        constexpr auto w = ctdiff::var<"w", S>;
        ctdiff::tensor<double, S> wv;
        if constexpr (S::rank > 0) fill(wv);
        double ws = 2 * r.unit() - 1;
        const auto f = [&] {
            if constexpr (S::rank > 0) return ctdiff::sum(node * w);
            else return node * ctdiff::var<"w">;
        }();
        const auto value = [&](const auto& at) {
            if constexpr (S::rank > 0) return f(a = at, w = wv);
            else return f(a = at, ctdiff::var<"w"> = ws);
        };
        const auto g = [&] {
            if constexpr (S::rank > 0) return ctdiff::grad(f, ctdiff::wrt(a), a = av, w = wv)[a];
            else return ctdiff::grad(f, ctdiff::wrt(a), a = av, ctdiff::var<"w"> = ws)[a];
        }();
        for (std::size_t i = 0; i < av.size(); ++i) {
            auto up = av, down = av;
            up.data()[i] += 1e-6;
            down.data()[i] -= 1e-6;
            BOOST_TEST(near(g.data()[i], (value(up) - value(down)) / 2e-6, 1e-6), what << " d/da[" << i << "]");
        }
    } else {
        using S1 = std::tuple_element_t<1, std::tuple<Shapes...>>;
        if constexpr (index_argument<S1>::value) {
            // an index argument: bound to its number, not differentiated
            constexpr auto k = ctdiff::var<"k">;
            const double kv = static_cast<double>(index_argument<S1>::k);
            const auto node = ctdiff::detail::make<Op>(a, k);
            const auto f = node * ctdiff::var<"w">;
            const double ws = 2 * r.unit() - 1;
            const auto g = ctdiff::grad(f, ctdiff::wrt(a), a = av, k = kv, ctdiff::var<"w"> = ws)[a];
            for (std::size_t i = 0; i < av.size(); ++i) {
                auto up = av, down = av;
                up.data()[i] += 1e-6;
                down.data()[i] -= 1e-6;
                const double fd = (f(a = up, k = kv, ctdiff::var<"w"> = ws) - f(a = down, k = kv, ctdiff::var<"w"> = ws)) / 2e-6;
                BOOST_TEST(near(g.data()[i], fd, 1e-6), what << " d/da[" << i << "]");
            }
        } else {
            constexpr auto b = ctdiff::var<"b", S1>;
            ctdiff::tensor<double, S1> bv;
            fill(bv);
            const auto node = ctdiff::detail::make<Op>(a, b);
            using S = typename decltype(node)::shape_type;
            constexpr auto w = ctdiff::var<"w", S>;
            ctdiff::tensor<double, S> wv;
            double ws = 2 * r.unit() - 1;
            if constexpr (S::rank > 0) fill(wv);
            const auto f = [&] {
                if constexpr (S::rank > 0) return ctdiff::sum(node * w);
                else return node * ctdiff::var<"w">;
            }();
            const auto value = [&](const auto& at, const auto& bt) {
                if constexpr (S::rank > 0) return f(a = at, b = bt, w = wv);
                else return f(a = at, b = bt, ctdiff::var<"w"> = ws);
            };
            const auto g = [&] {
                if constexpr (S::rank > 0) return ctdiff::grad(f, ctdiff::wrt(a, b), a = av, b = bv, w = wv);
                else return ctdiff::grad(f, ctdiff::wrt(a, b), a = av, b = bv, ctdiff::var<"w"> = ws);
            }();
            for (std::size_t i = 0; i < av.size(); ++i) {
                auto up = av, down = av;
                up.data()[i] += 1e-6;
                down.data()[i] -= 1e-6;
                BOOST_TEST(near(g[a].data()[i], (value(up, bv) - value(down, bv)) / 2e-6, 1e-6), what << " d/da[" << i << "]");
            }
            for (std::size_t i = 0; i < bv.size(); ++i) {
                auto up = bv, down = bv;
                up.data()[i] += 1e-6;
                down.data()[i] -= 1e-6;
                BOOST_TEST(near(g[b].data()[i], (value(av, up) - value(av, down)) / 2e-6, 1e-6), what << " d/db[" << i << "]");
            }
        }
    }
}

}  // namespace laws
