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
}
