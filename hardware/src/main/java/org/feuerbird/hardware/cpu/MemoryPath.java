package org.feuerbird.hardware.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.feuerbird.hardware.memory.Bus;
import org.feuerbird.hardware.memory.Ram;

/**
 * The slow path of a hart's memory accesses: TLB misses, accesses that cross a page,
 * MMIO, and the A extension. Results come back in fields ({@link #value}, or
 * {@link #faultCause} and {@link #faultValue} when a method returns false) so that no
 * access allocates and no trap is a Java exception.
 *
 * <p>Misaligned loads and stores are done in hardware (the spec allows either that or a
 * trap); one that crosses a page is translated page by page before any byte is written,
 * so a fault on the second page leaves memory untouched and reports the faulting part's
 * address. MMIO accesses must be naturally aligned. LR/SC follows QEMU: an SC succeeds
 * if this hart's reservation covers the address and memory still holds the value the LR
 * read.
 */
final class MemoryPath {
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    long value;
    int faultCause;
    long faultValue;

    private final Hart hart;
    private final Mmu mmu;
    private final Bus bus;
    private final Ram ram;
    private final byte[] bytes;
    private long reservation = -1, reservedValue;

    MemoryPath(Hart hart, Mmu mmu, Bus bus) {
        this.hart = hart;
        this.mmu = mmu;
        this.bus = bus;
        this.ram = bus.ram();
        this.bytes = ram.array();
    }

    boolean load(long va, int size) {
        if (crossesPage(va, size)) return loadBytes(va, size);
        long pa = mmu.translate(va, Mmu.LOAD);
        if (pa == Mmu.FAULT) return fault(mmu.faultCause, va);
        if (ram.contains(pa, size)) {
            value = ram.load(pa, size);
            return true;
        }
        Bus.Window w = (pa & (size - 1)) == 0 ? bus.windowAt(pa, size) : null;
        if (w == null) return fault(Cause.LOAD_ACCESS, va);
        value = w.device().read(pa - w.base(), size) & mask(size);
        return true;
    }

    boolean store(long va, int size, long v) {
        if (crossesPage(va, size)) return storeBytes(va, size, v);
        long pa = mmu.translate(va, Mmu.STORE);
        if (pa == Mmu.FAULT) return fault(mmu.faultCause, va);
        if (ram.contains(pa, size)) {
            ram.store(pa, size, v);
            return true;
        }
        Bus.Window w = (pa & (size - 1)) == 0 ? bus.windowAt(pa, size) : null;
        if (w == null) return fault(Cause.STORE_ACCESS, va);
        w.device().write(pa - w.base(), size, v & mask(size));
        return true;
    }

    /** Fetches a 16-bit instruction parcel (for page-crossing instructions and trap values). */
    boolean fetch16(long va) {
        long pa = mmu.translateFetch(va);
        if (pa == Mmu.FAULT) return fault(mmu.faultCause, va);
        if (!ram.contains(pa, 2)) return fault(Cause.FETCH_ACCESS, va);
        value = ram.load16(pa) & 0xffffL;
        return true;
    }

    private boolean loadBytes(long va, int size) {
        long first = translatePart(va, Mmu.LOAD, Cause.LOAD_ACCESS);
        if (first == Mmu.FAULT) return false;
        long secondVa = (va | 0xfff) + 1;
        long second = translatePart(secondVa, Mmu.LOAD, Cause.LOAD_ACCESS);
        if (second == Mmu.FAULT) return false;
        int firstLen = (int) (secondVa - va);
        long v = 0;
        for (int k = 0; k < size; k++) {
            long pa = k < firstLen ? first + k : second + (k - firstLen);
            v |= (ram.load8(pa) & 0xffL) << (8 * k);
        }
        value = v;
        return true;
    }

    private boolean storeBytes(long va, int size, long v) {
        long first = translatePart(va, Mmu.STORE, Cause.STORE_ACCESS);
        if (first == Mmu.FAULT) return false;
        long secondVa = (va | 0xfff) + 1;
        long second = translatePart(secondVa, Mmu.STORE, Cause.STORE_ACCESS);
        if (second == Mmu.FAULT) return false;
        int firstLen = (int) (secondVa - va);
        for (int k = 0; k < size; k++) {
            long pa = k < firstLen ? first + k : second + (k - firstLen);
            ram.store8(pa, (byte) (v >>> (8 * k)));
        }
        return true;
    }

    /** Translates one page's part of a split access; it must be RAM. */
    private long translatePart(long va, int access, int accessFault) {
        long pa = mmu.translate(va, access);
        if (pa == Mmu.FAULT) {
            fault(mmu.faultCause, va);
            return Mmu.FAULT;
        }
        if (!ram.contains(pa, 1)) {
            fault(accessFault, va);
            return Mmu.FAULT;
        }
        return pa;
    }

    /** Executes an LR, SC or AMO; writes rd. Returns false with the fault set. */
    boolean atomic(int op, int rd, long va, long src) {
        boolean word = op <= Op.AMOMAXU_W;
        int size = word ? 4 : 8;
        boolean isLr = op == Op.LR_W || op == Op.LR_D;
        if ((va & (size - 1)) != 0) return fault(isLr ? Cause.MISALIGNED_LOAD : Cause.MISALIGNED_STORE, va);
        long pa = mmu.translate(va, isLr ? Mmu.LOAD : Mmu.STORE);
        if (pa == Mmu.FAULT) return fault(mmu.faultCause, va);
        if (!ram.contains(pa, size)) return fault(isLr ? Cause.LOAD_ACCESS : Cause.STORE_ACCESS, va);
        if (!isLr) ram.codeWritten((int) ((pa - ram.base()) >>> Ram.PAGE_SHIFT));
        int i = (int) (pa - ram.base());
        long old;
        // Java offers no atomic access to a byte[] view, so every LR/SC/AMO of the board takes
        // the RAM's lock: atomic against each other. A plain store of another hart racing with
        // an AMO to the same word is not excluded, a known limit until RAM moves off-heap.
        synchronized (ram) {
            long cur = word ? (int) I32.get(bytes, i) : (long) I64.get(bytes, i);
            if (isLr) {
                old = cur;
                reservation = pa;
                reservedValue = cur;
            } else if (op == Op.SC_W || op == Op.SC_D) {
                boolean ok = reservation == pa && (word ? (int) cur == (int) reservedValue : cur == reservedValue);
                if (ok) put(word, i, src);
                reservation = -1;
                old = ok ? 0 : 1;
            } else {
                old = cur;
                put(word, i, word ? (int) combine(op, cur, src, true) : combine(op, cur, src, false));
            }
        }
        hart.x[rd] = old;
        return true;
    }

    /** Forgets the reservation (after a trap or xRET, as the spec permits). */
    void clearReservation() { reservation = -1; }

    private void put(boolean word, int i, long v) {
        if (word) I32.set(bytes, i, (int) v);
        else I64.set(bytes, i, v);
    }

    /** The new memory value of an AMO; for .w operands, only the low 32 bits are meaningful. */
    private static long combine(int op, long a, long b, boolean word) {
        if (word) {
            a = (int) a;
            b = (int) b;
        }
        int base = word ? op - Op.AMOSWAP_W : op - Op.AMOSWAP_D;
        return switch (base) {
            case 0 -> b;                                            // swap
            case 1 -> a + b;                                        // add
            case 2 -> a ^ b;                                        // xor
            case 3 -> a & b;                                        // and
            case 4 -> a | b;                                        // or
            case 5 -> Math.min(a, b);                               // min
            case 6 -> Math.max(a, b);                               // max
            case 7 -> Long.compareUnsigned(word ? a & 0xffff_ffffL : a, word ? b & 0xffff_ffffL : b) <= 0 ? a : b;
            default -> Long.compareUnsigned(word ? a & 0xffff_ffffL : a, word ? b & 0xffff_ffffL : b) >= 0 ? a : b;
        };
    }

    private static boolean crossesPage(long va, int size) {
        return (va & 0xfff) > 0x1000 - size;
    }

    private static long mask(int size) {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }

    private boolean fault(int cause, long va) {
        faultCause = cause;
        faultValue = va;
        return false;
    }
}
