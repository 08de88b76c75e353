package org.feuerbird.hardware.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.feuerbird.hardware.cpu.HartInterrupts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Register-level tests of the PLIC: priorities, thresholds, claim/complete, contexts, threads. */
class PlicTest {
    private static final int M0 = 0, S0 = 1, M1 = 2, S1 = 3; // contexts as on QEMU virt

    private FakeHart h0, h1;
    private Plic plic;

    @BeforeEach
    void setUp() {
        h0 = new FakeHart(0);
        h1 = new FakeHart(1);
        plic = new Plic(96, List.of(h0, h1));
    }

    private void priority(int src, int p) { plic.write(Plic.PRIORITY + 4L * src, 4, p); }

    private void enable(int ctx, int... sources) {
        for (int s : sources) {
            long off = Plic.ENABLE + Plic.ENABLE_STRIDE * ctx + 4L * (s / 32);
            plic.write(off, 4, plic.read(off, 4) | 1L << (s % 32));
        }
    }

    private void threshold(int ctx, int t) { plic.write(Plic.CONTEXT + Plic.CONTEXT_STRIDE * ctx, 4, t); }

    private int claim(int ctx) { return (int) plic.read(Plic.CONTEXT + Plic.CONTEXT_STRIDE * ctx + Plic.CLAIM, 4); }

    private void complete(int ctx, int src) { plic.write(Plic.CONTEXT + Plic.CONTEXT_STRIDE * ctx + Plic.CLAIM, 4, src); }

    private boolean pending(int src) { return (plic.read(Plic.PENDING + 4L * (src / 32), 4) >>> (src % 32) & 1) != 0; }

    @Test
    void raisedLineIsPendingButPriorityZeroNeverInterrupts() {
        enable(M0, 5);
        plic.line(5).raise();
        assertTrue(pending(5));
        assertFalse(h0.level(HartInterrupts.MEIP));
        assertEquals(0, claim(M0));
        priority(5, 1);
        assertTrue(h0.level(HartInterrupts.MEIP));
    }

    @Test
    void claimReturnsSourceClearsPendingAndDropsTheInterrupt() {
        priority(10, 1);
        enable(M0, 10);
        plic.line(10).raise();
        assertTrue(h0.level(HartInterrupts.MEIP));
        assertFalse(h0.level(HartInterrupts.SEIP), "only the enabled context");
        assertFalse(h1.level(HartInterrupts.MEIP));
        assertEquals(10, claim(M0));
        assertFalse(pending(10));
        assertFalse(h0.level(HartInterrupts.MEIP));
        assertEquals(0, claim(M0), "claimed sources are held until completion");
    }

    @Test
    void thresholdMasksPrioritiesAtOrBelowIt() {
        priority(7, 3);
        enable(S0, 7);
        threshold(S0, 3);
        plic.line(7).raise();
        assertFalse(h0.level(HartInterrupts.SEIP));
        assertEquals(0, claim(S0), "the threshold applies to claims too, as on QEMU");
        threshold(S0, 2);
        assertTrue(h0.level(HartInterrupts.SEIP));
        threshold(S0, 7);
        assertFalse(h0.level(HartInterrupts.SEIP));
        assertEquals(7, plic.read(Plic.CONTEXT + Plic.CONTEXT_STRIDE * S0, 4));
    }

    @Test
    void claimPicksHighestPriorityThenLowestId() {
        for (int s : new int[] {3, 4, 40, 41}) {
            enable(M1, s);
            plic.line(s).raise();
        }
        priority(3, 2);
        priority(4, 5);
        priority(40, 5);
        priority(41, 7);
        assertEquals(41, claim(M1));
        assertEquals(4, claim(M1));
        assertEquals(40, claim(M1));
        assertEquals(3, claim(M1));
        assertEquals(0, claim(M1));
        assertFalse(h1.level(HartInterrupts.MEIP));
    }

    @Test
    void completeReArmsALineThatIsStillHigh() {
        priority(9, 1);
        enable(M0, 9);
        IrqLine line = plic.line(9);
        line.raise();
        assertEquals(9, claim(M0));
        line.raise(); // still high, or raised again while in service: no new request yet
        assertFalse(pending(9));
        assertFalse(h0.level(HartInterrupts.MEIP));
        complete(M0, 9);
        assertTrue(pending(9));
        assertTrue(h0.level(HartInterrupts.MEIP));
        assertEquals(9, claim(M0));
        line.lower();
        complete(M0, 9);
        assertFalse(pending(9));
        assertFalse(h0.level(HartInterrupts.MEIP));
    }

    @Test
    void loweringBeforeClaimWithdrawsTheRequest() {
        priority(2, 1);
        enable(M0, 2);
        plic.line(2).raise();
        assertTrue(h0.level(HartInterrupts.MEIP));
        plic.line(2).lower();
        assertFalse(pending(2));
        assertFalse(h0.level(HartInterrupts.MEIP));
        assertEquals(0, claim(M0));
    }

    @Test
    void contextsShareThePendingBit() {
        priority(8, 1);
        enable(S0, 8);
        enable(M1, 8);
        plic.line(8).raise();
        assertTrue(h0.level(HartInterrupts.SEIP));
        assertTrue(h1.level(HartInterrupts.MEIP));
        assertFalse(h0.level(HartInterrupts.MEIP));
        assertFalse(h1.level(HartInterrupts.SEIP));
        assertEquals(8, claim(M1));
        assertFalse(h0.level(HartInterrupts.SEIP), "claimed by hart 1: nothing left for hart 0");
        assertEquals(0, claim(S0));
        complete(S1, 8); // not enabled for S1: ignored
        assertEquals(0, claim(S0));
        plic.line(8).lower();
        complete(S0, 8); // enabled there: any enabled context may complete
        plic.line(8).raise();
        assertTrue(h0.level(HartInterrupts.SEIP));
    }

    @Test
    void hartBitsAreDrivenOnlyWhenTheyChange() {
        priority(1, 1);
        priority(2, 1);
        enable(M0, 1, 2);
        h0.takeCalls();
        plic.line(1).raise();
        plic.line(2).raise();
        plic.line(1).raise();
        assertEquals(List.of("bit 11 true"), h0.takeCalls());
        assertEquals(1, claim(M0));
        assertEquals(2, claim(M0));
        assertEquals(List.of("bit 11 false"), h0.takeCalls());
    }

    @Test
    void registerMasksAndReadOnlyBits() {
        plic = new Plic(40, List.of(h0, h1));
        priority(0, 5);
        assertEquals(0, plic.read(Plic.PRIORITY, 4), "source 0 is reserved");
        priority(3, 0xff);
        assertEquals(7, plic.read(Plic.PRIORITY + 12, 4));
        plic.write(Plic.ENABLE, 4, 0xffff_ffffL);
        assertEquals(0xffff_fffeL, plic.read(Plic.ENABLE, 4));
        plic.write(Plic.ENABLE + 4, 4, 0xffff_ffffL);
        assertEquals(0xffL, plic.read(Plic.ENABLE + 4, 4), "sources 32..39 only");
        plic.write(Plic.ENABLE + 8, 4, 0xffff_ffffL);
        assertEquals(0, plic.read(Plic.ENABLE + 8, 4));
        plic.write(Plic.PENDING, 4, 0xffff_ffffL);
        assertEquals(0, plic.read(Plic.PENDING, 4), "pending is read-only");
        assertEquals(0, plic.read(Plic.PRIORITY + 12, 8), "only 32-bit accesses");
        assertEquals(0, plic.read(Plic.PRIORITY + 13, 4));
        assertEquals(0, plic.read(Plic.CONTEXT + Plic.CONTEXT_STRIDE * 4, 4), "no context 4");
        assertThrows(IllegalArgumentException.class, () -> plic.line(0));
        assertThrows(IllegalArgumentException.class, () -> plic.line(40));
        assertEquals(4, plic.numContexts());
    }

    /** Device threads raise lines while the "hart" thread claims, quiets the device and completes. */
    @Test
    void linesRaisedFromOtherThreadsAreEachServedOnce() throws Exception {
        int devices = 4, rounds = 1000;
        Semaphore[] served = new Semaphore[devices + 1];
        List<Thread> threads = new ArrayList<>();
        for (int s = 1; s <= devices; s++) {
            priority(s, s);
            enable(M0, s);
            served[s] = new Semaphore(0);
        }
        for (int s = 1; s <= devices; s++) {
            int src = s;
            threads.add(Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        plic.line(src).raise();
                        served[src].acquire();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        int[] claims = new int[devices + 1];
        int total = 0, spurious = 0;
        while (total < devices * rounds) {
            // A raised line must reach the hart: a lost update would leave us waiting here.
            assertTrue(h0.awaitLevel(HartInterrupts.MEIP, 10_000), "MEIP lost after " + total + " claims");
            int src = claim(M0);
            if (src == 0) {
                spurious++;
                continue;
            }
            plic.line(src).lower(); // the driver clears the device's condition before completing
            complete(M0, src);
            claims[src]++;
            total++;
            served[src].release();
        }
        for (Thread t : threads) t.join(5000);
        assertEquals(0, spurious);
        for (int s = 1; s <= devices; s++) assertEquals(rounds, claims[s]);
        assertFalse(h0.level(HartInterrupts.MEIP));
        assertEquals(0, plic.read(Plic.PENDING, 4));
    }
}
