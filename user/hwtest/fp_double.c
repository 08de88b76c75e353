/*
 * fp_double — the D extension, compared against qemu.
 *
 * Every double-precision operation with every static rounding mode and with
 * dyn under every frm value, printing result bits and fflags (see fp.h for
 * the line format). Operands are corner values (signed zeros, infinities,
 * quiet and signalling NaNs with payloads, subnormals, the largest normal,
 * exact halfway cases such as 1 + 2^-53 and 2^53 + 1, the integer conversion
 * boundaries) crossed with each other, plus shaped random values whose
 * exponents lie close together so that rounding actually happens.
 * fcvt.s.d (double to single) is here; fcvt.d.s is in fp_single.
 */
#define FP_IN "fmv.d.x"
#define FP_WIDTH 64
#include "fp.h"

FP_GEN6(FP_TMPL_F, B_F2, fadd, "fadd.d")
FP_GEN6(FP_TMPL_F, B_F2, fsub, "fsub.d")
FP_GEN6(FP_TMPL_F, B_F2, fmul, "fmul.d")
FP_GEN6(FP_TMPL_F, B_F2, fdiv, "fdiv.d")
FP_GEN6(FP_TMPL_F, B_F1, fsqrt, "fsqrt.d")
FP_GEN6(FP_TMPL_F, B_F3, fmadd, "fmadd.d")
FP_GEN6(FP_TMPL_F, B_F3, fmsub, "fmsub.d")
FP_GEN6(FP_TMPL_F, B_F3, fnmsub, "fnmsub.d")
FP_GEN6(FP_TMPL_F, B_F3, fnmadd, "fnmadd.d")
FP_GEN6(FP_TMPL_X, B_XF, cvt_w, "fcvt.w.d")
FP_GEN6(FP_TMPL_X, B_XF, cvt_wu, "fcvt.wu.d")
FP_GEN6(FP_TMPL_X, B_XF, cvt_l, "fcvt.l.d")
FP_GEN6(FP_TMPL_X, B_XF, cvt_lu, "fcvt.lu.d")
FP_GEN6_INSN(cvt_from_w, 0x69, "%[a]", x0)  /* fcvt.d.w, exact */
FP_GEN6_INSN(cvt_from_wu, 0x69, "%[a]", x1) /* fcvt.d.wu, exact */
FP_GEN6(FP_TMPL_F, B_FX, cvt_from_l, "fcvt.d.l")
FP_GEN6(FP_TMPL_F, B_FX, cvt_from_lu, "fcvt.d.lu")
FP_GEN6(FP_TMPL_F, B_F1, cvt_s, "fcvt.s.d")

FP_TMPL_F(fmin_fn, "fmin.d ft3, ft0, ft1")
FP_TMPL_F(fmax_fn, "fmax.d ft3, ft0, ft1")
FP_TMPL_F(fsgnj_fn, "fsgnj.d ft3, ft0, ft1")
FP_TMPL_F(fsgnjn_fn, "fsgnjn.d ft3, ft0, ft1")
FP_TMPL_F(fsgnjx_fn, "fsgnjx.d ft3, ft0, ft1")
FP_TMPL_X(feq_fn, "feq.d %[r], ft0, ft1")
FP_TMPL_X(flt_fn, "flt.d %[r], ft0, ft1")
FP_TMPL_X(fle_fn, "fle.d %[r], ft0, ft1")
FP_TMPL_X(fclass_fn, "fclass.d %[r], ft0")

static const fp_fn fmin_fns[1] = {fmin_fn}, fmax_fns[1] = {fmax_fn}, fsgnj_fns[1] = {fsgnj_fn},
                   fsgnjn_fns[1] = {fsgnjn_fn}, fsgnjx_fns[1] = {fsgnjx_fn}, feq_fns[1] = {feq_fn},
                   flt_fns[1] = {flt_fn}, fle_fns[1] = {fle_fn}, fclass_fns[1] = {fclass_fn};

static const struct fp_op arith[] = {
    {"fadd.d", 2, 'f', 'd', fadd_fns},
    {"fsub.d", 2, 'f', 'd', fsub_fns},
    {"fmul.d", 2, 'f', 'd', fmul_fns},
    {"fdiv.d", 2, 'f', 'd', fdiv_fns},
};
static const struct fp_op op_sqrt = {"fsqrt.d", 1, 'f', 'd', fsqrt_fns};
static const struct fp_op fmas[] = {
    {"fmadd.d", 3, 'f', 'd', fmadd_fns},
    {"fmsub.d", 3, 'f', 'd', fmsub_fns},
    {"fnmsub.d", 3, 'f', 'd', fnmsub_fns},
    {"fnmadd.d", 3, 'f', 'd', fnmadd_fns},
};
static const struct fp_op to_int[] = {
    {"fcvt.w.d", 1, 'f', 'x', cvt_w_fns},
    {"fcvt.wu.d", 1, 'f', 'x', cvt_wu_fns},
    {"fcvt.l.d", 1, 'f', 'x', cvt_l_fns},
    {"fcvt.lu.d", 1, 'f', 'x', cvt_lu_fns},
};
static const struct fp_op from_int[] = {
    {"fcvt.d.w", 1, 'x', 'd', cvt_from_w_fns},
    {"fcvt.d.wu", 1, 'x', 'd', cvt_from_wu_fns},
    {"fcvt.d.l", 1, 'x', 'd', cvt_from_l_fns},
    {"fcvt.d.lu", 1, 'x', 'd', cvt_from_lu_fns},
};
static const struct fp_op op_cvt_s = {"fcvt.s.d", 1, 'f', 's', cvt_s_fns};
static const struct fp_op plain[] = {
    {"min", 2, 'f', 'd', fmin_fns},      {"max", 2, 'f', 'd', fmax_fns},
    {"sgnj", 2, 'f', 'd', fsgnj_fns},    {"sgnjn", 2, 'f', 'd', fsgnjn_fns},
    {"sgnjx", 2, 'f', 'd', fsgnjx_fns},  {"eq", 2, 'f', 'x', feq_fns},
    {"lt", 2, 'f', 'x', flt_fns},        {"le", 2, 'f', 'x', fle_fns},
};
static const struct fp_op op_fclass = {"fclass.d", 1, 'f', 'x', fclass_fns};

static const uint64_t corners[] = {
    0x0000000000000000ull, /* +0 */
    0x8000000000000000ull, /* -0 */
    0x3ff0000000000000ull, /* 1 */
    0xbff0000000000000ull, /* -1 */
    0x4000000000000000ull, /* 2 */
    0x3fe0000000000000ull, /* 0.5 */
    0x3ff8000000000000ull, /* 1.5 */
    0xc004000000000000ull, /* -2.5 */
    0x4008000000000000ull, /* 3 */
    0x3ff0000000000001ull, /* 1 + ulp */
    0x3fefffffffffffffull, /* 1 - ulp/2 */
    0x400921fb54442d18ull, /* pi */
    0x0000000000000001ull, /* smallest subnormal */
    0x8000000000000001ull, /* -smallest subnormal */
    0x000fffffffffffffull, /* largest subnormal */
    0x0010000000000000ull, /* smallest normal */
    0x8010000000000000ull, /* -smallest normal */
    0x7fefffffffffffffull, /* largest normal */
    0xffefffffffffffffull, /* -largest normal */
    0x7fe0000000000000ull, /* 2^1023: doubling overflows */
    0x0020000000000000ull, /* 2^-1021: halving towards subnormal */
    0x3ca0000000000000ull, /* 2^-53: 1 + this is a tie */
    0x3cb0000000000000ull, /* 2^-52 */
    0x4340000000000000ull, /* 2^53: + 1 is a tie */
    0x41e0000000000000ull, /* 2^31 */
    0xc1e0000000000000ull, /* -2^31 */
    0x41f0000000000000ull, /* 2^32 */
    0x43e0000000000000ull, /* 2^63 */
    0xc3e0000000000000ull, /* -2^63 */
    0x43f0000000000000ull, /* 2^64 */
    0x7ff0000000000000ull, /* +inf */
    0xfff0000000000000ull, /* -inf */
    0x7ff8000000000000ull, /* canonical qNaN */
    0xfff8000000000123ull, /* negative qNaN with payload */
    0x7ff0000000000001ull, /* sNaN */
    0xfff4000000000000ull, /* negative sNaN */
};

/* Extra operands for the float-to-integer conversions: halfway points and range edges. */
static const uint64_t cvt_corners[] = {
    0x4004000000000000ull, /* 2.5 */
    0xbfe0000000000000ull, /* -0.5 */
    0xbff8000000000000ull, /* -1.5 */
    0x3fdfffffffffffffull, /* just below 0.5 */
    0xbfeccccccccccccdull, /* -0.9 */
    0x41dfffffffc00000ull, /* 2^31 - 1 */
    0x41dfffffffe00000ull, /* 2^31 - 0.5 */
    0xc1e0000000100000ull, /* -2^31 - 0.5 */
    0xc1e0000000200000ull, /* -2^31 - 1 */
    0x41efffffffe00000ull, /* 2^32 - 1 */
    0x41effffffff00000ull, /* 2^32 - 0.5 */
    0x41f0000000080000ull, /* 2^32 + 0.5 */
    0x43dfffffffffffffull, /* largest below 2^63 */
    0xc3e0000000000001ull, /* just below -2^63 */
    0x43efffffffffffffull, /* largest below 2^64 */
    0x4330000000000001ull, /* 2^52 + 1 */
    0xc330000000000001ull, /* -(2^52 + 1) */
};

/* A random double: a quarter raw bits, half with exponents near 1.0, some subnormal, some corners. */
static uint64_t rand_fp(void)
{
    uint64_t r = rng64();
    switch (rng_below(8)) {
    case 0:
    case 1:
        return r;
    case 2:
        return r & 0x800fffffffffffffull; /* subnormal or zero */
    case 3:
        return corners[rng_below(ARRAY_LEN(corners))];
    default: {
        uint64_t exp = 1023 - 40 + rng_below(81);
        return (r & 0x800fffffffffffffull) | exp << 52;
    }
    }
}

/* A random double whose exponent is within +-56 of a's (clamped to finite), so a op b rounds. */
static uint64_t rand_fp_near(uint64_t a)
{
    int64_t exp = (int64_t)((a >> 52) & 0x7ff) + (int64_t)rng_below(113) - 56;
    if (exp < 0)
        exp = 0;
    if (exp > 0x7fe)
        exp = 0x7fe;
    return (rng64() & 0x800fffffffffffffull) | (uint64_t)exp << 52;
}

/* A random double in or near the integer ranges of the conversions (|x| up to ~2^66). */
static uint64_t rand_fp_intish(void)
{
    uint64_t exp = 1023 - 2 + rng_below(69);
    return (rng64() & 0x800fffffffffffffull) | exp << 52;
}

static void test_arith(void)
{
    section("fadd fsub fmul fdiv: corners");
    for (size_t k = 0; k < ARRAY_LEN(arith); k++)
        for (size_t i = 0; i < ARRAY_LEN(corners); i++)
            for (size_t j = 0; j < ARRAY_LEN(corners); j++)
                rounded_line(&arith[k], corners[i], corners[j], 0);
    section("fadd fsub fmul fdiv: random");
    for (int n = 0; n < 150; n++) {
        uint64_t a = rand_fp();
        uint64_t b = n & 1 ? rand_fp() : rand_fp_near(a);
        for (size_t k = 0; k < ARRAY_LEN(arith); k++)
            rounded_line(&arith[k], a, b, 0);
    }
}

static void test_sqrt(void)
{
    section("fsqrt");
    for (size_t i = 0; i < ARRAY_LEN(corners); i++)
        rounded_line(&op_sqrt, corners[i], 0, 0);
    for (int n = 0; n < 150; n++) {
        uint64_t a = rand_fp();
        rounded_line(&op_sqrt, n % 5 ? a & ~(1ull << 63) : a, 0, 0);
    }
}

/* Triples where fused multiply-add is special: inf*0 with a NaN addend, exact cancellation, ... */
static const uint64_t fma_specials[][3] = {
    {0x7ff0000000000000ull, 0x0000000000000000ull, 0x7ff8000000000000ull}, /* inf*0 + qNaN: invalid */
    {0x0000000000000000ull, 0xfff0000000000000ull, 0x3ff0000000000000ull}, /* 0*-inf + 1 */
    {0x7ff0000000000000ull, 0x3ff0000000000000ull, 0xfff0000000000000ull}, /* inf - inf */
    {0x3ff0000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull}, /* 1*1 - 1: zero sign by mode */
    {0x3ff0000000000001ull, 0x3ff0000000000001ull, 0xbff0000000000002ull}, /* exact small remainder */
    {0x7fefffffffffffffull, 0x4000000000000000ull, 0xffefffffffffffffull}, /* intermediate overflow */
    {0x0010000000000000ull, 0x3fe0000000000000ull, 0x0000000000000000ull}, /* underflow to subnormal */
    {0x0000000000000001ull, 0x3fe0000000000000ull, 0x8000000000000000ull}, /* tiny: ties in subnormal */
    {0x7ff0000000000001ull, 0x3ff0000000000000ull, 0x3ff0000000000000ull}, /* sNaN operand */
    {0x8000000000000000ull, 0x3ff0000000000000ull, 0x0000000000000000ull}, /* -0 + +0 */
};

static void test_fma(void)
{
    section("fmadd fmsub fnmsub fnmadd");
    for (size_t i = 0; i < ARRAY_LEN(fma_specials); i++)
        for (size_t k = 0; k < ARRAY_LEN(fmas); k++)
            rounded_line(&fmas[k], fma_specials[i][0], fma_specials[i][1], fma_specials[i][2]);
    for (int n = 0; n < 120; n++) {
        uint64_t a = corners[rng_below(ARRAY_LEN(corners))];
        uint64_t b = corners[rng_below(ARRAY_LEN(corners))];
        uint64_t c = corners[rng_below(ARRAY_LEN(corners))];
        for (size_t k = 0; k < ARRAY_LEN(fmas); k++)
            rounded_line(&fmas[k], a, b, c);
    }
    for (int n = 0; n < 120; n++) {
        uint64_t a = rand_fp();
        uint64_t b = rand_fp_near(0x3ff0000000000000ull);
        uint64_t c = rand_fp_near(a);
        for (size_t k = 0; k < ARRAY_LEN(fmas); k++)
            rounded_line(&fmas[k], a, b, c);
    }
    /* c = round(a*b): fmsub then yields exactly the rounding error, which only a fused op gets right */
    for (int n = 0; n < 60; n++) {
        uint64_t a = rand_fp_near(0x3ff0000000000000ull);
        uint64_t b = rand_fp_near(0x3ff0000000000000ull);
        uint64_t f;
        uint64_t c = fmul_fns[0](a, b, 0, 0, &f);
        for (size_t k = 0; k < ARRAY_LEN(fmas); k++)
            rounded_line(&fmas[k], a, b, c);
    }
}

static void test_convert(void)
{
    section("fcvt to integer");
    for (size_t k = 0; k < ARRAY_LEN(to_int); k++) {
        for (size_t i = 0; i < ARRAY_LEN(corners); i++)
            rounded_line(&to_int[k], corners[i], 0, 0);
        for (size_t i = 0; i < ARRAY_LEN(cvt_corners); i++)
            rounded_line(&to_int[k], cvt_corners[i], 0, 0);
    }
    for (int n = 0; n < 120; n++) {
        uint64_t a = n & 1 ? rand_fp_intish() : rand_fp();
        for (size_t k = 0; k < ARRAY_LEN(to_int); k++)
            rounded_line(&to_int[k], a, 0, 0);
    }
    section("fcvt from integer");
    for (size_t i = 0; i < ARRAY_LEN(int_corners); i++)
        for (size_t k = 0; k < ARRAY_LEN(from_int); k++)
            rounded_line(&from_int[k], int_corners[i], 0, 0);
    for (int n = 0; n < 120; n++) {
        /* values with more significant bits than a double holds, so the mode matters */
        uint64_t x = n % 3 ? rand_operand() : rng64() >> rng_below(12);
        for (size_t k = 0; k < ARRAY_LEN(from_int); k++)
            rounded_line(&from_int[k], x, 0, 0);
    }
    section("fcvt.s.d");
    for (size_t i = 0; i < ARRAY_LEN(corners); i++)
        rounded_line(&op_cvt_s, corners[i], 0, 0);
    static const uint64_t narrow[] = {
        0x47efffffe0000000ull, /* largest single exactly */
        0x47efffffefffffffull, /* just below the single overflow threshold */
        0x47effffff0000000ull, /* the single overflow threshold (a tie) */
        0x36a0000000000000ull, /* smallest single subnormal */
        0x3690000000000000ull, /* half of it: a tie towards zero */
        0x3690000000000001ull, /* just above half of it */
        0x380fffffc0000000ull, /* largest single subnormal */
        0x3810000000000000ull, /* smallest single normal */
        0x3ff0000010000000ull, /* 1 + half a single ulp: tie */
        0x3ff0000030000000ull, /* 1 + 1.5 single ulps: tie to even goes up */
        0x7ff8000020000000ull, /* NaN whose payload does not fit */
        0x7ff0000000000001ull, /* sNaN */
    };
    for (size_t i = 0; i < ARRAY_LEN(narrow); i++)
        rounded_line(&op_cvt_s, narrow[i], 0, 0);
    for (int n = 0; n < 100; n++)
        rounded_line(&op_cvt_s, n & 1 ? rand_fp() : rand_fp_near(0x3800000000000000ull), 0, 0);
}

static void test_plain(void)
{
    section("fmin fmax fsgnj fsgnjn fsgnjx feq flt fle");
    for (size_t i = 0; i < ARRAY_LEN(corners); i++)
        for (size_t j = 0; j < ARRAY_LEN(corners); j++)
            plain_pair_line(plain, ARRAY_LEN(plain), corners[i], corners[j]);
    for (int n = 0; n < 100; n++) {
        uint64_t a = rand_fp();
        plain_pair_line(plain, ARRAY_LEN(plain), a, n & 1 ? rand_fp() : rand_fp_near(a));
    }
    section("fclass.d");
    for (size_t i = 0; i < ARRAY_LEN(corners); i++) {
        uint64_t f;
        uint64_t r = plain_call(&op_fclass, corners[i], 0, &f);
        printf("fclass.d %016lx = %03lx flags ", corners[i], r);
        print_flags(f);
        putchar('\n');
    }
}

/* fmv and fld/fsd move bits unchanged, NaN payloads and all; misaligned ones too. */
static void test_moves(void)
{
    section("fmv.d.x/fmv.x.d, fld/fsd");
    static uint64_t slots[4] __attribute__((aligned(64)));
    for (size_t i = 0; i < ARRAY_LEN(corners); i++) {
        uint64_t v = corners[i], back, loaded;
        __asm__ volatile("fmv.d.x ft0, %2\n\tfsd ft0, 8(%3)\n\tfmv.x.d %0, ft0\n\tfld ft1, 8(%3)\n\t"
                         "fmv.x.d %1, ft1"
                         : "=&r"(back), "=&r"(loaded) : "r"(v), "r"(slots) : "ft0", "ft1", "memory");
        printf("fmv %016lx -> %016lx, fsd/fld -> %016lx, memory %016lx\n", v, back, loaded, slots[1]);
    }
    uint64_t misaligned;
    slots[0] = slots[1] = slots[2] = 0;
    __asm__ volatile("fmv.d.x ft0, %1\n\tfsd ft0, 3(%2)\n\tfld ft1, 3(%2)\n\tfmv.x.d %0, ft1"
                     : "=&r"(misaligned) : "r"(0x7ff4000000abcdefull), "r"(slots) : "ft0", "ft1", "memory");
    printf("misaligned fsd/fld +3 -> %016lx, memory %016lx %016lx\n", misaligned, slots[0], slots[1]);
}

int main(void)
{
    rng_seed(0x5eed0005ull);
    test_arith();
    test_sqrt();
    test_fma();
    test_convert();
    test_plain();
    test_moves();
    printf("fcsr after all tests: %02lx\n", read_fcsr());
    puts("done");
    return 0;
}
