// Constant evaluation of the ops that choose between values (ctdiff::where: `?:` for scalars, a
// blend for packs), at the inputs where computing both choices could be an error in a constant
// expression: overflow at a tie of max / min, NaN arithmetic, a division by 0 in the form not
// taken (Rodrigues' coefficients at |aa| = pi, where 1 + cos theta = 0).
#include <bit>
#include <ctdiff/ctdiff.hpp>
#include <limits>

namespace {

using namespace ctdiff::literals;
using ctdiff::shape;
using ctdiff::tensor;

constexpr auto x = ctdiff::var<"x">;
constexpr auto y = ctdiff::var<"y">;
constexpr double big = std::numeric_limits<double>::max();
constexpr float big_f = std::numeric_limits<float>::max();
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// ties: the value itself, and C's fmax / fmin signs at zeros
static_assert(ctdiff::max(x, y)(x = big, y = big) == big);
static_assert(ctdiff::min(x, y)(x = -big, y = -big) == -big);
static_assert(ctdiff::max(x, y)(x = big_f, y = big_f) == big_f);
static_assert(ctdiff::max(x, y)(x = inf, y = inf) == inf);
constexpr bool negative(double v) { return (std::bit_cast<unsigned long long>(v) >> 63) != 0; }
static_assert(!negative(ctdiff::max(x, y)(x = -0.0, y = 0.0)));
static_assert(negative(ctdiff::min(x, y)(x = 0.0, y = -0.0)));
static_assert(ctdiff::max(x, y)(x = -inf, y = inf) == inf);
constexpr double max_nan = ctdiff::max(x, y)(x = nan, y = 1.0);
static_assert(max_nan != max_nan);

// relu, step, sign at NaN and the infinities
constexpr double relu_nan = ctdiff::relu(x)(x = nan);
static_assert(relu_nan != relu_nan);
static_assert(ctdiff::relu(x)(x = -inf) == 0.0 && ctdiff::step(x)(x = inf) == 1.0 && ctdiff::sign(x)(x = -inf) == -1.0);

// xlogy: 0 where x = 0 (also at y = 0), NaN where y is NaN
static_assert(ctdiff::xlogy(x, y)(x = 0.0, y = 0.0) == 0.0);
constexpr double xlogy_nan = ctdiff::xlogy(x, y)(x = 0.0, y = nan);
static_assert(xlogy_nan != xlogy_nan);

// Rodrigues at |aa| = pi: R X is -X + 2 (k . X) k / |k|^2; about the z axis, (1, 2, 3) -> (-1, -2, 3)
constexpr auto aa = ctdiff::var<"aa", shape<3>>;
constexpr auto X = ctdiff::var<"X", shape<3>>;
constexpr auto half_turn = ctdiff::evaluate(ctdiff::angle_axis_rotate(aa, X), aa = tensor<double, shape<3>>{{0.0, 0.0, 3.141592653589793}},
                                            X = tensor<double, shape<3>>{{1.0, 2.0, 3.0}});
static_assert(half_turn(0) > -1.0000001 && half_turn(0) < -0.9999999 && half_turn(2) == 3.0);

}  // namespace
