// ctdiff/ops/fwd.hpp — declarations of the function-style ops, so that one op's derivative rule
// can name another op defined in a later header (d tan(u) uses pow, d pow(u, v) uses log).
#pragma once

#include "ctdiff/core/expr.hpp"

namespace ctdiff {

template <expression A, expression B>
constexpr auto pow(A a, B b) noexcept;
template <expression A>
constexpr auto sqrt(A a) noexcept;
template <expression A>
constexpr auto exp(A a) noexcept;
template <expression A>
constexpr auto log(A a) noexcept;
template <expression A, expression B>
constexpr auto xlogy(A a, B b) noexcept;
template <expression A>
constexpr auto sin(A a) noexcept;
template <expression A>
constexpr auto cos(A a) noexcept;
template <expression A>
constexpr auto tan(A a) noexcept;
template <expression A>
constexpr auto tanh(A a) noexcept;
template <expression A>
constexpr auto sinh(A a) noexcept;
template <expression A>
constexpr auto cosh(A a) noexcept;
template <expression A>
constexpr auto expm1(A a) noexcept;
template <expression A>
constexpr auto log1p(A a) noexcept;
template <expression A>
constexpr auto sigmoid(A a) noexcept;
template <expression A>
constexpr auto relu(A a) noexcept;
template <expression A>
constexpr auto softplus(A a) noexcept;
template <expression A>
constexpr auto abs(A a) noexcept;
template <expression A>
constexpr auto step(A a) noexcept;
template <expression A>
constexpr auto sign(A a) noexcept;
template <expression X, expression Y>
constexpr auto hypot(X x, Y y) noexcept;

}  // namespace ctdiff
