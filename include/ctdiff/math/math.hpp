#pragma once
// ctdiff::math: elementary functions that are constexpr on GCC and Clang (own implementations in
// constant evaluation, std:: at run time). See docs/math.md for ranges, accuracy and the IEEE
// special-value policy.

#include "ctdiff/math/activation.hpp"  // abs, sigmoid, softplus
#include "ctdiff/math/constants.hpp"   // pi_v, e_v, ln2_v
#include "ctdiff/math/arithmetic.hpp"  // + - * /, IEEE in constant evaluation too
#include "ctdiff/math/exp_log.hpp"     // exp, expm1, log, log1p, pow
#include "ctdiff/math/hyperbolic.hpp"  // tanh, sinh, cosh
#include "ctdiff/math/inverse_trig.hpp"  // atan, atan2, asin, acos, hypot
#include "ctdiff/math/rounding.hpp"    // floor, ceil, trunc, round
#include "ctdiff/math/special.hpp"     // exp2, log2, log10, cbrt, asinh, acosh, atanh, erf, erfc
#include "ctdiff/math/sqrt.hpp"        // sqrt
#include "ctdiff/math/trig.hpp"        // sin, cos, tan
#include "ctdiff/math/pack.hpp"     // all of the above on packs, lane by lane
