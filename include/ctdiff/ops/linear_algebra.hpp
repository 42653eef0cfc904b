// ctdiff/ops/linear_algebra.hpp — matvec, matmul, transpose, dot, outer.
// Tensor ops: one node each, whatever its size (ops/tensor.hpp explains the members they give).
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

namespace op {
struct matvec;
struct matmul;
struct transpose;
struct dot;
struct outer;
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

}  // namespace op

}  // namespace ctdiff
