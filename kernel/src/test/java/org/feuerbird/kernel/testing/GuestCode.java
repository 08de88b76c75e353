package org.feuerbird.kernel.testing;

import java.io.ByteArrayOutputStream;

/**
 * A few RV64 instructions, encoded by hand, for the small guest programs the kernel tests
 * run in domains. Register numbers as in the ABI: a0 = 10 ... a7 = 17, sp = 2, t0 = 5.
 */
public final class GuestCode {
    public static final int ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9;
    public static final int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Index (in instructions) of the next instruction, for branch targets. */
    public int here() { return out.size() / 4; }

    public GuestCode word(int insn) {
        out.write(insn);
        out.write(insn >>> 8);
        out.write(insn >>> 16);
        out.write(insn >>> 24);
        return this;
    }

    private static int i(int imm, int rs1, int f3, int rd, int op) { return imm << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op; }

    private static int s(int imm, int rs2, int rs1, int f3, int op) {
        return (imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 0x1f) << 7 | op;
    }

    public GuestCode addi(int rd, int rs1, int imm) { return word(i(imm & 0xfff, rs1, 0, rd, 0x13)); }

    public GuestCode add(int rd, int rs1, int rs2) { return word(rs2 << 20 | rs1 << 15 | rd << 7 | 0x33); }

    public GuestCode lui(int rd, int imm20) { return word(imm20 << 12 | rd << 7 | 0x37); }

    /** Loads a 32-bit signed constant. */
    public GuestCode li(int rd, int value) {
        int lo = value << 20 >> 20;
        int hi = (value - lo) >>> 12;
        if (hi != 0) {
            lui(rd, hi);
            return word(i(lo & 0xfff, rd, 0, rd, 0x1b));   // addiw
        }
        return addi(rd, ZERO, lo);
    }

    public GuestCode ld(int rd, int rs1, int off) { return word(i(off & 0xfff, rs1, 3, rd, 0x03)); }

    public GuestCode lw(int rd, int rs1, int off) { return word(i(off & 0xfff, rs1, 2, rd, 0x03)); }

    public GuestCode lbu(int rd, int rs1, int off) { return word(i(off & 0xfff, rs1, 4, rd, 0x03)); }

    public GuestCode sd(int rs2, int rs1, int off) { return word(s(off, rs2, rs1, 3, 0x23)); }

    public GuestCode sb(int rs2, int rs1, int off) { return word(s(off, rs2, rs1, 0, 0x23)); }

    public GuestCode ecall() { return word(0x73); }

    public GuestCode ebreak() { return word(0x100073); }

    /** An all-zero word: an illegal instruction. */
    public GuestCode illegal() { return word(0); }

    private GuestCode branch(int f3, int rs1, int rs2, int target) {
        int off = (target - here()) * 4;
        int insn = (off >> 12 & 1) << 31 | (off >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12
            | (off >> 1 & 0xf) << 8 | (off >> 11 & 1) << 7 | 0x63;
        return word(insn);
    }

    public GuestCode beq(int rs1, int rs2, int target) { return branch(0, rs1, rs2, target); }

    public GuestCode bne(int rs1, int rs2, int target) { return branch(1, rs1, rs2, target); }

    /** Jumps to instruction {@code target} (jal zero). */
    public GuestCode j(int target) {
        int off = (target - here()) * 4;
        return word((off >> 20 & 1) << 31 | (off >> 1 & 0x3ff) << 21 | (off >> 11 & 1) << 20 | (off >> 12 & 0xff) << 12 | 0x6f);
    }

    public byte[] bytes() { return out.toByteArray(); }
}
