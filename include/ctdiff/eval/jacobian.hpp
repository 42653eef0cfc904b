// ctdiff/eval/jacobian.hpp — residual vectors: values and Jacobians of several outputs.
//
// The outputs are a scalar expression, one tensor-valued expression (its elements are the
// outputs, row-major), or a std::tuple of such entries, one after the other. A tensor entry that
// is elementwise over data vectors is a row family read off the expression (eval/row_family.hpp,
// tensor_family); the elements of the others are made one by one (`at` moves each element inwards
// through elementwise ops, so row i follows only the edges of element i). Each family runs as a
// loop; for the other outputs one forward pass over the union of their nodes (shared
// subexpressions computed once) gives their values, then one backward sweep per output (or a
// tangent sweep, eval/tangent_sweep.hpp) writes its row of the Jacobian straight into the result
// (or the caller's storage): the columns are the scalar unknowns of wrt(...), in order, a tensor
// variable's elements row-major. (Work shared between a family and other outputs is done by each.)
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/pack.hpp"
#include "ctdiff/core/tensor.hpp"
#include "ctdiff/eval/backward.hpp"
#include "ctdiff/eval/reverse.hpp"
#include "ctdiff/eval/row_family.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/eval/tangent_sweep.hpp"
#include "ctdiff/ops/element.hpp"

namespace ctdiff {

/// How a Jacobian is computed: `automatic` (the default) counts the multiply-adds of the three
/// ways below at compile time and takes the smallest; `forward` pushes the tangents of all
/// unknowns through the graph in one pass (eval/tangent_sweep.hpp; scalar graphs only); `reverse`
/// sweeps backwards once per output; `mixed` computes the outputs that share their work forwards
/// and sweeps each of the others backwards (which ones is decided at compile time; an output
/// whose graph holds tensor ops is always swept backwards, and where forward mode cannot be used
/// at all, beyond 64 unknowns, every output is). Give it as the first template argument:
/// `value_and_jacobian<ctdiff::jacobian_mode::forward>(...)`.
enum class jacobian_mode { automatic, forward, reverse, mixed };

/// An M x N matrix of first derivatives: row i is output i, the columns are the N scalar
/// unknowns of wrt(...) in order (a tensor variable's elements row-major). It is a
/// `tensor<T, shape<M, N>>` (`J(i, j)`, `data()`, row-major), and also indexed by variable:
/// `J(i, x)` is d output_i / dx for a scalar variable x, a tensor of W's shape for a tensor
/// variable W; `J.at(i, j)` by positions; `J.column(W)` is the first column of W.
template <class T, std::size_t M, class... Vars>
struct jacobian_matrix : tensor<T, shape<M, detail::unknown_layout<Vars...>::count>> {
    using layout = detail::unknown_layout<Vars...>;
    using tensor_type = tensor<T, shape<M, layout::count>>;
    static constexpr std::size_t rows = M;
    static constexpr std::size_t cols = layout::count;

    using tensor_type::tensor_type;
    constexpr jacobian_matrix() noexcept = default;

    constexpr const T& at(std::size_t i, std::size_t j) const noexcept { return this->elements[i * cols + j]; }
    constexpr T& at(std::size_t i, std::size_t j) noexcept { return this->elements[i * cols + j]; }

    /// The first column of variable V (of wrt(...)).
    template <class V>
    static constexpr std::size_t column(const V&) noexcept {
        return layout::column[position_of<V>()];
    }

    /// `J(i, v)` by variable, `J(i, j)` by positions (the tensor's own indexing).
    template <class A, class B>
    constexpr decltype(auto) operator()(A i, const B& b) const noexcept {
        if constexpr (variable_expression<B>) {
            constexpr std::size_t first = layout::column[position_of<B>()];
            using S = typename B::shape_type;
            const std::size_t row = static_cast<std::size_t>(i) * cols;
            if constexpr (std::is_same<S, shape<>>::value) {
                return static_cast<const T&>(this->elements[row + first]);
            } else {
                tensor<T, S> out(detail::no_init);
                for (std::size_t k = 0; k < S::size; ++k) out.elements[k] = this->elements[row + first + k];
                return out;
            }
        } else {
            return static_cast<const tensor_type&>(*this)(i, b);
        }
    }
    template <class A, class B>
        requires(!variable_expression<B>)
    constexpr T& operator()(A i, B j) noexcept {
        return static_cast<tensor_type&>(*this)(i, j);
    }

private:
    template <class V>
    static constexpr std::size_t position_of() noexcept {
        constexpr std::size_t p = detail::position<std::remove_cvref_t<V>, Vars...>::value;
        static_assert(p < sizeof...(Vars), "ctdiff: J(i, v) — v must be a variable listed in wrt(...)");
        return p < sizeof...(Vars) ? p : 0;
    }
};

/// The result of value_and_jacobian: `auto [r, J] = value_and_jacobian(...)`, r the M output
/// values, J their M x N Jacobian.
template <class T, std::size_t M, class... Vars>
struct values_and_jacobian {
    tensor<T, shape<M>> value;
    jacobian_matrix<T, M, Vars...> jacobian;
};

namespace detail {

/// The flat element K of a tensor expression, as a scalar expression.
template <std::size_t K, class F, class S = typename F::shape_type>
struct element_output;
template <std::size_t K, class F, std::size_t N>
struct element_output<K, F, shape<N>> {
    using type = decltype(ctdiff::at<K>(F{}));
};
template <std::size_t K, class F, std::size_t R, std::size_t C>
struct element_output<K, F, shape<R, C>> {
    using type = decltype(ctdiff::at<K / C, K % C>(F{}));
};

template <class F, class Seq = std::make_index_sequence<F::shape_type::size>>
struct elements_of;
template <class F, std::size_t... K>
struct elements_of<F, std::index_sequence<K...>> {
    using type = type_list<typename element_output<K, F>::type...>;
};

/// Outputs that were reported by a static_assert: nothing more is built from them.
struct invalid_outputs {
    static constexpr std::size_t size = 1;
};

template <class F>
struct is_scalar_output : std::is_same<typename F::shape_type, shape<>> {};

template <class F, bool Scalar = is_scalar_output<F>::value>
struct outputs_of_expression {
    using type = type_list<F>;
};
template <class F>
struct outputs_of_expression<F, false> : elements_of<F> {};

/// The outputs as given: a std::tuple's entries, or the one expression. Each entry is one
/// output (a scalar expression) or several (a tensor expression: its elements, row-major).
template <class Outputs>
struct output_entries {
    static_assert(expression<Outputs>,
                  "ctdiff: the outputs of a Jacobian are a ctdiff expression (scalar, or a vector of "
                  "residuals) or a std::tuple{r0, r1, ...} of them");
    using type = std::conditional_t<expression<Outputs>, type_list<Outputs>, invalid_outputs>;
};
template <class... Fs>
struct output_entries<std::tuple<Fs...>> {
    static_assert((expression<std::remove_cvref_t<Fs>> && ...),
                  "ctdiff: every entry of the outputs' std::tuple{r0, r1, ...} must be a ctdiff expression");
    using type = std::conditional_t<(expression<std::remove_cvref_t<Fs>> && ...), type_list<std::remove_cvref_t<Fs>...>,
                                    invalid_outputs>;
};

/// How many outputs the entries are.
template <class Entries>
struct output_count {  // invalid outputs, already reported
    static constexpr std::size_t value = 1;
};
template <class... Fs>
struct output_count<type_list<Fs...>> {
    static constexpr std::size_t value = (std::size_t{0} + ... + Fs::shape_type::size);
};

/// The outputs of the entries as one list of scalar expressions (a tensor entry's elements made
/// one by one).
template <class Entries>
struct rows_of_entries {
    using type = invalid_outputs;
};
template <class... Fs>
struct rows_of_entries<type_list<Fs...>> {
    using type = typename concat_lists<type_list<>, typename outputs_of_expression<Fs>::type...>::type;
};

/// The outputs as a list of scalar expressions: a std::tuple's entries, a scalar expression
/// itself, a tensor expression's elements (row-major).
template <class Outputs>
struct output_list {
    using type = typename rows_of_entries<typename output_entries<Outputs>::type>::type;
};

/// The variables of the outputs (none for outputs already reported as invalid).
template <class Outs>
struct output_variables {
    using type = type_list<>;
};
template <class... Fs>
struct output_variables<type_list<Fs...>> {
    // a walk memoised per node, not a search of the graph of all the outputs: rows that a
    // family evaluates as a loop are never searched as one graph (Watson: 0.45 of clang's 1.3 s
    // in value_and_jacobian_to went to that search)
    using type = typename variable_union<typename variables_in<Fs>::type...>::type;
};

template <class Outs, class Wrt, class... Bindings>
struct jacobian_check {  // invalid outputs, already reported
    static constexpr bool value = false;
};
template <class... Fs, class Wrt, class... Bindings>
struct jacobian_check<type_list<Fs...>, Wrt, Bindings...> {
    static constexpr bool value = check_binding_values<Bindings...>() &&
                                  all_bound<typename output_variables<type_list<Fs...>>::type, Bindings...>::value;
};

template <class T, std::size_t M, class Vars>
struct jacobian_result;
template <class T, std::size_t M, class... Vars>
struct jacobian_result<T, M, type_list<Vars...>> {
    using matrix = jacobian_matrix<T, M, Vars...>;
    using both = values_and_jacobian<T, M, Vars...>;
};

template <class T, class... Vars, std::size_t... P>
constexpr jacobian_layout<T, sizeof...(Vars)> contiguous_layout(type_list<Vars...>, T* jacobian, std::index_sequence<P...>) {
    using layout = unknown_layout<Vars...>;
    return {{(jacobian + layout::column[P])...}, {((void)P, layout::count)...}};
}
/// The layout of one row-major M x N matrix at `jacobian`: variable P from column column[P].
template <class T, class... Vars>
constexpr jacobian_layout<T, sizeof...(Vars)> contiguous_layout(type_list<Vars...> vars, T* jacobian) {
    return detail::contiguous_layout(vars, jacobian, std::index_sequence_for<Vars...>{});
}

/// Row `row` of a Jacobian from the tangent sweep's tangents, written through `layout`: entry j
/// is the tangent j of node Root where it depends on unknown j (Depends), else 0; for an output
/// that is one element of an unknown, or an unknown itself, 1 in its column Seed and 0 elsewhere.
/// (Named by the row's constants, not by the Dag: see jacobian_sweeps. Rows with the same
/// constants share one function.)
template <std::size_t Root, std::uint64_t Depends, std::size_t Seed, class Layout,
          class Seq = std::make_index_sequence<Layout::count>>
struct tangent_row;
template <std::size_t Root, std::uint64_t Depends, std::size_t Seed, class Layout, std::size_t... J>
struct tangent_row<Root, Depends, Seed, Layout, std::index_sequence<J...>> {
    template <class T, std::size_t Count>
    CTDIFF_FORCEINLINE static constexpr void write([[maybe_unused]] const T* tangent,
                                                   const jacobian_layout<T, Count>& layout, std::size_t row) {
        constexpr std::size_t n = Layout::count;
        [[maybe_unused]] const char sequence[] = {
            '\0', (detail::variable_adjoint<Layout::variable_of[J]>(layout, row)[Layout::element_of[J]] =
                       Seed != no_node ? (Seed == J ? T{1} : T{})
                                       : (((Depends >> J) & 1) ? tangent[(Root == no_node ? 0 : Root) * n + J] : T{}),
                   '\0')...};
    }
};
/// A row that is not the tangent sweep's (a backward row of a mix): written by its sweep.
struct no_tangent_row {
    template <class T, std::size_t Count>
    CTDIFF_FORCEINLINE static constexpr void write(const T*, const jacobian_layout<T, Count>&, std::size_t) {}
};
/// The tangent_row of root R of Dag (no_tangent_row where Forward is false): a node root reads
/// the plan; a leaf output is the unknown of column Seed (if it is a scalar unknown) and depends
/// on nothing else.
template <class Dag, class Plan, class Layout, class Vars, std::size_t R, bool Forward = true,
          std::size_t Root = Dag::graph.root_index[R]>
struct tangent_row_of {
    using type = tangent_row<Root, Plan::plan.depends[Root], Plan::plan.seed[Root], Layout>;
};
template <class Dag, class Plan, class Layout, class... Vars, std::size_t R>
struct tangent_row_of<Dag, Plan, Layout, type_list<Vars...>, R, true, no_node> {
    using type = tangent_row<
        no_node, 0,
        (position<typename list_element<typename Dag::roots, R>::type, Vars...>::value < sizeof...(Vars)
             ? Layout::column[position<typename list_element<typename Dag::roots, R>::type, Vars...>::value]
             : no_node),
        Layout>;
};
template <class Dag, class Plan, class Layout, class Vars, std::size_t R, std::size_t Root>
struct tangent_row_of<Dag, Plan, Layout, Vars, R, false, Root> {
    using type = no_tangent_row;
};

/// The rows of a mix that are swept backwards: those tangent_plan Plan does not take forwards.
template <class Plan>
struct backward_rows {
    static constexpr bool take(std::size_t r) { return !Plan::plan.forward_root[r]; }
};

/// How values_and_jacobian_rows computes a Jacobian's rows: one backward sweep per row, one
/// tangent sweep for all, or the plan's mix of the two.
enum class row_sweeps { backward, tangent, mixed };
/// The way Mode asks for, Plan (a tangent_plan) consulted only where Mode needs it: reverse mode
/// does not plan the tangent sweep at all.
template <jacobian_mode Mode, class Plan>
constexpr row_sweeps sweeps_for() {
    if constexpr (Mode == jacobian_mode::reverse) {
        return row_sweeps::backward;
    } else if constexpr (Mode == jacobian_mode::forward) {
        static_assert(Plan::plan.applies,
                      "ctdiff: jacobian_mode::forward takes graphs whose nodes that depend on the unknowns are "
                      "scalar elementwise ops or elements at<i>(p) of the unknowns (no other tensor ops), "
                      "with at most 64 unknowns and 16384 tangent entries (nodes x unknowns): use "
                      "jacobian_mode::reverse, mixed or automatic here");
        return row_sweeps::tangent;
    } else if constexpr (Mode == jacobian_mode::mixed) {
        // the plan's mix as it is; where it has every row in one mode, that mode
        return Plan::mixes ? row_sweeps::mixed
                           : (Plan::plan.forward_rows == 0 ? row_sweeps::backward : row_sweeps::tangent);
    } else {
        return Plan::mix_preferred ? row_sweeps::mixed
                                   : (Plan::preferred ? row_sweeps::tangent : row_sweeps::backward);
    }
}

/// The rows Rows (every_row, or a mix's backward_rows) of Dag's Jacobian, one backward sweep each.
template <class Dag, class Rows, bool Cache, class Vars, class T, std::size_t Count, class Env>
CTDIFF_FORCEINLINE constexpr void backward_sweeps(Vars vars, const value_array<T, Dag::value_size>& values,
                                                  const Env& env, const jacobian_layout<T, Count>& layout,
                                                  const T* cache) {
    using chunks = jacobian_chunks<Dag, Vars, Rows>;
    detail::jacobian_backward<Dag, chunks, Cache>(vars, values, env, layout, cache,
                                                  std::make_index_sequence<chunks::count>{});
}

/// Values into `residuals` and the rows of the Jacobian into `layout` (either may be null: not
/// computed; with no layout only the forward pass runs), in the mode Mode asks for or, for
/// jacobian_mode::automatic, the one whose count of multiply-adds is smallest (tangent_plan).
template <jacobian_mode Mode, class Outs, class... Vars, class T, class Env, std::size_t... R>
CTDIFF_FORCEINLINE constexpr void values_and_jacobian_rows(type_list<Vars...> vars, T* residuals,
                                                           const jacobian_layout<T, sizeof...(Vars)>* layout,
                                                           const Env& env, std::index_sequence<R...>) {
    using D = dag<Outs>;
    using plan = tangent_plan<D, type_list<Vars...>>;  // (named here, computed only where used)
    constexpr row_sweeps sweeps = detail::sweeps_for<Mode, plan>();
    const auto values = detail::forward_pass<D, T>(env);
    if (residuals != nullptr) {
        [[maybe_unused]] const char sequence[] = {  // a flat list: clang caps a fold's nesting at 256
            '\0', (residuals[R] = detail::root_output(root_of_t<D, R>{}, values, env, root_slot<D, R>::value), '\0')...};
    }
    if (layout == nullptr) return;
    constexpr std::size_t n = unknown_layout<Vars...>::count;
    using unknowns = unknown_layout<Vars...>;
    if constexpr (sweeps == row_sweeps::tangent) {
        value_array<T, D::size * n> tangent;  // only the entries of the unknowns a node depends on are written
        detail::tangent_sweep<D, plan, n, false, false>(tangent.slot, values, env, static_cast<const T*>(nullptr),
                                                        std::make_index_sequence<plan::step_count>{});
        [[maybe_unused]] const char sequence[] = {
            '\0', (tangent_row_of<D, plan, unknowns, type_list<Vars...>, R>::type::write(tangent.slot, *layout, R), '\0')...};
    } else if constexpr (sweeps == row_sweeps::mixed) {
        // the computed partials (cos u for sin u) once, for the backward sweeps if there are
        // several, and then also for the tangent sweep
        constexpr bool cache = sizeof...(R) - plan::plan.forward_rows > 1;
        value_array<T, cache ? partial_cache_size<D> : 1> partials;  // only the cached slots are written
        if constexpr (cache) detail::fill_partial_cache<D>(vars, values, env, partials.slot);
        value_array<T, D::size * n> tangent;  // only the forward outputs' nodes are written
        detail::tangent_sweep<D, plan, n, true, cache>(tangent.slot, values, env, partials.slot,
                                                       std::make_index_sequence<plan::plan.mixed_count>{});
        [[maybe_unused]] const char sequence[] = {
            '\0', (tangent_row_of<D, plan, unknowns, type_list<Vars...>, R, plan::plan.forward_root[R]>::type::write(
                       tangent.slot, *layout, R),
                   '\0')...};
        detail::backward_sweeps<D, backward_rows<plan>, cache>(vars, values, env, *layout, partials.slot);
    } else {
        // several sweeps share the computed partials (cos u for sin u): computed once, read by all
        constexpr bool cache = sizeof...(R) > 1;
        value_array<T, cache ? partial_cache_size<D> : 1> partials;  // only the cached slots are written
        if constexpr (cache) detail::fill_partial_cache<D>(vars, values, env, partials.slot);
        detail::backward_sweeps<D, every_row, cache>(vars, values, env, *layout, partials.slot);
    }
}
/// The layout with row `row` as its first.
template <class T, std::size_t Count>
CTDIFF_FORCEINLINE constexpr jacobian_layout<T, Count> layout_from_row(const jacobian_layout<T, Count>& layout,
                                                                      std::size_t row) {
    jacobian_layout<T, Count> moved = layout;
    for (std::size_t p = 0; p < Count; ++p) moved.at[p] = layout.at[p] + row * layout.row_stride[p];
    return moved;
}

/// Slot S of row r of a family: an exact constant, or an element of a data variable.
template <class Family, std::size_t S, class T, class Env>
CTDIFF_FORCEINLINE constexpr T family_slot_value(const Env& env, std::size_t r) {
    using slot = typename Family::template slot<S>;
    if constexpr (!slot::data) {
        return family_constants<Family, S, T>::value.at[r];
    } else {
        const auto& bound = detail::bound_value<slot::source::name>(env);
        if constexpr (slot::even) return detail::element_of<T>(bound, slot::first + r * slot::step);
        else return detail::element_of<T>(bound, slot::element(r));
    }
}

/// The environment of a family's rows: the caller's bindings and the row variable, bound to
/// `slots` (which each row refills). Built once per call: a binding may hold a copy of its data
/// (tensor_copy, e.g. of a column-major Eigen matrix), which a copy per row would repeat.
template <class Slots, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto row_environment(const environment<Bindings...>& env, const Slots& slots) {
    using row_binding = binding<row_data_name, typename Slots::shape_type, Slots>;
    return environment<Bindings..., row_binding>{static_cast<const Bindings&>(env)..., row_binding{&slots}};
}

/// Runs row r of a family: fills the row's slots and computes the skeleton's value and Jacobian
/// row through `layout` (already moved to that row).
template <jacobian_mode Mode, class Family, class Skeleton, class... Vars, class T, class Slots, class RowEnv,
          std::size_t... S>
CTDIFF_FORCEINLINE constexpr void family_row(type_list<Vars...> vars, T* residual,
                                             const jacobian_layout<T, sizeof...(Vars)>* layout, Slots& slots,
                                             const RowEnv& row_env, std::size_t r, std::index_sequence<S...>) {
    ((slots.elements[S] = detail::family_slot_value<Family, S, T>(row_env, r)), ...);
    detail::values_and_jacobian_rows<Mode, type_list<Skeleton>>(vars, residual, layout, row_env, std::index_sequence<0>{});
}

/// Most values and Jacobian entries of a family computed on the stack before they are copied
/// out; larger families are written in place, one row at a time.
inline constexpr std::size_t family_buffer_entries = 4096;

/// Whether a family's rows run a pack's width at a time (rows_in_packs).
template <class Family, class Skeleton, class T>
inline constexpr bool family_in_packs =
    rows_in_packs<T>(Family::rows, row_weight<Skeleton, typename Family::row_variable>::inexact);

/// Slot S of the rows first ... first + W - 1 of a family as a pack of W lanes (lanes past the
/// last row repeat it). A whole pack of consecutive values — a data variable's elements read with
/// step 1 from a tensor-like binding of element type T, or a column of exact constants — is one
/// load; anything else is built lane by lane.
template <class Family, std::size_t S, class P, class Env>
CTDIFF_FORCEINLINE P family_slot_pack(const Env& env, std::size_t first) {
    using T = typename P::value_type;
    using slot = typename Family::template slot<S>;
    if (first + P::size <= Family::rows) {
        if constexpr (!slot::data) {
            return P::load(family_constants<Family, S, T>::value.at + first);
        } else {
            const auto& bound = detail::bound_value<slot::source::name>(env);
            using bound_type = std::remove_cvref_t<decltype(bound)>;
            if constexpr (slot::even && slot::step == 1 && is_tensor_like<bound_type>::value) {
                if constexpr (std::is_same<std::remove_cvref_t<decltype(*bound.data())>, T>::value)
                    return P::load(bound.data() + slot::first + first);
            }
        }
    }
    return P::generate([&](std::size_t lane) {
        const std::size_t r = first + lane;
        return detail::family_slot_value<Family, S, T>(env, r < Family::rows ? r : Family::rows - 1);
    });
}

/// Rows First..First+W-1 of a family as one evaluation on packs of W lanes, into `values` and the
/// column-major `columns` (entry (r, j) at j * Padded + r; null: the values only), both padded
/// to whole packs: each pack
/// is stored whole, and family_rows transposes into the caller's layout afterwards
/// (rows_from_columns). (A transposition of each block through lane-indexed arrays took g++ as
/// many shuffles as arithmetic: Brown–Dennis 42 ns against 18 ns this way.)
template <jacobian_mode Mode, class Family, class Skeleton, std::size_t Padded, class... Vars, class T, class Slots,
          class RowEnv, std::size_t... S>
CTDIFF_FORCEINLINE void family_block(type_list<Vars...> vars, T* values, T* columns, Slots& slots,
                                     const RowEnv& row_env, std::size_t first, std::index_sequence<S...>) {
    using P = pack<T>;
    constexpr std::size_t n = unknown_layout<Vars...>::count;
    ((slots.elements[S] = detail::family_slot_pack<Family, S, P>(row_env, first)), ...);
    P value;
    if (columns == nullptr) {
        detail::values_and_jacobian_rows<Mode, type_list<Skeleton>>(
            vars, &value, static_cast<const jacobian_layout<P, sizeof...(Vars)>*>(nullptr), row_env,
            std::index_sequence<0>{});
        value.store(values + first);
        return;
    }
    P row[n];
    const auto row_layout = detail::contiguous_layout(vars, static_cast<P*>(row));
    detail::values_and_jacobian_rows<Mode, type_list<Skeleton>>(vars, &value, &row_layout, row_env,
                                                                std::index_sequence<0>{});
    value.store(values + first);
    for (std::size_t j = 0; j < n; ++j) row[j].store(columns + j * Padded + first);
}

/// Output pack K of a block of W rows: the rows' entries K W ... K W + W - 1 in row-major order,
/// from the block's N column packs (constant lane indices: the compilers make shuffles of them).
template <std::size_t N, std::size_t K, class P>
CTDIFF_FORCEINLINE P row_major_pack(const P* column) {
    return P::generate([&](std::size_t lane) {
        const std::size_t i = K * P::size + lane;
        return column[i % N][i / N];
    });
}
template <std::size_t N, class P, class T, std::size_t... K>
CTDIFF_FORCEINLINE void store_row_major(const P* column, T* out, std::index_sequence<K...>) {
    (detail::row_major_pack<N, K>(column).store(out + K * P::size), ...);
}
/// Writes the Rows x N row-major matrix `out` from `columns` (entry (r, j) at j * Padded + r, as
/// family_block stores them). Each compiler gets the form it vectorises: clang++ does not
/// vectorise the plain loop (a scalar store per entry: Brown–Dennis as a family took 1.3x its
/// straight-line time), so it gets N packs in and N packs out per block of a pack's width of
/// rows, which it turns into shuffles; g++ 12 vectorises the loop and builds those packs lane by
/// lane (Brown–Dennis 17.7 ns with the loop, 30.2 ns with the packs).
template <std::size_t N, std::size_t Rows, std::size_t Padded, class T>
CTDIFF_FORCEINLINE void rows_from_columns(const T* columns, T* out) {
    std::size_t whole = 0;  // rows written by whole packs
#if defined(__clang__)
    using P = pack<T>;
    whole = Rows / P::size * P::size;
    for (std::size_t first = 0; first < whole; first += P::size) {
        P column[N];
        for (std::size_t j = 0; j < N; ++j) column[j] = P::load(columns + j * Padded + first);
        detail::store_row_major<N>(column, out + first * N, std::make_index_sequence<N>{});
    }
#endif
    for (std::size_t r = whole; r < Rows; ++r)
        for (std::size_t j = 0; j < N; ++j) out[r * N + j] = columns[j * Padded + r];
}

/// A family's rows padded to whole packs where they run in packs, else its rows.
template <class Family, class Skeleton, class T>
inline constexpr std::size_t family_padded_rows =
    family_in_packs<Family, Skeleton, T> ? (Family::rows + native_width<T> - 1) / native_width<T> * native_width<T>
                                         : Family::rows;

/// Runs the rows of a family into `values` and, unless `entries` is null (the residuals alone),
/// their Jacobian entries into `entries`: a pack's width of rows at a time where family_in_packs
/// allows and at run time (packs are for run time, design.md "Packs"), the entries then
/// column-major with Padded rows per column, and the result true; else one row at a time, the
/// entries row-major, and the result false.
template <jacobian_mode Mode, class Family, class Skeleton, std::size_t Padded, class... Vars, class T, class Env,
          std::size_t... S>
CTDIFF_FORCEINLINE constexpr bool family_run(type_list<Vars...> vars, T* values, T* entries, const Env& env,
                                             std::index_sequence<S...> slot_indices) {
    if constexpr (family_in_packs<Family, Skeleton, T>) {
        if (!std::is_constant_evaluated()) {
            tensor<pack<T>, shape<sizeof...(S)>> pack_slots(no_init);
            const auto pack_env = detail::row_environment(env, pack_slots);
            for (std::size_t first = 0; first < Family::rows; first += native_width<T>)
                detail::family_block<Mode, Family, Skeleton, Padded>(vars, values, entries, pack_slots, pack_env, first,
                                                                     slot_indices);
            return true;
        }
    }
    using layout_type = jacobian_layout<T, sizeof...(Vars)>;
    tensor<T, shape<sizeof...(S)>> slots(no_init);
    const auto row_env = detail::row_environment(env, slots);
    if (entries == nullptr) {
        for (std::size_t r = 0; r < Family::rows; ++r)
            detail::family_row<Mode, Family, Skeleton>(vars, values + r, static_cast<const layout_type*>(nullptr), slots,
                                                       row_env, r, slot_indices);
    } else {
        const layout_type local = detail::contiguous_layout(vars, entries);
        for (std::size_t r = 0; r < Family::rows; ++r) {
            const layout_type row_layout = detail::layout_from_row(local, r);
            detail::family_row<Mode, Family, Skeleton>(vars, values + r, &row_layout, slots, row_env, r, slot_indices);
        }
    }
    return false;
}

/// The rows of a family, as a loop (family_run). The values and Jacobian rows go to arrays on the
/// stack and are copied out after the loop: what the rows read through the caller's pointers
/// cannot then change while they run (a Jacobian written in place might alias the unknowns, and
/// the compiler would reload them and give up vectorising; Watson with clang++ took twice as
/// long). Where family_in_packs allows, the loop runs a pack's width of rows at a time (g++ does
/// not vectorise the scalar loop: Watson 1.5x slower than its straight-line graph). Beyond
/// family_buffer_entries, the rows are written in place.
template <jacobian_mode Mode, class Family, class Skeleton, class... Vars, class T, class Env, std::size_t... S>
CTDIFF_FORCEINLINE constexpr void family_rows(type_list<Vars...> vars, T* residuals,
                                              const jacobian_layout<T, sizeof...(Vars)>* layout, const Env& env,
                                              std::index_sequence<S...> slot_indices) {
    constexpr std::size_t rows = Family::rows;
    constexpr std::size_t n = unknown_layout<Vars...>::count;
    constexpr std::size_t padded = family_padded_rows<Family, Skeleton, T>;
    using layout_type = jacobian_layout<T, sizeof...(Vars)>;
    if (layout == nullptr) {  // residuals only (Ceres' line search asks for them so)
        if (residuals == nullptr) return;
        if constexpr (padded <= family_buffer_entries) {
            T values[padded];
            detail::family_run<Mode, Family, Skeleton, padded>(vars, values, static_cast<T*>(nullptr), env,
                                                               slot_indices);
            for (std::size_t r = 0; r < rows; ++r) residuals[r] = values[r];
        } else {  // beyond the buffer, in place (the stack is not the place for a million rows)
            tensor<T, shape<sizeof...(S)>> slots(no_init);
            const auto row_env = detail::row_environment(env, slots);
            for (std::size_t r = 0; r < rows; ++r)
                detail::family_row<Mode, Family, Skeleton>(vars, residuals + r, static_cast<const layout_type*>(nullptr),
                                                           slots, row_env, r, slot_indices);
        }
    } else if constexpr (rows * n <= family_buffer_entries) {
        T values[padded];
        T entries[padded * n];
        // entries column-major (the packs' order), else row-major
        const bool in_columns =
            detail::family_run<Mode, Family, Skeleton, padded>(vars, values, static_cast<T*>(entries), env, slot_indices);
        if (residuals != nullptr)
            for (std::size_t r = 0; r < rows; ++r) residuals[r] = values[r];
        using unknowns = unknown_layout<Vars...>;
        if constexpr (family_in_packs<Family, Skeleton, T>) {
            if (in_columns) {  // one row-major matrix (the usual case): a transposition of constant shape
                bool one_matrix = true;
                for (std::size_t p = 0; p < sizeof...(Vars); ++p)
                    one_matrix = one_matrix && layout->row_stride[p] == n &&
                                 layout->at[p] == layout->at[0] + unknowns::column[p];
                if (one_matrix) {
                    detail::rows_from_columns<n, rows, padded>(entries, layout->at[0]);
                    return;
                }
            }
        }
        const std::size_t row_step = in_columns ? 1 : n;
        const std::size_t column_step = in_columns ? padded : 1;
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t p = 0; p < sizeof...(Vars); ++p)
                for (std::size_t e = 0; e < unknowns::column[p + 1] - unknowns::column[p]; ++e)
                    layout->at[p][r * layout->row_stride[p] + e] =
                        entries[r * row_step + (unknowns::column[p] + e) * column_step];
    } else {
        tensor<T, shape<sizeof...(S)>> slots(no_init);
        const auto row_env = detail::row_environment(env, slots);
        for (std::size_t r = 0; r < rows; ++r) {
            const layout_type row_layout = detail::layout_from_row(*layout, r);
            detail::family_row<Mode, Family, Skeleton>(vars, residuals == nullptr ? nullptr : residuals + r,
                                                       &row_layout, slots, row_env, r, slot_indices);
        }
    }
}

/// The rows Rows as a family's loop, or as one straight-line graph.
template <jacobian_mode Mode, class Rows, bool Family, class... Vars, class T, class Env>
CTDIFF_FORCEINLINE constexpr void segment_run(type_list<Vars...> vars, T* residuals,
                                              const jacobian_layout<T, sizeof...(Vars)>* layout, const Env& env) {
    if constexpr (Family) {
        using family = family_skeleton<Rows, type_list<Vars...>>;
        detail::family_rows<Mode, typename family::family, typename family::type>(
            vars, residuals, layout, env, std::make_index_sequence<family::family::slots>{});
    } else {
        detail::values_and_jacobian_rows<Mode, Rows>(vars, residuals, layout, env, std::make_index_sequence<Rows::size>{});
    }
}
/// Outputs Begin..End-1 of Outs, with the residuals and the layout moved to row Begin.
template <jacobian_mode Mode, class Outs, segment Segment, class... Vars, class T, class Env>
CTDIFF_FORCEINLINE constexpr void segment_rows(type_list<Vars...> vars, T* residuals,
                                               const jacobian_layout<T, sizeof...(Vars)>* layout, const Env& env) {
    using rows = typename output_range<Outs, Segment.begin, Segment.end>::type;
    T* const first_residual = residuals == nullptr ? nullptr : residuals + Segment.begin;
    if (layout == nullptr) {
        detail::segment_run<Mode, rows, Segment.family>(vars, first_residual, layout, env);
    } else {
        const auto moved = detail::layout_from_row(*layout, Segment.begin);
        detail::segment_run<Mode, rows, Segment.family>(vars, first_residual, &moved, env);
    }
}
template <jacobian_mode Mode, class Outs, class Segments, class Vars, class T, class Layout, class Env, std::size_t... K>
CTDIFF_FORCEINLINE constexpr void segments_into(Vars vars, T* residuals, const Layout* layout, const Env& env,
                                                std::index_sequence<K...>) {
    (detail::segment_rows<Mode, Outs, Segments::value.at[K]>(vars, residuals, layout, env), ...);
}

/// Values and Jacobian rows of the outputs Outs: runs of rows that are one formula (row
/// families, eval/row_family.hpp) as loops, the others as one straight-line graph.
template <jacobian_mode Mode, class Outs, class... Vars, class T, class Env, std::size_t... R>
CTDIFF_FORCEINLINE constexpr void values_and_jacobian_into(type_list<Vars...> vars, T* residuals,
                                                           const jacobian_layout<T, sizeof...(Vars)>* layout,
                                                           const Env& env, std::index_sequence<R...> rows) {
    using segments = row_segments<Outs, type_list<Vars...>>;
    if constexpr (segments::any_family)
        detail::segments_into<Mode, Outs, segments>(vars, residuals, layout, env,
                                                    std::make_index_sequence<segments::value.count>{});
    else
        detail::values_and_jacobian_rows<Mode, Outs>(vars, residuals, layout, env, rows);
}

// ---- the outputs' entries: tensor families read off their expression, the rest as rows -------

/// Whether entry F of the outputs is a tensor expression whose elements are a family worth a
/// loop (tensor_family_skeleton): its loop is built from the expression itself, and its
/// elements are never made one by one (Brown–Dennis: 20 rows of `at` moved through the
/// expression, then recognised as one formula, took most of its compile time).
template <class F, class Unknowns, bool Tensor = !std::is_same<typename F::shape_type, shape<>>::value>
struct entry_is_family : std::false_type {};
template <class F, class Unknowns>
struct entry_is_family<F, Unknowns, true> : std::bool_constant<tensor_family_skeleton<F, Unknowns>::worthwhile> {};

/// Entries begin..end-1, whose first output is row first_row: one tensor family, or entries
/// whose outputs are evaluated together as rows (values_and_jacobian_into).
struct entry_group {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t first_row = 0;
    bool family = false;
};
template <std::size_t N>
struct entry_group_table {
    entry_group at[N + 1];
    std::size_t count = 0;
};
template <class Entries, class Unknowns>
struct entry_groups;
template <class... Fs, class Unknowns>
struct entry_groups<type_list<Fs...>, Unknowns> {
    static constexpr bool any_family = (entry_is_family<Fs, Unknowns>::value || ...);
    static constexpr entry_group_table<sizeof...(Fs)> value = [] {
        const bool family[] = {entry_is_family<Fs, Unknowns>::value..., false};
        const std::size_t size[] = {Fs::shape_type::size..., 0};
        entry_group_table<sizeof...(Fs)> t{};
        std::size_t row = 0;
        for (std::size_t k = 0; k < sizeof...(Fs); ++k) {
            if (family[k] || t.count == 0 || t.at[t.count - 1].family) t.at[t.count++] = entry_group{k, k + 1, row, family[k]};
            else t.at[t.count - 1].end = k + 1;
            row += size[k];
        }
        return t;
    }();
};

/// The outputs of group Group, with the residuals and the layout already moved to its first row.
template <jacobian_mode Mode, class Entries, entry_group Group, class... Vars, class T, class Env>
CTDIFF_FORCEINLINE constexpr void entry_group_run(type_list<Vars...> vars, T* residuals,
                                                  const jacobian_layout<T, sizeof...(Vars)>* layout, const Env& env) {
    if constexpr (Group.family) {
        using family = tensor_family_skeleton<typename list_element<Entries, Group.begin>::type, type_list<Vars...>>;
        detail::family_rows<Mode, typename family::family, typename family::type>(
            vars, residuals, layout, env, std::make_index_sequence<family::family::slots>{});
    } else {
        using rows = typename rows_of_entries<typename output_range<Entries, Group.begin, Group.end>::type>::type;
        detail::values_and_jacobian_into<Mode, rows>(vars, residuals, layout, env, std::make_index_sequence<rows::size>{});
    }
}
template <jacobian_mode Mode, class Entries, entry_group Group, class... Vars, class T, class Env>
CTDIFF_FORCEINLINE constexpr void entry_group_rows(type_list<Vars...> vars, T* residuals,
                                                   const jacobian_layout<T, sizeof...(Vars)>* layout, const Env& env) {
    T* const first_residual = residuals == nullptr ? nullptr : residuals + Group.first_row;
    if (layout == nullptr) {
        detail::entry_group_run<Mode, Entries, Group>(vars, first_residual, layout, env);
    } else {
        const auto moved = detail::layout_from_row(*layout, Group.first_row);
        detail::entry_group_run<Mode, Entries, Group>(vars, first_residual, &moved, env);
    }
}
template <jacobian_mode Mode, class Entries, class Groups, class Vars, class T, class Layout, class Env,
          std::size_t... K>
CTDIFF_FORCEINLINE constexpr void entry_groups_into(Vars vars, T* residuals, const Layout* layout, const Env& env,
                                                    std::index_sequence<K...>) {
    (detail::entry_group_rows<Mode, Entries, Groups::value.at[K]>(vars, residuals, layout, env), ...);
}

/// Values and Jacobian rows of the outputs' entries Entries (output_entries) into `residuals`
/// and `layout` (either may be null: not computed).
template <jacobian_mode Mode, class Entries, class... Vars, class T, class Env>
CTDIFF_FORCEINLINE constexpr void entries_into(type_list<Vars...> vars, T* residuals,
                                               const jacobian_layout<T, sizeof...(Vars)>* layout, const Env& env) {
    using groups = entry_groups<Entries, type_list<Vars...>>;
    if constexpr (groups::any_family) {
        detail::entry_groups_into<Mode, Entries, groups>(vars, residuals, layout, env,
                                                         std::make_index_sequence<groups::value.count>{});
    } else {
        using rows = typename rows_of_entries<Entries>::type;
        detail::values_and_jacobian_into<Mode, rows>(vars, residuals, layout, env, std::make_index_sequence<rows::size>{});
    }
}
/// The same into one row-major M x N matrix `jacobian` (null: not computed).
template <jacobian_mode Mode, class Entries, class Vars, class T, class Env>
CTDIFF_FORCEINLINE constexpr void entries_into(Vars vars, T* residuals, T* jacobian, const Env& env) {
    if (jacobian == nullptr) {  // no layout: an offset from a null pointer is undefined
        detail::entries_into<Mode, Entries>(
            vars, residuals, static_cast<const decltype(detail::contiguous_layout(vars, jacobian))*>(nullptr), env);
    } else {
        const auto layout = detail::contiguous_layout(vars, jacobian);
        detail::entries_into<Mode, Entries>(vars, residuals, &layout, env);
    }
}

template <jacobian_mode Mode, class Outputs, class Wrt>
struct value_and_jacobian_with;
template <jacobian_mode Mode, class Outputs, class Wrt>
struct jacobian_with;
template <jacobian_mode Mode, class Outputs, class Wrt, class T>
struct value_and_jacobian_to_with;

}  // namespace detail

/// The values of the outputs and their Jacobian with respect to wrt(...), from one forward pass:
/// `auto [r, J] = value_and_jacobian(std::tuple{r0, r1}, wrt(a, p), a = 1.0, p = p0)`. The
/// outputs are a scalar expression, a tensor-valued expression (its elements, row-major), or a
/// std::tuple of them (their outputs one after the other). `r` is a `tensor<T, shape<M>>`, `J` a
/// `jacobian_matrix<T, M, ...>`, which is a `tensor<T, shape<M, N>>` (see above).
template <jacobian_mode Mode = jacobian_mode::automatic, class Outputs, class Wrt, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto value_and_jacobian(const Outputs&, Wrt, const Bindings&... bindings) {
    if constexpr ((detail::binding_group<Bindings> || ...)) {
        return detail::with_spread_bindings(detail::value_and_jacobian_with<Mode, Outputs, Wrt>{}, bindings...);
    } else {
        static_assert(requires { typename Wrt::list; },
                      "ctdiff: the second argument lists the variables: `ctdiff::wrt(x, p)`");
        using T = typename detail::evaluation_scalar<Bindings...>::type;
        using outs = typename detail::output_entries<Outputs>::type;
        constexpr std::size_t m = detail::output_count<outs>::value;
        using result = typename detail::jacobian_result<T, m, typename Wrt::list>::both;
        // (a missing binding checked first: its message is the shortest from here)
        if constexpr (detail::all_bound<typename detail::output_variables<outs>::type, Bindings...>::value &&
                      detail::jacobian_check<outs, Wrt, Bindings...>::value) {
            const detail::environment<Bindings...> env{bindings...};
            result r{tensor<T, shape<m>>(detail::no_init),
                     typename detail::jacobian_result<T, m, typename Wrt::list>::matrix(detail::no_init)};
            detail::entries_into<Mode, outs>(typename Wrt::list{}, r.value.data(), r.jacobian.data(), env);
            return r;
        } else {
            return result{};
        }
    }
}

/// The Jacobian alone: `jacobian(outputs, wrt(...), bindings...)` is value_and_jacobian's J.
template <jacobian_mode Mode = jacobian_mode::automatic, class Outputs, class Wrt, class... Bindings>
CTDIFF_FORCEINLINE constexpr auto jacobian(const Outputs&, Wrt, const Bindings&... bindings) {
    if constexpr ((detail::binding_group<Bindings> || ...)) {
        return detail::with_spread_bindings(detail::jacobian_with<Mode, Outputs, Wrt>{}, bindings...);
    } else {
        static_assert(requires { typename Wrt::list; },
                      "ctdiff: the second argument lists the variables: `ctdiff::wrt(x, p)`");
        using T = typename detail::evaluation_scalar<Bindings...>::type;
        using outs = typename detail::output_entries<Outputs>::type;
        using result = typename detail::jacobian_result<T, detail::output_count<outs>::value, typename Wrt::list>::matrix;
        // (a missing binding checked first: its message is the shortest from here)
        if constexpr (detail::all_bound<typename detail::output_variables<outs>::type, Bindings...>::value &&
                      detail::jacobian_check<outs, Wrt, Bindings...>::value) {
            const detail::environment<Bindings...> env{bindings...};
            result j(detail::no_init);
            detail::entries_into<Mode, outs>(typename Wrt::list{}, static_cast<T*>(nullptr), j.data(), env);
            return j;
        } else {
            return result{};
        }
    }
}

/// The into-form, for solvers that own the storage (what a Ceres `CostFunction::Evaluate` is
/// handed): writes the M output values to `residuals[0..M)` and the M x N Jacobian, row-major,
/// to `jacobian[0..M*N)`, from one forward pass, with no copies. Either pointer may be null:
/// that part is not computed (with `jacobian` null only the forward pass runs). T is the
/// pointers' element type; the bindings are converted to it.
///
///     double r[3], J[3 * 4];
///     ctdiff::value_and_jacobian_to(r, J, residuals, ctdiff::wrt(a, p), a = 1.0, p = p0);
template <jacobian_mode Mode = jacobian_mode::automatic, class T, class Outputs, class Wrt, class... Bindings>
CTDIFF_FORCEINLINE constexpr void value_and_jacobian_to(T* residuals, T* jacobian, const Outputs&, Wrt,
                                                        const Bindings&... bindings) {
    static_assert(std::is_floating_point<T>::value,
                  "ctdiff::value_and_jacobian_to(residuals, jacobian, ...): pointers to float, double or "
                  "long double (nullptr for a part not wanted)");
    if constexpr ((detail::binding_group<Bindings> || ...)) {
        detail::with_spread_bindings(detail::value_and_jacobian_to_with<Mode, Outputs, Wrt, T>{residuals, jacobian},
                                     bindings...);
    } else {
        static_assert(requires { typename Wrt::list; },
                      "ctdiff: the fourth argument lists the variables: `ctdiff::wrt(x, p)`");
        using outs = typename detail::output_entries<Outputs>::type;
        // (a missing binding checked first: its message is the shortest from here)
        if constexpr (detail::all_bound<typename detail::output_variables<outs>::type, Bindings...>::value &&
                      detail::jacobian_check<outs, Wrt, Bindings...>::value) {
            const detail::environment<Bindings...> env{bindings...};
            detail::entries_into<Mode, outs>(typename Wrt::list{}, residuals, jacobian, env);
        }
    }
}

/// The into-form with the residuals or the Jacobian not wanted: `value_and_jacobian_to(r, nullptr,
/// ...)` computes the residuals alone, `value_and_jacobian_to(nullptr, J, ...)` the Jacobian alone.
template <jacobian_mode Mode = jacobian_mode::automatic, class T, class Outputs, class Wrt, class... Bindings>
CTDIFF_FORCEINLINE constexpr void value_and_jacobian_to(T* residuals, std::nullptr_t, const Outputs& outputs, Wrt w,
                                                        const Bindings&... bindings) {
    ctdiff::value_and_jacobian_to<Mode>(residuals, static_cast<T*>(nullptr), outputs, w, bindings...);
}
template <jacobian_mode Mode = jacobian_mode::automatic, class T, class Outputs, class Wrt, class... Bindings>
CTDIFF_FORCEINLINE constexpr void value_and_jacobian_to(std::nullptr_t, T* jacobian, const Outputs& outputs, Wrt w,
                                                        const Bindings&... bindings) {
    ctdiff::value_and_jacobian_to<Mode>(static_cast<T*>(nullptr), jacobian, outputs, w, bindings...);
}

namespace detail {
template <jacobian_mode Mode, class Outputs, class Wrt>
struct value_and_jacobian_with {
    template <class... Bindings>
    CTDIFF_FORCEINLINE constexpr auto operator()(const Bindings&... bindings) const {
        return ctdiff::value_and_jacobian<Mode>(Outputs{}, Wrt{}, bindings...);
    }
};
template <jacobian_mode Mode, class Outputs, class Wrt>
struct jacobian_with {
    template <class... Bindings>
    CTDIFF_FORCEINLINE constexpr auto operator()(const Bindings&... bindings) const {
        return ctdiff::jacobian<Mode>(Outputs{}, Wrt{}, bindings...);
    }
};
template <jacobian_mode Mode, class Outputs, class Wrt, class T>
struct value_and_jacobian_to_with {
    T* residuals;
    T* jacobian;
    template <class... Bindings>
    CTDIFF_FORCEINLINE constexpr void operator()(const Bindings&... bindings) const {
        ctdiff::value_and_jacobian_to<Mode>(residuals, jacobian, Outputs{}, Wrt{}, bindings...);
    }
};
}  // namespace detail

}  // namespace ctdiff
