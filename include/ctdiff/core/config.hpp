// ctdiff/core/config.hpp — configuration macros.
#pragma once

// Evaluation and differentiation helpers are tiny functions that must disappear into straight-line
// code; forcing them inline keeps the optimiser from leaving calls behind in large gradients.
#if defined(__GNUC__) || defined(__clang__)
#define CTDIFF_FORCEINLINE [[gnu::always_inline]] inline
#else
#define CTDIFF_FORCEINLINE inline
#endif

