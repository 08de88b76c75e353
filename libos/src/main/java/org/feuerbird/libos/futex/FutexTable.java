package org.feuerbird.libos.futex;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.sched.WaitQueue;

/**
 * The futex words of one address space that threads wait on: address → waiters in arrival
 * order. A waiter sleeps on its own wait queue, so waking one thread (not all) is exact, and
 * requeueing moves the record without waking it.
 */
public final class FutexTable {
    /** One waiting thread: where it waits, which bits it waits for, and whether it was woken. */
    public static final class Waiter {
        public final Task task;
        public final int bitset;
        public final WaitQueue queue = new WaitQueue();
        /** The deadline in kernel nanoseconds, or Long.MAX_VALUE. */
        public final long deadline;
        long address;
        public volatile boolean woken;
        /** The kernel alarm that wakes the thread at the deadline (0: none), and whether it went off. */
        public volatile long alarm;
        public volatile boolean alarmFired;

        Waiter(Task task, long address, int bitset, long deadline) {
            this.task = task;
            this.address = address;
            this.bitset = bitset;
            this.deadline = deadline;
        }
    }

    private final Map<Long, List<Waiter>> waiting = new LinkedHashMap<>();

    public synchronized Waiter enqueue(Task t, long address, int bitset, long deadline) {
        Waiter w = new Waiter(t, address, bitset, deadline);
        waiting.computeIfAbsent(address, a -> new ArrayList<>()).add(w);
        return w;
    }

    /** Takes a waiter out without waking it (it gave up: timeout, exit). */
    public synchronized void cancel(Waiter w) {
        List<Waiter> l = waiting.get(w.address);
        if (l != null && l.remove(w) && l.isEmpty()) waiting.remove(w.address);
    }

    /** Wakes up to {@code count} waiters on {@code address} whose bits meet {@code bitset}; returns how many. */
    public int wake(long address, int count, int bitset) {
        List<Waiter> woken = new ArrayList<>();
        synchronized (this) {
            List<Waiter> l = waiting.get(address);
            if (l == null) return 0;
            for (Iterator<Waiter> it = l.iterator(); it.hasNext() && woken.size() < count; ) {
                Waiter w = it.next();
                if ((w.bitset & bitset) == 0) continue;
                it.remove();
                w.woken = true;
                woken.add(w);
            }
            if (l.isEmpty()) waiting.remove(address);
        }
        for (Waiter w : woken) w.queue.wakeAll();
        return woken.size();
    }

    /**
     * Wakes up to {@code wake} waiters on {@code from} and moves up to {@code requeue} of the
     * rest to {@code to}; returns the number woken plus the number moved.
     */
    public int requeue(long from, long to, int wake, int requeue) {
        int n = wake(from, wake, -1);
        synchronized (this) {
            List<Waiter> l = waiting.get(from);
            if (l == null || requeue <= 0) return n;
            if (from == to) return n + Math.min(requeue, l.size());   // moving to the same word changes nothing
            List<Waiter> dst = waiting.computeIfAbsent(to, a -> new ArrayList<>());
            int moved = 0;
            for (Iterator<Waiter> it = l.iterator(); it.hasNext() && moved < requeue; moved++) {
                Waiter w = it.next();
                it.remove();
                w.address = to;
                dst.add(w);
            }
            if (l.isEmpty()) waiting.remove(from);
            if (dst.isEmpty()) waiting.remove(to);
            return n + moved;
        }
    }
}
