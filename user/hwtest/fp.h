/*
 * fp.h — the machinery fp_single.c and fp_double.c share.
 *
 * Every floating-point operation under test is a small function generated from
 * one inline-assembly template: it sets frm, moves the operands' raw bits into
 * ft0..ft2 (so no compiler-generated FP code touches them), clears fflags,
 * executes exactly one instruction, reads fflags, and moves the result's raw
 * bits back. An operation with a rounding-mode field is generated six times:
 * once per static mode (rne rtz rdn rup rmm), each run with frm set to a
 * *different* mode so that a hart which wrongly uses frm is caught, and once
 * with dyn, run under each frm value 0..4 and checked against the static
 * result of the same mode.
 *
 * Before including this file a program defines FP_IN (the move of an operand
 * into an f register: fmv.w.x or fmv.d.x) and FP_WIDTH (32 or 64). Results are
 * always read back with fmv.x.d, so a single-precision result that is not
 * NaN-boxed (upper 32 bits not all ones) is printed in full, marked '!'.
 *
 * Output per rounded operation and operand tuple, e.g.
 *   fadd.d 3ff0000000000000 3ca0000000000000 | rne 3ff0000000000000 ----X | ... | dyn ok
 * or "| all <result> <flags>" when the five static modes agree. Flags print as
 * VZOUX (invalid, divide by zero, overflow, underflow, inexact), '-' when clear.
 */
#ifndef FEUERBIRD_FP_H
#define FEUERBIRD_FP_H

#include "hwtest.h"

#if !defined(FP_IN) || !defined(FP_WIDTH)
#error "define FP_IN and FP_WIDTH before including fp.h"
#endif

/* One generated operation: operands as raw bits, frm to set, flags out. */
typedef uint64_t (*fp_fn)(uint64_t a, uint64_t b, uint64_t c, uint64_t frm, uint64_t *flags);

#define FP_CLOBBERS "ft0", "ft1", "ft2", "ft3"

/* Template for operations whose result is in f register ft3. */
#define FP_TMPL_F(name, body)                                                        \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c, uint64_t frm, uint64_t *fl) \
    {                                                                                \
        uint64_t r, f;                                                               \
        __asm__ volatile("csrw frm, %[m]\n\t" FP_IN " ft0, %[a]\n\t" FP_IN " ft1, %[b]\n\t" \
                         FP_IN " ft2, %[c]\n\tcsrw fflags, zero\n\t" body "\n\t"     \
                         "csrr %[f], fflags\n\tfmv.x.d %[r], ft3"                    \
                         : [r] "=&r"(r), [f] "=&r"(f)                                \
                         : [a] "r"(a), [b] "r"(b), [c] "r"(c), [m] "r"(frm)          \
                         : FP_CLOBBERS);                                             \
        *fl = f;                                                                     \
        return r;                                                                    \
    }

/* Template for operations whose result is an integer register (%[r]). */
#define FP_TMPL_X(name, body)                                                        \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c, uint64_t frm, uint64_t *fl) \
    {                                                                                \
        uint64_t r, f;                                                               \
        __asm__ volatile("csrw frm, %[m]\n\t" FP_IN " ft0, %[a]\n\t" FP_IN " ft1, %[b]\n\t" \
                         FP_IN " ft2, %[c]\n\tcsrw fflags, zero\n\t" body "\n\t"     \
                         "csrr %[f], fflags"                                         \
                         : [r] "=&r"(r), [f] "=&r"(f)                                \
                         : [a] "r"(a), [b] "r"(b), [c] "r"(c), [m] "r"(frm)          \
                         : FP_CLOBBERS);                                             \
        *fl = f;                                                                     \
        return r;                                                                    \
    }

/* Instruction bodies, by operand shape. */
#define B_F1(insn, rm) insn " ft3, ft0, " #rm         /* fd = op(fs1), rounded */
#define B_F2(insn, rm) insn " ft3, ft0, ft1, " #rm    /* fd = op(fs1, fs2), rounded */
#define B_F3(insn, rm) insn " ft3, ft0, ft1, ft2, " #rm
#define B_XF(insn, rm) insn " %[r], ft0, " #rm        /* xd = cvt(fs1) */
#define B_FX(insn, rm) insn " ft3, %[a], " #rm        /* fd = cvt(xs1) */

/* Generates name_rne .. name_dyn and the array name_fns[6] in mode-number order. */
#define FP_GEN6(tmpl, body, name, insn)                                              \
    tmpl(name##_rne, body(insn, rne)) tmpl(name##_rtz, body(insn, rtz))              \
    tmpl(name##_rdn, body(insn, rdn)) tmpl(name##_rup, body(insn, rup))              \
    tmpl(name##_rmm, body(insn, rmm)) tmpl(name##_dyn, body(insn, dyn))              \
    static const fp_fn name##_fns[6] = {name##_rne, name##_rtz, name##_rdn,          \
                                        name##_rup, name##_rmm, name##_dyn};

/*
 * The exact widening conversions (fcvt.d.w, fcvt.d.wu, fcvt.d.s) still have an
 * rm field that a hart must accept, but binutils 2.40 only assembles them with
 * rm=0; .insn spells out each encoding (OP-FP, rm, funct7, rd, rs1, rs2-field).
 */
#define B_INSN(funct7, rm, rs1, rs2) ".insn r 0x53, " #rm ", " #funct7 ", ft3, " rs1 ", " #rs2
#define FP_GEN6_INSN(name, funct7, rs1, rs2)                                         \
    FP_TMPL_F(name##_rne, B_INSN(funct7, 0, rs1, rs2))                               \
    FP_TMPL_F(name##_rtz, B_INSN(funct7, 1, rs1, rs2))                               \
    FP_TMPL_F(name##_rdn, B_INSN(funct7, 2, rs1, rs2))                               \
    FP_TMPL_F(name##_rup, B_INSN(funct7, 3, rs1, rs2))                               \
    FP_TMPL_F(name##_rmm, B_INSN(funct7, 4, rs1, rs2))                               \
    FP_TMPL_F(name##_dyn, B_INSN(funct7, 7, rs1, rs2))                               \
    static const fp_fn name##_fns[6] = {name##_rne, name##_rtz, name##_rdn,          \
                                        name##_rup, name##_rmm, name##_dyn};

/* How an operation's operands and result print: 'f' program width, 's' single, 'd' double, 'x' integer. */
struct fp_op {
    const char *name;
    int nargs;
    char arg;
    char res;
    const fp_fn *fns; /* [6] for rounded ops, [1] for the others */
};

static const char *const rm_names[5] = {"rne", "rtz", "rdn", "rup", "rmm"};

static void print_flags(uint64_t f)
{
    static const char letters[] = "VZOUX";
    for (int bit = 4; bit >= 0; bit--)
        putchar((f >> bit) & 1 ? letters[4 - bit] : '-');
}

/* A single-precision result must be NaN-boxed; anything else is shown whole and marked. */
static void print_single_result(uint64_t v)
{
    if ((v >> 32) == 0xffffffffu)
        printf("%08lx", v & 0xffffffffu);
    else
        printf("!%016lx", v);
}

static void print_value(char kind, uint64_t v)
{
    switch (kind) {
    case 's':
        print_single_result(v);
        break;
    case 'f':
        if (FP_WIDTH == 32)
            printf("%08lx", v & 0xffffffffu);
        else
            printf("%016lx", v);
        break;
    default:
        printf("%016lx", v);
        break;
    }
}

static void print_operands(const struct fp_op *op, uint64_t a, uint64_t b, uint64_t c)
{
    printf("%-9s ", op->name);
    print_value(op->arg, a);
    if (op->nargs > 1) {
        putchar(' ');
        print_value(op->arg, b);
    }
    if (op->nargs > 2) {
        putchar(' ');
        print_value(op->arg, c);
    }
}

/* One line: the operation in all five static modes, then the dynamic mode under each frm. */
static void rounded_line(const struct fp_op *op, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t r[5], f[5];
    int same = 1;
    for (int m = 0; m < 5; m++) {
        r[m] = op->fns[m](a, b, c, (uint64_t)(m + 2) % 5, &f[m]);
        same &= r[m] == r[0] && f[m] == f[0];
    }
    print_operands(op, a, b, c);
    for (int m = 0; m < (same ? 1 : 5); m++) {
        printf(" | %s ", same ? "all" : rm_names[m]);
        print_value(op->res, r[m]);
        putchar(' ');
        print_flags(f[m]);
    }
    int dyn_ok = 1;
    for (int m = 0; m < 5; m++) {
        uint64_t fd;
        uint64_t rd = op->fns[5](a, b, c, (uint64_t)m, &fd);
        if (rd != r[m] || fd != f[m]) {
            printf(" | dyn%d ", m);
            print_value(op->res, rd);
            putchar(' ');
            print_flags(fd);
            dyn_ok = 0;
        }
    }
    puts(dyn_ok ? " | dyn ok" : "");
}

/* Operations without a rounding mode: one call, with frm set to an arbitrary value. */
static uint64_t plain_call(const struct fp_op *op, uint64_t a, uint64_t b, uint64_t *f)
{
    return op->fns[0](a, b, 0, 3, f);
}

/* All non-rounded binary ops on one pair, on one line: name=result/flags. */
static void plain_pair_line(const struct fp_op *ops, size_t n, uint64_t a, uint64_t b)
{
    printf("pair ");
    print_value('f', a);
    putchar(' ');
    print_value('f', b);
    for (size_t i = 0; i < n; i++) {
        uint64_t f;
        uint64_t r = plain_call(&ops[i], a, b, &f);
        printf(" %s=", ops[i].name);
        if (ops[i].res == 'x')
            printf("%lx", r);
        else
            print_value(ops[i].res, r);
        if (f != 0) {
            putchar('/');
            print_flags(f);
        }
    }
    putchar('\n');
}

/* Reads fflags and frm without disturbing them (for checks after a section). */
static inline uint64_t read_fcsr(void)
{
    uint64_t v;
    __asm__ volatile("frcsr %0" : "=r"(v));
    return v;
}

#endif
