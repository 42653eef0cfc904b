// The checks of one random expression (fuzz.hpp): at each point, the value, value_and_grad,
// the forward-mode Jacobian, jvp, symbolic d, the Hessian and hvp against the reference; at two
// fixed points also the constant evaluation against the run-time one.
#pragma once

#include <array>
#include <cstdio>
#include <string>

#include "fuzz.hpp"

namespace fuzz {

/// The points of a seed: most in [-2, 2], some spread over [1e-3, 1e3] in magnitude.
inline std::array<real, 3> point_of(std::uint64_t seed, int i) {
    std::uint64_t s = seed * 0x9e3779b97f4a7c15ULL + std::uint64_t(i) * 0x632be59bd9b4e019ULL + 7;
    std::array<real, 3> p{};
    for (real& c : p) {
        const double unit = double(splitmix(s) >> 11) * 0x1p-53;  // [0, 1)
        if (i % 10 == 9) {
            const double magnitude = std::pow(10.0, -3.0 + 6.0 * unit);
            c = (splitmix(s) & 1) ? magnitude : -magnitude;
        } else {
            c = real(-2.0 + 4.0 * unit);
        }
        c = real(double(c));  // a double, exactly
    }
    return p;
}

inline constexpr std::array<double, 3> direction{1.0, -0.5, 0.25};

/// Every number ctdiff computes for f at a point, by every method.
struct results {
    double value;
    double grad[3];
    double jacobian_forward[3];
    double jvp;
    double symbolic[3];
    double hessian[3][3];
    double hvp[3];
};

template <class F>
results compute(F f, double a, double b, double c) {
    results r{};
    const auto bx = (x = a);
    const auto by = (y = b);
    const auto bz = (z = c);
    const auto w = ctdiff::wrt(x, y, z);
    r.value = f(bx, by, bz);
    const auto [value, g] = ctdiff::value_and_grad(f, w, bx, by, bz);
    (void)value;
    r.grad[0] = g[x];
    r.grad[1] = g[y];
    r.grad[2] = g[z];
    const auto J = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(f, w, bx, by, bz);
    for (int i = 0; i < 3; ++i) r.jacobian_forward[i] = J.at(0, i);
    r.jvp = ctdiff::jvp(f, w, direction, bx, by, bz).tangent;
    r.symbolic[0] = ctdiff::d(f, x)(bx, by, bz);
    r.symbolic[1] = ctdiff::d(f, y)(bx, by, bz);
    r.symbolic[2] = ctdiff::d(f, z)(bx, by, bz);
    const auto H = ctdiff::hessian(f, w, bx, by, bz);
    for (int i = 0; i < 3; ++i)
        for (int k = 0; k < 3; ++k) r.hessian[i][k] = H.at(i, k);
    const auto hv = ctdiff::hvp(f, w, direction, bx, by, bz);
    r.hvp[0] = hv[x];
    r.hvp[1] = hv[y];
    r.hvp[2] = hv[z];
    return r;
}

/// The reference's numbers for the same checks.
struct expected {
    tracked value, grad[3], jvp, hessian[3][3], hvp[3];
    adjoint_rounding reverse;  // extra tolerance of the reverse-mode entries
};
inline expected expect(const jet& j, const adjoint_rounding& reverse) {
    expected e{};
    e.reverse = reverse;
    e.value = j.v;
    for (int i = 0; i < 3; ++i) e.grad[i] = j.g[i];
    e.jvp = exact(direction[0]) * j.g[0] + exact(direction[1]) * j.g[1] + exact(direction[2]) * j.g[2];
    for (int i = 0; i < 3; ++i) {
        for (int k = 0; k < 3; ++k) e.hessian[i][k] = j.h[i][k];
        e.hvp[i] = exact(direction[0]) * j.h[i][0] + exact(direction[1]) * j.h[i][1] + exact(direction[2]) * j.h[i][2];
    }
    return e;
}

/// The first check that fails, or null: its name, ctdiff's number and the reference's.
struct failure {
    const char* what = nullptr;
    double got = 0;
    tracked want{};
};
inline constexpr const char* value_name = "value";
inline failure first_failure(const results& r, const expected& e, tally* t) {
    failure f;
    const auto one = [&](const char* what, double got, const tracked& want, real extra = -1) {
        bool compared = false;
        // extra < 0: a forward-mode entry; extra >= 0: reverse mode, with its adjoints' rounding.
        // A derivative through a local partial beyond double's range is not compared.
        const bool derivative = what != value_name;
        const bool reverse_out = (extra >= 0 && !e.reverse.comparable) || (derivative && !e.reverse.partials_in_range);
        const bool ok = reverse_out || agrees(got, want, compared, extra < 0 ? 0 : extra);
        compared = compared && !reverse_out;
        if (t != nullptr) {
            if (compared) ++t->checks;
            else ++t->skipped;
        }
        if (!ok && f.what == nullptr) f = failure{what, got, want};
    };
    static const char* const grad_names[3] = {"grad[x]", "grad[y]", "grad[z]"};
    static const char* const jf_names[3] = {"jacobian<forward>[x]", "jacobian<forward>[y]", "jacobian<forward>[z]"};
    static const char* const d_names[3] = {"d(f, x)", "d(f, y)", "d(f, z)"};
    static const char* const hvp_names[3] = {"hvp[x]", "hvp[y]", "hvp[z]"};
    static const char* const h_names[3][3] = {{"H(x, x)", "H(x, y)", "H(x, z)"},
                                              {"H(y, x)", "H(y, y)", "H(y, z)"},
                                              {"H(z, x)", "H(z, y)", "H(z, z)"}};
    one(value_name, r.value, e.value);
    for (int i = 0; i < 3; ++i) {
        one(grad_names[i], r.grad[i], e.grad[i], e.reverse.grad[i]);
        one(jf_names[i], r.jacobian_forward[i], e.grad[i]);
        one(d_names[i], r.symbolic[i], e.grad[i]);
    }
    one("jvp", r.jvp, e.jvp);
    for (int i = 0; i < 3; ++i) {
        real hvp_extra = 0;
        for (int k = 0; k < 3; ++k) {
            one(h_names[i][k], r.hessian[i][k], e.hessian[i][k], e.reverse.hessian[i][k]);
            hvp_extra += std::fabs(direction[k]) * e.reverse.hessian[i][k];
        }
        one(hvp_names[i], r.hvp[i], e.hvp[i], hvp_extra);
    }
    return f;
}

/// The fixed points of the constant-evaluation check (indices, not double template arguments:
/// clang++ 14 has no floating-point non-type template parameters).
inline constexpr double constant_points[2][3] = {{0.75, -0.5, 1.25}, {-1.5, 0.25, 0.625}};

/// Whether f at constant point P is a constant expression (an inf or NaN on the way is not, on
/// either compiler).
template <auto F, int P>
struct constant_value {
    static constexpr bool exists = requires {
        typename std::bool_constant<(void(F(x = constant_points[P][0], y = constant_points[P][1],
                                             z = constant_points[P][2])),
                                     true)>;
    };
};

template <std::uint64_t Seed, int K>
void print_reproducer(const failure& fl, const std::array<real, 3>& p) {
    constexpr program prog = program_of<Seed>;
    std::printf("\n---- ctdiff fuzz: disagreement (seed %llu, node %d of %d) ----\n", (unsigned long long)Seed, K,
                prog.size - 1);
    std::printf("// %s: ctdiff %.17g, reference %.21Lg, tolerance %.3Lg\n", fl.what, fl.got, fl.want.v,
                tolerance(fl.want));
    std::printf("#include <ctdiff/ctdiff.hpp>\n#include <cstdio>\nusing namespace ctdiff::literals;\n");
    std::printf("constexpr auto x = ctdiff::var<\"x\">;\nconstexpr auto y = ctdiff::var<\"y\">;\n"
                "constexpr auto z = ctdiff::var<\"z\">;\n");
    std::printf("constexpr auto f = %s;\n", spell(prog, K).c_str());
    std::printf("int main() {\n    const auto w = ctdiff::wrt(x, y, z);\n");
    std::printf("    const auto b = std::tuple{x = %a, y = %a, z = %a};  // %.17g, %.17g, %.17g\n", double(p[0]),
                double(p[1]), double(p[2]), double(p[0]), double(p[1]), double(p[2]));
    std::printf("    // check %s; e.g. std::apply([&](auto... v) { return ctdiff::grad(f, w, v...); }, b)\n", fl.what);
    std::printf("}\n---------------------------------------------------------------\n");
}

/// Node K's value and gradient at p against the reference (for the minimiser, which checks
/// first-order numbers only: instantiating every check for every node would multiply the
/// fuzzer's compile time by the size of the program).
template <std::uint64_t Seed, int K>
failure node_failure(const std::array<real, 3>& p) {
    constexpr auto f = node<Seed, K>();
    const real at[3] = {p[0], p[1], p[2]};
    const std::array<jet, max_nodes> all = interpret_all(program_of<Seed>, K, at);
    const jet& j = all[K];
    failure f_{};
    if (j.out) return f_;
    const adjoint_rounding reverse = adjoint_rounding_of(program_of<Seed>, K, all);
    const auto [value, g] = ctdiff::value_and_grad(f, ctdiff::wrt(x, y, z), x = double(p[0]), y = double(p[1]),
                                                   z = double(p[2]));
    bool compared = false;
    static const char* const names[4] = {"value", "grad[x]", "grad[y]", "grad[z]"};
    const double got[4] = {value, g[x], g[y], g[z]};
    const tracked want[4] = {j.v, j.g[0], j.g[1], j.g[2]};
    const real extra[4] = {0, reverse.grad[0], reverse.grad[1], reverse.grad[2]};
    for (int i = 0; i < 4 && f_.what == nullptr; ++i)
        if ((i == 0 || (reverse.comparable && reverse.partials_in_range)) && !agrees(got[i], want[i], compared, extra[i]))
            f_ = failure{names[i], got[i], want[i]};
    return f_;
}

template <std::uint64_t Seed, int K>
bool report_if_failing(const std::array<real, 3>& p) {
    if constexpr (K < 3) {
        return false;  // a variable: nothing to get wrong
    } else {
        const failure f = node_failure<Seed, K>(p);
        if (f.what != nullptr) print_reproducer<Seed, K>(f, p);
        return f.what != nullptr;
    }
}

/// The earliest node of the program whose value or gradient disagrees at p (every node comes after
/// its arguments, so it is the smallest such subexpression); if none does (a second-order or
/// forward-mode disagreement), the root. The reproducer is that node's expression.
template <std::uint64_t Seed, int... K>
void minimise(const std::array<real, 3>& p, failure root_failure, std::integer_sequence<int, K...>) {
    const bool printed = (report_if_failing<Seed, K>(p) || ...);
    if (!printed) print_reproducer<Seed, program_of<Seed>.size - 1>(root_failure, p);
}

/// The constant evaluation of the root at constant point P, where it is a constant expression,
/// against the run-time evaluation and the reference.
template <std::uint64_t Seed, int P>
void check_constant_evaluation(tally& t) {
    constexpr int root = program_of<Seed>.size - 1;
    constexpr auto f = node<Seed, root>();
    constexpr double A = constant_points[P][0], B = constant_points[P][1], C = constant_points[P][2];
    if constexpr (constant_value<f, P>::exists) {
        constexpr double at_compile_time = f(x = A, y = B, z = C);
        volatile double a = A, b = B, c = C;  // run time, for certain
        const double at_run_time = f(x = double(a), y = double(b), z = double(c));
        ++t.constant_checked;
        if (at_compile_time == at_run_time) ++t.constant_exact;
        const real at[3] = {A, B, C};
        const jet j = interpret(program_of<Seed>, root, at);
        bool compared = false;
        if (!j.out && !agrees(at_compile_time, j.v, compared)) {
            ++t.disagreements;
            std::printf("seed %llu: constant evaluation %.17g, run time %.17g, reference %.21Lg\n",
                        (unsigned long long)Seed, at_compile_time, at_run_time, j.v.v);
        }
    }
}

#ifndef CTDIFF_FUZZ_POINTS
#define CTDIFF_FUZZ_POINTS 160
#endif
/// Points per expression (a long campaign may raise it: -DCTDIFF_FUZZ_POINTS=1000).
inline constexpr int points_per_expression = CTDIFF_FUZZ_POINTS;

template <std::uint64_t Seed>
void check_seed(tally& t) {
    constexpr program prog = program_of<Seed>;
    constexpr int root = prog.size - 1;
    constexpr auto f = node<Seed, root>();
    ++t.expressions;
    bool reported = false;
    for (int i = 0; i < points_per_expression; ++i) {
        const std::array<real, 3> p = point_of(Seed, i);
        const real at[3] = {p[0], p[1], p[2]};
        const std::array<jet, max_nodes> all = interpret_all(prog, root, at);
        const jet& j = all[root];
        if (!std::isfinite(j.v.v)) {
            ++t.skipped;
            continue;
        }
        if (j.out) {  // a double evaluation cannot hold some value on the way: nothing to expect
            ++t.out_of_range;
            continue;
        }
        ++t.pairs;
        const failure fl = first_failure(compute(f, double(p[0]), double(p[1]), double(p[2])),
                                         expect(j, adjoint_rounding_of(prog, root, all)), &t);
        if (fl.what != nullptr) {
            ++t.disagreements;
            if (!reported && t.disagreements <= 20) minimise<Seed>(p, fl, std::make_integer_sequence<int, root + 1>{});
            reported = true;  // one reproducer per expression
        }
    }
    check_constant_evaluation<Seed, 0>(t);
    check_constant_evaluation<Seed, 1>(t);
}

// ---- the tensor mode ------------------------------------------------------------------------------
// The same program with x replaced by a tensor variable v of shape<3>: every op applies
// elementwise, y and z are broadcast, and element e of the result is the scalar program at
// (v(e), y, z). Checked: the value, value_and_jacobian, both Jacobian modes (3 x 5: the v columns
// are diagonal, every off-diagonal entry exactly 0) and grad of sum(f) (g[v](e) is element e's
// df/dx; g[y], g[z] are sums over the elements). This exercises broadcasting, the tensor layouts
// of the Jacobians and the reductions against the scalar reference.

#ifndef CTDIFF_FUZZ_TENSOR_POINTS
#define CTDIFF_FUZZ_TENSOR_POINTS 40
#endif
inline constexpr int tensor_points_per_expression = CTDIFF_FUZZ_TENSOR_POINTS;

template <std::uint64_t Seed>
void check_tensor_seed(tally& t) {
    constexpr program prog = program_of<Seed>;
    constexpr int root = prog.size - 1;
    constexpr auto f = node<Seed, root, tensor_leaves>();
    using shape_type = typename std::remove_cvref_t<decltype(f)>::shape_type;
    if constexpr (std::is_same<shape_type, ctdiff::shape<3>>::value) {  // else x is unused: nothing new
        ++t.tensor_expressions;
        bool reported = false;
        for (int i = 0; i < tensor_points_per_expression; ++i) {
            const std::array<real, 3> p[3] = {point_of(Seed, 3 * i), point_of(Seed, 3 * i + 1), point_of(Seed, 3 * i + 2)};
            const real y0 = p[0][1], z0 = p[0][2];
            jet j[3];
            adjoint_rounding reverse[3];
            bool usable = true;
            for (int e = 0; e < 3; ++e) {
                const real at[3] = {p[e][0], y0, z0};
                const std::array<jet, max_nodes> all = interpret_all(prog, root, at, true);
                j[e] = all[root];
                reverse[e] = adjoint_rounding_of(prog, root, all);
                usable = usable && std::isfinite(j[e].v.v) && !j[e].out;
            }
            if (!usable) {  // an element the scalar mode would skip: nothing to expect of the sums
                ++t.skipped;
                continue;
            }
            ++t.pairs;
            ++t.tensor_pairs;
            ctdiff::tensor<double, ctdiff::shape<3>> vv;
            for (int e = 0; e < 3; ++e) vv(e) = double(p[e][0]);
            const auto bv = (v = vv);
            const auto by = (y = double(y0));
            const auto bz = (z = double(z0));
            const auto w = ctdiff::wrt(v, y, z);
            const auto [value, J] = ctdiff::value_and_jacobian(f, w, bv, by, bz);
            const auto Jf = ctdiff::jacobian<ctdiff::jacobian_mode::forward>(f, w, bv, by, bz);
            const auto Jr = ctdiff::jacobian<ctdiff::jacobian_mode::reverse>(f, w, bv, by, bz);
            const auto g = ctdiff::grad(ctdiff::sum(f), w, bv, by, bz);

            failure fl{};
            const auto one = [&](const char* what, double got, const tracked& want, real extra) {
                bool compared = false;
                const bool ok = agrees(got, want, compared, extra);
                if (compared) ++t.checks;
                else ++t.skipped;
                if (!ok && fl.what == nullptr) fl = failure{what, got, want};
            };
            bool derivatives = true;
            for (int e = 0; e < 3; ++e) derivatives = derivatives && reverse[e].comparable && reverse[e].partials_in_range;
            tracked sum_y = exact(0), sum_z = exact(0);
            real extra_y = 0, extra_z = 0;
            for (int e = 0; e < 3; ++e) {
                one("value(e)", value(e), j[e].v, 0);
                if (!derivatives) continue;
                const tracked column[5] = {e == 0 ? j[e].g[0] : exact(0), e == 1 ? j[e].g[0] : exact(0),
                                           e == 2 ? j[e].g[0] : exact(0), j[e].g[1], j[e].g[2]};
                const real extra[5] = {reverse[e].grad[0], reverse[e].grad[0], reverse[e].grad[0], reverse[e].grad[1],
                                       reverse[e].grad[2]};
                for (int c = 0; c < 5; ++c) {
                    one("value_and_jacobian J(e, c)", J.at(std::size_t(e), std::size_t(c)), column[c], extra[c]);
                    one("jacobian<forward>(e, c)", Jf.at(std::size_t(e), std::size_t(c)), column[c], 0);
                    one("jacobian<reverse>(e, c)", Jr.at(std::size_t(e), std::size_t(c)), column[c], extra[c]);
                }
                one("grad(sum(f))[v](e)", g[v](std::size_t(e)), j[e].g[0], reverse[e].grad[0]);
                sum_y = sum_y + j[e].g[1];
                sum_z = sum_z + j[e].g[2];
                extra_y += reverse[e].grad[1];
                extra_z += reverse[e].grad[2];
            }
            if (derivatives) {
                one("grad(sum(f))[y]", g[y], sum_y, extra_y);
                one("grad(sum(f))[z]", g[z], sum_z, extra_z);
            }
            if (fl.what != nullptr) {
                ++t.disagreements;
                if (!reported && t.disagreements <= 20) {
                    std::printf("\n---- ctdiff fuzz: disagreement in the tensor mode (seed %llu) ----\n",
                                (unsigned long long)Seed);
                    std::printf("// %s: ctdiff %.17g, reference %.21Lg, tolerance %.3Lg\n", fl.what, fl.got, fl.want.v,
                                tolerance(fl.want));
                    std::printf("// x is ctdiff::var<\"v\", ctdiff::shape<3>> = {%a, %a, %a}, y = %a, z = %a\n",
                                double(p[0][0]), double(p[1][0]), double(p[2][0]), double(y0), double(z0));
                    std::printf("constexpr auto f = %s;\n", spell(prog, root).c_str());
                }
                reported = true;
            }
        }
    }
}

template <std::uint64_t Base, std::uint64_t... I>
void check_seeds(tally& t, std::integer_sequence<std::uint64_t, I...>) {
    (check_seed<Base + I>(t), ...);
}
template <std::uint64_t Base, std::uint64_t... I>
void check_tensor_seeds(tally& t, std::integer_sequence<std::uint64_t, I...>) {
    (check_tensor_seed<Base + I>(t), ...);
}

}  // namespace fuzz
