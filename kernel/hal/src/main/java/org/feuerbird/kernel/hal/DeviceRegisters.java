package org.feuerbird.kernel.hal;

import org.feuerbird.hardware.memory.Bus;

/**
 * Device registers on the physical bus (MMIO windows), for LibOS device drivers holding an
 * IO capability. RAM is not reachable this way: memory goes through frame capabilities.
 */
public final class DeviceRegisters {
    private final Bus bus;

    DeviceRegisters(Bus bus) { this.bus = bus; }

    /** Whether {@code [pa, pa+size)} lies inside one device's register window (and not in RAM). */
    public boolean isDevice(long pa, int size) {
        return !bus.ram().contains(pa, size) && bus.windowAt(pa, size) != null;
    }

    public long read(long pa, int size) { return bus.load(pa, size); }

    public void write(long pa, int size, long value) { bus.store(pa, size, value); }
}
