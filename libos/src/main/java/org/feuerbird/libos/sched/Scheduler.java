package org.feuerbird.libos.sched;

import java.util.ArrayDeque;
import org.feuerbird.libos.proc.Task;

/**
 * The LibOS's thread scheduling policy inside the kernel's slices: round robin over the
 * runnable threads, one turn per slice. Thread-safe: wake-ups come from host input threads.
 */
public final class Scheduler {
    private final ArrayDeque<Task> runnable = new ArrayDeque<>();

    public synchronized void makeRunnable(Task t) {
        if (t.state == Task.State.DEAD) return;
        t.state = Task.State.RUNNABLE;
        if (!runnable.contains(t)) runnable.addLast(t);
    }

    public synchronized void block(Task t) {
        t.state = Task.State.BLOCKED;
        runnable.remove(t);
    }

    public synchronized void remove(Task t) {
        t.state = Task.State.DEAD;
        runnable.remove(t);
    }

    /** The next thread to run (it moves to the back: its turn is taken), or null. */
    public synchronized Task next() {
        Task t = runnable.pollFirst();
        if (t != null) runnable.addLast(t);
        return t;
    }

    public synchronized boolean isEmpty() { return runnable.isEmpty(); }
}
