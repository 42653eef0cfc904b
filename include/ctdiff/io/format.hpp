// ctdiff/io/format.hpp — numbers and tensor values as the printers (trace, to_dot, graph_view)
// write them.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

namespace ctdiff {

/// A number as the printers write it: NaN and infinities as "nan", "inf", "-inf"; a whole number
/// of magnitude below 10^15 in full without a decimal point ("1248", "-52"); anything else with
/// at most 6 significant digits (printf's %.6g: "0.622459", "1.5e-07"). -0 prints as "0".
template <class T>
std::string format_number(T value) {
    const double v = static_cast<double>(value);
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
    char buffer[64];
    if (v == 0) return "0";
    if (std::fabs(v) < 1e15 && std::nearbyint(v) == v) std::snprintf(buffer, sizeof buffer, "%.0f", v);
    else std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return buffer;
}

/// At most this many elements of a tensor are written out; larger tensors are summarised.
inline constexpr std::size_t values_written_in_full = 6;

/// The elements of a value (row-major) of shape `dims` as the printers write them: a scalar as
/// format_number does; a tensor of up to 6 elements in full, "[1, 2, 3]", a matrix row by row,
/// "[[1, 2], [3, 4]]"; a larger one as its shape and a summary, "[16: min -0.93, mean 0.0125,
/// max 0.88]", with NaN elements left out of the summary and counted (", 2 nan").
template <class T>
std::string format_values(const std::vector<T>& v, const std::vector<std::size_t>& dims) {
    if (dims.empty() && v.size() == 1) return format_number(v[0]);
    if (v.empty()) return "[]";
    std::string out = "[";
    if (v.size() <= values_written_in_full) {
        const bool matrix = dims.size() == 2 && dims[1] > 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (matrix && i % dims[1] == 0) out += i == 0 ? "[" : "], [";
            else if (i > 0) out += ", ";
            out += format_number(v[i]);
        }
        return out + (matrix ? "]]" : "]");
    }
    std::size_t nans = 0, counted = 0;
    T low{}, high{};
    for (const T& e : v) {
        if (e != e) {
            ++nans;
            continue;
        }
        low = counted == 0 || e < low ? e : low;
        high = counted == 0 || e > high ? e : high;
        ++counted;
    }
    // the mean, summed in at least double precision and scaled by the largest magnitude so that
    // finite elements never overflow; rounding cannot put it outside [min, max]
    using A = std::common_type_t<T, double>;
    const A largest = std::fmax(std::fabs(static_cast<A>(low)), std::fabs(static_cast<A>(high)));
    const A scale = std::isfinite(largest) && largest > 0 ? largest : A(1);
    A sum{};
    for (const T& e : v)
        if (e == e) sum += static_cast<A>(e) / scale;
    A mean = counted > 0 ? sum / static_cast<A>(counted) * scale : A(0);
    if (std::isfinite(largest)) mean = std::fmin(std::fmax(mean, static_cast<A>(low)), static_cast<A>(high));
    for (std::size_t i = 0; i < dims.size(); ++i) out += (i == 0 ? "" : "x") + std::to_string(dims[i]);
    out += ": ";
    if (counted > 0) {
        out += "min " + format_number(low) + ", mean " + format_number(mean) +
               ", max " + format_number(high);
        if (nans > 0) out += ", ";
    }
    if (nans > 0) out += std::to_string(nans) + " nan";
    return out + "]";
}

}  // namespace ctdiff
