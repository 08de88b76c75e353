package org.feuerbird.hardware.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The physical address space: RAM plus MMIO windows. Harts reach RAM directly through
 * their TLB; the bus is the slow path for everything else. An address that nothing
 * claims is an access fault for the hart, never an exception here.
 */
public final class Bus {
    /** One MMIO window. */
    public record Window(long base, long size, MmioDevice device) {
        public boolean contains(long pa, int len) { return pa >= base && pa - base <= size - len; }
    }

    private final Ram ram;
    private volatile Window[] windows = new Window[0];

    public Bus(Ram ram) { this.ram = Objects.requireNonNull(ram); }

    public Ram ram() { return ram; }

    /** Attaches a device window; windows may not overlap each other or RAM. */
    public synchronized void attach(long base, long size, MmioDevice device) {
        Window w = new Window(base, size, device);
        if (size <= 0 || overlaps(base, size, ram.base(), ram.size())) {
            throw new IllegalArgumentException(device.name() + " window overlaps RAM or is empty");
        }
        for (Window o : windows) {
            if (overlaps(base, size, o.base, o.size)) {
                throw new IllegalArgumentException(device.name() + " window overlaps " + o.device.name());
            }
        }
        List<Window> all = new ArrayList<>(List.of(windows));
        all.add(w);
        all.sort(Comparator.comparingLong(Window::base));
        windows = all.toArray(Window[]::new);
    }

    public List<Window> windows() { return List.of(windows); }

    /** The window holding {@code [pa, pa+len)}, or null. */
    public Window windowAt(long pa, int len) {
        for (Window w : windows) {
            if (w.contains(pa, len)) return w;
        }
        return null;
    }

    /** True if a load or store of {@code len} bytes at {@code pa} reaches RAM or a device. */
    public boolean isMapped(long pa, int len) {
        return ram.contains(pa, len) || windowAt(pa, len) != null;
    }

    /** Loads from RAM or a device; the caller has checked {@link #isMapped}. Zero-extended. */
    public long load(long pa, int len) {
        if (ram.contains(pa, len)) return ram.load(pa, len);
        Window w = windowAt(pa, len);
        return w == null ? 0 : w.device.read(pa - w.base, len);
    }

    /** Stores to RAM or a device; the caller has checked {@link #isMapped}. */
    public void store(long pa, int len, long value) {
        if (ram.contains(pa, len)) {
            ram.store(pa, len, value);
            return;
        }
        Window w = windowAt(pa, len);
        if (w != null) w.device.write(pa - w.base, len, value);
    }

    private static boolean overlaps(long a, long alen, long b, long blen) {
        return a < b + blen && b < a + alen;
    }
}
