// ctdiff/ops/softmax.hpp — softmax, log_softmax, logsumexp: without overflow, with the IEEE values of
// the edge cases (every element -inf, +inf among them, NaN).
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

namespace detail {
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

// (Differences and quotients below go through math::subtract and math::divide: in constant
// evaluation g++ rejects an overflow (-max - max) and clang any NaN result (inf - inf, NaN / NaN),
// where the IEEE value is what softmax of such inputs is.)

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
                               ctdiff::where(top, ctdiff::where(x[i] == inf, T(1), T(0)),
                                             math::exp(math::subtract(T(x[i]), shift))));
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
    for (std::size_t i = 0; i < N; ++i) s += math::exp(math::subtract(T(x[i]), shift));
    return ctdiff::where(special, m, math::add(m, math::log(s)));
}
}  // namespace detail

namespace op {
struct softmax;
struct log_softmax;
struct logsumexp;
}  // namespace op

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

namespace op {

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
        for (std::size_t i = 0; i < n; ++i) out[i] = math::divide(r.e[i], r.sum);  // (NaN / NaN: IEEE, constexpr too)
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
            for (std::size_t i = 0; i < n; ++i) out[i] = math::subtract(T(a[i]), m);  // NaN, or -inf / NaN elements
            return;
        }
        const T shift = ctdiff::where(special, T(0), m);  // (lanes of a pack may differ)
        T s{};
        for (std::size_t i = 0; i < n; ++i) s += math::exp(math::subtract(T(a[i]), shift));
        const T log_s = math::log(s);
        for (std::size_t i = 0; i < n; ++i)  // errors relative to the element, not to max + log_s
            out[i] = ctdiff::where(special, math::subtract(T(a[i]), m), math::subtract(math::subtract(T(a[i]), shift), log_s));
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

}  // namespace op

}  // namespace ctdiff
