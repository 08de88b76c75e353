package org.feuerbird.hardware.device;

import static org.feuerbird.hardware.board.MemoryMap.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.feuerbird.hardware.cpu.HartInterrupts;
import org.feuerbird.hardware.memory.Bus;
import org.feuerbird.hardware.memory.MmioDevice;
import org.feuerbird.hardware.memory.Ram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CLINT, PLIC and UART attached to a bus at the memory map's addresses, driven through the bus. */
class BoardDevicesTest {
    private final AtomicLong ticks = new AtomicLong();
    private FakeHart h0, h1;
    private MemorySerialBackend console;
    private Bus bus;

    @BeforeEach
    void setUp() {
        Mtime mtime = new Mtime(ticks::get);
        h0 = new FakeHart(0, mtime);
        h1 = new FakeHart(1, mtime);
        List<FakeHart> harts = List.of(h0, h1);
        Plic plic = new Plic(PLIC_NUM_SOURCES, harts);
        console = new MemorySerialBackend();
        bus = new Bus(new Ram(RAM_BASE, 64 * 1024));
        bus.attach(CLINT_BASE, CLINT_SIZE, new Clint(mtime, harts));
        bus.attach(PLIC_BASE, PLIC_SIZE, plic);
        bus.attach(UART0_BASE, UART0_SIZE, new Uart16550("uart0", plic.line(UART0_IRQ), console));
    }

    @Test
    void windowsAreWhereTheMapSays() {
        assertTrue(bus.isMapped(CLINT_BASE + 0xbff8, 8));
        assertTrue(bus.isMapped(PLIC_BASE + PLIC_SIZE - 4, 4));
        assertTrue(bus.isMapped(UART0_BASE + 7, 1));
        assertFalse(bus.isMapped(virtioBase(0), 4), "virtio slots are not attached here");
        // The eight virtio slots fit between the UART and everything else without overlap.
        for (int n = 0; n < VIRTIO_COUNT; n++) bus.attach(virtioBase(n), VIRTIO_SIZE, new Nothing());
        assertEquals(0x1000_8000L, virtioBase(7));
        assertEquals(8, virtioIrq(7));
        assertEquals(512, PLIC_MAX_HARTS);
    }

    @Test
    void clintThroughTheBus() {
        ticks.set(42);
        assertEquals(42, bus.load(CLINT_BASE + Clint.MTIME, 8));
        bus.store(CLINT_BASE + Clint.MTIMECMP + 8, 8, 500);
        assertEquals(500, h1.compare());
        assertFalse(h1.mtip());
        ticks.set(500);
        assertTrue(h1.mtip());
        bus.store(CLINT_BASE + Clint.MSIP + 4, 4, 1);
        assertTrue(h1.level(HartInterrupts.MSIP));
        assertEquals(1, bus.load(CLINT_BASE + Clint.MSIP + 4, 4));
    }

    @Test
    void uartInterruptReachesTheHartThroughThePlic() {
        long sContext0 = PLIC_BASE + Plic.CONTEXT + Plic.CONTEXT_STRIDE; // hart 0, S-mode
        bus.store(PLIC_BASE + Plic.PRIORITY + 4L * UART0_IRQ, 4, 1);
        bus.store(PLIC_BASE + Plic.ENABLE + Plic.ENABLE_STRIDE, 4, 1L << UART0_IRQ);
        bus.store(sContext0, 4, 0);
        bus.store(UART0_BASE + 1, 1, 0x01); // IER: received data

        console.inject("z");
        assertTrue(h0.level(HartInterrupts.SEIP));
        assertFalse(h0.level(HartInterrupts.MEIP));
        assertFalse(h1.level(HartInterrupts.SEIP));
        assertEquals(UART0_IRQ, bus.load(sContext0 + Plic.CLAIM, 4));
        assertFalse(h0.level(HartInterrupts.SEIP));
        assertEquals('z', bus.load(UART0_BASE, 1));
        bus.store(sContext0 + Plic.CLAIM, 4, UART0_IRQ);
        assertFalse(h0.level(HartInterrupts.SEIP), "the UART lowered its line before completion");

        bus.store(UART0_BASE, 1, 'A');
        assertEquals("A", console.outputString());
    }

    /** An empty window, to check that the virtio slots fit the map. */
    private static final class Nothing implements MmioDevice {
        @Override public String name() { return "virtio"; }
        @Override public long read(long offset, int size) { return 0; }
        @Override public void write(long offset, int size, long value) { }
    }
}
