// ctdiff/ops/tensor.hpp — operations on whole tensors: matvec, matmul, transpose, dot, outer, sum,
// mean, softmax, log_softmax, logsumexp, pick.
//
// A tensor op is one node of the graph, however many elements it touches. Like every op it owns
// all of its rules; unlike an elementwise op (which gives a scalar `eval` and `partial`, lifted
// to tensors by the evaluator), it says `elementwise = false` and gives
//   - `shape(S...)`: the result's shape from the arguments' shapes, a compile error naming them
//     when they do not fit;
//   - `forward(out, in...)`: the value, as fixed-trip-count loops over views (core/tensor.hpp);
//   - `vjp<I>(adj, g, y, in...)`: the vector-Jacobian product for argument I: given the adjoint
//     g of the result and the result y itself, it puts g^T (d y / d in_I) into adj, each element
//     exactly once with `adj.put(k, v)` (which adds to what earlier edges put there);
//   - `vjp_print[I]`: that product as the printers (to_dot, trace) write it, with {g} for the
//     result's adjoint, {y} for the result, {0}, {1} for the arguments and {#0} for the number of
//     elements of argument 0.
// Elements are row-major: a matrix of shape<M, N> has element (i, j) at i * N + j.
#pragma once

#include <cstddef>
#include <string_view>
#include <type_traits>

#include "ctdiff/core/pack.hpp"
#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/make.hpp"
#include "ctdiff/core/match.hpp"
#include "ctdiff/core/notation.hpp"
#include "ctdiff/core/shape.hpp"
#include "ctdiff/math/math.hpp"

namespace ctdiff {

namespace detail {
/// Named in the compiler's message when a tensor op's argument shapes do not fit: the op and
/// the shapes it was given, e.g. `shapes_do_not_fit<op::matvec, shape<3, 4>, shape<3>>`.
template <class Op, class... Shapes>
struct shapes_do_not_fit : std::false_type {};

/// The largest element of a view, NaN if any element is NaN.
template <std::size_t N, class In>
CTDIFF_FORCEINLINE constexpr auto max_of(const In& x) {
    auto m = x[0];
    for (std::size_t i = 1; i < N; ++i) {
        const auto v = x[i];
        m = ctdiff::where(m != m, m, ctdiff::where((v > m) || (v != v), v, m));  // NaN stays
    }
    return m;
}

/// The shifted exponentials of softmax: m = max x, e_i = exp(x_i - m) (never overflows, at least
/// one is 1), their sum, and m. With +inf among the x_i, the +inf elements share the mass
/// equally; with NaN, or every x_i = -inf, everything is NaN.
template <class T, std::size_t N>
struct shifted_exponentials {
    T e[N];
    T sum;
    T max;
};
template <class T, std::size_t N, class In>
CTDIFF_FORCEINLINE constexpr shifted_exponentials<T, N> shifted_exp(const In& x) {
    shifted_exponentials<T, N> r{};
    r.max = detail::max_of<N>(x);
    constexpr T inf = math::detail::inf_v<T>;
    const auto undefined = (r.max != r.max) || (r.max == -inf);
    if (ctdiff::all(undefined)) {
        for (std::size_t i = 0; i < N; ++i) r.e[i] = math::detail::nan_v<T>;
        r.sum = math::detail::nan_v<T>;
        return r;
    }
    // (lane by lane for packs, where some lanes may be undefined or have an infinite maximum;
    // shift keeps those lanes' arithmetic off NaN)
    const auto top = r.max == inf;
    const T shift = ctdiff::where(top || undefined, T(0), r.max);
    for (std::size_t i = 0; i < N; ++i) {
        r.e[i] = ctdiff::where(undefined, math::detail::nan_v<T>,
                               ctdiff::where(top, ctdiff::where(x[i] == inf, T(1), T(0)), math::exp(T(x[i] - shift))));
        r.sum += r.e[i];
    }
    return r;
}

/// log(sum_i exp(x_i)), without overflow: max + log(sum exp(x_i - max)).
template <class T, std::size_t N, class In>
CTDIFF_FORCEINLINE constexpr T logsumexp_of(const In& x) {
    const T m = detail::max_of<N>(x);
    const auto special = (m != m) || (m == math::detail::inf_v<T>) || (m == -math::detail::inf_v<T>);
    if (ctdiff::all(special)) return m;  // NaN, or +-inf
    const T shift = ctdiff::where(special, T(0), m);  // (lanes of a pack may differ)
    T s{};
    for (std::size_t i = 0; i < N; ++i) s += math::exp(T(x[i] - shift));
    return ctdiff::where(special, m, m + math::log(s));
}
}  // namespace detail

namespace op {
struct matvec;
struct matmul;
struct transpose;
struct dot;
struct outer;
struct sum;
struct mean;
struct softmax;
struct log_softmax;
struct logsumexp;
struct pick;
}  // namespace op

/// W x for W of shape<M, N> and x of shape<N>: a vector of shape<M>.
template <expression A, expression B>
constexpr auto matvec(A a, B b) noexcept {
    return detail::make<op::matvec>(a, b);
}
/// A B for A of shape<M, K> and B of shape<K, N>: a matrix of shape<M, N>.
template <expression A, expression B>
constexpr auto matmul(A a, B b) noexcept {
    return detail::make<op::matmul>(a, b);
}
/// A^T: shape<M, N> becomes shape<N, M>.
template <expression A>
constexpr auto transpose(A a) noexcept {
    return detail::make<op::transpose>(a);
}
/// The sum of the elementwise products of two tensors of one shape: a scalar.
template <expression A, expression B>
constexpr auto dot(A a, B b) noexcept {
    return detail::make<op::dot>(a, b);
}
/// a b^T for vectors a of shape<M> and b of shape<N>: a matrix of shape<M, N>.
template <expression A, expression B>
constexpr auto outer(A a, B b) noexcept {
    return detail::make<op::outer>(a, b);
}
/// The sum of all elements: a scalar.
template <expression A>
constexpr auto sum(A a) noexcept {
    return detail::make<op::sum>(a);
}
/// The mean of all elements: a scalar.
template <expression A>
constexpr auto mean(A a) noexcept {
    return detail::make<op::mean>(a);
}
/// exp(x_i) / sum_j exp(x_j) over a vector, computed without overflow.
template <expression A>
constexpr auto softmax(A a) noexcept {
    return detail::make<op::softmax>(a);
}
/// x_i - logsumexp(x) over a vector: the logarithm of softmax, without its rounding to 0.
template <expression A>
constexpr auto log_softmax(A a) noexcept {
    return detail::make<op::log_softmax>(a);
}
/// log(sum_i exp(x_i)) over a tensor, computed without overflow (finite for x_i = 1000).
template <expression A>
constexpr auto logsumexp(A a) noexcept {
    return detail::make<op::logsumexp>(a);
}
/// Element k of a vector, where k is a scalar expression holding an index (a class label bound
/// as a number: `label = 2.0`). An index that is not an integer in [0, N) gives NaN; nothing is
/// read out of bounds. The derivative with respect to k is 0.
template <expression A, expression K>
constexpr auto pick(A a, K k) noexcept {
    return detail::make<op::pick>(a, k);
}

namespace op {

struct matvec {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "matvec", "\\operatorname{matvec}", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"outer({g}, {1})", "matvec(transpose({0}), {g})"};

    template <std::size_t M, std::size_t N>
    static constexpr ctdiff::shape<M> shape(ctdiff::shape<M, N>, ctdiff::shape<N>) {
        return {};
    }
    template <class A, class B>
    static constexpr auto shape(A, B) {
        static_assert(detail::shapes_do_not_fit<matvec, A, B>::value,
                      "ctdiff::matvec(W, x): W must have shape<M, N> and x shape<N> (the shapes given "
                      "are spelled out in shapes_do_not_fit<...>)");
        return ctdiff::shape<>{};
    }
    template <class Out, class W, class X>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, W w, X x) {
        constexpr std::size_t m = Out::shape_type::size, n = X::shape_type::size;
        for (std::size_t i = 0; i < m; ++i) {
            auto s = w[i * n] * x[0];
            for (std::size_t j = 1; j < n; ++j) s += w[i * n + j] * x[j];
            out[i] = s;
        }
    }
    template <std::size_t I, class Adj, class G, class Y, class W, class X>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, W w, X x) {
        constexpr std::size_t m = G::shape_type::size, n = X::shape_type::size;
        if constexpr (I == 0) {  // dW = g x^T
            for (std::size_t i = 0; i < m; ++i)
                for (std::size_t j = 0; j < n; ++j) adj.put(i * n + j, g[i] * x[j]);
        } else {  // dx = W^T g
            typename Adj::value_type t[n]{};
            for (std::size_t i = 0; i < m; ++i)
                for (std::size_t j = 0; j < n; ++j) t[j] += w[i * n + j] * g[i];
            for (std::size_t j = 0; j < n; ++j) adj.put(j, t[j]);
        }
    }
};

struct matmul {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "matmul", "\\operatorname{matmul}", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"matmul({g}, transpose({1}))", "matmul(transpose({0}), {g})"};

    template <std::size_t M, std::size_t K, std::size_t N>
    static constexpr ctdiff::shape<M, N> shape(ctdiff::shape<M, K>, ctdiff::shape<K, N>) {
        return {};
    }
    template <class A, class B>
    static constexpr auto shape(A, B) {
        static_assert(detail::shapes_do_not_fit<matmul, A, B>::value,
                      "ctdiff::matmul(A, B): A must have shape<M, K> and B shape<K, N> (the shapes "
                      "given are spelled out in shapes_do_not_fit<...>)");
        return ctdiff::shape<>{};
    }
    template <class Out, class A, class B>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a, B b) {
        constexpr std::size_t m = detail::rows_of<typename A::shape_type>::value, k = detail::cols_of<typename A::shape_type>::value,
                              n = detail::cols_of<typename B::shape_type>::value;
        for (std::size_t i = 0; i < m; ++i) {
            typename Out::value_type row[n]{};
            for (std::size_t p = 0; p < k; ++p)
                for (std::size_t j = 0; j < n; ++j) row[j] += a[i * k + p] * b[p * n + j];
            for (std::size_t j = 0; j < n; ++j) out[i * n + j] = row[j];
        }
    }
    template <std::size_t I, class Adj, class G, class Y, class A, class B>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A a, B b) {
        constexpr std::size_t m = detail::rows_of<typename A::shape_type>::value, k = detail::cols_of<typename A::shape_type>::value,
                              n = detail::cols_of<typename B::shape_type>::value;
        if constexpr (I == 0) {  // dA = G B^T: dA(i, p) = sum_j G(i, j) B(p, j)
            for (std::size_t i = 0; i < m; ++i)
                for (std::size_t p = 0; p < k; ++p) {
                    typename Adj::value_type s{};
                    for (std::size_t j = 0; j < n; ++j) s += g[i * n + j] * b[p * n + j];
                    adj.put(i * k + p, s);
                }
        } else {  // dB = A^T G: dB(p, j) = sum_i A(i, p) G(i, j)
            for (std::size_t p = 0; p < k; ++p) {
                typename Adj::value_type row[n]{};
                for (std::size_t i = 0; i < m; ++i)
                    for (std::size_t j = 0; j < n; ++j) row[j] += a[i * k + p] * g[i * n + j];
                for (std::size_t j = 0; j < n; ++j) adj.put(p * n + j, row[j]);
            }
        }
    }
};

struct transpose {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "transpose", "\\operatorname{transpose}",
                                    precedence::atom};
    static constexpr std::string_view vjp_print[] = {"transpose({g})"};

    template <std::size_t M, std::size_t N>
    static constexpr ctdiff::shape<N, M> shape(ctdiff::shape<M, N>) {
        return {};
    }
    template <std::size_t N>
    static constexpr ctdiff::shape<N> shape(ctdiff::shape<N>) {
        return {};
    }
    template <class A>
    static constexpr auto shape(A) {
        static_assert(detail::shapes_do_not_fit<transpose, A>::value,
                      "ctdiff::transpose(A): A must be a matrix (shape<M, N>) or a vector");
        return ctdiff::shape<>{};
    }
    template <class Out, class A>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a) {
        constexpr std::size_t n = detail::cols_of<typename Out::shape_type>::value;
        constexpr std::size_t m = Out::shape_type::size / n;  // out is m x n, a is n x m
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j) out[i * n + j] = a[j * m + i];
    }
    template <std::size_t I, class Adj, class G, class Y, class A>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A) {
        constexpr std::size_t n = detail::cols_of<typename Adj::shape_type>::value;
        constexpr std::size_t m = Adj::shape_type::size / n;  // adj is m x n, g is n x m
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j) adj.put(i * n + j, g[j * m + i]);
    }
    template <class A>
    static constexpr auto simplify(A) {
        if constexpr (detail::node_of<transpose, A>) return detail::child_t<0, A>{};  // (A^T)^T = A
        else if constexpr (A::shape_type::rank < 2) return A{};                              // a vector
        else return expr<transpose, A>{};
    }
};

struct dot {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "dot", "\\operatorname{dot}", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"{g}*{1}", "{g}*{0}"};

    template <class S>
    static constexpr ctdiff::shape<> shape(S, S) {
        return {};
    }
    template <class A, class B>
    static constexpr auto shape(A, B) {
        static_assert(detail::shapes_do_not_fit<dot, A, B>::value,
                      "ctdiff::dot(a, b): a and b must have the same shape (the shapes given are "
                      "spelled out in shapes_do_not_fit<...>)");
        return ctdiff::shape<>{};
    }
    template <class Out, class A, class B>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a, B b) {
        auto s = a[0] * b[0];
        for (std::size_t i = 1; i < A::shape_type::size; ++i) s += a[i] * b[i];
        out[0] = s;
    }
    template <std::size_t I, class Adj, class G, class Y, class A, class B>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A a, B b) {
        for (std::size_t i = 0; i < A::shape_type::size; ++i) adj.put(i, g[0] * (I == 0 ? b[i] : a[i]));
    }
};

struct outer {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "outer", "\\operatorname{outer}", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"matvec({g}, {1})", "matvec(transpose({g}), {0})"};

    template <std::size_t M, std::size_t N>
    static constexpr ctdiff::shape<M, N> shape(ctdiff::shape<M>, ctdiff::shape<N>) {
        return {};
    }
    template <class A, class B>
    static constexpr auto shape(A, B) {
        static_assert(detail::shapes_do_not_fit<outer, A, B>::value,
                      "ctdiff::outer(a, b): a and b must be vectors (shape<M> and shape<N>)");
        return ctdiff::shape<>{};
    }
    template <class Out, class A, class B>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a, B b) {
        constexpr std::size_t m = A::shape_type::size, n = B::shape_type::size;
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j) out[i * n + j] = a[i] * b[j];
    }
    template <std::size_t I, class Adj, class G, class Y, class A, class B>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A a, B b) {
        constexpr std::size_t m = A::shape_type::size, n = B::shape_type::size;
        if constexpr (I == 0) {  // da_i = sum_j G(i, j) b_j
            for (std::size_t i = 0; i < m; ++i) {
                typename Adj::value_type s{};
                for (std::size_t j = 0; j < n; ++j) s += g[i * n + j] * b[j];
                adj.put(i, s);
            }
        } else {  // db_j = sum_i G(i, j) a_i
            typename Adj::value_type t[n]{};
            for (std::size_t i = 0; i < m; ++i)
                for (std::size_t j = 0; j < n; ++j) t[j] += g[i * n + j] * a[i];
            for (std::size_t j = 0; j < n; ++j) adj.put(j, t[j]);
        }
    }
};

struct sum {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "sum", "\\sum", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"{g} in every element"};

    template <class S>
    static constexpr ctdiff::shape<> shape(S) {
        return ctdiff::shape<>{};
    }
    template <class Out, class A>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a) {
        auto s = a[0];
        for (std::size_t i = 1; i < A::shape_type::size; ++i) s += a[i];
        out[0] = s;
    }
    template <std::size_t I, class Adj, class G, class Y, class A>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A) {
        for (std::size_t i = 0; i < A::shape_type::size; ++i) adj.put(i, g[0]);
    }
    template <class A>
    static constexpr auto simplify(A a) {
        if constexpr (A::shape_type::size == 1) return a;
        else return expr<sum, A>{};
    }
};

struct mean {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "mean", "\\operatorname{mean}", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"{g} / {#0} in every element"};

    template <class S>
    static constexpr ctdiff::shape<> shape(S) {
        return ctdiff::shape<>{};
    }
    template <class Out, class A>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a) {
        auto s = a[0];
        for (std::size_t i = 1; i < A::shape_type::size; ++i) s += a[i];
        out[0] = s / static_cast<typename Out::value_type>(A::shape_type::size);
    }
    template <std::size_t I, class Adj, class G, class Y, class A>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A) {
        const auto share = g[0] / static_cast<typename Adj::value_type>(A::shape_type::size);
        for (std::size_t i = 0; i < A::shape_type::size; ++i) adj.put(i, share);
    }
    template <class A>
    static constexpr auto simplify(A a) {
        if constexpr (A::shape_type::size == 1) return a;
        else return expr<mean, A>{};
    }
};

struct logsumexp {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "logsumexp", "\\operatorname{logsumexp}",
                                    precedence::atom};
    static constexpr std::string_view vjp_print[] = {"{g}*softmax({0})"};

    template <class S>
    static constexpr ctdiff::shape<> shape(S) {
        return ctdiff::shape<>{};
    }
    template <class Out, class A>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a) {
        out[0] = detail::logsumexp_of<typename Out::value_type, A::shape_type::size>(a);
    }
    template <std::size_t I, class Adj, class G, class Y, class A>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A a) {  // d/dx_i = softmax_i
        using T = typename Adj::value_type;
        constexpr std::size_t n = A::shape_type::size;
        // softmax from the shifted exponentials, not exp(x_i - y): y's rounding error is about
        // |y| ulp, which the exponential would pass on to every element
        const auto r = detail::shifted_exp<T, n>(a);
        for (std::size_t i = 0; i < n; ++i) adj.put(i, g[0] * (r.e[i] / r.sum));
    }
};

struct softmax {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "softmax", "\\operatorname{softmax}", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"{y}*({g} - dot({g}, {y}))"};

    template <std::size_t N>
    static constexpr ctdiff::shape<N> shape(ctdiff::shape<N>) {
        return {};
    }
    template <class A>
    static constexpr auto shape(A) {
        static_assert(detail::shapes_do_not_fit<softmax, A>::value, "ctdiff::softmax(x): x must be a vector");
        return ctdiff::shape<>{};
    }
    template <class Out, class A>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a) {
        using T = typename Out::value_type;
        constexpr std::size_t n = A::shape_type::size;
        const auto r = detail::shifted_exp<T, n>(a);
        for (std::size_t i = 0; i < n; ++i) out[i] = r.e[i] / r.sum;
    }
    template <std::size_t I, class Adj, class G, class Y, class A>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y y, A) {  // y_i (g_i - sum_j g_j y_j)
        constexpr std::size_t n = A::shape_type::size;
        typename Adj::value_type gy{};
        for (std::size_t j = 0; j < n; ++j) gy += g[j] * y[j];
        for (std::size_t i = 0; i < n; ++i) adj.put(i, y[i] * (g[i] - gy));
    }
};

struct log_softmax {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "log_softmax", "\\operatorname{log\\_softmax}",
                                    precedence::atom};
    static constexpr std::string_view vjp_print[] = {"{g} - exp({y})*sum({g})"};

    template <std::size_t N>
    static constexpr ctdiff::shape<N> shape(ctdiff::shape<N>) {
        return {};
    }
    template <class A>
    static constexpr auto shape(A) {
        static_assert(detail::shapes_do_not_fit<log_softmax, A>::value,
                      "ctdiff::log_softmax(x): x must be a vector");
        return ctdiff::shape<>{};
    }
    template <class Out, class A>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a) {
        using T = typename Out::value_type;
        constexpr std::size_t n = A::shape_type::size;
        const T m = detail::max_of<n>(a);
        const auto special = (m != m) || (m == math::detail::inf_v<T>) || (m == -math::detail::inf_v<T>);
        if (ctdiff::all(special)) {
            for (std::size_t i = 0; i < n; ++i) out[i] = a[i] - m;  // NaN, or -inf / NaN elements
            return;
        }
        const T shift = ctdiff::where(special, T(0), m);  // (lanes of a pack may differ)
        T s{};
        for (std::size_t i = 0; i < n; ++i) s += math::exp(T(a[i] - shift));
        const T log_s = math::log(s);
        for (std::size_t i = 0; i < n; ++i)  // errors relative to the element, not to max + log_s
            out[i] = ctdiff::where(special, T(a[i] - m), T(T(a[i] - shift) - log_s));
    }
    template <std::size_t I, class Adj, class G, class Y, class A>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y y, A) {  // g_i - softmax_i sum_j g_j
        using T = typename Adj::value_type;
        constexpr std::size_t n = A::shape_type::size;
        T gs{};
        for (std::size_t j = 0; j < n; ++j) gs += g[j];
        for (std::size_t i = 0; i < n; ++i) adj.put(i, g[i] - math::exp(T(y[i])) * gs);
    }
};

struct pick {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, "pick", "\\operatorname{pick}", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"{g} at element {1}, 0 elsewhere", "0"};

    template <std::size_t N>
    static constexpr ctdiff::shape<> shape(ctdiff::shape<N>, ctdiff::shape<>) {
        return {};
    }
    template <class A, class K>
    static constexpr auto shape(A, K) {
        static_assert(detail::shapes_do_not_fit<pick, A, K>::value,
                      "ctdiff::pick(v, k): v must be a vector and k a scalar index");
        return ctdiff::shape<>{};
    }
    /// k as an index into n elements, or n when it is not an integer in [0, n).
    template <std::size_t N, class T>
    CTDIFF_FORCEINLINE static constexpr std::size_t index(T k) {
        if (!(k >= T(0) && k < T(N))) return N;  // also NaN
        const auto i = static_cast<std::size_t>(k);
        return static_cast<T>(i) == k ? i : N;
    }
    template <class Out, class A, class K>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a, K k) {
        using T = typename Out::value_type;
        if constexpr (is_pack<T>::value) {  // a gather: each lane its own index
            out[0] = T::generate([&](std::size_t lane) {
                const std::size_t i = index<A::shape_type::size>(k[0][lane]);
                return i < A::shape_type::size ? a[i][lane] : math::detail::nan_v<detail::lane_t<T>>;
            });
        } else {
            const std::size_t i = index<A::shape_type::size>(k[0]);
            out[0] = i < A::shape_type::size ? a[i] : math::detail::nan_v<T>;
        }
    }
    template <std::size_t I, class Adj, class G, class Y, class A, class K>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A, K k) {
        using T = typename Adj::value_type;
        if constexpr (I == 0 && is_pack<T>::value) {
            using L = detail::lane_t<T>;
            for (std::size_t i = 0; i < A::shape_type::size; ++i)
                adj.put(i, T::generate([&](std::size_t lane) {
                    const std::size_t at = index<A::shape_type::size>(k[0][lane]);
                    return i == at ? g[0][lane] : (at < A::shape_type::size ? L{} : math::detail::nan_v<L>);
                }));
        } else if constexpr (I == 0) {
            const std::size_t at = index<A::shape_type::size>(k[0]);
            for (std::size_t i = 0; i < A::shape_type::size; ++i)
                adj.put(i, i == at ? g[0] : (at < A::shape_type::size ? T{} : math::detail::nan_v<T>));
        } else {
            adj.put(0, T{});  // a label does not vary continuously
        }
    }
};

}  // namespace op

}  // namespace ctdiff
