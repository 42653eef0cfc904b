// ctdiff/core/shape.hpp — compile-time shapes, and the rule that combines the shapes of an
// elementwise operation's arguments.
#pragma once

#include <cstddef>
#include <type_traits>

namespace ctdiff {

/// The shape of a value: `shape<>` is a scalar, `shape<N>` a vector, `shape<M, N>` a matrix
/// (M rows, N columns, stored row-major).
template <std::size_t... Dims>
struct shape {
    static_assert(((Dims > 0) && ...), "ctdiff::shape<...>: every dimension must be at least 1");
    static constexpr std::size_t rank = sizeof...(Dims);
    static constexpr std::size_t size = (std::size_t{1} * ... * Dims);
};

namespace detail {
template <class S>
struct is_shape : std::false_type {};
template <std::size_t... D>
struct is_shape<shape<D...>> : std::true_type {};
}  // namespace detail

template <class S>
inline constexpr bool is_shape_v = detail::is_shape<S>::value;

namespace detail {

/// Rows and columns of a matrix shape; a vector of N is one row of N columns.
template <class S>
struct rows_of : std::integral_constant<std::size_t, 1> {};
template <std::size_t M, std::size_t N>
struct rows_of<shape<M, N>> : std::integral_constant<std::size_t, M> {};
template <class S>
struct cols_of : std::integral_constant<std::size_t, S::size> {};
template <std::size_t M, std::size_t N>
struct cols_of<shape<M, N>> : std::integral_constant<std::size_t, N> {};

/// Instantiated when two shapes cannot be combined; the compiler's message names this template
/// with both shapes, e.g. `shapes_do_not_match<shape<4>, shape<3>>`.
template <class A, class B>
struct shapes_do_not_match {
    static_assert(std::is_same<A, B>::value,
                  "ctdiff: the shapes of an elementwise operation's arguments differ (both shapes "
                  "are spelled out in shapes_do_not_match<...> above). Elementwise operations take "
                  "arguments of one shape, or a scalar with a tensor (the scalar is broadcast).");
    using type = A;
};

/// The shape of an elementwise operation over arguments of shapes A and B: their common shape,
/// where a scalar combines with any shape (broadcast).
template <class A, class B>
struct broadcast2 : shapes_do_not_match<A, B> {};
template <class S>
struct broadcast2<S, S> {
    using type = S;
};
template <class S>
struct broadcast2<shape<>, S> {
    using type = S;
};
template <class S>
struct broadcast2<S, shape<>> {
    using type = S;
};
template <>
struct broadcast2<shape<>, shape<>> {
    using type = shape<>;
};

template <class... S>
struct broadcast {
    using type = shape<>;
};
template <class S>
struct broadcast<S> {
    using type = S;
};
template <class A, class B, class... Rest>
struct broadcast<A, B, Rest...> : broadcast<typename broadcast2<A, B>::type, Rest...> {};


/// Named in the compiler's message when a tensor op's argument shapes do not fit: the op and
/// the shapes it was given, e.g. `shapes_do_not_fit<op::matvec, shape<3, 4>, shape<3>>`.
template <class Op, class... Shapes>
struct shapes_do_not_fit : std::false_type {};

}  // namespace detail

}  // namespace ctdiff
