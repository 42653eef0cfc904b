// ctdiff/core/config.hpp — configuration macros.
#pragma once

// Evaluation and differentiation helpers are tiny functions that must disappear into straight-line
// code; forcing them inline keeps the optimiser from leaving calls behind in large gradients.
#if defined(__GNUC__) || defined(__clang__)
#define CTDIFF_FORCEINLINE [[gnu::always_inline]] inline
#else
#define CTDIFF_FORCEINLINE inline
#endif

// The most statements (nodes of a forward pass, steps of a gradient's sweep) generated into one
// function; a longer pass is cut into pieces of this many, each a function of its own that is
// not inlined (detail::straight_line_piece, eval/evaluate.hpp). Tests set it small to put piece
// boundaries everywhere; define it alike in every translation unit of a program.
#ifndef CTDIFF_STRAIGHT_LINE_PIECE
#define CTDIFF_STRAIGHT_LINE_PIECE 1024
#endif

// The fewest nodes (rows x nodes of the row, counted as trees) of a run of residuals of one
// formula that is evaluated as a loop over the rows (a row family, eval/row_family.hpp); smaller
// runs stay in the straight-line graph. Tests set it small; define it alike in every translation
// unit of a program.
#ifndef CTDIFF_ROW_FAMILY_MIN_NODES
#define CTDIFF_ROW_FAMILY_MIN_NODES 512
#endif

// The same for a run whose rows run a pack at a time (only + - * / and square roots, at least a
// pack's width of rows, on a target with packs of at least CTDIFF_ROW_FAMILY_PACK_LANES doubles:
// detail::rows_in_packs); never more than CTDIFF_ROW_FAMILY_MIN_NODES.
#ifndef CTDIFF_ROW_FAMILY_MIN_NODES_IN_PACKS
#define CTDIFF_ROW_FAMILY_MIN_NODES_IN_PACKS 64
#endif

// The same for the elements of a tensor-valued output that is elementwise over data vectors (a
// family read off the expression, without making each element's expression; eval/row_family.hpp,
// tensor_family): lower, because the straight-line alternative has to make those expressions
// first, which costs compile time; never more than CTDIFF_ROW_FAMILY_MIN_NODES.
#ifndef CTDIFF_TENSOR_FAMILY_MIN_NODES
#define CTDIFF_TENSOR_FAMILY_MIN_NODES 256
#endif

// The fewest lanes of the target's packs (ctdiff::native_width) for which a row family of
// + - * / and square roots runs a pack of rows at a time (eval/row_family.hpp, rows_in_packs):
// by default any target with vector registers, x86-64 without -m flags (2 lanes) included.
#ifndef CTDIFF_ROW_FAMILY_PACK_LANES
#define CTDIFF_ROW_FAMILY_PACK_LANES 2
#endif

// A piece of a very large evaluation or sweep (see detail::straight_line_piece): kept out of line
// so that the optimiser sees functions of bounded size.
#if defined(__GNUC__) || defined(__clang__)
#define CTDIFF_NOINLINE [[gnu::noinline]] inline
#elif defined(_MSC_VER)
#define CTDIFF_NOINLINE __declspec(noinline) inline
#else
#define CTDIFF_NOINLINE inline
#endif


// The math functions take their constexpr implementation in constant evaluation and libm's at
// run time. The builtin is folded before inlining; CTDIFF_IS_CONSTANT_EVALUATED() is a call that
// g++'s inliner first has to inline, together with the dead constexpr branch behind it, at every
// use in a large gradient.
#if defined(__GNUC__) || defined(__clang__)
#define CTDIFF_IS_CONSTANT_EVALUATED() __builtin_is_constant_evaluated()
#else
#include <type_traits>
#define CTDIFF_IS_CONSTANT_EVALUATED() std::is_constant_evaluated()
#endif
