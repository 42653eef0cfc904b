// bench/common/ctdiff_rosenbrock.hpp — P3's function with ctdiff, Rosenbrock in 16 variables
// x00 ... x15: for the single-sample benchmark (impl/ctdiff.cpp) and the batch (batch/ctdiff.cpp).
#pragma once

#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <utility>

#include "problems.hpp"

namespace ctdiff_bench::rosenbrock {

using namespace ctdiff::literals;

// the variables x00 ... x15
template <std::size_t I>
constexpr auto variable_name() {
    ctdiff::fixed_string<4> s;
    s.chars[0] = 'x';
    s.chars[1] = static_cast<char>('0' + I / 10);
    s.chars[2] = static_cast<char>('0' + I % 10);
    return s;
}
template <std::size_t I>
constexpr auto xs = ctdiff::var<variable_name<I>()>;

template <std::size_t I>
constexpr auto rosenbrock_term() {
    return 100_c * ctdiff::pow(xs<I + 1> - ctdiff::pow(xs<I>, 2_c), 2_c) + ctdiff::pow(1_c - xs<I>, 2_c);
}
// A left fold, ((term0 + term1) + term2) + ..., the order of the hand-written loop. (A right
// fold, term0 + (term1 + ...), gives the same value but g++ then keeps every term live until the
// end of the forward pass; docs/benchmarks.md gives its time.)
template <std::size_t... I>
constexpr auto rosenbrock(std::index_sequence<I...>) {
    return (... + rosenbrock_term<I>());
}
/// Rosenbrock in p3::inputs variables.
inline constexpr auto f3 = rosenbrock(std::make_index_sequence<p3::inputs - 1>{});

}  // namespace ctdiff_bench::rosenbrock
