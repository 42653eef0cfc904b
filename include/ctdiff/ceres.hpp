// ctdiff/ceres.hpp — ctdiff residuals as Ceres cost functions (optional: the rest of ctdiff does
// not need Ceres).
//
//   ceres::CostFunction* cost = ctdiff::make_ceres_cost(residuals, ctdiff::blocks(ctdiff::wrt(m, c)),
//                                                       xo = x_i, yo = y_i);
//   problem.AddResidualBlock(cost, nullptr, mc);     // mc: double[2], the block (m, c)
//
// The residual count and the parameter-block sizes come from the types, as with
// ceres::AutoDiffCostFunction: each block is a wrt(...) list, its size the number of scalar
// unknowns in it (a tensor variable's elements row-major). Evaluate binds each variable to its
// place in the parameter blocks (a tensor variable as a view, no copy), runs one forward pass for
// the residuals and, when Ceres asks for Jacobians, one backward sweep per residual writing each
// requested block (row-major, residuals x block size) in place; a null block is not returned.
// The data bindings given to make_ceres_cost (observations, constants) are copied into the cost
// function, tensors and views (ctdiff::view, Eigen objects) included: Ceres calls Evaluate long
// after the caller's data may be gone.
#pragma once

#include <ceres/sized_cost_function.h>

#include <array>
#include <cstddef>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ctdiff/core/tensor.hpp"
#include "ctdiff/eval/jacobian.hpp"
#include "ctdiff/eval/wrt.hpp"

namespace ctdiff {

/// The parameter blocks of a cost function, in Ceres' order: `blocks(wrt(camera), wrt(point))`.
template <class... Wrts>
struct blocks_t {
    static constexpr std::size_t size = sizeof...(Wrts);
};

template <class... Wrts>
constexpr blocks_t<Wrts...> blocks(Wrts...) noexcept {
    static_assert((requires { typename Wrts::list; } && ...),
                  "ctdiff::blocks(wrt(a, b), wrt(p), ...): each parameter block is a wrt(...) list");
    return {};
}

namespace detail {

template <class Wrt>
struct block_size;
template <class... Vars>
struct block_size<wrt_t<Vars...>> : std::integral_constant<std::size_t, unknown_layout<Vars...>::count> {};

template <class... Wrts>
struct all_unknowns;
template <class... Vars>
struct all_unknowns<wrt_t<Vars...>> {
    using type = type_list<Vars...>;
};
template <class... A, class... B, class... Rest>
struct all_unknowns<wrt_t<A...>, wrt_t<B...>, Rest...> : all_unknowns<wrt_t<A..., B...>, Rest...> {};

/// For each variable of the blocks, in order: its block and its first position in that block.
template <class... Wrts>
struct block_places;
template <class... Vars, class... Rest>
struct block_places<wrt_t<Vars...>, Rest...> {
    static constexpr std::size_t count = (sizeof...(Vars) + ... + Rest::size);
    struct place {
        std::size_t block;
        std::size_t offset;
    };
    static constexpr std::array<place, count + 1> places = [] {
        std::array<place, count + 1> out{};
        std::size_t k = 0, b = 0;
        const auto add_block = [&](auto list) {
            std::size_t offset = 0;
            [&]<class... V>(type_list<V...>) { ((out[k++] = place{b, offset}, offset += V::shape_type::size), ...); }(list);
            ++b;
        };
        add_block(type_list<Vars...>{});
        (add_block(typename Rest::list{}), ...);
        return out;
    }();
};

/// What a binding holds once it is stored in a cost function: the elements of a tensor or a view
/// by value (its binding pointed to the caller's data), a scalar as it is.
template <class B>
struct stored_binding {
    using type = B;
    static constexpr const B& store(const B& b) { return b; }
};
template <fixed_string Name, class S, class T, class S2>
struct stored_binding<binding<Name, S, tensor<T, S2>>> {
    using type = binding<Name, S, tensor_copy<T, S2>>;
    static constexpr type store(const binding<Name, S, tensor<T, S2>>& b) { return type{tensor_copy<T, S2>{b.get()}}; }
};
template <fixed_string Name, class S, class T, class S2>
struct stored_binding<binding<Name, S, tensor_view<T, S2>>> {
    using type = binding<Name, S, tensor_copy<std::remove_const_t<T>, S2>>;
    static constexpr type store(const binding<Name, S, tensor_view<T, S2>>& b) {
        tensor_copy<std::remove_const_t<T>, S2> copy{};
        for (std::size_t k = 0; k < S2::size; ++k) copy.elements[k] = b.get()[k];
        return type{copy};
    }
};

/// A stored binding as one evaluation uses it: a copy's elements through a view (not copied
/// again for every Evaluate), anything else as it is.
template <class B>
constexpr const B& borrowed(const B& b) {
    return b;
}
template <fixed_string Name, class S, class T, class S2>
constexpr binding<Name, S, tensor_view<const T, S2>> borrowed(const binding<Name, S, tensor_copy<T, S2>>& b) {
    return {{b.get().data()}};
}

/// The binding of an unknown to its place in Ceres' parameter blocks.
template <class V>
constexpr auto unknown_binding(const double* at) {
    if constexpr (std::is_same<typename V::shape_type, shape<>>::value) return binding<V::name, shape<>, double>{*at};
    else return binding<V::name, typename V::shape_type, tensor_view<const double, typename V::shape_type>>{{at}};
}

template <class Unknowns, class Places>
struct unknown_bindings;
template <class... Vars, class Places>
struct unknown_bindings<type_list<Vars...>, Places> {
    using type = std::tuple<decltype(detail::unknown_binding<Vars>(nullptr))...>;
    template <std::size_t... P>
    static type make(double const* const* parameters, std::index_sequence<P...>) {
        return type{detail::unknown_binding<Vars>(parameters[Places::places[P].block] + Places::places[P].offset)...};
    }
};

template <class Unknowns, std::size_t P>
struct unknown_column;
template <class... Vars, std::size_t P>
struct unknown_column<type_list<Vars...>, P> : std::integral_constant<std::size_t, unknown_layout<Vars...>::column[P]> {};

template <class... Vars>
constexpr bool all_distinct_in(type_list<Vars...>) {
    return detail::all_distinct<Vars...>();
}

template <class Outs, class Unknowns, class UnknownBindings, class... Data>
struct jacobian_check_with;
template <class Outs, class... Vars, class... UnknownBindings, class... Data>
struct jacobian_check_with<Outs, type_list<Vars...>, std::tuple<UnknownBindings...>, Data...>
    : jacobian_check<Outs, wrt_t<Vars...>, UnknownBindings..., Data...> {};

}  // namespace detail

/// A ceres::SizedCostFunction computing the residuals `Outputs` (as in value_and_jacobian) and
/// their Jacobian blocks with ctdiff. Made by make_ceres_cost.
template <class Outputs, class Blocks, class... Data>
class ceres_cost;
template <class Outputs, class... Wrts, class... Data>
class ceres_cost<Outputs, blocks_t<Wrts...>, Data...> final
    : public ceres::SizedCostFunction<static_cast<int>(detail::output_count<typename detail::output_entries<Outputs>::type>::value),
                                      static_cast<int>(detail::block_size<Wrts>::value)...> {
    using outs = typename detail::output_entries<Outputs>::type;
    using unknowns = typename detail::all_unknowns<Wrts...>::type;
    using places = detail::block_places<Wrts...>;
    using bindings = detail::unknown_bindings<unknowns, places>;
    static constexpr std::size_t residual_count = detail::output_count<outs>::value;
    static constexpr std::size_t variable_count = places::count;
    static constexpr std::size_t unknown_count = (std::size_t{0} + ... + detail::block_size<Wrts>::value);
    static constexpr std::size_t block_count = sizeof...(Wrts);
    static constexpr std::size_t block_sizes[] = {detail::block_size<Wrts>::value...};

public:
    explicit ceres_cost(const Data&... data) : data_{data...} {}

    bool Evaluate(double const* const* parameters, double* residuals, double** jacobians) const override {
        const auto unknown = bindings::make(parameters, std::make_index_sequence<variable_count>{});
        evaluate(unknown, residuals, jacobians, std::make_index_sequence<variable_count>{},
                 std::index_sequence_for<Data...>{});
        return true;
    }

private:
    std::tuple<Data...> data_;

    template <std::size_t... P, std::size_t... D>
    void evaluate(const typename bindings::type& unknown, double* residuals, double** jacobians,
                  std::index_sequence<P...>, std::index_sequence<D...>) const {
        const detail::environment<std::tuple_element_t<P, typename bindings::type>...,
                                  std::remove_cvref_t<decltype(detail::borrowed(std::get<D>(data_)))>...>
            env{std::get<P>(unknown)..., detail::borrowed(std::get<D>(data_))...};
        if (jacobians == nullptr) {
            detail::entries_into<jacobian_mode::automatic, outs>(
                unknowns{}, residuals, static_cast<const detail::jacobian_layout<double, variable_count>*>(nullptr), env);
            return;
        }
        // a block Ceres does not want is written to scratch storage (columns as in one M x N
        // matrix of all the unknowns), never returned: on the stack where it is small, else
        // allocated when a block is not wanted (a cost function of many thousand residuals)
        constexpr std::size_t scratch = residual_count * unknown_count;
        if constexpr (scratch <= detail::family_buffer_entries) {
            double unused[scratch];
            jacobians_into(env, residuals, jacobians, unused, std::index_sequence<P...>{});
        } else {
            bool every_block = true;
            for (std::size_t b = 0; b < block_count; ++b) every_block = every_block && jacobians[b] != nullptr;
            const std::unique_ptr<double[]> unused(every_block ? nullptr : new double[scratch]);
            jacobians_into(env, residuals, jacobians, unused.get(), std::index_sequence<P...>{});
        }
    }

    template <class Env, std::size_t... P>
    static void jacobians_into(const Env& env, double* residuals, double** jacobians, double* unused,
                               std::index_sequence<P...>) {
        constexpr std::size_t first_column[] = {detail::unknown_column<unknowns, P>::value...};
        const detail::jacobian_layout<double, variable_count> layout{
            {(jacobians[places::places[P].block] != nullptr ? jacobians[places::places[P].block] + places::places[P].offset
                                                            : unused + first_column[P])...},
            {(jacobians[places::places[P].block] != nullptr ? block_sizes[places::places[P].block] : unknown_count)...}};
        detail::entries_into<jacobian_mode::automatic, outs>(unknowns{}, residuals, &layout, env);
    }
};

/// A Ceres cost function for the residuals `outputs` (as in value_and_jacobian: a scalar
/// expression, a vector of residuals, or a std::tuple of them) with the given parameter blocks,
/// the data bound once here: `make_ceres_cost(r, blocks(wrt(camera), wrt(point)), u = observed_u, v = observed_v)`.
/// Ceres takes ownership as usual (Problem::AddResidualBlock).
template <class Outputs, class... Wrts, class... Data>
ceres::CostFunction* make_ceres_cost(const Outputs&, blocks_t<Wrts...>, const Data&... data) {
    static_assert(sizeof...(Wrts) > 0, "ctdiff::make_ceres_cost: give at least one parameter block, blocks(wrt(...))");
    using unknowns = typename detail::all_unknowns<Wrts...>::type;
    using places = detail::block_places<Wrts...>;
    using outs = typename detail::output_entries<Outputs>::type;
    using cost = ceres_cost<Outputs, blocks_t<Wrts...>, typename detail::stored_binding<Data>::type...>;
    static_assert(detail::all_distinct_in(unknowns{}),
                  "ctdiff::make_ceres_cost: a variable appears in two parameter blocks");
    using check_env = typename detail::unknown_bindings<unknowns, places>::type;
    if constexpr (detail::jacobian_check_with<outs, unknowns, check_env, Data...>::value) {
        return new cost(detail::stored_binding<Data>::store(data)...);
    } else {
        return nullptr;
    }
}

}  // namespace ctdiff
