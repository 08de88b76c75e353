package org.feuerbird.hardware.device;

import java.util.ArrayList;
import java.util.List;
import org.feuerbird.hardware.cpu.Clock;
import org.feuerbird.hardware.cpu.HartInterrupts;

/**
 * A stand-in hart for device tests: records every call the interrupt controllers make and keeps
 * the resulting mip bits and timer compare, so tests can check both "what was called" and
 * "what the hart now sees". {@link #mtip()} compares like a real hart would (unsigned).
 */
final class FakeHart implements HartInterrupts {
    private final int id;
    private final Clock clock;
    private final List<String> calls = new ArrayList<>();
    private final boolean[] bits = new boolean[64];
    private long compare;

    FakeHart(int id, Clock clock) {
        this.id = id;
        this.clock = clock;
    }

    FakeHart(int id) {
        this(id, () -> 0);
    }

    @Override
    public int hartId() {
        return id;
    }

    @Override
    public synchronized void setInterruptLevel(int bit, boolean level) {
        bits[bit] = level;
        calls.add("bit " + bit + " " + level);
        notifyAll();
    }

    @Override
    public synchronized void setTimerCompare(long value) {
        compare = value;
        calls.add("cmp " + Long.toUnsignedString(value));
    }

    synchronized boolean level(int bit) {
        return bits[bit];
    }

    /** Waits until {@code bit} is set or {@code millis} pass; returns its level. */
    synchronized boolean awaitLevel(int bit, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        for (long left = millis; !bits[bit] && left > 0; left = deadline - System.currentTimeMillis()) {
            wait(left);
        }
        return bits[bit];
    }

    synchronized long compare() {
        return compare;
    }

    /** MTIP as a hart derives it: time &gt;= mtimecmp, unsigned. */
    synchronized boolean mtip() {
        return Long.compareUnsigned(clock.now(), compare) >= 0;
    }

    /** The calls made so far, oldest first, and forgets them. */
    synchronized List<String> takeCalls() {
        List<String> out = List.copyOf(calls);
        calls.clear();
        return out;
    }
}
