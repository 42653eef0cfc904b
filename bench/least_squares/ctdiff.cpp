// ctdiff: evaluate<ctdiff_ad, P, K> is one ctdiff::value_and_jacobian_to into the caller's storage,
// in the default jacobian_mode::automatic (forward or reverse, chosen at compile time). The
// residuals, written once as expressions, are in ctdiff_terms.hpp, which expands LSQ_CTDIFF_EMIT
// after each term; ctdiff_modes.cpp times the same expressions with the mode forced (CMake option
// CTDIFF_BENCH_LSQ_MODES).
#define LSQ_CTDIFF_EMIT(P, K)                                                                       \
    template <>                                                                                     \
    void evaluate<ctdiff_ad, P, K>(const double* const* p, const double* d, double* r, double* J) { \
        term<ctdiff::jacobian_mode::automatic, P, K>::run(p, d, r, J);                              \
    }

#include "ctdiff_terms.hpp"
