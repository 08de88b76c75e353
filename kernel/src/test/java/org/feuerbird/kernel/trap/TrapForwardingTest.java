package org.feuerbird.kernel.trap;

import static org.feuerbird.kernel.testing.GuestCode.*;
import static org.junit.jupiter.api.Assertions.*;

import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.testing.Guest;
import org.feuerbird.kernel.testing.GuestCode;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Traps of real RISC-V code in a domain reach its LibOS with what the hardware reported. */
class TrapForwardingTest {
    private Exokernel exo;
    private TestLibOS libos;
    private Kernel k;

    @BeforeEach
    void boot() throws Exception {
        exo = Exokernel.boot(MachineSpec.of(16 << 20));
        libos = new TestLibOS();
        k = libos.kernel = exo.createLibOS("test", libos, 1024);
        exo.giveAllSlices(k);
    }

    @AfterEach
    void close() { exo.close(); }

    private void runUntil(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        exo.runHart(0, () -> done.getAsBoolean() || System.nanoTime() > deadline);
        assertTrue(done.getAsBoolean(), "timed out; traps: " + libos.traps + " reports: " + exo.reports());
    }

    @Test
    void ecallReachesTheLibOSWithItsRegistersAndResumes() throws Exception {
        GuestCode c = new GuestCode();
        c.li(A0, 1234).li(A7, 4321).ecall();           // unknown call: the test LibOS answers -38
        c.addi(A0, A0, 100).li(A7, TestLibOS.SYS_EXIT).ecall();
        Guest g = Guest.load(k, c);
        libos.ready.add(g.domain);
        runUntil(() -> !libos.exits.isEmpty());
        TestLibOS.Trap first = libos.traps.get(0);
        assertEquals("syscall", first.kind());
        assertEquals(8, first.cause());
        assertEquals(1234, first.a0());
        assertEquals(4321, first.a7());
        assertEquals(Guest.CODE + 12, first.pc(), "pc of the ecall itself (after addi, lui, addiw)");
        assertEquals(-38 + 100, libos.exits.get(0), "the LibOS's result in a0 reached the guest");
    }

    @Test
    void pageFaultReachesTheLibOSWithCauseAndAddress_andResumesAfterItMapsAFrame() throws Exception {
        long hole = 0x4000_0000L;
        GuestCode c = new GuestCode();
        c.lui(T0, (int) (hole >>> 12)).li(T1, 77).sd(T1, T0, 8);   // store into an unmapped page
        c.ld(A0, T0, 8).li(A7, TestLibOS.SYS_EXIT).ecall();
        Guest g = Guest.load(k, c);
        libos.ready.add(g.domain);
        libos.onFault = cpu -> {
            // The pager: bind a fresh frame where the guest faulted, then retry the store.
            long frame = k.allocFrames(k.self(), 1);
            k.map(g.domain, cpu.value() & ~0xfffL, frame, 0, Kernel.MAP_READ | Kernel.MAP_WRITE);
            return true;
        };
        runUntil(() -> !libos.exits.isEmpty());
        TestLibOS.Trap fault = libos.traps.get(0);
        assertEquals("pageFault", fault.kind());
        assertEquals(15, fault.cause(), "store page fault");
        assertEquals(hole + 8, fault.value(), "faulting address");
        assertEquals(Guest.CODE + 8, fault.pc(), "pc of the faulting store");
        assertEquals(77, libos.exits.get(0), "the store was retried and the load sees it");
    }

    @Test
    void loadAndFetchFaultsCarryTheirCauses() throws Exception {
        GuestCode c = new GuestCode();
        c.ld(A0, ZERO, 16);                           // load from page 0, never mapped
        Guest g = Guest.load(k, c);
        libos.ready.add(g.domain);
        runUntil(() -> !libos.traps.isEmpty());
        assertEquals(13, libos.traps.get(0).cause());
        assertEquals(16, libos.traps.get(0).value());

        GuestCode jump = new GuestCode();
        jump.lui(T0, 0x50).word(0x000280e7);          // jalr ra, 0(t0): to 0x50000, not mapped
        Guest h = Guest.load(k, jump);
        libos.ready.add(h.domain);
        runUntil(() -> libos.traps.size() >= 2);
        assertEquals(12, libos.traps.get(1).cause());
        assertEquals(0x50000, libos.traps.get(1).value());
        assertEquals(0x50000, libos.traps.get(1).pc());
    }

    @Test
    void illegalInstructionAndEbreakReachTheLibOSAsExceptions() throws Exception {
        GuestCode c = new GuestCode();
        c.addi(A0, ZERO, 5).word(0xffffffff);
        Guest g = Guest.load(k, c);
        libos.ready.add(g.domain);
        runUntil(() -> !libos.traps.isEmpty());
        TestLibOS.Trap t = libos.traps.get(0);
        assertEquals("exception", t.kind());
        assertEquals(2, t.cause(), "illegal instruction");
        assertEquals(0xffffffffL, t.value(), "the instruction bits");
        assertEquals(Guest.CODE + 4, t.pc());
        assertEquals(5, t.a0());

        GuestCode b = new GuestCode();
        b.ebreak();
        Guest h = Guest.load(k, b);
        libos.ready.add(h.domain);
        runUntil(() -> libos.traps.size() >= 2);
        assertEquals(3, libos.traps.get(1).cause(), "breakpoint");
    }

    @Test
    void privilegedInstructionsInADomainAreIllegal() throws Exception {
        GuestCode c = new GuestCode();
        c.word(0x30200073);                           // mret from U-mode
        Guest g = Guest.load(k, c);
        libos.ready.add(g.domain);
        runUntil(() -> !libos.traps.isEmpty());
        assertEquals(2, libos.traps.get(0).cause());
        assertEquals(0x30200073L, libos.traps.get(0).value());
    }

    @Test
    void aLibOSReadsAndRewritesTheTrappedDomainsWholeContext() throws Exception {
        GuestCode c = new GuestCode();
        c.li(A0, 7).li(A1, 8).li(A7, 500).ecall();
        c.li(A0, 1).li(A7, TestLibOS.SYS_EXIT).ecall();   // skipped: the LibOS moves the pc past it
        c.li(A7, TestLibOS.SYS_EXIT).ecall();
        Guest g = Guest.load(k, c);
        libos.ready.add(g.domain);
        libos.onSyscall = cpu -> {
            if (cpu.x(A7) != 500) return false;
            long[] ctx = new long[Kernel.CONTEXT_SIZE];
            k.getContext(g.domain, ctx);   // the live registers of the trapped domain
            assertEquals(7, ctx[A0]);
            assertEquals(cpu.pc(), ctx[Kernel.CONTEXT_PC]);
            ctx[A0] = ctx[A0] * ctx[A1];
            ctx[Kernel.CONTEXT_PC] += 4 * 4;
            k.setContext(g.domain, ctx);
            return true;
        };
        runUntil(() -> !libos.exits.isEmpty());
        assertEquals(56, libos.exits.get(0));
    }
}
