package org.feuerbird.kernel.trap;

import static org.feuerbird.kernel.testing.GuestCode.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.testing.Await;
import org.feuerbird.kernel.testing.ConsoleFeed;
import org.feuerbird.kernel.testing.Guest;
import org.feuerbird.kernel.testing.GuestCode;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Interrupt lines reach the LibOS that holds and attached them. The line is a real device's:
 * the board's UART (PLIC line 10) raises it while its receiver holds a byte from the console
 * input and its IER enables that interrupt. Boot code gives the LibOS an IO capability over
 * the UART's register frame, and a driver domain of that LibOS programs the UART through a
 * mapping of it, as a user-level driver would; the test feeds the console byte by byte.
 *
 * <p>"Not delivered" is asserted against occurrences: the driver polls the UART's line status
 * and reports each poll by a system call, so the test knows the line is up and that the
 * guest ran on with interrupts enabled many times over.
 */
class InterruptRoutingTest {
    private static final int LINE = 10;                        // the UART's PLIC source
    private static final long UART_FRAME = 0x1000_0000L >>> 12; // its register page
    private static final long UART_VA = 0x30000;
    private static final int SYS_BYTE = 1001, SYS_LSR = 1002;
    private static final int LSR_DATA_READY = 1;
    /** Driver polls that saw the line up: far more than an interrupt needs to arrive. */
    private static final int MANY_POLLS = 5000;

    private ConsoleFeed console;
    private Exokernel exo;
    private DriverLibOS libA;
    private Kernel a;

    /** Serves a UART driver domain: interrupts tell the driver to read, system calls report what it read. */
    static class DriverLibOS extends TestLibOS {
        final List<Integer> bytes = new CopyOnWriteArrayList<>();
        volatile long irq, driverData;
        volatile boolean completeAfterRead = true;
        volatile int pollsWithData, polls;

        DriverLibOS() {
            onSyscall = cpu -> {
                long call = cpu.x(A7);
                if (call == SYS_BYTE) {
                    bytes.add((int) cpu.x(A0));
                    if (completeAfterRead) kernel.completeInterrupt(irq);
                } else if (call == SYS_LSR) {
                    polls++;
                    if ((cpu.x(A0) & LSR_DATA_READY) != 0) pollsWithData++;
                } else {
                    return false;
                }
                cpu.setPc(cpu.pc() + 4);
                return true;
            };
        }

        @Override
        public void interrupt(Cpu cpu, int line) {
            super.interrupt(cpu, line);
            try {
                if (driverData != 0) kernel.writeLong(driverData, 0, 1);   // the driver's "go read" flag
            } catch (KernelException e) {
                events.add("flag: " + e.getMessage());
            }
        }

        /** Starts counting polls afresh, for a new phase of a test. */
        void resetPolls() {
            polls = 0;
            pollsWithData = 0;
        }
    }

    @BeforeEach
    void boot() throws Exception {
        console = new ConsoleFeed();
        exo = Exokernel.boot(new MachineSpec(16 << 20, 1, 2, 2_000_000, null, console, OutputStream.nullOutputStream()));
        libA = new DriverLibOS();
        a = libA.kernel = exo.createLibOS("a", libA, 256);
        exo.giveAllSlices(a);
        libA.irq = exo.give(a, CapType.INTERRUPT, LINE, LINE + 1, Rights.ALL);
    }

    @AfterEach
    void close() {
        exo.close();
        console.close();
    }

    private static KernelError error(Executable call) {
        return assertThrows(KernelException.class, call).error();
    }

    private void runUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + Await.LIMIT_NANOS;
        exo.runHart(0, () -> done.getAsBoolean() || System.nanoTime() > deadline);
        assertTrue(done.getAsBoolean(), () -> "timed out waiting for " + what + "; interrupts " + libA.interrupts
            + " bytes " + libA.bytes + " polls " + libA.polls + "/" + libA.pollsWithData + " traps " + libA.traps.size()
            + " reports " + exo.reports());
    }

    /**
     * The driver: enables the UART's received-data interrupt, then loops: when the LibOS has
     * set its flag (an interrupt came) it reads the byte and reports it; otherwise it reports
     * the line status register.
     */
    private static GuestCode driver() {
        GuestCode c = new GuestCode();
        c.lui(S0, (int) (UART_VA >>> 12)).lui(S1, (int) (Guest.DATA >>> 12));
        c.li(T0, 1).sb(T0, S0, 1);                   // IER = received data available
        int loop = c.here(), poll = loop + 7;
        c.ld(T1, S1, 0).beq(T1, ZERO, poll);
        c.lbu(A0, S0, 0).sd(ZERO, S1, 0).li(A7, SYS_BYTE).ecall().j(loop);
        assertEquals(poll, c.here());
        c.lbu(A0, S0, 5).li(A7, SYS_LSR).ecall().j(loop);   // LSR
        return c;
    }

    /** Loads and starts the driver in A, with the UART's registers mapped for it. */
    private Guest startDriver() throws Exception {
        long uart = exo.give(a, CapType.IO, UART_FRAME << 12, (UART_FRAME + 1) << 12, Rights.ALL);
        Guest g = Guest.load(a, driver());
        a.map(g.domain, UART_VA, uart, 0, Kernel.MAP_READ | Kernel.MAP_WRITE);
        libA.driverData = g.data;
        libA.ready.add(g.domain);
        runUntil(() -> libA.polls > 0, "the driver to program the UART");
        assertTrue(libA.traps.stream().allMatch(t -> t.kind().equals("syscall")), "the driver reached the UART: " + libA.traps);
        return g;
    }

    private long bNamedInA(Kernel b) throws KernelException {
        long id = b.query(b.self()).base();
        return exo.give(a, CapType.LIBOS, id, id + 1, Rights.READ);
    }

    @Test
    void bytesOnTheConsoleReachTheLibOSHoldingTheLine() throws Exception {
        a.attachInterrupt(libA.irq);
        startDriver();
        runUntil(() -> libA.polls > 100, "polls while nothing comes");
        assertTrue(libA.interrupts.isEmpty(), "no interrupt without a byte: " + libA.interrupts);

        console.send('x');
        runUntil(() -> libA.bytes.size() == 1, "the first byte");
        console.send('y');
        runUntil(() -> libA.bytes.size() == 2, "the second byte");
        assertEquals(List.of((int) 'x', (int) 'y'), libA.bytes);
        assertEquals(List.of(LINE, LINE), libA.interrupts, "one interrupt per byte, on the UART's line");
    }

    @Test
    void aLineFiresAgainOnlyAfterItIsCompleted() throws Exception {
        libA.completeAfterRead = false;
        a.attachInterrupt(libA.irq);
        startDriver();
        console.send('x');
        runUntil(() -> libA.bytes.size() == 1, "the first byte");
        libA.resetPolls();
        console.send('y');
        runUntil(() -> libA.pollsWithData >= MANY_POLLS, "the driver seeing the second byte wait");
        assertEquals(1, libA.interrupts.size(), "the line is up, but the first interrupt was never completed");
        a.completeInterrupt(libA.irq);
        runUntil(() -> libA.bytes.size() == 2, "the second byte, once completed");
        assertEquals(List.of(LINE, LINE), libA.interrupts);
    }

    @Test
    void detachingStopsDeliveryAndAttachingAgainResumesIt() throws Exception {
        a.attachInterrupt(libA.irq);
        startDriver();
        console.send('x');
        runUntil(() -> libA.bytes.size() == 1, "the first byte");
        a.detachInterrupt(libA.irq);
        libA.resetPolls();
        console.send('y');
        runUntil(() -> libA.pollsWithData >= MANY_POLLS, "the driver seeing the second byte wait");
        assertEquals(List.of(LINE), libA.interrupts, "nothing delivered while detached");
        a.attachInterrupt(libA.irq);
        runUntil(() -> libA.bytes.size() == 2, "the waiting byte, once attached again");
        assertEquals(List.of(LINE, LINE), libA.interrupts);
    }

    @Test
    void aSecondLibOSCannotAttachAnAttachedLine() throws Exception {
        TestLibOS libB = new TestLibOS();
        Kernel b = libB.kernel = exo.createLibOS("b", libB, 64);
        long bIrq = exo.give(b, CapType.INTERRUPT, LINE, LINE + 1, Rights.ALL);
        a.attachInterrupt(libA.irq);
        a.attachInterrupt(libA.irq);   // again by its owner: no change, no error
        assertEquals(KernelError.WRONG_STATE, error(() -> b.attachInterrupt(bIrq)));
        b.detachInterrupt(bIrq);       // not B's to detach: A keeps it
        assertEquals(KernelError.WRONG_STATE, error(() -> b.attachInterrupt(bIrq)), "B's detach did not free A's line");

        // A range over an attached line is refused as a whole: none of its lines is taken.
        long bRange = exo.give(b, CapType.INTERRUPT, LINE - 1, LINE + 2, Rights.ALL);
        assertEquals(KernelError.WRONG_STATE, error(() -> b.attachInterrupt(bRange)));
        TestLibOS libC = new TestLibOS();
        Kernel c = libC.kernel = exo.createLibOS("c", libC, 64);
        c.attachInterrupt(exo.give(c, CapType.INTERRUPT, LINE + 1, LINE + 2, Rights.ALL));
        c.attachInterrupt(exo.give(c, CapType.INTERRUPT, LINE - 1, LINE, Rights.ALL));

        a.detachInterrupt(libA.irq);
        b.attachInterrupt(bIrq);
        assertEquals(KernelError.WRONG_STATE, error(() -> a.attachInterrupt(libA.irq)), "now B holds it");
    }

    @Test
    void attachingNeedsControlOverRealLines() throws Exception {
        long noControl = a.derive(libA.irq, CapType.INTERRUPT, LINE, LINE + 1, Rights.ALL & ~Rights.CONTROL);
        assertEquals(KernelError.MISSING_RIGHTS, error(() -> a.attachInterrupt(noControl)));
        assertEquals(KernelError.WRONG_TYPE, error(() -> a.attachInterrupt(a.self())));
        long lineZero = exo.give(a, CapType.INTERRUPT, 0, 1, Rights.ALL);
        assertEquals(KernelError.OUT_OF_RANGE, error(() -> a.attachInterrupt(lineZero)), "line 0 means no interrupt");
        long pastTheEnd = exo.give(a, CapType.INTERRUPT, 95, 97, Rights.ALL);
        assertEquals(KernelError.OUT_OF_RANGE, error(() -> a.attachInterrupt(pastTheEnd)));
    }

    @Test
    void revokingTheCapabilityEndsTheRouting() throws Exception {
        DriverLibOS libB = new DriverLibOS();
        Kernel b = libB.kernel = exo.createLibOS("b", libB, 64);
        long bIrq = a.copy(libA.irq, bNamedInA(b), Rights.CONTROL);
        b.attachInterrupt(bIrq);
        a.revoke(libA.irq);
        assertEquals(KernelError.INVALID_HANDLE, error(() -> b.query(bIrq)));
        // B's authority over the line is gone, so its routing must be gone with it.
        assertDoesNotThrow(() -> a.attachInterrupt(libA.irq), "the line is free again once B's capability is revoked");
        startDriver();
        console.send('x');
        runUntil(() -> libA.bytes.size() == 1, "the byte, at A");
        assertTrue(libB.interrupts.isEmpty(), "B, whose capability was revoked, got " + libB.interrupts);
    }

    @Test
    void deletingTheCapabilityEndsTheRouting() throws Exception {
        TestLibOS libB = new TestLibOS();
        Kernel b = libB.kernel = exo.createLibOS("b", libB, 64);
        long bIrq = exo.give(b, CapType.INTERRUPT, LINE, LINE + 1, Rights.ALL);
        b.attachInterrupt(bIrq);
        b.delete(bIrq);
        assertDoesNotThrow(() -> a.attachInterrupt(libA.irq), "B holds no capability for the line any more");
    }

    @Test
    void aLineDetachedBeforeItWasCompletedStillReachesItsNextOwner() throws Exception {
        TestLibOS libB = new TestLibOS();
        Kernel b = libB.kernel = exo.createLibOS("b", libB, 64);
        long bIrq = exo.give(b, CapType.INTERRUPT, LINE, LINE + 1, Rights.ALL);
        libA.completeAfterRead = false;   // A gives the line up in the middle of serving it
        a.attachInterrupt(libA.irq);
        startDriver();
        console.send('x');
        runUntil(() -> libA.bytes.size() == 1, "the first byte");
        a.detachInterrupt(libA.irq);
        b.attachInterrupt(bIrq);
        libA.resetPolls();
        console.send('y');
        runUntil(() -> !libB.interrupts.isEmpty() || libA.pollsWithData >= MANY_POLLS, "B's interrupt");
        assertEquals(List.of(LINE), libB.interrupts, "the byte waiting in the UART raised B's line");
        assertEquals(List.of(LINE), libA.interrupts, "A, detached, got no more");
    }

    /**
     * An interrupt preempts whatever runs on the hart, here a domain of another LibOS. The
     * {@link Cpu} the line's owner gets must not let it read or change that domain.
     */
    @Test
    void anInterruptUpcallGetsNoHoldOfTheDomainItInterrupted() throws Exception {
        long secret = 0x5ec2_e75e_c2e7L;
        int s2 = 18;   // a register the driver leaves alone
        List<String> seen = new CopyOnWriteArrayList<>();
        TestLibOS spy = new TestLibOS() {
            @Override
            public void interrupt(Cpu cpu, int line) {
                super.interrupt(cpu, line);
                Object tag = cpu.domainTag();
                if (tag != null) seen.add("tag " + tag);
                try {
                    if (cpu.x(s2) == secret) seen.add("read the secret");
                    cpu.setX(s2, 0xbad);
                } catch (IllegalStateException refused) {
                    // no domain of its own on the hart: right
                }
            }
        };
        Kernel b = spy.kernel = exo.createLibOS("spy", spy, 64);
        b.attachInterrupt(exo.give(b, CapType.INTERRUPT, LINE, LINE + 1, Rights.ALL));
        long uart = exo.give(a, CapType.IO, UART_FRAME << 12, (UART_FRAME + 1) << 12, Rights.ALL);
        Guest g = Guest.load(a, driver());
        a.map(g.domain, UART_VA, uart, 0, Kernel.MAP_READ | Kernel.MAP_WRITE);
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        a.getContext(g.domain, ctx);
        ctx[s2] = secret;
        a.setContext(g.domain, ctx);
        libA.ready.add(g.domain);
        // The byte is sent from the driver's own system call, so it arrives while the driver
        // runs (not while the hart idles between two runHart calls). A's driver never reads it,
        // and the spy never completes: one interrupt.
        var poll = libA.onSyscall;
        libA.onSyscall = cpu -> {
            if (cpu.x(A7) == SYS_LSR && libA.polls == 50) console.send('x');
            return poll.handle(cpu);
        };
        runUntil(() -> !spy.interrupts.isEmpty(), "the spy's interrupt");
        libA.resetPolls();
        runUntil(() -> libA.polls > 100, "the driver going on");
        assertEquals(List.of(), seen, "what the spy got of A's driver");
        a.suspend(g.domain);
        runUntil(() -> libA.events.stream().anyMatch(e -> e.startsWith("run failed")), "the driver off the hart");
        a.getContext(g.domain, ctx);
        assertEquals(secret, ctx[s2], "the driver's register, after the spy's interrupt");
    }
}
