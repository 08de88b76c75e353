package org.feuerbird.hardware.cpu;

/**
 * Expansion of 16-bit compressed (RVC) instructions into the 32-bit RV64G instructions they stand for.
 *
 * <p>Every RVC instruction is defined by the specification as an abbreviation of exactly one 32-bit
 * instruction, so the decoder needs no second set of instruction semantics: it expands a halfword once,
 * when it decodes it, and from then on treats the result like any other 32-bit instruction (only the
 * length, 2, differs). The expansion is a single switch on quadrant and {@code funct3}, written to follow
 * the tables of the "C" chapter of the unprivileged specification form by form, so that each case can be
 * checked against the spec by eye.
 *
 * <p>Illegal and reserved encodings expand to {@code 0}, which is itself no valid 32-bit instruction;
 * the hart then raises illegal-instruction with {@code tval} = the 16-bit instruction. For RV64C these are:
 * the all-zero halfword; {@code c.addi4spn} with a zero immediate; quadrant 0 {@code funct3 = 100};
 * {@code c.addiw} with {@code rd = x0}; {@code c.lui} and {@code c.addi16sp} with a zero immediate;
 * the quadrant-1 ALU encodings with bit 12 set and {@code funct2 = 10, 11} (taken by Zcb, which this board
 * does not implement); {@code c.lwsp}/{@code c.ldsp} with {@code rd = x0}; {@code c.jr} with
 * {@code rs1 = x0}. Quadrant 3 (low bits {@code 11}) is not compressed at all and also gives 0.
 *
 * <p>HINTs are legal and expand to their 32-bit form, which writes {@code x0} or does not change its
 * destination: {@code c.nop} with a non-zero immediate, {@code c.addi} with a zero immediate, {@code c.li},
 * {@code c.lui}, {@code c.mv}, {@code c.add} and {@code c.slli} with {@code rd = x0}. The shifts deserve a
 * word: in RV64C the shift amount is six bits, so {@code shamt[5] = 1} is an ordinary shift by 32..63, and
 * {@code shamt = 0} ({@code c.slli64}, {@code c.srli64}, {@code c.srai64} in binutils' spelling) is a
 * HINT, not a shift by 64 as in RV128C; it expands to a shift by 0, which leaves the register unchanged.
 */
public final class Compressed {
    // Major opcodes of the 32-bit instructions we expand into.
    private static final int LOAD = 0x03;
    private static final int LOAD_FP = 0x07;
    private static final int OP_IMM = 0x13;
    private static final int OP_IMM_32 = 0x1b;
    private static final int STORE = 0x23;
    private static final int STORE_FP = 0x27;
    private static final int OP = 0x33;
    private static final int LUI = 0x37;
    private static final int OP_32 = 0x3b;
    private static final int BRANCH = 0x63;
    private static final int JALR = 0x67;
    private static final int JAL = 0x6f;

    private static final int EBREAK = 0x0010_0073;
    private static final int SP = 2;
    private static final int RA = 1;

    private Compressed() { }

    /** True if a 16-bit parcel starts a compressed instruction (its low two bits are not {@code 11}). */
    public static boolean isCompressed(int parcel) {
        return (parcel & 3) != 3;
    }

    /**
     * Expands a compressed instruction.
     *
     * @param halfword the instruction in the low 16 bits; higher bits are ignored
     * @return the equivalent 32-bit RV64G encoding, or 0 if the halfword is illegal or reserved in RV64C
     *         (or is not a compressed instruction at all)
     */
    public static int expand(int halfword) {
        int h = halfword & 0xffff;
        int funct3 = h >>> 13;
        return switch ((h & 3) << 3 | funct3) {
            // ---- quadrant 0: loads and stores through x8..x15, and c.addi4spn ----
            case 0b00_000 -> {
                int imm = bits(h, 12, 11) << 4 | bits(h, 10, 7) << 6 | bit(h, 6) << 2 | bit(h, 5) << 3;
                yield imm == 0 ? 0 : iType(imm, SP, 0, rdPrime(h), OP_IMM);
            }
            case 0b00_001 -> iType(uimmDouble(h), rs1Prime(h), 3, rdPrime(h), LOAD_FP);  // c.fld
            case 0b00_010 -> iType(uimmWord(h), rs1Prime(h), 2, rdPrime(h), LOAD);       // c.lw
            case 0b00_011 -> iType(uimmDouble(h), rs1Prime(h), 3, rdPrime(h), LOAD);     // c.ld
            case 0b00_100 -> 0;                                                           // reserved
            case 0b00_101 -> sType(uimmDouble(h), rs2Prime(h), rs1Prime(h), 3, STORE_FP); // c.fsd
            case 0b00_110 -> sType(uimmWord(h), rs2Prime(h), rs1Prime(h), 2, STORE);      // c.sw
            case 0b00_111 -> sType(uimmDouble(h), rs2Prime(h), rs1Prime(h), 3, STORE);    // c.sd

            // ---- quadrant 1: immediates, ALU ops on x8..x15, jumps and branches ----
            case 0b01_000 -> iType(imm6(h), rd(h), 0, rd(h), OP_IMM);                     // c.addi, c.nop
            case 0b01_001 -> rd(h) == 0 ? 0 : iType(imm6(h), rd(h), 0, rd(h), OP_IMM_32); // c.addiw
            case 0b01_010 -> iType(imm6(h), 0, 0, rd(h), OP_IMM);                         // c.li
            case 0b01_011 -> rd(h) == SP ? addi16sp(h) : lui(h);
            case 0b01_100 -> aluPrime(h);
            case 0b01_101 -> jType(jumpOffset(h), 0);                                     // c.j
            case 0b01_110 -> bType(branchOffset(h), 0, rs1Prime(h), 0);                   // c.beqz
            case 0b01_111 -> bType(branchOffset(h), 0, rs1Prime(h), 1);                   // c.bnez

            // ---- quadrant 2: stack-pointer-relative loads and stores, full-register ops ----
            case 0b10_000 -> iType(shamt(h), rd(h), 1, rd(h), OP_IMM);                    // c.slli
            case 0b10_001 -> iType(uimmDoubleSp(h), SP, 3, rd(h), LOAD_FP);               // c.fldsp
            case 0b10_010 -> rd(h) == 0 ? 0 : iType(uimmWordSp(h), SP, 2, rd(h), LOAD);   // c.lwsp
            case 0b10_011 -> rd(h) == 0 ? 0 : iType(uimmDoubleSp(h), SP, 3, rd(h), LOAD); // c.ldsp
            case 0b10_100 -> jumpOrMove(h);
            case 0b10_101 -> sType(uimmDoubleSpStore(h), rs2(h), SP, 3, STORE_FP);        // c.fsdsp
            case 0b10_110 -> sType(uimmWordSpStore(h), rs2(h), SP, 2, STORE);             // c.swsp
            case 0b10_111 -> sType(uimmDoubleSpStore(h), rs2(h), SP, 3, STORE);           // c.sdsp

            default -> 0;                                                                 // quadrant 3
        };
    }

    // ---- the forms that share a funct3 with others ----

    private static int addi16sp(int h) {
        int imm = bit(h, 12) << 9 | bit(h, 6) << 4 | bit(h, 5) << 6 | bits(h, 4, 3) << 7 | bit(h, 2) << 5;
        return imm == 0 ? 0 : iType(signExtend(imm, 10), SP, 0, SP, OP_IMM);
    }

    private static int lui(int h) {
        int imm = imm6(h);  // bits 17:12 of the value, sign-extended
        return imm == 0 ? 0 : (imm & 0xfffff) << 12 | rd(h) << 7 | LUI;
    }

    /** c.srli, c.srai, c.andi and the register-register ops c.sub .. c.addw. */
    private static int aluPrime(int h) {
        int rd = rs1Prime(h);
        return switch (bits(h, 11, 10)) {
            case 0b00 -> iType(shamt(h), rd, 5, rd, OP_IMM);                 // c.srli
            case 0b01 -> iType(0x400 | shamt(h), rd, 5, rd, OP_IMM);         // c.srai
            case 0b10 -> iType(imm6(h), rd, 7, rd, OP_IMM);                  // c.andi
            default -> {
                int rs2 = rs2Prime(h);
                yield switch (bit(h, 12) << 2 | bits(h, 6, 5)) {
                    case 0b000 -> rType(0x20, rs2, rd, 0, rd, OP);           // c.sub
                    case 0b001 -> rType(0, rs2, rd, 4, rd, OP);              // c.xor
                    case 0b010 -> rType(0, rs2, rd, 6, rd, OP);              // c.or
                    case 0b011 -> rType(0, rs2, rd, 7, rd, OP);              // c.and
                    case 0b100 -> rType(0x20, rs2, rd, 0, rd, OP_32);        // c.subw
                    case 0b101 -> rType(0, rs2, rd, 0, rd, OP_32);           // c.addw
                    default -> 0;                                            // reserved in RV64C
                };
            }
        };
    }

    /** c.jr, c.mv, c.ebreak, c.jalr and c.add. */
    private static int jumpOrMove(int h) {
        int rd = rd(h);
        int rs2 = rs2(h);
        if (bit(h, 12) == 0) {
            if (rs2 != 0) return rType(0, rs2, 0, 0, rd, OP);               // c.mv
            return rd == 0 ? 0 : iType(0, rd, 0, 0, JALR);                   // c.jr
        }
        if (rs2 != 0) return rType(0, rs2, rd, 0, rd, OP);                  // c.add
        return rd == 0 ? EBREAK : iType(0, rd, 0, RA, JALR);                 // c.ebreak, c.jalr
    }

    // ---- register fields: full 5-bit ones, and the 3-bit x8..x15 ones of the CIW/CL/CS/CA/CB formats ----

    private static int rd(int h) { return bits(h, 11, 7); }
    private static int rs2(int h) { return bits(h, 6, 2); }
    private static int rdPrime(int h) { return 8 + bits(h, 4, 2); }
    private static int rs1Prime(int h) { return 8 + bits(h, 9, 7); }
    private static int rs2Prime(int h) { return 8 + bits(h, 4, 2); }

    // ---- immediates; the scrambled bit orders are those of the spec's format tables ----

    /** The signed 6-bit immediate of the CI format: imm[5] = bit 12, imm[4:0] = bits 6:2. */
    private static int imm6(int h) { return signExtend(bit(h, 12) << 5 | bits(h, 6, 2), 6); }

    private static int shamt(int h) { return bit(h, 12) << 5 | bits(h, 6, 2); }

    /** c.lw/c.sw: uimm[5:3] = bits 12:10, uimm[2] = bit 6, uimm[6] = bit 5. */
    private static int uimmWord(int h) { return bits(h, 12, 10) << 3 | bit(h, 6) << 2 | bit(h, 5) << 6; }

    /** c.ld/c.sd/c.fld/c.fsd: uimm[5:3] = bits 12:10, uimm[7:6] = bits 6:5. */
    private static int uimmDouble(int h) { return bits(h, 12, 10) << 3 | bits(h, 6, 5) << 6; }

    /** c.lwsp: uimm[5] = bit 12, uimm[4:2] = bits 6:4, uimm[7:6] = bits 3:2. */
    private static int uimmWordSp(int h) { return bit(h, 12) << 5 | bits(h, 6, 4) << 2 | bits(h, 3, 2) << 6; }

    /** c.ldsp/c.fldsp: uimm[5] = bit 12, uimm[4:3] = bits 6:5, uimm[8:6] = bits 4:2. */
    private static int uimmDoubleSp(int h) { return bit(h, 12) << 5 | bits(h, 6, 5) << 3 | bits(h, 4, 2) << 6; }

    /** c.swsp: uimm[5:2] = bits 12:9, uimm[7:6] = bits 8:7. */
    private static int uimmWordSpStore(int h) { return bits(h, 12, 9) << 2 | bits(h, 8, 7) << 6; }

    /** c.sdsp/c.fsdsp: uimm[5:3] = bits 12:10, uimm[8:6] = bits 9:7. */
    private static int uimmDoubleSpStore(int h) { return bits(h, 12, 10) << 3 | bits(h, 9, 7) << 6; }

    /** c.j: offset[11|4|9:8|10|6|7|3:1|5] = bits 12:2. */
    private static int jumpOffset(int h) {
        int off = bit(h, 12) << 11 | bit(h, 11) << 4 | bits(h, 10, 9) << 8 | bit(h, 8) << 10
                | bit(h, 7) << 6 | bit(h, 6) << 7 | bits(h, 5, 3) << 1 | bit(h, 2) << 5;
        return signExtend(off, 12);
    }

    /** c.beqz/c.bnez: offset[8|4:3] = bits 12:10, offset[7:6|2:1|5] = bits 6:2. */
    private static int branchOffset(int h) {
        int off = bit(h, 12) << 8 | bits(h, 11, 10) << 3 | bits(h, 6, 5) << 6 | bits(h, 4, 3) << 1 | bit(h, 2) << 5;
        return signExtend(off, 9);
    }

    // ---- 32-bit instruction formats ----

    private static int iType(int imm, int rs1, int funct3, int rd, int opcode) {
        return (imm & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
    }

    private static int sType(int imm, int rs2, int rs1, int funct3, int opcode) {
        return (imm >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (imm & 0x1f) << 7 | opcode;
    }

    private static int rType(int funct7, int rs2, int rs1, int funct3, int rd, int opcode) {
        return funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
    }

    private static int bType(int imm, int rs2, int rs1, int funct3) {
        return (imm >> 12 & 1) << 31 | (imm >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12
                | (imm >> 1 & 0xf) << 8 | (imm >> 11 & 1) << 7 | BRANCH;
    }

    private static int jType(int imm, int rd) {
        return (imm >> 20 & 1) << 31 | (imm >> 1 & 0x3ff) << 21 | (imm >> 11 & 1) << 20 | (imm >> 12 & 0xff) << 12
                | rd << 7 | JAL;
    }

    // ---- bit helpers ----

    private static int bit(int h, int i) { return h >>> i & 1; }

    private static int bits(int h, int hi, int lo) { return h >>> lo & (1 << (hi - lo + 1)) - 1; }

    private static int signExtend(int value, int width) { return value << (32 - width) >> (32 - width); }
}
