// ctdiff/ops/tensor.hpp — operations on whole tensors: linear algebra (matvec, matmul, transpose,
// dot, outer: ops/linear_algebra.hpp), reductions (sum, mean, pick: ops/reductions.hpp) and the
// softmax family (softmax, log_softmax, logsumexp: ops/softmax.hpp).
//
// A tensor op is one node of the graph, however many elements it touches. Like every op it owns
// all of its rules; unlike an elementwise op (which gives a scalar `eval` and `partial`, lifted
// to tensors by the evaluator), it says `elementwise = false` and gives
//   - `shape(S...)`: the result's shape from the arguments' shapes, a compile error naming them
//     when they do not fit;
//   - `forward(out, in...)`: the value, as fixed-trip-count loops over views (core/tensor.hpp);
//   - `vjp<I>(adj, g, y, in...)`: the vector-Jacobian product for argument I: given the adjoint
//     g of the result and the result y itself, it puts g^T (d y / d in_I) into adj, each element
//     exactly once with `adj.put(k, v)` (which adds to what earlier edges put there);
//   - `vjp_print[I]`: that product as the printers (to_dot, trace) write it, with {g} for the
//     result's adjoint, {y} for the result, {0}, {1} for the arguments and {#0} for the number of
//     elements of argument 0.
// Elements are row-major: a matrix of shape<M, N> has element (i, j) at i * N + j.
#pragma once

#include "ctdiff/ops/linear_algebra.hpp"
#include "ctdiff/ops/reductions.hpp"
#include "ctdiff/ops/softmax.hpp"
