/*
 * int_alu — the RV64I base integer instructions, compared against qemu.
 *
 * Register-register and register-immediate ALU ops (including every W form,
 * whose 32-bit results must be sign-extended), every shift amount of every
 * immediate shift, lui/auipc, all six branches (plus their x0 forms and far
 * offsets in both directions), loads and stores of every width at every
 * alignment inside one page, and jal/jalr link values. Each instruction is
 * spelled out in inline assembly so the compiler cannot substitute another;
 * addresses only ever appear as differences, so the output does not depend on
 * where the loader put the program.
 */
#include "hwtest.h"

/* ---- register-register ---- */

#define RR_FN(insn)                                                                  \
    static uint64_t rr_##insn(uint64_t a, uint64_t b)                                \
    {                                                                                \
        uint64_t r;                                                                  \
        __asm__ volatile(#insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));            \
        return r;                                                                    \
    }
RR_FN(add) RR_FN(sub) RR_FN(sll) RR_FN(srl) RR_FN(sra) RR_FN(slt) RR_FN(sltu)
RR_FN(xor) RR_FN(or) RR_FN(and) RR_FN(addw) RR_FN(subw) RR_FN(sllw) RR_FN(srlw) RR_FN(sraw)

static const struct {
    const char *name;
    uint64_t (*fn)(uint64_t, uint64_t);
} rr_ops[] = {
    {"add", rr_add},   {"sub", rr_sub},   {"sll", rr_sll},   {"srl", rr_srl},   {"sra", rr_sra},
    {"slt", rr_slt},   {"sltu", rr_sltu}, {"xor", rr_xor},   {"or", rr_or},     {"and", rr_and},
    {"addw", rr_addw}, {"subw", rr_subw}, {"sllw", rr_sllw}, {"srlw", rr_srlw}, {"sraw", rr_sraw},
};

static void rr_line(uint64_t a, uint64_t b)
{
    for (size_t i = 0; i < ARRAY_LEN(rr_ops); i++)
        printf("%-5s %016lx %016lx = %016lx\n", rr_ops[i].name, a, b, rr_ops[i].fn(a, b));
}

static void test_rr(void)
{
    section("register-register");
    for (size_t i = 0; i < ARRAY_LEN(int_corners); i++)
        for (size_t j = 0; j < ARRAY_LEN(int_corners); j++)
            rr_line(int_corners[i], int_corners[j]);
    for (int k = 0; k < 200; k++) {
        uint64_t a = rand_operand();
        rr_line(a, rand_operand());
    }
}

/* ---- register-immediate (12-bit signed immediates, sign-extended) ---- */

#define RI(insn, a, imm)                                                             \
    do {                                                                             \
        uint64_t r_;                                                                 \
        __asm__ volatile(#insn " %0, %1, %2" : "=r"(r_) : "r"(a), "i"(imm));         \
        printf("%-6s %016lx %5d = %016lx\n", #insn, (a), (int)(imm), r_);          \
    } while (0)

#define RI_IMMS(insn, a)                                                             \
    do {                                                                             \
        RI(insn, a, 0); RI(insn, a, 1); RI(insn, a, -1); RI(insn, a, 2);             \
        RI(insn, a, -2); RI(insn, a, 31); RI(insn, a, 32); RI(insn, a, 0x7f);        \
        RI(insn, a, 0x80); RI(insn, a, 0x7ff); RI(insn, a, -0x800); RI(insn, a, -0x7ff); \
        RI(insn, a, 0x555); RI(insn, a, -0x556);                                     \
    } while (0)

static void ri_line(uint64_t a)
{
    RI_IMMS(addi, a);
    RI_IMMS(slti, a);
    RI_IMMS(sltiu, a);
    RI_IMMS(xori, a);
    RI_IMMS(ori, a);
    RI_IMMS(andi, a);
    RI_IMMS(addiw, a);
}

static void test_ri(void)
{
    section("register-immediate");
    for (size_t i = 0; i < ARRAY_LEN(int_corners); i++)
        ri_line(int_corners[i]);
    for (int k = 0; k < 16; k++)
        ri_line(rand_operand());
}

/* ---- immediate shifts: every legal shift amount ---- */

#define SH(insn, n)                                                                  \
    do {                                                                             \
        uint64_t r_;                                                                 \
        __asm__ volatile(#insn " %0, %1, %2" : "=r"(r_) : "r"(a), "i"(n));           \
        printf("%-6s %016lx %2d = %016lx\n", #insn, a, (int)(n), r_);              \
    } while (0);
#define SLLI(n) SH(slli, n)
#define SRLI(n) SH(srli, n)
#define SRAI(n) SH(srai, n)
#define SLLIW(n) SH(slliw, n)
#define SRLIW(n) SH(srliw, n)
#define SRAIW(n) SH(sraiw, n)

static const uint64_t shift_operands[] = {
    0x8000000000000001ull, 0xfedcba9876543210ull, 0xffffffffffffffffull, 0x0000000000000001ull,
    0x0000000080000000ull, 0x000000007fffffffull, 0x00000000ffffffffull, 0x7fffffff80000001ull,
};

static void test_shift_imm(void)
{
    section("immediate shifts");
    for (size_t i = 0; i < ARRAY_LEN(shift_operands); i++) {
        uint64_t a = shift_operands[i];
        REP64(SLLI)
        REP64(SRLI)
        REP64(SRAI)
        REP32(SLLIW)
        REP32(SRLIW)
        REP32(SRAIW)
    }
}

/* ---- lui / auipc ---- */

#define LUI(imm)                                                                     \
    do {                                                                             \
        uint64_t r_;                                                                 \
        __asm__ volatile("lui %0, %1" : "=r"(r_) : "i"(imm));                        \
        printf("lui   %05x = %016lx\n", (unsigned)(imm), r_);                        \
    } while (0)

/* auipc's result minus the address of the auipc itself: just the shifted immediate. */
#define AUIPC(imm)                                                                   \
    do {                                                                             \
        uint64_t r_, pc_;                                                            \
        __asm__ volatile("1: auipc %0, %2\n\tlla %1, 1b" : "=&r"(r_), "=r"(pc_) : "i"(imm)); \
        printf("auipc %05x = pc%+ld\n", (unsigned)(imm), (long)(r_ - pc_));          \
    } while (0)

static void test_upper(void)
{
    section("lui/auipc");
    LUI(0); LUI(1); LUI(0x7ffff); LUI(0x80000); LUI(0x80001); LUI(0xfffff); LUI(0x12345); LUI(0xabcde);
    AUIPC(0); AUIPC(1); AUIPC(0x7ffff); AUIPC(0x80000); AUIPC(0xfffff); AUIPC(0x12345); AUIPC(0xabcde);
}

/* ---- branches ---- */

/* Each returns 1 if the branch was taken. */
#define BR_FN(insn)                                                                  \
    static int br_##insn(uint64_t a, uint64_t b)                                     \
    {                                                                                \
        int t;                                                                       \
        __asm__ volatile("li %0, 1\n\t" #insn " %1, %2, 1f\n\tli %0, 0\n1:"          \
                         : "=&r"(t) : "r"(a), "r"(b));                               \
        return t;                                                                    \
    }
BR_FN(beq) BR_FN(bne) BR_FN(blt) BR_FN(bge) BR_FN(bltu) BR_FN(bgeu)

/* The same branches with x0 as either operand (beqz, bltz, bgtz, ...). */
#define BRZ_FN(insn)                                                                 \
    static int brz_##insn(uint64_t a)                                                \
    {                                                                                \
        int t1, t2;                                                                  \
        __asm__ volatile("li %0, 1\n\t" #insn " %2, zero, 1f\n\tli %0, 0\n1:\n\t"     \
                         "li %1, 1\n\t" #insn " zero, %2, 2f\n\tli %1, 0\n2:"          \
                         : "=&r"(t1), "=&r"(t2) : "r"(a));                           \
        return t1 * 2 + t2;                                                          \
    }
BRZ_FN(beq) BRZ_FN(bne) BRZ_FN(blt) BRZ_FN(bge) BRZ_FN(bltu) BRZ_FN(bgeu)

static const struct {
    const char *name;
    int (*fn)(uint64_t, uint64_t);
    int (*zfn)(uint64_t);
} branches[] = {
    {"beq", br_beq, brz_beq},   {"bne", br_bne, brz_bne},   {"blt", br_blt, brz_blt},
    {"bge", br_bge, brz_bge},   {"bltu", br_bltu, brz_bltu}, {"bgeu", br_bgeu, brz_bgeu},
};

static unsigned taken_count[ARRAY_LEN(branches)];

static void branch_line(uint64_t a, uint64_t b)
{
    printf("br %016lx %016lx", a, b);
    for (size_t i = 0; i < ARRAY_LEN(branches); i++) {
        int t = branches[i].fn(a, b);
        taken_count[i] += (unsigned)t;
        printf(" %s=%d", branches[i].name, t);
    }
    putchar('\n');
}

/* A counted loop closed by a backward branch: the iteration count shows the branch worked. */
static uint64_t backward_loop(uint64_t n)
{
    uint64_t count = 0;
    __asm__ volatile("1: addi %0, %0, 1\n\taddi %1, %1, -1\n\tbnez %1, 1b"
                     : "+r"(count), "+r"(n));
    return count;
}

/*
 * Branches and jumps across thousands of bytes, so the high immediate bits are
 * decoded: forward taken, forward not taken (falls through the counted
 * filler) and backward. norvc keeps the filler the same size in every flavour.
 */
static void far_branches(void)
{
    uint64_t r;
    __asm__ volatile(".option push\n\t.option norvc\n\t"
                     "li %0, 0\n\tbeq zero, zero, 2f\n\t"
                     ".rept 990\n\taddi %0, %0, 1\n\t.endr\n"
                     "2:\n\t.option pop"
                     : "=&r"(r));
    printf("far beq forward taken: skipped=%lu\n", 990 - r);
    __asm__ volatile(".option push\n\t.option norvc\n\t"
                     "li %0, 0\n\tbne zero, zero, 2f\n\t"
                     ".rept 990\n\taddi %0, %0, 1\n\t.endr\n"
                     "2:\n\t.option pop"
                     : "=&r"(r));
    printf("far bne forward not taken: executed=%lu\n", r);
    __asm__ volatile(".option push\n\t.option norvc\n\t"
                     "li %0, 0\n\tj 3f\n"
                     "1:\n\taddi %0, %0, 1000\n\tj 4f\n\t"
                     ".rept 990\n\taddi %0, %0, 1\n\t.endr\n"
                     "3:\n\tbge zero, zero, 1b\n"
                     "4:\n\t.option pop"
                     : "=&r"(r));
    printf("far bge backward: r=%lu\n", r);
    __asm__ volatile(".option push\n\t.option norvc\n\t"
                     "li %0, 0\n\tjal zero, 3f\n"
                     "1:\n\taddi %0, %0, 7\n\tjal zero, 4f\n\t"
                     ".skip 0x9000\n"
                     "3:\n\taddi %0, %0, 5\n\tjal zero, 1b\n\t"
                     ".skip 0x9000\n"
                     "4:\n\t.option pop"
                     : "=&r"(r));
    printf("far jal forward+backward: r=%lu\n", r);
}

static void test_branches(void)
{
    section("branches");
    for (size_t i = 0; i < ARRAY_LEN(int_corners); i += 2)
        for (size_t j = 0; j < ARRAY_LEN(int_corners); j += 2)
            branch_line(int_corners[i], int_corners[j]);
    for (size_t i = 0; i < ARRAY_LEN(int_corners); i++)
        branch_line(int_corners[i], int_corners[i]);
    for (int k = 0; k < 100; k++) {
        uint64_t a = rand_operand();
        /* every fourth pair shares the upper half, so unsigned/signed orders differ only below */
        uint64_t b = (k & 3) == 0 ? (a & ~0xffffffffull) | rng32() : rand_operand();
        branch_line(a, b);
    }
    for (size_t i = 0; i < ARRAY_LEN(branches); i++)
        printf("%s taken %u times\n", branches[i].name, taken_count[i]);
    for (size_t i = 0; i < ARRAY_LEN(int_corners); i++) {
        printf("brz %016lx", int_corners[i]);
        for (size_t k = 0; k < ARRAY_LEN(branches); k++)
            printf(" %s=%d", branches[k].name, branches[k].zfn(int_corners[i]));
        putchar('\n');
    }
    printf("backward loop 1 -> %lu, 1000 -> %lu\n", backward_loop(1), backward_loop(1000));
    far_branches();
}

/* ---- loads and stores ---- */

/* 64-byte aligned, 64 bytes long: never crosses a page, so misaligned accesses stay inside one. */
static uint8_t mem[64] __attribute__((aligned(64)));

static void fill_mem(void)
{
    /* bytes with and without the sign bit, so lb/lbu etc. differ */
    for (int i = 0; i < 64; i++)
        mem[i] = (uint8_t)(i * 0x25 + 0x83);
}

#define LOAD(insn, p, off)                                                           \
    ({                                                                               \
        uint64_t r_;                                                                 \
        __asm__ volatile(#insn " %0, %2(%1)" : "=r"(r_) : "r"(p), "i"(off), "m"(mem)); \
        r_;                                                                          \
    })

static void test_loads(void)
{
    section("loads");
    fill_mem();
    for (int o = 0; o < 16; o++) {
        uintptr_t p = (uintptr_t)mem + 16 + o;
        printf("off %2d lb=%016lx lbu=%016lx lh=%016lx lhu=%016lx\n", o, LOAD(lb, p, 0), LOAD(lbu, p, 0),
               LOAD(lh, p, 0), LOAD(lhu, p, 0));
        printf("off %2d lw=%016lx lwu=%016lx ld=%016lx\n", o, LOAD(lw, p, 0), LOAD(lwu, p, 0), LOAD(ld, p, 0));
    }
    /* the 12-bit offset, sign-extended, added to the base register */
    uintptr_t lo = (uintptr_t)mem + 8 + 2048, hi = (uintptr_t)mem + 8 - 2047;
    printf("ld -2048(base) = %016lx\n", LOAD(ld, lo, -2048));
    printf("ld 2047(base) = %016lx\n", LOAD(ld, hi, 2047));
    printf("lw -1(base) = %016lx\n", LOAD(lw, (uintptr_t)mem + 30, -1));
    printf("lhu 5(base) = %016lx\n", LOAD(lhu, (uintptr_t)mem + 30, 5));
}

#define STORE(insn, p, v)                                                            \
    __asm__ volatile(#insn " %1, 0(%0)" : : "r"(p), "r"(v) : "memory")

static void dump_mem_after(const char *what, int o)
{
    const uint64_t *w = (const uint64_t *)mem;
    printf("%s off %2d: %016lx %016lx %016lx\n", what, o, w[2], w[3], w[4]);
}

static void test_stores(void)
{
    section("stores");
    const uint64_t v = 0x8877665544332211ull;
    for (int o = 0; o < 16; o++) {
        uintptr_t p = (uintptr_t)mem + 16 + o;
        fill_mem();
        STORE(sb, p, v);
        dump_mem_after("sb", o);
        fill_mem();
        STORE(sh, p, v);
        dump_mem_after("sh", o);
        fill_mem();
        STORE(sw, p, v);
        dump_mem_after("sw", o);
        fill_mem();
        STORE(sd, p, v);
        dump_mem_after("sd", o);
    }
    /* store then reload at a different width and offset (little-endian byte order) */
    fill_mem();
    uintptr_t p = (uintptr_t)mem + 24;
    __asm__ volatile("sd %1, 0(%0)\n\tsw %2, 2(%0)\n\tsh %3, 5(%0)\n\tsb %3, -1(%0)"
                     : : "r"(p), "r"(v), "r"(0xdeadbeefcafef00dull), "r"(0x1234ull) : "memory");
    printf("mixed stores: lb -1 = %016lx, ld = %016lx, lw 1 = %016lx\n", LOAD(lb, p, -1), LOAD(ld, p, 0),
           LOAD(lw, p, 1));
}

/* ---- jal / jalr link values (as differences from nearby labels) ---- */

static void test_jumps(void)
{
    section("jal/jalr");
    int64_t link, ref;
    /* norvc: each jump is 4 bytes in every flavour, so link-pc is 4 everywhere */
    __asm__ volatile(".option push\n\t.option norvc\n"
                     "0: jal %0, 1f\n1:\n\tlla %1, 0b\n\t.option pop"
                     : "=&r"(link), "=r"(ref));
    printf("jal: link-pc = %ld\n", (long)(link - ref));
    __asm__ volatile(".option push\n\t.option norvc\n\tlla t0, 1f\n"
                     "0: jalr %0, 0(t0)\n1:\n\tlla %1, 0b\n\t.option pop"
                     : "=&r"(link), "=r"(ref) : : "t0");
    printf("jalr: link-pc = %ld\n", (long)(link - ref));
    __asm__ volatile(".option push\n\t.option norvc\n\tlla t0, 1f\n\taddi t0, t0, -100\n"
                     "0: jalr %0, 100(t0)\n1:\n\tlla %1, 0b\n\t.option pop"
                     : "=&r"(link), "=r"(ref) : : "t0");
    printf("jalr +100 from -100: link-pc = %ld\n", (long)(link - ref));
    __asm__ volatile(".option push\n\t.option norvc\n\tlla t0, 1f\n\taddi t0, t0, 2000\n"
                     "0: jalr %0, -2000(t0)\n1:\n\tlla %1, 0b\n\t.option pop"
                     : "=&r"(link), "=r"(ref) : : "t0");
    printf("jalr -2000 from +2000: link-pc = %ld\n", (long)(link - ref));
    /* rd == rs1: the target uses the old value, then the link overwrites it */
    __asm__ volatile(".option push\n\t.option norvc\n\tlla %0, 1f\n"
                     "0: jalr %0, 0(%0)\n1:\n\tlla %1, 0b\n\t.option pop"
                     : "=&r"(link), "=&r"(ref));
    printf("jalr rd=rs1: link-pc = %ld\n", (long)(link - ref));
    /* bit 0 of the target is cleared: jumping to label+1 lands on label */
    uint64_t landed;
    __asm__ volatile(".option push\n\t.option norvc\n\tli %0, 0\n\tlla t0, 1f\n\taddi t0, t0, 1\n\t"
                     "jalr t1, 0(t0)\n\tj 2f\n1:\n\tli %0, 1\n2:\n\t.option pop"
                     : "=&r"(landed) : : "t0", "t1");
    printf("jalr to odd address lands on even: %s\n", landed ? "yes" : "no");
    /* a call/return pair through ra, the way compiled code uses it */
    uint64_t got;
    __asm__ volatile(".option push\n\t.option norvc\n\tj 2f\n"
                     "1: addi a0, a0, 40\n\tret\n"
                     "2: li a0, 2\n\tjal ra, 1b\n\tmv %0, a0\n\t.option pop"
                     : "=r"(got) : : "a0", "ra");
    printf("call/ret: %lu\n", got);
    /* x0 as destination discards the link; x0 as source reads zero */
    uint64_t z;
    __asm__ volatile("addi zero, zero, 5\n\tadd %0, zero, zero" : "=r"(z));
    printf("x0 after write: %lu\n", z);
}

int main(void)
{
    rng_seed(0x1a2b3c4d5e6f7081ull);
    test_rr();
    test_ri();
    test_shift_imm();
    test_upper();
    test_branches();
    test_loads();
    test_stores();
    test_jumps();
    __asm__ volatile("fence\n\tfence rw, rw\n\tfence.i" ::: "memory");
    puts("fence, fence.i: executed");
    puts("done");
    return 0;
}
