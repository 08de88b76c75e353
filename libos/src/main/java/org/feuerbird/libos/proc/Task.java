package org.feuerbird.libos.proc;

import org.feuerbird.libos.futex.FutexTable;

/**
 * A guest thread: one kernel domain (its registers) in its process's address space. It is
 * also the domain's tag, so a trap names its thread without a lookup.
 */
public final class Task {
    public enum State { RUNNABLE, BLOCKED, DEAD }

    public final int tid;
    public final Process process;
    /** The kernel DOMAIN capability of this thread. */
    public long domain;
    public volatile State state = State.RUNNABLE;
    /** set_tid_address: cleared and futex-woken when the thread exits. */
    public long clearChildTid;
    /** Signal mask, thread-directed pending signals, alternate stack. */
    public final org.feuerbird.libos.signal.ThreadSignals signals = new org.feuerbird.libos.signal.ThreadSignals();
    /**
     * The futex wait this thread sleeps in, kept across the restart of its system call so a
     * wake-up is seen as one even if the word did not change, or null.
     */
    public FutexTable.Waiter futexWait;
    /**
     * The deadline (kernel time) of a timed futex wait that a signal interrupted and that runs
     * again (after a stop): it goes on with the time that was left, as Linux's restart does; 0: none.
     */
    public long futexResumeDeadline;
    /** set_robust_list: the head of the thread's list of robust futexes (0: none), walked when it exits. */
    public long robustList;
    /** The thread's name (prctl PR_SET_NAME, /proc/PID/stat's comm): at most 15 bytes. */
    public String name = "";
    /** A CLONE_VFORK child this thread waits for (until it execs or exits), kept across the restart, or null. */
    public Process vforkChild;

    /**
     * Faults and context switches of this thread; its CPU time is kept apart ({@link #addTime}),
     * since it is charged twice per system call and must cost no lock.
     */
    public final Usage events = new Usage();
    private final java.util.concurrent.atomic.AtomicLong userNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong systemNanos = new java.util.concurrent.atomic.AtomicLong();
    /** Kernel time when the thread was created. */
    public long startTime;

    public Task(int tid, Process process) {
        this.tid = tid;
        this.process = process;
    }

    /** Charges CPU time to this thread (by {@code sched.CpuAccounting}). */
    public void addTime(long user, long system) {
        if (user != 0) userNanos.getAndAdd(user);
        if (system != 0) systemNanos.getAndAdd(system);
    }

    /** What this thread used so far: its CPU time, faults and switches. */
    public Usage usage() {
        Usage u = events.copy();
        u.userNanos = userNanos.get();
        u.systemNanos = systemNanos.get();
        return u;
    }

    /** The name a thread of a program at {@code exePath} starts with: its file name, cut to 15 bytes. */
    public static String nameOf(String exePath) {
        String n = exePath == null ? "" : exePath.substring(exePath.lastIndexOf('/') + 1);
        byte[] b = n.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return b.length <= 15 ? n : new String(b, 0, 15, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() { return "task " + tid + " of pid " + process.pid; }
}
