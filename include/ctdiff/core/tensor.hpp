// ctdiff/core/tensor.hpp — the value type of tensor variables and results: a fixed-size array of
// elements with a compile-time shape, and the views evaluation passes to tensor operations.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <utility>
#include <type_traits>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/pack.hpp"
#include "ctdiff/core/rational.hpp"
#include "ctdiff/core/shape.hpp"

namespace ctdiff {

namespace detail {
/// Constructs a tensor whose elements are left for the caller to write (the library's gradient
/// storage, every element of which the backward sweep then assigns).
struct no_init_t {
    explicit no_init_t() = default;
};
inline constexpr no_init_t no_init{};

/// Tensors of at least 32 bytes are aligned to 32 so that vector loads of whole rows do not split.
template <class T, std::size_t Size>
inline constexpr std::size_t tensor_alignment = Size * sizeof(T) >= 32 && alignof(T) < 32 ? 32 : alignof(T);
}  // namespace detail

template <class T, class Shape>
struct tensor;

/// A fixed-size tensor of element type T: `tensor<double, shape<16, 4>>` holds 16 x 4 values,
/// row-major, value-initialised to zeros. `t(i)` and `t(i, j)` read and write elements, `t[k]`,
/// `data()`, `size()`, `begin()` and `end()` give the flat view, like std::array.
///
/// It converts from nested arrays and braced lists: `tensor<double, shape<2, 3>> A{{{1, 2, 3},
/// {4, 5, 6}}}`, `tensor<double, shape<3>> v{{1, 2, 3}}`.
template <class T, std::size_t... Dims>
struct alignas(detail::tensor_alignment<T, (std::size_t{1} * ... * Dims)>) tensor<T, shape<Dims...>> {
    static_assert(std::is_arithmetic<T>::value || is_pack<T>::value,
                  "ctdiff::tensor<T, S>: T must be an arithmetic type or a ctdiff::pack");

    using value_type = T;
    using shape_type = shape<Dims...>;
    using iterator = T*;
    using const_iterator = const T*;
    static constexpr std::size_t rank = sizeof...(Dims);
    static constexpr std::size_t extent[rank == 0 ? 1 : rank] = {Dims...};

    T elements[shape_type::size];

    /// All elements zero.
    constexpr tensor() noexcept : elements{} {}
    /// Elements not initialised: the caller writes every one before reading any.
    constexpr explicit tensor(detail::no_init_t) noexcept {}

    /// From a one-dimensional array or braced list (rank 1).
    template <std::size_t R = rank>
        requires(R == 1)
    constexpr tensor(const T (&values)[shape_type::size]) noexcept {  // NOLINT: converts on purpose
        for (std::size_t i = 0; i < shape_type::size; ++i) elements[i] = static_cast<T>(values[i]);
    }
    /// From a two-dimensional array or nested braced list (rank 2): one inner list per row.
    template <std::size_t R = extent[0], std::size_t C = (rank == 2 ? extent[rank - 1] : 1)>
        requires(rank == 2)
    constexpr tensor(const T (&rows)[R][C]) noexcept {  // NOLINT: converts on purpose
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) elements[i * C + j] = static_cast<T>(rows[i][j]);
    }
    /// From a std::array of the same number of elements (the flat, row-major view).
    template <class U>
    constexpr tensor(const std::array<U, shape_type::size>& flat) noexcept {  // NOLINT
        for (std::size_t i = 0; i < shape_type::size; ++i) elements[i] = static_cast<T>(flat[i]);
    }
    /// From a tensor of the same shape and another element type (explicit: it may round).
    template <class U>
        requires(!std::is_same<U, T>::value)
    constexpr explicit tensor(const tensor<U, shape_type>& other) noexcept {
        for (std::size_t i = 0; i < shape_type::size; ++i) elements[i] = static_cast<T>(other.elements[i]);
    }

    static constexpr std::size_t size() noexcept { return shape_type::size; }
    constexpr T* data() noexcept { return elements; }
    constexpr const T* data() const noexcept { return elements; }
    constexpr T* begin() noexcept { return elements; }
    constexpr T* end() noexcept { return elements + shape_type::size; }
    constexpr const T* begin() const noexcept { return elements; }
    constexpr const T* end() const noexcept { return elements + shape_type::size; }

    constexpr T& operator[](std::size_t k) noexcept { return elements[k]; }
    constexpr const T& operator[](std::size_t k) const noexcept { return elements[k]; }

    template <class... I>
    constexpr T& operator()(I... index) noexcept {
        return elements[offset(index...)];
    }
    template <class... I>
    constexpr const T& operator()(I... index) const noexcept {
        return elements[offset(index...)];
    }

    constexpr void fill(const T& value) noexcept {
        for (T& e : elements) e = value;
    }

    friend constexpr bool operator==(const tensor& a, const tensor& b) noexcept {
        for (std::size_t i = 0; i < shape_type::size; ++i)
            if (!(a.elements[i] == b.elements[i])) return false;
        return true;
    }

private:
    template <class... I>
    static constexpr std::size_t offset(I... index) noexcept {
        static_assert(sizeof...(I) == rank,
                      "ctdiff::tensor: t(i) reads a vector, t(i, j) a matrix: give one index per "
                      "dimension");
        static_assert((std::is_integral<I>::value && ...), "ctdiff::tensor: indices are integers");
        std::size_t k = 0;
        std::size_t d = 0;
        ((k = k * extent[d++] + static_cast<std::size_t>(index)), ...);
        return k;
    }
};

/// The pack whose lane i holds `sample(i)`, for i = 0 ... P::size - 1: a number gives a P, a
/// tensor a tensor of P of its shape (element e of lane i is element e of sample(i)). The way to
/// bind a batch of samples: `x = ctdiff::gather<P>([&](std::size_t i) { return inputs[k + i]; })`.
template <class P, class F>
    requires is_pack<P>::value
[[nodiscard]] constexpr auto gather(F sample) {
    using S = std::remove_cvref_t<decltype(sample(std::size_t{0}))>;
    if constexpr (requires { typename S::shape_type; }) {
        using shape_type = typename S::shape_type;
        tensor<P, shape_type> r;
        for (std::size_t i = 0; i < P::size; ++i) {
            const S s = sample(i);
            for (std::size_t e = 0; e < shape_type::size; ++e) r.elements[e].set(i, static_cast<typename P::value_type>(s.data()[e]));
        }
        return r;
    } else {
        return P::generate([&](std::size_t i) { return sample(i); });
    }
}

/// Each element's lanes added: the tensor of sums of a tensor of packs.
template <class T, std::size_t N, class Shape>
[[nodiscard]] constexpr tensor<T, Shape> sum_lanes(const tensor<pack<T, N>, Shape>& t) noexcept {
    tensor<T, Shape> r;
    for (std::size_t i = 0; i < Shape::size; ++i) r.elements[i] = ctdiff::sum_lanes(t.elements[i]);
    return r;
}

/// A read-only view of elements stored elsewhere, row-major, with a compile-time shape: binds a
/// tensor variable to data the program keeps in its own buffers, without a copy:
/// `f(W = ctdiff::view<shape<16, 4>>(weights + offset))`. Like any pointer, it must not outlive
/// the data.
template <class T, class Shape>
struct tensor_view {
    using value_type = std::remove_const_t<T>;
    using shape_type = Shape;
    const value_type* pointer;

    static constexpr std::size_t size() noexcept { return Shape::size; }
    constexpr const value_type* data() const noexcept { return pointer; }
    constexpr const value_type& operator[](std::size_t k) const noexcept { return pointer[k]; }
};

/// `view<shape<M, N>>(p)`: the M x N elements from p, as a tensor_view.
template <class Shape, class T>
constexpr tensor_view<const T, Shape> view(const T* data) noexcept {
    return {data};
}

/// Customisation point: how a value of another library's type V (an Eigen matrix, ...) is bound
/// to a tensor variable. A specialisation provides `static constexpr auto bind(const V& v)`,
/// returning a tensor_view of v's elements where they are (when they are stored row-major and
/// contiguous) or a tensor_copy of them; `W = v` then binds that. <ctdiff/eigen.hpp> specialises
/// it for Eigen's fixed-size matrices, vectors and maps.
template <class V, class Enable = void>
struct tensor_binding {};

/// A tensor held by value in a binding: what a tensor_binding returns when V's elements are not
/// stored row-major and contiguous (an Eigen column-major matrix, an expression).
template <class T, class Shape>
struct tensor_copy {
    using value_type = T;
    using shape_type = Shape;
    tensor<T, Shape> elements;

    static constexpr std::size_t size() noexcept { return Shape::size; }
    constexpr const T* data() const noexcept { return elements.data(); }
    constexpr const T& operator[](std::size_t k) const noexcept { return elements[k]; }
};

namespace detail {

template <class V>
struct is_tensor : std::false_type {};
template <class T, class S>
struct is_tensor<tensor<T, S>> : std::true_type {};

/// A tensor or a view of one: what a tensor variable may be bound to.
template <class V>
struct is_tensor_like : is_tensor<V> {};
template <class T, class S>
struct is_tensor_like<tensor_view<T, S>> : std::true_type {};
template <class T, class S>
struct is_tensor_like<tensor_copy<T, S>> : std::true_type {};

/// What a value of shape S with elements T is: T itself for a scalar, else tensor<T, S>.
template <class T, class S>
struct value_of_shape {
    using type = tensor<T, S>;
};
template <class T>
struct value_of_shape<T, shape<>> {
    using type = T;
};
template <class T, class S>
using value_of_shape_t = typename value_of_shape<T, S>::type;

/// Element k of a scalar (itself) or of a tensor.
template <class V>
constexpr auto* first_element(V& v) noexcept {
    if constexpr (is_tensor<std::remove_const_t<V>>::value) return v.data();
    else return &v;
}

/// fn(a_k, b_k...) for every element k of a and the same-shaped b... (scalars or tensors).
template <class Fn, class A, class... B>
constexpr void for_each_element(Fn& fn, A& a, B&... b) {
    if constexpr (is_tensor<std::remove_const_t<A>>::value) {
        for (std::size_t k = 0; k < A::size(); ++k) fn(a.elements[k], b.elements[k]...);
    } else {
        fn(a, b...);
    }
}

template <std::size_t I, class Fn, class A, class... B>
constexpr void for_each_element_of_entry(Fn& fn, A& a, B&... b) {
    detail::for_each_element(fn, std::get<I>(a), std::get<I>(b)...);
}

/// for_each_element over the entries of tuples of one layout (gradients, parameter sets).
template <class Fn, class... A, class... B>
constexpr void for_each_entry_element(Fn fn, std::tuple<A...>& a, B&... b) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (detail::for_each_element_of_entry<I>(fn, a, b...), ...);
    }(std::index_sequence_for<A...>{});
}

// ---- views passed to tensor operations ---------------------------------------------------------
// Evaluation keeps every node's value in one flat array; a tensor op reads its arguments and
// writes its result through these. The shape is part of the type, so an op's loops have
// compile-time trip counts. Element types may differ from the evaluation's T (a float tensor
// bound in a double evaluation): reads convert.

template <class T, class Shape, class Elem = T>
struct input_view {
    using shape_type = Shape;
    using value_type = T;
    const Elem* p;
    CTDIFF_FORCEINLINE constexpr T operator[](std::size_t k) const noexcept { return static_cast<T>(p[k]); }
};

/// A scalar argument: every index reads the same value.
template <class T>
struct scalar_view {
    using shape_type = shape<>;
    using value_type = T;
    T value;
    CTDIFF_FORCEINLINE constexpr T operator[](std::size_t) const noexcept { return value; }
};

template <class T, class Shape>
struct output_view {
    using shape_type = Shape;
    using value_type = T;
    T* p;
    CTDIFF_FORCEINLINE constexpr T& operator[](std::size_t k) const noexcept { return p[k]; }
};

/// dst = Mul / Div * x (First) or dst += Mul / Div * x, for exact constants Mul and Div: no
/// multiplication for 1 and -1, and an addition for 2 and -2 (2x is x + x exactly, also for inf
/// and NaN, and an addition leaves the multiplier unit free: on Rosenbrock's gradient that unit
/// is what limits g++'s scalar code).
/// Whether put_scaled applies the multiplier Mul / Div without a multiplication (1, -1, 2, -2).
template <rational Mul, rational Div>
constexpr bool cheap_multiplier() noexcept {
    return Div == rational{1, 1} && Mul.den == 1 && (Mul.num == 1 || Mul.num == -1 || Mul.num == 2 || Mul.num == -2);
}

template <bool First, rational Mul, rational Div, class T>
CTDIFF_FORCEINLINE constexpr void put_scaled(T& dst, T x) noexcept {
    constexpr bool integer = Div == rational{1, 1} && Mul.den == 1;
    if constexpr (integer && Mul.num == 1) {
        if constexpr (First) dst = x;
        else dst += x;
    } else if constexpr (integer && Mul.num == -1) {
        if constexpr (First) dst = -x;
        else dst -= x;
    } else if constexpr (integer && Mul.num == 2) {
        if constexpr (First) dst = x + x;
        else dst += x + x;
    } else if constexpr (integer && Mul.num == -2) {
        if constexpr (First) dst = -(x + x);
        else dst -= x + x;
    } else {
        constexpr detail::lane_t<T> m = Mul.template as<detail::lane_t<T>>() / Div.template as<detail::lane_t<T>>();
        if constexpr (First) dst = m * x;
        else dst += m * x;
    }
}

/// Where a tensor op's vector-Jacobian product goes: `put(k, v)` once per element k. The first
/// edge into an adjoint assigns (First), later ones add, so no adjoint is zeroed beforehand.
/// The backward sweep keeps exact constant factors of adjoints out of the run-time values
/// (docs/design.md, "Exact scales of adjoints"); what arrives here is multiplied by Mul / Div
/// (both exact constants, 1 for most edges) on the way in.
template <class T, class Shape, bool First, rational Mul = rational{1, 1}, rational Div = rational{1, 1}>
struct adjoint_sink {
    using shape_type = Shape;
    using value_type = T;
    T* p;
    CTDIFF_FORCEINLINE constexpr void put(std::size_t k, T v) const noexcept {
        detail::put_scaled<First, Mul, Div>(p[k], v);
    }
};

}  // namespace detail

}  // namespace ctdiff
