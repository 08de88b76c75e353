package org.feuerbird.libos.time;

import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.signal.ThreadSignals;

/**
 * Deadlines of blocking calls that run again from the start each time their thread wakes
 * (nanosleep, poll, …): the first run fixes the deadline and arms one alarm that wakes the
 * thread; later runs of the same call find them; the call's end clears them.
 */
public final class TimedWait {
    private final AlarmClock clock;

    public TimedWait(AlarmClock clock) { this.clock = clock; }

    /** The deadline of call {@code nr} in progress on {@code t}, or {@code fresh} for a new one. */
    public long deadline(Task t, int nr, long fresh) {
        ThreadSignals s = t.signals;
        synchronized (s) {
            if (s.waitNr == nr && s.waitDeadline != 0) return s.waitDeadline;
            end(t);
            s.waitNr = nr;
            s.waitDeadline = fresh;
            return fresh;
        }
    }

    /** Makes sure the thread's wake-up queue is woken at its deadline. */
    public void arm(Task t, long now) {
        ThreadSignals s = t.signals;
        synchronized (s) {
            if (s.waitAlarm != 0 || s.waitDeadline == 0) return;
            s.waitAlarm = clock.schedule(s.waitDeadline - now, s.wakeups::wakeAll);
        }
    }

    /** The call is over (done, failed or interrupted): forget its deadline and timer. */
    public void end(Task t) {
        ThreadSignals s = t.signals;
        synchronized (s) {
            if (s.waitAlarm != 0) clock.cancel(s.waitAlarm);
            s.waitNr = 0;
            s.waitDeadline = 0;
            s.waitAlarm = 0;
        }
    }
}
