// Tensor gradients checked by the compiler, against derivations by hand:
//   d/dW sum(W x) = 1 x^T,  d/dx sum(W x) = W^T 1,  d/da dot(a, b) = b,  d/dx mean(x) = 1/n,
//   d/ds sum(s * x) = sum(x) (a broadcast scalar collects the adjoints of all elements),
//   and the seeds' tiny network L = ((w x)^2 - t)^2 with w, x as 1-element vectors: 1248.
#include <ctdiff/ctdiff.hpp>

namespace {
using namespace ctdiff::literals;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto W = ctdiff::var<"W", shape<2, 3>>;
constexpr auto x = ctdiff::var<"x", shape<3>>;
constexpr auto s = ctdiff::var<"s">;
constexpr tensor<double, shape<2, 3>> Wv{{{1, 2, 3}, {4, 5, 6}}};
constexpr tensor<double, shape<3>> xv{{0.5, -1, 2}};

constexpr auto g = ctdiff::grad(ctdiff::sum(ctdiff::matvec(W, x)), ctdiff::wrt(W, x), W = Wv, x = xv);
static_assert(g[W](0, 0) == 0.5 && g[W](1, 1) == -1 && g[W](1, 2) == 2);
static_assert(g[x](0) == 5 && g[x](1) == 7 && g[x](2) == 9);

constexpr auto a = ctdiff::var<"a", shape<3>>;
constexpr auto gd = ctdiff::grad(ctdiff::dot(a, x), ctdiff::wrt(a), a = xv, x = tensor<double, shape<3>>{{7, 8, 9}});
static_assert(gd[a](0) == 7 && gd[a](1) == 8 && gd[a](2) == 9);

constexpr auto gm = ctdiff::grad(ctdiff::mean(x * x), ctdiff::wrt(x), x = xv);
static_assert(gm[x](0) == 2 * 0.5 / 3 && gm[x](2) == 2 * 2.0 / 3);

constexpr auto gs = ctdiff::grad(ctdiff::sum(s * x), ctdiff::wrt(s, x), s = 3.0, x = xv);
static_assert(gs[s] == 1.5 && gs[x](1) == 3);

// the seeds' tiny network with one-element tensors
constexpr auto w1 = ctdiff::var<"w", shape<1>>;
constexpr auto x1 = ctdiff::var<"x", shape<1>>;
constexpr auto t = ctdiff::var<"t">;
constexpr auto L = ctdiff::sum(ctdiff::pow(ctdiff::pow(w1 * x1, 2_c) - t, 2_c));
static_assert(ctdiff::grad(L, ctdiff::wrt(w1), w1 = tensor<double, shape<1>>{{3}}, x1 = tensor<double, shape<1>>{{2}},
                           t = 10.0)[w1](0) == 1248);

// u - u is not simplified to the scalar 0 when u is a tensor (sum(u - u) would then be 0 of
// the wrong shape), and u / u not to 1 (sum(x / x) is 3, not 1)
static_assert(ctdiff::sum(x / x)(x = xv) == 3);
static_assert(std::is_same<decltype(x - x)::shape_type, shape<3>>::value);
}  // namespace

// nn::mse squares with the exact power u^2 (as pow(u, 2_c) does), not the general pow(u, v)
namespace mse_check {
constexpr auto p = ctdiff::var<"p", shape<3>>;
constexpr auto t = ctdiff::var<"t", shape<3>>;
static_assert(std::is_same_v<decltype(ctdiff::nn::mse(p, t)), decltype(ctdiff::mean(ctdiff::pow(p - t, 2_c)))>);
constexpr ctdiff::tensor<double, shape<3>> pv{{1.0, 2.0, 4.0}}, tv{{0.0, 0.0, 1.0}};
static_assert(ctdiff::nn::mse(p, t)(p = pv, t = tv) == (1.0 + 4.0 + 9.0) / 3.0);
}  // namespace mse_check
