package org.feuerbird.libos.sched;

import java.util.ArrayList;
import java.util.List;

/**
 * Guest threads waiting for something (input, a child's exit, a pipe). Waiting never blocks
 * a hart: the waiting thread is set aside, and {@link #wakeAll} makes the waiters runnable
 * again; their system call then starts over and finds what it waited for.
 */
public final class WaitQueue {
    private final List<Runnable> waiters = new ArrayList<>();

    /** Adds a waker (the scheduler's "make this thread runnable"). */
    public synchronized void add(Runnable wake) { waiters.add(wake); }

    public synchronized boolean isEmpty() { return waiters.isEmpty(); }

    public void wakeAll() {
        List<Runnable> w;
        synchronized (this) {
            if (waiters.isEmpty()) return;
            w = new ArrayList<>(waiters);
            waiters.clear();
        }
        for (Runnable r : w) r.run();
    }
}
