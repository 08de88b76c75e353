package org.feuerbird.libos.signal;

import org.feuerbird.libos.sched.WaitQueue;

/**
 * A thread's signal state: its mask, the signals sent to it alone, its alternate stack, and
 * the bookkeeping of a blocking call that runs again each time the thread wakes (its
 * deadline, its timer, the mask it replaced). Guarded by its process's {@link ProcessSignals}.
 */
public final class ThreadSignals {
    /** Blocked signals (never SIGKILL or SIGSTOP). */
    public long blocked;
    final PendingSignals pending = new PendingSignals();
    /** A fault to deliver before anything else (synchronous signals come first, as on Linux). */
    SigInfo forced;
    /** sigaltstack. */
    long altSp, altSize;
    int altFlags = Sig.SS_DISABLE;
    /** The mask rt_sigsuspend/ppoll/pselect6 replaced: restored after the handler (or at once if none runs). */
    Long savedMask;
    /** Woken when a signal arrives for this thread or its call's timer expires. */
    public final WaitQueue wakeups = new WaitQueue();
    /** The thread sleeps in a system call that runs again on waking (no signal may be delivered before it does). */
    volatile boolean inCall;
    /** The waiting call's number, deadline (kernel time) and kernel alarm; 0 when none. */
    public int waitNr;
    public long waitDeadline, waitAlarm;

    /** Signals pending for this thread alone (/proc's SigPnd); {@code guard} is its process's monitor. */
    public long pendingMask(ProcessSignals guard) {
        synchronized (guard) {
            return pending.mask();
        }
    }

    /** A new thread (clone) starts with its creator's mask and no alternate stack. */
    public void inheritFrom(ThreadSignals creator) { blocked = creator.blocked; }
}
