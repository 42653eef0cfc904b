// ADOL-C, taped reverse mode, in its two usual forms:
// - adolc_replay: each problem is taped once (at its first call); every call then replays the
//   tape, a zero-order forward sweep (zos_forward, keeping the values) and a first-order reverse
//   sweep (fos_reverse). All inputs are independent variables, so the tape is valid at any point.
// - adolc_retape: every call records the tape again (trace_on with keep = 1, so the reverse
//   sweep can follow directly) and runs fos_reverse. Only the differentiated inputs are
//   independent; the others are plain values recorded as constants.
// The value alone: replay runs zos_forward without keeping values; retape records the tape.
//
// The networks P4-P6: in the replayed tape the parameters and the samples' inputs and targets
// are independent (any sample can be replayed); P5's class index is a constant of the tape (it
// selects a logit, which a tape cannot change), so that tape is valid for its one label. The
// re-taped version has the parameters alone independent. The gradient is the parameters' part.
#include <adolc/adolc.h>
#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <vector>

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
template <>
constexpr short tape<p4> = 4;
template <>
constexpr short tape<p5> = 5;
template <>
constexpr short tape<p6> = 6;
constexpr short retape_offset = 10;

template <class P>
constexpr bool is_network = requires { P::parameter_count; };

// The independent variables of the replayed tape: every input but P5's class index.
template <class P>
constexpr std::size_t replay_independents() {
    if constexpr (!is_network<P>) return P::inputs;
    else if constexpr (P::loss == mlp_loss_kind::softmax_cross_entropy) return P::inputs - P::batch;
    else return P::inputs;
}

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

// A network with the parameters and the samples independent (P5's class index a constant).
template <class P>
double record_network(short tag, int keep, const double* in) {
    trace_on(tag, keep);
    std::vector<adouble> x(P::inputs);
    for (std::size_t i = 0; i < P::inputs; ++i) {
        const bool class_index = P::loss == mlp_loss_kind::softmax_cross_entropy && i >= P::data &&
                                 (i - P::data) % P::sample_size == P::n_in;
        if (class_index) x[i] = in[i];
        else x[i] <<= in[i];
    }
    adouble f = mlp_function<P>(x.data(), x.data() + P::data, in + P::data);
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

// A network with only its parameters independent (the samples are constants on the tape).
template <class P>
double record_network_parameters_only(short tag, int keep, const double* in) {
    trace_on(tag, keep);
    std::vector<adouble> theta(P::parameter_count);
    for (std::size_t i = 0; i < P::parameter_count; ++i) theta[i] <<= in[i];
    adouble f = mlp_function<P>(theta.data(), in + P::data, in + P::data);
    double y = 0.0;
    f >>= y;
    trace_off();
    return y;
}

template <class P>
double record_retape(int keep, const double* in) {
    constexpr short tag = tape<P> + retape_offset;
    if constexpr (is_network<P>) return record_network_parameters_only<P>(tag, keep, in);
    else if constexpr (std::is_same_v<P, p2>) return record_p2_w_only(tag, keep, in);
    else return record_all_independent<P>(tag, keep, in);
}

// The replayed tape of P, recorded once at the first call (at the reference point).
template <class P>
void ensure_taped() {
    static const bool taped = [] {
        if constexpr (is_network<P>) record_network<P>(tape<P>, 0, P::point.data());
        else record_all_independent<P>(tape<P>, 0, P::point.data());
        return true;
    }();
    (void)taped;
}

template <class P>
void replay_grad(const double* in, double* out) {
    ensure_taped<P>();
    constexpr int n = static_cast<int>(replay_independents<P>());
    double y = 0.0;
    double weight = 1.0;
    if constexpr (is_network<P>) {
        // the gradient with respect to every independent, of which the parameters come first
        thread_local std::vector<double> g(replay_independents<P>());
        zos_forward(tape<P>, 1, n, 1, in, &y);
        fos_reverse(tape<P>, 1, n, &weight, g.data());
        std::copy_n(g.data(), P::gradient_size, out + 1);
        out[0] = y;
        return;
    } else {
        double g[P::inputs];
        zos_forward(tape<P>, 1, n, 1, in, &y);
        fos_reverse(tape<P>, 1, n, &weight, g);
        out[0] = y;
        if constexpr (std::is_same_v<P, p2>) out[1] = g[1];  // dL/dw
        else
            for (std::size_t i = 0; i < P::inputs; ++i) out[i + 1] = g[i];
    }
}
template <class P>
double replay_value(const double* in) {
    ensure_taped<P>();
    double y = 0.0;
    zos_forward(tape<P>, 1, static_cast<int>(replay_independents<P>()), 0, in, &y);
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

template <>
void grad<adolc_replay, p4>(const double* in, double* out) { replay_grad<p4>(in, out); }
template <>
double value<adolc_replay, p4>(const double* in) { return replay_value<p4>(in); }
template <>
void grad<adolc_replay, p5>(const double* in, double* out) { replay_grad<p5>(in, out); }
template <>
double value<adolc_replay, p5>(const double* in) { return replay_value<p5>(in); }
template <>
void grad<adolc_replay, p6>(const double* in, double* out) { replay_grad<p6>(in, out); }
template <>
double value<adolc_replay, p6>(const double* in) { return replay_value<p6>(in); }

template <>
void grad<adolc_retape, p4>(const double* in, double* out) { retape_grad<p4>(in, out); }
template <>
double value<adolc_retape, p4>(const double* in) { return record_retape<p4>(0, in); }
template <>
void grad<adolc_retape, p5>(const double* in, double* out) { retape_grad<p5>(in, out); }
template <>
double value<adolc_retape, p5>(const double* in) { return record_retape<p5>(0, in); }
template <>
void grad<adolc_retape, p6>(const double* in, double* out) { retape_grad<p6>(in, out); }
template <>
double value<adolc_retape, p6>(const double* in) { return record_retape<p6>(0, in); }

}  // namespace ctdiff_bench
