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
    op_x, op_y, op_z,                                   // leaves
    op_add, op_sub, op_mul, op_div, op_pow,             // binary
    op_add_c, op_mul_c, op_pow_c,                       // with a constant
    op_neg, op_sqrt, op_exp, op_log, op_sin, op_cos, op_tan, op_tanh, op_sigmoid, op_softplus,
    op_relu, op_abs, op_step, op_sign, op_xlogy, op_sinh, op_cosh, op_expm1, op_log1p, op_count
};
/// Whether the op takes a second argument, in.b (the others leave it unused).
constexpr bool is_binary(int op) { return (op >= op_add && op <= op_pow) || op == op_xlogy; }

inline constexpr const char* op_names[op_count] = {
    "x", "y", "z", "+", "-", "*", "/", "pow", "+c", "*c", "pow_c", "-", "sqrt", "exp", "log", "sin",
    "cos", "tan", "tanh", "sigmoid", "softplus", "relu", "abs", "step", "sign", "xlogy", "sinh", "cosh", "expm1",
    "log1p"};

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

struct instruction {
    int op = op_x;
    int a = 0, b = 0;  // argument nodes (earlier in the program)
    int k = 0;         // constant or exponent index
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
        // weights: binary ops are common, so that expressions branch and share
        const int r = int(splitmix(s) % 100);
        if (r < 14) in.op = op_add;
        else if (r < 22) in.op = op_sub;
        else if (r < 36) in.op = op_mul;
        else if (r < 43) in.op = op_div;
        else if (r < 45) in.op = op_pow;
        else if (r < 50) in.op = op_add_c;
        else if (r < 55) in.op = op_mul_c;
        else if (r < 60) in.op = op_pow_c;
        else in.op = op_neg + int(splitmix(s) % std::uint64_t(op_count - op_neg));
        in.a = pick();
        in.b = pick();
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

template <std::uint64_t Seed, int K>
constexpr auto node() {
    constexpr instruction in = program_of<Seed>.code[K];
    if constexpr (in.op == op_x) return x;
    else if constexpr (in.op == op_y) return y;
    else if constexpr (in.op == op_z) return z;
    else {
        constexpr auto a = node<Seed, in.a>();
        if constexpr (in.op == op_add) return ctdiff::add(a, node<Seed, in.b>());
        else if constexpr (in.op == op_sub) return ctdiff::sub(a, node<Seed, in.b>());
        else if constexpr (in.op == op_mul) return ctdiff::mul(a, node<Seed, in.b>());
        else if constexpr (in.op == op_div) return ctdiff::div(a, node<Seed, in.b>());
        else if constexpr (in.op == op_pow) return ctdiff::pow(a, node<Seed, in.b>());
        else if constexpr (in.op == op_xlogy) return ctdiff::xlogy(a, node<Seed, in.b>());
        else if constexpr (in.op == op_add_c) return ctdiff::add(a, constant_expr<in.k>());
        else if constexpr (in.op == op_mul_c) return ctdiff::mul(constant_expr<in.k>(), a);
        else if constexpr (in.op == op_pow_c) return ctdiff::pow(a, exponent_expr<in.k>());
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
        else if constexpr (in.op == op_sinh) return ctdiff::sinh(a);
        else if constexpr (in.op == op_cosh) return ctdiff::cosh(a);
        else if constexpr (in.op == op_expm1) return ctdiff::expm1(a);
        else if constexpr (in.op == op_log1p) return ctdiff::log1p(a);
        else return ctdiff::sign(a);
    }
}

// ---- the reference's interpretation ---------------------------------------------------------------

/// Whether a double evaluation can hold v with full precision: 0, or a normal double.
inline bool in_double_range(real v) {
    const real a = std::fabs(v);
    return v != v || a == 0 || std::isinf(v) ||
           (a >= real(std::numeric_limits<double>::min()) && a <= real(std::numeric_limits<double>::max()));
}

/// The jets of nodes 0..root of the program at the point.
inline std::array<jet, max_nodes> interpret_all(const program& p, int root, const real (&at)[3]) {
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
            case op_sub: v[n] = a - b; break;
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
            default: break;
        }
        const bool arguments_out = n >= 3 && (v[in.a].out || (is_binary(in.op) && v[in.b].out));
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
        real da = 0, db = 0;
        switch (in.op) {
            case op_add: da = 1, db = 1; break;
            case op_sub: da = 1, db = -1; break;
            case op_mul: da = b, db = a; break;
            case op_div: da = 1 / b, db = -self / b; break;
            case op_pow: da = b * std::pow(a, b - 1), db = self == 0 ? 0 : self * std::log(a); break;
            case op_xlogy: da = std::log(b), db = a / b; break;
            case op_add_c: da = 1; break;
            case op_mul_c: da = constant_values[in.k]; break;
            case op_pow_c: da = exponent_values[in.k] * std::pow(a, exponent_values[in.k] - 1); break;
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
            default: break;  // step, sign: 0
        }
        adj[in.a] += adj[n] * da;
        const bool binary = is_binary(in.op);
        if (binary) adj[in.b] += adj[n] * db;
        // a local partial outside double's normal range (other than a quotient's, whose tangent
        // ctdiff groups, docs/math.md): every method forms it as a double
        const auto outside = [](real d) {
            const real a = std::fabs(d);
            return std::isfinite(d) && a != 0 &&
                   (a < real(std::numeric_limits<double>::min()) || a > real(std::numeric_limits<double>::max()));
        };
        if (in.op != op_div && (outside(da) || (binary && outside(db)))) *partial_outside = true;
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
    const std::string a = in.op >= op_add ? spell(p, in.a) : "";
    const std::string b = is_binary(in.op) ? spell(p, in.b) : "";
    switch (in.op) {
        case op_x: return "x";
        case op_y: return "y";
        case op_z: return "z";
        case op_add: return "(" + a + " + " + b + ")";
        case op_sub: return "(" + a + " - " + b + ")";
        case op_mul: return "(" + a + " * " + b + ")";
        case op_div: return "(" + a + " / " + b + ")";
        case op_pow: return "ctdiff::pow(" + a + ", " + b + ")";
        case op_xlogy: return "ctdiff::xlogy(" + a + ", " + b + ")";
        case op_add_c: return "(" + a + " + " + constant_spelling[in.k] + ")";
        case op_mul_c: return "(" + std::string(constant_spelling[in.k]) + " * " + a + ")";
        case op_pow_c: return "ctdiff::pow(" + a + ", " + exponent_spelling[in.k] + ")";
        case op_neg: return "(-" + a + ")";
        default: return std::string("ctdiff::") + op_names[in.op] + "(" + a + ")";
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
inline constexpr real floor = 0x1p-1000L;  // underflow: the bound does not model subnormals
inline real tolerance(const tracked& t) {
    constexpr real u = 0x1p-53L;
    return safety * u * t.e + floor;
}

/// Whether ctdiff's `got` agrees with the reference `want`, within the bound plus `extra` (the
/// adjoint rounding of reverse mode, or 0): always when want is not finite in double, or an
/// intermediate of its formula overflowed double (then nothing is compared).
inline bool agrees(double got, const tracked& want, bool& compared, real extra = 0) {
    compared = std::isfinite(want.v) && std::fabs(want.v) < real(std::numeric_limits<double>::max()) &&
               std::isfinite(want.e) && want.e < 1e300L && !want.over;
    if (!compared) return true;
    const real allowed = tolerance(want) + extra;
    // where the bound reaches beyond the largest double, overflow to inf (of the right sign)
    // is within it
    if (std::isinf(got) && (got > 0) == (want.v > 0) &&
        std::fabs(want.v) + allowed > real(std::numeric_limits<double>::max()))
        return true;
    return std::fabs(real(got) - want.v) <= allowed;
}

}  // namespace fuzz
