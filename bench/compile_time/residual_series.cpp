// Compile-time series of residual vectors: M residuals of the Watson form (Moré, Garbow and
// Hillstrom's problem 20, n = 6), written with the generators, and their values and Jacobian in
// one call, for M from the command line (-DCTDIFF_ROWS=M). bench/compile_time/series.sh residuals
// compiles it for several M and prints the time per residual, which should stay about flat:
// a Jacobian's compile time must not grow with (rows x graph size). With M = 31 and
// -DCTDIFF_WATSON the residuals are Watson's own (t_i = i / 29, and the two last rows).
#include <cstddef>
#include <cstdint>

#include <ctdiff/ctdiff.hpp>

#ifndef CTDIFF_ROWS
#define CTDIFF_ROWS 31
#endif

namespace {

using ctdiff::at;
using ctdiff::constant_of;
constexpr auto p = ctdiff::var<"p", ctdiff::shape<6>>;

constexpr std::int64_t power(std::int64_t base, std::size_t exponent) {
    std::int64_t r = 1;
    for (std::size_t k = 0; k < exponent; ++k) r *= base;
    return r;
}

#ifdef CTDIFF_WATSON
constexpr std::size_t polynomial_rows = CTDIFF_ROWS - 2;
constexpr std::int64_t denominator = 29;
#else
constexpr std::size_t polynomial_rows = CTDIFF_ROWS;
constexpr std::int64_t denominator = CTDIFF_ROWS + 1;
#endif

// r_i = sum_{j=1}^{5} j p_j t^(j-1) - (sum_{j=0}^{5} p_j t^j)^2 - 1, t = (i + 1) / denominator
constexpr auto residuals = ctdiff::outputs_over<CTDIFF_ROWS>([](auto k) {
    constexpr std::size_t row = k;
    if constexpr (row < polynomial_rows) {
        constexpr std::int64_t i = row + 1;
        const auto slope = ctdiff::sum_over<5>([](auto j) {
            constexpr std::size_t c = j;
            return constant_of<std::int64_t(c + 1) * power(i, c), power(denominator, c)> * at<c + 1>(p);
        });
        const auto value = ctdiff::sum_over<6>([](auto j) {
            constexpr std::size_t c = j;
            return constant_of<power(i, c), power(denominator, c)> * at<c>(p);
        });
        return slope - ctdiff::square(value) - constant_of<1>;
    } else if constexpr (row == polynomial_rows) {
        return at<0>(p) + constant_of<0>;  // Watson's f_30 = p_0
    } else {
        return at<1>(p) - ctdiff::square(at<0>(p)) - constant_of<1>;  // f_31
    }
});

}  // namespace

void residuals_and_jacobian(const double* x, double* r, double* jacobian) {
    ctdiff::tensor<double, ctdiff::shape<6>> pv;
    for (std::size_t q = 0; q < 6; ++q) pv(q) = x[q];
    ctdiff::value_and_jacobian_to(r, jacobian, residuals, ctdiff::wrt(p), p = pv);
}
