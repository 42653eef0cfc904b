// ctdiff/eval/backward.hpp — the backward pass as values: every adjoint is a number, accumulated
// in one sweep over the edges of the DAG from the output down.
//
//   adjoint(f)     = 1
//   adjoint(child) = sum over the edges parent --i--> child of  adjoint(parent) * partial_i(parent)
//
// "Multiply the local derivatives along a path; if several paths contribute, add them." The
// sweep is fixed at compile time (a constexpr table of edges, parents in reverse topological
// order, so a node's adjoint is complete before it is passed on); what runs is at most one
// multiply-add per edge, and less where exact constant factors are kept in the table as scales
// of the adjoints (below). The local partial comes from the op's `partial<I>` rule applied to the node's
// instruction, so it reads the forward values it names (d tanh(u) = 1 - tanh(u)^2 reads the
// tanh node's slot). No adjoint is ever an expression type: compile time grows with the number
// of edges, not with the size of nested adjoint expressions, and no symbolic derivative of the
// whole function is taken (no expression swell).
//
// The plan of the sweep (which edges, which factors, in which order) is eval/sweep_plan.hpp.
#pragma once

#include <array>
#include <tuple>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/tensor.hpp"
#include "ctdiff/eval/evaluate.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/eval/sweep_plan.hpp"
#include "ctdiff/graph/topo.hpp"

namespace ctdiff::detail {

/// Where the adjoint of the variable at position P of wrt(...) is accumulated: an entry of the
/// gradient being computed (a std::array of scalars, or a tuple of scalars and tensors).
/// (`row` is read by the Jacobian layout alone: a gradient is one row.)
template <std::size_t P, class T, std::size_t M>
CTDIFF_FORCEINLINE constexpr T* variable_adjoint(std::array<T, M>& entries, std::size_t) {
    return &entries[P];
}
template <std::size_t P, class... E>
CTDIFF_FORCEINLINE constexpr auto* variable_adjoint(std::tuple<E...>& entries, std::size_t) {
    return detail::first_element(std::get<P>(entries));
}

/// Where each variable's columns of a Jacobian go: row i of variable P's block starts at
/// at[P] + i * row_stride[P]. One row-major M x N matrix is one layout (contiguous_layout,
/// eval/jacobian.hpp); a Ceres cost function's parameter blocks, each its own row-major matrix,
/// are another. The sweeps of all rows write through it (jacobian_backward).
template <class T, std::size_t Count>
struct jacobian_layout {
    T* at[Count];
    std::size_t row_stride[Count];
};
template <std::size_t P, class T, std::size_t Count>
CTDIFF_FORCEINLINE constexpr T* variable_adjoint(const jacobian_layout<T, Count>& layout, std::size_t row) {
    return layout.at[P] + row * layout.row_stride[P];
}

/// A read-only view of Size elements at p: by value for a scalar.
template <class T, class S>
CTDIFF_FORCEINLINE constexpr auto view_at(const T* p) {
    if constexpr (std::is_same<S, shape<>>::value) return scalar_view<T>{*p};
    else return input_view<T, S>{p};
}

/// Element i of an edge's run-time factor Rest: computed from the values, or (Cached) read from
/// the partial cache, where it was computed once for all of a Jacobian's sweeps.
template <class Rest, bool Cached, std::size_t Edge, std::size_t PartialAt, class T, std::size_t M, class Env>
CTDIFF_FORCEINLINE constexpr T factor_value(const value_array<T, M>& values, const Env& env,
                                            [[maybe_unused]] const T* cache, [[maybe_unused]] std::size_t i) {
    if constexpr (PartialAt != 0) return values.slot[PartialAt - 1];  // a node has computed it
    else if constexpr (Cached) return cache[Edge];
    else return detail::value_in<Rest>(values, env, i);
}

/// One edge of the sweep (Step, a row of the table): adjoint[child] (=|+=) its contribution,
/// elementwise, or through the parent op's vector-Jacobian product for a tensor op. The parent is
/// given by its instruction, everything else by the step's offsets. (Not by the Dag: every
/// function named by the Dag type gets a mangled name as long as the whole expression, one per
/// edge.)
template <class Instruction, step_code Step>
struct backward_step;
template <class Op, class... Args, step_code Step>
struct backward_step<expr<Op, Args...>, Step> {
    using parent_shape = typename expr<Op, Args...>::shape_type;
    using child_shape = typename std::tuple_element_t<Step.position, std::tuple<Args...>>::shape_type;

    /// The parent op's vector-Jacobian product into dst. (A function of its own for tensor ops
    /// only, whose edges are few; the elementwise edges below stay in run.)
    template <class T, std::size_t M, class Env>
    CTDIFF_FORCEINLINE static constexpr void vector_jacobian(T* dst, const value_array<T, M>& adjoint,
                                                             const value_array<T, M>& values, const Env& env) {
        const T one{1};
        Op::template vjp<Step.position>(
            adjoint_sink<T, child_shape, Step.has(step_code::first), Step.multiplier(), Step.divisor()>{dst},
            detail::view_at<T, parent_shape>(Step.has(step_code::parent_constant) ? &one
                                                                                  : adjoint.slot + Step.parent_adjoint_at),
            detail::view_at<T, parent_shape>(values.slot + Step.parent_at), detail::input_of<Args>(values, env)...);
    }

    // One function per edge, and no lambdas or helpers instantiated per edge: each would be one
    // more function for the compiler to instantiate, mangle and inline (measured: a lambda and a
    // helper per edge took 1000 scalar nodes from 8.5 s to 12.4 s of g++ time).
    template <class T, std::size_t M, class G, class Env>
    CTDIFF_FORCEINLINE static constexpr void run(value_array<T, M>& adjoint, G& entries,
                                                 const value_array<T, M>& values, const Env& env,
                                                 [[maybe_unused]] const T* cache) {
        T* dst;
        if constexpr (Step.has(step_code::child_is_variable)) dst = detail::variable_adjoint<Step.child_at>(entries, Step.row);
        else dst = adjoint.slot + Step.child_at;
        if constexpr (Step.has(step_code::selects)) {  // the parent is one element of the unknown
            constexpr std::size_t e = Op::template selected_element<child_shape>();
            const T x = Step.has(step_code::parent_constant) ? T{1} : adjoint.slot[Step.parent_adjoint_at];
            detail::put_scaled<Step.has(step_code::first), Step.multiplier(), Step.divisor()>(dst[e], x);
        } else if constexpr (!is_elementwise<Op>::value) {
            if constexpr (Step.has(step_code::strong) && !Step.has(step_code::parent_constant)) {
                // below a select: an adjoint that is exactly 0 passes on nothing, whatever the
                // op's vector-Jacobian product would make of NaN or infinite values
                // (a bool, or for packs a mask: lanes whose adjoint is all zero)
                auto all_zero = adjoint.slot[Step.parent_adjoint_at] == T(0);
                for (std::size_t i = 1; i < parent_shape::size; ++i)
                    all_zero = all_zero && (adjoint.slot[Step.parent_adjoint_at + i] == T(0));
                if (ctdiff::all(all_zero)) {
                    if constexpr (Step.has(step_code::first))
                        for (std::size_t i = 0; i < child_shape::size; ++i) dst[i] = T(0);
                    return;
                }
                if constexpr (is_pack<T>::value) {
                    if (ctdiff::any(all_zero)) {  // some lanes pass on nothing: they keep what they had
                        T before[child_shape::size];
                        for (std::size_t i = 0; i < child_shape::size; ++i)
                            before[i] = Step.has(step_code::first) ? T(0) : dst[i];
                        backward_step::vector_jacobian(dst, adjoint, values, env);
                        for (std::size_t i = 0; i < child_shape::size; ++i) dst[i] = ctdiff::where(all_zero, before[i], dst[i]);
                        return;
                    }
                }
            }
            backward_step::vector_jacobian(dst, adjoint, values, env);
        } else {
            // contribution = m * x, x = (parent's stored adjoint) * (the partial's run-time
            // factor), either of which may be absent; a scalar child of a tensor parent is
            // broadcast, so its adjoint is the sum over the parent's elements (of x, times m once)
            using factor = edge_partial_factor<expr<Op, Args...>, Step.parent_at, Step.position,
                                               Step.has(step_code::fold)>;
            using rest = typename factor::rest;
            constexpr bool cached = Step.has(step_code::cached);
            constexpr lane_t<T> m = Step.multiplier().template as<lane_t<T>>() / Step.divisor().template as<lane_t<T>>();
            constexpr bool broadcast = child_shape::size != parent_shape::size;
            if constexpr (Step.has(step_code::parent_constant) && !factor::has_rest) {  // an exact constant
                static_assert(!broadcast, "ctdiff: internal: a constant adjoint of a tensor node");
                for (std::size_t i = 0; i < parent_shape::size; ++i) {
                    if constexpr (Step.has(step_code::first)) dst[i] = T(m);
                    else dst[i] += T(m);
                }
            } else {
                // a multiplier that costs a multiplication goes onto the partial's factor, a forward
                // value known before the adjoint: the adjoint then waits for one multiplication, not two
                // (not below a select, where the product must see the factor itself: m * 0 is 0,
                // but m * NaN is NaN)
                constexpr bool m_on_factor = factor::has_rest && !Step.has(step_code::parent_constant) && !broadcast &&
                                             !Step.has(step_code::strong) &&
                                             !detail::cheap_multiplier<Step.multiplier(), Step.divisor()>();
                T sum{};
                for (std::size_t i = 0; i < parent_shape::size; ++i) {
                    T x;
                    if constexpr (Step.has(step_code::parent_constant)) x = detail::factor_value<rest, cached, Step.edge, Step.partial_at>(values, env, cache, i);
                    else if constexpr (!factor::has_rest) x = adjoint.slot[Step.parent_adjoint_at + i];
                    else if constexpr (Step.has(step_code::strong))  // a select or below one: 0 is a strong zero
                        x = detail::strong_product(adjoint.slot[Step.parent_adjoint_at + i], detail::factor_value<rest, cached, Step.edge, Step.partial_at>(values, env, cache, i));
                    else if constexpr (m_on_factor)
                        x = adjoint.slot[Step.parent_adjoint_at + i] * (m * detail::factor_value<rest, cached, Step.edge, Step.partial_at>(values, env, cache, i));
                    else x = adjoint.slot[Step.parent_adjoint_at + i] * detail::factor_value<rest, cached, Step.edge, Step.partial_at>(values, env, cache, i);
                    if constexpr (broadcast) sum += x;
                    else if constexpr (m_on_factor)
                        detail::put_scaled<Step.has(step_code::first), rational{1, 1}, rational{1, 1}>(dst[i], x);
                    else detail::put_scaled<Step.has(step_code::first), Step.multiplier(), Step.divisor()>(dst[i], x);
                }
                if constexpr (broadcast)
                    detail::put_scaled<Step.has(step_code::first), Step.multiplier(), Step.divisor()>(*dst, sum);
            }
        }
    }
};

/// Accumulates the adjoints of Sweep's variables into `entries` and those of Dag's nodes into
/// `adjoint`, from forward values of its Dag. `adjoint` need not be initialised: the sweep visits
/// only nodes the root depends on, and a node's first incoming edge assigns its adjoint before
/// any edge reads it (constant evaluation would reject a read of an element not written).
template <class Dag, class Sweep, std::size_t First, class T, class G, class Env, std::size_t... S>
CTDIFF_FORCEINLINE constexpr void backward_steps_from(const value_array<T, Dag::value_size>& values, const Env& env,
                                                      G& entries, value_array<T, Dag::value_size>& adjoint,
                                                      std::index_sequence<S...>, [[maybe_unused]] const T* cache) {
    [[maybe_unused]] const char sequence[] = {  // a flat list, see run_instructions
        '\0', (backward_step<instruction_t<Dag, Sweep::step(First + S).parent>, Sweep::step(First + S).code()>::run(
                   adjoint, entries, values, env, cache),
               '\0')...};
}
/// One piece of a sweep longer than straight_line_piece steps, out of line (see
/// straight_line_piece, eval/evaluate.hpp).
template <class Dag, class Sweep, std::size_t Piece, class T, class G, class Env>
CTDIFF_NOINLINE constexpr void backward_piece(const value_array<T, Dag::value_size>& values, const Env& env,
                                              G& entries, value_array<T, Dag::value_size>& adjoint, const T* cache) {
    constexpr std::size_t first = Piece * straight_line_piece;
    detail::backward_steps_from<Dag, Sweep, first>(
        values, env, entries, adjoint, std::make_index_sequence<detail::piece_length(Sweep::step_count, first)>{},
        cache);
}
template <class Dag, class Sweep, class T, class G, class Env, std::size_t... P>
CTDIFF_FORCEINLINE constexpr void backward_pieces(const value_array<T, Dag::value_size>& values, const Env& env,
                                                  G& entries, value_array<T, Dag::value_size>& adjoint,
                                                  std::index_sequence<P...>, const T* cache) {
    [[maybe_unused]] const char sequence[] = {
        '\0', (detail::backward_piece<Dag, Sweep, P>(values, env, entries, adjoint, cache), '\0')...};
}
/// The sweep: one function, or pieces of straight_line_piece steps.
template <class Dag, class Sweep, class T, class G, class Env>
CTDIFF_FORCEINLINE constexpr void backward_sweep(const value_array<T, Dag::value_size>& values, const Env& env,
                                                 G& entries, value_array<T, Dag::value_size>& adjoint,
                                                 const T* cache = nullptr) {
    if constexpr (Sweep::step_count <= straight_line_piece)
        detail::backward_steps_from<Dag, Sweep, 0>(values, env, entries, adjoint,
                                                   std::make_index_sequence<Sweep::step_count>{}, cache);
    else
        detail::backward_pieces<Dag, Sweep>(values, env, entries, adjoint,
                                            std::make_index_sequence<detail::pieces_of(Sweep::step_count)>{}, cache);
}

/// Zeroes the gradient entry of variable P: a scalar, or every element of a tensor.
template <std::size_t P, class T, std::size_t M>
CTDIFF_FORCEINLINE constexpr void zero_entry(std::array<T, M>& entries) {
    entries[P] = T{};
}
template <std::size_t P, class... E>
CTDIFF_FORCEINLINE constexpr void zero_entry(std::tuple<E...>& entries) {
    auto& entry = std::get<P>(entries);
    using entry_type = std::remove_cvref_t<decltype(entry)>;
    if constexpr (is_tensor<entry_type>::value) entry.fill(typename entry_type::value_type{});
    else entry = entry_type{};
}


template <class Dag, std::size_t R, bool Cache, class... Vars, class T, class G, class Env, std::size_t... P>
CTDIFF_FORCEINLINE constexpr void gradient_into_entries(const value_array<T, Dag::value_size>& values, const Env& env,
                                                        G& entries, std::index_sequence<P...>, [[maybe_unused]] const T* cache) {
    using F = typename list_element<typename Dag::roots, R>::type;
    static_assert(std::is_same<typename F::shape_type, shape<>>::value,
                  "ctdiff: a gradient is taken of a scalar-valued function: reduce a tensor result "
                  "first (sum, mean, dot, a loss)");
    if constexpr (!expr_node<F>) {  // f is a leaf: 1 for itself, 0 for the others
        [[maybe_unused]] const char sequence[] = {
            '\0', ((std::is_same<F, Vars>::value ? void(*detail::variable_adjoint<P>(entries, 0) = T{1})
                                                 : detail::zero_entry<P>(entries)),
                   '\0')...};
    } else {
        using S = sweep<Dag, R, type_list<Vars...>, true, Cache>;
        [[maybe_unused]] const char sequence[] = {
            '\0', ((S::variable_reached[P] && !S::zeroed(P) ? void() : detail::zero_entry<P>(entries)), '\0')...};
        value_array<T, Dag::value_size> adjoint;  // not zeroed: see backward_sweep
        detail::backward_sweep<Dag, S>(values, env, entries, adjoint, cache);
    }
}

/// The gradient of root R of Dag with respect to Vars..., from Dag's forward values, written into
/// `entries` (one per variable: std::array<T, n> for scalars, or a tuple of scalars and tensors; a
/// Jacobian's rows are written by jacobian_backward). Every element of every entry is written:
/// entries need not be initialised (variables no path reaches get 0). With Cache, computed
/// partials are read from `cache`, which fill_partial_cache<Dag, Vars...> has filled from the
/// same values.
template <class Dag, std::size_t R, bool Cache = false, class... Vars, class T, class G, class Env>
CTDIFF_FORCEINLINE constexpr void gradient_into(type_list<Vars...>, const value_array<T, Dag::value_size>& values,
                                                const Env& env, G& entries, const T* cache = nullptr) {
    detail::gradient_into_entries<Dag, R, Cache, Vars...>(values, env, entries, std::index_sequence_for<Vars...>{},
                                                          cache);
}

/// Sets the Size elements of variable P's entry in row `row` of a Jacobian to 0, or (One) its
/// one element to 1.
template <std::size_t P, std::size_t Size, bool One, std::size_t Row, class T, std::size_t Count>
CTDIFF_FORCEINLINE constexpr void set_row_entry(const jacobian_layout<T, Count>& layout) {
    T* const at = detail::variable_adjoint<P>(layout, Row);
    for (std::size_t k = 0; k < Size; ++k) at[k] = T{};
    if constexpr (One) at[0] = T{1};
}

/// Rows First..End-1 of the Jacobian of Dag's roots with respect to Vars, written through
/// `layout`: the entries Table (jacobian_sweeps) says to set, then every row's sweep, in one flat
/// list of steps, all of them from the forward values of Dag (and, with the cache, its partials).
/// Every entry of Table is read as a template argument: a read at run time would make the
/// compiler emit the whole table.
template <class Dag, class Table, class... Vars, class T, std::size_t Count, class Env, std::size_t... S, std::size_t... J>
CTDIFF_FORCEINLINE constexpr void jacobian_rows(type_list<Vars...>, const value_array<T, Dag::value_size>& values,
                                                const Env& env, const jacobian_layout<T, Count>& layout,
                                                [[maybe_unused]] value_array<T, Dag::value_size>& adjoint,
                                                [[maybe_unused]] const T* cache, std::index_sequence<S...>,
                                                std::index_sequence<J...>) {
    [[maybe_unused]] constexpr std::size_t sizes[] = {Vars::shape_type::size..., 0};  // (unused with no jobs)
    [[maybe_unused]] const char jobs[] = {
        '\0', (detail::set_row_entry<Table::table.jobs[J].var, sizes[Table::table.jobs[J].var], Table::table.jobs[J].one,
                                     Table::table.jobs[J].row>(layout),
               '\0')...};
    [[maybe_unused]] const char steps[] = {  // a flat list, see run_instructions
        '\0', (backward_step<instruction_t<Dag, Table::table.steps[S].parent>, Table::table.steps[S].code()>::run(
                   adjoint, layout, values, env, cache),
               '\0')...};
}

/// Every row of the Jacobian of Dag's roots with respect to Vars, group by group
/// (jacobian_chunks); the groups share one adjoint array (each sweep assigns before it reads).
template <class Dag, class Chunks, bool Cache, class... Vars, class T, std::size_t Count, class Env, std::size_t... C>
CTDIFF_FORCEINLINE constexpr void jacobian_backward(type_list<Vars...> vars, const value_array<T, Dag::value_size>& values,
                                                    const Env& env, const jacobian_layout<T, Count>& layout,
                                                    const T* cache, std::index_sequence<C...>) {
    value_array<T, Dag::value_size> adjoint;  // not zeroed: see backward_sweep
    [[maybe_unused]] const char groups[] = {
        '\0', (detail::jacobian_rows<Dag, jacobian_sweeps<Dag, type_list<Vars...>, Cache, Chunks::bounds.first[C],
                                                           Chunks::bounds.first[C + 1], typename Chunks::rows_type>>(
                   vars, values, env, layout, adjoint, cache,
                   std::make_index_sequence<jacobian_sweeps<Dag, type_list<Vars...>, Cache, Chunks::bounds.first[C],
                                                            Chunks::bounds.first[C + 1], typename Chunks::rows_type>::counts.steps>{},
                   std::make_index_sequence<jacobian_sweeps<Dag, type_list<Vars...>, Cache, Chunks::bounds.first[C],
                                                            Chunks::bounds.first[C + 1], typename Chunks::rows_type>::counts.jobs>{}),
               '\0')...};
}

// ---- the partial cache ---------------------------------------------------------------------------
// A Jacobian sweeps once per output over one forward pass; an edge shared by several outputs'
// graphs would compute its partial (cos u for sin u: a libm call) once per sweep, which the
// compiler may not merge (clang keeps every call). So the computed partials of all the edges the
// sweeps follow are evaluated once, after the forward pass, into a cache indexed by the edge's
// child slot, and the sweeps read them from there.

/// The run-time factor of the edge in slot A, argument J of the node whose instruction is
/// Instruction (its value at Offset), into cache[A].
template <class Instruction, std::size_t Offset, std::size_t J, std::size_t A>
struct cache_partial {
    template <class T, std::size_t M, class Env>
    CTDIFF_FORCEINLINE static constexpr void run(T* cache, const value_array<T, M>& values, const Env& env) {
        using rest = typename edge_partial_factor<Instruction, Offset, J, true>::rest;
        cache[A] = detail::value_in<rest>(values, env, 0);
    }
};

/// The number of slots a partial cache of Dag needs (at least 1).
template <class Dag>
inline constexpr std::size_t partial_cache_size = Dag::child_count + 1;

template <class Dag, class Table, std::size_t C>
using cache_partial_of =
    cache_partial<instruction_t<Dag, Table::edges_type::table.parent[Table::cached_edges[C]]>,
                  Dag::offset(Table::edges_type::table.parent[Table::cached_edges[C]]),
                  Table::cached_edges[C] - Dag::graph.nodes[Table::edges_type::table.parent[Table::cached_edges[C]]].first_child,
                  Table::cached_edges[C]>;

template <class Dag, class Table, class T, class Env, std::size_t... C>
CTDIFF_FORCEINLINE constexpr void fill_partial_cache(const value_array<T, Dag::value_size>& values, const Env& env,
                                                     [[maybe_unused]] T* cache, std::index_sequence<C...>) {
    [[maybe_unused]] const char sequence[] = {  // a flat list, see run_instructions
        '\0', (cache_partial_of<Dag, Table, C>::run(cache, values, env), '\0')...};
}
/// Fills the partial cache of Dag's sweeps with respect to Vars from its forward values.
template <class Dag, class... Vars, class T, class Env>
CTDIFF_FORCEINLINE constexpr void fill_partial_cache(type_list<Vars...>, const value_array<T, Dag::value_size>& values,
                                                     const Env& env, T* cache) {
    using table = partial_nodes<Dag, type_list<Vars...>>;
    detail::fill_partial_cache<Dag, table>(values, env, cache, std::make_index_sequence<table::cached_count>{});
}

}  // namespace ctdiff::detail
