package org.feuerbird.libos.sched;

import static org.junit.jupiter.api.Assertions.*;

import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.junit.jupiter.api.Test;

/** Where a hart's time goes, with a clock the test moves by hand. */
class CpuAccountingTest {
    private long now;
    private final CpuAccounting acct = new CpuAccounting(() -> now);

    @Test
    void userSystemAndIdleFollowTrapsAndSwitches() {
        Process p = new Process(1);
        Task a = new Task(1, p), b = new Task(2, p);
        p.tasks.add(a);
        p.tasks.add(b);
        now = 100;
        acct.sliceStarted(0, a);          // idle from boot until now
        now = 250;
        acct.trapEntered(0, a);           // 150 of user time
        now = 270;
        acct.chose(0, b);                 // a yields to b while still runnable
        acct.upcallEnded(0);              // 20 of system time for a
        now = 300;
        a.state = Task.State.BLOCKED;
        acct.trapEntered(0, b);           // 30 user for b
        now = 305;
        acct.chose(0, null);              // b sleeps, the hart idles
        b.state = Task.State.BLOCKED;
        acct.upcallEnded(0);              // 5 system for b
        now = 400;                        // 95 idle
        long[][] h = acct.perHart();
        assertArrayEquals(new long[] {180, 25, 195}, h[0]);
        assertEquals(150, a.usage().userNanos);
        assertEquals(20, a.usage().systemNanos);
        assertEquals(30, b.usage().userNanos);
        assertEquals(5, b.usage().systemNanos);
        assertEquals(205, p.usage().cpuNanos());
        assertEquals(1, a.events.involuntarySwitches, "a was preempted by its yield");
        assertEquals(1, b.events.voluntarySwitches, "b went to sleep");
        assertEquals(3, acct.switches(), "a, then b, then idle");
    }

    @Test
    void aSliceEndTakesTheThreadOffAndTheSameThreadBackIsNoSwitch() {
        Process p = new Process(1);
        Task a = new Task(1, p);
        p.tasks.add(a);
        acct.sliceStarted(0, a);
        now = 10;
        acct.sliceEnded(0);
        now = 12;                          // between slices: no thread of ours
        acct.sliceStarted(0, a);
        now = 20;
        acct.settle(0);
        assertEquals(18, a.usage().userNanos);
        assertEquals(1, acct.switches(), "only the first time a took the hart");
        assertEquals(0, a.events.involuntarySwitches);
    }

    @Test
    void timeAfterAThreadEndedGoesToItsProcess() {
        Process p = new Process(1);
        Task a = new Task(1, p);
        p.tasks.add(a);
        acct.sliceStarted(0, a);
        now = 10;
        acct.trapEntered(0, a);
        // exit: the thread ends inside its call; its totals go to the process
        a.state = Task.State.DEAD;
        p.tasks.remove(a);
        p.ended.add(a.usage());
        now = 14;
        acct.chose(0, null);
        acct.upcallEnded(0);
        assertEquals(10, p.usage().userNanos);
        assertEquals(4, p.usage().systemNanos);
    }

    @Test
    void theKernelsReadingsSplitASystemCallFromTheUserTimeAfterItWithoutAClockReadOfOurOwn() {
        Process p = new Process(1);
        Task a = new Task(1, p);
        p.tasks.add(a);
        acct.sliceStarted(0, a);                  // at 0
        now = 999_999;                            // a clock read now would be wrong: none may happen
        acct.trapEntered(0, a, 0, 100);           // 100 of user time
        acct.upcallEnded(0);                      // the same thread goes on: its end comes with the next trap
        acct.trapEntered(0, a, 150, 400);         // back in guest code at 150 (after the call's 50 of system time),
        acct.upcallEnded(0);                      // then 250 of user time however many runs it took
        acct.trapEntered(0, a, 410, 500);
        assertEquals(100 + 250 + 90, a.usage().userNanos);
        assertEquals(50 + 10, a.usage().systemNanos);
        assertEquals(1, acct.switches());
    }
}
