/*
 * muldiv — the M extension, compared against qemu.
 *
 * All 13 RV64M instructions over every pair of integer corner values and
 * shaped random operands. The corners include the cases the spec defines
 * specially instead of trapping: division by zero (quotient all ones,
 * remainder the dividend) and signed overflow (INT_MIN / -1 gives INT_MIN,
 * remainder 0), for both the 64-bit and the W forms, whose operands are the
 * low 32 bits and whose results are sign-extended.
 */
#include "hwtest.h"

#define OP_FN(insn)                                                                  \
    static uint64_t op_##insn(uint64_t a, uint64_t b)                                \
    {                                                                                \
        uint64_t r;                                                                  \
        __asm__ volatile(#insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));            \
        return r;                                                                    \
    }
OP_FN(mul) OP_FN(mulh) OP_FN(mulhsu) OP_FN(mulhu) OP_FN(mulw)
OP_FN(div) OP_FN(divu) OP_FN(rem) OP_FN(remu)
OP_FN(divw) OP_FN(divuw) OP_FN(remw) OP_FN(remuw)

static const struct {
    const char *name;
    uint64_t (*fn)(uint64_t, uint64_t);
} ops[] = {
    {"mul", op_mul},     {"mulh", op_mulh},   {"mulhsu", op_mulhsu}, {"mulhu", op_mulhu}, {"mulw", op_mulw},
    {"div", op_div},     {"divu", op_divu},   {"rem", op_rem},       {"remu", op_remu},   {"divw", op_divw},
    {"divuw", op_divuw}, {"remw", op_remw},   {"remuw", op_remuw},
};

static void line(uint64_t a, uint64_t b)
{
    for (size_t i = 0; i < ARRAY_LEN(ops); i++)
        printf("%-6s %016lx %016lx = %016lx\n", ops[i].name, a, b, ops[i].fn(a, b));
}

/* Operands whose low 32 bits are the 32-bit special cases while the upper bits are not. */
static const uint64_t w_specials[][2] = {
    {0x0000000080000000ull, 0x00000000ffffffffull}, /* INT32_MIN / -1 in the low words */
    {0x1234567880000000ull, 0xabcdef01ffffffffull}, /* same, with garbage above */
    {0xffffffff80000000ull, 0xffffffffffffffffull},
    {0x0000000500000007ull, 0x0000000700000000ull}, /* low divisor word 0 */
    {0xffffffffffffffffull, 0x0000000100000000ull}, /* 64-bit divisor nonzero, low word 0 */
    {0x8000000000000000ull, 0xffffffffffffffffull}, /* INT64_MIN / -1 */
    {0x8000000000000000ull, 0x0000000000000000ull},
    {0x0000000000000000ull, 0x0000000000000000ull},
};

int main(void)
{
    rng_seed(0x5eed0002ull);
    section("corner x corner");
    for (size_t i = 0; i < ARRAY_LEN(int_corners); i++)
        for (size_t j = 0; j < ARRAY_LEN(int_corners); j++)
            line(int_corners[i], int_corners[j]);
    section("w-form specials");
    for (size_t i = 0; i < ARRAY_LEN(w_specials); i++)
        line(w_specials[i][0], w_specials[i][1]);
    section("random");
    for (int k = 0; k < 300; k++) {
        uint64_t a = rand_operand();
        uint64_t b = rand_operand();
        line(a, b);
    }
    section("random divisor zero");
    for (int k = 0; k < 10; k++)
        line(rand_operand(), 0);
    /* a product accumulated in a loop: catches a wrong result that feeds the next op */
    uint64_t acc = 1, q = ~0ull;
    for (int k = 0; k < 1000; k++) {
        acc = op_mul(acc, 0x9e3779b97f4a7c15ull) ^ op_mulhu(acc, 0xc2b2ae3d27d4eb4full);
        q = op_divu(q, (acc | 1)) + op_remu(acc, 0x1000193ull) + q;
    }
    printf("chain: acc=%016lx q=%016lx\n", acc, q);
    puts("done");
    return 0;
}
