// expect-error: literal_c_accepts_only_decimal_numbers
#include <ctdiff/ctdiff.hpp>
using namespace ctdiff::literals;
#ifdef CTDIFF_EXPECT_FAIL
auto c = 0x10_c;
#else
auto c = 16_c;
#endif
