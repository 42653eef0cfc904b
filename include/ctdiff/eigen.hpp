// ctdiff/eigen.hpp — Eigen interoperability (optional: the rest of ctdiff does not need Eigen).
//
//   p = Eigen::Vector3d{...}            a fixed-size Eigen vector, matrix, Map or expression binds
//                                       to a tensor variable of its shape (vectors to shape<N>,
//                                       R x C matrices to shape<R, C>)
//   Eigen::Matrix<double, M, N> Je = ctdiff::to_eigen(J);   a result as an Eigen matrix (a copy)
//   ctdiff::eigen_map(J)                the same without a copy: a row-major Eigen::Map of it
//
// ctdiff's tensors are row-major; Eigen's matrices are column-major unless declared RowMajor. A
// binding reads the elements in place (no copy) when they are row-major and contiguous: vectors
// with unit inner stride, RowMajor matrices with no padding. Anything else (a column-major matrix,
// a strided Map, an expression such as `a + b`) is copied once into a row-major tensor held by
// the binding. Dynamic sizes are refused at compile time: a variable's shape is part of its type.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <type_traits>

#include "ctdiff/core/shape.hpp"
#include "ctdiff/core/tensor.hpp"

namespace ctdiff {

namespace detail {

template <class V>
struct eigen_dense : std::bool_constant<std::is_base_of_v<Eigen::DenseBase<V>, V>> {};

/// The ctdiff shape of a fixed-size Eigen object: shape<N> for a vector (either orientation),
/// shape<R, C> for a matrix.
template <class V>
struct eigen_shape {
    static constexpr int rows = V::RowsAtCompileTime;
    static constexpr int cols = V::ColsAtCompileTime;
    static constexpr bool fixed = rows != Eigen::Dynamic && cols != Eigen::Dynamic;
    static constexpr bool vector = fixed && (rows == 1 || cols == 1);
    using type = std::conditional_t<
        !fixed, shape<>,
        std::conditional_t<vector, shape<static_cast<std::size_t>(fixed ? rows * cols : 1)>,
                           shape<static_cast<std::size_t>(fixed ? rows : 1), static_cast<std::size_t>(fixed ? cols : 1)>>>;
};

/// Whether V's elements are stored row-major and contiguous (read in place).
template <class V>
constexpr bool eigen_row_major_contiguous() {
    if constexpr (!(static_cast<unsigned>(V::Flags) & Eigen::DirectAccessBit)) {
        return false;
    } else {
        constexpr int rows = V::RowsAtCompileTime, cols = V::ColsAtCompileTime;
        if constexpr (rows == 1 || cols == 1) {
            return V::InnerStrideAtCompileTime == 1;
        } else {
            return (static_cast<unsigned>(V::Flags) & Eigen::RowMajorBit) && V::InnerStrideAtCompileTime == 1 &&
                   V::OuterStrideAtCompileTime == cols;
        }
    }
}
}  // namespace detail

/// Binding a fixed-size Eigen dense object to a tensor variable.
template <class V>
struct tensor_binding<V, std::enable_if_t<detail::eigen_dense<V>::value>> {
    using scalar = typename V::Scalar;
    using info = detail::eigen_shape<V>;
    using shape_type = typename info::type;

    static constexpr auto bind(const V& v) {
        static_assert(info::fixed,
                      "ctdiff: only fixed-size Eigen objects bind to a variable (Eigen::Vector3d, "
                      "Eigen::Matrix<double, 2, 3>, a Map of one): a variable's shape is part of its type. "
                      "For run-time sizes, bind a ctdiff::view<ctdiff::shape<N>>(v.data()) of the size "
                      "the expression was written for");
        static_assert(std::is_floating_point_v<scalar>,
                      "ctdiff: an Eigen object bound to a variable has float, double or long double elements");
        if constexpr (!info::fixed) {
            return tensor_copy<double, shape<>>{};
        } else if constexpr (detail::eigen_row_major_contiguous<V>()) {
            return tensor_view<const scalar, shape_type>{v.data()};
        } else {
            tensor_copy<scalar, shape_type> out{};
            constexpr Eigen::Index cols = V::ColsAtCompileTime;
            for (Eigen::Index i = 0; i < V::RowsAtCompileTime; ++i)
                for (Eigen::Index j = 0; j < cols; ++j) out.elements[static_cast<std::size_t>(i * cols + j)] = v(i, j);
            return out;
        }
    }
};

namespace detail {
template <class T, class S>
struct eigen_type_of;
template <class T, std::size_t N>
struct eigen_type_of<T, shape<N>> {
    using type = Eigen::Matrix<T, static_cast<int>(N), 1>;
    using row_major = Eigen::Matrix<T, static_cast<int>(N), 1>;
};
template <class T, std::size_t M, std::size_t N>
struct eigen_type_of<T, shape<M, N>> {
    using type = Eigen::Matrix<T, static_cast<int>(M), static_cast<int>(N)>;
    using row_major = Eigen::Matrix<T, static_cast<int>(M), static_cast<int>(N), (N == 1 ? Eigen::ColMajor : Eigen::RowMajor)>;
};
}  // namespace detail

/// A ctdiff tensor (a value, a gradient entry, a Jacobian) as an Eigen matrix: a vector of
/// shape<N> becomes an N x 1 Eigen::Matrix, a matrix of shape<M, N> an M x N one (Eigen's usual
/// column-major storage; the elements are copied).
template <class T, class S>
auto to_eigen(const tensor<T, S>& t) {
    static_assert(S::rank == 1 || S::rank == 2, "ctdiff::to_eigen: a vector or a matrix");
    using row_major = typename detail::eigen_type_of<T, S>::row_major;
    return typename detail::eigen_type_of<T, S>::type(Eigen::Map<const row_major>(t.data()));
}

/// A ctdiff tensor viewed as an Eigen matrix, without a copy: an Eigen::Map of its row-major
/// elements (good while the tensor lives).
template <class T, class S>
auto eigen_map(const tensor<T, S>& t) {
    static_assert(S::rank == 1 || S::rank == 2, "ctdiff::eigen_map: a vector or a matrix");
    return Eigen::Map<const typename detail::eigen_type_of<T, S>::row_major>(t.data());
}
template <class T, class S>
auto eigen_map(tensor<T, S>& t) {
    static_assert(S::rank == 1 || S::rank == 2, "ctdiff::eigen_map: a vector or a matrix");
    return Eigen::Map<typename detail::eigen_type_of<T, S>::row_major>(t.data());
}

}  // namespace ctdiff
