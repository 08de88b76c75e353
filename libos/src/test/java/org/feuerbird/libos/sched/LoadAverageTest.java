package org.feuerbird.libos.sched;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Linux's load average: fixed point, sampled every 5 s, three decay rates. */
class LoadAverageTest {
    private static final long S = 1_000_000_000L;

    @Test
    void oneBusyThreadForAMinute() {
        LoadAverage l = new LoadAverage();
        l.advance(60 * S, 1);   // twelve samples with one runnable thread
        long[] a = l.get();
        // 1 - e^-1 = 0.63 after one time constant of the 1-minute average; the others rise slower.
        assertEquals("0.63", LoadAverage.format(a[0]));
        assertTrue(a[1] < a[0] && a[2] < a[1], java.util.Arrays.toString(a));
    }

    @Test
    void noSampleBeforeFiveSecondsAndCountsHeldUntilChanged() {
        LoadAverage l = new LoadAverage();
        l.advance(4 * S, 3);
        assertEquals(0, l.get()[0]);
        l.advance(5 * S, 3);   // the sample at 5 s sees the 3 that held until now
        assertTrue(l.get()[0] > 0);
        long after = l.get()[0];
        l.advance(9 * S, 0);   // no sample due: nothing changes
        assertEquals(after, l.get()[0]);
    }

    @Test
    void aSteadyLoadIsReachedAndDecays() {
        LoadAverage l = new LoadAverage();
        l.advance(3600 * S, 2);
        assertEquals("2.00", LoadAverage.format(l.get()[0]));
        assertEquals("2.00", LoadAverage.format(l.get()[2]));
        l.advance(7200 * S, 0);
        assertEquals("0.00", LoadAverage.format(l.get()[0]));
    }
}
