// ctdiff/ops/element.hpp — one element of a tensor as a scalar expression: `at<3>(p)`,
// `at<1, 2>(W)`.
//
// `at` is a tensor op (one node; its VJP puts the adjoint into the chosen element and 0 into the
// others). Taken of an elementwise expression it moves inwards when the node is built:
// `at<i>(v * v - y)` is `at<i>(v) * at<i>(v) - at<i>(y)`, so the element of a residual vector
// is a small scalar graph over elements of variables, and a Jacobian of it follows only the
// edges of that element (eval/jacobian.hpp builds the rows of a tensor-valued output this way).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/make.hpp"
#include "ctdiff/core/notation.hpp"
#include "ctdiff/core/shape.hpp"

namespace ctdiff {

namespace detail {
/// "at<1, 2>" (or, for LaTeX, "\operatorname{at}_{1, 2}"): the printed name of op::at<I...>.
template <bool Latex, std::size_t... I>
struct at_symbol {
    static constexpr auto text = [] {
        std::array<char, 16 + 22 * sizeof...(I) + 1> out{};
        std::size_t n = 0;
        const auto append = [&](std::string_view s) {
            for (char c : s) out[n++] = c;
        };
        const auto append_number = [&](std::size_t v) {
            char digits[21]{};
            std::size_t d = 0;
            do {
                digits[d++] = static_cast<char>('0' + v % 10);
                v /= 10;
            } while (v != 0);
            while (d != 0) out[n++] = digits[--d];
        };
        append(Latex ? "\\operatorname{at}_{" : "at<");
        bool first = true;
        ((append(first ? "" : ", "), first = false, append_number(I)), ...);
        append(Latex ? "}" : ">");
        return std::pair{out, n};
    }();
    static constexpr std::string_view view{text.first.data(), text.second};
};

/// Named in the compiler's message when at<I...>(t) does not fit t's shape.
template <class Shape, std::size_t... I>
struct element_index_does_not_fit_shape : std::false_type {};

/// The flat (row-major) position of the element at index I... of Shape.
template <class Shape, std::size_t... I>
struct flat_index;
template <std::size_t... D, std::size_t... I>
struct flat_index<shape<D...>, I...> {
    static constexpr bool fits = [] {
        if constexpr (sizeof...(D) != sizeof...(I) || sizeof...(D) == 0) return false;  // packs of other lengths
        else return ((I < D) && ...);
    }();
    static constexpr std::size_t value = [] {
        if constexpr (!fits) {
            return std::size_t{0};
        } else {
            constexpr std::size_t dims[] = {D...};
            constexpr std::size_t index[] = {I...};
            std::size_t k = 0;
            for (std::size_t d = 0; d < sizeof...(D); ++d) k = k * dims[d] + index[d];
            return k;
        }
    }();
};
}  // namespace detail

namespace op {
/// Element (I...) of a tensor: a scalar.
template <std::size_t... I>
struct at {
    static constexpr bool elementwise = false;
    static constexpr notation print{fixity::function, detail::at_symbol<false, I...>::view,
                                    detail::at_symbol<true, I...>::view, precedence::atom};
    static constexpr std::string_view vjp_print[] = {"{g} at the element, 0 elsewhere"};

    template <class S>
    static constexpr auto shape(S) {
        static_assert(detail::element_index_does_not_fit_shape<S, I...>::value || detail::flat_index<S, I...>::fits,
                      "ctdiff::at<I...>(t): give one index per dimension of t, each below its extent "
                      "(t's shape and the index are named in element_index_does_not_fit_shape<...> above)");
        return ctdiff::shape<>{};
    }
    template <class Out, class A>
    CTDIFF_FORCEINLINE static constexpr void forward(Out out, A a) {
        out[0] = a[detail::flat_index<typename A::shape_type, I...>::value];
    }
    /// The one element of an argument of shape S that the value is: a backward sweep adds the
    /// adjoint into that element of an unknown's gradient directly, instead of running the VJP
    /// below over all of the argument's elements (which would make a gradient through n
    /// elements of a vector cost n^2).
    template <class S>
    static constexpr std::size_t selected_element() {
        return detail::flat_index<S, I...>::value;
    }
    template <std::size_t J, class Adj, class G, class Y, class A>
    CTDIFF_FORCEINLINE static constexpr void vjp(Adj adj, G g, Y, A) {
        using T = typename Adj::value_type;
        constexpr std::size_t k = detail::flat_index<typename A::shape_type, I...>::value;
        for (std::size_t i = 0; i < A::shape_type::size; ++i) adj.put(i, i == k ? g[0] : T{});
    }
    /// The element of an elementwise node is the op of its arguments' elements (a scalar
    /// argument is its own element): at<i>(v * v - y) = at<i>(v) * at<i>(v) - at<i>(y).
    template <class A>
    static constexpr auto simplify(A a) {
        if constexpr (detail::expr_node<A>) {
            if constexpr (detail::is_elementwise<typename A::op_type>::value) return push_into(a);
            else return expr<at, A>{};
        } else {
            return expr<at, A>{};
        }
    }

private:
    template <class E>
    static constexpr auto element_of(E e) {
        if constexpr (std::is_same<typename E::shape_type, ctdiff::shape<>>::value) return e;
        else return detail::make<at>(e);
    }
    template <class Op, class... Args>
    static constexpr auto push_into(expr<Op, Args...>) {
        return detail::make<Op>(element_of(Args{})...);
    }
};
}  // namespace op

/// Element (I...) of the tensor expression `t` as a scalar expression: `at<3>(p)` for a vector,
/// `at<1, 2>(W)` for a matrix (row 1, column 2). The gradient with respect to a tensor variable
/// stays a tensor of its shape.
template <std::size_t... I, expression A>
constexpr auto at(A a) noexcept {
    static_assert(sizeof...(I) > 0, "ctdiff::at<I...>(t): give the element's index, at<i>(v) or at<i, j>(W)");
    return detail::make<op::at<I...>>(a);
}

}  // namespace ctdiff
