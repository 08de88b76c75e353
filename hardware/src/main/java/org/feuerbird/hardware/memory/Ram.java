package org.feuerbird.hardware.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The board's RAM: one contiguous region of guest physical memory, little-endian.
 *
 * <p>The bytes live in one Java array so that a hart's TLB can cache "guest page to array
 * offset" and reach a word with a single VarHandle access. That trick is confined to this
 * class and to the hart's memory fast path ({@link #array()}). Everything else (the ELF
 * loader, DMA of devices, the kernel) goes through the checked methods here, which also
 * tell the {@link CodeWatcher} when a page that holds decoded instructions is overwritten.
 */
public final class Ram {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long base;
    private final byte[] bytes;
    /** One flag per page: some hart holds decoded instructions of this page. */
    private final boolean[] codePages;
    private volatile CodeWatcher watcher = page -> { };

    public Ram(long base, int size) {
        if (size <= 0 || (size & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + size);
        }
        if ((base & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("RAM base must be page aligned: 0x" + Long.toHexString(base));
        }
        this.base = base;
        this.bytes = new byte[size];
        this.codePages = new boolean[size >>> PAGE_SHIFT];
    }

    public long base() { return base; }

    public long size() { return bytes.length; }

    public long end() { return base + bytes.length; }

    /** True if {@code [pa, pa+len)} lies wholly inside RAM. */
    public boolean contains(long pa, long len) {
        long off = pa - base;
        return off >= 0 && len >= 0 && off <= bytes.length - len;
    }

    /**
     * The backing array, for the hart's translation fast path only: index = physical address - base().
     * Writers through this array must respect {@link #hasCode(int)}.
     */
    public byte[] array() { return bytes; }

    // ---- checked scalar access (physical addresses) ----

    public byte load8(long pa) { return bytes[index(pa, 1)]; }
    public short load16(long pa) { return (short) I16.get(bytes, index(pa, 2)); }
    public int load32(long pa) { return (int) I32.get(bytes, index(pa, 4)); }
    public long load64(long pa) { return (long) I64.get(bytes, index(pa, 8)); }

    public void store8(long pa, byte v) { int i = index(pa, 1); bytes[i] = v; touched(i, 1); }
    public void store16(long pa, short v) { int i = index(pa, 2); I16.set(bytes, i, v); touched(i, 2); }
    public void store32(long pa, int v) { int i = index(pa, 4); I32.set(bytes, i, v); touched(i, 4); }
    public void store64(long pa, long v) { int i = index(pa, 8); I64.set(bytes, i, v); touched(i, 8); }

    /** Reads {@code size} (1, 2, 4 or 8) bytes, zero-extended. */
    public long load(long pa, int size) {
        return switch (size) {
            case 1 -> load8(pa) & 0xffL;
            case 2 -> load16(pa) & 0xffffL;
            case 4 -> load32(pa) & 0xffff_ffffL;
            case 8 -> load64(pa);
            default -> throw new IllegalArgumentException("access size " + size);
        };
    }

    public void store(long pa, int size, long v) {
        switch (size) {
            case 1 -> store8(pa, (byte) v);
            case 2 -> store16(pa, (short) v);
            case 4 -> store32(pa, (int) v);
            case 8 -> store64(pa, v);
            default -> throw new IllegalArgumentException("access size " + size);
        }
    }

    // ---- bulk access, as DMA and loaders do it ----

    public void read(long pa, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        System.arraycopy(bytes, index(pa, len), dst, off, len);
    }

    public void write(long pa, byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        int i = index(pa, len);
        System.arraycopy(src, off, bytes, i, len);
        touched(i, len);
    }

    public void fill(long pa, long len, byte value) {
        int i = index(pa, len);
        java.util.Arrays.fill(bytes, i, i + (int) len, value);
        touched(i, (int) len);
    }

    /** Copies bytes within RAM (regions may overlap), as a DMA engine or a kernel's page copy. */
    public void copy(long srcPa, long dstPa, long len) {
        int from = index(srcPa, len), to = index(dstPa, len);
        System.arraycopy(bytes, from, bytes, to, (int) len);
        touched(to, (int) len);
    }

    /**
     * Atomically replaces the aligned 64-bit word at {@code pa} if it holds {@code expected}.
     * It takes the RAM's monitor, as the harts' LR/SC and AMOs do, so it is atomic against them.
     */
    public boolean compareAndSet64(long pa, long expected, long value) {
        if ((pa & 7) != 0) throw new IllegalArgumentException("misaligned atomic at 0x" + Long.toHexString(pa));
        int i = index(pa, 8);
        synchronized (this) {
            if ((long) I64.get(bytes, i) != expected) return false;
            I64.set(bytes, i, value);
        }
        touched(i, 8);
        return true;
    }

    // ---- decoded-code tracking ----

    /** Marks a page (index relative to base) as holding decoded instructions. */
    public void markCode(int page) { codePages[page] = true; }

    public boolean hasCode(int page) { return codePages[page]; }

    /** Clears the mark and tells the watcher, which drops its decoded copy of the page. */
    public void codeWritten(int page) {
        if (codePages[page]) {
            codePages[page] = false;
            watcher.codeWritten(page);
        }
    }

    public void setCodeWatcher(CodeWatcher w) { this.watcher = Objects.requireNonNull(w); }

    private void touched(int index, int len) {
        if (len <= 0) return;
        for (int p = index >>> PAGE_SHIFT, last = (index + len - 1) >>> PAGE_SHIFT; p <= last; p++) {
            codeWritten(p);
        }
    }

    private int index(long pa, long len) {
        if (!contains(pa, len)) {
            throw new IndexOutOfBoundsException(String.format(
                "physical 0x%x+%d is outside RAM [0x%x, 0x%x)", pa, len, base, end()));
        }
        return (int) (pa - base);
    }
}
