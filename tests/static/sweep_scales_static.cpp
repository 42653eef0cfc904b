// Compile-time checks of the backward sweep's exact adjoint scales (eval/backward.hpp,
// docs/design.md "Exact scales of adjoints"): which adjoints are constants, which alias their
// parent's, which multipliers the edges carry, and that gradients built on them are right.
#include <array>
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <type_traits>
#include <utility>

namespace {

using namespace ctdiff::literals;
using ctdiff::rational;
using ctdiff::detail::no_node;
constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;

template <class E, class... Vars>
struct sweep_of {
    using dag = ctdiff::detail::dag<ctdiff::type_list<std::remove_cvref_t<E>>>;
    using type = ctdiff::detail::sweep<dag, 0, ctdiff::type_list<std::remove_cvref_t<Vars>...>, true>;
    using plain = ctdiff::detail::sweep<dag, 0, ctdiff::type_list<std::remove_cvref_t<Vars>...>, false>;

    template <std::size_t... K>
    static constexpr std::size_t index_of(auto node, std::index_sequence<K...>) {
        std::size_t found = no_node;
        [[maybe_unused]] const bool sequence[] = {
            false, (std::is_same<typename ctdiff::detail::node_at<dag, K>::type, decltype(node)>::value &&
                    (found = K, true))...};
        return found;
    }
    /// The plan of the node whose type is that of `node`.
    static constexpr ctdiff::detail::adjoint_plan node(auto node) {
        return type::plan.keys[index_of(node, std::make_index_sequence<dag::size>{})];
    }
    static constexpr std::size_t offset(auto node) {
        return dag::offset(index_of(node, std::make_index_sequence<dag::size>{}));
    }
    /// The multiplier of the step from node `parent` into key child_key (0 when none runs).
    static constexpr rational multiplier(std::size_t child_key, auto parent) {
        const std::size_t p = index_of(parent, std::make_index_sequence<dag::size>{});
        for (std::size_t i = 0; i < type::step_count; ++i)
            if (type::step(i).child == child_key && type::step(i).parent == p) return type::step(i).multiplier;
        return rational{0, 1};
    }
    static constexpr std::size_t variable_key(std::size_t position) { return dag::size + position; }
};

// ---- one Rosenbrock term: 100 (y - x^2)^2 + (1 - x)^2 ----------------------------------------
constexpr auto w = ctdiff::pow(x, 2_c);
constexpr auto d = y - w;
constexpr auto p = ctdiff::pow(d, 2_c);
constexpr auto t = 100_c * p;
constexpr auto e = 1_c - x;
constexpr auto q = ctdiff::pow(e, 2_c);
constexpr auto rosenbrock = t + q;
using R = sweep_of<decltype(rosenbrock), decltype(x), decltype(y)>;

// the output's adjoint is the constant 1, and constants pass through + and 100 *
static_assert(R::node(rosenbrock).constant && R::node(rosenbrock).scale == rational{1, 1});
static_assert(R::node(t).constant && R::node(t).scale == rational{1, 1});
static_assert(R::node(p).constant && R::node(p).scale == rational{100, 1});
static_assert(R::node(q).constant && R::node(q).scale == rational{1, 1});
// d(p)/d(d) = 2 d: the adjoint of d is 200 times d's own value, stored at d's offset
static_assert(!R::node(d).constant && R::node(d).scale == rational{200, 1} && R::node(d).at == R::offset(d));
// d(d)/d(w) = -1 and w has no other parent: w's adjoint is -200 times d's stored value (an alias)
static_assert(!R::node(w).constant && R::node(w).scale == rational{-200, 1} && R::node(w).at == R::offset(d));
static_assert(R::node(e).scale == rational{2, 1} && R::node(e).at == R::offset(e));
// the gradient entries: y gets 200 d, x gets -400 (d x) and -2 (1 - x): no negation, no 100 * 2
static_assert(R::multiplier(R::variable_key(1), d) == rational{200, 1});
static_assert(R::multiplier(R::variable_key(0), w) == rational{-400, 1});
static_assert(R::multiplier(R::variable_key(0), e) == rational{-2, 1});
// what runs: d (from the constant adjoint of p), e (from q), and the three edges above; edges
// into constant adjoints and into w (an alias) run nothing
static_assert(R::type::step_count == 5);
static_assert(R::plain::step_count == 9);  // the plain sweep (io/graph_view) runs every edge
// the product edge into x runs first, the -2 (1 - x) edge after it (see make_plan)
static_assert(R::type::step(R::type::step_count - 1).multiplier == rational{-2, 1});
static_assert(R::type::step(R::type::step_count - 1).first == false);

constexpr auto rosenbrock_grad = ctdiff::grad(rosenbrock, ctdiff::wrt(x, y), x = 0.5, y = 0.75);
// 200 d with d = 0.5 exactly; -400 d x - 2 (1 - x) = -100 - 1
static_assert(rosenbrock_grad[y] == 100.0);
static_assert(rosenbrock_grad[x] == -101.0);

// ---- contributions of different scales meet ----------------------------------------------------
// u = x y reaches the output through 3 u (constant 3), u^2 (2 u) and exp(u) (run time): its
// adjoint is kept at the scale of its first run-time contribution, and the others are
// multiplied in relative to it
constexpr auto u = x * y;
constexpr auto mixed = 3_c * u + ctdiff::pow(u, 2_c) - ctdiff::exp(u);
using M = sweep_of<decltype(mixed), decltype(x), decltype(y)>;
static_assert(!M::node(u).constant);
constexpr auto mixed_grad = ctdiff::grad(mixed, ctdiff::wrt(x, y), x = 0.5, y = 2.0);
// df/du = 3 + 2u - e^u at u = 1; times y (2) and x (0.5)
static_assert(mixed_grad[x] - 2.0 * (5.0 - ctdiff::math::exp(1.0)) < 1e-15 &&
              2.0 * (5.0 - ctdiff::math::exp(1.0)) - mixed_grad[x] < 1e-15);
static_assert(mixed_grad[y] - 0.5 * (5.0 - ctdiff::math::exp(1.0)) < 1e-15 &&
              0.5 * (5.0 - ctdiff::math::exp(1.0)) - mixed_grad[y] < 1e-15);

// ---- constant contributions are summed exactly --------------------------------------------------
// s = sin(x) reaches the output through 3 s and 5 s only: its adjoint is the constant 8
constexpr auto s = ctdiff::sin(x);
constexpr auto eight = 3_c * s + 5_c * s;
using E = sweep_of<decltype(eight), decltype(x)>;
static_assert(E::node(s).constant && E::node(s).scale == rational{8, 1});
static_assert(E::multiplier(E::variable_key(0), s) == rational{8, 1});
// a sum of constants that is 0 is not kept as a constant: the adjoint 0 is stored and multiplied
// at run time, so that 0 * inf stays NaN (a gradient at x = 0 of log(x) is NaN, not 0)
constexpr auto l = ctdiff::log(x);
constexpr auto cancel = 3_c * l + (-3_c) * l;
using Z = sweep_of<decltype(cancel), decltype(x)>;
static_assert(!Z::node(l).constant && Z::node(l).scale == rational{1, 1});
static_assert(ctdiff::grad(cancel, ctdiff::wrt(x), x = 2.0)[x] == 0.0);

// ---- fractions: 1/3 and 3 meet, and -1/2 through a negation ------------------------------------
constexpr auto v = ctdiff::exp(x);
constexpr auto thirds = (v / 3_c) * y + 3_c * (v * y) - v * (0.5_c * y);
constexpr auto thirds_grad = ctdiff::grad(thirds, ctdiff::wrt(x, y), x = 0.0, y = 3.0);
// f = (1/3 + 3 - 1/2) e^x y = (17/6) e^x y: df/dx = 17/6 * 3 = 8.5, df/dy = 17/6
static_assert(thirds_grad[x] - 8.5 < 1e-15 && 8.5 - thirds_grad[x] < 1e-15);
static_assert(thirds_grad[y] - 17.0 / 6 < 1e-15 && 17.0 / 6 - thirds_grad[y] < 1e-15);

// ---- tensor ops keep scale 1 -------------------------------------------------------------------
// In 3 sum((W a)^2) the adjoint of m = W a is 6 m: with an elementwise op m would keep the scale 6,
// but the VJP of matvec writes W's 12 and a's 4 elements from m's 3, so the scale is multiplied in
// before it. The sum node's constant adjoint 3 passes into the VJP of sum as a scale.
constexpr auto W = ctdiff::var<"W", ctdiff::shape<3, 4>>;
constexpr auto a = ctdiff::var<"a", ctdiff::shape<4>>;
constexpr auto m = ctdiff::matvec(W, a);
constexpr auto squares = ctdiff::sum(ctdiff::pow(m, 2_c));
constexpr auto layer = 3_c * squares;
using T = sweep_of<decltype(layer), decltype(W), decltype(a)>;
static_assert(T::node(squares).constant && T::node(squares).scale == rational{3, 1});
static_assert(T::node(ctdiff::pow(m, 2_c)).scale == rational{3, 1});  // from the VJP of sum
static_assert(!T::node(m).constant && T::node(m).scale == rational{1, 1});

}  // namespace
