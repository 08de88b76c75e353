package org.feuerbird.hardware.device;

import java.util.Objects;
import org.feuerbird.hardware.cpu.Clock;

/**
 * The board's {@code mtime} counter: a time base (normally {@link Clock#host()}) plus an offset
 * that moves when the guest writes {@code mtime} through the {@link Clint}.
 *
 * <p>It is a {@link Clock} so that the board can hand this same object to every hart: the
 * harts' {@code time} CSR and their "time &gt;= mtimecmp" test then read exactly the value the
 * CLINT shows, including after a guest wrote {@code mtime}. After {@code set(v)} the counter
 * continues to tick from {@code v}; it only goes backwards when the guest writes a smaller value.
 * Reads are lock-free (a volatile offset); writes are made by the CLINT under its own lock.
 */
public final class Mtime implements Clock {
    private final Clock base;
    private volatile long offset;

    /** An mtime that starts at {@code base.now()} and follows {@code base}. */
    public Mtime(Clock base) {
        this.base = Objects.requireNonNull(base);
    }

    /** The current value of {@code mtime}, in ticks of {@link Clock#FREQUENCY_HZ}. */
    @Override
    public long now() {
        return base.now() + offset;
    }

    /** Makes {@code now()} return {@code value} at this instant and keep counting from there. */
    public void set(long value) {
        offset = value - base.now();
    }
}
