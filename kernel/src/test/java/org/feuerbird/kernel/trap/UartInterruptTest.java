package org.feuerbird.kernel.trap;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.Test;

/**
 * A device interrupt reaches the LibOS holding its line: a console driver in a LibOS
 * (IO capability over the UART's registers, INTERRUPT capability over its line) receives
 * what is typed on the host side, one interrupt at a time.
 */
class UartInterruptTest {
    static final long UART = 0x1000_0000L;
    static final int UART_IRQ = 10, RBR = 0, THR = 0, IER = 1, LSR = 5, LSR_DATA_READY = 1;

    @Test
    void receivedBytesRaiseTheLineAndReachTheDriverLibOS() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream consoleIn = new PipedInputStream(typing);
        ByteArrayOutputStream consoleOut = new ByteArrayOutputStream();
        MachineSpec spec = new MachineSpec(16 << 20, 1, 8, 10_000_000, null, consoleIn, consoleOut);
        try (Exokernel exo = Exokernel.boot(spec)) {
            LinkedBlockingQueue<Integer> received = new LinkedBlockingQueue<>();
            long[] caps = new long[2];
            TestLibOS driver = new TestLibOS() {
                @Override
                public void interrupt(Cpu cpu, int irq) {
                    super.interrupt(cpu, irq);
                    try {
                        while ((kernel.ioRead(caps[0], UART + LSR, 1) & LSR_DATA_READY) != 0) {
                            received.add((int) kernel.ioRead(caps[0], UART + RBR, 1));
                        }
                        kernel.completeInterrupt(caps[1]);
                    } catch (KernelException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            Kernel k = driver.kernel = exo.createLibOS("console driver", driver, 16);
            org.feuerbird.kernel.api.Device console = exo.devices().stream().filter(d -> d.name().equals("console")).findFirst().orElseThrow();
            assertEquals(UART, console.base(), "the board describes its console where the memory map puts it");
            assertEquals(UART_IRQ, console.irq());
            caps[0] = exo.give(k, CapType.IO, UART, UART + 0x100, Rights.READ | Rights.WRITE);
            caps[1] = exo.give(k, CapType.INTERRUPT, UART_IRQ, UART_IRQ + 1, Rights.CONTROL);
            k.attachInterrupt(caps[1]);
            k.ioWrite(caps[0], UART + IER, 1, 1);          // interrupt when data is available
            exo.start();
            typing.write("hi!".getBytes(StandardCharsets.US_ASCII));
            typing.flush();
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                Integer b = received.poll(10, TimeUnit.SECONDS);
                assertNotNull(b, "byte " + i + " never arrived; so far: " + got);
                got.append((char) (int) b);
            }
            assertEquals("hi!", got.toString());
            assertTrue(driver.interrupts.stream().allMatch(l -> l == UART_IRQ));
            k.ioWrite(caps[0], UART + THR, 1, 'x');
            assertEquals("x", consoleOut.toString(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void deviceRegistersNeedAnIoCapabilityAndLinesBelongToOneLibOS() throws Exception {
        try (Exokernel exo = Exokernel.boot(MachineSpec.of(16 << 20))) {
            Kernel a = exo.createLibOS("a", new TestLibOS(), 16);
            Kernel b = exo.createLibOS("b", new TestLibOS(), 16);
            long io = exo.give(a, CapType.IO, UART, UART + 8, Rights.READ);
            assertEquals(KernelError.MISSING_RIGHTS, assertThrows(KernelException.class, () -> a.ioWrite(io, UART + IER, 1, 1)).error());
            assertEquals(KernelError.OUT_OF_RANGE, assertThrows(KernelException.class, () -> a.ioRead(io, UART + 8, 1)).error());
            long ram = exo.give(a, CapType.IO, 0x8000_0000L, 0x8000_1000L, Rights.READ);
            assertEquals(KernelError.OUT_OF_RANGE, assertThrows(KernelException.class, () -> a.ioRead(ram, 0x8000_0000L, 8)).error(),
                "RAM is reached through frame capabilities only");
            long lineA = exo.give(a, CapType.INTERRUPT, UART_IRQ, UART_IRQ + 1, Rights.CONTROL);
            long lineB = exo.give(b, CapType.INTERRUPT, UART_IRQ, UART_IRQ + 1, Rights.CONTROL);
            a.attachInterrupt(lineA);
            assertEquals(KernelError.WRONG_STATE, assertThrows(KernelException.class, () -> b.attachInterrupt(lineB)).error());
            a.detachInterrupt(lineA);
            b.attachInterrupt(lineB);
        }
    }
}
