// expect-error: f must map every entry to an entry of its shape
// hana::transform on a gradient keeps its variables, so each entry must keep its shape: a
// function that turns a tensor entry into a number asks for hana::members(g) instead.
#include <boost/hana/members.hpp>
#include <boost/hana/transform.hpp>
#include <type_traits>
#include <ctdiff/ctdiff.hpp>
#include <ctdiff/hana.hpp>
constexpr auto x = ctdiff::var<"x">;
constexpr auto v = ctdiff::var<"v", ctdiff::shape<3>>;
constexpr ctdiff::tensor<double, ctdiff::shape<3>> value{{1, 2, 3}};
constexpr auto first_element = [](const auto& e) -> double {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(e)>, double>) return e;
    else return e.data()[0];
};
double first_entries() {
    const auto g = ctdiff::grad(x * ctdiff::sum(v), ctdiff::wrt(x, v), x = 2.0, v = value);
#ifdef CTDIFF_EXPECT_FAIL
    const auto firsts = boost::hana::transform(g, first_element);
#else
    const auto firsts = boost::hana::transform(boost::hana::members(g), first_element);
#endif
    return static_cast<double>(sizeof firsts);
}
