package org.feuerbird.kernel.cpu;

import static org.feuerbird.kernel.testing.GuestCode.*;
import static org.junit.jupiter.api.Assertions.*;

import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.testing.Guest;
import org.feuerbird.kernel.testing.GuestCode;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.Test;

/**
 * Threads: domains that share one address space, each with its own registers. A store by one
 * is a load of the other; the space outlives the domain that created it.
 */
class SharedAddressSpaceTest {
    @Test
    void twoDomainsShareMemoryButNotRegisters() throws Exception {
        try (Exokernel exo = Exokernel.boot(MachineSpec.of(16 << 20))) {
            TestLibOS lib = new TestLibOS();
            Kernel k = lib.kernel = exo.createLibOS("threads", lib, 256);
            exo.giveAllSlices(k);
            // Thread 1 stores 4242 at DATA and exits; thread 2 (same code page, other entry)
            // loads it and exits with it.
            GuestCode c = new GuestCode();
            c.lui(T0, (int) (Guest.DATA >>> 12)).li(T1, 4242).sd(T1, T0, 0).li(A0, 1).li(A7, TestLibOS.SYS_EXIT).ecall();
            int second = c.here();
            c.lui(T0, (int) (Guest.DATA >>> 12)).ld(A0, T0, 0).li(A7, TestLibOS.SYS_EXIT).ecall();
            Guest g = Guest.load(k, c);
            Guest.Holder tag = new Guest.Holder();
            long thread = k.createDomain(k.self(), tag, g.domain);
            tag.handle = thread;
            long[] ctx = new long[Kernel.CONTEXT_SIZE];
            ctx[Kernel.CONTEXT_PC] = Guest.CODE + 4L * second;
            k.setContext(thread, ctx);
            long usedWithBoth = k.memoryUsage(k.self())[0];

            lib.ready.add(g.domain);
            long deadline = System.nanoTime() + 10_000_000_000L;
            exo.runHart(0, () -> lib.exits.size() == 1 || System.nanoTime() > deadline);
            assertEquals(1L, lib.exits.get(0));
            k.destroyDomain(g.domain);   // the space stays: the thread still uses it
            assertEquals(usedWithBoth, k.memoryUsage(k.self())[0], "no page table freed while a sharer lives");

            lib.ready.add(thread);
            exo.runHart(0, () -> lib.exits.size() == 2 || System.nanoTime() > deadline);
            assertEquals(4242L, lib.exits.get(1), "the thread loaded what the other stored");
            k.destroyDomain(thread);
            assertTrue(k.memoryUsage(k.self())[0] < usedWithBoth, "the last sharer took the page tables with it");
        }
    }

    @Test
    void sharingNeedsMapOnTheDomainAndStaysWithinTheLibOS() throws Exception {
        try (Exokernel exo = Exokernel.boot(MachineSpec.of(16 << 20))) {
            Kernel a = exo.createLibOS("a", new TestLibOS(), 64);
            long d = a.createDomain(a.self(), null);
            long readOnly = a.copy(d, a.self(), org.feuerbird.kernel.api.Rights.READ);
            KernelException e = assertThrows(KernelException.class, () -> a.createDomain(a.self(), null, readOnly));
            assertEquals(KernelError.MISSING_RIGHTS, e.error());
        }
    }
}
