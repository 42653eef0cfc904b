// One quarter of the fuzzer's seeds, compiled four times (tests/CMakeLists.txt) with
// CTDIFF_FUZZ_PART = 0..3, so that the four parts build in parallel: seeds
// CTDIFF_FUZZ_SEED_BASE + CTDIFF_FUZZ_PART * CTDIFF_FUZZ_SEEDS_PER_PART + [0, CTDIFF_FUZZ_SEEDS_PER_PART).
#include "check.hpp"

#ifndef CTDIFF_FUZZ_PART
#define CTDIFF_FUZZ_PART 0
#endif
#ifndef CTDIFF_FUZZ_SEED_BASE
#define CTDIFF_FUZZ_SEED_BASE 0
#endif
#ifndef CTDIFF_FUZZ_SEEDS_PER_PART
#define CTDIFF_FUZZ_SEEDS_PER_PART 25
#endif

namespace fuzz {
template <>
void run_part<CTDIFF_FUZZ_PART>(tally& t) {
    constexpr std::uint64_t first = std::uint64_t{CTDIFF_FUZZ_SEED_BASE} + CTDIFF_FUZZ_PART * std::uint64_t{CTDIFF_FUZZ_SEEDS_PER_PART};
    check_seeds<first>(t, std::make_integer_sequence<std::uint64_t, CTDIFF_FUZZ_SEEDS_PER_PART>{});
    check_tensor_seeds<first>(t, std::make_integer_sequence<std::uint64_t, CTDIFF_FUZZ_SEEDS_PER_PART>{});
}
}  // namespace fuzz
