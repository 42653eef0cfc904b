// <ctdiff/eigen.hpp>: fixed-size Eigen vectors, matrices (either storage order), Maps and
// expressions bind to tensor variables with ctdiff's row-major element order, and results convert
// to Eigen. Every evaluation is compared with the same evaluation on ctdiff tensors, and with
// hand-computed values.
#define BOOST_TEST_MODULE ctdiff_eigen
#include <boost/test/unit_test.hpp>

#include <Eigen/Core>
#include <ctdiff/ctdiff.hpp>
#include <ctdiff/eigen.hpp>
#include <type_traits>

namespace {

using namespace ctdiff::literals;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto p = ctdiff::var<"p", shape<3>>;
constexpr auto A = ctdiff::var<"A", shape<2, 3>>;
constexpr auto x = ctdiff::var<"x">;

template <class B>
using bound_value_t = std::remove_cvref_t<decltype(std::declval<const B&>().get())>;

BOOST_AUTO_TEST_CASE(vectors_bind_in_place) {
    const Eigen::Vector3d v{1.0, -2.0, 0.5};
    using B = decltype(p = v);
    static_assert(std::is_same_v<bound_value_t<B>, ctdiff::tensor_view<const double, shape<3>>>);
    BOOST_TEST((p = v).get().data() == v.data());  // no copy
    BOOST_TEST(ctdiff::evaluate(ctdiff::dot(p, p), p = v) == 5.25);
    const Eigen::RowVector3d w{1.0, -2.0, 0.5};  // a row vector binds to a vector variable too
    BOOST_TEST(ctdiff::evaluate(ctdiff::at<1>(p), p = w) == -2.0);
    const Eigen::Map<const Eigen::Vector3d> m(v.data());
    BOOST_TEST((p = m).get().data() == v.data());
    const Eigen::Vector3f vf{1.0f, 2.0f, 3.0f};
    const auto g = ctdiff::grad(ctdiff::dot(p, p), ctdiff::wrt(p), p = vf);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(g[p])>, tensor<float, shape<3>>>);
    BOOST_TEST(g[p](2) == 6.0f);
}

BOOST_AUTO_TEST_CASE(matrices_bind_in_row_major_order) {
    // A = [[1, 2, 3], [4, 5, 6]]: A(1, 0) = 4 whatever Eigen's storage order
    Eigen::Matrix<double, 2, 3> col_major;
    col_major << 1, 2, 3, 4, 5, 6;
    Eigen::Matrix<double, 2, 3, Eigen::RowMajor> row_major;
    row_major << 1, 2, 3, 4, 5, 6;
    const tensor<double, shape<2, 3>> reference{{{1, 2, 3}, {4, 5, 6}}};
    using C = decltype(A = col_major);
    using R = decltype(A = row_major);
    static_assert(std::is_same_v<bound_value_t<C>, ctdiff::tensor_copy<double, shape<2, 3>>>);
    static_assert(std::is_same_v<bound_value_t<R>, ctdiff::tensor_view<const double, shape<2, 3>>>);
    const tensor<double, shape<3>> v{{0.5, -1.0, 2.0}};
    const auto f = ctdiff::matvec(A, p);
    const auto expected = ctdiff::evaluate(f, A = reference, p = v);
    BOOST_TEST(expected(1) == 4 * 0.5 - 5 + 12);
    for (const auto& got : {ctdiff::evaluate(f, A = col_major, p = v), ctdiff::evaluate(f, A = row_major, p = v)})
        for (std::size_t i = 0; i < 2; ++i) BOOST_TEST(got(i) == expected(i));
    // a strided Map (every other element of a buffer) and an Eigen expression are copied
    const double buffer[] = {0.5, 99, -1.0, 99, 2.0, 99};
    const Eigen::Map<const Eigen::Vector3d, 0, Eigen::InnerStride<2>> strided(buffer);
    static_assert(std::is_same_v<bound_value_t<decltype(p = strided)>, ctdiff::tensor_copy<double, shape<3>>>);
    const auto from_strided = ctdiff::evaluate(f, A = col_major, p = strided);
    BOOST_TEST(from_strided(0) == expected(0));
    const Eigen::Vector3d half{0.25, -0.5, 1.0};
    const auto from_expression = ctdiff::evaluate(f, A = col_major, p = half + half);
    BOOST_TEST(from_expression(1) == expected(1));
}

BOOST_AUTO_TEST_CASE(results_convert_to_eigen) {
    Eigen::Matrix<double, 2, 3> a;
    a << 1, 2, 3, 4, 5, 6;
    const Eigen::Vector3d v{0.5, -1.0, 2.0};
    // r = A p * x; J with respect to (p, x) is 2 x 4: [A x, A p]
    const auto [r, J] = ctdiff::value_and_jacobian(ctdiff::matvec(A, p) * x, ctdiff::wrt(p, x), A = a, p = v, x = 3.0);
    const Eigen::Matrix<double, 2, 4> Je = ctdiff::to_eigen(J);
    const Eigen::Vector2d re = ctdiff::to_eigen(r);
    const Eigen::Vector2d Av = a * v;
    for (int i = 0; i < 2; ++i) {
        BOOST_TEST(re(i) == 3.0 * Av(i));
        for (int k = 0; k < 3; ++k) BOOST_TEST(Je(i, k) == 3.0 * a(i, k));
        BOOST_TEST(Je(i, 3) == Av(i));
    }
    const auto mapped = ctdiff::eigen_map(J);  // no copy: the same elements
    BOOST_TEST(mapped.data() == J.data());
    BOOST_TEST(mapped(1, 2) == Je(1, 2));
    const auto g = ctdiff::grad(ctdiff::sum(ctdiff::matvec(A, p)), ctdiff::wrt(A), A = a, p = v);
    const Eigen::Matrix<double, 2, 3> ge = ctdiff::to_eigen(g[A]);  // d/dA(i, k) = v(k)
    BOOST_TEST(ge(1, 2) == 2.0);
    BOOST_TEST(ge(0, 1) == -1.0);
}

BOOST_AUTO_TEST_CASE(into_form_with_eigen_storage) {
    // what a solver with Eigen buffers writes: residuals into a vector, J into a row-major matrix
    const Eigen::Vector3d v{0.3, 0.2, 0.1};
    Eigen::Vector3d r;
    Eigen::Matrix<double, 3, 3, Eigen::RowMajor> J;
    ctdiff::value_and_jacobian_to(r.data(), J.data(), p * p * x, ctdiff::wrt(p), p = v, x = 2.0);
    for (int i = 0; i < 3; ++i) {
        BOOST_TEST(r(i) == 2.0 * v(i) * v(i));
        for (int k = 0; k < 3; ++k) BOOST_TEST(J(i, k) == (i == k ? 4.0 * v(i) : 0.0));
    }
}

}  // namespace
