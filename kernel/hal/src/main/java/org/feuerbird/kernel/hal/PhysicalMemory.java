package org.feuerbird.kernel.hal;

import org.feuerbird.hardware.memory.Ram;

/**
 * RAM as frames of 4 KiB, named by physical frame number (address >> 12). Bounds are the
 * callers' business (capability ranges); a bad address here is a kernel bug.
 */
public final class PhysicalMemory {
    public static final int FRAME_SHIFT = 12, FRAME_SIZE = 1 << FRAME_SHIFT;

    private final Ram ram;

    PhysicalMemory(Ram ram) { this.ram = ram; }

    /** First frame number of RAM. */
    public long firstFrame() { return ram.base() >>> FRAME_SHIFT; }

    public long frameCount() { return ram.size() >>> FRAME_SHIFT; }

    public void read(long pa, byte[] dst, int off, int len) { ram.read(pa, dst, off, len); }

    public void write(long pa, byte[] src, int off, int len) { ram.write(pa, src, off, len); }

    public long readLong(long pa) { return ram.load64(pa); }

    public void writeLong(long pa, long value) { ram.store64(pa, value); }

    public boolean compareAndSetLong(long pa, long expected, long value) { return ram.compareAndSet64(pa, expected, value); }

    public void fill(long pa, long len, byte value) { ram.fill(pa, len, value); }

    public void copy(long srcPa, long dstPa, long len) { ram.copy(srcPa, dstPa, len); }
}
