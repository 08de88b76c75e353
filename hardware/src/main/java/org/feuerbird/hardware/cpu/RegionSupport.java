package org.feuerbird.hardware.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Small static helpers that translated regions call; each is a few bytecodes, so HotSpot
 * inlines them into the region's compiled code. The expressions are the interpreter's.
 */
final class RegionSupport {
    private RegionSupport() { }

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int M = Mmu.TLB_MASK;
    private static final long BOX = 0xffff_ffff_0000_0000L;

    // ---- TLB fast path: the RAM index of an access, or -1 if it must take the slow path ----
    // The entry's RAM offset is read before its tag is compared: malloc_free measured about
    // 4% faster so (alternating runs). HotSpot's code still checks both array indexes; the
    // offset's load just no longer comes after the compare.
    static int read1(long va, long[] tlb, long ctx) {
        int i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
        long b = tlb[i + 1];
        return tlb[i] == ((va >>> 12) | ctx) ? (int) (va + b) : -1;
    }
    static int read2(long va, long[] tlb, long ctx) {
        int i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
        long b = tlb[i + 1];
        return tlb[i] == (((va + 1) >>> 12) | ctx) ? (int) (va + b) : -1;
    }
    static int read4(long va, long[] tlb, long ctx) {
        int i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
        long b = tlb[i + 1];
        return tlb[i] == (((va + 3) >>> 12) | ctx) ? (int) (va + b) : -1;
    }
    static int read8(long va, long[] tlb, long ctx) {
        int i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
        long b = tlb[i + 1];
        return tlb[i] == (((va + 7) >>> 12) | ctx) ? (int) (va + b) : -1;
    }
    static int write1(long va, long[] tlb, long ctx) {
        int i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
        long b = tlb[i + 3];
        return tlb[i + 2] == ((va >>> 12) | ctx) ? (int) (va + b) : -1;
    }
    static int write2(long va, long[] tlb, long ctx) {
        int i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
        long b = tlb[i + 3];
        return tlb[i + 2] == (((va + 1) >>> 12) | ctx) ? (int) (va + b) : -1;
    }
    static int write4(long va, long[] tlb, long ctx) {
        int i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
        long b = tlb[i + 3];
        return tlb[i + 2] == (((va + 3) >>> 12) | ctx) ? (int) (va + b) : -1;
    }
    static int write8(long va, long[] tlb, long ctx) {
        int i = ((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2;
        long b = tlb[i + 3];
        return tlb[i + 2] == (((va + 7) >>> 12) | ctx) ? (int) (va + b) : -1;
    }

    /**
     * The TLB check of an access of any size and either kind, for an access that reuses an
     * earlier one's check but left its page (see {@code Translator.Emitter.address}). Rare,
     * and on purpose longer than HotSpot's inlining size for cold call sites: inlined at
     * every reuse, it made large regions too big for the C1 compiler (out of virtual
     * registers), and they ran in HotSpot's bytecode interpreter.
     */
    static int check(long va, long[] tlb, long ctx, int size, boolean write) {
        int i = (((int) ((va ^ (ctx >>> 44)) >>> 12) & M) << 2) + (write ? 2 : 0);
        long b = tlb[i + 1];
        return tlb[i] == (((va + size - 1) >>> 12) | ctx) ? (int) (va + b) : -1;
    }

    /**
     * Whether the fetch TLB maps {@code va} to RAM index {@code ramIndex}: a trace entering
     * another page checks that the page holds the code it was recorded from (see
     * {@code Translator.TraceEmitter#guardPage}).
     */
    static boolean fetches(Mmu m, long va, int ramIndex) {
        long ctx = m.fetchCtx;
        int i = (int) ((va ^ (ctx >>> 44)) >>> 12) & M;
        return m.fetchTag[i] == ((va >>> 12) | ctx) && (int) (va + m.fetchOff[i]) == ramIndex;
    }

    // ---- RAM accesses at an index from the helpers above ----
    static long lb(byte[] ram, int i) { return ram[i]; }
    static long lbu(byte[] ram, int i) { return ram[i] & 0xffL; }
    static long lh(byte[] ram, int i) { return (short) I16.get(ram, i); }
    static long lhu(byte[] ram, int i) { return (short) I16.get(ram, i) & 0xffffL; }
    static long lw(byte[] ram, int i) { return (int) I32.get(ram, i); }
    static long lwu(byte[] ram, int i) { return (int) I32.get(ram, i) & 0xffff_ffffL; }
    static long ld(byte[] ram, int i) { return (long) I64.get(ram, i); }
    static long flw(byte[] ram, int i) { return BOX | (int) I32.get(ram, i) & 0xffff_ffffL; }
    static void sb(byte[] ram, int i, long v) { ram[i] = (byte) v; }
    static void sh(byte[] ram, int i, long v) { I16.set(ram, i, (short) v); }
    static void sw(byte[] ram, int i, long v) { I32.set(ram, i, (int) v); }
    static void sd(byte[] ram, int i, long v) { I64.set(ram, i, v); }

    // ---- ALU operations that are more than one bytecode ----
    static long slt(long a, long b) { return a < b ? 1 : 0; }
    static long sltu(long a, long b) { return Long.compareUnsigned(a, b) < 0 ? 1 : 0; }
    static long mulhsu(long a, long b) { return Math.multiplyHigh(a, b) + ((b >> 63) & a); }
    static long div(long a, long b) { return b == 0 ? -1 : a / b; }
    static long divu(long a, long b) { return b == 0 ? -1 : Long.divideUnsigned(a, b); }
    static long rem(long a, long b) { return b == 0 ? a : a % b; }
    static long remu(long a, long b) { return b == 0 ? a : Long.remainderUnsigned(a, b); }
    static long divw(long x, long y) { int a = (int) x, b = (int) y; return b == 0 ? -1 : a / b; }
    static long divuw(long x, long y) { int a = (int) x, b = (int) y; return b == 0 ? -1 : Integer.divideUnsigned(a, b); }
    static long remw(long x, long y) { int a = (int) x, b = (int) y; return b == 0 ? a : a % b; }
    static long remuw(long x, long y) { int a = (int) x, b = (int) y; return b == 0 ? a : Integer.remainderUnsigned(a, b); }
    static long fsgnj(long a, long b) { return (a & Long.MAX_VALUE) | (b & Long.MIN_VALUE); }
}
