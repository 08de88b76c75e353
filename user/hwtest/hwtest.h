/*
 * hwtest.h — what the hardware differential tests share: integer corner values,
 * a shaped random operand generator and the repetition macros used to spell out
 * every immediate of an instruction in inline assembly.
 *
 * The output of these programs is compared byte for byte between the board and
 * qemu-riscv64-static, so everything here is deterministic: fixed PRNG seeds,
 * no addresses in the output (only differences between them), no timing.
 */
#ifndef FEUERBIRD_HWTEST_H
#define FEUERBIRD_HWTEST_H

#include "rt.h"

/* Values where sign, width and carry bugs show: around 0, the 8/16/32/64-bit edges. */
static const uint64_t int_corners[] = {
    0x0000000000000000ull, 0x0000000000000001ull, 0x0000000000000002ull, 0x0000000000000003ull,
    0x000000000000007full, 0x0000000000000080ull, 0x00000000000000ffull, 0x0000000000007fffull,
    0x0000000000008000ull, 0x000000000000ffffull, 0x000000007fffffffull, 0x0000000080000000ull,
    0x00000000ffffffffull, 0x0000000100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0x8000000000000001ull, 0xffffffffffffffffull, 0xfffffffffffffffeull, 0xffffffff80000000ull,
    0xffffffff7fffffffull, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull, 0x0123456789abcdefull,
    0xfedcba9876543210ull, 0x000000000000001full, 0x0000000000000020ull, 0x000000000000003full,
    0x0000000000000040ull,
};

/*
 * A random operand with a shape that matters: uniformly random bits rarely hit
 * the interesting edges, so a quarter each are full-width, small signed,
 * sign-extended 32-bit, and a power of two nudged by -1/0/+1.
 */
static inline uint64_t rand_operand(void)
{
    uint64_t r = rng64();
    switch (rng_below(4)) {
    case 0:
        return r;
    case 1:
        return (uint64_t)(int64_t)(int16_t)(r & 0x1ff) - 0x100;
    case 2:
        return (uint64_t)(int64_t)(int32_t)r;
    default:
        return (1ull << (r & 63)) + (uint64_t)(int64_t)((int)((r >> 8) % 3) - 1);
    }
}

/* REPn(F, base): F(base+0) ... F(base+n-1); lets one macro name every shift amount. */
#define REP4(F, b) F((b) + 0) F((b) + 1) F((b) + 2) F((b) + 3)
#define REP16(F, b) REP4(F, (b) + 0) REP4(F, (b) + 4) REP4(F, (b) + 8) REP4(F, (b) + 12)
#define REP32(F) REP16(F, 0) REP16(F, 16)
#define REP64(F) REP16(F, 0) REP16(F, 16) REP16(F, 32) REP16(F, 48)

/* Section headers keep the output navigable when a diff points into it. */
static inline void section(const char *name)
{
    printf("== %s\n", name);
}

#endif
