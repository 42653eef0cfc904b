// ctdiff/ops/reductions.hpp — sum, mean, and pick (the element at a run-time index).
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
struct sum;
struct mean;
struct pick;
}  // namespace op

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
/// Element k of a vector, where k is a scalar expression holding an index (a class label bound
/// as a number: `label = 2.0`). An index that is not an integer in [0, N) gives NaN; nothing is
/// read out of bounds. The derivative with respect to k is 0.
template <expression A, expression K>
constexpr auto pick(A a, K k) noexcept {
    return detail::make<op::pick>(a, k);
}

namespace detail {
/// The sum of a view's elements, left to right.
template <class A>
CTDIFF_FORCEINLINE constexpr auto sum_of_elements(A a) {
    auto s = a[0];
    for (std::size_t i = 1; i < A::shape_type::size; ++i) s += a[i];
    return s;
}
}  // namespace detail

namespace op {

/// What sum and mean share: a scalar result, and a one-element argument as its own reduction.
template <class Reduction>
struct full_reduction {
    static constexpr bool elementwise = false;
    template <class S>
    static constexpr ctdiff::shape<> shape(S) {
        return ctdiff::shape<>{};
    }
    template <class A>
    static constexpr auto simplify(A a) {
        if constexpr (A::shape_type::size == 1) return a;
        else return expr<Reduction, A>{};
    }
};

struct sum : full_reduction<sum> {
    static constexpr notation print{fixity::function, "sum", "\\sum", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"{g} in every element"};

    template <class Out, class A>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a) {
        out[0] = detail::sum_of_elements(a);
    }
    template <std::size_t I, class Adj, class G, class Y, class A>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A) {
        for (std::size_t i = 0; i < A::shape_type::size; ++i) adj.put(i, g[0]);
    }
};

struct mean : full_reduction<mean> {
    static constexpr notation print{fixity::function, "mean", "\\operatorname{mean}", precedence::atom};
    static constexpr std::string_view vjp_print[] = {"{g} / {#0} in every element"};

    template <class Out, class A>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a) {
        out[0] = detail::sum_of_elements(a) / static_cast<typename Out::value_type>(A::shape_type::size);
    }
    template <std::size_t I, class Adj, class G, class Y, class A>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A) {
        const auto share = g[0] / static_cast<typename Adj::value_type>(A::shape_type::size);
        for (std::size_t i = 0; i < A::shape_type::size; ++i) adj.put(i, share);
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
