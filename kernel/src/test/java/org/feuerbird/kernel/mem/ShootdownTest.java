package org.feuerbird.kernel.mem;

import static org.feuerbird.kernel.testing.GuestCode.*;
import static org.junit.jupiter.api.Assertions.*;

import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.testing.Guest;
import org.feuerbird.kernel.testing.GuestCode;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.Test;

/**
 * Breaking a binding reaches a domain that is running on another hart at that moment: its
 * TLB may not keep the page. A guest spinning on loads from the page (all TLB hits) must
 * fault soon after the unmap returns; without the shootdown it would spin forever.
 */
class ShootdownTest {
    static final long PAGE = 0x40000;

    @Test
    void unmappingAPageFromAnotherThreadStopsARunningDomainUsingIt() throws Exception {
        try (Exokernel exo = Exokernel.boot(MachineSpec.of(16 << 20).withHarts(2))) {
            TestLibOS lib = new TestLibOS();
            Kernel k = lib.kernel = exo.createLibOS("spinner", lib, 256);
            // Only hart 1's slices are owned: the domain runs there, the test thread is no hart.
            long scheduler = exo.give(k, CapType.SCHEDULER, 0, k.sliceCount(), Rights.ALL);
            int perHart = k.sliceCount() / 2;
            for (int s = perHart; s < 2 * perHart; s++) k.setSliceOwner(scheduler, s, k.self());
            GuestCode c = new GuestCode();
            c.lui(T0, (int) (PAGE >>> 12)).li(A7, 1).ecall();   // tell the LibOS the loop starts
            int loop = c.here();
            c.ld(A0, T0, 0).j(loop);
            Guest g = Guest.load(k, c);
            long frame = k.allocFrames(k.self(), 1);
            k.map(g.domain, PAGE, frame, 0, Kernel.MAP_READ);
            lib.ready.add(g.domain);
            exo.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (lib.traps.isEmpty() && System.nanoTime() < deadline) Thread.sleep(1);
            assertFalse(lib.traps.isEmpty(), "the domain started");
            Thread.sleep(20);                     // it spins on TLB hits now
            assertTrue(k.unmap(g.domain, PAGE));
            while (lib.traps.size() < 2 && System.nanoTime() < deadline) Thread.sleep(1);
            assertTrue(lib.traps.size() >= 2, "the running domain never saw the unmap: " + lib.traps);
            TestLibOS.Trap fault = lib.traps.get(1);
            assertEquals(13, fault.cause());
            assertEquals(PAGE, fault.value());
        }
    }
}
