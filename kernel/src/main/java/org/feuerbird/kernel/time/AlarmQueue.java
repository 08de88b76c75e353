package org.feuerbird.kernel.time;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Every LibOS's alarms multiplexed onto the one hardware timer per hart: the timer is armed
 * for the earliest of them (or the end of the slice, whichever comes first).
 */
public final class AlarmQueue {
    /** Most alarms one LibOS may have set at once. */
    public static final int MAX_PER_OWNER = 4096;

    private final PriorityQueue<Alarm> queue = new PriorityQueue<>((a, b) -> Long.compare(a.when, b.when));
    private final Map<Long, Alarm> byId = new HashMap<>();
    private final Map<Object, Integer> perOwner = new HashMap<>();
    private long nextId = 1;

    /** Adds an alarm; returns its id, or -1 if the owner has too many. */
    public long add(Object owner, long when, long period) {
        int n = perOwner.getOrDefault(owner, 0);
        if (n >= MAX_PER_OWNER) return -1;
        Alarm a = new Alarm(nextId++, owner, when, period);
        queue.add(a);
        byId.put(a.id, a);
        perOwner.put(owner, n + 1);
        return a.id;
    }

    /** Cancels an alarm of {@code owner}; false if it has no such alarm. */
    public boolean cancel(Object owner, long id) {
        Alarm a = byId.get(id);
        if (a == null || a.owner != owner) return false;
        a.cancelled = true;
        forget(a);
        return true;
    }

    /** Cancels every alarm of an owner that is going away. */
    public void cancelAll(Object owner) {
        for (Alarm a : new ArrayList<>(byId.values())) if (a.owner == owner) cancel(owner, a.id);
    }

    /** The earliest time an alarm is due, or Long.MAX_VALUE. */
    public long next() {
        while (!queue.isEmpty() && queue.peek().cancelled) queue.poll();
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().when;
    }

    /** Takes the alarms due at {@code now}; periodic ones are set again one period on. */
    public List<Alarm> due(long now) {
        List<Alarm> out = null;
        while (!queue.isEmpty() && queue.peek().when <= now) {
            Alarm a = queue.poll();
            if (a.cancelled) continue;
            if (out == null) out = new ArrayList<>(2);
            out.add(a);
            if (a.period > 0) {
                // A late hart fires a periodic alarm once, not once per missed period.
                long next = a.period > Long.MAX_VALUE - a.when ? Long.MAX_VALUE : a.when + a.period;   // saturate
                a.when = Math.max(next, now + 1);
                queue.add(a);
            } else {
                forget(a);
            }
        }
        return out == null ? List.of() : out;
    }

    private void forget(Alarm a) {
        byId.remove(a.id);
        perOwner.merge(a.owner, -1, Integer::sum);
    }
}
