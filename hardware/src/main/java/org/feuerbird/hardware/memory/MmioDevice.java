package org.feuerbird.hardware.memory;

/**
 * A device register window on the physical bus. Offsets are relative to the window's base;
 * {@code size} is 1, 2, 4 or 8 bytes. Reads of undefined registers return 0 and writes to them
 * are ignored, as on most real SoCs; a device never throws at a guest.
 */
public interface MmioDevice {
    /** A short name for the memory map and for error messages ("clint", "uart0"). */
    String name();

    long read(long offset, int size);

    void write(long offset, int size, long value);
}
