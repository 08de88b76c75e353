package org.feuerbird.hardware.cpu;

/**
 * A tiny assembler for tests: each method returns the encoding of one RV64GC instruction, so a
 * test can write a guest program as a list of calls that read like assembly
 * ({@code Asm.addi(A0, ZERO, 1)}).
 *
 * <p>It is written from the RISC-V specs' encoding tables, independently of the hart's
 * {@code InstructionTable}, so that the two can catch each other's mistakes; {@code AsmTest}
 * pins a sample of the encodings to what the GNU assembler produces. Operands follow GNU
 * order. Immediates are taken as the assembler shows them: branch and jump offsets in bytes
 * relative to the instruction, {@code lui}/{@code auipc} as their 20-bit field. Names with a
 * dot in assembly use an underscore ({@code lr_w}, {@code fence_i}). An immediate that does
 * not fit its field throws, as the GNU assembler refuses it, because silently truncating
 * it would test a different instruction; {@link #li} builds arbitrary constants.
 */
final class Asm {
    private Asm() { }

    // ---- ABI register names ----
    static final int ZERO = 0, RA = 1, SP = 2, GP = 3, TP = 4, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9;
    static final int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17;
    static final int S2 = 18, S3 = 19, S4 = 20, S5 = 21, S6 = 22, S7 = 23, S8 = 24, S9 = 25, S10 = 26, S11 = 27;
    static final int T3 = 28, T4 = 29, T5 = 30, T6 = 31;

    // ---- CSR numbers a test may name ----
    static final int FFLAGS = 0x001, FRM = 0x002, FCSR = 0x003;
    static final int CYCLE = 0xc00, TIME = 0xc01, INSTRET = 0xc02;
    static final int SSTATUS = 0x100, SIE = 0x104, STVEC = 0x105, SCOUNTEREN = 0x106;
    static final int SSCRATCH = 0x140, SEPC = 0x141, SCAUSE = 0x142, STVAL = 0x143, SIP = 0x144, SATP = 0x180;
    static final int MHARTID = 0xf14, MSTATUS = 0x300, MISA = 0x301, MEDELEG = 0x302, MIDELEG = 0x303;
    static final int MIE = 0x304, MTVEC = 0x305, MCOUNTEREN = 0x306;
    static final int MSCRATCH = 0x340, MEPC = 0x341, MCAUSE = 0x342, MTVAL = 0x343, MIP = 0x344;
    static final int MCYCLE = 0xb00, MINSTRET = 0xb02;

    // ---- formats ----

    private static int r(int f7, int rs2, int rs1, int f3, int rd, int opcode) {
        return f7 << 25 | (rs2 & 31) << 20 | (rs1 & 31) << 15 | f3 << 12 | (rd & 31) << 7 | opcode;
    }

    private static int i(int imm, int rs1, int f3, int rd, int opcode) {
        return raw12(fits(imm, 12, 1), rs1, f3, rd, opcode);
    }

    /** An I-type word whose 12-bit field is not a signed immediate (CSR numbers, shift fields). */
    private static int raw12(int field, int rs1, int f3, int rd, int opcode) {
        return (field & 0xfff) << 20 | (rs1 & 31) << 15 | f3 << 12 | (rd & 31) << 7 | opcode;
    }

    private static int s(int imm, int rs2, int rs1, int f3, int opcode) {
        fits(imm, 12, 1);
        return ((imm >> 5) & 0x7f) << 25 | (rs2 & 31) << 20 | (rs1 & 31) << 15 | f3 << 12 | (imm & 31) << 7 | opcode;
    }

    private static int b(int off, int rs2, int rs1, int f3) {
        fits(off, 13, 2);
        return ((off >> 12) & 1) << 31 | ((off >> 5) & 0x3f) << 25 | (rs2 & 31) << 20 | (rs1 & 31) << 15
            | f3 << 12 | ((off >> 1) & 0xf) << 8 | ((off >> 11) & 1) << 7 | 0x63;
    }

    private static int u(int imm20, int rd, int opcode) {
        if (imm20 < 0 || imm20 > 0xfffff) throw new IllegalArgumentException("20-bit field out of range: " + imm20);
        return (imm20 & 0xfffff) << 12 | (rd & 31) << 7 | opcode;
    }

    // ---- RV64I ----

    static int lui(int rd, int imm20) { return u(imm20, rd, 0x37); }
    static int auipc(int rd, int imm20) { return u(imm20, rd, 0x17); }

    static int jal(int rd, int off) {
        fits(off, 21, 2);
        return ((off >> 20) & 1) << 31 | ((off >> 1) & 0x3ff) << 21 | ((off >> 11) & 1) << 20
            | ((off >> 12) & 0xff) << 12 | (rd & 31) << 7 | 0x6f;
    }

    static int jalr(int rd, int rs1, int imm) { return i(imm, rs1, 0, rd, 0x67); }

    static int beq(int rs1, int rs2, int off) { return b(off, rs2, rs1, 0); }
    static int bne(int rs1, int rs2, int off) { return b(off, rs2, rs1, 1); }
    static int blt(int rs1, int rs2, int off) { return b(off, rs2, rs1, 4); }
    static int bge(int rs1, int rs2, int off) { return b(off, rs2, rs1, 5); }
    static int bltu(int rs1, int rs2, int off) { return b(off, rs2, rs1, 6); }
    static int bgeu(int rs1, int rs2, int off) { return b(off, rs2, rs1, 7); }

    static int lb(int rd, int imm, int rs1) { return i(imm, rs1, 0, rd, 0x03); }
    static int lh(int rd, int imm, int rs1) { return i(imm, rs1, 1, rd, 0x03); }
    static int lw(int rd, int imm, int rs1) { return i(imm, rs1, 2, rd, 0x03); }
    static int ld(int rd, int imm, int rs1) { return i(imm, rs1, 3, rd, 0x03); }
    static int lbu(int rd, int imm, int rs1) { return i(imm, rs1, 4, rd, 0x03); }
    static int lhu(int rd, int imm, int rs1) { return i(imm, rs1, 5, rd, 0x03); }
    static int lwu(int rd, int imm, int rs1) { return i(imm, rs1, 6, rd, 0x03); }

    static int sb(int rs2, int imm, int rs1) { return s(imm, rs2, rs1, 0, 0x23); }
    static int sh(int rs2, int imm, int rs1) { return s(imm, rs2, rs1, 1, 0x23); }
    static int sw(int rs2, int imm, int rs1) { return s(imm, rs2, rs1, 2, 0x23); }
    static int sd(int rs2, int imm, int rs1) { return s(imm, rs2, rs1, 3, 0x23); }

    static int addi(int rd, int rs1, int imm) { return i(imm, rs1, 0, rd, 0x13); }
    static int slti(int rd, int rs1, int imm) { return i(imm, rs1, 2, rd, 0x13); }
    static int sltiu(int rd, int rs1, int imm) { return i(imm, rs1, 3, rd, 0x13); }
    static int xori(int rd, int rs1, int imm) { return i(imm, rs1, 4, rd, 0x13); }
    static int ori(int rd, int rs1, int imm) { return i(imm, rs1, 6, rd, 0x13); }
    static int andi(int rd, int rs1, int imm) { return i(imm, rs1, 7, rd, 0x13); }
    static int slli(int rd, int rs1, int sh) { return raw12(shamt(sh, 64), rs1, 1, rd, 0x13); }
    static int srli(int rd, int rs1, int sh) { return raw12(shamt(sh, 64), rs1, 5, rd, 0x13); }
    static int srai(int rd, int rs1, int sh) { return raw12(0x400 | shamt(sh, 64), rs1, 5, rd, 0x13); }

    static int add(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 0, rd, 0x33); }
    static int sub(int rd, int rs1, int rs2) { return r(0x20, rs2, rs1, 0, rd, 0x33); }
    static int sll(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 1, rd, 0x33); }
    static int slt(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 2, rd, 0x33); }
    static int sltu(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 3, rd, 0x33); }
    static int xor(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 4, rd, 0x33); }
    static int srl(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 5, rd, 0x33); }
    static int sra(int rd, int rs1, int rs2) { return r(0x20, rs2, rs1, 5, rd, 0x33); }
    static int or(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 6, rd, 0x33); }
    static int and(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 7, rd, 0x33); }

    static int addiw(int rd, int rs1, int imm) { return i(imm, rs1, 0, rd, 0x1b); }
    static int slliw(int rd, int rs1, int sh) { return raw12(shamt(sh, 32), rs1, 1, rd, 0x1b); }
    static int srliw(int rd, int rs1, int sh) { return raw12(shamt(sh, 32), rs1, 5, rd, 0x1b); }
    static int sraiw(int rd, int rs1, int sh) { return raw12(0x400 | shamt(sh, 32), rs1, 5, rd, 0x1b); }
    static int addw(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 0, rd, 0x3b); }
    static int subw(int rd, int rs1, int rs2) { return r(0x20, rs2, rs1, 0, rd, 0x3b); }
    static int sllw(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 1, rd, 0x3b); }
    static int srlw(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 5, rd, 0x3b); }
    static int sraw(int rd, int rs1, int rs2) { return r(0x20, rs2, rs1, 5, rd, 0x3b); }

    static int fence() { return 0x0ff0000f; }   // fence iorw, iorw
    static int ecall() { return 0x00000073; }
    static int ebreak() { return 0x00100073; }

    // ---- pseudo-instructions ----

    static int nop() { return addi(ZERO, ZERO, 0); }
    static int mv(int rd, int rs) { return addi(rd, rs, 0); }
    static int j(int off) { return jal(ZERO, off); }
    static int ret() { return jalr(ZERO, RA, 0); }

    /**
     * Loads any 64-bit constant: {@code lui}/{@code addiw} for 32-bit values, else the upper
     * part built recursively, shifted and completed by {@code addi} (the usual expansion).
     */
    static int[] li(int rd, long v) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        li(out, rd, v);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void li(java.util.List<Integer> out, int rd, long v) {
        long lo = v << 52 >> 52;
        if (v == (int) v) {
            long hi = v - lo;   // may be 2^31 for values just below it: lui wraps, addiw repairs
            if (hi != 0) out.add(lui(rd, (int) (hi >>> 12) & 0xfffff));
            if (lo != 0 || hi == 0) out.add(hi != 0 ? addiw(rd, rd, (int) lo) : addi(rd, ZERO, (int) lo));
            return;
        }
        long hi = v - lo;
        int shift = Long.numberOfTrailingZeros(hi);
        li(out, rd, hi >> shift);
        out.add(slli(rd, rd, shift));
        if (lo != 0) out.add(addi(rd, rd, (int) lo));
    }

    // ---- Zifencei, Zicsr, privileged ----

    static int fence_i() { return 0x0000100f; }
    static int csrrw(int rd, int csr, int rs1) { return raw12(csr, rs1, 1, rd, 0x73); }
    static int csrrs(int rd, int csr, int rs1) { return raw12(csr, rs1, 2, rd, 0x73); }
    static int csrrc(int rd, int csr, int rs1) { return raw12(csr, rs1, 3, rd, 0x73); }
    static int csrrwi(int rd, int csr, int uimm) { return raw12(csr, uimm5(uimm), 5, rd, 0x73); }
    static int csrrsi(int rd, int csr, int uimm) { return raw12(csr, uimm5(uimm), 6, rd, 0x73); }
    static int csrrci(int rd, int csr, int uimm) { return raw12(csr, uimm5(uimm), 7, rd, 0x73); }
    static int csrr(int rd, int csr) { return csrrs(rd, csr, ZERO); }
    static int csrw(int csr, int rs1) { return csrrw(ZERO, csr, rs1); }
    static int csrs(int csr, int rs1) { return csrrs(ZERO, csr, rs1); }
    static int csrc(int csr, int rs1) { return csrrc(ZERO, csr, rs1); }

    static int mret() { return 0x30200073; }
    static int sret() { return 0x10200073; }
    static int wfi() { return 0x10500073; }
    static int sfence_vma() { return sfence_vma(ZERO, ZERO); }
    static int sfence_vma(int rs1, int rs2) { return r(0x09, rs2, rs1, 0, 0, 0x73); }

    // ---- M ----

    static int mul(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 0, rd, 0x33); }
    static int mulh(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 1, rd, 0x33); }
    static int mulhsu(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 2, rd, 0x33); }
    static int mulhu(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 3, rd, 0x33); }
    static int div(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 4, rd, 0x33); }
    static int divu(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 5, rd, 0x33); }
    static int rem(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 6, rd, 0x33); }
    static int remu(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 7, rd, 0x33); }
    static int mulw(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 0, rd, 0x3b); }
    static int divw(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 4, rd, 0x3b); }
    static int divuw(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 5, rd, 0x3b); }
    static int remw(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 6, rd, 0x3b); }
    static int remuw(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 7, rd, 0x3b); }

    // ---- A (aq = rl = 0) ----

    private static int amo(int f5, boolean word, int rd, int rs2, int rs1) {
        return r(f5 << 2, rs2, rs1, word ? 2 : 3, rd, 0x2f);
    }

    static int lr_w(int rd, int rs1) { return amo(0x02, true, rd, 0, rs1); }
    static int sc_w(int rd, int rs2, int rs1) { return amo(0x03, true, rd, rs2, rs1); }
    static int lr_d(int rd, int rs1) { return amo(0x02, false, rd, 0, rs1); }
    static int sc_d(int rd, int rs2, int rs1) { return amo(0x03, false, rd, rs2, rs1); }
    static int amoswap_w(int rd, int rs2, int rs1) { return amo(0x01, true, rd, rs2, rs1); }
    static int amoadd_w(int rd, int rs2, int rs1) { return amo(0x00, true, rd, rs2, rs1); }
    static int amoxor_w(int rd, int rs2, int rs1) { return amo(0x04, true, rd, rs2, rs1); }
    static int amoand_w(int rd, int rs2, int rs1) { return amo(0x0c, true, rd, rs2, rs1); }
    static int amoor_w(int rd, int rs2, int rs1) { return amo(0x08, true, rd, rs2, rs1); }
    static int amomin_w(int rd, int rs2, int rs1) { return amo(0x10, true, rd, rs2, rs1); }
    static int amomax_w(int rd, int rs2, int rs1) { return amo(0x14, true, rd, rs2, rs1); }
    static int amominu_w(int rd, int rs2, int rs1) { return amo(0x18, true, rd, rs2, rs1); }
    static int amomaxu_w(int rd, int rs2, int rs1) { return amo(0x1c, true, rd, rs2, rs1); }
    static int amoswap_d(int rd, int rs2, int rs1) { return amo(0x01, false, rd, rs2, rs1); }
    static int amoadd_d(int rd, int rs2, int rs1) { return amo(0x00, false, rd, rs2, rs1); }
    static int amoxor_d(int rd, int rs2, int rs1) { return amo(0x04, false, rd, rs2, rs1); }
    static int amoand_d(int rd, int rs2, int rs1) { return amo(0x0c, false, rd, rs2, rs1); }
    static int amoor_d(int rd, int rs2, int rs1) { return amo(0x08, false, rd, rs2, rs1); }
    static int amomin_d(int rd, int rs2, int rs1) { return amo(0x10, false, rd, rs2, rs1); }
    static int amomax_d(int rd, int rs2, int rs1) { return amo(0x14, false, rd, rs2, rs1); }
    static int amominu_d(int rd, int rs2, int rs1) { return amo(0x18, false, rd, rs2, rs1); }
    static int amomaxu_d(int rd, int rs2, int rs1) { return amo(0x1c, false, rd, rs2, rs1); }

    // ---- F and D (register numbers are f0..f31; rm 7 = dynamic) ----

    static final int RM_DYN = 7;

    static int flw(int rd, int imm, int rs1) { return i(imm, rs1, 2, rd, 0x07); }
    static int fld(int rd, int imm, int rs1) { return i(imm, rs1, 3, rd, 0x07); }
    static int fsw(int rs2, int imm, int rs1) { return s(imm, rs2, rs1, 2, 0x27); }
    static int fsd(int rs2, int imm, int rs1) { return s(imm, rs2, rs1, 3, 0x27); }
    static int fadd_s(int rd, int rs1, int rs2) { return r(0x00, rs2, rs1, RM_DYN, rd, 0x53); }
    static int fadd_d(int rd, int rs1, int rs2) { return r(0x01, rs2, rs1, RM_DYN, rd, 0x53); }
    static int fdiv_d(int rd, int rs1, int rs2) { return r(0x0d, rs2, rs1, RM_DYN, rd, 0x53); }
    static int fmv_x_w(int rd, int rs1) { return r(0x70, 0, rs1, 0, rd, 0x53); }
    static int fmv_w_x(int rd, int rs1) { return r(0x78, 0, rs1, 0, rd, 0x53); }
    static int fmv_x_d(int rd, int rs1) { return r(0x71, 0, rs1, 0, rd, 0x53); }
    static int fmv_d_x(int rd, int rs1) { return r(0x79, 0, rs1, 0, rd, 0x53); }

    // ---- C (16-bit parcels, returned in the low half) ----

    static int c_nop() { return 0x0001; }
    static int c_ebreak() { return 0x9002; }

    /** {@code c.li rd, imm} for rd != 0 and -32 <= imm < 32. */
    static int c_li(int rd, int imm) {
        fits(imm, 6, 1);
        return 0x4001 | ((imm >> 5) & 1) << 12 | (rd & 31) << 7 | (imm & 31) << 2;
    }

    // ---- range checks: a test's typo must not assemble into a different instruction ----

    /** Checks that {@code v} is a multiple of {@code align} that fits a signed {@code bits}-bit field. */
    private static int fits(int v, int bits, int align) {
        int min = -(1 << (bits - 1)), max = (1 << (bits - 1)) - 1;
        if (v < min || v > max || v % align != 0) {
            throw new IllegalArgumentException(v + " does not fit a signed " + bits + "-bit field (alignment " + align + ")");
        }
        return v;
    }

    private static int shamt(int sh, int width) {
        if (sh < 0 || sh >= width) throw new IllegalArgumentException("shift amount " + sh);
        return sh;
    }

    private static int uimm5(int v) {
        if (v < 0 || v > 31) throw new IllegalArgumentException("5-bit immediate " + v);
        return v;
    }
}
