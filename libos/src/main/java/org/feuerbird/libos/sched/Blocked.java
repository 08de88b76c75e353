package org.feuerbird.libos.sched;

import java.util.function.BooleanSupplier;

/**
 * Thrown by a system call that must wait: the calling thread sleeps on {@code queue} and its
 * system call runs again from the start when woken (so a handler throws it before changing
 * anything). {@code stillWaiting} is asked once more after the thread is queued, so an event
 * that came between the handler's check and the queueing is not lost.
 */
public final class Blocked extends Exception {
    public final WaitQueue queue;
    public final BooleanSupplier stillWaiting;

    public Blocked(WaitQueue queue, BooleanSupplier stillWaiting) {
        super(null, null, false, false);
        this.queue = queue;
        this.stillWaiting = stillWaiting;
    }
}
