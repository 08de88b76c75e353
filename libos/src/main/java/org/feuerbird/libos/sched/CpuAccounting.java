package org.feuerbird.libos.sched;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.feuerbird.libos.proc.Task;

/**
 * Where the harts' time went: per hart, which of our threads it runs and whether in user or
 * system mode. The LibOS reports the moments this changes (a trap enters the LibOS, the
 * upcall ends with some thread or none on the hart, a slice ends); the time between two
 * moments goes to the thread that had the hart (its user or system time) or, with none, to
 * the hart's idle time. System time is the time spent serving a thread's traps (system
 * calls, page faults), as on Linux; an upcall with no thread of ours (an alarm while idle)
 * counts as idle.
 *
 * <p>Each hart's record is written only by the hart's own thread, without locks (this runs
 * twice per system call); the totals other threads read are atomics written with release
 * semantics.
 */
public final class CpuAccounting {
    /** Harts tracked; a hart numbered beyond is not accounted (boards here have a few). */
    static final int MAX_HARTS = 64;

    private static final class Hart {
        /** Whether the hart was ever reported: /proc lists the harts seen. */
        volatile boolean seen;
        Task running;
        boolean system;
        long since;
        /** The last thread that had the hart: a switch is counted when another (or none) takes it. */
        Task last;
        /** What runs when the current upcall ends: the trapped thread unless the LibOS chose another. */
        Task next;
        /**
         * The upcall ended and its thread went back to user mode at a moment not read yet: the
         * kernel's entry time that comes with the next trap ({@link #trapEntered}) says when.
         */
        boolean resumePending;
        /** Nanoseconds of user, system and idle time (idle from boot until first seen, since is 0). */
        final AtomicLong user = new AtomicLong(), sys = new AtomicLong(), idle = new AtomicLong();
    }

    private final LongSupplier clock;
    private final Hart[] harts = new Hart[MAX_HARTS];
    private final AtomicLong switches = new AtomicLong();

    public CpuAccounting(LongSupplier clock) {
        this.clock = clock;
        for (int i = 0; i < MAX_HARTS; i++) harts[i] = new Hart();
    }

    private Hart hart(int id) {
        if (id < 0 || id >= MAX_HARTS) return null;
        Hart h = harts[id];
        if (!h.seen) h.seen = true;
        return h;
    }

    /** Adds to a total only this hart's thread writes: no atomic read-modify-write needed. */
    private static void add(AtomicLong total, long d) { total.setRelease(total.getPlain() + d); }

    /** Gives the time since the last moment to whoever had the hart. */
    private void charge(Hart h, long now) {
        long d = now - h.since;
        h.since = now;
        if (d <= 0) return;
        Task t = h.running;
        add(t == null ? h.idle : h.system ? h.sys : h.user, d);
        if (t == null) return;
        if (t.state == Task.State.DEAD) {
            // Its totals already went to the process: the last moments go there too.
            if (h.system) t.process.ended.addTime(0, d);
            else t.process.ended.addTime(d, 0);
        } else if (h.system) {
            t.addTime(0, d);
        } else {
            t.addTime(d, 0);
        }
    }

    /** A trap of {@code t} enters the LibOS on hart {@code id}: its user time ends, system time begins. */
    public void trapEntered(int id, Task t) {
        long now = clock.getAsLong();
        trapEntered(id, t, now, now);
    }

    /**
     * {@link #trapEntered(int, Task)} with the kernel's readings: {@code entered}, when the hart
     * last entered guest code, ends the previous upcall's system time; {@code trapped}, when
     * this trap left guest code, ends the user time. No clock read of our own on this path.
     */
    public void trapEntered(int id, Task t, long entered, long trapped) {
        Hart h = hart(id);
        if (h == null) return;
        if (h.resumePending) {
            h.resumePending = false;
            charge(h, Math.min(entered, trapped));
            h.system = false;
        }
        charge(h, trapped);
        if (h.running != t) take(h, t);
        h.system = true;
        h.next = t;
    }

    /** Settles a pending return to user mode whose moment is unknown: counted from the last trap on. */
    private void settlePending(Hart h) {
        if (!h.resumePending) return;
        h.resumePending = false;
        h.system = false;
    }

    /** The LibOS chose what the hart runs after this upcall: {@code next}, or nothing if null. */
    public void chose(int id, Task next) {
        Hart h = hart(id);
        if (h != null) h.next = next;
    }

    /** The upcall that served a trap ends: the chosen thread runs on the hart in user mode. */
    public void upcallEnded(int id) {
        Hart h = hart(id);
        if (h == null) return;
        if (h.next != null && h.next == h.running && h.system) {
            // The common case, the same thread going on: its next trap brings the moment.
            h.resumePending = true;
            return;
        }
        resumes(h, h.next);
    }

    /** A slice began and the LibOS chose {@code next} (or nothing) to run in it. */
    public void sliceStarted(int id, Task next) {
        Hart h = hart(id);
        if (h == null) return;
        settlePending(h);
        resumes(h, next);
    }

    private void resumes(Hart h, Task next) {
        charge(h, clock.getAsLong());
        take(h, next);
        h.system = false;
        h.next = next;
    }

    /** The slice ended: the thread that ran is off the hart (it may come back in the next slice). */
    public void sliceEnded(int id) {
        Hart h = hart(id);
        if (h == null) return;
        settlePending(h);
        charge(h, clock.getAsLong());
        h.running = null;
        h.system = false;
    }

    /** Charges everything up to now (so a thread reading its own CPU clock sees its current call). */
    public void settle(int id) {
        Hart h = hart(id);
        if (h == null) return;
        settlePending(h);
        charge(h, clock.getAsLong());
    }

    private void take(Hart h, Task next) {
        h.running = next;
        if (next == h.last) return;
        Task prev = h.last;
        h.last = next;
        switches.getAndIncrement();
        if (prev == null || prev.state == Task.State.DEAD) return;
        // Linux's rule: a thread that left the hart asleep gave it up; one still runnable was preempted.
        synchronized (prev.events) {
            if (prev.state == Task.State.BLOCKED) prev.events.voluntarySwitches++;
            else prev.events.involuntarySwitches++;
        }
    }

    /** Per hart seen so far (at least hart 0): {user, system, idle} nanoseconds, charged up to the last moment. */
    public long[][] perHart() {
        int n = 1;
        for (int i = 0; i < MAX_HARTS; i++) if (harts[i].seen) n = i + 1;
        long[][] out = new long[n][3];
        long now = clock.getAsLong();
        for (int i = 0; i < n; i++) {
            Hart h = harts[i];
            if (!h.seen) {
                out[i][2] = now;   // never used by us: idle since boot
                continue;
            }
            out[i][0] = h.user.get();
            out[i][1] = h.sys.get();
            // Idle time up to now, also for a hart idling at the moment (its current span is not
            // charged yet; read racily from another hart, it is only an estimate of that span).
            long since = h.since;
            out[i][2] = h.idle.get() + (h.running == null ? Math.max(0, now - since) : 0);
        }
        return out;
    }

    /** Context switches on all harts since boot (/proc/stat's ctxt). */
    public long switches() { return switches.get(); }
}
