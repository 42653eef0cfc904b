// ADOL-C, taped reverse mode, in its two usual forms:
// - adolc_replay: each problem is taped once (at its first call); every call then replays the
//   tape, a zero-order forward sweep (zos_forward, keeping the values) and a first-order reverse
//   sweep (fos_reverse). All inputs are independent variables, so the tape is valid at any point.
// - adolc_retape: every call records the tape again (trace_on with keep = 1, so the reverse
//   sweep can follow directly) and runs fos_reverse. Only the differentiated inputs are
//   independent; the others are plain values recorded as constants.
// The value alone: replay runs zos_forward without keeping values; retape records the tape.
#include <adolc/adolc.h>
#include <cstddef>
#include <type_traits>

#include "formulas.hpp"
#include "problems.hpp"

namespace ctdiff_bench {

namespace {

// Tape numbers: 1..3 replayed, 11..13 recorded at every call.
template <class P>
constexpr short tape = 0;
template <>
constexpr short tape<p1> = 1;
template <>
constexpr short tape<p2> = 2;
template <>
constexpr short tape<p3> = 3;
constexpr short retape_offset = 10;

// Record problem P with every input independent; returns f's value at `in`.
template <class P>
double record_all_independent(short tag, int keep, const double* in) {
    trace_on(tag, keep);
    adouble x[P::inputs];
    for (std::size_t i = 0; i < P::inputs; ++i) x[i] <<= in[i];
    adouble f;
    if constexpr (std::is_same_v<P, p1>) f = p1_function(x[0], x[1], x[2]);
    else if constexpr (std::is_same_v<P, p2>) f = p2_function(x[0], x[1], x[2]);
    else f = p3_function(x);
    double y = 0.0;
    f >>= y;
    trace_off();
    return y;
}

// P2 with only w independent (x and t are constants on the tape).
double record_p2_w_only(short tag, int keep, const double* in) {
    trace_on(tag, keep);
    adouble w;
    w <<= in[1];
    adouble f = p2_function(in[0], w, in[2]);
    double y = 0.0;
    f >>= y;
    trace_off();
    return y;
}

template <class P>
double record_retape(int keep, const double* in) {
    constexpr short tag = tape<P> + retape_offset;
    if constexpr (std::is_same_v<P, p2>) return record_p2_w_only(tag, keep, in);
    else return record_all_independent<P>(tag, keep, in);
}

// The replayed tape of P, recorded once at the first call (at the reference point).
template <class P>
void ensure_taped() {
    static const bool taped = (record_all_independent<P>(tape<P>, 0, P::point.data()), true);
    (void)taped;
}

template <class P>
void replay_grad(const double* in, double* out) {
    ensure_taped<P>();
    constexpr int n = static_cast<int>(P::inputs);
    double y = 0.0;
    double weight = 1.0;
    double g[P::inputs];
    zos_forward(tape<P>, 1, n, 1, in, &y);
    fos_reverse(tape<P>, 1, n, &weight, g);
    out[0] = y;
    if constexpr (std::is_same_v<P, p2>) out[1] = g[1];  // dL/dw
    else
        for (std::size_t i = 0; i < P::inputs; ++i) out[i + 1] = g[i];
}
template <class P>
double replay_value(const double* in) {
    ensure_taped<P>();
    double y = 0.0;
    zos_forward(tape<P>, 1, static_cast<int>(P::inputs), 0, in, &y);
    return y;
}

template <class P>
void retape_grad(const double* in, double* out) {
    out[0] = record_retape<P>(1, in);
    double weight = 1.0;
    fos_reverse(tape<P> + retape_offset, 1, static_cast<int>(P::gradient_size), &weight, out + 1);
}

}  // namespace

template <>
void grad<adolc_replay, p1>(const double* in, double* out) { replay_grad<p1>(in, out); }
template <>
void grad<adolc_replay, p2>(const double* in, double* out) { replay_grad<p2>(in, out); }
template <>
void grad<adolc_replay, p3>(const double* in, double* out) { replay_grad<p3>(in, out); }
template <>
double value<adolc_replay, p1>(const double* in) { return replay_value<p1>(in); }
template <>
double value<adolc_replay, p2>(const double* in) { return replay_value<p2>(in); }
template <>
double value<adolc_replay, p3>(const double* in) { return replay_value<p3>(in); }

template <>
void grad<adolc_retape, p1>(const double* in, double* out) { retape_grad<p1>(in, out); }
template <>
void grad<adolc_retape, p2>(const double* in, double* out) { retape_grad<p2>(in, out); }
template <>
void grad<adolc_retape, p3>(const double* in, double* out) { retape_grad<p3>(in, out); }
template <>
double value<adolc_retape, p1>(const double* in) { return record_retape<p1>(0, in); }
template <>
double value<adolc_retape, p2>(const double* in) { return record_retape<p2>(0, in); }
template <>
double value<adolc_retape, p3>(const double* in) { return record_retape<p3>(0, in); }

}  // namespace ctdiff_bench
