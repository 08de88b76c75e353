package org.feuerbird.hardware.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.feuerbird.hardware.cpu.HartInterrupts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Register-level tests of the CLINT against fake harts and a hand-driven time base. */
class ClintTest {
    private final AtomicLong ticks = new AtomicLong(1000);
    private Mtime mtime;
    private FakeHart h0, h1;
    private Clint clint;

    @BeforeEach
    void setUp() {
        mtime = new Mtime(ticks::get);
        h0 = new FakeHart(0, mtime);
        h1 = new FakeHart(1, mtime);
        clint = new Clint(mtime, List.of(h1, h0)); // order of the list does not matter, ids do
    }

    @Test
    void resetPushesAllOnesCompareAndClearMsip() {
        assertEquals(List.of("bit 3 false", "cmp 18446744073709551615"), h0.takeCalls());
        assertEquals(-1L, h1.compare());
        assertEquals(-1L, clint.read(Clint.MTIMECMP, 8));
        assertEquals(0xffff_ffffL, clint.read(Clint.MTIMECMP + 12, 4));
        assertEquals(0, clint.read(Clint.MSIP, 4));
        assertFalse(h0.mtip());
    }

    @Test
    void msipWriteSetsOnlyThatHartsSoftwareInterrupt() {
        h0.takeCalls();
        h1.takeCalls();
        clint.write(Clint.MSIP + 4, 4, 1);
        assertTrue(h1.level(HartInterrupts.MSIP));
        assertFalse(h0.level(HartInterrupts.MSIP));
        assertEquals(List.of(), h0.takeCalls());
        assertEquals(1, clint.read(Clint.MSIP + 4, 4));
        clint.write(Clint.MSIP + 4, 4, 0xffff_fffeL); // only bit 0 counts
        assertFalse(h1.level(HartInterrupts.MSIP));
        assertEquals(0, clint.read(Clint.MSIP + 4, 4));
    }

    @Test
    void eightByteMsipAccessCoversTwoHarts() {
        clint.write(Clint.MSIP, 8, 1L << 32 | 1);
        assertTrue(h0.level(HartInterrupts.MSIP));
        assertTrue(h1.level(HartInterrupts.MSIP));
        assertEquals(1L << 32 | 1, clint.read(Clint.MSIP, 8));
    }

    @Test
    void mtimecmpWriteIsHandedToTheHart() {
        h1.takeCalls();
        clint.write(Clint.MTIMECMP + 8, 8, 5000);
        assertEquals(List.of("cmp 5000"), h1.takeCalls());
        assertEquals(5000, clint.read(Clint.MTIMECMP + 8, 8));
        assertEquals(-1L, clint.read(Clint.MTIMECMP, 8), "hart 0 untouched");
    }

    @Test
    void mtimecmpHalvesMergeWithTheOtherHalf() {
        clint.write(Clint.MTIMECMP, 8, 0);
        clint.write(Clint.MTIMECMP, 4, 0x89ab_cdefL);
        assertEquals(0x89ab_cdefL, h0.compare());
        clint.write(Clint.MTIMECMP + 4, 4, 0x0123_4567L);
        assertEquals(0x0123_4567_89ab_cdefL, h0.compare());
        assertEquals(0x0123_4567L, clint.read(Clint.MTIMECMP + 4, 4));
        assertEquals(0x89ab_cdefL, clint.read(Clint.MTIMECMP, 4));
    }

    @Test
    void timerInterruptFollowsCompareAndTime() {
        long now = clint.read(Clint.MTIME, 8);
        clint.write(Clint.MTIMECMP, 8, now + 100);
        assertFalse(h0.mtip());
        ticks.addAndGet(99);
        assertFalse(h0.mtip());
        ticks.addAndGet(1);
        assertTrue(h0.mtip());
        clint.write(Clint.MTIMECMP, 8, -1);
        assertFalse(h0.mtip());
    }

    @Test
    void mtimeReadsTheClock() {
        assertEquals(1000, clint.read(Clint.MTIME, 8));
        ticks.set(0x1_0000_0005L);
        assertEquals(5, clint.read(Clint.MTIME, 4));
        assertEquals(1, clint.read(Clint.MTIME + 4, 4));
    }

    @Test
    void mtimeWriteShiftsTheCounterHartsSee() {
        clint.write(Clint.MTIME, 8, 1_000_000);
        assertEquals(1_000_000, mtime.now());
        ticks.addAndGet(10);
        assertEquals(1_000_010, clint.read(Clint.MTIME, 8));
        assertEquals(1_000_010, mtime.now(), "the harts' clock is the same counter");

        clint.write(Clint.MTIME + 4, 4, 2); // high half only: low half keeps counting
        assertEquals(2L << 32 | 1_000_010, mtime.now());
        clint.write(Clint.MTIME, 4, 7);
        assertEquals(2L << 32 | 7, mtime.now());
    }

    @Test
    void writingMtimeMovesTimerInterrupts() {
        clint.write(Clint.MTIMECMP, 8, 50_000);
        assertFalse(h0.mtip());
        clint.write(Clint.MTIME, 8, 50_000);
        assertTrue(h0.mtip());
        clint.write(Clint.MTIME, 8, 0); // time may go backwards when the guest says so
        assertFalse(h0.mtip());
    }

    @Test
    void badAccessesReadZeroAndChangeNothing() {
        h0.takeCalls();
        h1.takeCalls();
        assertEquals(0, clint.read(Clint.MTIME, 2));
        assertEquals(0, clint.read(Clint.MTIME, 1));
        assertEquals(0, clint.read(Clint.MTIMECMP + 4, 8), "misaligned");
        clint.write(Clint.MTIMECMP, 2, 0);
        clint.write(Clint.MTIMECMP + 4, 8, 0);
        clint.write(Clint.MSIP + 8, 4, 1); // hart 2 does not exist
        clint.write(Clint.MTIMECMP + 16, 8, 0);
        clint.write(0xc000, 4, 1);
        assertEquals(0, clint.read(Clint.MSIP + 8, 4));
        assertEquals(0, clint.read(Clint.MTIMECMP + 16, 8));
        assertEquals(0, clint.read(0xfff8, 8));
        assertEquals(List.of(), h0.takeCalls());
        assertEquals(List.of(), h1.takeCalls());
        assertEquals(-1L, clint.read(Clint.MTIMECMP, 8));
    }

    @Test
    void hartIdsMustBeDense() {
        assertThrows(IllegalArgumentException.class, () -> new Clint(mtime, List.of(new FakeHart(1))));
        assertThrows(IllegalArgumentException.class,
                () -> new Clint(mtime, List.of(new FakeHart(0), new FakeHart(0))));
        assertThrows(IllegalArgumentException.class, () -> new Clint(mtime, List.of()));
    }
}
