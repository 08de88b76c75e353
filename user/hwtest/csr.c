/*
 * csr — the CSRs a user program may touch, compared against qemu.
 *
 * fflags, frm and fcsr are three views of one register: each write through
 * one view must show in the others, reserved bits must read as zero, and all
 * six Zicsr instructions (csrrw/s/c and their immediate forms, with rd = x0
 * and rs1 = x0 variants) must return the old value and update as specified.
 * The accrued exception flags must accumulate across FP operations.
 *
 * The counters are only checked for monotonicity: qemu-user implements
 * cycle, time and instret with the host's timestamp counter, so neither exact
 * instret deltas nor rates are reproducible under qemu (measured: the "delta"
 * across three nops varies between runs). Reads with rs1 = x0 / uimm = 0
 * (csrrs, csrrc, csrrsi) must not count as writes to these read-only CSRs.
 */
#include "hwtest.h"

static uint64_t rd_fcsr(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, fcsr" : "=r"(v));
    return v;
}

static uint64_t rd_frm(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, frm" : "=r"(v));
    return v;
}

static uint64_t rd_fflags(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, fflags" : "=r"(v));
    return v;
}

static void show(const char *what, uint64_t old)
{
    printf("%-34s old=%016lx fcsr=%02lx frm=%lx fflags=%02lx\n", what, old, rd_fcsr(), rd_frm(), rd_fflags());
}

/* Register forms: csrrw/csrrs/csrrc on one of the FP CSRs with a register operand. */
#define CSR_REG(insn, csr, val)                                                      \
    do {                                                                             \
        uint64_t old_;                                                               \
        __asm__ volatile(#insn " %0, " #csr ", %1" : "=r"(old_) : "r"((uint64_t)(val))); \
        show(#insn " " #csr ", " #val, old_);                                        \
    } while (0)

/* Immediate forms (5-bit zero-extended uimm). */
#define CSR_IMM(insn, csr, uimm)                                                     \
    do {                                                                             \
        uint64_t old_;                                                               \
        __asm__ volatile(#insn " %0, " #csr ", %1" : "=r"(old_) : "i"(uimm));        \
        show(#insn " " #csr ", " #uimm, old_);                                       \
    } while (0)

static void test_fp_csrs(void)
{
    section("fflags/frm/fcsr");
    show("initial", 0);
    CSR_REG(csrrw, fflags, 0x1f);
    CSR_REG(csrrw, frm, 3);
    CSR_REG(csrrw, fcsr, 0xffffffffffffffff); /* reserved bits 63:8 must stay zero */
    CSR_REG(csrrw, fflags, 0xe0);             /* only bits 4:0 exist */
    CSR_REG(csrrw, frm, 0xfa);                /* only bits 2:0 exist */
    CSR_REG(csrrw, fcsr, 0x100);
    CSR_REG(csrrs, fcsr, 0x81);
    CSR_REG(csrrs, fflags, 0x0a);
    CSR_REG(csrrc, fcsr, 0x03);
    CSR_REG(csrrc, frm, 0x5);
    CSR_REG(csrrs, frm, 0x6);
    CSR_REG(csrrc, fflags, 0xff);
    CSR_REG(csrrw, fcsr, 0xa5);
    CSR_IMM(csrrwi, fflags, 0x15);
    CSR_IMM(csrrsi, fflags, 0x0a);
    CSR_IMM(csrrci, fflags, 0x11);
    CSR_IMM(csrrwi, frm, 0x1f);
    CSR_IMM(csrrci, frm, 0x02);
    CSR_IMM(csrrsi, frm, 0x00);
    CSR_IMM(csrrwi, fcsr, 0x1f);
    CSR_IMM(csrrsi, fcsr, 0x10);
    CSR_IMM(csrrci, fcsr, 0x0f);
    CSR_IMM(csrrwi, fcsr, 0);

    /* rd = x0 and rs1 = x0 variants, and the assembler's FP CSR aliases */
    __asm__ volatile("csrw fcsr, %0" : : "r"(0x45ull));
    show("csrw fcsr (csrrw x0)", 0);
    __asm__ volatile("csrs fflags, %0" : : "r"(0x12ull));
    show("csrs fflags (csrrs x0)", 0);
    __asm__ volatile("csrc frm, %0" : : "r"(0x2ull));
    show("csrc frm (csrrc x0)", 0);
    __asm__ volatile("csrwi fflags, 3");
    show("csrwi fflags 3", 0);
    __asm__ volatile("csrsi frm, 4");
    show("csrsi frm 4", 0);
    __asm__ volatile("csrci fcsr, 1");
    show("csrci fcsr 1", 0);
    uint64_t a, b;
    __asm__ volatile("fscsr %0, %1\n\tfrcsr %0" : "=&r"(a) : "r"(0x7bull));
    show("fscsr 0x7b; frcsr", a);
    __asm__ volatile("fsrm %0, %2\n\tfsflags %1, %3" : "=&r"(a), "=&r"(b) : "r"(1ull), "r"(0x4ull));
    printf("fsrm old=%lx fsflags old=%lx\n", a, b);
    show("after fsrm 1; fsflags 4", 0);
    __asm__ volatile("fsrmi %0, 2\n\tfsflagsi %1, 0x1c" : "=&r"(a), "=&r"(b));
    printf("fsrmi old=%lx fsflagsi old=%lx\n", a, b);
    show("after fsrmi 2; fsflagsi 0x1c", 0);
    __asm__ volatile("frrm %0\n\tfrflags %1" : "=&r"(a), "=&r"(b));
    printf("frrm=%lx frflags=%lx\n", a, b);

    /* every uimm value through csrrwi into fflags and frm */
    for (int v = 0; v < 32; v++) {
        uint64_t ff, rm;
#define WI(n)                                                                        \
    if (v == (n))                                                                    \
        __asm__ volatile("csrrwi zero, fflags, %2\n\tcsrrwi zero, frm, %2\n\t"       \
                         "csrr %0, fflags\n\tcsrr %1, frm"                           \
                         : "=&r"(ff), "=&r"(rm) : "i"(n));
        REP32(WI)
#undef WI
        printf("csrrwi %2d: fflags=%02lx frm=%lx fcsr=%02lx\n", v, ff, rm, rd_fcsr());
    }
    __asm__ volatile("csrw fcsr, zero");
}

/* The accrued flags are sticky: FP operations only ever add to them. */
static void test_accrual(void)
{
    section("fflags accrual");
    uint64_t f1, f2, f3, f4;
    __asm__ volatile("csrw fcsr, zero\n\t"
                     "li t0, 1\n\tfcvt.d.l ft0, t0\n\tfcvt.d.l ft1, zero\n\t"
                     "fdiv.d ft2, ft0, ft1\n\tcsrr %0, fflags\n\t"  /* 1/0: DZ */
                     "li t0, 3\n\tfcvt.d.l ft1, t0\n\t"
                     "fdiv.d ft2, ft0, ft1\n\tcsrr %1, fflags\n\t"  /* 1/3: + NX */
                     "fmul.d ft2, ft0, ft0\n\tcsrr %2, fflags\n\t"  /* exact: unchanged */
                     "fsub.d ft2, ft2, ft2\n\tfsqrt.d ft3, ft1\n\t"
                     "fcvt.d.l ft1, zero\n\tfdiv.d ft2, ft1, ft1\n\tcsrr %3, fflags" /* 0/0: + NV */
                     : "=&r"(f1), "=&r"(f2), "=&r"(f3), "=&r"(f4)
                     :
                     : "t0", "ft0", "ft1", "ft2", "ft3");
    printf("after 1/0: %02lx, then 1/3: %02lx, then exact 1*1: %02lx, then 0/0: %02lx\n", f1, f2, f3, f4);
    /* flags raised under one frm survive a change of frm, and fcsr shows both */
    __asm__ volatile("fsrmi 4\n\tfcvt.d.l ft0, zero\n\tfeq.d t0, ft0, ft0\n\tcsrr %0, fcsr"
                     : "=r"(f1) : : "t0", "ft0");
    printf("fcsr after fsrmi 4: %02lx\n", f1);
    /* flt with a quiet NaN signals invalid; feq does not */
    __asm__ volatile("csrw fcsr, zero\n\tli t0, -1\n\tfmv.d.x ft0, t0\n\tfeq.d t1, ft0, ft0\n\t"
                     "csrr %0, fflags\n\tflt.d t1, ft0, ft0\n\tcsrr %1, fflags"
                     : "=&r"(f1), "=&r"(f2) : : "t0", "t1", "ft0");
    printf("feq qNaN: %02lx, then flt qNaN: %02lx\n", f1, f2);
    __asm__ volatile("csrw fcsr, zero");
}

/* ---- counters ---- */

#define READ_COUNTER(name) ({ uint64_t v_; __asm__ volatile("rd" #name " %0" : "=r"(v_)); v_; })

/* A block of work the compiler cannot remove, so the counters have something to count. */
static void busy(int n)
{
    for (volatile int i = 0; i < n; i++) {
    }
}

static void check_counter(const char *name, uint64_t (*read)(void))
{
    uint64_t prev = read();
    int monotonic = 1;
    for (int i = 0; i < 1000; i++) {
        uint64_t now = read();
        monotonic &= now >= prev;
        prev = now;
    }
    uint64_t before = read();
    busy(1000);
    uint64_t after = read();
    /* time may tick slowly: wait (bounded) for it to move at all */
    for (long spins = 0; after == before && spins < 100000000; spins++)
        after = read();
    printf("%s: non-decreasing over 1000 reads: %s; increases: %s\n", name, monotonic ? "yes" : "no",
           after > before ? "yes" : "no");
}

static uint64_t read_cycle(void) { return READ_COUNTER(cycle); }
static uint64_t read_time(void) { return READ_COUNTER(time); }
static uint64_t read_instret(void) { return READ_COUNTER(instret); }

static void test_counters(void)
{
    section("counters");
    check_counter("cycle", read_cycle);
    check_counter("time", read_time);
    check_counter("instret", read_instret);
    /* read-only CSRs may be read with csrrs/csrrc rs1=x0 and csrrsi/csrrci uimm=0 */
    uint64_t c0, c1, t0, t1, i0, i1;
    __asm__ volatile("csrrs %0, cycle, zero\n\tcsrrc %1, time, zero\n\tcsrrsi %2, instret, 0\n\t"
                     "csrrci %3, cycle, 0\n\tcsrr %4, time\n\tcsrr %5, instret"
                     : "=&r"(c0), "=&r"(t0), "=&r"(i0), "=&r"(c1), "=&r"(t1), "=&r"(i1));
    printf("csrrs/csrrc/csrrsi/csrrci on counters: cycle %s, time %s, instret %s\n",
           c1 >= c0 ? "non-decreasing" : "DECREASED", t1 >= t0 ? "non-decreasing" : "DECREASED",
           i1 > i0 ? "increasing" : "NOT increasing");
    /* instret counts every retired instruction, so it must grow by at least the work done */
    uint64_t s = read_instret();
    busy(100);
    uint64_t e = read_instret();
    printf("instret grew across a loop: %s\n", e > s ? "yes" : "no");
}

int main(void)
{
    test_fp_csrs();
    test_accrual();
    test_counters();
    puts("done");
    return 0;
}
