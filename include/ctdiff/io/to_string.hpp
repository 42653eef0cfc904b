// ctdiff/io/to_string.hpp — readable infix text and LaTeX for expressions.
//
// to_string(d(pow(3_c * x + 1_c, 2_c), x)) is "6*(3*x + 1)"; to_latex of it "6 \left(3 x + 1\right)".
// Parentheses appear only where precedence needs them; each op's `print` notation (symbol, LaTeX
// symbol, precedence) says how it prints, so a new op prints without touching this file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ctdiff/core/expr.hpp"
#include "ctdiff/core/match.hpp"
#include "ctdiff/core/notation.hpp"

namespace ctdiff {

namespace detail {

enum class print_style { text, latex };

inline void append_integer(std::string& out, std::int64_t v) {
    if (v < 0) {
        out += '-';
        // -(v + 1) + 1 avoids overflow for the most negative value
        const auto magnitude = static_cast<std::uint64_t>(-(v + 1)) + 1u;
        out += std::to_string(magnitude);
    } else {
        out += std::to_string(v);
    }
}

inline void append_rational(std::string& out, rational r, print_style style) {
    if (style == print_style::latex && !r.is_integer()) {
        if (r.is_negative()) out += '-';
        out += "\\frac{";
        append_integer(out, r.num < 0 ? -r.num : r.num);
        out += "}{";
        append_integer(out, r.den);
        out += '}';
        return;
    }
    append_integer(out, r.num);
    if (!r.is_integer()) {
        out += '/';
        append_integer(out, r.den);
    }
}

/// How tightly an expression binds when printed; decides where parentheses go.
template <class E>
constexpr int precedence_of(print_style style) {
    if constexpr (constant_node<E>) {
        if (E::value.is_negative()) return precedence::unary;
        if (!E::value.is_integer() && style == print_style::text) return precedence::product;
        return precedence::atom;
    } else if constexpr (expr_node<E>) {
        constexpr notation n = detail::notation_of<typename E::op_type>();
        if (style == print_style::latex && n.layout == latex_layout::fraction) return precedence::atom;
        return n.precedence;
    } else {
        return precedence::atom;
    }
}

template <class E>
void print(std::string& out, print_style style);

template <class E>
void print_wrapped(std::string& out, print_style style, bool parenthesise) {
    if (!parenthesise) {
        print<E>(out, style);
        return;
    }
    out += style == print_style::latex ? "\\left(" : "(";
    print<E>(out, style);
    out += style == print_style::latex ? "\\right)" : ")";
}

inline void print_name(std::string& out, std::string_view name, print_style style) {
    if (style == print_style::latex && name.size() > 1) {
        out += "\\mathit{";
        out += name;
        out += '}';
    } else {
        out += name;
    }
}

template <class Op, class A, class B>
void print_infix(std::string& out, print_style style) {
    constexpr notation n = detail::notation_of<Op>();
    const int p = n.precedence;
    if (style == print_style::latex && n.layout == latex_layout::fraction) {
        out += "\\frac{";
        print<A>(out, style);
        out += "}{";
        print<B>(out, style);
        out += '}';
        return;
    }
    print_wrapped<A>(out, style, precedence_of<A>(style) < p);
    // u + (-2) prints as u - 2
    if constexpr (!n.negative_right.empty() && constant_node<B>) {
        if constexpr (B::value.is_negative()) {
            out += ' ';
            out += n.negative_right;
            out += ' ';
            print<constant<-B::value>>(out, style);
            return;
        }
    }
    const bool right_needs_parens = precedence_of<B>(style) < p || (precedence_of<B>(style) == p && !n.associative);
    if (p <= precedence::sum) {  // sums, comparisons and logical operators: spaced
        out += ' ';
        out += style == print_style::latex ? n.latex : n.symbol;
        out += ' ';
    } else if (style == print_style::latex) {
        // A product is written as juxtaposition ("3 x", "w x", "2 \left(x + 1\right)", "x \sin\left(x\right)")
        // unless the right factor starts with a number, a sign or a fraction, which would read as
        // part of the left one: "x \cdot 2", "x \cdot \frac{1}{y}".
        std::string right;
        print_wrapped<B>(right, style, right_needs_parens);
        const bool number_next = right.empty() || (right[0] >= '0' && right[0] <= '9') || right[0] == '-' ||
                                 right[0] == '.' || std::string_view(right).substr(0, 5) == "\\frac";
        if (n.layout == latex_layout::juxtaposition && !number_next) {
            out += ' ';
        } else {
            out += ' ';
            out += n.latex;
            out += ' ';
        }
        out += right;
        return;
    } else {
        out += n.symbol;
    }
    print_wrapped<B>(out, style, right_needs_parens);
}

template <class E>
void print(std::string& out, print_style style) {
    if constexpr (variable_node<E>) {
        print_name(out, E::name.view(), style);
    } else if constexpr (constant_node<E>) {
        append_rational(out, E::value, style);
    } else if constexpr (named_constant_node<E>) {
        out += style == print_style::latex ? E::tag::latex : E::tag::name;
    } else {
        static_assert(expr_node<E>, "ctdiff::to_string: not an expression");
        using Op = typename E::op_type;
        constexpr notation n = detail::notation_of<Op>();
        if constexpr (n.form == fixity::infix) {
            print_infix<Op, child_t<0, E>, child_t<1, E>>(out, style);
        } else if constexpr (n.form == fixity::prefix) {
            out += style == print_style::latex ? n.latex : n.symbol;
            print_wrapped<child_t<0, E>>(out, style, precedence_of<child_t<0, E>>(style) < n.precedence);
        } else if constexpr (n.form == fixity::power) {
            using base = child_t<0, E>;
            print_wrapped<base>(out, style, precedence_of<base>(style) <= n.precedence);
            out += '^';
            if (style == print_style::latex) out += '{';
            if constexpr (requires { Op::exponent; }) {
                constexpr rational r = Op::exponent;
                const bool simple = r.is_integer() && !r.is_negative();
                if (style == print_style::text && !simple) out += '(';
                append_rational(out, r, style);
                if (style == print_style::text && !simple) out += ')';
            } else {
                using exponent = child_t<1, E>;
                print_wrapped<exponent>(out, style,
                                        style == print_style::text && precedence_of<exponent>(style) < precedence::atom);
            }
            if (style == print_style::latex) out += '}';
        } else {  // function call
            if (style == print_style::latex && n.layout == latex_layout::root) {
                out += "\\sqrt{";
                print<child_t<0, E>>(out, style);
                out += '}';
                return;
            }
            if (style == print_style::latex && n.latex.empty()) {  // an op that gave only its name
                out += "\\operatorname{";
                out += n.symbol;
                out += '}';
            } else {
                out += style == print_style::latex ? n.latex : n.symbol;
            }
            out += style == print_style::latex ? "\\left(" : "(";
            [&]<class... Args>(expr<Op, Args...>*) {
                bool first = true;
                ((out += first ? "" : ", ", first = false, print<Args>(out, style)), ...);
            }(static_cast<E*>(nullptr));
            out += style == print_style::latex ? "\\right)" : ")";
        }
    }
}

}  // namespace detail

/// Readable infix text with minimal parentheses: "6*(3*x + 1)", "1 - tanh(x)^2".
template <expression E>
std::string to_string(E) {
    std::string out;
    detail::print<std::remove_cvref_t<E>>(out, detail::print_style::text);
    return out;
}

/// LaTeX for math mode: "6 \left(3 x + 1\right)", "\frac{1}{x}", "\sqrt{x}".
template <expression E>
std::string to_latex(E) {
    std::string out;
    detail::print<std::remove_cvref_t<E>>(out, detail::print_style::latex);
    return out;
}

}  // namespace ctdiff
