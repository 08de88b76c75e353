package org.feuerbird.hardware.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * The RV64G instruction set as data: one row per instruction, its encoding written as a
 * bit pattern (most significant bit first, {@code -} for operand bits) and its operand
 * {@link Format}. The {@link Decoder} is derived from this table; the interpreter's
 * behaviour for each {@link Op} lives in {@link Interpreter}. Compressed instructions are
 * not rows here: {@link Compressed} expands them to the 32-bit rows.
 */
final class InstructionTable {
    private InstructionTable() { }

    /** How an instruction's operands are laid out, and which register file each names. */
    enum Format {
        R(true), I(true), S(false), B(false), U(true), J(true),
        SHIFT(true),             // rd, rs1, shamt (5 or 6 bits, the table's mask says which)
        CSR(true), CSRI(true),   // rd, rs1 or uimm, csr number
        NONE(false),
        AMO(true),               // rd, rs1 (address), rs2
        FLOAD(false), FSTORE(false),
        FR(false), FR1(false), FR4(false), // float rd, float sources, rm
        FCMP(true), F2X(true),   // integer rd from float sources
        X2F(false);              // float rd from integer rs1

        /** rd names an integer register (so x0 as destination must discard the result). */
        final boolean intRd;

        Format(boolean intRd) { this.intRd = intRd; }
    }

    /** One row: the operation number, its assembler name, and its encoding. */
    record Row(int op, String name, int mask, int match, Format format) { }

    static final List<Row> ROWS;

    static {
        List<Row> t = new ArrayList<>();
        // ---- RV64I ----
        row(t, Op.LUI, "lui", "------------------------- 0110111", Format.U);
        row(t, Op.AUIPC, "auipc", "------------------------- 0010111", Format.U);
        row(t, Op.JAL, "jal", "------------------------- 1101111", Format.J);
        row(t, Op.JALR, "jalr", "----------------- 000 ----- 1100111", Format.I);
        branch(t, Op.BEQ, "beq", "000");
        branch(t, Op.BNE, "bne", "001");
        branch(t, Op.BLT, "blt", "100");
        branch(t, Op.BGE, "bge", "101");
        branch(t, Op.BLTU, "bltu", "110");
        branch(t, Op.BGEU, "bgeu", "111");
        load(t, Op.LB, "lb", "000");
        load(t, Op.LH, "lh", "001");
        load(t, Op.LW, "lw", "010");
        load(t, Op.LD, "ld", "011");
        load(t, Op.LBU, "lbu", "100");
        load(t, Op.LHU, "lhu", "101");
        load(t, Op.LWU, "lwu", "110");
        store(t, Op.SB, "sb", "000");
        store(t, Op.SH, "sh", "001");
        store(t, Op.SW, "sw", "010");
        store(t, Op.SD, "sd", "011");
        opImm(t, Op.ADDI, "addi", "000");
        opImm(t, Op.SLTI, "slti", "010");
        opImm(t, Op.SLTIU, "sltiu", "011");
        opImm(t, Op.XORI, "xori", "100");
        opImm(t, Op.ORI, "ori", "110");
        opImm(t, Op.ANDI, "andi", "111");
        row(t, Op.SLLI, "slli", "000000 ------ ----- 001 ----- 0010011", Format.SHIFT);
        row(t, Op.SRLI, "srli", "000000 ------ ----- 101 ----- 0010011", Format.SHIFT);
        row(t, Op.SRAI, "srai", "010000 ------ ----- 101 ----- 0010011", Format.SHIFT);
        op(t, Op.ADD, "add", "0000000", "000", "0110011");
        op(t, Op.SUB, "sub", "0100000", "000", "0110011");
        op(t, Op.SLL, "sll", "0000000", "001", "0110011");
        op(t, Op.SLT, "slt", "0000000", "010", "0110011");
        op(t, Op.SLTU, "sltu", "0000000", "011", "0110011");
        op(t, Op.XOR, "xor", "0000000", "100", "0110011");
        op(t, Op.SRL, "srl", "0000000", "101", "0110011");
        op(t, Op.SRA, "sra", "0100000", "101", "0110011");
        op(t, Op.OR, "or", "0000000", "110", "0110011");
        op(t, Op.AND, "and", "0000000", "111", "0110011");
        row(t, Op.ADDIW, "addiw", "----------------- 000 ----- 0011011", Format.I);
        row(t, Op.SLLIW, "slliw", "0000000 ----- ----- 001 ----- 0011011", Format.SHIFT);
        row(t, Op.SRLIW, "srliw", "0000000 ----- ----- 101 ----- 0011011", Format.SHIFT);
        row(t, Op.SRAIW, "sraiw", "0100000 ----- ----- 101 ----- 0011011", Format.SHIFT);
        op(t, Op.ADDW, "addw", "0000000", "000", "0111011");
        op(t, Op.SUBW, "subw", "0100000", "000", "0111011");
        op(t, Op.SLLW, "sllw", "0000000", "001", "0111011");
        op(t, Op.SRLW, "srlw", "0000000", "101", "0111011");
        op(t, Op.SRAW, "sraw", "0100000", "101", "0111011");
        row(t, Op.FENCE, "fence", "----------------- 000 ----- 0001111", Format.NONE);
        row(t, Op.ECALL, "ecall", "000000000000 00000 000 00000 1110011", Format.NONE);
        row(t, Op.EBREAK, "ebreak", "000000000001 00000 000 00000 1110011", Format.NONE);
        // ---- Zifencei, Zicsr, privileged ----
        row(t, Op.FENCE_I, "fence.i", "----------------- 001 ----- 0001111", Format.NONE);
        row(t, Op.CSRRW, "csrrw", "----------------- 001 ----- 1110011", Format.CSR);
        row(t, Op.CSRRS, "csrrs", "----------------- 010 ----- 1110011", Format.CSR);
        row(t, Op.CSRRC, "csrrc", "----------------- 011 ----- 1110011", Format.CSR);
        row(t, Op.CSRRWI, "csrrwi", "----------------- 101 ----- 1110011", Format.CSRI);
        row(t, Op.CSRRSI, "csrrsi", "----------------- 110 ----- 1110011", Format.CSRI);
        row(t, Op.CSRRCI, "csrrci", "----------------- 111 ----- 1110011", Format.CSRI);
        row(t, Op.MRET, "mret", "0011000 00010 00000 000 00000 1110011", Format.NONE);
        row(t, Op.SRET, "sret", "0001000 00010 00000 000 00000 1110011", Format.NONE);
        row(t, Op.WFI, "wfi", "0001000 00101 00000 000 00000 1110011", Format.NONE);
        row(t, Op.SFENCE_VMA, "sfence.vma", "0001001 ----- ----- 000 00000 1110011", Format.R);
        // ---- M ----
        op(t, Op.MUL, "mul", "0000001", "000", "0110011");
        op(t, Op.MULH, "mulh", "0000001", "001", "0110011");
        op(t, Op.MULHSU, "mulhsu", "0000001", "010", "0110011");
        op(t, Op.MULHU, "mulhu", "0000001", "011", "0110011");
        op(t, Op.DIV, "div", "0000001", "100", "0110011");
        op(t, Op.DIVU, "divu", "0000001", "101", "0110011");
        op(t, Op.REM, "rem", "0000001", "110", "0110011");
        op(t, Op.REMU, "remu", "0000001", "111", "0110011");
        op(t, Op.MULW, "mulw", "0000001", "000", "0111011");
        op(t, Op.DIVW, "divw", "0000001", "100", "0111011");
        op(t, Op.DIVUW, "divuw", "0000001", "101", "0111011");
        op(t, Op.REMW, "remw", "0000001", "110", "0111011");
        op(t, Op.REMUW, "remuw", "0000001", "111", "0111011");
        // ---- A (aq/rl bits are don't-care: this hart is sequentially consistent) ----
        atomics(t, "010", ".w", Op.LR_W, Op.SC_W, Op.AMOSWAP_W, Op.AMOADD_W, Op.AMOXOR_W, Op.AMOAND_W,
            Op.AMOOR_W, Op.AMOMIN_W, Op.AMOMAX_W, Op.AMOMINU_W, Op.AMOMAXU_W);
        atomics(t, "011", ".d", Op.LR_D, Op.SC_D, Op.AMOSWAP_D, Op.AMOADD_D, Op.AMOXOR_D, Op.AMOAND_D,
            Op.AMOOR_D, Op.AMOMIN_D, Op.AMOMAX_D, Op.AMOMINU_D, Op.AMOMAXU_D);
        // ---- F and D ----
        row(t, Op.FLW, "flw", "----------------- 010 ----- 0000111", Format.FLOAD);
        row(t, Op.FLD, "fld", "----------------- 011 ----- 0000111", Format.FLOAD);
        row(t, Op.FSW, "fsw", "------- ----- ----- 010 ----- 0100111", Format.FSTORE);
        row(t, Op.FSD, "fsd", "------- ----- ----- 011 ----- 0100111", Format.FSTORE);
        fp(t, "s", "00", "0", Op.FMADD_S, Op.FMSUB_S, Op.FNMSUB_S, Op.FNMADD_S, Op.FADD_S, Op.FSUB_S, Op.FMUL_S,
            Op.FDIV_S, Op.FSQRT_S, Op.FSGNJ_S, Op.FSGNJN_S, Op.FSGNJX_S, Op.FMIN_S, Op.FMAX_S, Op.FEQ_S, Op.FLT_S,
            Op.FLE_S, Op.FCLASS_S, Op.FMV_X_W, Op.FMV_W_X, Op.FCVT_W_S, Op.FCVT_WU_S, Op.FCVT_L_S, Op.FCVT_LU_S,
            Op.FCVT_S_W, Op.FCVT_S_WU, Op.FCVT_S_L, Op.FCVT_S_LU);
        fp(t, "d", "01", "1", Op.FMADD_D, Op.FMSUB_D, Op.FNMSUB_D, Op.FNMADD_D, Op.FADD_D, Op.FSUB_D, Op.FMUL_D,
            Op.FDIV_D, Op.FSQRT_D, Op.FSGNJ_D, Op.FSGNJN_D, Op.FSGNJX_D, Op.FMIN_D, Op.FMAX_D, Op.FEQ_D, Op.FLT_D,
            Op.FLE_D, Op.FCLASS_D, Op.FMV_X_D, Op.FMV_D_X, Op.FCVT_W_D, Op.FCVT_WU_D, Op.FCVT_L_D, Op.FCVT_LU_D,
            Op.FCVT_D_W, Op.FCVT_D_WU, Op.FCVT_D_L, Op.FCVT_D_LU);
        row(t, Op.FCVT_S_D, "fcvt.s.d", "0100000 00001 ----- --- ----- 1010011", Format.FR1);
        row(t, Op.FCVT_D_S, "fcvt.d.s", "0100001 00000 ----- --- ----- 1010011", Format.FR1);
        ROWS = List.copyOf(t);
    }

    private static void row(List<Row> t, int op, String name, String pattern, Format f) {
        String bits = pattern.replace(" ", "");
        if (bits.length() != 32) throw new AssertionError(name + ": pattern is not 32 bits");
        int mask = 0, match = 0;
        for (int i = 0; i < 32; i++) {
            char c = bits.charAt(i);
            int bit = 1 << (31 - i);
            if (c == '0' || c == '1') {
                mask |= bit;
                if (c == '1') match |= bit;
            }
        }
        t.add(new Row(op, name, mask, match, f));
    }

    private static void branch(List<Row> t, int op, String n, String f3) {
        row(t, op, n, "------- ----- ----- " + f3 + " ----- 1100011", Format.B);
    }

    private static void load(List<Row> t, int op, String n, String f3) {
        row(t, op, n, "----------------- " + f3 + " ----- 0000011", Format.I);
    }

    private static void store(List<Row> t, int op, String n, String f3) {
        row(t, op, n, "------- ----- ----- " + f3 + " ----- 0100011", Format.S);
    }

    private static void opImm(List<Row> t, int op, String n, String f3) {
        row(t, op, n, "----------------- " + f3 + " ----- 0010011", Format.I);
    }

    private static void op(List<Row> t, int op, String n, String f7, String f3, String opcode) {
        row(t, op, n, f7 + " ----- ----- " + f3 + " ----- " + opcode, Format.R);
    }

    private static void atomics(List<Row> t, String f3, String sfx, int lr, int sc, int swap, int add, int xor,
                                int and, int or, int min, int max, int minu, int maxu) {
        String tail = " ----- " + f3 + " ----- 0101111";
        row(t, lr, "lr" + sfx, "00010 -- 00000" + tail, Format.AMO);
        row(t, sc, "sc" + sfx, "00011 -- -----" + tail, Format.AMO);
        row(t, swap, "amoswap" + sfx, "00001 -- -----" + tail, Format.AMO);
        row(t, add, "amoadd" + sfx, "00000 -- -----" + tail, Format.AMO);
        row(t, xor, "amoxor" + sfx, "00100 -- -----" + tail, Format.AMO);
        row(t, and, "amoand" + sfx, "01100 -- -----" + tail, Format.AMO);
        row(t, or, "amoor" + sfx, "01000 -- -----" + tail, Format.AMO);
        row(t, min, "amomin" + sfx, "10000 -- -----" + tail, Format.AMO);
        row(t, max, "amomax" + sfx, "10100 -- -----" + tail, Format.AMO);
        row(t, minu, "amominu" + sfx, "11000 -- -----" + tail, Format.AMO);
        row(t, maxu, "amomaxu" + sfx, "11100 -- -----" + tail, Format.AMO);
    }

    /** The OP-FP and fused rows of one precision; {@code fmt} is the 2-bit format field, {@code p} its low bit. */
    private static void fp(List<Row> t, String s, String fmt, String p, int madd, int msub, int nmsub, int nmadd,
                           int add, int sub, int mul, int div, int sqrt, int sgnj, int sgnjn, int sgnjx, int min,
                           int max, int eq, int lt, int le, int fclass, int mvToX, int mvFromX, int cvtW, int cvtWU,
                           int cvtL, int cvtLU, int cvtFromW, int cvtFromWU, int cvtFromL, int cvtFromLU) {
        String x = s.equals("s") ? "w" : "d";   // fmv.x.w / fmv.x.d
        row(t, madd, "fmadd." + s, "----- " + fmt + " ----- ----- --- ----- 1000011", Format.FR4);
        row(t, msub, "fmsub." + s, "----- " + fmt + " ----- ----- --- ----- 1000111", Format.FR4);
        row(t, nmsub, "fnmsub." + s, "----- " + fmt + " ----- ----- --- ----- 1001011", Format.FR4);
        row(t, nmadd, "fnmadd." + s, "----- " + fmt + " ----- ----- --- ----- 1001111", Format.FR4);
        String o = " 1010011";
        row(t, add, "fadd." + s, "000000" + p + " ----- ----- --- -----" + o, Format.FR);
        row(t, sub, "fsub." + s, "000010" + p + " ----- ----- --- -----" + o, Format.FR);
        row(t, mul, "fmul." + s, "000100" + p + " ----- ----- --- -----" + o, Format.FR);
        row(t, div, "fdiv." + s, "000110" + p + " ----- ----- --- -----" + o, Format.FR);
        row(t, sqrt, "fsqrt." + s, "010110" + p + " 00000 ----- --- -----" + o, Format.FR1);
        row(t, sgnj, "fsgnj." + s, "001000" + p + " ----- ----- 000 -----" + o, Format.FR);
        row(t, sgnjn, "fsgnjn." + s, "001000" + p + " ----- ----- 001 -----" + o, Format.FR);
        row(t, sgnjx, "fsgnjx." + s, "001000" + p + " ----- ----- 010 -----" + o, Format.FR);
        row(t, min, "fmin." + s, "001010" + p + " ----- ----- 000 -----" + o, Format.FR);
        row(t, max, "fmax." + s, "001010" + p + " ----- ----- 001 -----" + o, Format.FR);
        row(t, eq, "feq." + s, "101000" + p + " ----- ----- 010 -----" + o, Format.FCMP);
        row(t, lt, "flt." + s, "101000" + p + " ----- ----- 001 -----" + o, Format.FCMP);
        row(t, le, "fle." + s, "101000" + p + " ----- ----- 000 -----" + o, Format.FCMP);
        row(t, fclass, "fclass." + s, "111000" + p + " 00000 ----- 001 -----" + o, Format.F2X);
        row(t, mvToX, "fmv.x." + x, "111000" + p + " 00000 ----- 000 -----" + o, Format.F2X);
        row(t, mvFromX, "fmv." + x + ".x", "111100" + p + " 00000 ----- 000 -----" + o, Format.X2F);
        row(t, cvtW, "fcvt.w." + s, "110000" + p + " 00000 ----- --- -----" + o, Format.F2X);
        row(t, cvtWU, "fcvt.wu." + s, "110000" + p + " 00001 ----- --- -----" + o, Format.F2X);
        row(t, cvtL, "fcvt.l." + s, "110000" + p + " 00010 ----- --- -----" + o, Format.F2X);
        row(t, cvtLU, "fcvt.lu." + s, "110000" + p + " 00011 ----- --- -----" + o, Format.F2X);
        row(t, cvtFromW, "fcvt." + s + ".w", "110100" + p + " 00000 ----- --- -----" + o, Format.X2F);
        row(t, cvtFromWU, "fcvt." + s + ".wu", "110100" + p + " 00001 ----- --- -----" + o, Format.X2F);
        row(t, cvtFromL, "fcvt." + s + ".l", "110100" + p + " 00010 ----- --- -----" + o, Format.X2F);
        row(t, cvtFromLU, "fcvt." + s + ".lu", "110100" + p + " 00011 ----- --- -----" + o, Format.X2F);
    }
}
