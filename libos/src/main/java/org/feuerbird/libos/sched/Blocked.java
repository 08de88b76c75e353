package org.feuerbird.libos.sched;

import java.util.function.BooleanSupplier;

/**
 * Thrown by a system call that must wait: the calling thread sleeps on {@code queue} and its
 * system call runs again from the start when woken (so a handler throws it before changing
 * anything). {@code stillWaiting} is asked once more after the thread is queued, so an event
 * that came between the handler's check and the queueing is not lost.
 * <p>
 * A call that keeps state across its runs (a futex wait's record) says how to drop it in
 * {@code giveUp}, run when a signal ends or restarts the wait. {@code restartsAfterHandler}
 * false is Linux's ERESTART_RESTARTBLOCK: after a handler the call fails with EINTR even
 * under SA_RESTART (it still restarts after a stop).
 */
public final class Blocked extends Exception {
    public final WaitQueue queue;
    public final BooleanSupplier stillWaiting;
    public final GiveUp giveUp;

    /** Drops a waiting call's kept state; {@code restarting}: the same call runs again (after a stop, or SA_RESTART). */
    @FunctionalInterface
    public interface GiveUp {
        void giveUp(boolean restarting);
    }

    public final boolean restartsAfterHandler;

    public Blocked(WaitQueue queue, BooleanSupplier stillWaiting) {
        this(queue, stillWaiting, null, true);
    }

    public Blocked(WaitQueue queue, BooleanSupplier stillWaiting, GiveUp giveUp, boolean restartsAfterHandler) {
        super(null, null, false, false);
        this.queue = queue;
        this.stillWaiting = stillWaiting;
        this.giveUp = giveUp;
        this.restartsAfterHandler = restartsAfterHandler;
    }
}
