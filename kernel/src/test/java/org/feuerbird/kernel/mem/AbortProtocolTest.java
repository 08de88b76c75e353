package org.feuerbird.kernel.mem;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.RevocationRequest;
import org.feuerbird.kernel.testing.Guest;
import org.feuerbird.kernel.testing.GuestCode;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Visible revocation: the kernel asks a LibOS for resources back; a LibOS that complies keeps
 * the rest untouched, one that ignores the request loses resources at the deadline, with its
 * bindings broken and a report of what it lost.
 */
class AbortProtocolTest {
    private Exokernel exo;
    private final List<Long> runs = new ArrayList<>();

    @BeforeEach
    void boot() { exo = Exokernel.boot(MachineSpec.of(16 << 20)); }

    @AfterEach
    void close() { exo.close(); }

    private void runUntil(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        exo.runHart(0, () -> done.getAsBoolean() || System.nanoTime() > deadline);
        assertTrue(done.getAsBoolean(), "timed out; reports " + exo.reports());
    }

    private Kernel libos(TestLibOS l, long quota) throws KernelException {
        Kernel k = l.kernel = exo.createLibOS("l", l, quota);
        exo.giveAllSlices(k);
        return k;
    }

    private void allocateRuns(Kernel k) throws KernelException {
        for (int i = 0; i < 10; i++) runs.add(k.allocFrames(k.self(), 5));
    }

    @Test
    void aLibOSThatReturnsFramesInTimeLosesNothingElse() throws Exception {
        TestLibOS polite = new TestLibOS() {
            @Override
            public void revocationRequested(RevocationRequest r) {
                super.revocationRequested(r);
                try {
                    // Policy of this LibOS: give back its oldest allocations until under quota.
                    for (long run : List.copyOf(runs)) {
                        if (kernel.memoryUsage(kernel.self())[0] <= r.frameQuota()) break;
                        kernel.freeFrames(run);
                        runs.remove(run);
                    }
                } catch (KernelException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        Kernel k = libos(polite, 100);
        allocateRuns(k);
        exo.requestRevocation(k, 30, new int[0], exo.now() + 20_000_000);
        assertEquals(1, polite.revocationRequests.size());
        assertEquals(30, k.memoryUsage(k.self())[0]);
        long deadlinePassed = exo.now() + 40_000_000;
        runUntil(() -> exo.now() > deadlinePassed);
        assertTrue(polite.losses.isEmpty(), "nothing taken from a LibOS that complied");
        for (long run : runs) assertEquals(5, k.query(run).limit() - k.query(run).base());
        KernelException over = assertThrows(KernelException.class, () -> k.allocFrames(k.self(), 1));
        assertEquals(KernelError.QUOTA_EXCEEDED, over.error(), "the lowered quota holds");
    }

    @Test
    void aLibOSThatIgnoresTheRequestLosesFramesAndBindingsAtTheDeadline() throws Exception {
        TestLibOS stubborn = new TestLibOS();
        Kernel k = libos(stubborn, 100);
        Guest g = Guest.load(k, new GuestCode().j(0));   // 2 frames (code, data) + 3 page tables
        allocateRuns(k);
        long newest = runs.get(runs.size() - 1);
        k.map(g.domain, 0x80000, newest, 0, Kernel.MAP_READ | Kernel.MAP_WRITE);
        k.writeLong(newest, 0, 42);
        long usedBefore = k.memoryUsage(k.self())[0];
        long freeBefore = exo.freeFrames();
        exo.requestRevocation(k, usedBefore - 12, new int[] {0, 1}, exo.now() + 20_000_000);
        stubborn.ready.add(g.domain);   // it keeps running a domain and ignores the request
        runUntil(() -> !stubborn.losses.isEmpty());
        long[] lost = stubborn.losses.get(0).frames();
        assertTrue(lost.length >= 3, "at least 12 frames in runs of 5: " + lost.length + " runs");
        assertEquals(newest, lost[0], "the newest allocation went first");
        for (long h : lost) {
            KernelException e = assertThrows(KernelException.class, () -> k.query(h));
            assertEquals(KernelError.INVALID_HANDLE, e.error());
        }
        assertTrue(k.memoryUsage(k.self())[0] <= usedBefore - 12);
        assertEquals(freeBefore + 5L * lost.length, exo.freeFrames(), "the frames went back to the kernel");
        assertEquals(0, k.copyIn(g.domain, 0x80000, new byte[8], 0, 8), "the binding through a lost frame is broken");
        assertArrayEquals(new int[] {0, 1}, stubborn.losses.get(0).slices());
    }
}
