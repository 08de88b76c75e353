package org.feuerbird.hardware.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.feuerbird.hardware.memory.Ram;

/**
 * The execution loop of one hart: fetch a decoded instruction, switch on its operation.
 *
 * <p>What makes it fast, and must stay true (see DESIGN.md section 2):
 * <ul>
 * <li>instructions are decoded once per physical page slot ({@link CodeCache});
 * <li>the pc, the TLB arrays and the translation context live in locals for a whole chunk;
 *     anything that could change them (CSR writes, xRET, sfence.vma, traps) ends the chunk;
 * <li>loads and stores that hit the TLB are one VarHandle access into the RAM array;
 *     page-crossing, MMIO and A/D-updating accesses go to {@link MemoryPath}. The tag is
 *     compared with the page of the access's last byte, so one compare also sends accesses
 *     that cross into the next page to the slow path;
 * <li>traps leave the loop as return codes, never as Java exceptions;
 * <li>{@link #execute} stays below HotSpot's 8,000-byte limit for compiled methods, so rare
 *     operations live in {@link #system}, {@link #floatOp} and {@link MemoryPath#atomic}.
 * </ul>
 */
final class Interpreter {
    /** Results of {@link #execute}. */
    static final int CONTINUE = 0, HOST_TRAP = 1, WFI = 2;

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long BOX = 0xffff_ffff_0000_0000L;
    private static final int M = Mmu.TLB_MASK;

    private final Hart h;
    private final Mmu mmu;
    private final CsrFile csr;
    private final Fpu fpu;
    private final CodeCache cache;
    private final MemoryPath mem;
    private final byte[] ram;

    /** The RAM index of the page being executed, set by {@link #codePage}. */
    private int codeBase;
    /** Its translations, or null when translation is off; set by {@link #codePage}. */
    private CodeCache.Translations jit;
    /** Taken jumps to a slot before its region is translated; 0: translation off. */
    private int jitThreshold = defaultThreshold();

    /**
     * The translator's switch: system property {@code feuerbird.jit} ({@code true} or
     * {@code false}) and {@code feuerbird.jit.threshold} (taken jumps to an entry before it
     * is translated).
     */
    private static int defaultThreshold() {
        if (!Boolean.parseBoolean(System.getProperty("feuerbird.jit", "true"))) return 0;
        return Math.max(1, Integer.getInteger("feuerbird.jit.threshold", DEFAULT_THRESHOLD));
    }
    static final int DEFAULT_THRESHOLD = 2000;
    private static final boolean TRACE = Boolean.getBoolean("feuerbird.jit.trace");

    /** Sets how many taken jumps make an entry hot; 0 turns translation off. */
    void setTranslationThreshold(int threshold) {
        if (threshold < 0) throw new IllegalArgumentException("threshold " + threshold);
        jitThreshold = threshold;
        jit = null;
    }

    int translationThreshold() { return jitThreshold; }

    Interpreter(Hart h, Mmu mmu, CsrFile csr, Fpu fpu, CodeCache cache, MemoryPath mem, Ram ram) {
        this.h = h;
        this.mmu = mmu;
        this.csr = csr;
        this.fpu = fpu;
        this.cache = cache;
        this.mem = mem;
        this.ram = ram.array();
    }

    /**
     * Runs at most {@code budget} instructions from {@code h.pc}. Returns early after a trap,
     * a change of translation or interrupt state, or wfi. Retired instructions are added to
     * the hart's count; h.pc is the next instruction on return.
     */
    int execute(int budget) {
        final long[] x = h.x, f = h.f;
        final byte[] ram = this.ram;
        final long[] tlb = mmu.data;
        final long ctx = mmu.dataCtx;
        final Fpu fpu = this.fpu;
        final boolean fpOff = (csr.mstatus & Csr.FS) == 0;
        if (!fpOff) csr.dirtyFp();   // FS is tracked conservatively: usable means dirty
        long pc = h.pc;
        // Invariant: pc lies in the page at codeVa or in its two end slots. Sequential
        // execution keeps it so; jumps and taken branches leave the block "jump", whose
        // tail re-establishes it.
        long[] code = codePage(pc);
        if (code == null) return trap(pc, 0, mmu.faultCause, pc);
        long codeVa = pc & ~0xfffL;
        int n = 0;
        while (n < budget) {
            long d = code[(int) (pc - codeVa) >>> 1];
            if (d == 0) {
                d = decodeSlot(code, pc);
                if (d == 0) return trap(pc, n, mem.faultCause, mem.faultValue);
            }
            n++;
            final int rd = (int) (d >>> 8) & 63, rs1 = (int) (d >>> 14) & 31, rs2 = (int) (d >>> 19) & 31;
            final int len = 4 - (((int) d >>> 23) & 2);
            long va;
            int i;
            jump: {
                switch ((int) d & 0xff) {
                    case Op.LUI: x[rd] = d >> 32; break;
                    case Op.AUIPC: x[rd] = pc + (d >> 32); break;
                    case Op.JAL: x[rd] = pc + len; pc += d >> 32; break jump;
                    case Op.JALR: { long t = (x[rs1] + (d >> 32)) & ~1L; x[rd] = pc + len; pc = t; break jump; }
                    case Op.BEQ: if (x[rs1] == x[rs2]) { pc += d >> 32; break jump; } break;
                    case Op.BNE: if (x[rs1] != x[rs2]) { pc += d >> 32; break jump; } break;
                    case Op.BLT: if (x[rs1] < x[rs2]) { pc += d >> 32; break jump; } break;
                    case Op.BGE: if (x[rs1] >= x[rs2]) { pc += d >> 32; break jump; } break;
                    case Op.BLTU: if (Long.compareUnsigned(x[rs1], x[rs2]) < 0) { pc += d >> 32; break jump; } break;
                    case Op.BGEU: if (Long.compareUnsigned(x[rs1], x[rs2]) >= 0) { pc += d >> 32; break jump; } break;
                    case Op.LB:
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i] == ((va >>> 12) | ctx)) { x[rd] = ram[(int) (va + tlb[i + 1])]; break; }
                        if (!mem.load(va, 1)) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        x[rd] = (byte) mem.value; break;
                    case Op.LBU:
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i] == ((va >>> 12) | ctx)) { x[rd] = ram[(int) (va + tlb[i + 1])] & 0xffL; break; }
                        if (!mem.load(va, 1)) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        x[rd] = mem.value & 0xffL; break;
                    case Op.LH:
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i] == (((va + 1) >>> 12) | ctx)) { x[rd] = (short) I16.get(ram, (int) (va + tlb[i + 1])); break; }
                        if (!mem.load(va, 2)) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        x[rd] = (short) mem.value; break;
                    case Op.LHU:
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i] == (((va + 1) >>> 12) | ctx)) { x[rd] = (short) I16.get(ram, (int) (va + tlb[i + 1])) & 0xffffL; break; }
                        if (!mem.load(va, 2)) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        x[rd] = mem.value & 0xffffL; break;
                    case Op.LW:
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i] == (((va + 3) >>> 12) | ctx)) { x[rd] = (int) I32.get(ram, (int) (va + tlb[i + 1])); break; }
                        if (!mem.load(va, 4)) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        x[rd] = (int) mem.value; break;
                    case Op.LWU:
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i] == (((va + 3) >>> 12) | ctx)) { x[rd] = (int) I32.get(ram, (int) (va + tlb[i + 1])) & 0xffff_ffffL; break; }
                        if (!mem.load(va, 4)) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        x[rd] = mem.value & 0xffff_ffffL; break;
                    case Op.LD:
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i] == (((va + 7) >>> 12) | ctx)) { x[rd] = (long) I64.get(ram, (int) (va + tlb[i + 1])); break; }
                        if (!mem.load(va, 8)) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        x[rd] = mem.value; break;
                    case Op.FLW:
                        if (fpOff) return illegal(pc, n, d);
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i] == (((va + 3) >>> 12) | ctx)) { f[rd] = BOX | (int) I32.get(ram, (int) (va + tlb[i + 1])) & 0xffff_ffffL; break; }
                        if (!mem.load(va, 4)) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        f[rd] = BOX | mem.value & 0xffff_ffffL; break;
                    case Op.FLD:
                        if (fpOff) return illegal(pc, n, d);
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i] == (((va + 7) >>> 12) | ctx)) { f[rd] = (long) I64.get(ram, (int) (va + tlb[i + 1])); break; }
                        if (!mem.load(va, 8)) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        f[rd] = mem.value; break;
                    case Op.SB:
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i + 2] == ((va >>> 12) | ctx)) { ram[(int) (va + tlb[i + 3])] = (byte) x[rs2]; break; }
                        if (!mem.store(va, 1, x[rs2])) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        break;
                    case Op.SH:
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i + 2] == (((va + 1) >>> 12) | ctx)) { I16.set(ram, (int) (va + tlb[i + 3]), (short) x[rs2]); break; }
                        if (!mem.store(va, 2, x[rs2])) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        break;
                    case Op.SW:
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i + 2] == (((va + 3) >>> 12) | ctx)) { I32.set(ram, (int) (va + tlb[i + 3]), (int) x[rs2]); break; }
                        if (!mem.store(va, 4, x[rs2])) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        break;
                    case Op.SD:
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i + 2] == (((va + 7) >>> 12) | ctx)) { I64.set(ram, (int) (va + tlb[i + 3]), x[rs2]); break; }
                        if (!mem.store(va, 8, x[rs2])) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        break;
                    case Op.FSW:
                        if (fpOff) return illegal(pc, n, d);
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i + 2] == (((va + 3) >>> 12) | ctx)) { I32.set(ram, (int) (va + tlb[i + 3]), (int) f[rs2]); break; }
                        if (!mem.store(va, 4, f[rs2])) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        break;
                    case Op.FSD:
                        if (fpOff) return illegal(pc, n, d);
                        va = x[rs1] + (d >> 32); i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
                        if (tlb[i + 2] == (((va + 7) >>> 12) | ctx)) { I64.set(ram, (int) (va + tlb[i + 3]), f[rs2]); break; }
                        if (!mem.store(va, 8, f[rs2])) return trap(pc, n - 1, mem.faultCause, mem.faultValue);
                        break;
                    case Op.ADDI: x[rd] = x[rs1] + (d >> 32); break;
                    case Op.SLTI: x[rd] = x[rs1] < (d >> 32) ? 1 : 0; break;
                    case Op.SLTIU: x[rd] = Long.compareUnsigned(x[rs1], d >> 32) < 0 ? 1 : 0; break;
                    case Op.XORI: x[rd] = x[rs1] ^ (d >> 32); break;
                    case Op.ORI: x[rd] = x[rs1] | (d >> 32); break;
                    case Op.ANDI: x[rd] = x[rs1] & (d >> 32); break;
                    case Op.SLLI: x[rd] = x[rs1] << (d >> 32); break;
                    case Op.SRLI: x[rd] = x[rs1] >>> (d >> 32); break;
                    case Op.SRAI: x[rd] = x[rs1] >> (d >> 32); break;
                    case Op.ADD: x[rd] = x[rs1] + x[rs2]; break;
                    case Op.SUB: x[rd] = x[rs1] - x[rs2]; break;
                    case Op.SLL: x[rd] = x[rs1] << x[rs2]; break;
                    case Op.SLT: x[rd] = x[rs1] < x[rs2] ? 1 : 0; break;
                    case Op.SLTU: x[rd] = Long.compareUnsigned(x[rs1], x[rs2]) < 0 ? 1 : 0; break;
                    case Op.XOR: x[rd] = x[rs1] ^ x[rs2]; break;
                    case Op.SRL: x[rd] = x[rs1] >>> x[rs2]; break;
                    case Op.SRA: x[rd] = x[rs1] >> x[rs2]; break;
                    case Op.OR: x[rd] = x[rs1] | x[rs2]; break;
                    case Op.AND: x[rd] = x[rs1] & x[rs2]; break;
                    case Op.ADDIW: x[rd] = (int) (x[rs1] + (d >> 32)); break;
                    case Op.SLLIW: x[rd] = (int) x[rs1] << (d >> 32); break;
                    case Op.SRLIW: x[rd] = (int) x[rs1] >>> (d >> 32); break;
                    case Op.SRAIW: x[rd] = (int) x[rs1] >> (d >> 32); break;
                    case Op.ADDW: x[rd] = (int) (x[rs1] + x[rs2]); break;
                    case Op.SUBW: x[rd] = (int) (x[rs1] - x[rs2]); break;
                    case Op.SLLW: x[rd] = (int) x[rs1] << x[rs2]; break;
                    case Op.SRLW: x[rd] = (int) x[rs1] >>> x[rs2]; break;
                    case Op.SRAW: x[rd] = (int) x[rs1] >> x[rs2]; break;
                    case Op.MUL: x[rd] = x[rs1] * x[rs2]; break;
                    case Op.MULH: x[rd] = Math.multiplyHigh(x[rs1], x[rs2]); break;
                    case Op.MULHSU: x[rd] = Math.multiplyHigh(x[rs1], x[rs2]) + ((x[rs2] >> 63) & x[rs1]); break;
                    case Op.MULHU: x[rd] = Math.unsignedMultiplyHigh(x[rs1], x[rs2]); break;
                    case Op.MULW: x[rd] = (int) x[rs1] * (int) x[rs2]; break;
                    case Op.DIV: { long b = x[rs2]; x[rd] = b == 0 ? -1 : x[rs1] / b; break; }
                    case Op.DIVU: { long b = x[rs2]; x[rd] = b == 0 ? -1 : Long.divideUnsigned(x[rs1], b); break; }
                    case Op.REM: { long b = x[rs2]; x[rd] = b == 0 ? x[rs1] : x[rs1] % b; break; }
                    case Op.REMU: { long b = x[rs2]; x[rd] = b == 0 ? x[rs1] : Long.remainderUnsigned(x[rs1], b); break; }
                    case Op.DIVW: { int b = (int) x[rs2]; x[rd] = b == 0 ? -1 : (int) x[rs1] / b; break; }
                    case Op.DIVUW: { int b = (int) x[rs2]; x[rd] = b == 0 ? -1 : Integer.divideUnsigned((int) x[rs1], b); break; }
                    case Op.REMW: { int b = (int) x[rs2]; x[rd] = b == 0 ? (int) x[rs1] : (int) x[rs1] % b; break; }
                    case Op.REMUW: { int b = (int) x[rs2]; x[rd] = b == 0 ? (int) x[rs1] : Integer.remainderUnsigned((int) x[rs1], b); break; }
                    case Op.FENCE: VarHandle.fullFence(); break;
                    case Op.FMADD_D: if ((i = rm(d, fpOff)) < 0) return illegal(pc, n, d);
                        f[rd] = fpu.maddD(f[rs1], f[rs2], f[(int) (d >>> 32) & 31], i); break;
                    case Op.FADD_D: if ((i = rm(d, fpOff)) < 0) return illegal(pc, n, d);
                        f[rd] = fpu.addD(f[rs1], f[rs2], i); break;
                    case Op.FSUB_D: if ((i = rm(d, fpOff)) < 0) return illegal(pc, n, d);
                        f[rd] = fpu.subD(f[rs1], f[rs2], i); break;
                    case Op.FMUL_D: if ((i = rm(d, fpOff)) < 0) return illegal(pc, n, d);
                        f[rd] = fpu.mulD(f[rs1], f[rs2], i); break;
                    case Op.FMADD_S: if ((i = rm(d, fpOff)) < 0) return illegal(pc, n, d);
                        f[rd] = fpu.maddS(f[rs1], f[rs2], f[(int) (d >>> 32) & 31], i); break;
                    case Op.FADD_S: if ((i = rm(d, fpOff)) < 0) return illegal(pc, n, d);
                        f[rd] = fpu.addS(f[rs1], f[rs2], i); break;
                    case Op.FMUL_S: if ((i = rm(d, fpOff)) < 0) return illegal(pc, n, d);
                        f[rd] = fpu.mulS(f[rs1], f[rs2], i); break;
                    case Op.FMV_D_X: if (fpOff) return illegal(pc, n, d);
                        f[rd] = x[rs1]; break;
                    case Op.FMV_X_D: if (fpOff) return illegal(pc, n, d);
                        x[rd] = f[rs1]; break;
                    case Op.FSGNJ_D: if (fpOff) return illegal(pc, n, d);   // fmv.d
                        f[rd] = (f[rs1] & Long.MAX_VALUE) | (f[rs2] & Long.MIN_VALUE); break;
                    case Op.PAGE_END:
                        // Not an instruction: move on to the page pc has reached, as after a
                        // jump, so that code running on into the next page can enter its region.
                        n--;
                        break jump;
                    case Op.ILLEGAL: return illegal(pc, n, d);
                    default: {
                        int op = (int) d & 0xff;
                        int r = op >= Op.FLW ? floatOp(op, d, fpOff) : system(op, d, pc, n);
                        if (r == SAME_CHUNK) break;
                        if (r == ILLEGAL_INSTRUCTION) return illegal(pc, n, d);
                        if (r == TRAPPED) return trap(pc, n - 1, sysCause, sysValue);
                        // ENDS_CHUNK: h.pc already holds the next pc; WFI: the same, and the caller waits
                        h.addRetired(n);
                        return r == WAIT ? WFI : CONTINUE;
                    }
                }
                pc += len;
                continue;
            }
            // A jump, a taken branch or the end of the page: find pc's page if it left this one.
            if (((pc ^ codeVa) & ~0xfffL) != 0) {
                code = codePage(pc);
                if (code == null) return trap(pc, n, mmu.faultCause, pc);
                codeVa = pc & ~0xfffL;
            }
            // The target may be the entry of a translated region, or become one.
            // A region that leaves through a jump goes on into the target's region, if any.
            CodeCache.Translations t = jit;
            while (t != null) {
                int k = enterRegion(t, codeBase, (int) (pc - codeVa) >>> 1, pc, codeVa, budget - n, fpOff);
                if (k < 0) break;
                regionEntries++;
                n += k & ~Region.JUMPED;
                pc = h.pc;
                if (((pc ^ codeVa) & ~0xfffL) != 0) {
                    code = codePage(pc);
                    if (code == null) return trap(pc, n, mmu.faultCause, pc);
                    codeVa = pc & ~0xfffL;
                }
                if ((k & Region.JUMPED) == 0 || n >= budget) break;
                t = jit;
            }
        }
        h.pc = pc;
        h.addRetired(n);
        return CONTINUE;
    }

    // ---- results of the rare-operation helpers ----
    private static final int SAME_CHUNK = 0, ENDS_CHUNK = 1, ILLEGAL_INSTRUCTION = 2, TRAPPED = 3, WAIT = 4;
    private long sysCause, sysValue;

    /** The rounding mode of a float instruction, or -1 if it is illegal (reserved rm, or the FPU is off). */
    private int rm(long d, boolean fpOff) {
        int rm = (int) (d >>> 37) & 7;
        if (rm == 7) rm = csr.frm;
        return fpOff || rm > 4 ? -1 : rm;
    }

    /** The instruction at {@code pc} faulted; {@code retired} instructions before it did retire. */
    private int trap(long pc, int retired, long cause, long tval) {
        h.pc = pc;
        h.addRetired(retired);
        return h.trap(cause, tval) ? HOST_TRAP : CONTINUE;
    }

    private int illegal(long pc, int n, long d) {
        int op = (int) d & 0xff;
        long bits = op == Op.ILLEGAL ? (d >>> 32) : raw(pc);
        return trap(pc, n - 1, Cause.ILLEGAL_INSTRUCTION, bits);
    }

    /** The instruction bits at pc, for the tval of an illegal-instruction trap (0 if unreadable). */
    private long raw(long pc) {
        if (!mem.fetch16(pc)) return 0;
        long lo = mem.value & 0xffff;
        if ((lo & 3) != 3) return lo;
        if (!mem.fetch16(pc + 2)) return 0;
        return lo | (mem.value & 0xffff) << 16;
    }

    /** The decoded-instruction array of pc's page, or null after a fetch fault (cause in mmu.faultCause). */
    private long[] codePage(long pc) {
        long pa = mmu.translateFetch(pc);
        if (pa == Mmu.FAULT) return null;
        int page = cache.pageOf(pa);
        if (page < 0) {
            mmu.faultCause = Cause.FETCH_ACCESS;
            return null;
        }
        codeBase = page << 12;
        long[] code = cache.page(page);
        jit = jitThreshold > 0 ? cache.translations(page) : null;
        return code;
    }

    /**
     * Runs the region translated for the slot at pc, translating it first if the slot just
     * became hot. Returns the instructions it retired (h.pc is then the next one), or -1 if
     * there is no region to run.
     */
    private int enterRegion(CodeCache.Translations t, int base, int slot, long pc, long codeVa, int left, boolean fpOff) {
        Translator.Compiled c = t.regions[slot];
        if (c == null) {
            if (++t.heat[slot] != jitThreshold) return -1;
            // The region first, traced or not: the page's other hot slots may use it, as
            // they would without traces, and so may this one if its trace is dropped.
            c = regionAt(t, base, slot, pc);
            Translator.Compiled trace = traceAt(pc, base >>> 12);
            if (trace != null) c = trace;
            if (c == null) return -1;
            t.regions[slot] = c;
        } else if (c.trace() && c.tally().dropped()) {
            // The trace left too early too often (see runRegion): the region serves the slot.
            c = regionAt(t, base, slot, pc);
            t.regions[slot] = c;
            if (c == null) return -1;
        }
        return runRegion(c, slot << 1, codeVa, left, fpOff);
    }

    /** The region for a slot: one of its page that has a block starting there, or a new one (null if none). */
    private Translator.Compiled regionAt(CodeCache.Translations t, int base, int slot, long pc) {
        for (Translator.Compiled r : t.compiled) {
            if (r.entersAt(slot << 1)) return r;
        }
        Translator.Compiled c = Translator.translate(ram, base, slot << 1);
        if (TRACE) System.err.printf("region at %x: %s%n", pc, c);
        if (c != null) t.compiled.add(c);
        return c;
    }

    /**
     * The trace of a hot loop through {@code pc} that leaves its page (see {@link Trace}),
     * compiled, or null if there is none. Its pages become code pages, whose writes drop it.
     */
    private Translator.Compiled traceAt(long pc, int page) {
        if (!TRACES) return null;
        long writes = cache.writes();
        Trace tr;
        try {
            tr = Trace.record(pc, h.x, mmu, ram);
        } catch (RuntimeException e) {
            Translator.failed(e);   // a bug in the dry run must not stop the guest
            return null;
        }
        if (tr == null) return null;
        // One trace per loop: the other pcs of its path become hot at about the same time.
        for (int i = 0; i < tr.length; i++) {
            if (cache.traceStartsAt(tr.ramIndex[i])) return null;
        }
        Translator.Compiled c = Translator.translateTrace(tr);
        if (TRACE) System.err.printf("trace at %x: %d steps, %s%n", pc, tr.length, c);
        if (c == null) return null;
        for (int i = 0; i < tr.length; i++) {
            cache.page(tr.ramPage(i));
            cache.dependsOn(page, tr.ramPage(i));
        }
        // A page written since the dry run (by a device or another hart) may have changed
        // under the trace before the line above made the write drop it.
        return cache.writes() == writes ? c : null;
    }

    /** Whether hot loops that leave their page are compiled as traces ({@code -Dfeuerbird.jit.traces}, on by default). */
    static final boolean TRACES = !"false".equals(System.getProperty("feuerbird.jit.traces"));

    /** Runs a region from the page offset {@code entry}; as {@link #enterRegion}. */
    private int runRegion(Translator.Compiled c, int entry, long codeVa, int left, boolean fpOff) {
        if (c.needsFp() && (fpOff || (c.needsFrm() && csr.frm > 4))) return -1;
        if (c.trace() && c.tally().dropped()) return -1;   // enterRegion replaces it
        int k = c.region().run(h, h.x, h.f, ram, mmu.data, mmu.dataCtx, codeVa, left, csr.frm, entry);
        if (c.trace()) {
            traceRuns++;
            c.tally().count(k & ~Region.JUMPED, c.instructions(), left);
        }
        if (callDepth == 0) translatedRetired += k & ~Region.JUMPED;   // a caller's count includes its callees'
        return k;
    }

    /** How deep regions are calling each other through {@link #callFromRegion} (Java stack frames). */
    private int callDepth;
    /** Calls nested deeper than this leave the caller's region instead (bounds the Java stack). */
    static final int MAX_CALL_DEPTH = 16;

    /**
     * A region calls out of itself (see {@link Hart#callOut}): runs the translated code at
     * h.pc, chaining from region to region as the interpreter would, until one returns to
     * {@code returnPc}, leaves translated code (an instruction regions do not translate, a
     * TLB miss, code not yet hot), or the budget is used. Only regions run here, so nothing
     * traps, and CSRs, the context and the code pages stay as they are; whatever stops
     * translated code is the interpreter's once the caller has left too.
     */
    int callFromRegion(long returnPc, int left) {
        if (callDepth >= MAX_CALL_DEPTH || jitThreshold == 0) return 0;
        boolean fpOff = (csr.mstatus & Csr.FS) == 0;
        callDepth++;
        int done = 0;
        while (done < left) {
            if (calleeGen != mmu.codeGen) {
                Arrays.fill(calleeRegion, null);
                calleeGen = mmu.codeGen;
            }
            long pc = h.pc;
            int ci = (int) (pc >>> 1) & (CALLEES - 1);
            Translator.Compiled c = calleeRegion[ci];
            int k;
            if (c != null && calleePc[ci] == pc && !(c.trace() && c.tally().dropped())) {
                k = runRegion(c, (int) pc & 0xfff, pc & ~0xfffL, left - done, fpOff);
            } else {
                long pa = mmu.translateFetch(pc);
                if (pa == Mmu.FAULT) break;
                int page = cache.pageOf(pa);
                if (page < 0) break;
                cache.page(page);   // marks it as code, as the interpreter's fetch would
                CodeCache.Translations t = cache.translations(page);
                int slot = (int) (pc & 0xfff) >>> 1;
                k = enterRegion(t, page << 12, slot, pc, pc & ~0xfffL, left - done, fpOff);
                // The lookup above (and the page it marked) holds until the next code generation.
                if (t.regions[slot] != null && calleeGen == mmu.codeGen) {
                    calleePc[ci] = pc;
                    calleeRegion[ci] = t.regions[slot];
                }
            }
            if (k < 0) break;
            done += k & ~Region.JUMPED;
            if ((k & Region.JUMPED) == 0 || h.pc == returnPc) break;
        }
        callDepth--;
        return done;
    }

    /**
     * Callees found by {@link #callFromRegion}, by pc (direct-mapped): the region the fetch
     * TLB, the page and its slot led to. Valid while {@link Mmu#codeGen} stays
     * {@link #calleeGen}: that changes with every change of a fetch translation or its
     * context, and with every write to a code page, so a hit is what the lookup would find.
     */
    private static final int CALLEES = 64;
    private final long[] calleePc = new long[CALLEES];
    private final Translator.Compiled[] calleeRegion = new Translator.Compiled[CALLEES];
    private long calleeGen = -1;

    /** Instructions retired inside translated regions (a statistic for tests and tuning). */
    long translatedRetired;
    /** How often a trace ran ({@link Trace}; a statistic for tests). */
    long traceRuns;
    /** Regions entered from this loop, not from another region (a statistic for tests). */
    long regionEntries;

    /** Decodes the instruction at pc into its slot. Returns 0 after a fetch fault (cause in mem). */
    private long decodeSlot(long[] code, long pc) {
        int off = (int) pc & 0xfff;
        int lo = (short) I16.get(ram, codeBase + off) & 0xffff;
        long d;
        if ((lo & 3) != 3) {
            d = Decoder.decode16(lo);
        } else if (off <= 0xffc) {
            d = Decoder.decode32((int) I32.get(ram, codeBase + off));
        } else {
            // The upper half lies on the next page, whose mapping may change independently:
            // decode afresh every time rather than cache.
            if (!mem.fetch16(pc + 2)) return 0;
            return Decoder.decode32(lo | (int) mem.value << 16);
        }
        code[off >>> 1] = d;
        return d;
    }

    /** System instructions: CSRs, environment calls, xRET, fences, wfi. */
    private int system(int op, long d, long pc, int n) {
        int rd = Decoder.rd(d), rs1 = Decoder.rs1(d);
        long len = Decoder.length(d);
        int priv = h.priv;
        switch (op) {
            case Op.ECALL -> {
                sysCause = priv == Privilege.U ? Cause.ECALL_FROM_U : priv == Privilege.S ? Cause.ECALL_FROM_S : Cause.ECALL_FROM_M;
                sysValue = 0;
                return TRAPPED;
            }
            case Op.EBREAK -> { sysCause = Cause.BREAKPOINT; sysValue = pc; return TRAPPED; }
            case Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI -> {
                int number = (int) Decoder.imm(d) & 0xfff;
                boolean imm = op >= Op.CSRRWI;
                long src = imm ? rs1 : h.x[rs1];
                boolean swap = op == Op.CSRRW || op == Op.CSRRWI;
                boolean writes = swap || rs1 != 0;
                h.inFlight = n - 1;
                long old = 0;
                if (!swap || rd != Decoder.SINK) {
                    old = csr.read(number, priv);
                    if (csr.illegal) { h.inFlight = 0; return ILLEGAL_INSTRUCTION; }
                }
                boolean changed = false;
                if (writes) {
                    long base = csr.readModifyWriteBase(number, old);
                    long v = swap ? src : op == Op.CSRRS || op == Op.CSRRSI ? base | src : base & ~src;
                    changed = csr.write(number, priv, v);
                    if (csr.illegal) { h.inFlight = 0; return ILLEGAL_INSTRUCTION; }
                }
                h.inFlight = 0;
                h.x[rd] = old;
                if (!changed) return SAME_CHUNK;
                h.contextChanged();
                h.pc = pc + len;
                return ENDS_CHUNK;
            }
            case Op.MRET -> {
                if (priv != Privilege.M) return ILLEGAL_INSTRUCTION;
                h.mret();
                return ENDS_CHUNK;
            }
            case Op.SRET -> {
                if (priv == Privilege.U || (priv == Privilege.S && (csr.mstatus & Csr.TSR) != 0)) return ILLEGAL_INSTRUCTION;
                h.sret();
                return ENDS_CHUNK;
            }
            case Op.WFI -> {
                if (priv == Privilege.U || (priv == Privilege.S && (csr.mstatus & Csr.TW) != 0)) return ILLEGAL_INSTRUCTION;
                h.pc = pc + len;
                return WAIT;
            }
            case Op.SFENCE_VMA -> {
                if (priv == Privilege.U || (priv == Privilege.S && (csr.mstatus & Csr.TVM) != 0)) return ILLEGAL_INSTRUCTION;
                mmu.flush();
                h.pc = pc + len;
                return ENDS_CHUNK;
            }
            case Op.FENCE_I -> {
                // Decoded copies of written pages are already gone; leaving the chunk drops our
                // reference to the current page's copy too.
                h.pc = pc + len;
                return ENDS_CHUNK;
            }
            default -> {
                if (op >= Op.LR_W && op <= Op.AMOMAXU_D) {
                    if (!mem.atomic(op, rd, h.x[rs1], h.x[Decoder.rs2(d)])) {
                        sysCause = mem.faultCause;
                        sysValue = mem.faultValue;
                        return TRAPPED;
                    }
                    return SAME_CHUNK;
                }
                return ILLEGAL_INSTRUCTION;
            }
        }
    }

    /** Float operations that are not on the hot path of numeric loops. */
    private int floatOp(int op, long d, boolean fpOff) {
        if (fpOff) return ILLEGAL_INSTRUCTION;
        final long[] x = h.x, f = h.f;
        int rd = Decoder.rd(d), rs1 = Decoder.rs1(d), rs2 = Decoder.rs2(d);
        long a = f[rs1], b = f[rs2];
        int rm = rm(d, false);
        boolean needsRm = switch (op) {
            case Op.FSGNJ_S, Op.FSGNJN_S, Op.FSGNJX_S, Op.FMIN_S, Op.FMAX_S, Op.FEQ_S, Op.FLT_S, Op.FLE_S,
                 Op.FCLASS_S, Op.FMV_X_W, Op.FMV_W_X, Op.FSGNJ_D, Op.FSGNJN_D, Op.FSGNJX_D, Op.FMIN_D,
                 Op.FMAX_D, Op.FEQ_D, Op.FLT_D, Op.FLE_D, Op.FCLASS_D, Op.FMV_X_D, Op.FMV_D_X -> false;
            default -> true;
        };
        if (needsRm && rm < 0) return ILLEGAL_INSTRUCTION;
        long c = f[Decoder.rs3(d)];
        switch (op) {
            case Op.FMSUB_S -> f[rd] = fpu.msubS(a, b, c, rm);
            case Op.FNMSUB_S -> f[rd] = fpu.nmsubS(a, b, c, rm);
            case Op.FNMADD_S -> f[rd] = fpu.nmaddS(a, b, c, rm);
            case Op.FSUB_S -> f[rd] = fpu.subS(a, b, rm);
            case Op.FDIV_S -> f[rd] = fpu.divS(a, b, rm);
            case Op.FSQRT_S -> f[rd] = fpu.sqrtS(a, rm);
            case Op.FSGNJ_S -> f[rd] = fpu.sgnjS(a, b);
            case Op.FSGNJN_S -> f[rd] = fpu.sgnjnS(a, b);
            case Op.FSGNJX_S -> f[rd] = fpu.sgnjxS(a, b);
            case Op.FMIN_S -> f[rd] = fpu.minS(a, b);
            case Op.FMAX_S -> f[rd] = fpu.maxS(a, b);
            case Op.FCVT_W_S -> x[rd] = fpu.cvtWS(a, rm);
            case Op.FCVT_WU_S -> x[rd] = fpu.cvtWUS(a, rm);
            case Op.FCVT_L_S -> x[rd] = fpu.cvtLS(a, rm);
            case Op.FCVT_LU_S -> x[rd] = fpu.cvtLUS(a, rm);
            case Op.FMV_X_W -> x[rd] = (int) a;
            case Op.FEQ_S -> x[rd] = fpu.eqS(a, b);
            case Op.FLT_S -> x[rd] = fpu.ltS(a, b);
            case Op.FLE_S -> x[rd] = fpu.leS(a, b);
            case Op.FCLASS_S -> x[rd] = fpu.classS(a);
            case Op.FCVT_S_W -> f[rd] = fpu.cvtSW(x[rs1], rm);
            case Op.FCVT_S_WU -> f[rd] = fpu.cvtSWU(x[rs1], rm);
            case Op.FCVT_S_L -> f[rd] = fpu.cvtSL(x[rs1], rm);
            case Op.FCVT_S_LU -> f[rd] = fpu.cvtSLU(x[rs1], rm);
            case Op.FMV_W_X -> f[rd] = BOX | (x[rs1] & 0xffff_ffffL);
            case Op.FMSUB_D -> f[rd] = fpu.msubD(a, b, c, rm);
            case Op.FNMSUB_D -> f[rd] = fpu.nmsubD(a, b, c, rm);
            case Op.FNMADD_D -> f[rd] = fpu.nmaddD(a, b, c, rm);
            case Op.FDIV_D -> f[rd] = fpu.divD(a, b, rm);
            case Op.FSQRT_D -> f[rd] = fpu.sqrtD(a, rm);
            case Op.FSGNJN_D -> f[rd] = fpu.sgnjnD(a, b);
            case Op.FSGNJX_D -> f[rd] = fpu.sgnjxD(a, b);
            case Op.FMIN_D -> f[rd] = fpu.minD(a, b);
            case Op.FMAX_D -> f[rd] = fpu.maxD(a, b);
            case Op.FCVT_S_D -> f[rd] = fpu.cvtSD(a, rm);
            case Op.FCVT_D_S -> f[rd] = fpu.cvtDS(a, rm);
            case Op.FEQ_D -> x[rd] = fpu.eqD(a, b);
            case Op.FLT_D -> x[rd] = fpu.ltD(a, b);
            case Op.FLE_D -> x[rd] = fpu.leD(a, b);
            case Op.FCLASS_D -> x[rd] = fpu.classD(a);
            case Op.FCVT_W_D -> x[rd] = fpu.cvtWD(a, rm);
            case Op.FCVT_WU_D -> x[rd] = fpu.cvtWUD(a, rm);
            case Op.FCVT_L_D -> x[rd] = fpu.cvtLD(a, rm);
            case Op.FCVT_LU_D -> x[rd] = fpu.cvtLUD(a, rm);
            case Op.FCVT_D_W -> f[rd] = fpu.cvtDW(x[rs1], rm);
            case Op.FCVT_D_WU -> f[rd] = fpu.cvtDWU(x[rs1], rm);
            case Op.FCVT_D_L -> f[rd] = fpu.cvtDL(x[rs1], rm);
            case Op.FCVT_D_LU -> f[rd] = fpu.cvtDLU(x[rs1], rm);
            default -> { return ILLEGAL_INSTRUCTION; }
        }
        return SAME_CHUNK;
    }
}
