// The law suite over the op registry (ctdiff/ops/registry.hpp): every op of the library is
// checked by the laws of its kind (tests/support/laws.hpp), and an op struct in ctdiff/ops/
// that the registry does not list fails the test `every_op_is_registered`.
#define BOOST_TEST_MODULE ctdiff_laws
#include "../support/laws.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <typeinfo>

namespace {

using ctdiff::type_list;
using ctdiff::registry::law;
using laws::x;
using laws::y;
using laws::z;

/// The op's name as written in ctdiff::op: "exp", "pow_const", "at".
template <class Op>
std::string op_name() {
    int status = 0;
    const std::unique_ptr<char, void (*)(void*)> full{abi::__cxa_demangle(typeid(Op).name(), nullptr, nullptr, &status),
                                                      std::free};
    std::string s = status == 0 ? full.get() : typeid(Op).name();
    const std::string prefix = "ctdiff::op::";
    if (s.rfind(prefix, 0) == 0) s = s.substr(prefix.size());
    return s.substr(0, s.find('<'));
}

template <class Op, class... Args>
constexpr auto node(Args... args) {
    return ctdiff::detail::make<Op>(args...);
}

template <class Op, class... Shapes>
void tensor_laws(type_list<Shapes...>) {
    laws::check_tensor<Op, Shapes...>(op_name<Op>());
}

template <class Entry, class... Interval>
void run_scalar(type_list<Interval...>) {
    using Op = typename Entry::op;
    const std::string name = op_name<Op>() + " (" + std::to_string(sizeof...(Interval)) + " arguments)";
    constexpr std::size_t n = sizeof...(Interval);
    const auto vars = [] {
        if constexpr (n == 1) return std::tuple{x};
        else if constexpr (n == 2) return std::tuple{x, y};
        else return std::tuple{x, y, z};
    }();
    const auto f = std::apply(
        [](auto... v) {
            if constexpr (requires { typename Entry::builder; }) return Entry::builder::make(v...);
            else return node<Op>(v...);
        },
        vars);
    if constexpr (Entry::kind == law::smooth) {
        laws::check_smooth<Interval...>(name, f, vars);
        if constexpr (n == 1) laws::check_elementwise<Interval...>(name, [](auto v) { return node<Op>(v); });
    } else if constexpr (Entry::kind == law::constant) {
        laws::check_constant<false, Interval...>(name, f, vars);
        if constexpr (n == 1) laws::check_elementwise<Interval...>(name, [](auto v) { return node<Op>(v); });
    } else if constexpr (Entry::kind == law::condition) {
        laws::check_constant<true, Interval...>(name, f, vars);
    } else {  // a branch: select(x > 0, y, z) is y or z, and so are its derivatives
        const auto g = node<Op>(node<ctdiff::op::greater>(x, ctdiff::constant<ctdiff::rational{0, 1}>{}), y, z);
        laws::check_smooth<Interval...>(name, g, std::tuple{x, y, z}, 25, 1, false);
        laws::random r{5};
        for (int k = 0; k < 25; ++k) {
            const double a = r.draw<ctdiff::registry::real>(), b = r.unit(), c = r.unit();
            const auto gr = ctdiff::grad(g, ctdiff::wrt(x, y, z), x = a, y = b, z = c);
            BOOST_TEST(g(x = a, y = b, z = c) == (a > 0 ? b : c));
            BOOST_TEST(gr[y] == (a > 0 ? 1.0 : 0.0));
            BOOST_TEST(gr[z] == (a > 0 ? 0.0 : 1.0));
            BOOST_TEST(gr[x] == 0.0);
        }
    }
}

template <class... Entries>
void run_scalars(type_list<Entries...>) {
    (run_scalar<Entries>(typename Entries::arguments{}), ...);
}

}  // namespace

BOOST_AUTO_TEST_CASE(scalar_ops_obey_their_laws) {
    run_scalars(ctdiff::registry::scalar_ops{});
}

namespace {
template <class... Entries>
void run_tensors(type_list<Entries...>) {
    (tensor_laws<typename Entries::op>(typename Entries::shapes{}), ...);
}
}  // namespace

BOOST_AUTO_TEST_CASE(tensor_ops_obey_their_laws) {
    run_tensors(ctdiff::registry::tensor_ops{});
}

namespace {
template <class... Entries>
std::set<std::string> names_of(type_list<Entries...>) {
    return {op_name<typename Entries::op>()...};
}
}  // namespace

// Every struct in namespace ctdiff::op of include/ctdiff/ops/*.hpp that says how it prints (an
// op, not a helper) is in the registry.
BOOST_AUTO_TEST_CASE(every_op_is_registered) {
    std::set<std::string> registered = names_of(ctdiff::registry::scalar_ops{});
    registered.merge(names_of(ctdiff::registry::tensor_ops{}));
    const std::regex struct_line(R"(^struct (\w+)\b.*\{)");
    std::size_t found = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(CTDIFF_SOURCE_DIR) + "/include/ctdiff/ops")) {
        std::ifstream in(entry.path());
        std::string line, current;
        bool in_op_namespace = false;
        while (std::getline(in, line)) {
            if (line == "namespace op {") in_op_namespace = true;
            if (line == "}  // namespace op") in_op_namespace = false;
            std::smatch m;
            if (std::regex_search(line, m, struct_line)) current = m[1];
            if (in_op_namespace && !current.empty() && line.find("notation print{") != std::string::npos) {
                ++found;
                BOOST_TEST(registered.count(current) == 1,
                           "op::" << current << " (" << entry.path().filename().string()
                                  << ") is not in ctdiff/ops/registry.hpp: add it there, with the arguments its laws hold on");
            }
        }
    }
    BOOST_TEST(found >= 60);  // the scan found the ops (it reads the headers it should)
}
