// The differential fuzzer: random expressions over x, y, z (shared subexpressions, every scalar
// op), each checked at many points against the reference of reference.hpp by every method
// ctdiff has. docs/testing.md describes it; each fuzz_*.cpp instantiates one range of seeds.
//
// An expression is a *program*, a constexpr array of instructions computed from a seed; the
// ctdiff expression is built from it at compile time (node<Seed, K>), and the reference
// interprets the same program at run time. A disagreement prints the program as a compilable
// reproducer, reduced to the smallest of its nodes that still disagrees at that point.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctdiff/ctdiff.hpp>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

#include "reference.hpp"

namespace fuzz {

using namespace ctdiff::literals;
inline constexpr auto x = ctdiff::var<"x">;
inline constexpr auto y = ctdiff::var<"y">;
inline constexpr auto z = ctdiff::var<"z">;

// ---- programs ------------------------------------------------------------------------------------

enum op_code : int {
    op_x, op_y, op_z,                                                            // leaves
    op_add, op_sub, op_mul, op_div, op_pow, op_xlogy, op_atan2, op_hypot, op_min, op_max,  // binary
    op_add_c, op_mul_c, op_pow_c, op_clamp_c,                                    // with constants
    op_select,                                                                   // select(a ? b, c, d)
    op_neg, op_sqrt, op_exp, op_log, op_sin, op_cos, op_tan, op_tanh, op_sigmoid, op_softplus, op_relu,
    op_abs, op_step, op_sign, op_sinh, op_cosh, op_expm1, op_log1p, op_atan, op_asin, op_acos, op_asinh,
    op_acosh, op_atanh, op_exp2, op_log2, op_log10, op_cbrt, op_erf, op_erfc, op_square, op_floor,
    op_ceil, op_trunc, op_round,                                                 // unary
    op_count
};
constexpr int first_binary = op_add, first_special_binary = op_xlogy, first_unary = op_neg;
/// How many argument nodes the op reads: in.a; in.a and in.b; or, for select, all four (the
/// condition compares in.a with in.b, the branches are in.c and in.d).
constexpr int arity(int op) {
    if (op < first_binary) return 0;
    if (op <= op_max) return 2;
    if (op == op_select) return 4;
    return 1;
}

inline constexpr const char* op_names[op_count] = {
    "x", "y", "z", "+", "-", "*", "/", "pow", "xlogy", "atan2", "hypot", "min", "max", "+c", "*c", "pow_c",
    "clamp", "select", "-", "sqrt", "exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "softplus", "relu",
    "abs", "step", "sign", "sinh", "cosh", "expm1", "log1p", "atan", "asin", "acos", "asinh", "acosh", "atanh",
    "exp2", "log2", "log10", "cbrt", "erf", "erfc", "square", "floor", "ceil", "trunc", "round"};

/// The constants the generator uses: as ctdiff literals (below) and as long doubles.
inline constexpr int constant_count = 6;
inline constexpr real constant_values[constant_count] = {2, 0.5L, -1, 3, -0.25L, 1.5L};
inline constexpr const char* constant_spelling[constant_count] = {"2_c", "0.5_c", "-1_c", "3_c", "-0.25_c", "1.5_c"};
template <int K>
constexpr auto constant_expr() {
    if constexpr (K == 0) return 2_c;
    else if constexpr (K == 1) return 0.5_c;
    else if constexpr (K == 2) return -1_c;
    else if constexpr (K == 3) return 3_c;
    else if constexpr (K == 4) return -0.25_c;
    else return 1.5_c;
}
/// Exponents of pow_c.
inline constexpr int exponent_count = 6;
inline constexpr real exponent_values[exponent_count] = {2, 3, -1, 0.5L, -0.5L, 1.5L};
inline constexpr const char* exponent_spelling[exponent_count] = {"2_c", "3_c", "-1_c", "0.5_c", "-0.5_c", "1.5_c"};
template <int K>
constexpr auto exponent_expr() {
    if constexpr (K == 0) return 2_c;
    else if constexpr (K == 1) return 3_c;
    else if constexpr (K == 2) return -1_c;
    else if constexpr (K == 3) return 0.5_c;
    else if constexpr (K == 4) return -0.5_c;
    else return 1.5_c;
}
/// The bounds of clamp_c: clamp(a, lo, hi) with (lo, hi) the pair constant_values[K],
/// clamp_high[K] (dyadic, so the long doubles are the doubles).
inline constexpr real clamp_high[constant_count] = {3, 1.5L, 1, 4, 0.25L, 2};
inline constexpr const char* clamp_high_spelling[constant_count] = {"3_c", "1.5_c", "1_c", "4_c", "0.25_c", "2_c"};
template <int K>
constexpr auto clamp_high_expr() {
    if constexpr (K == 0) return 3_c;
    else if constexpr (K == 1) return 1.5_c;
    else if constexpr (K == 2) return 1_c;
    else if constexpr (K == 3) return 4_c;
    else if constexpr (K == 4) return 0.25_c;
    else return 2_c;
}
/// The conditions of select, comparing a with b: a < b, a <= b, a > b, a >= b, !(a < b) and
/// (a < b) && (a > -1).
inline constexpr int condition_count = 6;
inline constexpr const char* condition_spelling[condition_count] = {"%s < %s", "%s <= %s", "%s > %s",
                                                                    "%s >= %s", "!(%s < %s)",
                                                                    "(%s < %s) && (%s > -1_c)"};
template <int K, class A, class B>
constexpr auto condition_expr(A a, B b) {
    if constexpr (K == 0) return a < b;
    else if constexpr (K == 1) return a <= b;
    else if constexpr (K == 2) return a > b;
    else if constexpr (K == 3) return a >= b;
    else if constexpr (K == 4) return !(a < b);
    else return (a < b) && (a > -1_c);
}
/// The condition as the reference evaluates it (IEEE comparisons: false where a or b is NaN).
constexpr bool condition_holds(int k, real a, real b) {
    switch (k) {
        case 0: return a < b;
        case 1: return a <= b;
        case 2: return a > b;
        case 3: return a >= b;
        case 4: return !(a < b);
        default: return a < b && a > -1;
    }
}

struct instruction {
    int op = op_x;
    int a = 0, b = 0, c = 0, d = 0;  // argument nodes (earlier in the program); arity(op) of them are read
    int k = 0;                       // constant, exponent, bounds or condition index
};

inline constexpr int max_nodes = 24;
struct program {
    std::array<instruction, max_nodes> code{};
    int size = 0;
};

constexpr std::uint64_t splitmix(std::uint64_t& s) {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/// The program of a seed: the leaves x, y, z, then 6 to 20 interior nodes, each of whose
/// arguments is a recent node most of the time (depth) and any earlier node otherwise (shared
/// subexpressions); the last node is the root.
constexpr program make_program(std::uint64_t seed) {
    std::uint64_t s = seed * 0x2545f4914f6cdd1dULL + 1;
    program p;
    p.code[0] = {op_x};
    p.code[1] = {op_y};
    p.code[2] = {op_z};
    const int interior = 6 + int(splitmix(s) % 15);
    p.size = 3 + interior;
    for (int n = 3; n < p.size; ++n) {
        const auto pick = [&] {
            const std::uint64_t r = splitmix(s);
            if (r % 3 != 0 && n > 3) return n - 1 - int((r >> 8) % std::uint64_t(n - 3 < 3 ? n - 3 : 3));
            return int((r >> 8) % std::uint64_t(n));
        };
        instruction in;
        // weights: arithmetic is common, so that expressions branch and share
        const int r = int(splitmix(s) % 100);
        if (r < 13) in.op = op_add;
        else if (r < 20) in.op = op_sub;
        else if (r < 32) in.op = op_mul;
        else if (r < 38) in.op = op_div;
        else if (r < 40) in.op = op_pow;
        else if (r < 44) in.op = op_add_c;
        else if (r < 48) in.op = op_mul_c;
        else if (r < 52) in.op = op_pow_c;
        else if (r < 58) in.op = first_special_binary + int(splitmix(s) % std::uint64_t(op_max + 1 - first_special_binary));
        else if (r < 63) in.op = op_select;
        else if (r < 66) in.op = op_clamp_c;
        else in.op = first_unary + int(splitmix(s) % std::uint64_t(op_count - first_unary));
        in.a = pick();
        in.b = pick();
        in.c = pick();
        in.d = pick();
        if (in.op == op_xlogy && in.a == in.b) in.b = 0;
        in.k = int(splitmix(s) % 6);
        p.code[n] = in;
    }
    p.code[p.size - 1].a = p.size - 2;  // the root uses the node before it: no dead tail
    return p;
}

template <std::uint64_t Seed>
inline constexpr program program_of = make_program(Seed);

// ---- the ctdiff expression of a program -----------------------------------------------------------

/// The leaves of node<>: x, y, z (scalar programs), or a tensor variable in place of x (the
/// tensor mode of check.hpp: every op then applies elementwise, with y and z broadcast).
struct scalar_leaves {
    static constexpr auto first = x;
};
inline constexpr auto v = ctdiff::var<"v", ctdiff::shape<3>>;
struct tensor_leaves {
    static constexpr auto first = v;
};

template <std::uint64_t Seed, int K, class Leaves = scalar_leaves>
constexpr auto node() {
    constexpr instruction in = program_of<Seed>.code[K];
    if constexpr (in.op == op_x) return Leaves::first;
    else if constexpr (in.op == op_y) return y;
    else if constexpr (in.op == op_z) return z;
    else {
        constexpr auto a = node<Seed, in.a, Leaves>();
        if constexpr (in.op == op_add) return ctdiff::add(a, node<Seed, in.b, Leaves>());
        else if constexpr (in.op == op_sub) return ctdiff::sub(a, node<Seed, in.b, Leaves>());
        else if constexpr (in.op == op_mul) return ctdiff::mul(a, node<Seed, in.b, Leaves>());
        else if constexpr (in.op == op_div) return ctdiff::div(a, node<Seed, in.b, Leaves>());
        else if constexpr (in.op == op_pow) return ctdiff::pow(a, node<Seed, in.b, Leaves>());
        else if constexpr (in.op == op_xlogy) return ctdiff::xlogy(a, node<Seed, in.b, Leaves>());
        else if constexpr (in.op == op_atan2) return ctdiff::atan2(a, node<Seed, in.b, Leaves>());
        else if constexpr (in.op == op_hypot) return ctdiff::hypot(a, node<Seed, in.b, Leaves>());
        else if constexpr (in.op == op_min) return ctdiff::min(a, node<Seed, in.b, Leaves>());
        else if constexpr (in.op == op_max) return ctdiff::max(a, node<Seed, in.b, Leaves>());
        else if constexpr (in.op == op_add_c) return ctdiff::add(a, constant_expr<in.k>());
        else if constexpr (in.op == op_mul_c) return ctdiff::mul(constant_expr<in.k>(), a);
        else if constexpr (in.op == op_pow_c) return ctdiff::pow(a, exponent_expr<in.k>());
        else if constexpr (in.op == op_clamp_c) return ctdiff::clamp(a, constant_expr<in.k>(), clamp_high_expr<in.k>());
        else if constexpr (in.op == op_select)
            return ctdiff::select(condition_expr<in.k>(a, node<Seed, in.b, Leaves>()), node<Seed, in.c, Leaves>(), node<Seed, in.d, Leaves>());
        else if constexpr (in.op == op_neg) return ctdiff::neg(a);
        else if constexpr (in.op == op_sqrt) return ctdiff::sqrt(a);
        else if constexpr (in.op == op_exp) return ctdiff::exp(a);
        else if constexpr (in.op == op_log) return ctdiff::log(a);
        else if constexpr (in.op == op_sin) return ctdiff::sin(a);
        else if constexpr (in.op == op_cos) return ctdiff::cos(a);
        else if constexpr (in.op == op_tan) return ctdiff::tan(a);
        else if constexpr (in.op == op_tanh) return ctdiff::tanh(a);
        else if constexpr (in.op == op_sigmoid) return ctdiff::sigmoid(a);
        else if constexpr (in.op == op_softplus) return ctdiff::softplus(a);
        else if constexpr (in.op == op_relu) return ctdiff::relu(a);
        else if constexpr (in.op == op_abs) return ctdiff::abs(a);
        else if constexpr (in.op == op_step) return ctdiff::step(a);
        else if constexpr (in.op == op_sign) return ctdiff::sign(a);
        else if constexpr (in.op == op_sinh) return ctdiff::sinh(a);
        else if constexpr (in.op == op_cosh) return ctdiff::cosh(a);
        else if constexpr (in.op == op_expm1) return ctdiff::expm1(a);
        else if constexpr (in.op == op_log1p) return ctdiff::log1p(a);
        else if constexpr (in.op == op_atan) return ctdiff::atan(a);
        else if constexpr (in.op == op_asin) return ctdiff::asin(a);
        else if constexpr (in.op == op_acos) return ctdiff::acos(a);
        else if constexpr (in.op == op_asinh) return ctdiff::asinh(a);
        else if constexpr (in.op == op_acosh) return ctdiff::acosh(a);
        else if constexpr (in.op == op_atanh) return ctdiff::atanh(a);
        else if constexpr (in.op == op_exp2) return ctdiff::exp2(a);
        else if constexpr (in.op == op_log2) return ctdiff::log2(a);
        else if constexpr (in.op == op_log10) return ctdiff::log10(a);
        else if constexpr (in.op == op_cbrt) return ctdiff::cbrt(a);
        else if constexpr (in.op == op_erf) return ctdiff::erf(a);
        else if constexpr (in.op == op_erfc) return ctdiff::erfc(a);
        else if constexpr (in.op == op_square) return ctdiff::square(a);
        else if constexpr (in.op == op_floor) return ctdiff::floor(a);
        else if constexpr (in.op == op_ceil) return ctdiff::ceil(a);
        else if constexpr (in.op == op_trunc) return ctdiff::trunc(a);
        else {
            static_assert(in.op == op_round, "an op of the fuzzer has no ctdiff expression");
            return ctdiff::round(a);
        }
    }
}

// ---- the reference's interpretation ---------------------------------------------------------------

/// Whether a double evaluation can hold v with full precision: 0, or a normal double.
inline bool in_double_range(real v) {
    const real a = std::fabs(v);
    return v != v || a == 0 || std::isinf(v) ||
           (a >= real(std::numeric_limits<double>::min()) && a <= real(std::numeric_limits<double>::max()));
}

/// Which branch select takes at its condition's operands: 1 (then, in.c), 0 (else, in.d), or -1
/// where a double evaluation could decide either way (order_uncertain).
inline int select_branch(const instruction& in, const tracked& a, const tracked& b) {
    if (order_uncertain(a, b) || (in.k == 5 && order_uncertain(a, exact(-1)))) return -1;
    return condition_holds(in.k, a.v, b.v) ? 1 : 0;
}

/// Whether nodes i and j of the program build the same ctdiff expression (the same type): the
/// same op, constants and arguments. ctdiff simplifies u - u to 0 then (docs/math.md, "Edge
/// policy", rule 5: also where u is infinite or NaN), and the reference does the same.
constexpr bool same_expression(const program& p, int i, int j) {
    if (i == j) return true;
    const instruction a = p.code[i], b = p.code[j];
    if (a.op != b.op) return false;
    if (arity(a.op) == 0) return true;
    const bool constants = a.op == op_add_c || a.op == op_mul_c || a.op == op_pow_c || a.op == op_clamp_c ||
                           a.op == op_select;
    if (constants && a.k != b.k) return false;
    const int arguments_a[4] = {a.a, a.b, a.c, a.d}, arguments_b[4] = {b.a, b.b, b.c, b.d};
    for (int k = 0; k < arity(a.op); ++k)
        if (!same_expression(p, arguments_a[k], arguments_b[k])) return false;
    return true;
}

/// Whether node n depends on the leaf x (in the tensor mode, whether it is a tensor).
constexpr bool depends_on_x(const program& p, int n) {
    const instruction in = p.code[n];
    if (in.op == op_x) return true;
    const int arguments[4] = {in.a, in.b, in.c, in.d};
    for (int k = 0; k < arity(in.op); ++k)
        if (depends_on_x(p, arguments[k])) return true;
    return false;
}

/// The jets of nodes 0..root of the program at the point. With x_is_tensor (the tensor mode of
/// check.hpp), u - u is not simplified where u is a tensor: ctdiff simplifies only where the
/// result keeps the node's shape (docs/math.md, rule 5), and the scalar 0 would not.
inline std::array<jet, max_nodes> interpret_all(const program& p, int root, const real (&at)[3],
                                                bool x_is_tensor = false) {
    std::array<jet, max_nodes> v{};
    for (int n = 0; n <= root; ++n) {
        const instruction in = p.code[n];
        const jet& a = v[in.a];
        const jet& b = v[in.b];
        switch (in.op) {
            case op_x: v[n] = variable(at[0], 0); break;
            case op_y: v[n] = variable(at[1], 1); break;
            case op_z: v[n] = variable(at[2], 2); break;
            case op_add: v[n] = a + b; break;
            case op_sub:
                v[n] = same_expression(p, in.a, in.b) && !(x_is_tensor && depends_on_x(p, in.a)) ? constant(exact(0))
                                                                                                  : a - b;
                break;
            case op_mul: v[n] = a * b; break;
            case op_div: v[n] = a / b; break;
            case op_pow: v[n] = fuzz::pow(a, b); break;
            case op_xlogy: v[n] = fuzz::xlogy(a, b); break;
            case op_add_c: v[n] = a + constant(rounded(constant_values[in.k])); break;
            case op_mul_c: v[n] = constant(rounded(constant_values[in.k])) * a; break;
            case op_pow_c: v[n] = fuzz::pow_const(a, exponent_values[in.k]); break;
            case op_neg: v[n] = -a; break;
            case op_sqrt: v[n] = fuzz::sqrt(a); break;
            case op_exp: v[n] = fuzz::exp(a); break;
            case op_log: v[n] = fuzz::log(a); break;
            case op_sin: v[n] = fuzz::sin(a); break;
            case op_cos: v[n] = fuzz::cos(a); break;
            case op_tan: v[n] = fuzz::tan(a); break;
            case op_tanh: v[n] = fuzz::tanh(a); break;
            case op_sigmoid: v[n] = fuzz::sigmoid(a); break;
            case op_softplus: v[n] = fuzz::softplus(a); break;
            case op_relu: v[n] = fuzz::relu(a); break;
            case op_abs: v[n] = fuzz::abs(a); break;
            case op_step: v[n] = fuzz::step(a); break;
            case op_sign: v[n] = fuzz::sign(a); break;
            case op_sinh: v[n] = fuzz::sinh(a); break;
            case op_cosh: v[n] = fuzz::cosh(a); break;
            case op_expm1: v[n] = fuzz::expm1(a); break;
            case op_log1p: v[n] = fuzz::log1p(a); break;
            case op_atan2: v[n] = fuzz::atan2(a, b); break;
            case op_hypot: v[n] = fuzz::hypot(a, b); break;
            // ctdiff simplifies min(u, u), max(u, u) and select(c, u, u) to u (docs/math.md)
            case op_min: v[n] = same_expression(p, in.a, in.b) ? a : fuzz::extremum(a, b, false); break;
            case op_max: v[n] = same_expression(p, in.a, in.b) ? a : fuzz::extremum(a, b, true); break;
            case op_clamp_c: v[n] = fuzz::clamp(a, constant_values[in.k], clamp_high[in.k]); break;
            case op_select: {
                const int branch = same_expression(p, in.c, in.d) ? 1 : select_branch(in, a.v, b.v);
                v[n] = branch < 0 ? unknown_jet() : v[branch == 1 ? in.c : in.d];
                break;
            }
            case op_atan: v[n] = fuzz::atan(a); break;
            case op_asin: v[n] = fuzz::asin(a); break;
            case op_acos: v[n] = fuzz::acos(a); break;
            case op_asinh: v[n] = fuzz::asinh(a); break;
            case op_acosh: v[n] = fuzz::acosh(a); break;
            case op_atanh: v[n] = fuzz::atanh(a); break;
            case op_exp2: v[n] = fuzz::exp2(a); break;
            case op_log2: v[n] = fuzz::log2(a); break;
            case op_log10: v[n] = fuzz::log10(a); break;
            case op_cbrt: v[n] = fuzz::cbrt(a); break;
            case op_erf: v[n] = fuzz::erf(a); break;
            case op_erfc: v[n] = fuzz::erfc(a); break;
            case op_square: v[n] = a * a; break;
            case op_floor: v[n] = fuzz::floor(a); break;
            case op_ceil: v[n] = fuzz::ceil(a); break;
            case op_trunc: v[n] = fuzz::trunc(a); break;
            case op_round: v[n] = fuzz::round(a); break;
            default: break;
        }
        // out where a value the node's result depends on is: select's depends on its condition's
        // operands and the branch taken only (the other branch may be anything)
        bool arguments_out = false;
        if (in.op == op_select && same_expression(p, in.c, in.d)) {
            arguments_out = v[in.c].out;
        } else if (in.op == op_select) {
            const int branch = select_branch(in, a.v, b.v);
            arguments_out = a.out || b.out || (branch >= 0 && v[branch == 1 ? in.c : in.d].out);
        } else {
            const int args[4] = {in.a, in.b, in.c, in.d};
            for (int i = 0; i < arity(in.op); ++i) arguments_out = arguments_out || v[args[i]].out;
        }
        v[n].out = arguments_out || !in_double_range(v[n].v.v);
    }
    return v;
}
inline jet interpret(const program& p, int root, const real (&at)[3]) { return interpret_all(p, root, at)[root]; }

/// The reference's own reverse pass: df/dn for every node n, in long double, from local partials
/// written for the test (a node whose adjoint is 0 passes nothing on, so an exact zero partial
/// above an infinite one gives 0, as ctdiff documents).
inline std::array<real, max_nodes> adjoints_of(const program& p, int root, const std::array<jet, max_nodes>& v,
                                               bool* partial_outside) {
    std::array<real, max_nodes> adj{};
    adj[root] = 1;
    for (int n = root; n >= 3; --n) {
        if (adj[n] == 0) continue;
        const instruction in = p.code[n];
        const real a = v[in.a].v.v, b = v[in.b].v.v, self = v[n].v.v;
        real da = 0, db = 0, dc = 0, dd = 0;
        switch (in.op) {
            case op_add: da = 1, db = 1; break;
            case op_sub: da = 1, db = -1; break;
            case op_mul: da = b, db = a; break;
            case op_div: da = 1 / b, db = -self / b; break;
            case op_pow: da = b * std::pow(a, b - 1), db = self == 0 ? 0 : self * std::log(a); break;
            case op_xlogy: da = std::log(b), db = a / b; break;
            case op_atan2: da = b / (a * a + b * b), db = -a / (a * a + b * b); break;
            case op_hypot: da = a / self, db = b / self; break;
            case op_min:
                da = same_expression(p, in.a, in.b) || a < b ? 1 : (a > b ? 0 : 0.5L), db = 1 - da;
                break;
            case op_max:
                da = same_expression(p, in.a, in.b) || a > b ? 1 : (a < b ? 0 : 0.5L), db = 1 - da;
                break;
            case op_add_c: da = 1; break;
            case op_mul_c: da = constant_values[in.k]; break;
            case op_pow_c: da = exponent_values[in.k] * std::pow(a, exponent_values[in.k] - 1); break;
            case op_clamp_c: da = a >= constant_values[in.k] && a <= clamp_high[in.k] ? 1 : 0; break;
            case op_select:
                (same_expression(p, in.c, in.d) || select_branch(in, v[in.a].v, v[in.b].v) == 1 ? dc : dd) = 1;
                break;
            case op_neg: da = -1; break;
            case op_sqrt: da = 1 / (2 * self); break;
            case op_exp: da = self; break;
            case op_log: da = 1 / a; break;
            case op_sin: da = std::cos(a); break;
            case op_cos: da = -std::sin(a); break;
            case op_tan: da = 1 + self * self; break;
            case op_tanh: da = 1 - self * self; break;
            case op_sigmoid: da = self * (1 - self); break;
            case op_softplus: da = a >= 0 ? 1 / (1 + std::exp(-a)) : std::exp(a) / (1 + std::exp(a)); break;
            case op_relu: da = a > 0 ? 1 : 0; break;
            case op_abs: da = a > 0 ? 1 : (a < 0 ? -1 : 0); break;
            case op_sinh: da = std::cosh(a); break;
            case op_cosh: da = std::sinh(a); break;
            case op_expm1: da = std::exp(a); break;
            case op_log1p: da = 1 / (1 + a); break;
            case op_atan: da = 1 / (1 + a * a); break;
            case op_asin: da = 1 / std::sqrt((1 - a) * (1 + a)); break;
            case op_acos: da = -1 / std::sqrt((1 - a) * (1 + a)); break;
            case op_asinh: da = 1 / std::sqrt(1 + a * a); break;
            case op_acosh: da = 1 / std::sqrt((a - 1) * (a + 1)); break;
            case op_atanh: da = 1 / ((1 - a) * (1 + a)); break;
            case op_exp2: da = ln2 * self; break;
            case op_log2: da = 1 / (a * ln2); break;
            case op_log10: da = 1 / (a * ln10); break;
            case op_cbrt: da = 1 / (3 * self * self); break;
            case op_erf: da = two_over_sqrt_pi * std::exp(-a * a); break;
            case op_erfc: da = -two_over_sqrt_pi * std::exp(-a * a); break;
            case op_square: da = 2 * a; break;
            default: break;  // step, sign, floor, ceil, trunc, round: 0
        }
        const int args[4] = {in.a, in.b, in.c, in.d};
        const real partials[4] = {da, db, dc, dd};
        // a local partial outside double's normal range (other than a quotient's, whose tangent
        // ctdiff groups, docs/math.md): every method forms it as a double
        const auto outside = [](real d) {
            const real m = std::fabs(d);
            return std::isfinite(d) && m != 0 &&
                   (m < real(std::numeric_limits<double>::min()) || m > real(std::numeric_limits<double>::max()));
        };
        for (int i = 0; i < arity(in.op); ++i) {
            adj[args[i]] += adj[n] * partials[i];
            if (in.op != op_div && outside(partials[i])) *partial_outside = true;
        }
    }
    return adj;
}

/// What reverse mode's storage does to the reverse-mode entries (grad, hessian, hvp). Each adjoint
/// df/dn is a double: one in the subnormal range is rounded to the grid of 2^-1074 (an error of at
/// most 2^-1075), which reaches gradient entry i multiplied by |dn/dx_i| and Hessian entry (i, j)
/// by |d2n/dx_i dx_j| + |dn/dx_i| + |dn/dx_j| (the adjoint's own tangent is rounded alike): that is
/// added to their tolerance. One beyond the largest double overflows to inf: then the reverse-mode
/// entries are not compared (`comparable` is false). Both are the documented limits of reverse mode.
struct adjoint_rounding {
    real grad[3] = {};
    real hessian[3][3] = {};
    bool comparable = true;          // the reverse-mode entries
    bool partials_in_range = true;   // all derivatives (see adjoints_of)
};
inline adjoint_rounding adjoint_rounding_of(const program& p, int root, const std::array<jet, max_nodes>& v) {
    bool partial_outside = false;
    const std::array<real, max_nodes> adj = adjoints_of(p, root, v, &partial_outside);
    constexpr real half_subnormal = 0x1p-1075L;
    const auto size = [](const tracked& t) { return std::isfinite(t.v) ? std::fabs(t.v) : real(0); };
    adjoint_rounding r;
    r.partials_in_range = !partial_outside;
    for (int n = 3; n <= root; ++n) {
        const real a = std::fabs(adj[n]);
        if (beyond_double(a)) r.comparable = false;
        if (!(a > 0 && a < real(std::numeric_limits<double>::min()))) continue;
        for (int i = 0; i < 3; ++i) {
            r.grad[i] += half_subnormal * size(v[n].g[i]);
            for (int k = 0; k < 3; ++k)
                r.hessian[i][k] += half_subnormal * (size(v[n].h[i][k]) + size(v[n].g[i]) + size(v[n].g[k]));
        }
    }
    return r;
}

// ---- the reproducer --------------------------------------------------------------------------------

inline std::string spell(const program& p, int n) {
    const instruction in = p.code[n];
    const std::string a = arity(in.op) >= 1 ? spell(p, in.a) : "";
    const std::string b = arity(in.op) >= 2 ? spell(p, in.b) : "";
    const std::string name = std::string("ctdiff::") + op_names[in.op];
    switch (in.op) {
        case op_x: return "x";
        case op_y: return "y";
        case op_z: return "z";
        case op_add: return "(" + a + " + " + b + ")";
        case op_sub: return "(" + a + " - " + b + ")";
        case op_mul: return "(" + a + " * " + b + ")";
        case op_div: return "(" + a + " / " + b + ")";
        case op_pow: case op_xlogy: case op_atan2: case op_hypot: case op_min: case op_max:
            return name + "(" + a + ", " + b + ")";
        case op_add_c: return "(" + a + " + " + constant_spelling[in.k] + ")";
        case op_mul_c: return "(" + std::string(constant_spelling[in.k]) + " * " + a + ")";
        case op_pow_c: return "ctdiff::pow(" + a + ", " + exponent_spelling[in.k] + ")";
        case op_clamp_c:
            return name + "(" + a + ", " + constant_spelling[in.k] + ", " + clamp_high_spelling[in.k] + ")";
        case op_select: {
            std::string condition(condition_spelling[in.k]);
            for (const std::string* operand : {&a, &b, &a}) {
                const std::size_t at = condition.find("%s");
                if (at != std::string::npos) condition.replace(at, 2, *operand);
            }
            return name + "(" + condition + ", " + spell(p, in.c) + ", " + spell(p, in.d) + ")";
        }
        case op_neg: return "(-" + a + ")";
        default: return name + "(" + a + ")";
    }
}

// ---- checking ---------------------------------------------------------------------------------------

/// The fuzzer's counts; a disagreement is printed when found.
struct tally {
    long expressions = 0;
    long pairs = 0;       // (expression, point) pairs with a finite reference value
    long checks = 0;      // numbers compared
    long skipped = 0;     // reference entries that are not finite (nothing to compare)
    long out_of_range = 0;  // points where a value on the way leaves double's normal range
    long constant_exact = 0, constant_checked = 0;
    long disagreements = 0;
    long tensor_expressions = 0, tensor_pairs = 0;  // the tensor mode (check.hpp): also counted above
};

/// The checks of part P of the seeds: explicit specializations, each defined by one translation
/// unit (fuzz_part.cpp compiled with CTDIFF_FUZZ_PART = P).
template <int P>
void run_part(tally& t);
template <>
void run_part<0>(tally& t);
template <>
void run_part<1>(tally& t);
template <>
void run_part<2>(tally& t);
template <>
void run_part<3>(tally& t);

/// The tolerance of one number: the reference's error bound of a double evaluation, times a
/// safety factor for formulas that differ from the reference's (order of a sum, a reused node),
/// plus an absolute floor near the bottom of the double range. docs/testing.md gives the
/// reasoning.
inline constexpr real safety = 16;
inline constexpr real absolute_floor = 0x1p-1000L;  // underflow: the bound does not model subnormals
inline real tolerance(const tracked& t) {
    constexpr real u = 0x1p-53L;
    return safety * u * t.e + absolute_floor;
}

/// Whether ctdiff's `got` agrees with the reference `want`, within the bound plus `extra` (the
/// adjoint rounding of reverse mode, or 0): always when want is not finite in double, or an
/// intermediate of its formula overflowed double (then nothing is compared).
inline bool agrees(double got, const tracked& want, bool& compared, real extra = 0) {
    compared = std::isfinite(want.v) && std::fabs(want.v) < real(std::numeric_limits<double>::max()) &&
               std::isfinite(want.e) && want.e < 1e300L && !want.over;
    if (!compared) return true;
    const real allowed = tolerance(want) + extra;
    // where the bound reaches past 0 the double evaluation is undetermined, and may reach a
    // singularity by rounding (tanh(19.3) is 1 in double, where acos' is infinite): a NaN or
    // infinite result is not compared there (docs/testing.md, rule 8)
    if (!std::isfinite(got) && want.e > 0 && allowed >= std::fabs(want.v)) {
        compared = false;
        return true;
    }
    // where the bound reaches beyond the largest double, overflow to inf (of the right sign)
    // is within it
    if (std::isinf(got) && (got > 0) == (want.v > 0) &&
        std::fabs(want.v) + allowed > real(std::numeric_limits<double>::max()))
        return true;
    return std::fabs(real(got) - want.v) <= allowed;
}

}  // namespace fuzz
