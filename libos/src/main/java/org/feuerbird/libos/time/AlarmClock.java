package org.feuerbird.libos.time;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;

/**
 * The LibOS's timers on top of the kernel's alarms: each scheduled action is one one-shot
 * kernel alarm on the LibOS's TIMER capability; the kernel's alarm upcall runs it on a hart.
 * Actions must not block (they wake threads or post signals).
 */
public final class AlarmClock {
    private final Supplier<Kernel> kernel;
    private final Map<Long, Runnable> armed = new HashMap<>();

    public AlarmClock(Supplier<Kernel> kernel) { this.kernel = kernel; }

    /** Runs {@code action} after {@code delayNanos}; returns the alarm's number (for cancel), 0 if none could be set. */
    public synchronized long schedule(long delayNanos, Runnable action) {
        Kernel k = kernel.get();
        try {
            long id = k.setAlarm(k.timer(), Math.max(delayNanos, 1), 0);
            armed.put(id, action);
            return id;
        } catch (KernelException e) {
            // Out of alarms: the caller's wait then ends only by other wake-ups; better than failing the call.
            return 0;
        }
    }

    public synchronized void cancel(long id) {
        if (id == 0 || armed.remove(id) == null) return;
        Kernel k = kernel.get();
        try {
            k.cancelAlarm(k.timer(), id);
        } catch (KernelException ignored) {
            // It fired meanwhile: its action is gone from the table, so it does nothing.
        }
    }

    /** The kernel's alarm upcall: runs the action if it is still wanted. */
    public void fire(long id) {
        Runnable r;
        synchronized (this) {
            r = armed.remove(id);
        }
        if (r != null) r.run();
    }
}
