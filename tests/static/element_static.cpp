// Elements of tensors as scalar expressions (`at<i>(p)`), and scalar expressions over tensor
// variables under ops with scalar results: values and derivatives checked by the compiler against
// hand derivations.
#include <ctdiff/ctdiff.hpp>
#include <tuple>

namespace {

using namespace ctdiff::literals;
using ctdiff::at;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto p = ctdiff::var<"p", shape<3>>;
constexpr auto W = ctdiff::var<"W", shape<2, 2>>;
constexpr auto s = ctdiff::var<"s">;

constexpr tensor<double, shape<3>> p0{{2.0, -1.0, 0.5}};
constexpr tensor<double, shape<2, 2>> W0{{{1.0, 2.0}, {3.0, 4.0}}};

// values: at<i> of a vector, at<i, j> of a matrix (row i, column j)
static_assert(ctdiff::evaluate(at<1>(p), p = p0) == -1.0);
static_assert(ctdiff::evaluate(at<1, 0>(W), W = W0) == 3.0);
static_assert(ctdiff::evaluate(at<0>(p) * at<1, 1>(W), p = p0, W = W0) == 8.0);

// the element of an elementwise expression is the expression of the elements
static_assert(std::is_same_v<decltype(at<2>(p * p + s)), decltype(at<2>(p) * at<2>(p) + s)>);
static_assert(ctdiff::evaluate(at<2>(p * p + s), p = p0, s = 1.0) == 1.25);

// symbolic d with respect to a scalar through elements and sums of tensor variables:
// d/ds (p1 s^3 + sum(p) s) = 3 p1 s^2 + sum(p) = -3 * 4 + 1.5 at s = 2
constexpr auto f = at<1>(p) * s * s * s + ctdiff::sum(p) * s;
static_assert(ctdiff::d(f, s)(p = p0, s = 2.0) == -10.5);
// and second derivatives: d2/ds2 = 6 p1 s = -12
static_assert(ctdiff::d(f, s, s)(p = p0, s = 2.0) == -12.0);
static_assert(ctdiff::hessian(f, ctdiff::wrt(s), p = p0, s = 2.0)(s, s) == -12.0);

// the gradient with respect to the tensor variable is a tensor: d/dp = (s, s^3 + s, s)
static_assert(ctdiff::grad(f, ctdiff::wrt(p), p = p0, s = 2.0)[p] == tensor<double, shape<3>>{{2.0, 10.0, 2.0}});

// a Jacobian with a matrix variable: columns W(0,0), W(0,1), W(1,0), W(1,1), then s
constexpr auto J = ctdiff::jacobian(std::tuple{at<0, 1>(W) * s, at<1, 0>(W) * at<1, 1>(W)}, ctdiff::wrt(W, s), W = W0,
                                    s = 5.0);
static_assert(J.cols == 5);
static_assert(J(0, 0) == 0.0 && J(0, 1) == 5.0 && J(0, 4) == 2.0);
static_assert(J(1, 2) == 4.0 && J(1, 3) == 3.0 && J(1, 4) == 0.0);

}  // namespace
