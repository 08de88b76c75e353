/*
 * fp_single — the F extension, compared against qemu.
 *
 * The same coverage as fp_double (every operation x every static rounding mode
 * and dyn under every frm, result bits and fflags; see fp.h), for single
 * precision, plus what only single precision has on an RV64 hart with D:
 * NaN boxing. Every single result is read back with fmv.x.d so an unboxed
 * result shows; and operands that are not properly boxed (upper 32 bits not
 * all ones) must behave as the canonical NaN in arithmetic, comparisons,
 * fsgnj*, fclass and conversions, while fmv.x.w and fsw pass the low 32 bits
 * through unchanged. fcvt.d.s (single to double) is here; fcvt.s.d in fp_double.
 */
#define FP_IN "fmv.w.x"
#define FP_WIDTH 32
#include "fp.h"

FP_GEN6(FP_TMPL_F, B_F2, fadd, "fadd.s")
FP_GEN6(FP_TMPL_F, B_F2, fsub, "fsub.s")
FP_GEN6(FP_TMPL_F, B_F2, fmul, "fmul.s")
FP_GEN6(FP_TMPL_F, B_F2, fdiv, "fdiv.s")
FP_GEN6(FP_TMPL_F, B_F1, fsqrt, "fsqrt.s")
FP_GEN6(FP_TMPL_F, B_F3, fmadd, "fmadd.s")
FP_GEN6(FP_TMPL_F, B_F3, fmsub, "fmsub.s")
FP_GEN6(FP_TMPL_F, B_F3, fnmsub, "fnmsub.s")
FP_GEN6(FP_TMPL_F, B_F3, fnmadd, "fnmadd.s")
FP_GEN6(FP_TMPL_X, B_XF, cvt_w, "fcvt.w.s")
FP_GEN6(FP_TMPL_X, B_XF, cvt_wu, "fcvt.wu.s")
FP_GEN6(FP_TMPL_X, B_XF, cvt_l, "fcvt.l.s")
FP_GEN6(FP_TMPL_X, B_XF, cvt_lu, "fcvt.lu.s")
FP_GEN6(FP_TMPL_F, B_FX, cvt_from_w, "fcvt.s.w")
FP_GEN6(FP_TMPL_F, B_FX, cvt_from_wu, "fcvt.s.wu")
FP_GEN6(FP_TMPL_F, B_FX, cvt_from_l, "fcvt.s.l")
FP_GEN6(FP_TMPL_F, B_FX, cvt_from_lu, "fcvt.s.lu")
FP_GEN6_INSN(cvt_d, 0x21, "ft0", x0) /* fcvt.d.s, exact */

FP_TMPL_F(fmin_fn, "fmin.s ft3, ft0, ft1")
FP_TMPL_F(fmax_fn, "fmax.s ft3, ft0, ft1")
FP_TMPL_F(fsgnj_fn, "fsgnj.s ft3, ft0, ft1")
FP_TMPL_F(fsgnjn_fn, "fsgnjn.s ft3, ft0, ft1")
FP_TMPL_F(fsgnjx_fn, "fsgnjx.s ft3, ft0, ft1")
FP_TMPL_X(feq_fn, "feq.s %[r], ft0, ft1")
FP_TMPL_X(flt_fn, "flt.s %[r], ft0, ft1")
FP_TMPL_X(fle_fn, "fle.s %[r], ft0, ft1")
FP_TMPL_X(fclass_fn, "fclass.s %[r], ft0")

static const fp_fn fmin_fns[1] = {fmin_fn}, fmax_fns[1] = {fmax_fn}, fsgnj_fns[1] = {fsgnj_fn},
                   fsgnjn_fns[1] = {fsgnjn_fn}, fsgnjx_fns[1] = {fsgnjx_fn}, feq_fns[1] = {feq_fn},
                   flt_fns[1] = {flt_fn}, fle_fns[1] = {fle_fn}, fclass_fns[1] = {fclass_fn};

static const struct fp_op arith[] = {
    {"fadd.s", 2, 'f', 's', fadd_fns},
    {"fsub.s", 2, 'f', 's', fsub_fns},
    {"fmul.s", 2, 'f', 's', fmul_fns},
    {"fdiv.s", 2, 'f', 's', fdiv_fns},
};
static const struct fp_op op_sqrt = {"fsqrt.s", 1, 'f', 's', fsqrt_fns};
static const struct fp_op fmas[] = {
    {"fmadd.s", 3, 'f', 's', fmadd_fns},
    {"fmsub.s", 3, 'f', 's', fmsub_fns},
    {"fnmsub.s", 3, 'f', 's', fnmsub_fns},
    {"fnmadd.s", 3, 'f', 's', fnmadd_fns},
};
static const struct fp_op to_int[] = {
    {"fcvt.w.s", 1, 'f', 'x', cvt_w_fns},
    {"fcvt.wu.s", 1, 'f', 'x', cvt_wu_fns},
    {"fcvt.l.s", 1, 'f', 'x', cvt_l_fns},
    {"fcvt.lu.s", 1, 'f', 'x', cvt_lu_fns},
};
static const struct fp_op from_int[] = {
    {"fcvt.s.w", 1, 'x', 's', cvt_from_w_fns},
    {"fcvt.s.wu", 1, 'x', 's', cvt_from_wu_fns},
    {"fcvt.s.l", 1, 'x', 's', cvt_from_l_fns},
    {"fcvt.s.lu", 1, 'x', 's', cvt_from_lu_fns},
};
static const struct fp_op op_cvt_d = {"fcvt.d.s", 1, 'f', 'd', cvt_d_fns};
static const struct fp_op plain[] = {
    {"min", 2, 'f', 's', fmin_fns},      {"max", 2, 'f', 's', fmax_fns},
    {"sgnj", 2, 'f', 's', fsgnj_fns},    {"sgnjn", 2, 'f', 's', fsgnjn_fns},
    {"sgnjx", 2, 'f', 's', fsgnjx_fns},  {"eq", 2, 'f', 'x', feq_fns},
    {"lt", 2, 'f', 'x', flt_fns},        {"le", 2, 'f', 'x', fle_fns},
};
static const struct fp_op op_fclass = {"fclass.s", 1, 'f', 'x', fclass_fns};

static const uint64_t corners[] = {
    0x00000000, /* +0 */
    0x80000000, /* -0 */
    0x3f800000, /* 1 */
    0xbf800000, /* -1 */
    0x40000000, /* 2 */
    0x3f000000, /* 0.5 */
    0x3fc00000, /* 1.5 */
    0xc0200000, /* -2.5 */
    0x40400000, /* 3 */
    0x3f800001, /* 1 + ulp */
    0x3f7fffff, /* 1 - ulp/2 */
    0x40490fdb, /* pi */
    0x00000001, /* smallest subnormal */
    0x80000001, /* -smallest subnormal */
    0x007fffff, /* largest subnormal */
    0x00800000, /* smallest normal */
    0x80800000, /* -smallest normal */
    0x7f7fffff, /* largest normal */
    0xff7fffff, /* -largest normal */
    0x7f000000, /* 2^127: doubling overflows */
    0x01000000, /* 2^-125: halving towards subnormal */
    0x33800000, /* 2^-24: 1 + this is a tie */
    0x34000000, /* 2^-23 */
    0x4b800000, /* 2^24: + 1 is a tie */
    0x4f000000, /* 2^31 */
    0xcf000000, /* -2^31 */
    0x4f800000, /* 2^32 */
    0x5f000000, /* 2^63 */
    0xdf000000, /* -2^63 */
    0x5f800000, /* 2^64 */
    0x7f800000, /* +inf */
    0xff800000, /* -inf */
    0x7fc00000, /* canonical qNaN */
    0xffc00123, /* negative qNaN with payload */
    0x7f800001, /* sNaN */
    0xffa00000, /* negative sNaN */
};

/* Extra operands for the float-to-integer conversions: halfway points and range edges. */
static const uint64_t cvt_corners[] = {
    0x40200000, /* 2.5 */
    0xbf000000, /* -0.5 */
    0xbfc00000, /* -1.5 */
    0x3effffff, /* just below 0.5 */
    0xbf666666, /* -0.9 */
    0x4effffff, /* largest below 2^31 */
    0xcf000001, /* just below -2^31 */
    0x4f7fffff, /* largest below 2^32 */
    0x5effffff, /* largest below 2^63 */
    0xdf000001, /* just below -2^63 */
    0x5f7fffff, /* largest below 2^64 */
    0x4b000001, /* 2^23 + 1 */
    0xcb000001, /* -(2^23 + 1) */
    0x4b7fffff, /* 2^24 - 1 */
};

/* A random single: a quarter raw bits, half with exponents near 1.0, some subnormal, some corners. */
static uint64_t rand_fp(void)
{
    uint64_t r = rng32();
    switch (rng_below(8)) {
    case 0:
    case 1:
        return r;
    case 2:
        return r & 0x807fffff; /* subnormal or zero */
    case 3:
        return corners[rng_below(ARRAY_LEN(corners))];
    default: {
        uint64_t exp = 127 - 20 + rng_below(41);
        return (r & 0x807fffff) | exp << 23;
    }
    }
}

/* A random single whose exponent is within +-27 of a's (clamped to finite), so a op b rounds. */
static uint64_t rand_fp_near(uint64_t a)
{
    int64_t exp = (int64_t)((a >> 23) & 0xff) + (int64_t)rng_below(55) - 27;
    if (exp < 0)
        exp = 0;
    if (exp > 0xfe)
        exp = 0xfe;
    return (rng32() & 0x807fffff) | (uint64_t)exp << 23;
}

/* A random single in or near the integer ranges of the conversions (|x| up to ~2^66). */
static uint64_t rand_fp_intish(void)
{
    uint64_t exp = 127 - 2 + rng_below(69);
    return (rng32() & 0x807fffff) | exp << 23;
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
        rounded_line(&op_sqrt, n % 5 ? a & 0x7fffffff : a, 0, 0);
    }
}

/* Triples where fused multiply-add is special: inf*0 with a NaN addend, exact cancellation, ... */
static const uint64_t fma_specials[][3] = {
    {0x7f800000, 0x00000000, 0x7fc00000}, /* inf*0 + qNaN: invalid */
    {0x00000000, 0xff800000, 0x3f800000}, /* 0*-inf + 1 */
    {0x7f800000, 0x3f800000, 0xff800000}, /* inf - inf */
    {0x3f800000, 0x3f800000, 0xbf800000}, /* 1*1 - 1: zero sign by mode */
    {0x3f800001, 0x3f800001, 0xbf800002}, /* exact small remainder */
    {0x7f7fffff, 0x40000000, 0xff7fffff}, /* intermediate overflow */
    {0x00800000, 0x3f000000, 0x00000000}, /* underflow to subnormal */
    {0x00000001, 0x3f000000, 0x80000000}, /* tiny: ties in subnormal */
    {0x7f800001, 0x3f800000, 0x3f800000}, /* sNaN operand */
    {0x80000000, 0x3f800000, 0x00000000}, /* -0 + +0 */
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
        uint64_t b = rand_fp_near(0x3f800000);
        uint64_t c = rand_fp_near(a);
        for (size_t k = 0; k < ARRAY_LEN(fmas); k++)
            rounded_line(&fmas[k], a, b, c);
    }
    /* c = round(a*b): fmsub then yields exactly the rounding error, which only a fused op gets right */
    for (int n = 0; n < 60; n++) {
        uint64_t a = rand_fp_near(0x3f800000);
        uint64_t b = rand_fp_near(0x3f800000);
        uint64_t f;
        uint64_t c = fmul_fns[0](a, b, 0, 0, &f) & 0xffffffffu;
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
        /* values with more significant bits than a single holds, so the mode matters */
        uint64_t x = n % 3 ? rand_operand() : rng64() >> rng_below(48);
        for (size_t k = 0; k < ARRAY_LEN(from_int); k++)
            rounded_line(&from_int[k], x, 0, 0);
    }
    section("fcvt.d.s");
    for (size_t i = 0; i < ARRAY_LEN(corners); i++)
        rounded_line(&op_cvt_d, corners[i], 0, 0);
    for (int n = 0; n < 40; n++)
        rounded_line(&op_cvt_d, rand_fp(), 0, 0);
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
    section("fclass.s");
    for (size_t i = 0; i < ARRAY_LEN(corners); i++) {
        uint64_t f;
        uint64_t r = plain_call(&op_fclass, corners[i], 0, &f);
        printf("fclass.s %08lx = %03lx flags ", corners[i], r);
        print_flags(f);
        putchar('\n');
    }
}

/*
 * NaN boxing. The operations below take their first operand as raw 64-bit
 * register contents (fmv.d.x), the others properly boxed. Redefining FP_IN
 * for just these templates reuses the same generator with a different move.
 */
#undef FP_IN
#define FP_IN "fmv.d.x"
FP_TMPL_F(box_fadd, "fadd.s ft3, ft0, ft1")
FP_TMPL_F(box_fmul, "fmul.s ft3, ft0, ft1")
FP_TMPL_F(box_fsqrt, "fsqrt.s ft3, ft0")
FP_TMPL_F(box_fmadd, "fmadd.s ft3, ft0, ft1, ft2")
FP_TMPL_F(box_fsgnj, "fsgnj.s ft3, ft0, ft1")
FP_TMPL_F(box_fsgnjn, "fsgnjn.s ft3, ft0, ft1")
FP_TMPL_F(box_fsgnjx, "fsgnjx.s ft3, ft0, ft1")
FP_TMPL_F(box_fsgnj_rs2, "fsgnj.s ft3, ft1, ft0")
FP_TMPL_F(box_fmin, "fmin.s ft3, ft0, ft1")
FP_TMPL_F(box_fmax, "fmax.s ft3, ft0, ft1")
FP_TMPL_X(box_feq, "feq.s %[r], ft0, ft1")
FP_TMPL_X(box_flt, "flt.s %[r], ft0, ft1")
FP_TMPL_X(box_fclass, "fclass.s %[r], ft0")
FP_TMPL_X(box_fcvt_w, "fcvt.w.s %[r], ft0, rtz")
FP_TMPL_F(box_fcvt_d, "fcvt.d.s ft3, ft0")
FP_TMPL_X(box_fmv_x_w, "fmv.x.w %[r], ft0")
FP_TMPL_F(box_fmv_d, "fmv.d ft3, ft0") /* fsgnj.d: moves all 64 bits, boxed or not */
#undef FP_IN
#define FP_IN "fmv.w.x"

#define ONE 0xffffffff3f800000ull       /* boxed 1.0 */
#define MINUS_ONE 0xffffffffbf800000ull /* boxed -1.0: the sign source of fsgnj* */

static const struct {
    const char *name;
    fp_fn fn;
    uint64_t b; /* second operand; the third (fmadd) is always ONE */
    char res;
} boxing_ops[] = {
    {"fadd.s", box_fadd, ONE, 's'},          {"fmul.s", box_fmul, ONE, 's'},
    {"fsqrt.s", box_fsqrt, ONE, 's'},        {"fmadd.s", box_fmadd, ONE, 's'},
    {"fsgnj.s", box_fsgnj, MINUS_ONE, 's'},  {"fsgnjn.s", box_fsgnjn, MINUS_ONE, 's'},
    {"fsgnjx.s", box_fsgnjx, MINUS_ONE, 's'}, {"fsgnj.s(rs2)", box_fsgnj_rs2, MINUS_ONE, 's'},
    {"fmin.s", box_fmin, ONE, 's'},          {"fmax.s", box_fmax, ONE, 's'},
    {"feq.s", box_feq, ONE, 'x'},            {"flt.s", box_flt, ONE, 'x'},
    {"fclass.s", box_fclass, ONE, 'x'},      {"fcvt.w.s", box_fcvt_w, ONE, 'x'},
    {"fcvt.d.s", box_fcvt_d, ONE, 'd'},      {"fmv.x.w", box_fmv_x_w, ONE, 'x'},
    {"fmv.d", box_fmv_d, ONE, 'd'},
};

static void test_nan_boxing(void)
{
    section("NaN boxing");
    static const uint64_t raw[] = {
        0xffffffff3f800000ull, /* properly boxed 1.0 */
        0x000000003f800000ull, /* 1.0 with the upper half zero */
        0xfffffffe3f800000ull, /* one upper bit clear */
        0x7fffffff3f800000ull, /* sign of the upper half clear */
        0xffffffff7f800001ull, /* properly boxed sNaN */
        0x000000007f800001ull, /* unboxed sNaN pattern: still just the canonical qNaN */
        0x00000000ffffffffull, /* upper zero, lower all ones */
        0x3ff0000000000000ull, /* the double 1.0 used as a single */
    };
    for (size_t i = 0; i < ARRAY_LEN(raw); i++) {
        for (size_t k = 0; k < ARRAY_LEN(boxing_ops); k++) {
            uint64_t f;
            uint64_t r = boxing_ops[k].fn(raw[i], boxing_ops[k].b, ONE, 0, &f);
            printf("box %016lx %-12s = ", raw[i], boxing_ops[k].name);
            print_value(boxing_ops[k].res, r);
            putchar(' ');
            print_flags(f);
            putchar('\n');
        }
    }
    /* fsw stores the low 32 bits whether boxed or not; flw boxes what it loads */
    static uint32_t words[4] __attribute__((aligned(16)));
    for (size_t i = 0; i < ARRAY_LEN(raw); i++) {
        uint64_t loaded;
        words[0] = words[1] = words[2] = 0x55555555;
        __asm__ volatile("fmv.d.x ft0, %1\n\tfsw ft0, 4(%2)\n\tflw ft1, 4(%2)\n\tfmv.x.d %0, ft1"
                         : "=&r"(loaded) : "r"(raw[i]), "r"(words) : "ft0", "ft1", "memory");
        printf("box %016lx fsw -> %08x %08x %08x, flw -> %016lx\n", raw[i], words[0], words[1], words[2], loaded);
    }
}

/* fmv.w.x boxes the low 32 bits; fmv.x.w sign-extends bit 31; flw/fsw move bits unchanged. */
static void test_moves(void)
{
    section("fmv.w.x/fmv.x.w, flw/fsw");
    static uint32_t words[4] __attribute__((aligned(16)));
    for (size_t i = 0; i < ARRAY_LEN(corners); i++) {
        uint64_t v = corners[i] | 0x1234567800000000ull, boxed, back, loaded;
        __asm__ volatile("fmv.w.x ft0, %3\n\tfmv.x.d %0, ft0\n\tfmv.x.w %1, ft0\n\t"
                         "fsw ft0, 4(%4)\n\tflw ft1, 4(%4)\n\tfmv.x.d %2, ft1"
                         : "=&r"(boxed), "=&r"(back), "=&r"(loaded) : "r"(v), "r"(words) : "ft0", "ft1", "memory");
        printf("fmv.w.x %016lx -> %016lx, fmv.x.w -> %016lx, fsw/flw -> %016lx, memory %08x\n", v, boxed, back,
               loaded, words[1]);
    }
    uint64_t misaligned;
    words[0] = words[1] = words[2] = 0;
    __asm__ volatile("fmv.w.x ft0, %1\n\tfsw ft0, 3(%2)\n\tflw ft1, 3(%2)\n\tfmv.x.d %0, ft1"
                     : "=&r"(misaligned) : "r"(0x7fa0abcdull), "r"(words) : "ft0", "ft1", "memory");
    printf("misaligned fsw/flw +3 -> %016lx, memory %08x %08x\n", misaligned, words[0], words[1]);
}

int main(void)
{
    rng_seed(0x5eed0004ull);
    test_arith();
    test_sqrt();
    test_fma();
    test_convert();
    test_plain();
    test_nan_boxing();
    test_moves();
    printf("fcsr after all tests: %02lx\n", read_fcsr());
    puts("done");
    return 0;
}
