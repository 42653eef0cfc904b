// ctdiff with the Jacobian's mode forced (docs/benchmarks.md, "Does the automatic mode pick the
// faster one?"): the expressions of ctdiff_terms.hpp, evaluated by
// value_and_jacobian_to<jacobian_mode::forward> (evaluate<ctdiff_forward, P, K>),
// <jacobian_mode::reverse> (evaluate<ctdiff_reverse, P, K>) and <jacobian_mode::mixed>
// (evaluate<ctdiff_mixed, P, K>), and the compile-time plan that
// jacobian_mode::automatic follows (ctdiff_plan<P, K>). Built only with the CMake option
// CTDIFF_BENCH_LSQ_MODES=ON: it instantiates every Jacobian three times more, which more than triples
// the compile time of the ctdiff code.
//
// Where forward mode does not apply (a tensor op depends on the unknowns: Penalty I and II),
// forcing it is a compile error, so evaluate<ctdiff_forward, P, K> decides with if constexpr on the
// plan; there it writes NaN, and the harness neither checks nor times it
// (ctdiff_plan<P, K>().forward_applies is false).
#include <cstddef>
#include <ctdiff/ctdiff.hpp>
#include <limits>

#include "problems.hpp"

namespace lsq {

template <ctdiff::jacobian_mode Mode, class P, std::size_t K>
struct term;  // ctdiff_terms.hpp

template <class P, std::size_t K>
void forced_forward(const double* const* p, const double* d, double* r, double* J) {
    if constexpr (term<ctdiff::jacobian_mode::automatic, P, K>::plan().forward_applies) {
        term<ctdiff::jacobian_mode::forward, P, K>::run(p, d, r, J);
    } else {
        constexpr double nan = std::numeric_limits<double>::quiet_NaN();
        for (std::size_t i = 0; i < P::m; ++i) r[i] = nan;
        for (std::size_t i = 0; i < P::m * P::n; ++i) J[i] = nan;
    }
}

}  // namespace lsq

#define LSQ_CTDIFF_EMIT(P, K)                                                                            \
    template <>                                                                                          \
    void evaluate<ctdiff_forward, P, K>(const double* const* p, const double* d, double* r, double* J) { \
        forced_forward<P, K>(p, d, r, J);                                                                \
    }                                                                                                    \
    template <>                                                                                          \
    void evaluate<ctdiff_reverse, P, K>(const double* const* p, const double* d, double* r, double* J) { \
        term<ctdiff::jacobian_mode::reverse, P, K>::run(p, d, r, J);                                     \
    }                                                                                                    \
    template <>                                                                                          \
    void evaluate<ctdiff_mixed, P, K>(const double* const* p, const double* d, double* r, double* J) {   \
        term<ctdiff::jacobian_mode::mixed, P, K>::run(p, d, r, J);                                       \
    }                                                                                                    \
    template <>                                                                                          \
    ctdiff_mode_plan ctdiff_plan<P, K>() {                                                               \
        return term<ctdiff::jacobian_mode::automatic, P, K>::plan();                                     \
    }

#include "ctdiff_terms.hpp"
