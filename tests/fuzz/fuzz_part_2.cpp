// Seeds CTDIFF_FUZZ_SEED_BASE + 2 * CTDIFF_FUZZ_SEEDS_PER_PART + [0, CTDIFF_FUZZ_SEEDS_PER_PART).
#include "check.hpp"

#ifndef CTDIFF_FUZZ_SEED_BASE
#define CTDIFF_FUZZ_SEED_BASE 0
#endif
#ifndef CTDIFF_FUZZ_SEEDS_PER_PART
#define CTDIFF_FUZZ_SEEDS_PER_PART 25
#endif

namespace fuzz {
void run_part_2(tally& t) {
    check_seeds<std::uint64_t{CTDIFF_FUZZ_SEED_BASE} + 2 * std::uint64_t{CTDIFF_FUZZ_SEEDS_PER_PART}>(
        t, std::make_integer_sequence<std::uint64_t, CTDIFF_FUZZ_SEEDS_PER_PART>{});
}
}  // namespace fuzz
