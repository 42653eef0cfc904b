// ctdiff/eval/row_family.hpp — residuals that are one formula over many rows.
//
// Residual vectors are often one formula repeated: r_i = y_i - m(t_i, x) over the data, or the
// rows of a generator whose constants depend on i (Watson's t_i^j). As scalar outputs they are
// different types, so a Jacobian of them instantiates and compiles every row, and the code has
// no loop left for the compiler to vectorise. A *row family* is a run of consecutive outputs
// that differ only in their exact constants and in which element of a data variable (a variable
// that is not an unknown) they read. Such a run is evaluated as a loop over its rows, running
// one scalar expression — its *skeleton* — whose differing leaves are read from a per-row array.
//
//   row pattern   the output with those leaves replaced by holes (row_hole), memoised per node;
//                 rows with the same pattern type are the same formula
//   skeleton      the pattern with every hole filled: with the leaf itself where all rows of the
//                 family agree, else with element j of the row variable (row_data_name)
//   segments      the outputs cut into families (runs of at least family_min_rows rows whose
//                 skeleton is worth a loop) and the rows between them, which are evaluated as
//                 before, one straight-line graph per segment
//   tensor family a tensor-valued output that is elementwise over data vectors of its shape:
//                 its elements are a family known from the expression itself (the skeleton is
//                 the expression with each such vector replaced by its slot), so no element's
//                 expression is made at all, which is most of what the rows cost to compile
//
// Only the Jacobian entry points use this (eval/jacobian.hpp, ceres.hpp through it). The rule
// and its measurements are in docs/design.md, "Row families".
#pragma once

#include <cfloat>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "ctdiff/core/config.hpp"
#include "ctdiff/core/pack.hpp"
#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/rational.hpp"
#include "ctdiff/eval/wrt.hpp"
#include "ctdiff/graph/topo.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/element.hpp"
#include "ctdiff/ops/power.hpp"

namespace ctdiff::detail {

/// Fewest consecutive rows of one formula evaluated as a loop.
inline constexpr std::size_t family_min_rows = 4;
/// Fewest nodes (rows x the skeleton's nodes, counted as trees) of a family: smaller runs stay
/// in the straight-line graph, which the compilers optimise across rows (SLP vectorisation, one
/// forward pass before the sweeps) better than a loop over a few rows, and quickly enough.
inline constexpr std::size_t family_min_nodes = CTDIFF_ROW_FAMILY_MIN_NODES;
/// Fewest nodes of a family whose rows run a pack's width at a time (the skeleton has only
/// lane_exact_op operations, and the target's packs of double have at least
/// CTDIFF_ROW_FAMILY_PACK_LANES lanes): such a loop is faster than the straight-line graph from a
/// few rows on (docs/design.md, "Row families").
inline constexpr std::size_t family_min_nodes_in_packs =
    family_min_nodes < CTDIFF_ROW_FAMILY_MIN_NODES_IN_PACKS ? family_min_nodes : CTDIFF_ROW_FAMILY_MIN_NODES_IN_PACKS;
/// Fewest nodes of a family read off a tensor expression (tensor_family) whose rows do not run in
/// packs: its straight-line alternative makes every element's expression first, which costs
/// compile time (docs/design.md, "Row families").
inline constexpr std::size_t family_min_nodes_tensor =
    family_min_nodes < CTDIFF_TENSOR_FAMILY_MIN_NODES ? family_min_nodes : CTDIFF_TENSOR_FAMILY_MIN_NODES;
/// Largest row (nodes counted as a tree, shared subexpressions once per use) given a pattern:
/// the list of a row's holes is as long as its tree.
inline constexpr std::size_t family_max_row_size = 256;
/// The name of the variable a family's skeleton reads its per-row values from (a control
/// character first: no user's variable is named so by accident).
inline constexpr fixed_string row_data_name{"\x01ctdiff row data"};

// ---- patterns -----------------------------------------------------------------------------------

/// A place where rows of one family may differ: an exact constant (Source = void) or an element
/// of the data variable Source.
template <class Source>
struct row_hole {};
/// A node of a pattern (not an expression: its arguments may be holes).
template <class Op, class... A>
struct pattern_node {};

/// The size of E as a tree, saturated at family_max_row_size + 1 (memoised per node, so cheap
/// on any DAG).
template <class E>
struct row_tree_size {
    static constexpr std::size_t value = 1;
};
template <class Op, class... A>
struct row_tree_size<expr<Op, A...>> {
    static constexpr std::size_t value = [] {
        const std::size_t n = (std::size_t{1} + ... + row_tree_size<A>::value);
        return n > family_max_row_size ? family_max_row_size + 1 : n;
    }();
};

template <class V, class Unknowns>
struct is_unknown;
template <class V, class... Us>
struct is_unknown<V, type_list<Us...>> : std::bool_constant<(std::is_same<V, Us>::value || ...)> {};

/// E's pattern (`type`) and its holes' leaves in pre-order (`holes`).
template <class E, class Unknowns>
struct row_pattern {  // variables, named constants: part of the formula
    using type = E;
    using holes = type_list<>;
};
template <rational R, class Unknowns>
struct row_pattern<constant<R>, Unknowns> {
    using type = row_hole<void>;
    using holes = type_list<constant<R>>;
};
template <class Op, class... A, class Unknowns>
struct row_pattern<expr<Op, A...>, Unknowns> {
    using type = pattern_node<Op, typename row_pattern<A, Unknowns>::type...>;
    using holes = typename concat_lists<typename row_pattern<A, Unknowns>::holes...>::type;
};
template <std::size_t... I, fixed_string N, class S, class Unknowns>
    requires(!is_unknown<variable<N, S>, Unknowns>::value)
struct row_pattern<expr<op::at<I...>, variable<N, S>>, Unknowns> {
    using type = row_hole<variable<N, S>>;
    using holes = type_list<expr<op::at<I...>, variable<N, S>>>;
};

/// Row R's pattern, or a type of its own (never in a family) when the row is too large.
template <std::size_t R>
struct unpatterned_row {};
template <class F, class Unknowns, std::size_t R, bool Small = (row_tree_size<F>::value <= family_max_row_size)>
struct pattern_of_row {
    using type = typename row_pattern<F, Unknowns>::type;
};
template <class F, class Unknowns, std::size_t R>
struct pattern_of_row<F, Unknowns, R, false> {
    using type = unpatterned_row<R>;
};

/// How many holes a pattern has (memoised per pattern node).
template <class P>
struct pattern_holes {
    static constexpr std::size_t value = 0;
};
template <class Source>
struct pattern_holes<row_hole<Source>> {
    static constexpr std::size_t value = 1;
};
template <class Op, class... A>
struct pattern_holes<pattern_node<Op, A...>> {
    static constexpr std::size_t value = (std::size_t{0} + ... + pattern_holes<A>::value);
};

// ---- a family's holes as data -------------------------------------------------------------------

/// One hole of one row: the exact constant, or which element of which data variable. (A kind
/// of its own, not told apart by the name: a variable may be named "".)
struct hole_value {
    bool data = false;
    rational exact{};
    std::size_t element = 0;
    std::string_view source{};  // the data variable's name
};
template <class Leaf>
struct hole_value_of;
template <rational R>
struct hole_value_of<constant<R>> {
    static constexpr hole_value value{false, R, 0, {}};
};
template <std::size_t... I, fixed_string N, class S>
struct hole_value_of<expr<op::at<I...>, variable<N, S>>> {
    static constexpr hole_value value{true, rational{}, flat_index<S, I...>::value, N.view()};
};
template <class Holes>
struct hole_row;
template <class... Leaves>
struct hole_row<type_list<Leaves...>> {
    static constexpr hole_value values[sizeof...(Leaves) + 1] = {hole_value_of<Leaves>::value..., hole_value{}};
};

constexpr bool same_hole(const hole_value& a, const hole_value& b) {
    return a.data == b.data && a.exact == b.exact && a.element == b.element && a.source == b.source;
}

/// What a family's rows say about each hole: whether it varies, and the slot of the row
/// variable it reads when it does (holes with equal values in every row share a slot).
template <std::size_t Rows, std::size_t Holes>
struct family_table {
    hole_value at[Rows][Holes + 1];
    bool varies[Holes + 1];
    std::size_t slot[Holes + 1];
    std::size_t hole_of_slot[Holes + 1];
    std::size_t slots = 0;
};

template <class Rows, class Unknowns>
struct row_family;
template <class F0, class... F, class Unknowns>
struct row_family<type_list<F0, F...>, Unknowns> {
    static constexpr std::size_t rows = 1 + sizeof...(F);
    using pattern = typename row_pattern<F0, Unknowns>::type;
    static constexpr std::size_t holes = pattern_holes<pattern>::value;

    static constexpr family_table<rows, holes> table = [] {
        family_table<rows, holes> t{};
        const hole_value* const row_values[] = {hole_row<typename row_pattern<F0, Unknowns>::holes>::values,
                                                hole_row<typename row_pattern<F, Unknowns>::holes>::values...};
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t k = 0; k < holes; ++k) t.at[r][k] = row_values[r][k];
        for (std::size_t k = 0; k < holes; ++k) {
            t.varies[k] = false;
            for (std::size_t r = 1; r < rows; ++r) t.varies[k] = t.varies[k] || !same_hole(t.at[r][k], t.at[0][k]);
            if (!t.varies[k]) continue;
            t.slot[k] = t.slots;
            for (std::size_t j = 0; j < t.slots; ++j) {  // an earlier slot with this same column?
                const std::size_t other = t.hole_of_slot[j];
                bool same = true;
                for (std::size_t r = 0; r < rows && same; ++r) same = same_hole(t.at[r][k], t.at[r][other]);
                if (same) {
                    t.slot[k] = j;
                    break;
                }
            }
            if (t.slot[k] == t.slots) t.hole_of_slot[t.slots++] = k;
        }
        return t;
    }();
    static constexpr std::size_t slots = table.slots;

    using row_variable = variable<row_data_name, shape<(slots == 0 ? 1 : slots)>>;

    /// The leaf of row 0 at hole K.
    template <std::size_t K>
    using hole_leaf = typename list_element<typename row_pattern<F0, Unknowns>::holes, K>::type;

    /// Hole K of the skeleton: the leaf of row 0 where all rows agree, else the row variable's
    /// element.
    template <std::size_t K>
    using hole_expression =
        std::conditional_t<table.varies[K], expr<op::at<table.slot[K]>, row_variable>,
                           hole_leaf<K>>;

    /// What slot S reads in each row (defined below).
    template <std::size_t S>
    struct slot;
};

/// Which element of its data variable slot S reads in row r: first + r * step where the rows
/// read evenly spaced elements (t_i in row i), else from a table.
template <class Family, std::size_t S>
struct family_elements {
    static constexpr std::size_t hole = Family::table.hole_of_slot[S];
    struct column {
        std::size_t at[Family::rows];
    };
    static constexpr column table = [] {
        column c{};
        for (std::size_t r = 0; r < Family::rows; ++r) c.at[r] = Family::table.at[r][hole].element;
        return c;
    }();
    static constexpr bool even = [] {
        for (std::size_t r = 2; r < Family::rows; ++r)
            if (table.at[r] + table.at[r - 2] != 2 * table.at[r - 1]) return false;
        return table.at[1] >= table.at[0];
    }();
    static constexpr std::size_t first = table.at[0];
    static constexpr std::size_t step = table.at[1] - table.at[0];
};


template <class Leaf>
struct element_source {  // an exact constant
    using type = void;
};
template <std::size_t... I, class V>
struct element_source<expr<op::at<I...>, V>> {
    using type = V;
};

/// A family's slot S as the loops read it: `data` (else the slot is an exact constant per row,
/// family_constants), the data variable `source`, and the element of it that row r reads:
/// `first + r * step` where `even`, else `element(r)`.
template <class F0, class... F, class Unknowns>
template <std::size_t S>
struct row_family<type_list<F0, F...>, Unknowns>::slot {
    using elements = family_elements<row_family, S>;
    static constexpr bool data = table.at[0][table.hole_of_slot[S]].data;
    using source = typename element_source<hole_leaf<table.hole_of_slot[S]>>::type;
    static constexpr bool even = elements::even;
    static constexpr std::size_t first = elements::first;
    static constexpr std::size_t step = elements::step;
    static constexpr std::size_t element(std::size_t r) { return elements::table.at[r]; }
};

/// The skeleton of family Family from its pattern P, whose first hole is Family's hole Offset.
template <class Family, class P, std::size_t Offset>
struct skeleton_of {
    using type = P;
};
template <class Family, class Source, std::size_t Offset>
struct skeleton_of<Family, row_hole<Source>, Offset> {
    using type = typename Family::template hole_expression<Offset>;
};
template <std::size_t... Counts>
struct prefix_sums {
    struct table {
        std::size_t at[sizeof...(Counts) + 1];
    };
    static constexpr table value = [] {
        table t{};
        const std::size_t counts[] = {Counts..., 0};
        for (std::size_t k = 0; k < sizeof...(Counts); ++k) t.at[k + 1] = t.at[k] + counts[k];
        return t;
    }();
};
template <class Family, class Op, class... A, std::size_t Offset>
struct skeleton_of<Family, pattern_node<Op, A...>, Offset> {
    template <std::size_t... K>
    static auto build(std::index_sequence<K...>)
        -> expr<Op, typename skeleton_of<Family, A, Offset + prefix_sums<pattern_holes<A>::value...>::value.at[K]>::type...>;
    using type = decltype(build(std::index_sequence_for<A...>{}));
};

// ---- is a loop worth it? ------------------------------------------------------------------------

/// A skeleton's cost as a tree (`weight`: 1 per addition, subtraction, multiplication, square or
/// negation, 8 per other operation — a division, a root, a function of libm's — 0 per leaf or
/// element read), and the parts of it that do not depend on the row (`invariant`, and of that
/// the other operations' `invariant_costly`): the loop computes those once per row, where the
/// straight-line graph computed them once.
template <class E, class RowVariable>
struct row_weight {
    static constexpr bool depends = std::is_same<E, RowVariable>::value;
    static constexpr std::size_t weight = 0;
    static constexpr std::size_t costly = 0;
    static constexpr std::size_t invariant = 0;
    static constexpr std::size_t invariant_costly = 0;
    static constexpr std::size_t inexact = 0;
};
template <std::size_t... I, class V, class RowVariable>
struct row_weight<expr<op::at<I...>, V>, RowVariable> : row_weight<V, RowVariable> {};
/// The op struct's `cheap` member (is_cheap_op): 1 in the weight, else 8.
template <class Op>
inline constexpr bool cheap_op = is_cheap_op<Op>::value;
/// Whether a pack of rows gives every lane the bits of the scalar evaluation under Op: the op
/// struct's `exactly_rounded` member (is_exactly_rounded_op; + - * / and the square root).
template <class Op>
inline constexpr bool lane_exact_op = is_exactly_rounded_op<Op>::value;
/// Whether the rows of a family run a pack's width at a time in T: for float and double, on
/// targets whose packs have at least CTDIFF_ROW_FAMILY_PACK_LANES lanes (2 by default), at least
/// a pack of rows, and a skeleton of lane_exact_op operations only (no `inexact` one), so that
/// every lane gives the bits a scalar evaluation gives. That needs scalar arithmetic rounded to
/// its type (FLT_EVAL_METHOD 0): where scalar code keeps excess precision (x87, the default of
/// 32-bit x86) its rows differ from the packs' SSE lanes in the last bits, so the rows stay
/// scalar there.
template <class T>
constexpr bool rows_in_packs(std::size_t rows, std::size_t inexact) {
    return FLT_EVAL_METHOD == 0 && (std::is_same<T, double>::value || std::is_same<T, float>::value) &&
           native_width<T> > 1 && native_width<T> >= CTDIFF_ROW_FAMILY_PACK_LANES && rows >= native_width<T> &&
           inexact == 0;
}
template <class Op, class... A, class RowVariable>
struct row_weight<expr<Op, A...>, RowVariable> {
    static constexpr bool depends = (row_weight<A, RowVariable>::depends || ...);
    static constexpr std::size_t weight = ((cheap_op<Op> ? 1 : 8) + ... + row_weight<A, RowVariable>::weight);
    static constexpr std::size_t costly = ((cheap_op<Op> ? 0 : 8) + ... + row_weight<A, RowVariable>::costly);
    static constexpr std::size_t invariant =
        depends ? (std::size_t{0} + ... + row_weight<A, RowVariable>::invariant) : weight;
    static constexpr std::size_t invariant_costly =
        depends ? (std::size_t{0} + ... + row_weight<A, RowVariable>::invariant_costly) : costly;
    /// Operations a pack may round differently from the scalar evaluation (lane_exact_op).
    static constexpr std::size_t inexact = ((lane_exact_op<Op> ? 0 : 1) + ... + row_weight<A, RowVariable>::inexact);
};

/// The family of the rows Rows: its skeleton, and whether a loop over it is worth it: the rows
/// large enough together (family_min_nodes), the part of the skeleton recomputed per row at most
/// half of it, and its costly operations at most a quarter.
template <class Family, class Skeleton, std::size_t MinNodes = family_min_nodes>
struct family_worth {
    using weight = row_weight<Skeleton, typename Family::row_variable>;
    /// Whether the rows run in packs when evaluated in double: the threshold below is decided
    /// before the type is known, for double (in another type the same family may run as a loop of
    /// scalar rows).
    static constexpr bool in_packs = rows_in_packs<double>(Family::rows, weight::inexact);
    static constexpr bool worthwhile = Family::slots != 0 && Family::rows >= family_min_rows &&
                                       Family::rows * row_tree_size<Skeleton>::value >=
                                           (in_packs ? family_min_nodes_in_packs : MinNodes) &&
                                       weight::invariant * 2 <= weight::weight &&
                                       weight::invariant_costly * 4 <= weight::weight;
};
template <class Rows, class Unknowns>
struct family_skeleton {
    using family = row_family<Rows, Unknowns>;
    using type = typename skeleton_of<family, typename family::pattern, 0>::type;
    using worth = family_worth<family, type>;
    static constexpr bool in_packs = worth::in_packs;
    static constexpr bool worthwhile = worth::worthwhile;
};

// ---- families read off a tensor expression ------------------------------------------------------

/// Whether E, a node of a tensor expression of shape S, is elementwise down to leaves of shape S
/// that are data variables (not unknowns); scalar subexpressions are leaves too (the same in
/// every element). Then element i of the expression is one formula that reads element i of each
/// of those variables (`at` moves through elementwise ops), so its elements are a row family
/// known without making any element's expression.
template <class E, class S, class Unknowns, bool Scalar = std::is_same<typename E::shape_type, shape<>>::value>
struct elementwise_over_data : std::bool_constant<Scalar> {};
template <fixed_string N, class S, class Unknowns>
struct elementwise_over_data<variable<N, S>, S, Unknowns, false>
    : std::bool_constant<!is_unknown<variable<N, S>, Unknowns>::value> {};
template <class Op, class... A, class S, class Unknowns>
struct elementwise_over_data<expr<Op, A...>, S, Unknowns, false>
    : std::conjunction<is_elementwise<Op>, elementwise_over_data<A, S, Unknowns>...> {};

/// The variables of Vs that are data of shape S (not unknowns): a tensor family's slots.
template <class Vs, class S, class Unknowns>
struct data_of_shape;
template <class... Vs, class S, class Unknowns>
struct data_of_shape<type_list<Vs...>, S, Unknowns> {
    using type = typename concat_lists<
        type_list<>, std::conditional_t<std::is_same<typename Vs::shape_type, S>::value && !is_unknown<Vs, Unknowns>::value,
                                        type_list<Vs>, type_list<>>...>::type;
};

/// The position of V in the list Data (eval/wrt.hpp's position, for a type_list).
template <class V, class Data>
struct slot_of_data;
template <class V, class... Ds>
struct slot_of_data<V, type_list<Ds...>> : position<V, Ds...> {};

/// The skeleton of a tensor family: E with each data variable of shape S replaced by its slot of
/// the row variable (scalar subexpressions kept as they are).
template <class E, class S, class Data, class RowVariable,
          bool Scalar = std::is_same<typename E::shape_type, shape<>>::value>
struct tensor_skeleton_of {
    using type = E;
};
template <fixed_string N, class S, class Data, class RowVariable>
struct tensor_skeleton_of<variable<N, S>, S, Data, RowVariable, false> {
    using type = expr<op::at<slot_of_data<variable<N, S>, Data>::value>, RowVariable>;
};
template <class Op, class... A, class S, class Data, class RowVariable>
struct tensor_skeleton_of<expr<Op, A...>, S, Data, RowVariable, false> {
    using type = expr<Op, typename tensor_skeleton_of<A, S, Data, RowVariable>::type...>;
};

/// The elements of the tensor expression F (elementwise_over_data) as a family: row r reads
/// element r (row-major) of each data variable of F's shape, one slot each.
template <class F, class Unknowns>
struct tensor_family {
    using shape_type = typename F::shape_type;
    static constexpr std::size_t rows = shape_type::size;
    using data = typename data_of_shape<typename variables_in<F>::type, shape_type, Unknowns>::type;
    static constexpr std::size_t slots = data::size;
    using row_variable = variable<row_data_name, shape<(slots == 0 ? 1 : slots)>>;
    template <std::size_t S>
    struct slot {
        static constexpr bool data = true;
        using source = typename list_element<typename tensor_family::data, S>::type;
        static constexpr bool even = true;
        static constexpr std::size_t first = 0;
        static constexpr std::size_t step = 1;
        static constexpr std::size_t element(std::size_t r) { return r; }
    };
};

/// Whether the tensor output F is a family worth a loop (family_worth), and its skeleton.
template <class F, class Unknowns, bool Elementwise = elementwise_over_data<F, typename F::shape_type, Unknowns>::value>
struct tensor_family_skeleton {
    static constexpr bool worthwhile = false;
};
template <class F, class Unknowns>
struct tensor_family_skeleton<F, Unknowns, true> {
    using family = tensor_family<F, Unknowns>;
    using type = typename tensor_skeleton_of<F, typename F::shape_type, typename family::data,
                                             typename family::row_variable>::type;
    using worth = family_worth<family, type, family_min_nodes_tensor>;
    static constexpr bool in_packs = worth::in_packs;
    static constexpr bool worthwhile = worth::worthwhile;
};

// ---- the values a row's slots read ------------------------------------------------------------

/// Slot S's exact constant in each row, as T.
template <class Family, std::size_t S, class T>
struct family_constants {
    struct column {
        T at[Family::rows];
    };
    static constexpr column value = [] {
        column c{};
        for (std::size_t r = 0; r < Family::rows; ++r)
            c.at[r] = Family::table.at[r][Family::table.hole_of_slot[S]].exact.template as<T>();
        return c;
    }();
};
// ---- segments -----------------------------------------------------------------------------------

template <std::size_t I, class T>
struct indexed_type {};
template <class Seq, class... Ts>
struct indexed_types;
template <std::size_t... I, class... Ts>
struct indexed_types<std::index_sequence<I...>, Ts...> : indexed_type<I, Ts>... {};
template <std::size_t I, class T>
T type_at_index(indexed_type<I, T>);  // by deduction from the one matching base: no recursion

/// Outputs Begin..End-1 of Outs.
template <class Outs, std::size_t Begin, std::size_t End>
struct output_range;
template <class... F, std::size_t Begin, std::size_t End>
struct output_range<type_list<F...>, Begin, End> {
    using all = indexed_types<std::index_sequence_for<F...>, F...>;
    template <std::size_t... K>
    static auto build(std::index_sequence<K...>) -> type_list<decltype(type_at_index<Begin + K>(all{}))...>;
    using type = decltype(build(std::make_index_sequence<End - Begin>{}));
};

struct segment {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool family = false;
};
template <std::size_t M>
struct segment_table {
    segment at[M + 1];
    std::size_t count = 0;
};

template <class A, class B>
struct same_as_previous;
template <class... A, class... B>
struct same_as_previous<type_list<A...>, type_list<B...>> {
    static constexpr bool value[sizeof...(A)] = {std::is_same<A, B>::value...};
};

/// Runs of at least family_min_rows outputs with the same pattern: the candidates.
template <class Outs, class Unknowns, class Seq = std::make_index_sequence<Outs::size>>
struct pattern_runs;
template <class... F, class Unknowns, std::size_t... R>
struct pattern_runs<type_list<F...>, Unknowns, std::index_sequence<R...>> {
    static constexpr segment_table<sizeof...(F)> value = [] {
        segment_table<sizeof...(F)> t{};
        using same = same_as_previous<type_list<typename pattern_of_row<F, Unknowns, R>::type..., void>,
                                      type_list<void, typename pattern_of_row<F, Unknowns, R>::type...>>;
        std::size_t begin = 0;
        for (std::size_t r = 1; r <= sizeof...(F); ++r) {
            if (r < sizeof...(F) && same::value[r]) continue;
            if (r - begin >= family_min_rows) t.at[t.count++] = segment{begin, r, true};
            begin = r;
        }
        return t;
    }();
};

/// The outputs as segments: families (evaluated as loops) and the rows between them.
template <class Outs, class Unknowns, bool Try = (Outs::size >= family_min_rows)>
struct row_segments {
    static constexpr segment_table<Outs::size> value = [] {
        segment_table<Outs::size> t{};
        t.at[t.count++] = segment{0, Outs::size, false};
        return t;
    }();
    static constexpr bool any_family = false;
};
template <std::size_t N>
struct run_flags {
    bool at[N + 1];
};
/// Which runs of Runs are worth a loop.
template <class Outs, class Unknowns, class Runs, std::size_t... C>
constexpr run_flags<sizeof...(C)> worthwhile_runs(std::index_sequence<C...>) {
    return {{family_skeleton<typename output_range<Outs, Runs::value.at[C].begin, Runs::value.at[C].end>::type,
                             Unknowns>::worthwhile...,
             false}};
}

template <class Outs, class Unknowns>
struct row_segments<Outs, Unknowns, true> {
    using runs = pattern_runs<Outs, Unknowns>;
    static constexpr segment_table<Outs::size> value = [] {
        constexpr auto worth =
            detail::worthwhile_runs<Outs, Unknowns, runs>(std::make_index_sequence<runs::value.count>{});
        segment_table<Outs::size> t{};
        std::size_t next = 0;  // the first row not yet in a segment
        for (std::size_t c = 0; c < runs::value.count; ++c) {
            if (!worth.at[c]) continue;
            if (runs::value.at[c].begin > next) t.at[t.count++] = segment{next, runs::value.at[c].begin, false};
            t.at[t.count++] = runs::value.at[c];
            next = runs::value.at[c].end;
        }
        if (next < Outs::size) t.at[t.count++] = segment{next, Outs::size, false};
        return t;
    }();
    static constexpr bool any_family = [] {
        for (std::size_t k = 0; k < value.count; ++k)
            if (value.at[k].family) return true;
        return false;
    }();
};

}  // namespace ctdiff::detail
