package org.feuerbird.hardware.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns instruction words into the decoded form the interpreter runs, once per
 * instruction slot (the hart caches the result per physical page).
 *
 * <p>A decoded instruction is one {@code long}:
 * <pre>
 *  bits  0..7   operation ({@link Op})
 *  bits  8..13  rd   (0..31; an integer x0 destination becomes 32, a write-only sink register)
 *  bits 14..18  rs1  (or the 5-bit immediate of csrr*i)
 *  bits 19..23  rs2
 *  bit  24      compressed (the instruction is 2 bytes long)
 *  bits 32..63  immediate, sign-extended; for float ops: rs3 in 32..36 and rm in 37..39;
 *               for CSR ops the CSR number; for ILLEGAL the instruction bits (the trap's tval)
 * </pre>
 * The value 0 never results from decoding, so 0 in a cache slot means "not decoded yet".
 * The decoder is derived from {@link InstructionTable}: rows are bucketed by major opcode
 * and matched by mask; it is not on the hot path, so clarity wins over cleverness here.
 */
final class Decoder {
    /** The x0 stand-in for integer destinations: written, never read. */
    static final int SINK = 32;
    static final int COMPRESSED_BIT = 1 << 24;

    private static final InstructionTable.Row[][] BY_OPCODE = new InstructionTable.Row[32][];

    static {
        List<List<InstructionTable.Row>> buckets = new ArrayList<>();
        for (int i = 0; i < 32; i++) buckets.add(new ArrayList<>());
        for (InstructionTable.Row r : InstructionTable.ROWS) {
            if ((r.mask() & 0x7f) != 0x7f || (r.match() & 3) != 3) throw new AssertionError(r.name());
            buckets.get((r.match() >>> 2) & 31).add(r);
        }
        for (int i = 0; i < 32; i++) BY_OPCODE[i] = buckets.get(i).toArray(InstructionTable.Row[]::new);
    }

    private Decoder() { }

    // ---- field access on decoded words (the interpreter uses the same shifts inline) ----
    static int op(long d) { return (int) d & 0xff; }
    static int rd(long d) { return (int) (d >>> 8) & 63; }
    static int rs1(long d) { return (int) (d >>> 14) & 31; }
    static int rs2(long d) { return (int) (d >>> 19) & 31; }
    static int rs3(long d) { return (int) (d >>> 32) & 31; }
    static int rm(long d) { return (int) (d >>> 37) & 7; }
    static long imm(long d) { return d >> 32; }
    static int length(long d) { return 4 - (((int) d >>> 23) & 2); }

    /** The table row of a 32-bit instruction, or null if it is not an RV64G instruction. */
    static InstructionTable.Row lookup(int insn) {
        if ((insn & 3) != 3) return null;
        for (InstructionTable.Row r : BY_OPCODE[(insn >>> 2) & 31]) {
            if ((insn & r.mask()) == r.match()) return r;
        }
        return null;
    }

    /** Decodes a 32-bit instruction word. */
    static long decode32(int insn) {
        InstructionTable.Row r = lookup(insn);
        if (r == null) return illegal(insn);
        int rd = (insn >>> 7) & 31, rs1 = (insn >>> 15) & 31, rs2 = (insn >>> 20) & 31;
        if (r.format().intRd && rd == 0) rd = SINK;
        int imm = switch (r.format()) {
            case I, FLOAD -> insn >> 20;
            case S, FSTORE -> ((insn >> 25) << 5) | ((insn >>> 7) & 0x1f);
            case B -> ((insn >> 31) << 12) | (((insn >>> 7) & 1) << 11) | (((insn >>> 25) & 0x3f) << 5)
                | (((insn >>> 8) & 0xf) << 1);
            case U -> insn & 0xffff_f000;
            case J -> ((insn >> 31) << 20) | (insn & 0xff000) | (((insn >>> 20) & 1) << 11)
                | (((insn >>> 21) & 0x3ff) << 1);
            case SHIFT -> (insn >>> 20) & 0x3f;
            case CSR, CSRI -> (insn >>> 20) & 0xfff;
            case FR, FR1, FR4, FCMP, F2X, X2F -> (insn >>> 27) | (((insn >>> 12) & 7) << 5);
            case R, NONE, AMO -> 0;
        };
        return pack(r.op(), rd, rs1, rs2, imm);
    }

    /** Decodes a 16-bit compressed instruction by expanding it to its 32-bit equivalent. */
    static long decode16(int halfword) {
        int insn = Compressed.expand(halfword & 0xffff);
        if (insn == 0) return illegal(halfword & 0xffff) | COMPRESSED_BIT;
        long d = decode32(insn);
        if (op(d) == Op.ILLEGAL) return illegal(halfword & 0xffff) | COMPRESSED_BIT;
        return d | COMPRESSED_BIT;
    }

    static long illegal(int bits) {
        return pack(Op.ILLEGAL, 0, 0, 0, bits);
    }

    private static long pack(int op, int rd, int rs1, int rs2, int imm) {
        return op | (long) rd << 8 | (long) rs1 << 14 | (long) rs2 << 19 | (long) imm << 32;
    }

    /** The assembler name of a decoded instruction, for traces and error messages. */
    static String name(long d) {
        int op = op(d);
        if (op == Op.ILLEGAL) return "illegal";
        if (op == Op.PAGE_END) return "(end of page)";
        for (InstructionTable.Row r : InstructionTable.ROWS) {
            if (r.op() == op) return r.name();
        }
        return "op" + op;
    }
}
