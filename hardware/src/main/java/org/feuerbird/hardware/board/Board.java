package org.feuerbird.hardware.board;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.feuerbird.hardware.cpu.Clock;
import org.feuerbird.hardware.cpu.CodeCache;
import org.feuerbird.hardware.cpu.Hart;
import org.feuerbird.hardware.device.Clint;
import org.feuerbird.hardware.device.IrqLine;
import org.feuerbird.hardware.device.Mtime;
import org.feuerbird.hardware.device.Plic;
import org.feuerbird.hardware.device.SerialBackend;
import org.feuerbird.hardware.device.Uart16550;
import org.feuerbird.hardware.memory.Bus;
import org.feuerbird.hardware.memory.MmioDevice;
import org.feuerbird.hardware.memory.Ram;

/**
 * The virtual board, assembled at the addresses of {@link MemoryMap}: RAM, harts, the
 * CLINT, the PLIC and a 16550 UART on the console backend. The eight virtio-mmio slots are
 * left free for the devices of later issues ({@link #attachVirtio}).
 *
 * <p>The board runs nothing by itself: whoever owns it (the kernel's HAL, a test) runs
 * each hart on a thread of its choice with {@link Hart#run}.
 */
public final class Board {
    /** The RAM size when none is given. */
    public static final long DEFAULT_RAM = 256L << 20;
    /** Largest RAM this board supports: one Java array. */
    public static final long MAX_RAM = 1L << 30;

    private final Ram ram;
    private final Bus bus;
    private final CodeCache code;
    private final Mtime mtime;
    private final List<Hart> harts;
    private final Clint clint;
    private final Plic plic;
    private final Uart16550 uart;

    /**
     * @param ramSize bytes of RAM, a multiple of 4 KiB up to {@link #MAX_RAM}
     * @param hartCount number of harts (1 or more)
     * @param console the backend of the UART
     * @param clock the time base (10 MHz ticks); {@link Clock#host()} for wall-clock time
     */
    public Board(long ramSize, int hartCount, SerialBackend console, Clock clock) {
        if (ramSize < Ram.PAGE_SIZE || ramSize > MAX_RAM || (ramSize & (Ram.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("RAM size must be a multiple of 4 KiB between 4 KiB and "
                + (MAX_RAM >> 20) + " MiB, not " + ramSize);
        }
        if (hartCount < 1 || hartCount > MemoryMap.PLIC_MAX_HARTS) {
            throw new IllegalArgumentException("hart count " + hartCount);
        }
        this.ram = new Ram(MemoryMap.RAM_BASE, (int) ramSize);
        this.bus = new Bus(ram);
        this.code = new CodeCache(ram);
        this.mtime = new Mtime(Objects.requireNonNull(clock));
        List<Hart> hs = new ArrayList<>();
        for (int i = 0; i < hartCount; i++) hs.add(new Hart(i, bus, code, mtime));
        this.harts = List.copyOf(hs);
        this.clint = new Clint(mtime, harts);
        this.plic = new Plic(MemoryMap.PLIC_NUM_SOURCES, harts);
        this.uart = new Uart16550("uart0", plic.line(MemoryMap.UART0_IRQ), Objects.requireNonNull(console));
        bus.attach(MemoryMap.CLINT_BASE, MemoryMap.CLINT_SIZE, clint);
        bus.attach(MemoryMap.PLIC_BASE, MemoryMap.PLIC_SIZE, plic);
        bus.attach(MemoryMap.UART0_BASE, MemoryMap.UART0_SIZE, uart);
    }

    public Ram ram() { return ram; }

    public Bus bus() { return bus; }

    public List<Hart> harts() { return harts; }

    public Hart hart(int i) { return harts.get(i); }

    public Clint clint() { return clint; }

    public Plic plic() { return plic; }

    public Uart16550 uart() { return uart; }

    /** The board's time (the CLINT's mtime), in 10 MHz ticks. */
    public Clock clock() { return mtime; }

    /**
     * Attaches a virtio-mmio device in slot {@code slot} (0..7) and returns the interrupt
     * line it should raise.
     */
    public IrqLine attachVirtio(int slot, MmioDevice device) {
        if (slot < 0 || slot >= MemoryMap.VIRTIO_COUNT) throw new IllegalArgumentException("virtio slot " + slot);
        bus.attach(MemoryMap.VIRTIO_BASE + slot * MemoryMap.VIRTIO_STRIDE, MemoryMap.VIRTIO_SIZE, device);
        return plic.line(MemoryMap.VIRTIO_IRQ_BASE + slot);
    }
}
