/*
 * compressed — the C extension, instruction by instruction, compared against qemu.
 *
 * Every RV64C instruction a user program can meet is written by its c.
 * mnemonic inside an `.option rvc` region, so the assembler must emit the
 * 16-bit encoding or fail the build. Operands are moved into fixed registers
 * first, chosen to exercise the 3-bit register fields (x8..x15) at both ends
 * and the 5-bit fields with high registers; s0 (x8) is left alone because -O0
 * code uses it as the frame pointer. The stack-pointer forms run on a frame
 * the asm carves itself with c.addi16sp and releases before it ends.
 * Only built for rv64gc flavours (an rv64g build cannot contain these).
 */
#include "hwtest.h"

#define RVC_BEGIN ".option push\n\t.option rvc\n\t"
#define RVC_END "\n\t.option pop"

static const uint64_t operands[] = {
    0x0000000000000000ull, 0x0000000000000001ull, 0xffffffffffffffffull, 0x000000007fffffffull,
    0x0000000080000000ull, 0x00000000ffffffffull, 0x8000000000000000ull, 0x7fffffffffffffffull,
    0xfedcba9876543210ull, 0x0123456789abcdefull, 0xffffffff80000000ull, 0x5555555555555555ull,
};

/* ---- CA format: c.sub c.xor c.or c.and c.addw c.subw (rd', rs2') and CR c.mv c.add ---- */

#define C_RR(insn, rd, rs, a, b)                                                     \
    do {                                                                             \
        uint64_t r_;                                                                 \
        __asm__ volatile(RVC_BEGIN "mv " rd ", %1\n\tmv " rs ", %2\n\t" insn " " rd ", " rs "\n\t" \
                         "mv %0, " rd RVC_END                                        \
                         : "=r"(r_) : "r"(a), "r"(b) : rd, rs);                      \
        printf("%-7s %s,%s %016lx %016lx = %016lx\n", insn, rd, rs, (a), (b), r_);   \
    } while (0)

static void test_register_ops(void)
{
    section("c.sub c.xor c.or c.and c.addw c.subw c.mv c.add");
    for (size_t i = 0; i < ARRAY_LEN(operands); i++) {
        for (size_t j = 0; j < ARRAY_LEN(operands); j += 2) {
            uint64_t a = operands[i], b = operands[j];
            C_RR("c.sub", "s1", "a5", a, b);
            C_RR("c.xor", "a5", "s1", a, b);
            C_RR("c.or", "a0", "a1", a, b);
            C_RR("c.and", "a2", "a3", a, b);
            C_RR("c.addw", "a4", "s1", a, b);
            C_RR("c.subw", "a1", "a0", a, b);
            C_RR("c.mv", "t3", "t6", a, b);
            C_RR("c.add", "t6", "t3", a, b);
            C_RR("c.add", "ra", "a5", a, b);
        }
    }
}

/* ---- CI/CB format immediates: c.addi c.addiw c.li c.lui c.slli c.srli c.srai c.andi ---- */

#define C_RI(insn, rd, a, imm)                                                       \
    do {                                                                             \
        uint64_t r_;                                                                 \
        __asm__ volatile(RVC_BEGIN "mv " rd ", %1\n\t" insn " " rd ", %2\n\tmv %0, " rd RVC_END \
                         : "=r"(r_) : "r"(a), "i"(imm) : rd);                        \
        printf("%-7s %s %016lx %4d = %016lx\n", insn, rd, (a), (int)(imm), r_);      \
    } while (0)

#define C_SHIFTS(n) C_RI("c.slli", "t5", a, n); C_RI("c.srli", "a3", a, n); C_RI("c.srai", "s1", a, n);

static void test_immediate_ops(void)
{
    section("c.addi c.addiw c.li c.andi");
    for (size_t i = 0; i < ARRAY_LEN(operands); i++) {
        uint64_t a = operands[i];
        C_RI("c.addi", "a0", a, 1);
        C_RI("c.addi", "t4", a, -1);
        C_RI("c.addi", "a5", a, 31);
        C_RI("c.addi", "s1", a, -32);
        C_RI("c.addiw", "a1", a, 0);
        C_RI("c.addiw", "t0", a, 1);
        C_RI("c.addiw", "a2", a, -32);
        C_RI("c.addiw", "a3", a, 31);
        C_RI("c.andi", "a4", a, 0);
        C_RI("c.andi", "a5", a, -1);
        C_RI("c.andi", "s1", a, 31);
        C_RI("c.andi", "a0", a, -32);
        C_RI("c.andi", "a1", a, 0x15);
    }
#define C_LI(v)                                                                      \
    do {                                                                             \
        uint64_t r_;                                                                 \
        __asm__ volatile(RVC_BEGIN "c.li a4, %1\n\tmv %0, a4" RVC_END : "=r"(r_) : "i"(v) : "a4"); \
        printf("c.li    a4 %4d = %016lx\n", (int)(v), r_);                           \
    } while (0)
    C_LI(0); C_LI(1); C_LI(-1); C_LI(31); C_LI(-32); C_LI(15); C_LI(-16);
    section("c.lui");
#define C_LUI(imm)                                                                   \
    do {                                                                             \
        uint64_t r_;                                                                 \
        __asm__ volatile(RVC_BEGIN "c.lui a5, %1\n\tmv %0, a5" RVC_END : "=r"(r_) : "i"(imm) : "a5"); \
        printf("c.lui   a5 %05x = %016lx\n", (unsigned)(imm), r_);                   \
    } while (0)
    C_LUI(1); C_LUI(2); C_LUI(0x10); C_LUI(0x1f); C_LUI(0xfffe0); C_LUI(0xfffff); C_LUI(0xffff0);
    section("c.slli c.srli c.srai");
    for (size_t i = 0; i < ARRAY_LEN(operands); i += 3) {
        uint64_t a = operands[i];
        /* every shift amount 1..63 (0 is a hint / reserved encoding) */
        REP4(C_SHIFTS, 1) REP4(C_SHIFTS, 5) REP4(C_SHIFTS, 9) REP4(C_SHIFTS, 13)
        REP16(C_SHIFTS, 17) REP16(C_SHIFTS, 33) REP4(C_SHIFTS, 49) REP4(C_SHIFTS, 53)
        REP4(C_SHIFTS, 57) C_SHIFTS(61) C_SHIFTS(62) C_SHIFTS(63)
    }
}

/* ---- loads and stores: c.lw c.ld c.sw c.sd c.fld c.fsd (rs1' based) ---- */

static uint64_t buf[40] __attribute__((aligned(64)));

static void fill_buf(void)
{
    for (size_t i = 0; i < ARRAY_LEN(buf); i++)
        buf[i] = 0x8070605040302010ull + i * 0x0101010101010101ull;
}

static void test_memory_ops(void)
{
    section("c.lw c.ld c.sw c.sd c.fld c.fsd");
    fill_buf();
    uint64_t r0, r1, r2, r3;
    __asm__ volatile(RVC_BEGIN "mv a0, %4\n\tc.lw a1, 0(a0)\n\tc.lw a2, 4(a0)\n\tc.lw a3, 124(a0)\n\t"
                     "c.ld a4, 248(a0)\n\tmv %0, a1\n\tmv %1, a2\n\tmv %2, a3\n\tmv %3, a4" RVC_END
                     : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3) : "r"(buf), "m"(buf) : "a0", "a1", "a2", "a3", "a4");
    printf("c.lw 0 = %016lx, c.lw 4 = %016lx, c.lw 124 = %016lx, c.ld 248 = %016lx\n", r0, r1, r2, r3);
    __asm__ volatile(RVC_BEGIN "mv s1, %1\n\tc.ld a5, 0(s1)\n\tmv %0, a5" RVC_END
                     : "=r"(r0) : "r"(&buf[3]), "m"(buf) : "s1", "a5");
    printf("c.ld s1-based = %016lx\n", r0);
    fill_buf();
    __asm__ volatile(RVC_BEGIN "mv a5, %0\n\tmv a4, %1\n\tc.sw a4, 0(a5)\n\tc.sw a4, 12(a5)\n\t"
                     "c.sw a4, 124(a5)\n\tc.sd a4, 40(a5)\n\tc.sd a4, 248(a5)" RVC_END
                     : : "r"(buf), "r"(0xfedcba9876543210ull) : "a4", "a5", "memory");
    for (size_t i = 0; i < 32; i += 4)
        printf("after c.sw/c.sd buf[%2zu..] %016lx %016lx %016lx %016lx\n", i, buf[i], buf[i + 1], buf[i + 2],
               buf[i + 3]);
    fill_buf();
    __asm__ volatile(RVC_BEGIN "mv a0, %1\n\tc.fld fa2, 16(a0)\n\tc.fld fa5, 248(a0)\n\t"
                     "c.fsd fa2, 8(a0)\n\tc.fsd fa5, 0(a0)\n\tfmv.x.d %0, fa2" RVC_END
                     : "=r"(r0) : "r"(buf) : "a0", "fa2", "fa5", "memory");
    printf("c.fld/c.fsd: fa2 = %016lx, buf[0] = %016lx, buf[1] = %016lx\n", r0, buf[0], buf[1]);
}

/* ---- stack-pointer forms: c.addi16sp c.addi4spn c.lwsp c.ldsp c.swsp c.sdsp c.fldsp c.fsdsp ---- */

static void test_sp_ops(void)
{
    section("c.addi16sp c.addi4spn c.*sp");
    uint64_t down, up, spn4, spn1020, lw, ld, fld;
    __asm__ volatile(RVC_BEGIN
                     "mv t0, sp\n\t"
                     "c.addi16sp sp, -512\n\t"
                     "sub %[down], t0, sp\n\t"
                     "c.addi16sp sp, 496\n\t"
                     "c.addi16sp sp, -496\n\t"
                     "c.addi4spn a0, sp, 4\n\t"
                     "sub %[spn4], a0, sp\n\t"
                     "c.addi4spn a5, sp, 1020\n\t"
                     "sub %[spn1020], a5, sp\n\t"
                     "li a1, -2\n\t"
                     "c.swsp a1, 252(sp)\n\t"
                     "c.lwsp a2, 252(sp)\n\t"
                     "li a3, 0x7eadbeef\n\t"
                     "slli a3, a3, 24\n\t"
                     "c.sdsp a3, 504(sp)\n\t"
                     "c.ldsp t6, 504(sp)\n\t"
                     "c.sdsp a3, 0(sp)\n\t"
                     "c.fldsp ft9, 0(sp)\n\t"
                     "c.fsdsp ft9, 8(sp)\n\t"
                     "c.ldsp t5, 8(sp)\n\t"
                     "mv %[lw], a2\n\t"
                     "mv %[ld], t6\n\t"
                     "mv %[fld], t5\n\t"
                     "c.addi16sp sp, 256\n\t"
                     "c.addi16sp sp, 256\n\t"
                     "sub %[up], t0, sp" RVC_END
                     : [down] "=&r"(down), [up] "=&r"(up), [spn4] "=&r"(spn4), [spn1020] "=&r"(spn1020),
                       [lw] "=&r"(lw), [ld] "=&r"(ld), [fld] "=&r"(fld)
                     :
                     : "t0", "t5", "t6", "a0", "a1", "a2", "a3", "a5", "ft9", "memory");
    printf("c.addi16sp -512: sp moved by %lu; after +496-496+256+256 sp is back: %s\n", down, up == 0 ? "yes" : "no");
    printf("c.addi4spn 4 -> sp+%lu, 1020 -> sp+%lu\n", spn4, spn1020);
    printf("c.swsp/c.lwsp 252 -> %016lx\n", lw);
    printf("c.sdsp/c.ldsp 504 -> %016lx\n", ld);
    printf("c.sdsp/c.fldsp/c.fsdsp/c.ldsp -> %016lx\n", fld);
}

/* ---- control transfer: c.j c.jr c.jalr c.beqz c.bnez ---- */

static void test_control(void)
{
    section("c.beqz c.bnez");
    for (size_t i = 0; i < ARRAY_LEN(operands); i++) {
        uint64_t a = operands[i], z, nz;
        __asm__ volatile(RVC_BEGIN "mv a3, %2\n\tli %0, 1\n\tc.beqz a3, 1f\n\tli %0, 0\n1:\n\t"
                         "li %1, 1\n\tc.bnez a3, 2f\n\tli %1, 0\n2:" RVC_END
                         : "=&r"(z), "=&r"(nz) : "r"(a) : "a3");
        printf("c.beqz/c.bnez %016lx: beqz=%lu bnez=%lu\n", a, z, nz);
    }
    /* low 32 bits zero but upper not: the compare is on all 64 bits */
    uint64_t t;
    __asm__ volatile(RVC_BEGIN "li s1, 1\n\tslli s1, s1, 32\n\tli %0, 1\n\tc.beqz s1, 1f\n\tli %0, 0\n1:" RVC_END
                     : "=&r"(t) : : "s1");
    printf("c.beqz 1<<32: %lu\n", t);

    section("c.j c.jr c.jalr");
    uint64_t count;
    __asm__ volatile(RVC_BEGIN "li a4, 5\n\tli %0, 0\n1:\n\tc.beqz a4, 2f\n\tc.addi a4, -1\n\tc.addi %0, 3\n\t"
                     "c.j 1b\n2:\n\tc.j 3f\n\tc.li %0, 0\n3:" RVC_END
                     : "=&r"(count) : : "a4");
    printf("c.j loop: %lu\n", count);
    uint64_t skipped;
    __asm__ volatile(RVC_BEGIN "li %0, 1\n\tlla a2, 1f\n\tc.jr a2\n\tli %0, 0\n1:" RVC_END
                     : "=&r"(skipped) : : "a2");
    printf("c.jr forward skipped the li: %s\n", skipped ? "yes" : "no");
    int64_t link_pc, link_next;
    __asm__ volatile(RVC_BEGIN "lla t1, 1f\n0:\n\tc.jalr t1\n1:\n\tlla %0, 0b\n\tlla %1, 1b\n\t"
                     "sub %0, ra, %0\n\tsub %1, ra, %1" RVC_END
                     : "=&r"(link_pc), "=&r"(link_next) : : "t1", "ra");
    printf("c.jalr: link-pc = %ld, link-next = %ld\n", (long)link_pc, (long)link_next);
    /* a compressed call and return: c.jalr into a stub ending in c.jr ra */
    uint64_t v;
    __asm__ volatile(RVC_BEGIN "c.j 2f\n1:\n\tc.addi a0, 7\n\tc.slli a0, 1\n\tc.jr ra\n"
                     "2:\n\tc.li a0, 3\n\tlla a5, 1b\n\tc.jalr a5\n\tc.mv %0, a0" RVC_END
                     : "=r"(v) : : "a0", "a5", "ra");
    printf("c.jalr/c.jr ra call: %lu\n", v);
    __asm__ volatile(RVC_BEGIN "c.nop\n\tc.nop" RVC_END);
    puts("c.nop: executed");
}

/* A mixed 16/32-bit instruction stream: 32-bit instructions at 2-byte aligned addresses. */
static void test_mixed_alignment(void)
{
    section("mixed 16/32-bit stream");
    uint64_t r;
    __asm__ volatile(RVC_BEGIN "c.li a0, 1\n\t"
                     ".option norvc\n\taddi a0, a0, 100\n\t.option rvc\n\t"
                     "c.addi a0, 2\n\t"
                     ".option norvc\n\tslli a0, a0, 4\n\taddi a0, a0, -1\n\t.option rvc\n\t"
                     "c.srli a0, 1\n\t"
                     ".option norvc\n\tlui a1, 0x12345\n\t.option rvc\n\t"
                     "c.add a0, a1\n\tmv %0, a0" RVC_END
                     : "=r"(r) : : "a0", "a1");
    printf("mixed stream result: %016lx\n", r);
}

int main(void)
{
    test_register_ops();
    test_immediate_ops();
    test_memory_ops();
    test_sp_ops();
    test_control();
    test_mixed_alignment();
    puts("done");
    return 0;
}
