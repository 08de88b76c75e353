package org.feuerbird.libos.sched;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;
import org.feuerbird.libos.proc.Task;

/**
 * The LibOS's thread scheduling policy inside the kernel's slices: round robin over the
 * runnable threads, one turn per slice. Thread-safe: wake-ups come from host input threads.
 * The runnable set includes the threads on a hart; its size feeds the load average.
 */
public final class Scheduler {
    private final ArrayDeque<Task> runnable = new ArrayDeque<>();
    private final LongSupplier clock;
    private final LoadAverage load = new LoadAverage();

    /** A scheduler whose load average never advances (no clock). */
    public Scheduler() { this(() -> 0); }

    /** {@code clock}: kernel time, for the load average's samples. */
    public Scheduler(LongSupplier clock) { this.clock = clock; }

    public synchronized void makeRunnable(Task t) {
        if (t.state == Task.State.DEAD) return;
        t.state = Task.State.RUNNABLE;
        if (!runnable.contains(t)) {
            load.advance(clock.getAsLong(), runnable.size());
            runnable.addLast(t);
        }
    }

    public synchronized void block(Task t) {
        t.state = Task.State.BLOCKED;
        if (runnable.contains(t)) load.advance(clock.getAsLong(), runnable.size());
        runnable.remove(t);
    }

    public synchronized void remove(Task t) {
        t.state = Task.State.DEAD;
        if (runnable.contains(t)) load.advance(clock.getAsLong(), runnable.size());
        runnable.remove(t);
    }

    /** The next thread to run (it moves to the back: its turn is taken), or null. */
    public synchronized Task next() {
        Task t = runnable.pollFirst();
        if (t != null) runnable.addLast(t);
        return t;
    }

    public synchronized boolean isEmpty() { return runnable.isEmpty(); }

    /** Threads runnable or running now (/proc/stat's procs_running, /proc/loadavg). */
    public synchronized int runnableCount() { return runnable.size(); }

    /** The 1, 5 and 15 minute load averages up to now, in {@link LoadAverage#FSHIFT} fixed point. */
    public synchronized long[] loadAverage() {
        load.advance(clock.getAsLong(), runnable.size());
        return load.get();
    }
}
