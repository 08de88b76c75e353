package org.feuerbird.kernel.hal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.feuerbird.hardware.board.Board;
import org.feuerbird.hardware.board.MemoryMap;
import org.feuerbird.hardware.cpu.Clock;
import org.feuerbird.hardware.device.MemorySerialBackend;
import org.feuerbird.hardware.device.SerialBackend;
import org.feuerbird.hardware.device.StreamSerialBackend;

/**
 * The board as the kernel uses it: harts to run contexts on, physical memory in frames, the
 * interrupt controller and the timer. The only way into the hardware module (with its
 * siblings in this package).
 */
public final class Machine {
    /** Where the console UART sits and the line it raises (the board's memory map). */
    public static final long CONSOLE_BASE = MemoryMap.UART0_BASE, CONSOLE_SIZE = MemoryMap.UART0_SIZE;
    public static final int CONSOLE_IRQ = MemoryMap.UART0_IRQ;

    private final Board board;
    private final List<HartPort> harts = new ArrayList<>();
    private final PhysicalMemory memory;
    private final InterruptController interrupts;
    private final DeviceRegisters devices;

    /**
     * @param clockNanos the time base in nanoseconds, or null for the host's clock
     * @param consoleIn  the console's input, or null for none
     * @param consoleOut the console's output, or null to keep it in memory
     */
    public Machine(long ramBytes, int hartCount, LongSupplier clockNanos, InputStream consoleIn, OutputStream consoleOut) {
        Clock clock = clockNanos == null ? Clock.host() : () -> clockNanos.getAsLong() / 100;
        SerialBackend console = consoleOut == null ? new MemorySerialBackend()
            : new StreamSerialBackend(consoleIn == null ? InputStream.nullInputStream() : consoleIn, consoleOut, "console");
        this.board = new Board(ramBytes, hartCount, console, clock);
        this.memory = new PhysicalMemory(board.ram());
        this.interrupts = new InterruptController(board.plic());
        this.devices = new DeviceRegisters(board.bus());
        for (int i = 0; i < hartCount; i++) harts.add(new HartPort(board.hart(i), board.clock()));
    }

    public int hartCount() { return harts.size(); }

    public HartPort hart(int i) { return harts.get(i); }

    public List<HartPort> harts() { return harts; }

    public PhysicalMemory memory() { return memory; }

    public InterruptController interrupts() { return interrupts; }

    public DeviceRegisters devices() { return devices; }

    /** Board time in nanoseconds (the CLINT's mtime runs at 10 MHz). */
    public long nanos() { return board.clock().now() * 100; }
}
