package org.feuerbird.kernel.time;

/** One LibOS alarm: due at {@code when} (kernel nanoseconds), again every {@code period} if non-zero. */
public final class Alarm {
    public final long id;
    public final Object owner;
    public final long period;
    long when;
    boolean cancelled;

    Alarm(long id, Object owner, long when, long period) {
        this.id = id;
        this.owner = owner;
        this.when = when;
        this.period = period;
    }

    public long when() { return when; }
}
