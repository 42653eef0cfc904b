// Compile-time series of the generators: sum_over<N> of a 5-node term, N from the command line
// (-DCTDIFF_TERMS=N), and its value and gradient with respect to an 8-element parameter vector.
// bench/compile_time/series.sh generators compiles it for N = 10 ... 1000 and prints the time per term,
// which should stay about flat: building a sum of N terms is not quadratic in N.
#include <ctdiff/ctdiff.hpp>

#ifndef CTDIFF_TERMS
#define CTDIFF_TERMS 100
#endif

using ctdiff::at;
constexpr auto p = ctdiff::var<"p", ctdiff::shape<8>>;

// term i: (i + 1) * sin(p[i % 8] * p[(i + 3) % 8] + i / 7), unique per i through its constants
constexpr auto f = ctdiff::sum_over<CTDIFF_TERMS>([](auto i) {
    constexpr std::size_t k = i;
    return ctdiff::constant_of<k + 1> *
           ctdiff::sin(at<k % 8>(p) * at<(k + 3) % 8>(p) + ctdiff::constant_of<std::int64_t(k), 7>);
});

double value_and_gradient(const ctdiff::tensor<double, ctdiff::shape<8>>& pv, double* g) {
    const auto [value, grad] = ctdiff::value_and_grad(f, ctdiff::wrt(p), p = pv);
    for (std::size_t j = 0; j < 8; ++j) g[j] = grad[p](j);
    return value;
}
