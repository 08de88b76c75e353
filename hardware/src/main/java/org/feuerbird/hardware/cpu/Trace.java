package org.feuerbird.hardware.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One round of a hot loop whose path leaves its page: through calls and returns, like a
 * loop that calls {@code malloc} and {@code free}, which live on other pages. A region
 * ({@link Translator}) stops at its page's edge, so such a loop pays a call out of the
 * region and an entry into another one at every call and return; a trace is the path one
 * round takes, instruction by instruction across pages, for {@link Translator#translateTrace}
 * to compile as one loop that leaves only where the guest goes another way.
 *
 * <p>The path is found by running the guest dry from the hot entry: on a copy of the
 * registers, reading memory through the TLB's fast-path entries (the trace is not taken
 * if an access misses) and keeping stores aside. Nothing of the hart changes. The path
 * need not be the one the guest takes next: the compiled trace checks every branch, every
 * indirect jump and every page it enters, and leaves where they differ.
 */
final class Trace {
    /** Instructions per round at most (the trace is compiled into one method; see {@link Translator#MAX_CODE}). */
    static final int MAX_STEPS = 360;

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Per step: the instruction's pc, its decoded form, its RAM index, and for a branch whether it was taken. */
    final long[] pcs, insns;
    final int[] ramIndex;
    final boolean[] taken;
    final int length;

    private Trace(long[] pcs, long[] insns, int[] ramIndex, boolean[] taken, int length) {
        this.pcs = pcs;
        this.insns = insns;
        this.ramIndex = ramIndex;
        this.taken = taken;
        this.length = length;
    }

    /** The page of step {@code i} in RAM (its index shifted right by 12). */
    int ramPage(int i) { return ramIndex[i] >>> 12; }

    /**
     * Runs the guest dry from {@code start} with the registers {@code regs} for two rounds,
     * each until it comes back to {@code start}. Returns the path of the first, or null if
     * the second one went another way (a path that changes from round to round, like a
     * merge loop's, would leave the trace at every other round: a region serves it
     * better), if a round does not come back within {@link #MAX_STEPS}, meets an
     * instruction a region does not translate (or a float one), misses the TLB, or never
     * leaves its page (a region serves such a loop already).
     */
    static Trace record(long start, long[] regs, Mmu mmu, byte[] ram) {
        long[] x = Arrays.copyOf(regs, 33);
        Map<Long, Byte> stored = new HashMap<>();
        long[] pcs = new long[2 * MAX_STEPS], insns = new long[2 * MAX_STEPS];
        int[] ramIndex = new int[2 * MAX_STEPS];
        boolean[] taken = new boolean[2 * MAX_STEPS];
        boolean leaves = false;
        int round = 0;   // the length of the first round, once it is known
        long pc = start;
        for (int n = 0; n < 2 * MAX_STEPS; n++) {
            if (round > 0 && (n >= 2 * round || pc != pcs[n - round])) return null;   // round two went another way
            int at = fetchIndex(mmu, pc);
            if (at < 0) return null;
            long d = decode(ram, at, (int) pc & 0xfff);
            int op = d == 0 ? Op.ILLEGAL : Decoder.op(d);
            if (!Translator.supported(op) || Translator.isFloat(op)) return null;
            pcs[n] = pc;
            insns[n] = d;
            ramIndex[n] = at;
            int rd = Decoder.rd(d), rs1 = Decoder.rs1(d), rs2 = Decoder.rs2(d);
            long imm = Decoder.imm(d), a = x[rs1], b = x[rs2];
            long next = pc + Decoder.length(d);
            switch (op) {
                case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> {
                    boolean t = switch (op) {
                        case Op.BEQ -> a == b;
                        case Op.BNE -> a != b;
                        case Op.BLT -> a < b;
                        case Op.BGE -> a >= b;
                        case Op.BLTU -> Long.compareUnsigned(a, b) < 0;
                        default -> Long.compareUnsigned(a, b) >= 0;
                    };
                    taken[n] = t;
                    if (t) next = pc + imm;
                }
                case Op.JAL -> { x[rd] = next; next = pc + imm; }
                case Op.JALR -> { x[rd] = next; next = (a + imm) & ~1L; leaves = true; }
                case Op.LB, Op.LBU, Op.LH, Op.LHU, Op.LW, Op.LWU, Op.LD -> {
                    int size = switch (op) { case Op.LB, Op.LBU -> 1; case Op.LH, Op.LHU -> 2; case Op.LW, Op.LWU -> 4; default -> 8; };
                    long va = a + imm;
                    int i = dataIndex(mmu, va, size, false);
                    if (i < 0) return null;
                    long v = 0;
                    for (int k = size - 1; k >= 0; k--) {
                        Byte s = stored.get(va + k);
                        v = v << 8 | ((s != null ? s : ram[i + k]) & 0xff);
                    }
                    int bits = 64 - 8 * size;
                    x[rd] = op == Op.LBU || op == Op.LHU || op == Op.LWU ? v : v << bits >> bits;
                }
                case Op.SB, Op.SH, Op.SW, Op.SD -> {
                    int size = 1 << (op - Op.SB);
                    long va = a + imm;
                    if (dataIndex(mmu, va, size, true) < 0) return null;
                    for (int k = 0; k < size; k++) stored.put(va + k, (byte) (b >>> 8 * k));
                }
                default -> x[rd] = alu(op, a, b, imm, pc);
            }
            x[0] = 0;
            if (((next ^ pc) & ~0xfffL) != 0) leaves = true;
            if (round > 0 && taken[n] != taken[n - round]) return null;
            pc = next;
            if (pc != start) continue;
            if (round == 0) {
                if (!leaves || n + 1 > MAX_STEPS) return null;
                round = n + 1;
            } else {
                return n + 1 == 2 * round ? new Trace(pcs, insns, ramIndex, taken, round) : null;
            }
        }
        return null;
    }

    /** The value an integer operation that is not a load, store or jump writes. */
    private static long alu(int op, long a, long b, long imm, long pc) {
        return switch (op) {
            case Op.LUI -> imm;
            case Op.AUIPC -> pc + imm;
            case Op.ADDI -> a + imm;
            case Op.SLTI -> a < imm ? 1 : 0;
            case Op.SLTIU -> Long.compareUnsigned(a, imm) < 0 ? 1 : 0;
            case Op.XORI -> a ^ imm;
            case Op.ORI -> a | imm;
            case Op.ANDI -> a & imm;
            case Op.SLLI -> a << imm;
            case Op.SRLI -> a >>> imm;
            case Op.SRAI -> a >> imm;
            case Op.ADD -> a + b;
            case Op.SUB -> a - b;
            case Op.SLL -> a << b;
            case Op.SLT -> a < b ? 1 : 0;
            case Op.SLTU -> Long.compareUnsigned(a, b) < 0 ? 1 : 0;
            case Op.XOR -> a ^ b;
            case Op.SRL -> a >>> b;
            case Op.SRA -> a >> b;
            case Op.OR -> a | b;
            case Op.AND -> a & b;
            case Op.ADDIW -> (int) (a + imm);
            case Op.SLLIW -> (int) a << imm;
            case Op.SRLIW -> (int) a >>> imm;
            case Op.SRAIW -> (int) a >> imm;
            case Op.ADDW -> (int) (a + b);
            case Op.SUBW -> (int) (a - b);
            case Op.SLLW -> (int) a << b;
            case Op.SRLW -> (int) a >>> b;
            case Op.SRAW -> (int) a >> b;
            case Op.MUL -> a * b;
            case Op.MULH -> Math.multiplyHigh(a, b);
            case Op.MULHSU -> RegionSupport.mulhsu(a, b);
            case Op.MULHU -> Math.unsignedMultiplyHigh(a, b);
            case Op.MULW -> (int) a * (int) b;
            case Op.DIV -> RegionSupport.div(a, b);
            case Op.DIVU -> RegionSupport.divu(a, b);
            case Op.REM -> RegionSupport.rem(a, b);
            case Op.REMU -> RegionSupport.remu(a, b);
            case Op.DIVW -> RegionSupport.divw(a, b);
            case Op.DIVUW -> RegionSupport.divuw(a, b);
            case Op.REMW -> RegionSupport.remw(a, b);
            case Op.REMUW -> RegionSupport.remuw(a, b);
            default -> throw new IllegalStateException("no dry run for op " + op);
        };
    }

    /** The RAM index of an instruction address from the fetch TLB (no walk), or -1. */
    static int fetchIndex(Mmu mmu, long va) {
        long ctx = mmu.fetchCtx;
        int i = Mmu.index(va, ctx);
        return mmu.fetchTag[i] == ((va >>> 12) | ctx) ? (int) (va + mmu.fetchOff[i]) : -1;
    }

    /** The RAM index of a data access from the TLB's fast-path entries (no walk), or -1. */
    private static int dataIndex(Mmu mmu, long va, int size, boolean write) {
        long ctx = mmu.dataCtx;
        int i = (Mmu.index(va, ctx) << 2) + (write ? Mmu.WRITE_TAG : Mmu.READ_TAG);
        return mmu.data[i] == (((va + size - 1) >>> 12) | ctx) ? (int) (va + mmu.data[i + 1]) : -1;
    }

    /** The instruction at RAM index {@code at} (page offset {@code off}), or 0 if it straddles the page end. */
    private static long decode(byte[] ram, int at, int off) {
        int lo = (short) I16.get(ram, at) & 0xffff;
        if ((lo & 3) != 3) return Decoder.decode16(lo);
        if (off > 0xffc) return 0;
        return Decoder.decode32((int) I32.get(ram, at));
    }
}
