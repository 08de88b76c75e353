package org.feuerbird.hardware.cpu;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Translates a hot region of guest code into a JVM hidden class ({@link Region}).
 *
 * <p>A region is the set of instructions reachable from a hot entry point without leaving
 * its physical page, following fall-through, conditional branches and {@code jal}, bounded
 * in size so that the generated method stays well below HotSpot's 8,000-byte limit for
 * compiled methods. Guest integer registers live in JVM locals (loaded at entry and after
 * calls; at a call or jump out, those that may have changed since are written back), or,
 * in most regions that call out of themselves, in the hart's array ({@code Emitter#memRegs});
 * branches
 * inside the region are bytecode jumps, loads and stores
 * take the TLB fast path through {@link RegionSupport} and leave the region on a miss.
 * Everything else (system instructions, atomics, most float operations, the slow memory
 * path, jumps out of the region or the page, returns) ends the region at that
 * instruction with an exact pc and instruction count, and the interpreter carries on. So a
 * region never traps: traps stay the interpreter's, exactly as without translation. A call
 * out of the region runs the callee's regions through {@link Hart#callOut} and, when they
 * return to it, goes on inside the region.
 *
 * <p>Each block checks the remaining budget before it runs, so a region retires exactly
 * as many instructions as the interpreter would in the same chunk, and interrupts and stop
 * requests are seen at the same chunk boundaries.
 *
 * <p>A hot loop whose path leaves the page, through calls and returns, is compiled instead
 * as a trace: the path of one round, across pages, as one loop ({@link Trace},
 * {@link #translateTrace}).
 *
 * <p>Translations belong to the physical page ({@link CodeCache}) and are dropped with its
 * decoded instructions when the page is written; they depend on the virtual address only
 * through the {@code pageVa} argument (for auipc and link registers), so every alias of
 * the page and every address space shares them, and satp changes need no invalidation.
 */
final class Translator {
    /** Guest instructions per region at most (the bytecode limit is checked too). */
    static final int MAX_INSNS = 320;
    /** Bytecode bytes per generated method at most (HotSpot does not compile above 8,000). */
    static final int MAX_CODE = 7_600;
    /**
     * Where a region keeps guest registers ({@code -Dfeuerbird.jit.regs}): {@code auto} (the
     * default) in the hart's array if the region calls out of itself, unless it has a loop
     * that runs without calling out and none that calls out ({@code Emitter#memRegs}), else
     * in locals; {@code locals} or {@code memory} for all regions, to compare.
     */
    static final String REGS = System.getProperty("feuerbird.jit.regs", "auto");

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private static final ClassDesc CD_REGION = ClassDesc.of("org.feuerbird.hardware.cpu.Region");
    private static final ClassDesc CD_GEN = ClassDesc.of("org.feuerbird.hardware.cpu.TranslatedRegion");
    private static final ClassDesc CD_HART = ClassDesc.of("org.feuerbird.hardware.cpu.Hart");
    private static final ClassDesc CD_FPU = ClassDesc.of("org.feuerbird.hardware.cpu.Fpu");
    private static final ClassDesc CD_MATH = ClassDesc.of("java.lang.Math");
    private static final ClassDesc CD_RS = ClassDesc.of("org.feuerbird.hardware.cpu.RegionSupport");
    private static final ClassDesc CD_J = ConstantDescs.CD_long, CD_I = ConstantDescs.CD_int;
    private static final ClassDesc CD_JA = CD_J.arrayType(), CD_BA = ConstantDescs.CD_byte.arrayType();
    private static final MethodTypeDesc MT_RUN = MethodTypeDesc.of(CD_I, CD_HART, CD_JA, CD_JA, CD_BA, CD_JA, CD_J, CD_J,
        CD_I, CD_I, CD_I);
    private static final MethodTypeDesc MT_INDEX = MethodTypeDesc.of(CD_I, CD_J, CD_JA, CD_J);
    private static final MethodTypeDesc MT_CHECK = MethodTypeDesc.of(CD_I, CD_J, CD_JA, CD_J, CD_I, ConstantDescs.CD_boolean);
    private static final MethodTypeDesc MT_LOAD = MethodTypeDesc.of(CD_J, CD_BA, CD_I);
    private static final MethodTypeDesc MT_STORE = MethodTypeDesc.of(ConstantDescs.CD_void, CD_BA, CD_I, CD_J);
    private static final MethodTypeDesc MT_JJ_J = MethodTypeDesc.of(CD_J, CD_J, CD_J);
    private static final MethodTypeDesc MT_JJ_I = MethodTypeDesc.of(CD_I, CD_J, CD_J);
    private static final MethodTypeDesc MT_FP2 = MethodTypeDesc.of(CD_J, CD_J, CD_J, CD_I);
    private static final MethodTypeDesc MT_FP3 = MethodTypeDesc.of(CD_J, CD_J, CD_J, CD_J, CD_I);
    private static final MethodTypeDesc MT_FP1 = MethodTypeDesc.of(CD_J, CD_J, CD_I);
    private static final MethodTypeDesc MT_CALL_OUT = MethodTypeDesc.of(CD_I, CD_J, CD_I);
    private static final ClassDesc CD_MMU = ClassDesc.of("org.feuerbird.hardware.cpu.Mmu");
    private static final MethodTypeDesc MT_FETCHES = MethodTypeDesc.of(ConstantDescs.CD_boolean, CD_MMU, CD_J, CD_I);
    private static final ClassDesc CD_IA = CD_I.arrayType();
    private static final MethodTypeDesc MT_TRACE_INIT = MethodTypeDesc.of(ConstantDescs.CD_void, CD_IA);

    // Local variable slots of the generated run method.
    private static final int H = 1, X = 2, F = 3, RAM = 4, TLB = 5, CTX = 6, PAGE = 8, BUDGET = 10, FRM = 11, ENTRY = 12;
    private static final int N = 13, EXIT_PC = 14, IDX = 16, FPU = 17, REG0 = 18;
    /**
     * Int locals per base register and kind of access ({@code 2 * r + kind}, read 0, write
     * 1): the RAM index of the access whose TLB check later ones reuse, and its page offset
     * ({@link Emitter#address}).
     */
    private static final int PAGE_IDX0 = REG0 + 62, PAGE_OFF0 = PAGE_IDX0 + 64;
    /** A long local for the value of a register being stored into the hart's array. */
    private static final int TMPV = PAGE_OFF0 + 64;
    /** The hart's MMU, for the page checks of a trace ({@link TraceEmitter#body}). */
    private static final int MMU = TMPV + 2;

    private static int reg(int r) { return REG0 + 2 * (r - 1); }

    private Translator() { }

    /** Whether the region translates the operation (else it ends the region there). */
    static boolean supported(int op) {
        return switch (op) {
            case Op.LUI, Op.AUIPC, Op.JAL, Op.JALR, Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU,
                 Op.LB, Op.LH, Op.LW, Op.LBU, Op.LHU, Op.LWU, Op.LD, Op.SB, Op.SH, Op.SW, Op.SD,
                 Op.ADDI, Op.SLTI, Op.SLTIU, Op.XORI, Op.ORI, Op.ANDI, Op.SLLI, Op.SRLI, Op.SRAI,
                 Op.ADD, Op.SUB, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.SRA, Op.OR, Op.AND,
                 Op.ADDIW, Op.SLLIW, Op.SRLIW, Op.SRAIW, Op.ADDW, Op.SUBW, Op.SLLW, Op.SRLW, Op.SRAW,
                 Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU,
                 Op.MULW, Op.DIVW, Op.DIVUW, Op.REMW, Op.REMUW -> true;
            default -> isFloat(op);
        };
    }

    /** The float operations a region translates; they need mstatus.FS on (checked at entry). */
    static boolean isFloat(int op) {
        return switch (op) {
            case Op.FLW, Op.FSW, Op.FLD, Op.FSD, Op.FADD_D, Op.FSUB_D, Op.FMUL_D, Op.FDIV_D, Op.FMADD_D,
                 Op.FMSUB_D, Op.FNMSUB_D, Op.FNMADD_D, Op.FSGNJ_D, Op.FMV_X_D, Op.FMV_D_X,
                 Op.FCVT_D_W, Op.FCVT_D_L -> true;
            default -> false;
        };
    }

    private static boolean usesRm(int op) {
        return switch (op) {
            case Op.FADD_D, Op.FSUB_D, Op.FMUL_D, Op.FDIV_D, Op.FMADD_D, Op.FMSUB_D, Op.FNMSUB_D, Op.FNMADD_D,
                 Op.FCVT_D_W, Op.FCVT_D_L -> true;
            default -> false;
        };
    }

    private static boolean isBranch(int op) { return op >= Op.BEQ && op <= Op.BGEU; }

    private static boolean isStore(int op) { return op >= Op.SB && op <= Op.SD; }

    /**
     * The integer registers a translated instruction reads, as a bit mask (bit r for x r;
     * x0 never). The decoded rs and rd fields of formats that lack them hold immediate bits,
     * so the sets come from the operation, not from the fields.
     */
    static int reads(long d) {
        int op = Decoder.op(d);
        int rs1 = 1 << Decoder.rs1(d), rs2 = 1 << Decoder.rs2(d);
        int m = switch (op) {
            case Op.LUI, Op.AUIPC, Op.JAL -> 0;
            case Op.JALR, Op.LB, Op.LH, Op.LW, Op.LBU, Op.LHU, Op.LWU, Op.LD, Op.FLW, Op.FLD, Op.FSW, Op.FSD,
                 Op.ADDI, Op.SLTI, Op.SLTIU, Op.XORI, Op.ORI, Op.ANDI, Op.SLLI, Op.SRLI, Op.SRAI,
                 Op.ADDIW, Op.SLLIW, Op.SRLIW, Op.SRAIW, Op.FMV_D_X, Op.FCVT_D_W, Op.FCVT_D_L -> rs1;
            default -> isFloat(op) ? 0 : rs1 | rs2;   // branches, integer stores, register-register ALU
        };
        return m & ~1;
    }

    /** The integer register a translated instruction writes, as a bit mask (0 if none, or x0). */
    static int writes(long d) {
        int op = Decoder.op(d);
        if (isBranch(op) || isStore(op) || (isFloat(op) && op != Op.FMV_X_D)) return 0;
        int rd = Decoder.rd(d);
        return rd == 0 || rd == Decoder.SINK ? 0 : 1 << rd;
    }

    /** What a translation needs at entry: see {@link Compiled#needsFp} and {@link Compiled#needsFrm}. */
    record Compiled(Region region, boolean needsFp, boolean needsFrm, int instructions, int codeBytes, BitSet entries,
                    boolean trace, Tally tally) {
        /** Whether the region can be entered at this page offset (the start of one of its blocks). */
        boolean entersAt(int off) { return entries.get(off); }

        @Override public String toString() {
            return (trace ? "trace of " : "region of ") + instructions + " instructions, " + entries.cardinality()
                + " entries, " + codeBytes + " bytecode bytes" + (needsFp ? ", float" : "");
        }
    }

    /**
     * How a trace fares (a trace's own, shared by the harts of its board): a trace whose path
     * changes from round to round leaves at a branch soon after every entry, and the
     * interpreter's chaining after each exit costs more than the trace saves (glibc's merge
     * sort, whose merge loop goes one way or the other by the data, sorted about 10 % slower
     * with its trace). So a trace that, over 64 runs not cut short by the budget, left
     * before finishing two rounds in at least half of them is dropped for a region.
     */
    static final class Tally {
        private int runs, short_;
        private volatile boolean dropped;

        boolean dropped() { return dropped; }

        void count(int retired, int length, int budget) {
            if (budget < 2 * length) return;   // the budget, not the path, ended it
            runs++;
            if (retired < 2 * length) short_++;
            if (runs == 64) {
                if (short_ >= 32) dropped = true;
                runs = short_ = 0;
            }
        }
    }

    /**
     * Translates the region entered at {@code entry} (offset in the page) of the RAM page at
     * index {@code base}. Returns null if there is nothing worth translating there.
     */
    static Compiled translate(byte[] ram, int base, int entry) {
        // Translations depend only on the page's bytes and the entry, so boards and harts
        // that run the same code share them, and with them HotSpot's compiled code.
        Key key = new Key(entry, Arrays.copyOfRange(ram, base, base + 4096));
        Compiled c = SHARED.get(key);
        if (c != null) return c == NOTHING ? null : c;
        c = compile(ram, base, entry);
        if (SHARED.size() >= SHARED_MAX) SHARED.clear();
        SHARED.put(key, c == null ? NOTHING : c);
        return c;
    }

    /**
     * Compiles a trace ({@link Trace}) into a region entered only at its first step. Returns
     * null if it does not fit one method. The class is shared by every board whose trace has
     * the same path (its pcs relative to the page, instructions and branch directions); the
     * RAM its page checks expect is the instance's ({@link TraceEmitter#expected}).
     */
    static Compiled translateTrace(Trace t) {
        try {
            long page = t.pcs[0] & ~0xfffL;
            long[] deltas = new long[t.length];
            for (int i = 0; i < t.length; i++) deltas[i] = t.pcs[i] - page;
            TraceKey key = new TraceKey(deltas, Arrays.copyOf(t.insns, t.length), Arrays.copyOf(t.taken, t.length));
            TraceClass tc = SHARED_TRACES.get(key);
            if (tc == null) {
                int[] size = new int[1];
                byte[] bytes = ClassFile.of().build(CD_GEN, cb -> {
                    cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
                    cb.withSuperclass(CD_REGION);
                    cb.withField("expect", CD_IA, ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL);
                    cb.withMethodBody(ConstantDescs.INIT_NAME, MT_TRACE_INIT, ClassFile.ACC_PUBLIC,
                        c -> c.aload(0).invokespecial(CD_REGION, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
                            .aload(0).aload(1).putfield(CD_GEN, "expect", CD_IA).return_());
                    cb.withMethodBody("run", MT_RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL,
                        c -> new TraceEmitter(t, c).body());
                });
                int code = codeSize(bytes);
                if (code > MAX_CODE) return null;
                Class<?> k = LOOKUP.defineHiddenClass(bytes, true).lookupClass();
                tc = new TraceClass(LOOKUP.findConstructor(k, MethodType.methodType(void.class, int[].class)), code);
                if (SHARED_TRACES.size() >= SHARED_MAX) SHARED_TRACES.clear();
                SHARED_TRACES.put(key, tc);
            }
            Region r = (Region) tc.constructor.invoke(TraceEmitter.expected(t));
            BitSet entry = new BitSet(4096);
            entry.set((int) deltas[0]);
            return new Compiled(r, false, false, t.length, tc.codeBytes, entry, true, new Tally());
        } catch (Throwable e) {
            failed(e);
            return null;
        }
    }

    private record TraceKey(long[] deltas, long[] insns, boolean[] taken) {
        @Override public boolean equals(Object o) {
            return o instanceof TraceKey k && Arrays.equals(k.deltas, deltas) && Arrays.equals(k.insns, insns)
                && Arrays.equals(k.taken, taken);
        }
        @Override public int hashCode() { return Arrays.hashCode(deltas) * 31 + Arrays.hashCode(insns); }
    }

    private record TraceClass(java.lang.invoke.MethodHandle constructor, int codeBytes) { }

    /** Trace classes by path, shared by all boards of this JVM. */
    private static final ConcurrentHashMap<TraceKey, TraceClass> SHARED_TRACES = new ConcurrentHashMap<>();

    /** Translations by page content and entry, shared by all boards of this JVM. */
    private static final ConcurrentHashMap<Key, Compiled> SHARED = new ConcurrentHashMap<>();
    private static final int SHARED_MAX = 2048;
    private static final Compiled NOTHING = new Compiled(null, false, false, 0, 0, new BitSet(), false, null);

    private record Key(int entry, byte[] page) {
        @Override public boolean equals(Object o) {
            return o instanceof Key k && k.entry == entry && Arrays.equals(k.page, page);
        }
        @Override public int hashCode() { return 31 * entry + Arrays.hashCode(page); }
    }

    private static Compiled compile(byte[] ram, int base, int entry) {
        try {
            for (int max = MAX_INSNS; max >= 16; max /= 2) {
                Plan plan = plan(ram, base, entry, max);
                if (plan == null) return null;
                byte[] bytes = emit(plan);
                int size = codeSize(bytes);
                if (size > MAX_CODE) continue;
                Class<?> k = LOOKUP.defineHiddenClass(bytes, true).lookupClass();
                Region r = (Region) LOOKUP.findConstructor(k, MethodType.methodType(void.class)).invoke();
                return new Compiled(r, plan.usesFp, plan.usesFrm, plan.insns.size(), size, entries(plan), false, null);
            }
            return null;
        } catch (Throwable e) {
            // A translator bug must not stop the guest: the interpreter runs this code instead.
            // Tests check that this never happens (failures()).
            failed(e);
            return null;
        }
    }

    private static final AtomicLong FAILURES = new AtomicLong();

    /** Counts a translation that failed with {@code e} (a translator bug), and prints it if asked to. */
    static void failed(Throwable e) {
        FAILURES.incrementAndGet();
        if (Boolean.getBoolean("feuerbird.jit.trace")) e.printStackTrace();
    }

    /** Translations that failed (a translator bug; the code was interpreted instead). */
    static long failures() { return FAILURES.get(); }

    /** The block starts of a region: where it can be entered. */
    private static BitSet entries(Plan p) {
        BitSet e = new BitSet(4096);
        for (var en : p.insns.entrySet()) {
            if (en.getValue() != 0 && p.leaders.get(en.getKey())) e.set(en.getKey());
        }
        return e;
    }

    private static int codeSize(byte[] bytes) {
        var model = ClassFile.of().parse(bytes);
        for (var m : model.methods()) {
            if (m.methodName().equalsString("run")) {
                return m.findAttribute(java.lang.classfile.Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            }
        }
        return 0;
    }

    /** The instructions of a region, by page offset; a value of 0 marks an instruction that ends the region. */
    private static final class Plan {
        final TreeMap<Integer, Long> insns = new TreeMap<>();
        final BitSet leaders = new BitSet(4096);
        final int entry;
        boolean usesFp, usesFrm;
        Plan(int entry) { this.entry = entry; }
    }

    private static long decodeAt(byte[] ram, int base, int off) {
        int lo = (short) I16.get(ram, base + off) & 0xffff;
        if ((lo & 3) != 3) return Decoder.decode16(lo);
        if (off > 0xffc) return 0;   // straddles the page end: the interpreter's
        return Decoder.decode32((int) I32.get(ram, base + off));
    }

    private static Plan plan(byte[] ram, int base, int entry, int max) {
        Plan p = new Plan(entry);
        List<Integer> work = new ArrayList<>();
        work.add(entry);
        p.leaders.set(entry);
        int translated = 0;
        while (!work.isEmpty()) {
            int off = work.removeLast();
            while (off >= 0 && off < 4096 && !p.insns.containsKey(off)) {
                if (translated >= max) break;
                long d = decodeAt(ram, base, off);
                int op = d == 0 ? Op.ILLEGAL : Decoder.op(d);
                if (!supported(op) || (usesRm(op) && Decoder.rm(d) > 4 && Decoder.rm(d) != 7)) {
                    p.insns.put(off, 0L);   // the region ends here
                    break;
                }
                p.insns.put(off, d);
                translated++;
                if (isFloat(op)) p.usesFp = true;
                if (usesRm(op) && Decoder.rm(d) == 7) p.usesFrm = true;
                int len = Decoder.length(d);
                if (isBranch(op)) {
                    int t = off + (int) Decoder.imm(d);
                    if (t >= 0 && t < 4096) { p.leaders.set(t); work.add(t); }
                    p.leaders.set(off + len);
                } else if (op == Op.JAL) {
                    int t = off + (int) Decoder.imm(d);
                    if (t >= 0 && t < 4096) { p.leaders.set(t); work.add(t); }
                    // A call: where it returns to is an entry for the chained return.
                    if (Decoder.rd(d) != Decoder.SINK && off + len < 4096) { p.leaders.set(off + len); work.add(off + len); }
                    break;
                } else if (op == Op.JALR) {
                    if (Decoder.rd(d) != Decoder.SINK && off + len < 4096) { p.leaders.set(off + len); work.add(off + len); }
                    break;
                }
                off += len;
            }
        }
        Long first = p.insns.get(entry);
        if (first == null || first == 0 || translated < 2) return null;
        return p;
    }

    // ---- code generation ----

    private static byte[] emit(Plan p) {
        return ClassFile.of().build(CD_GEN, cb -> {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withSuperclass(CD_REGION);
            cb.withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC,
                c -> c.aload(0).invokespecial(CD_REGION, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_());
            cb.withMethodBody("run", MT_RUN, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, c -> new Emitter(p, c).body());
        });
    }

    /** One pending out-of-line exit: leave at position {@code pos} after {@code k} more instructions. */
    private record Stub(Label label, int pos, int k) { }

    /**
     * Emits a region's method. Positions ({@code pos}) name instructions: a page offset in a
     * region, a step in a trace ({@link TraceEmitter}); {@link #pcDelta} gives each one's pc
     * relative to the page the code was entered through.
     */
    private static class Emitter {
        final Plan p;
        final CodeBuilder c;
        final Label exit, jumped, reentry, callOut, tail;
        /** Exits by the registers they write back ({@link #exitFor}). */
        final TreeMap<Integer, Label> exits = new TreeMap<>();
        /** Whether some call leaves the region through {@link #callOut}. */
        boolean calls;
        final Label[] labels = new Label[4096];
        final List<Stub> stubs = new ArrayList<>();
        /** The integer registers the region reads or writes, and those it writes (bit r for x r). */
        int usedMask, writtenMask;
        /** Per page offset: the registers possibly changed since the locals were loaded ({@link #dirtyAnalysis}). */
        final int[] dirty = new int[4096];
        final Label jumpedClean;

        Emitter(Plan p, CodeBuilder c) {
            this.p = p;
            this.c = c;
            this.exit = c.newLabel();
            this.jumped = c.newLabel();
            this.reentry = c.newLabel();
            this.callOut = c.newLabel();
            this.jumpedClean = c.newLabel();
            this.tail = c.newLabel();
        }

        Label label(int off) {
            if (labels[off] == null) labels[off] = c.newLabel();
            return labels[off];
        }

        boolean inRegion(int off) {
            if (off < 0 || off >= 4096) return false;
            Long d = p.insns.get(off);
            return d != null;
        }

        /**
         * Whether the region reads and writes guest registers in the hart's array instead of
         * keeping them in locals. Locals pay a load of every register the region uses at each
         * entry and after each call, and a store of the changed ones at each exit and call;
         * a region that calls out pays that at every call and return, and HotSpot keeps
         * array elements in host registers within straight-line code anyway. But not across
         * a loop's back edge: a register carried round a loop then goes through memory each
         * time (posixbench's CRC-32 loop, in a region that also calls out, 167 to 121-141
         * MB/s). So a region that calls out uses the array unless it has a loop that runs
         * without calling out ({@link #hasLoop}) and none that calls out ({@link
         * #callInLoop}: glibc's merge sort, whose merge loop calls the comparison and whose
         * copy loops do not, sorts about 12% faster with the array). malloc_free went from
         * about 136 to 123 ns a pair.
         */
        boolean memRegs;

        void body() {
            memRegs = REGS.equals("memory") || (REGS.equals("auto") && callsOut() && (!hasLoop() || callInLoop()));
            // Which registers the region touches.
            for (long d : p.insns.values()) {
                if (d == 0) continue;
                usedMask |= reads(d) | writes(d);
                writtenMask |= writes(d);
            }
            dirtyAnalysis();
            // Prologue: registers into locals.
            c.iconst_0().istore(N);
            c.lconst_0().lstore(EXIT_PC);
            c.iconst_0().istore(IDX);
            if (p.usesFp) c.aload(H).getfield(CD_HART, "fpu", CD_FPU).astore(FPU);
            // Also where a call made from the region comes back: registers afresh, then on
            // at the return point (in ENTRY).
            c.labelBinding(reentry);
            for (int r = 1; r < 32; r++) {
                if (!memRegs && (usedMask & 1 << r) != 0) c.aload(X).loadConstant(r).laload().lstore(reg(r));
            }
            // Every block start is an entry: one region serves all the hot targets inside it.
            BitSet entries = entries(p);
            List<SwitchCase> cases = new ArrayList<>();
            for (int off = entries.nextSetBit(0); off >= 0; off = entries.nextSetBit(off + 1)) {
                cases.add(SwitchCase.of(off, label(off)));
            }
            Label unknown = c.newLabel();
            c.iload(ENTRY).lookupswitch(unknown, cases);
            c.labelBinding(unknown);
            c.iload(ENTRY).i2l().lload(PAGE).ladd().lstore(EXIT_PC).goto_(exitFor(0));
            // The blocks in page order.
            for (int off : p.insns.keySet()) {
                if (p.leaders.get(off)) emitFrom(off);
            }
            // Out-of-line exits.
            for (Stub s : stubs) {
                c.labelBinding(s.label);
                if (s.k != 0) c.iinc(N, s.k);
                exitAt(s.pos);
            }
            // The exits that write back only the registers dirty where they leave.
            for (var e : exits.entrySet()) {
                c.labelBinding(e.getValue());
                writeBack(e.getKey());
                c.goto_(tail);
            }
            if (calls) emitCallOut();
            // Exits through a jump say so, for the interpreter to chain to the target's region.
            c.labelBinding(jumped);
            c.iload(N).loadConstant(Region.JUMPED).ior().istore(N);
            // The exit: registers back, pc, count.
            c.labelBinding(exit);
            writeBack(writtenMask);
            c.labelBinding(tail);
            c.aload(H).lload(EXIT_PC).putfield(CD_HART, "pc", CD_J);
            c.iload(N).ireturn();
            // A jump out whose registers are already back (see leaveJumping).
            c.labelBinding(jumpedClean);
            c.iload(N).loadConstant(Region.JUMPED).ior().istore(N);
            c.goto_(tail);
        }

        /** Whether the region has a call to code outside it (one that goes through {@link #callOut}). */
        boolean callsOut() {
            for (var e : p.insns.entrySet()) {
                if (e.getValue() != 0 && isCallOut(e.getKey(), e.getValue())) return true;
            }
            return false;
        }

        /**
         * Whether the region's own flow (fall-through, branches and jumps inside it; a call
         * is not an edge, since the region goes on after it only through its entry switch)
         * has a cycle: a loop that runs without calling out.
         */
        boolean hasLoop() {
            BitSet onPath = new BitSet(4096), done = new BitSet(4096);   // depth-first search
            for (int start : p.insns.keySet()) {
                if (done.get(start)) continue;
                ArrayDeque<int[]> stack = new ArrayDeque<>();   // {offset, next successor to visit}
                stack.push(new int[] {start, 0});
                onPath.set(start);
                while (!stack.isEmpty()) {
                    int[] top = stack.peek();
                    int[] succ = successors(top[0]);
                    if (top[1] < succ.length) {
                        int t = succ[top[1]++];
                        if (onPath.get(t)) return true;
                        if (!done.get(t)) {
                            onPath.set(t);
                            stack.push(new int[] {t, 0});
                        }
                    } else {
                        onPath.clear(top[0]);
                        done.set(top[0]);
                        stack.pop();
                    }
                }
            }
            return false;
        }

        /**
         * Whether a call out of the region lies on a loop: the code after its return point
         * comes round to it again (a loop calling a function, like a sort's merge loop
         * calling the comparison).
         */
        boolean callInLoop() {
            for (var e : p.insns.entrySet()) {
                long d = e.getValue();
                int off = e.getKey();
                if (d == 0 || !isCallOut(off, d)) continue;
                int next = off + Decoder.length(d);
                if (!inRegion(next)) continue;
                BitSet seen = new BitSet(4096);
                ArrayDeque<Integer> work = new ArrayDeque<>();
                work.add(next);
                seen.set(next);
                while (!work.isEmpty()) {
                    int at = work.poll();
                    if (at == off) return true;
                    long da = p.insns.get(at);
                    int[] succ = successors(at);
                    if (da != 0 && isCallOut(at, da) && inRegion(at + Decoder.length(da))) {
                        succ = new int[] {at + Decoder.length(da)};
                    }
                    for (int t : succ) {
                        if (!seen.get(t)) { seen.set(t); work.add(t); }
                    }
                }
            }
            return false;
        }

        /** Whether the instruction at {@code off} calls out of the region (through {@link #callOut}). */
        boolean isCallOut(int off, long d) {
            int op = Decoder.op(d);
            int next = off + Decoder.length(d);
            boolean link = Decoder.rd(d) != Decoder.SINK && next < 4096;
            return link && (op == Op.JALR || (op == Op.JAL && !inRegion(off + (int) Decoder.imm(d))));
        }

        /** The instructions of the region that flow from the one at {@code off}, inside it. */
        int[] successors(int off) {
            long d = p.insns.get(off);
            if (d == 0) return new int[0];
            int op = Decoder.op(d);
            int next = off + Decoder.length(d), target = off + (int) Decoder.imm(d);
            List<Integer> out = new ArrayList<>(2);
            if (isBranch(op)) {
                if (inRegion(next)) out.add(next);
                if (inRegion(target)) out.add(target);
            } else if (op == Op.JAL) {
                if (!isCallOut(off, d) && inRegion(target)) out.add(target);
            } else if (op != Op.JALR) {
                if (inRegion(next)) out.add(next);
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        /** Stores the registers of a mask from their locals into the hart's array. */
        void writeBack(int mask) {
            for (int r = 1; r < 32; r++) {
                if (!memRegs && (mask & 1 << r) != 0) c.aload(X).loadConstant(r).lload(reg(r)).lastore();
            }
        }

        /**
         * Which registers may have changed since the locals were last loaded (at entry, or
         * after a call), before each instruction: a forward union over the region's flow.
         * Every entry and every return point starts clean, so an exit or a call need only
         * write back the registers dirty there (the locals of the others still equal the
         * hart's array). The full set ({@code writtenMask}) is always correct too, since the
         * locals of all used registers are reloaded after every call.
         */
        void dirtyAnalysis() {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (var e : p.insns.entrySet()) {
                    int off = e.getKey();
                    long d = e.getValue();
                    if (d == 0) continue;
                    int op = Decoder.op(d);
                    int out = dirty[off] | writes(d);
                    int next = off + Decoder.length(d), target = off + (int) Decoder.imm(d);
                    if (isBranch(op)) {
                        changed |= flow(next, out) | flow(target, out);
                    } else if (op == Op.JAL) {
                        if (inRegion(target)) changed |= flow(target, out);   // else a call or a jump out
                    } else if (op != Op.JALR) {
                        changed |= flow(next, out);
                    }
                }
            }
        }

        private boolean flow(int to, int mask) {
            if (!inRegion(to) || (dirty[to] | mask) == dirty[to]) return false;
            dirty[to] |= mask;
            return true;
        }

        /** Leaves through a jump from the instruction at {@code off} (EXIT_PC set), writing back only what is dirty. */
        void leaveJumping(int off) {
            int mask = dirty[off] | writes(p.insns.get(off));
            if (mask == writtenMask) {
                c.goto_(jumped);
            } else {
                writeBack(mask);
                c.goto_(jumpedClean);
            }
        }

        /**
         * A call out of the region (target in EXIT_PC, return point in ENTRY): registers
         * back, then the hart runs the callee's translated code ({@link Hart#callOut}) for at
         * most the rest of the budget. If that comes back to the return point, the region
         * reloads the registers and goes on there; otherwise it leaves as the callee left
         * (registers and pc are already the hart's).
         */
        void emitCallOut() {
            c.labelBinding(callOut);
            c.aload(H).lload(EXIT_PC).putfield(CD_HART, "pc", CD_J);
            c.iload(N).aload(H);
            c.lload(PAGE).iload(ENTRY).i2l().ladd();
            c.iload(BUDGET).iload(N).isub();
            c.invokevirtual(CD_HART, "callOut", MT_CALL_OUT);
            c.iadd().istore(N);
            c.aload(H).getfield(CD_HART, "pc", CD_J).lload(PAGE).iload(ENTRY).i2l().ladd().lcmp().ifeq(reentry);
            c.iload(N).loadConstant(Region.JUMPED).ior().ireturn();
        }

        /**
         * Leaves through {@link #callOut} from the call at {@code off}, to return at
         * {@code next}; EXIT_PC is the target. Only the registers dirty at the call go back.
         */
        void call(int off, int next) {
            calls = true;
            writeBack(dirty[off] | writes(p.insns.get(off)));
            c.loadConstant(next).istore(ENTRY).goto_(callOut);
        }

        /** The pc of the instruction at a position, minus the page the code was entered through. */
        long pcDelta(int pos) { return pos; }

        /** Sets the exit pc to that of the instruction at {@code pos} and jumps to the exit. */
        void exitAt(int pos) { exitPc(pcDelta(pos)); c.goto_(exitFor(dirty[pos])); }

        /**
         * The exit that writes back the registers of {@code mask}: the ones dirty where the
         * region leaves. Writing back only those (rather than every register the region
         * writes) keeps the values loaded at entry from being live, and spilled, across the
         * whole region just for its rare exits.
         */
        Label exitFor(int mask) {
            if (mask == writtenMask || memRegs) return exit;
            return exits.computeIfAbsent(mask, m -> c.newLabel());
        }

        void exitPc(long delta) {
            c.lload(PAGE);
            if (delta != 0) c.loadConstant(delta).ladd();
            c.lstore(EXIT_PC);
        }

        /** Block length from a leader: instructions up to and including the one that ends it. */
        int blockLength(int off) {
            int k = 0;
            while (true) {
                Long d = p.insns.get(off);
                if (d == null || (k > 0 && p.leaders.get(off))) return k;
                if (d == 0) return k;
                k++;
                int op = Decoder.op(d);
                if (isBranch(op) || op == Op.JAL || op == Op.JALR) return k;
                off += Decoder.length(d);
            }
        }

        /**
         * Per base register and kind of access ({@code 2 * r + kind}, see {@link #address}),
         * within the straight-line code being emitted: whether an earlier access through the
         * unchanged base was checked, at which offset and of how many bytes. If later ones
         * reuse its check, its RAM index and page offset are in the locals
         * {@code PAGE_IDX0 + key} and {@code PAGE_OFF0 + key}.
         */
        final boolean[] checked = new boolean[64];
        final long[] checkedImm = new long[64];
        final int[] checkedSize = new int[64];
        /** The page offsets of accesses whose check a later access reuses ({@link #reusedChecks}). */
        final BitSet reused = new BitSet(4096);

        /**
         * A load's or store's key for {@link #checked} ({@code 2 * base + kind}, read 0, write
         * 1), or -1 for an instruction that is neither. Loads through sp reuse checks too:
         * while rare exits still wrote back every register, they cost imatmul 6% (HotSpot's
         * register allocation of its hot loop changed); with exits that write back only
         * what is dirty (see {@link #exitFor}) they cost nothing measurable and make
         * malloc_free about 14% faster (its register restores).
         */
        static int accessKey(long d) {
            return switch (Decoder.op(d)) {
                case Op.SB, Op.SH, Op.SW, Op.SD, Op.FSW, Op.FSD -> 2 * Decoder.rs1(d) + 1;
                case Op.LB, Op.LBU, Op.LH, Op.LHU, Op.LW, Op.LWU, Op.LD, Op.FLW, Op.FLD ->
                    2 * Decoder.rs1(d);
                default -> -1;
            };
        }

        /**
         * An instruction that writes a base register ends the reuse of its checks, unless it
         * adds a constant to it ({@code addi sp, sp, -48}, a function's frame): the checks
         * still hold, at offsets moved by that constant.
         */
        void forgetChecks(long d) {
            int w = writes(d);
            if (w == 0) return;
            int r = Integer.numberOfTrailingZeros(w);
            if (movesBase(d)) {
                checkedImm[2 * r] -= Decoder.imm(d);
                checkedImm[2 * r + 1] -= Decoder.imm(d);
            } else {
                checked[2 * r] = checked[2 * r + 1] = false;
            }
        }

        /** Whether the instruction adds a constant to a register in place ({@link #forgetChecks}). */
        static boolean movesBase(long d) {
            return Decoder.op(d) == Op.ADDI && Decoder.rd(d) == Decoder.rs1(d);
        }

        /**
         * Marks in {@link #reused} the accesses of the straight-line code from {@code start}
         * (as {@link #emitFrom} walks it) whose check a later access reuses, so that only
         * those keep their RAM index and page offset in locals.
         */
        void reusedChecks(int start) {
            reused.clear();
            int[] first = new int[64];
            Arrays.fill(first, -1);
            int off = start;
            while (true) {
                long d = p.insns.get(off);
                if (d == 0) break;
                int op = Decoder.op(d);
                if (isBranch(op) || op == Op.JAL || op == Op.JALR) break;
                noteReuse(first, off, d);
                int next = off + Decoder.length(d);
                if (!inRegion(next) || p.leaders.get(next)) break;
                off = next;
            }
        }

        /**
         * One step of {@link #reusedChecks}: the instruction {@code d} at {@code pos}, with
         * {@code first} the position of the first access per key since its base last changed.
         */
        void noteReuse(int[] first, int pos, long d) {
            int key = accessKey(d);
            if (key >= 0) {
                if (first[key] >= 0) reused.set(first[key]);
                else first[key] = pos;
            }
            int w = writes(d);
            if (w != 0 && !movesBase(d)) {
                int r = Integer.numberOfTrailingZeros(w);
                first[2 * r] = first[2 * r + 1] = -1;
            }
        }

        /** Emits the block (and the blocks it falls into, when they are not leaders) starting at a leader. */
        void emitFrom(int start) {
            Arrays.fill(checked, false);
            reusedChecks(start);
            int off = start;
            c.labelBinding(label(off));
            int len = blockLength(off);
            if (len > 0) {
                Label stub = c.newLabel();
                stubs.add(new Stub(stub, off, 0));
                c.iload(N).loadConstant(len).iadd().iload(BUDGET).if_icmpgt(stub);
            }
            int k = 0;   // instructions of this block emitted so far
            while (true) {
                long d = p.insns.get(off);
                if (d == 0) {           // an instruction the region leaves to the interpreter
                    if (k != 0) c.iinc(N, k);
                    exitAt(off);
                    return;
                }
                int op = Decoder.op(d);
                int next = off + Decoder.length(d);
                if (isBranch(op) || op == Op.JAL || op == Op.JALR) {
                    c.iinc(N, k + 1);
                    control(d, op, off, next);
                    return;
                }
                instruction(d, op, off, k);
                forgetChecks(d);
                k++;
                if (!inRegion(next)) {
                    c.iinc(N, k);
                    fallOut(off, next);
                    return;
                }
                if (p.leaders.get(next)) {
                    c.iinc(N, k);
                    c.goto_(label(next));
                    return;
                }
                off = next;
            }
        }

        /**
         * Leaves by falling through to {@code off}, outside the region. Running off the end
         * of the page counts as a jump: the next page's code may be a region too, and the
         * interpreter chains into it (a function that spans two pages stays translated).
         */
        void fallOut(int from, int off) {
            exitPc(off);
            if (off >= 4096) leaveJumping(from);
            else c.goto_(exitFor(dirty[from] | writes(p.insns.get(from))));
        }

        /** Goes on at {@code target} after the jump at {@code from}, in the region or out of it. */
        void jumpTo(int from, int target) {
            if (inRegion(target)) {
                c.goto_(label(target));
            } else {
                exitPc(target);
                leaveJumping(from);
            }
        }

        void control(long d, int op, int off, int next) {
            int rd = Decoder.rd(d), rs1 = Decoder.rs1(d), rs2 = Decoder.rs2(d);
            int target = off + (int) Decoder.imm(d);
            switch (op) {
                case Op.JAL -> {
                    if (rd != Decoder.SINK) { c.lload(PAGE).loadConstant((long) next).ladd(); writeReg(rd); }
                    if (rd != Decoder.SINK && next < 4096 && !inRegion(target)) {
                        exitPc(target);
                        call(off, next);
                    } else {
                        jumpTo(off, target);
                    }
                }
                case Op.JALR -> {
                    readReg(rs1);
                    c.loadConstant(Decoder.imm(d)).ladd().loadConstant(~1L).land().lstore(EXIT_PC);
                    if (rd != Decoder.SINK) { c.lload(PAGE).loadConstant((long) next).ladd(); writeReg(rd); }
                    // Returns and other indirect jumps leave the region. (Looking their target
                    // up among the region's blocks instead made the region one big loop through
                    // that lookup, and HotSpot's code for it slower: qsort 1,066 to 890 MIPS.)
                    if (rd != Decoder.SINK && next < 4096) call(off, next);
                    else leaveJumping(off);
                }
                default -> {
                    Label taken = inRegion(target) ? label(target) : c.newLabel();
                    readReg(rs1);
                    readReg(rs2);
                    switch (op) {
                        case Op.BEQ -> c.lcmp().ifeq(taken);
                        case Op.BNE -> c.lcmp().ifne(taken);
                        case Op.BLT -> c.lcmp().iflt(taken);
                        case Op.BGE -> c.lcmp().ifge(taken);
                        case Op.BLTU -> c.invokestatic(ConstantDescs.CD_Long, "compareUnsigned", MT_JJ_I).iflt(taken);
                        default -> c.invokestatic(ConstantDescs.CD_Long, "compareUnsigned", MT_JJ_I).ifge(taken);
                    }
                    // Not taken: the fall-through, a leader if it is in the region.
                    if (inRegion(next)) c.goto_(label(next));
                    else fallOut(off, next);
                    if (!inRegion(target)) {
                        c.labelBinding(taken);
                        exitPc(target);
                        leaveJumping(off);
                    }
                }
            }
        }

        void readReg(int r) {
            if (r == 0) c.lconst_0();
            else if (memRegs) c.aload(X).loadConstant(r).laload();
            else c.lload(reg(r));
        }

        void writeReg(int rd) {
            if (rd == Decoder.SINK) c.pop2();
            else if (memRegs) c.lstore(TMPV).aload(X).loadConstant(rd).lload(TMPV).lastore();
            else c.lstore(reg(rd));
        }

        void rs(String name, MethodTypeDesc type) { c.invokestatic(CD_RS, name, type); }

        /**
         * va = x[rs1] + imm; IDX = helper(va, tlb, ctx); if IDX < 0 leave at off after k
         * instructions. A load or store after an earlier one of the same kind in this
         * straight-line code, through the same base register unchanged since, reuses that
         * one's TLB check
         * when both lie in one page: IDX is then the earlier RAM index plus the difference of
         * the offsets. Whether they do is a compare of the earlier page offset plus that
         * difference with 4096 - size (none if the bytes lie within the earlier access's);
         * if not, {@link RegionSupport#check} does this access's own TLB check.
         */
        void address(long d, String helper, int off, int k) {
            int base = Decoder.rs1(d);
            int key = accessKey(d);
            int size = helper.charAt(helper.length() - 1) - '0';
            long imm = Decoder.imm(d);
            Label miss = c.newLabel();
            if (key >= 0 && checked[key]) {
                long ref = checkedImm[key];
                int delta = (int) (imm - ref);
                if (imm >= ref && imm + size <= ref + checkedSize[key]) {
                    // Within the bytes already checked: the same page for certain.
                    c.iload(PAGE_IDX0 + key);
                    if (delta != 0) c.loadConstant(delta).iadd();
                    c.istore(IDX);
                    return;
                }
                // Same page iff 0 <= pageOffset + delta <= 4096 - size, as one signed compare
                // of both sides shifted by Integer.MIN_VALUE (an unsigned compare).
                Label full = c.newLabel(), done = c.newLabel();
                c.iload(PAGE_OFF0 + key).loadConstant(delta + Integer.MIN_VALUE).iadd();
                c.loadConstant(4096 - size + Integer.MIN_VALUE).if_icmpgt(full);
                c.iload(PAGE_IDX0 + key);
                if (delta != 0) c.loadConstant(delta).iadd();
                c.istore(IDX).goto_(done);
                c.labelBinding(full);
                readReg(base);
                if (imm != 0) c.loadConstant(imm).ladd();
                c.aload(TLB).lload(CTX).loadConstant(size).loadConstant(key & 1);
                rs("check", MT_CHECK);
                c.dup().istore(IDX);
                stubs.add(new Stub(miss, off, k));
                c.iflt(miss);
                c.labelBinding(done);
                return;
            }
            readReg(base);
            if (imm != 0) c.loadConstant(imm).ladd();
            c.aload(TLB).lload(CTX);
            rs(helper, MT_INDEX);
            c.dup().istore(IDX);
            stubs.add(new Stub(miss, off, k));
            c.iflt(miss);
            if (key < 0) return;
            checked[key] = true;
            checkedImm[key] = imm;
            checkedSize[key] = size;
            if (reused.get(off)) {
                // The RAM is page-aligned (Ram), so the index's low bits are the page offset.
                c.iload(IDX).dup().istore(PAGE_IDX0 + key).loadConstant(0xfff).iand().istore(PAGE_OFF0 + key);
            }
        }

        void load(long d, String size, String loader, int off, int k) {
            address(d, "read" + size, off, k);
            int rd = Decoder.rd(d);
            if (rd == Decoder.SINK) return;   // the access is what matters; nothing to keep
            c.aload(RAM).iload(IDX);
            rs(loader, MT_LOAD);
            writeReg(rd);
        }

        void store(long d, String size, String storer, int off, int k) {
            address(d, "write" + size, off, k);
            c.aload(RAM).iload(IDX);
            readReg(Decoder.rs2(d));
            rs(storer, MT_STORE);
        }

        void fload(long d, String size, String loader, int off, int k) {
            address(d, "read" + size, off, k);
            c.aload(F).loadConstant(Decoder.rd(d)).aload(RAM).iload(IDX);
            rs(loader, MT_LOAD);
            c.lastore();
        }

        void fstore(long d, String size, String storer, int off, int k) {
            address(d, "write" + size, off, k);
            c.aload(RAM).iload(IDX).aload(F).loadConstant(Decoder.rs2(d)).laload();
            rs(storer, MT_STORE);
        }

        void freg(int r) { c.aload(F).loadConstant(r).laload(); }

        void rm(long d) {
            int rm = Decoder.rm(d);
            if (rm == 7) c.iload(FRM);
            else c.loadConstant(rm);
        }

        void fop(long d, String name, int operands) {
            c.aload(F).loadConstant(Decoder.rd(d)).aload(FPU);
            freg(Decoder.rs1(d));
            if (operands >= 2) freg(Decoder.rs2(d));
            if (operands == 3) freg(Decoder.rs3(d));
            rm(d);
            c.invokevirtual(CD_FPU, name, operands == 3 ? MT_FP3 : MT_FP2);
            c.lastore();
        }

        void fcvt(long d, String name) {
            c.aload(F).loadConstant(Decoder.rd(d)).aload(FPU);
            readReg(Decoder.rs1(d));
            rm(d);
            c.invokevirtual(CD_FPU, name, MT_FP1);
            c.lastore();
        }

        /** A straight-line instruction at off, the k-th of its block. */
        void instruction(long d, int op, int off, int k) {
            int rd = Decoder.rd(d), rs1 = Decoder.rs1(d), rs2 = Decoder.rs2(d);
            long imm = Decoder.imm(d);
            switch (op) {
                case Op.LB -> { load(d, "1", "lb", off, k); return; }
                case Op.LBU -> { load(d, "1", "lbu", off, k); return; }
                case Op.LH -> { load(d, "2", "lh", off, k); return; }
                case Op.LHU -> { load(d, "2", "lhu", off, k); return; }
                case Op.LW -> { load(d, "4", "lw", off, k); return; }
                case Op.LWU -> { load(d, "4", "lwu", off, k); return; }
                case Op.LD -> { load(d, "8", "ld", off, k); return; }
                case Op.SB -> { store(d, "1", "sb", off, k); return; }
                case Op.SH -> { store(d, "2", "sh", off, k); return; }
                case Op.SW -> { store(d, "4", "sw", off, k); return; }
                case Op.SD -> { store(d, "8", "sd", off, k); return; }
                case Op.FLW -> { fload(d, "4", "flw", off, k); return; }
                case Op.FLD -> { fload(d, "8", "ld", off, k); return; }
                case Op.FSW -> { fstore(d, "4", "sw", off, k); return; }
                case Op.FSD -> { fstore(d, "8", "sd", off, k); return; }
                case Op.FADD_D -> { fop(d, "addD", 2); return; }
                case Op.FSUB_D -> { fop(d, "subD", 2); return; }
                case Op.FMUL_D -> { fop(d, "mulD", 2); return; }
                case Op.FDIV_D -> { fop(d, "divD", 2); return; }
                case Op.FMADD_D -> { fop(d, "maddD", 3); return; }
                case Op.FMSUB_D -> { fop(d, "msubD", 3); return; }
                case Op.FNMSUB_D -> { fop(d, "nmsubD", 3); return; }
                case Op.FNMADD_D -> { fop(d, "nmaddD", 3); return; }
                case Op.FCVT_D_W -> { fcvt(d, "cvtDW"); return; }
                case Op.FCVT_D_L -> { fcvt(d, "cvtDL"); return; }
                case Op.FSGNJ_D -> {
                    c.aload(F).loadConstant(rd);
                    freg(rs1);
                    freg(rs2);
                    rs("fsgnj", MT_JJ_J);
                    c.lastore();
                    return;
                }
                case Op.FMV_D_X -> {
                    c.aload(F).loadConstant(rd);
                    readReg(rs1);
                    c.lastore();
                    return;
                }
                case Op.FMV_X_D -> {
                    if (rd == Decoder.SINK) return;
                    freg(rs1);
                    writeReg(rd);
                    return;
                }
                default -> { }
            }
            if (rd == Decoder.SINK) return;   // integer operations without side effects
            switch (op) {
                case Op.LUI -> c.loadConstant(imm);
                case Op.AUIPC -> c.lload(PAGE).loadConstant(pcDelta(off) + imm).ladd();
                case Op.ADDI -> { readReg(rs1); if (imm != 0) c.loadConstant(imm).ladd(); }
                case Op.SLTI -> { readReg(rs1); c.loadConstant(imm); rs("slt", MT_JJ_J); }
                case Op.SLTIU -> { readReg(rs1); c.loadConstant(imm); rs("sltu", MT_JJ_J); }
                case Op.XORI -> { readReg(rs1); c.loadConstant(imm).lxor(); }
                case Op.ORI -> { readReg(rs1); c.loadConstant(imm).lor(); }
                case Op.ANDI -> { readReg(rs1); c.loadConstant(imm).land(); }
                case Op.SLLI -> { readReg(rs1); c.loadConstant((int) imm).lshl(); }
                case Op.SRLI -> { readReg(rs1); c.loadConstant((int) imm).lushr(); }
                case Op.SRAI -> { readReg(rs1); c.loadConstant((int) imm).lshr(); }
                case Op.ADD -> { readReg(rs1); readReg(rs2); c.ladd(); }
                case Op.SUB -> { readReg(rs1); readReg(rs2); c.lsub(); }
                case Op.SLL -> { readReg(rs1); readReg(rs2); c.l2i().lshl(); }
                case Op.SLT -> { readReg(rs1); readReg(rs2); rs("slt", MT_JJ_J); }
                case Op.SLTU -> { readReg(rs1); readReg(rs2); rs("sltu", MT_JJ_J); }
                case Op.XOR -> { readReg(rs1); readReg(rs2); c.lxor(); }
                case Op.SRL -> { readReg(rs1); readReg(rs2); c.l2i().lushr(); }
                case Op.SRA -> { readReg(rs1); readReg(rs2); c.l2i().lshr(); }
                case Op.OR -> { readReg(rs1); readReg(rs2); c.lor(); }
                case Op.AND -> { readReg(rs1); readReg(rs2); c.land(); }
                case Op.ADDIW -> { readReg(rs1); c.l2i(); if (imm != 0) c.loadConstant((int) imm).iadd(); c.i2l(); }
                case Op.SLLIW -> { readReg(rs1); c.l2i().loadConstant((int) imm).ishl().i2l(); }
                case Op.SRLIW -> { readReg(rs1); c.l2i().loadConstant((int) imm).iushr().i2l(); }
                case Op.SRAIW -> { readReg(rs1); c.l2i().loadConstant((int) imm).ishr().i2l(); }
                case Op.ADDW -> { readReg(rs1); c.l2i(); readReg(rs2); c.l2i().iadd().i2l(); }
                case Op.SUBW -> { readReg(rs1); c.l2i(); readReg(rs2); c.l2i().isub().i2l(); }
                case Op.SLLW -> { readReg(rs1); c.l2i(); readReg(rs2); c.l2i().ishl().i2l(); }
                case Op.SRLW -> { readReg(rs1); c.l2i(); readReg(rs2); c.l2i().iushr().i2l(); }
                case Op.SRAW -> { readReg(rs1); c.l2i(); readReg(rs2); c.l2i().ishr().i2l(); }
                case Op.MUL -> { readReg(rs1); readReg(rs2); c.lmul(); }
                case Op.MULH -> { readReg(rs1); readReg(rs2); c.invokestatic(CD_MATH, "multiplyHigh", MT_JJ_J); }
                case Op.MULHSU -> { readReg(rs1); readReg(rs2); rs("mulhsu", MT_JJ_J); }
                case Op.MULHU -> { readReg(rs1); readReg(rs2); c.invokestatic(CD_MATH, "unsignedMultiplyHigh", MT_JJ_J); }
                case Op.MULW -> { readReg(rs1); c.l2i(); readReg(rs2); c.l2i().imul().i2l(); }
                case Op.DIV -> { readReg(rs1); readReg(rs2); rs("div", MT_JJ_J); }
                case Op.DIVU -> { readReg(rs1); readReg(rs2); rs("divu", MT_JJ_J); }
                case Op.REM -> { readReg(rs1); readReg(rs2); rs("rem", MT_JJ_J); }
                case Op.REMU -> { readReg(rs1); readReg(rs2); rs("remu", MT_JJ_J); }
                case Op.DIVW -> { readReg(rs1); readReg(rs2); rs("divw", MT_JJ_J); }
                case Op.DIVUW -> { readReg(rs1); readReg(rs2); rs("divuw", MT_JJ_J); }
                case Op.REMW -> { readReg(rs1); readReg(rs2); rs("remw", MT_JJ_J); }
                case Op.REMUW -> { readReg(rs1); readReg(rs2); rs("remuw", MT_JJ_J); }
                default -> throw new IllegalStateException("no translation for " + Decoder.name(d));
            }
            writeReg(rd);
        }
    }

    /**
     * Emits a trace: its steps in order, as one loop from the last back to the first. The
     * guest's path is checked where it could go another way, and the trace leaves there
     * (with {@link Region#JUMPED}, so the interpreter goes on into that code's region): at a
     * branch that goes the other way and at an indirect jump to another target. The other
     * pages it runs through are checked once, on entry ({@link #body}). Within one round the
     * code is straight-line, so loads and stores reuse TLB checks all along it, across calls
     * and returns; the registers stay in locals (a loop, with no call out).
     */
    private static final class TraceEmitter extends Emitter {
        final Trace t;
        final long pageVa;
        /**
         * Pending exits where the path changed: the label, the pc delta to leave at (null:
         * EXIT_PC holds the pc), and the instructions of the round retired by then.
         */
        record Side(Label label, Long delta, int retired) { }
        final List<Side> sides = new ArrayList<>();

        TraceEmitter(Trace t, CodeBuilder c) {
            super(new Plan((int) t.pcs[0] & 0xfff), c);
            this.t = t;
            this.pageVa = t.pcs[0] & ~0xfffL;
        }

        @Override long pcDelta(int pos) { return t.pcs[pos] - pageVa; }

        /** The pc delta of the step after {@code pos}: the first one again after the last. */
        long nextDelta(int pos) { return pcDelta(pos + 1 < t.length ? pos + 1 : 0); }

        static boolean isControl(long d) {
            int op = Decoder.op(d);
            return isBranch(op) || op == Op.JAL || op == Op.JALR;
        }

        /**
         * The pages of a trace other than the one it is entered through, as their virtual
         * addresses minus that page's, in the order the path first enters them.
         */
        static long[] otherPages(Trace t) {
            long page = t.pcs[0] & ~0xfffL;
            return Arrays.stream(t.pcs, 0, t.length).map(pc -> (pc & ~0xfffL) - page).filter(d -> d != 0).distinct().toArray();
        }

        /** The RAM index of each of {@link #otherPages}, as the trace was recorded. */
        static int[] expected(Trace t) {
            long page = t.pcs[0] & ~0xfffL;
            long[] others = otherPages(t);
            int[] e = new int[others.length];
            for (int j = 0; j < others.length; j++) {
                for (int i = 0; i < t.length; i++) {
                    if ((t.pcs[i] & ~0xfffL) - page == others[j]) { e[j] = t.ramPage(i) << 12; break; }
                }
            }
            return e;
        }

        /** A label that leaves the trace with {@code retired} instructions of the round done. */
        Label side(Long delta, int retired) {
            Label l = c.newLabel();
            sides.add(new Side(l, delta, retired));
            return l;
        }

        void body() {
            memRegs = REGS.equals("memory");
            for (int i = 0; i < t.length; i++) {
                usedMask |= reads(t.insns[i]) | writes(t.insns[i]);
                writtenMask |= writes(t.insns[i]);
            }
            // Every exit writes back all the trace writes: after one round, all may have changed.
            Arrays.fill(dirty, 0, t.length, writtenMask);
            c.iconst_0().istore(N);
            c.lconst_0().lstore(EXIT_PC);
            c.iconst_0().istore(IDX);
            c.aload(H).getfield(CD_HART, "mmu", CD_MMU).astore(MMU);
            for (int r = 1; r < 32; r++) {
                if (!memRegs && (usedMask & 1 << r) != 0) c.aload(X).loadConstant(r).laload().lstore(reg(r));
            }
            Label start = c.newLabel(), enter = c.newLabel(), refuse = c.newLabel();
            c.iload(ENTRY).loadConstant((int) pcDelta(0)).if_icmpeq(enter);
            c.labelBinding(refuse);
            c.iload(ENTRY).i2l().lload(PAGE).ladd().lstore(EXIT_PC).goto_(exit);
            // The other pages must hold, at the addresses the path reaches them, the code the
            // trace was recorded from: checked once per run, since nothing in a run changes
            // the TLB (misses leave; flushes requested by other harts wait for the run's end).
            // If one does not, the trace does not run and the interpreter goes on.
            c.labelBinding(enter);
            long[] others = otherPages(t);
            for (int j = 0; j < others.length; j++) {
                c.aload(MMU).lload(PAGE).loadConstant(others[j]).ladd();
                c.aload(0).getfield(CD_GEN, "expect", CD_IA).loadConstant(j).iaload();
                c.invokestatic(CD_RS, "fetches", MT_FETCHES);
                c.ifeq(refuse);
            }
            // One round: the budget is checked and the count kept once per round; an exit
            // inside it adds the steps before it (the step's position).
            c.labelBinding(start);
            Label full = c.newLabel();
            stubs.add(new Stub(full, 0, 0));
            c.iload(N).loadConstant(t.length).iadd().iload(BUDGET).if_icmpgt(full);
            reusedInTrace();
            Arrays.fill(checked, false);
            for (int i = 0; i < t.length; i++) {
                long d = t.insns[i];
                int op = Decoder.op(d);
                if (isControl(d)) {
                    control(i, d, op);
                } else {
                    instruction(d, op, i, i);
                    forgetChecks(d);
                }
            }
            c.iinc(N, t.length);
            c.goto_(start);
            for (Stub s : stubs) {
                c.labelBinding(s.label);
                if (s.k != 0) c.iinc(N, s.k);
                exitAt(s.pos);
            }
            for (Side s : sides) {
                c.labelBinding(s.label);
                c.iinc(N, s.retired);
                if (s.delta != null) exitPc(s.delta);
                c.goto_(jumped);
            }
            c.labelBinding(jumped);
            c.iload(N).loadConstant(Region.JUMPED).ior().istore(N);
            c.labelBinding(exit);
            writeBack(writtenMask);
            c.aload(H).lload(EXIT_PC).putfield(CD_HART, "pc", CD_J);
            c.iload(N).ireturn();
        }

        /** A jump or branch at step {@code i}: goes on with the next step, or leaves if the guest goes elsewhere. */
        void control(int i, long d, int op) {
            int rd = Decoder.rd(d);
            long link = pcDelta(i) + Decoder.length(d);
            switch (op) {
                case Op.JAL -> {
                    if (rd != Decoder.SINK) { c.lload(PAGE).loadConstant(link).ladd(); writeReg(rd); }
                }
                case Op.JALR -> {
                    readReg(Decoder.rs1(d));
                    c.loadConstant(Decoder.imm(d)).ladd().loadConstant(~1L).land().lstore(EXIT_PC);
                    if (rd != Decoder.SINK) { c.lload(PAGE).loadConstant(link).ladd(); writeReg(rd); }
                    // Elsewhere than last time: leave for the target (EXIT_PC is already it).
                    c.lload(EXIT_PC).lload(PAGE).loadConstant(nextDelta(i)).ladd().lcmp().ifne(side(null, i + 1));
                }
                default -> {
                    boolean taken = t.taken[i];
                    Label away = side(taken ? link : pcDelta(i) + Decoder.imm(d), i + 1);
                    readReg(Decoder.rs1(d));
                    readReg(Decoder.rs2(d));
                    boolean unsigned = op == Op.BLTU || op == Op.BGEU;
                    if (unsigned) c.invokestatic(ConstantDescs.CD_Long, "compareUnsigned", MT_JJ_I);
                    else c.lcmp();
                    // The recorded outcome (0 equal, 1 not equal, 2 less, 3 not less); leave on the other.
                    int cond = switch (op) { case Op.BEQ -> 0; case Op.BNE -> 1; case Op.BLT, Op.BLTU -> 2; default -> 3; };
                    if (!taken) cond ^= 1;
                    switch (cond) {
                        case 0 -> c.ifne(away);
                        case 1 -> c.ifeq(away);
                        case 2 -> c.ifge(away);
                        default -> c.iflt(away);
                    }
                }
            }
        }

        /** {@link #reusedChecks} for the whole trace, which is straight-line code. */
        void reusedInTrace() {
            reused.clear();
            int[] first = new int[64];
            Arrays.fill(first, -1);
            for (int i = 0; i < t.length; i++) noteReuse(first, i, t.insns[i]);
        }
    }
}
