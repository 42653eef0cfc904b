// ctdiff/symbolic/canonical.hpp — canonical forms and `ctdiff::equal(a, b)`.
//
// `equal(a, b)` is a constexpr function, usable in `static_assert` on GCC and Clang. It reads
// both expression types once (a template walk), turns them into values — vectors of integers
// and rationals — brings those to a canonical form with ordinary algorithms and compares.
//
// The canonical form
// ------------------
// An expression becomes a Laurent polynomial with rational coefficients and rational exponents
// in *atoms*:
//   - variables (identified by type: name and shape) and named constants (pi, e);
//   - op(args...) for every op other than + - * / neg, exact powers and sqrt: sin, exp, log,
//     tanh, relu, pow(u, v) with an expression exponent, ... Its identity is the op and its
//     arguments, compared with this same equality: `sin(x + x)` and `sin(2_c * x)` are one atom.
//     An op with a `fold` whose arguments all reduce to exact constants is folded
//     (`abs((x + 1) - x)` is 1);
//   - [P]: a sum P (two or more terms) under a power that is not expanded — a negative
//     exponent (1/(x + 1) is [x + 1]^-1), a non-integer one (sqrt(x + 1) is [x + 1]^(1/2)), or an
//     integer one above `max_expanded_power` (8). Under an integer exponent P is scaled to
//     leading coefficient 1 (1/(2x + 2) is (1/2) [x + 1]^-1; 1/(1 - x) and -1/(x - 1) agree).
// Sums and products are flattened, terms and factors ordered, like terms collected; a / b is
// a b^-1, u - v is u + (-1) v, -u is (-1) u, sqrt(u) is u^(1/2); equal atoms combine,
// A^p A^q = A^(p+q), and an exponent 0 drops the factor; products of sums and powers of sums
// with integer exponents 1..8 are expanded, and so is the integer part (1..8) of [P]^r, r > 1.
// A power (c m)^r of one monomial c m with a non-integer r becomes c^r m^r only where that is an
// identity: c > 0 with c^r rational (sqrt(4x) is 2 sqrt(x)), and, for every factor A^e of m,
// e or e*r not an integer — then A >= 0 wherever both sides are defined. So (x^2)^(1/2), which
// is |x|, stays the atom [x^2]^(1/2), while sqrt(x)^2 is x and (x^(1/2))^(1/3) is x^(1/6).
// Comparison: a and b are equal when a - b is zero. Structurally equal forms are equal at once;
// otherwise every [P] with a negative exponent is cleared — a - b is multiplied by [P]^k, which
// is not zero where a - b is defined — and positive integer powers of every [P] are expanded
// (up to `max_zero_test_power`, 32), until the result is a Laurent polynomial in atoms
// that is zero exactly when it has no terms. Rational functions are thus compared by clearing
// denominators, with no polynomial gcd.
//
// What `equal` decides
// --------------------
// Sound: `equal(a, b)` is true only if a and b are the same real function wherever both are
// defined (take real values in exact arithmetic). This is the convention of the ops' own
// simplifications (u / u = 1, 0 u = 0; docs/design.md): x * x^-1 equals 1 although the left
// side is undefined at 0, (x^2 - 1) / (x - 1) equals x + 1, and sqrt(x)^2 equals x.
// Complete — false means "not the same function" — for rational functions over Q of variables
// and named constants (built with + - * / neg and integer powers, exponents up to 32 in
// magnitude for powers of sums); with atoms, complete as long as the atoms are algebraically
// independent, which is what equal assumes.
// Incomplete beyond that; `equal` answers false for, e.g.:
//   - identities of elementary functions: sin(x)^2 + cos(x)^2 vs 1, exp(a) exp(b) vs exp(a + b),
//     log(x^2) vs 2 log|x|, tanh(x) vs (exp(2x) - 1) / (exp(2x) + 1);
//   - non-integer powers of different bases: sqrt(2) sqrt(x) vs sqrt(2x), sqrt(2x^2 + 2) vs
//     sqrt(2) sqrt(x^2 + 1). (sqrt(x^2 + 2x + 1) vs x + 1 is false and right: it is |x + 1|.)
// An expression with a division by a polynomial that expands to 0 (x / (2x - x - x)) is
// undefined everywhere; `equal` answers false when either side contains one (unless a and b
// are the same type: identical types are always equal).
//
// Cost
// ----
// Constant evaluation is bounded by the compiler: Clang's -fconstexpr-steps (default 1048576
// per evaluation), GCC's -fconstexpr-ops-limit (default 2^33) and -fconstexpr-loop-limit
// (default 262144). Measured with Clang 14: each check in tests/static/equal_static.cpp (first
// and second derivatives of products, quotients and compositions of a few ops, a few dozen nodes
// per side) needs at most about 110,000 steps, a tenth of the default; so does a third
// derivative of x / (x + 1). Large expansions (a product of many sums, a high power of a sum
// with several terms) can exceed the default; raise it with `-fconstexpr-steps=<N>` (Clang's
// error says "constexpr evaluation hit maximum step limit"). At run time `equal` allocates
// (std::vector): it is meant for tests and tools, not for inner loops.
// Exact coefficients are ctdiff::rational: an overflow while canonicalising stops constant
// evaluation at `exact_constant_does_not_fit_in_int64_bind_a_named_parameter_instead`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/match.hpp"
#include "ctdiff/core/rational.hpp"
#include "ctdiff/ops/arithmetic.hpp"
#include "ctdiff/ops/power.hpp"

namespace ctdiff {

namespace detail::canon {

/// Positive integer powers of a sum up to this exponent are expanded in the canonical form;
/// higher ones stay atoms [P]^k.
inline constexpr std::int64_t max_expanded_power = 8;
/// The zero test expands positive integer powers of sums up to this exponent (and clears
/// denominators); beyond it `equal` answers false.
inline constexpr std::int64_t max_zero_test_power = 32;
/// Guard against runaway re-normalisation (it terminates; this makes sure of it).
inline constexpr int max_depth = 64;

// Note for maintainers: GCC 12 mis-evaluates `cond ? frac_a() : frac_b()` on class prvalues that
// own allocations ("use of allocated storage after deallocation"); write `if` statements.

/// A distinct object per type: its address identifies a leaf or an op during constant
/// evaluation (pointers to different objects compare unequal; no ordering is needed).
template <class T>
inline constexpr char type_tag = 0;
/// The head of [P] atoms: a sum under a power that is not expanded.
inline constexpr char power_base_tag = 0;

struct factor {
    int atom;
    rational exp;
};
struct term {
    rational coef;
    int mono;  // index into the context's monomials; 0 is the empty monomial (the constant 1)
};
/// A Laurent polynomial: terms sorted by monomial index, no zero coefficient, no monomial twice.
using poly = std::vector<term>;

struct mono_info {
    std::size_t begin;
    std::size_t size;
    std::uint64_t hash;
    std::int64_t min_base_floor;  // smallest floor(e) >= 1 over its [P]^e factors, else 0
};
struct atom_info {
    const void* head;
    std::size_t args_begin;
    std::size_t args_size;
};
struct memo_entry {
    const void* key;
    poly value;
};

inline constexpr std::uint64_t hash_seed = 0x243f6a8885a308d3ULL;
constexpr std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

/// The tables shared by both sides of one comparison. Atoms and monomials are interned, so an
/// index identifies one, and a polynomial sorted by monomial index is canonical. monos[0] is the
/// empty monomial, put there by equal_impl (a constructor would build std::vector's members in
/// every translation unit: see engine).
struct context {
    std::vector<factor> factors;  // the monomials' factors, sorted by atom within a monomial
    std::vector<mono_info> monos;
    std::vector<atom_info> atoms;
    std::vector<poly> args;  // the atoms' arguments
    std::vector<memo_entry> memo;
    bool failed = false;  // division by zero, or a limit reached: equal answers false
    int depth = 0;

    using poly_type = poly;
    using factor_list = std::vector<factor>;
    using poly_list = std::vector<poly>;
};

/// The algorithms of the canonical form over the tables Context (`context`), as static members
/// of a class template: a translation unit that includes ctdiff.hpp but never calls `equal`
/// instantiates none of them, nor the members of std::vector they use. (As inline functions
/// that were not templates, g++ built those members in every translation unit, about a
/// twentieth of what including <ctdiff/ctdiff.hpp> costs; docs/design.md, "Rules that keep
/// compile time down".)
template <class Context>
struct engine {
    // Every type below depends on Context, so that clang, which resolves a template's
    // non-dependent calls where it is defined, defers them too.
    using poly = typename Context::poly_type;
    using factor_list = typename Context::factor_list;
    using poly_list = typename Context::poly_list;

    static constexpr poly constant_poly(rational v) {
        if (v.is_zero()) return poly{};
        return poly{term{v, 0}};
    }
    static constexpr poly one_poly() { return poly{term{rational{1, 1}, 0}}; }
    static constexpr bool is_constant(const poly& p) {
        return p.empty() || (p.size() == 1 && p[0].mono == 0);
    }
    static constexpr rational constant_value(const poly& p) {
        if (p.empty()) return rational{0, 1};
        return p[0].coef;
    }
    static constexpr bool same(const poly& a, const poly& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i].mono != b[i].mono || !(a[i].coef == b[i].coef)) return false;
        return true;
    }
    static constexpr std::int64_t floor_of(rational r) {  // den > 0
        const std::int64_t q = r.num / r.den;
        return (r.num < 0 && q * r.den != r.num) ? q - 1 : q;
    }
    static constexpr bool is_base(const Context& c, int atom) {
        return c.atoms[static_cast<std::size_t>(atom)].head == &power_base_tag;
    }

    // ---- monomials ----------------------------------------------------------------------------------

    /// The index of the monomial with these factors (sorted by atom, no zero exponent).
    static constexpr int intern_mono(Context& c, const factor_list& fs) {
        std::uint64_t h = hash_seed;
        for (const factor& f : fs) {
            h = mix(h, static_cast<std::uint64_t>(f.atom));
            h = mix(h, static_cast<std::uint64_t>(f.exp.num));
            h = mix(h, static_cast<std::uint64_t>(f.exp.den));
        }
        const std::size_t n = c.monos.size();
        for (std::size_t i = 0; i < n; ++i) {
            const mono_info& m = c.monos[i];
            if (m.hash != h || m.size != fs.size()) continue;
            bool match = true;
            for (std::size_t j = 0; j < fs.size() && match; ++j) {
                const factor& g = c.factors[m.begin + j];
                match = g.atom == fs[j].atom && g.exp == fs[j].exp;
            }
            if (match) return static_cast<int>(i);
        }
        std::int64_t min_floor = 0;
        for (const factor& f : fs) {
            if (!is_base(c, f.atom)) continue;
            const std::int64_t fl = floor_of(f.exp);
            if (fl >= 1 && (min_floor == 0 || fl < min_floor)) min_floor = fl;
        }
        c.monos.push_back(mono_info{c.factors.size(), fs.size(), h, min_floor});
        for (const factor& f : fs) c.factors.push_back(f);
        return static_cast<int>(n);
    }

    static constexpr factor_list factors_of(const Context& c, int mono) {
        const mono_info m = c.monos[static_cast<std::size_t>(mono)];
        factor_list fs;
        fs.reserve(m.size);
        for (std::size_t j = 0; j < m.size; ++j) fs.push_back(c.factors[m.begin + j]);
        return fs;
    }

    static constexpr int mono_of_atom(Context& c, int atom, rational exp) {
        if (exp.is_zero()) return 0;
        return intern_mono(c, factor_list{factor{atom, exp}});
    }

    /// m1 m2: merge by atom, add exponents, drop zeros.
    static constexpr int mono_mul(Context& c, int a, int b) {
        if (a == 0) return b;
        if (b == 0) return a;
        const mono_info ma = c.monos[static_cast<std::size_t>(a)];
        const mono_info mb = c.monos[static_cast<std::size_t>(b)];
        factor_list out;
        out.reserve(ma.size + mb.size);
        std::size_t i = 0, j = 0;
        while (i < ma.size || j < mb.size) {
            if (j == mb.size ||
                (i < ma.size && c.factors[ma.begin + i].atom < c.factors[mb.begin + j].atom)) {
                out.push_back(c.factors[ma.begin + i++]);
            } else if (i == ma.size || c.factors[mb.begin + j].atom < c.factors[ma.begin + i].atom) {
                out.push_back(c.factors[mb.begin + j++]);
            } else {
                const rational e = c.factors[ma.begin + i].exp + c.factors[mb.begin + j].exp;
                if (!e.is_zero()) out.push_back(factor{c.factors[ma.begin + i].atom, e});
                ++i;
                ++j;
            }
        }
        return intern_mono(c, out);
    }

    /// m^r for r != 0: every exponent times r.
    static constexpr int mono_pow(Context& c, int a, rational r) {
        if (a == 0 || r.is_one()) return a;
        factor_list fs = factors_of(c, a);
        for (factor& f : fs) f.exp = f.exp * r;
        return intern_mono(c, fs);
    }

    // ---- polynomials (no expansion of [P] powers; see normalise) ------------------------------------

    static constexpr poly add(const poly& a, const poly& b) {
        if (a.empty()) return b;
        if (b.empty()) return a;
        poly out;
        out.reserve(a.size() + b.size());
        std::size_t i = 0, j = 0;
        while (i < a.size() || j < b.size()) {
            if (j == b.size() || (i < a.size() && a[i].mono < b[j].mono)) {
                out.push_back(a[i++]);
            } else if (i == a.size() || b[j].mono < a[i].mono) {
                out.push_back(b[j++]);
            } else {
                const rational s = a[i].coef + b[j].coef;
                if (!s.is_zero()) out.push_back(term{s, a[i].mono});
                ++i;
                ++j;
            }
        }
        return out;
    }

    static constexpr poly scale(poly p, rational k) {
        if (k.is_zero()) return poly{};
        if (k.is_one()) return p;
        for (term& t : p) t.coef = t.coef * k;
        return p;
    }

    /// p (coef m). Multiplying by a monomial is injective on monomials: only reordering is needed.
    static constexpr poly mul_term(Context& c, const poly& p, term t) {
        poly out;
        out.reserve(p.size());
        for (const term& s : p) {
            const term u{s.coef * t.coef, mono_mul(c, s.mono, t.mono)};
            std::size_t k = out.size();  // insertion sort: these polynomials are short
            out.push_back(u);
            while (k > 0 && out[k - 1].mono > u.mono) {
                out[k] = out[k - 1];
                --k;
            }
            out[k] = u;
        }
        return out;
    }

    static constexpr poly mul_raw(Context& c, const poly& a, const poly& b) {
        if (a.empty() || b.empty()) return poly{};
        const poly& small = a.size() <= b.size() ? a : b;
        const poly& large = a.size() <= b.size() ? b : a;
        poly out;
        for (const term& t : small) out = add(out, mul_term(c, large, t));
        return out;
    }

    // ---- normal form --------------------------------------------------------------------------------

    static constexpr bool reducible(const Context& c, int mono, std::int64_t cap) {
        const std::int64_t f = c.monos[static_cast<std::size_t>(mono)].min_base_floor;
        return f >= 1 && f <= cap;
    }

    static constexpr poly mul(Context& c, const poly& a, const poly& b, std::int64_t cap) {
        return normalise(c, mul_raw(c, a, b), cap);
    }

    /// p^k for 1 <= k, multiplied out.
    static constexpr poly expand_power(Context& c, const poly& p, std::int64_t k, std::int64_t cap) {
        poly out = p;
        for (std::int64_t i = 1; i < k && !c.failed; ++i) out = mul(c, out, p, cap);
        return out;
    }

    /// Expands every [P]^e with 1 <= floor(e) <= cap into P^floor(e) [P]^(e - floor(e)).
    static constexpr poly normalise(Context& c, poly p, std::int64_t cap) {
        bool any = false;
        for (const term& t : p) any = any || reducible(c, t.mono, cap);
        if (!any || c.failed) return p;
        if (++c.depth > max_depth) {
            c.failed = true;
            return poly{};
        }
        poly plain;
        std::vector<term> expand;
        for (const term& t : p) {
            if (reducible(c, t.mono, cap)) expand.push_back(t);
            else plain.push_back(t);
        }
        poly out = plain;
        for (const term& t : expand) {
            factor_list rest;
            factor_list powers;  // atom, integer part
            for (const factor& f : factors_of(c, t.mono)) {
                const std::int64_t fl = floor_of(f.exp);
                if (is_base(c, f.atom) && fl >= 1 && fl <= cap) {
                    powers.push_back(factor{f.atom, rational{fl, 1}});
                    const rational frac = f.exp - rational{fl, 1};
                    if (!frac.is_zero()) rest.push_back(factor{f.atom, frac});
                } else {
                    rest.push_back(f);
                }
            }
            poly part{term{t.coef, intern_mono(c, rest)}};
            for (const factor& f : powers) {
                const poly base = c.args[c.atoms[static_cast<std::size_t>(f.atom)].args_begin];
                part = mul(c, part, expand_power(c, base, f.exp.num, cap), cap);
            }
            out = add(out, part);
        }
        out = normalise(c, std::move(out), cap);
        --c.depth;
        return out;
    }

    /// The index of the atom head(args...); arguments are compared with `equivalent`.
    static constexpr int intern_atom(Context& c, const void* head, poly_list args) {
        for (std::size_t i = 0; i < c.atoms.size(); ++i) {
            const atom_info a = c.atoms[i];
            if (a.head != head || a.args_size != args.size()) continue;
            bool match = true;
            for (std::size_t j = 0; j < args.size() && match; ++j) {
                const poly stored = c.args[a.args_begin + j];
                match = equivalent(c, stored, args[j]);
            }
            if (match) return static_cast<int>(i);
        }
        c.atoms.push_back(atom_info{head, c.args.size(), args.size()});
        for (poly& p : args) c.args.push_back(std::move(p));
        return static_cast<int>(c.atoms.size() - 1);
    }

    /// coef [p]^r as a polynomial (one term), then normalised.
    static constexpr poly base_power(Context& c, rational coef, const poly& p, rational r, std::int64_t cap) {
        const int atom = intern_atom(c, &power_base_tag, poly_list{p});
        return normalise(c, poly{term{coef, mono_of_atom(c, atom, r)}}, cap);
    }

    /// The exact b-th root of v >= 0 when it is an integer, else -1.
    static constexpr std::int64_t exact_root(std::int64_t v, std::int64_t b) {
        if (v < 2 || b == 1) return v;
        std::int64_t lo = 1, hi = v;
        while (lo <= hi) {
            const std::int64_t mid = lo + (hi - lo) / 2;
            std::int64_t acc = 1;  // mid^b, compared with v without overflow
            bool above = false;
            for (std::int64_t i = 0; i < b && !above; ++i) {
                if (acc > v / mid) above = true;
                else acc *= mid;
            }
            if (!above && acc == v) return mid;
            if (above || acc > v) hi = mid - 1;
            else lo = mid + 1;
        }
        return -1;
    }

    /// c^r for a rational c > 0 and rational r when it is rational: {true, value}.
    static constexpr std::pair<bool, rational> rational_power(rational v, rational r) {
        if (v.num <= 0) return {false, rational{}};
        const std::int64_t p = exact_root(v.num, r.den);
        const std::int64_t q = exact_root(v.den, r.den);
        if (p < 0 || q < 0) return {false, rational{}};
        return {true, pow(rational::make(p, q), r.num)};
    }

    /// p^r for an exact rational r (pow_const, sqrt, division).
    static constexpr poly power(Context& c, const poly& p, rational r, std::int64_t cap) {
        if (r.is_zero()) return one_poly();  // u^0 = 1, as op::pow_const::simplify has it
        if (r.is_one()) return p;
        if (p.empty()) {
            if (r.is_negative()) c.failed = true;  // 0^r with r < 0: undefined
            return poly{};
        }
        if (p.size() == 1) {  // one monomial: (coef m)^r = coef^r m^r where that is an identity
            const term t = p[0];
            bool ok = true;
            rational coef = t.coef;
            if (r.is_integer()) {
                coef = pow(t.coef, r.num);
            } else {
                const auto [exact, value] = rational_power(t.coef, r);
                ok = exact;
                coef = value;
                const mono_info m = c.monos[static_cast<std::size_t>(t.mono)];
                for (std::size_t j = 0; j < m.size && ok; ++j) {
                    const rational e = c.factors[m.begin + j].exp;
                    ok = !e.is_integer() || !(e * r).is_integer();
                }
            }
            if (ok) return normalise(c, poly{term{coef, mono_pow(c, t.mono, r)}}, cap);
            return base_power(c, rational{1, 1}, p, r, cap);
        }
        if (r.is_integer() && r.num >= 1 && r.num <= cap) return expand_power(c, p, r.num, cap);
        // A sum under a power that stays: scale it to leading coefficient 1 where the factor comes
        // out exactly (always for an integer r): (lead P')^r = lead^r P'^r.
        const rational lead = p[0].coef;
        if (r.is_integer()) return base_power(c, pow(lead, r.num), scale(p, rational{1, 1} / lead), r, cap);
        const auto [exact, value] = rational_power(lead, r);
        if (exact) return base_power(c, value, scale(p, rational{1, 1} / lead), r, cap);
        return base_power(c, rational{1, 1}, p, r, cap);
    }

    /// True when p is the zero function where defined: clear [P] denominators, expand, look.
    static constexpr bool is_zero(Context& c, poly p) {
        p = normalise(c, std::move(p), max_zero_test_power);
        for (int round = 0; round < max_depth && !c.failed; ++round) {
            if (p.empty()) return true;
            // The most negative exponent of each [P] over all terms.
            factor_list clear;
            for (const term& t : p) {
                for (const factor& f : factors_of(c, t.mono)) {
                    if (!is_base(c, f.atom) || !f.exp.is_negative()) continue;
                    bool found = false;
                    for (factor& g : clear) {
                        if (g.atom == f.atom) {
                            found = true;
                            if (f.exp < g.exp) g.exp = f.exp;
                        }
                    }
                    if (!found) clear.push_back(f);
                }
            }
            if (clear.empty()) return false;  // a Laurent polynomial in atoms with terms
            for (std::size_t i = 1; i < clear.size(); ++i)  // sort by atom
                for (std::size_t k = i; k > 0 && clear[k - 1].atom > clear[k].atom; --k)
                    std::swap(clear[k - 1], clear[k]);
            for (factor& f : clear) f.exp = -f.exp;
            p = normalise(c, mul_term(c, p, term{rational{1, 1}, intern_mono(c, clear)}),
                          max_zero_test_power);
        }
        c.failed = true;
        return false;
    }

    static constexpr bool equivalent(Context& c, const poly& a, const poly& b) {
        if (same(a, b)) return true;
        const bool zero = is_zero(c, add(a, scale(b, rational{-1, 1})));
        return zero && !c.failed;
    }
};

// ---- from expression types to canonical values --------------------------------------------------

template <class T>
inline constexpr rational any_rational{};

template <class Op, class... Args>
concept foldable = requires { Op::fold(any_rational<Args>...); };

template <class E, class Context>
constexpr poly build(Context& c);

template <class Op, class... Args, class Context, std::size_t... I>
constexpr poly build_function(Context& c, std::index_sequence<I...>) {
    using algorithms = engine<Context>;
    std::vector<poly> args;
    (args.push_back(build<Args>(c)), ...);  // a fold over `,`: left to right
    if constexpr (foldable<Op, Args...>) {
        if ((algorithms::is_constant(args[I]) && ...))
            return algorithms::constant_poly(Op::fold(algorithms::constant_value(args[I])...));
    }
    const int atom = algorithms::intern_atom(c, &type_tag<Op>, std::move(args));
    return poly{term{rational{1, 1}, algorithms::mono_of_atom(c, atom, rational{1, 1})}};
}

/// Argument I of an op with algebraic form F as it enters the sum (w_I a_I) or the product (a_I^w_I).
template <algebraic_form F, std::size_t I, class Context>
constexpr poly weighted(Context& c, poly p) {
    using algorithms = engine<Context>;
    constexpr rational w = F.weights[I];
    if constexpr (w == rational{1, 1}) return p;
    else if constexpr (F.kind == algebraic_form::linear) return algorithms::scale(p, w);
    else return algorithms::power(c, p, w, max_expanded_power);
}

template <class E>
struct node_builder;

template <class Op, class... Args>
struct node_builder<expr<Op, Args...>> {
    using node = expr<Op, Args...>;
    template <class Context>
    static constexpr poly run(Context& c) {
        using algorithms = engine<Context>;
        constexpr std::int64_t cap = max_expanded_power;
        if constexpr (has_algebraic_form<Op>) {
            // + - * / unary -, sqrt and exact powers: operations of the canonical form itself
            constexpr algebraic_form form = Op::algebra;
            if constexpr (sizeof...(Args) == 1) {
                return weighted<form, 0>(c, build<child_t<0, node>>(c));
            } else {
                const poly a = weighted<form, 0>(c, build<child_t<0, node>>(c));
                const poly b = weighted<form, 1>(c, build<child_t<1, node>>(c));
                if constexpr (form.kind == algebraic_form::linear) return algorithms::add(a, b);
                else return algorithms::mul(c, a, b, cap);
            }
        } else if constexpr (requires { Op::canonical(Args{}...); }) {
            // the op says what it is in terms of others (xlogy(a, b) is a log b where defined)
            return build<decltype(Op::canonical(Args{}...))>(c);
        } else {
            return build_function<Op, Args...>(c, std::index_sequence_for<Args...>{});
        }
    }
};

template <class E, class Context>
constexpr poly build(Context& c) {
    using algorithms = engine<Context>;
    if constexpr (constant_node<E>) {
        return algorithms::constant_poly(E::value);
    } else if constexpr (variable_node<E> || named_constant_node<E>) {
        const int atom = algorithms::intern_atom(c, &type_tag<E>, std::vector<poly>{});
        return poly{term{rational{1, 1}, algorithms::mono_of_atom(c, atom, rational{1, 1})}};
    } else {
        // Derivatives share subexpressions (identical types): canonicalise each once.
        const void* key = &type_tag<E>;
        for (const memo_entry& m : c.memo)
            if (m.key == key) return m.value;
        poly value = node_builder<E>::run(c);
        c.memo.push_back(memo_entry{key, value});
        return value;
    }
}

/// (Context is a template parameter so that every call into the engine depends on it: clang
/// instantiates a constexpr function named by a non-dependent call where the template is defined.)
template <class A, class B, class Context = context>
constexpr bool equal_impl() {
    Context c;
    c.monos.push_back(mono_info{0, 0, hash_seed, 0});  // the empty monomial, index 0
    const poly a = build<A>(c);
    const poly b = build<B>(c);
    if (c.failed) return false;
    return engine<Context>::equivalent(c, a, b);
}

}  // namespace detail::canon

/// Canonical-form equality: true when a and b are the same rational function of their atoms
/// (variables, named constants, non-polynomial nodes such as sin(u) compared by their
/// arguments). Sound: true only if a and b agree wherever both are defined. Complete for
/// rational functions; sin(x)^2 + cos(x)^2 is not recognised as 1. See the top of
/// ctdiff/symbolic/canonical.hpp and docs/symbolic.md for exactly what is decided.
/// `static_assert(ctdiff::equal(ctdiff::d(pow(3_c * x + 1_c, 2_c), x), 18_c * x + 6_c));`
template <expression A, expression B>
[[nodiscard]] constexpr bool equal(A, B) {
    using a_type = std::remove_cvref_t<A>;
    using b_type = std::remove_cvref_t<B>;
    if constexpr (std::is_same<a_type, b_type>::value) return true;
    else return detail::canon::equal_impl<a_type, b_type>();
}

}  // namespace ctdiff
