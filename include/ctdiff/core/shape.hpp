// ctdiff/core/shape.hpp — compile-time shapes.
#pragma once

#include <cstddef>

namespace ctdiff {

/// The shape of a value: `shape<>` is a scalar, `shape<N>` a vector, `shape<M, N>` a matrix.
template <std::size_t... Dims>
struct shape {
    static constexpr std::size_t rank = sizeof...(Dims);
    static constexpr std::size_t size = (std::size_t{1} * ... * Dims);
};

using scalar_shape = shape<>;

template <class S>
inline constexpr bool is_shape_v = false;
template <std::size_t... D>
inline constexpr bool is_shape_v<shape<D...>> = true;

}  // namespace ctdiff
