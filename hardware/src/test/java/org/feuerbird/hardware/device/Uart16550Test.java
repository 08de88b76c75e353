package org.feuerbird.hardware.device;

import static org.feuerbird.hardware.device.Uart16550.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Register-level tests of the 16550A with the in-memory backend and a recording interrupt line. */
class Uart16550Test {
    /** Records every level the UART drives. */
    private static final class RecordingLine implements IrqLine {
        final List<Boolean> levels = new ArrayList<>();
        boolean high;

        @Override
        public synchronized void setLevel(boolean level) {
            high = level;
            levels.add(level);
        }
    }

    private MemorySerialBackend backend;
    private RecordingLine irq;
    private Uart16550 uart;

    @BeforeEach
    void setUp() {
        backend = new MemorySerialBackend();
        irq = new RecordingLine();
        uart = new Uart16550("uart0", irq, backend);
    }

    private int rd(int reg) { return (int) uart.read(reg, 1); }

    private void wr(int reg, int v) { uart.write(reg, 1, v); }

    @Test
    void resetValues() {
        assertEquals(0x01, rd(IIR), "no interrupt, FIFOs off");
        assertEquals(LSR_THRE | LSR_TEMT, rd(LSR));
        assertEquals(MSR_CTS | MSR_DSR | MSR_DCD, rd(MSR));
        assertEquals(0, rd(IER));
        assertEquals(0, rd(LCR));
        assertEquals(0, rd(RBR));
        assertEquals(List.of(), irq.levels);
    }

    @Test
    void transmitGoesToTheBackend() {
        for (byte b : "hi\n".getBytes()) wr(RBR, b);
        assertEquals("hi\n", backend.outputString());
        assertEquals(LSR_THRE | LSR_TEMT, rd(LSR), "the transmitter is never busy");
    }

    @Test
    void divisorLatchHidesRbrAndIer() {
        wr(IER, IER_RDA);
        wr(LCR, LCR_DLAB | 0x03);
        wr(RBR, 0x0c);
        wr(IER, 0x00);
        assertEquals(0x0c, rd(RBR));
        assertEquals(0x00, rd(IER));
        assertEquals(0x83, rd(LCR));
        assertEquals("", backend.outputString(), "DLL writes are not transmitted");
        wr(LCR, 0x03);
        assertEquals(IER_RDA, rd(IER), "IER kept its value behind the latch");
        wr(RBR, 'x');
        assertEquals("x", backend.outputString());
        wr(LCR, LCR_DLAB);
        assertEquals(0x0c, rd(RBR));
    }

    @Test
    void receiveWithoutFifoHoldsOneByteAndOverwritesOnOverrun() {
        assertEquals(1, backend.inject("a"));
        assertEquals(LSR_DR | LSR_THRE | LSR_TEMT, rd(LSR));
        assertEquals('a', rd(RBR));
        assertEquals(0, rd(LSR) & LSR_DR);
        assertEquals(1, backend.inject("bc"));
        int lsr = rd(LSR);
        assertEquals(LSR_DR | LSR_OE, lsr & (LSR_DR | LSR_OE));
        assertEquals(0, rd(LSR) & LSR_OE, "reading LSR clears OE");
        assertEquals('c', rd(RBR), "16450 mode: the new byte overwrote the holding register");
    }

    @Test
    void fifoHoldsSixteenBytesAndDropsTheRestWithOverrun() {
        wr(IIR, FCR_ENABLE);
        assertEquals(0xc1, rd(IIR));
        byte[] in = new byte[20];
        for (int i = 0; i < in.length; i++) in[i] = (byte) ('A' + i);
        assertEquals(FIFO_SIZE, backend.inject(in));
        assertTrue((rd(LSR) & LSR_OE) != 0);
        for (int i = 0; i < FIFO_SIZE; i++) assertEquals('A' + i, rd(RBR));
        assertEquals(0, rd(LSR) & (LSR_DR | LSR_OE));
    }

    @Test
    void fcrClearsTheReceiveFifo() {
        wr(IIR, FCR_ENABLE);
        backend.inject("abc");
        wr(IIR, FCR_ENABLE | FCR_CLEAR_RX);
        assertEquals(0, rd(LSR) & LSR_DR);
        backend.inject("d");
        wr(IIR, 0); // leaving FIFO mode resets the FIFO too
        assertEquals(0, rd(LSR) & LSR_DR);
        assertEquals(0x01, rd(IIR));
    }

    @Test
    void receivedDataRaisesTheLineUntilRead() {
        wr(IER, IER_RDA);
        assertFalse(irq.high);
        backend.inject("q");
        assertTrue(irq.high);
        assertEquals(IIR_RDA, rd(IIR));
        assertTrue(irq.high, "reading IIR does not acknowledge received data");
        assertEquals('q', rd(RBR));
        assertFalse(irq.high);
        assertEquals(IIR_NONE, rd(IIR));
        assertEquals(List.of(true, false), irq.levels);
    }

    @Test
    void triggerLevelSeparatesTimeoutFromDataAvailable() {
        wr(IIR, 0xc0 | FCR_ENABLE); // trigger at 14
        wr(IER, IER_RDA);
        backend.inject("abc");
        assertTrue(irq.high);
        assertEquals(0xc0 | IIR_TIMEOUT, rd(IIR));
        backend.inject("defghijklmn");
        assertEquals(0xc0 | IIR_RDA, rd(IIR));
        for (int i = 0; i < 14; i++) rd(RBR);
        assertFalse(irq.high);
    }

    @Test
    void thrEmptyInterruptIsAcknowledgedByIirAndRearmedByWrites() {
        wr(IER, IER_THRE);
        assertTrue(irq.high, "enabling ETBEI with THR empty interrupts at once");
        assertEquals(IIR_THRE, rd(IIR));
        assertFalse(irq.high);
        assertEquals(IIR_NONE, rd(IIR));
        wr(RBR, 'z');
        assertTrue(irq.high);
        wr(IER, 0);
        assertFalse(irq.high);
        assertEquals(IIR_NONE, rd(IIR));
    }

    @Test
    void lineStatusHasTheHighestPriority() {
        wr(IER, IER_RLS | IER_RDA | IER_THRE);
        assertEquals(IIR_THRE, rd(IIR));
        backend.inject("xy"); // one byte too many for the holding register
        assertEquals(IIR_RLS, rd(IIR));
        assertTrue(irq.high);
        rd(LSR);
        assertEquals(IIR_RDA, rd(IIR));
        rd(RBR);
        assertEquals(IIR_NONE, rd(IIR));
        assertFalse(irq.high);
    }

    @Test
    void loopbackRoutesThrToTheReceiverAndMcrToMsr() {
        wr(MCR, MCR_LOOP | MCR_OUT2 | MCR_RTS); // the probe Linux's 8250 driver makes
        assertEquals(0x90, rd(MSR) & 0xf0);
        wr(RBR, 'L');
        assertEquals("", backend.outputString());
        assertEquals('L', rd(RBR));
        wr(MCR, MCR_LOOP | MCR_DTR | MCR_OUT1);
        assertEquals(MSR_DSR | MSR_RI | MSR_DCTS | MSR_DDSR | MSR_DDCD, rd(MSR));
        wr(MCR, MCR_LOOP);
        assertEquals(MSR_DDSR | MSR_TERI, rd(MSR), "RI's trailing edge");
        assertEquals(0, rd(MSR), "deltas clear on read");
        wr(MCR, 0);
        wr(RBR, 'o');
        assertEquals("o", backend.outputString());
    }

    @Test
    void modemStatusInterrupt() {
        wr(IER, IER_MS);
        wr(MCR, MCR_LOOP);
        assertTrue(irq.high);
        assertEquals(IIR_MS, rd(IIR));
        rd(MSR);
        assertFalse(irq.high);
    }

    @Test
    void scratchAndUndefinedAccesses() {
        wr(SCR, 0x5a);
        assertEquals(0x5a, rd(SCR));
        assertEquals(0, uart.read(SCR, 4), "only byte accesses");
        assertEquals(0, uart.read(8, 1));
        uart.write(0, 4, 'w');
        uart.write(0x20, 1, 'w');
        wr(LSR, 0xff);
        assertEquals(LSR_THRE | LSR_TEMT, rd(LSR));
        assertEquals("", backend.outputString());
    }

    @Test
    void blockingReceiveLosesNothing() throws Exception {
        wr(IIR, FCR_ENABLE);
        byte[] in = new byte[1000];
        for (int i = 0; i < in.length; i++) in[i] = (byte) i;
        Thread feeder = Thread.ofPlatform().start(() -> {
            try {
                backend.injectBlocking(in);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.size() < in.length && System.nanoTime() < deadline) {
            int lsr = rd(LSR);
            assertEquals(0, lsr & LSR_OE);
            if ((lsr & LSR_DR) != 0) got.write(rd(RBR)); else Thread.onSpinWait();
        }
        feeder.join(5000);
        assertArrayEquals(in, got.toByteArray());
    }
}
