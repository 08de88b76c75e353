package org.feuerbird.libos.proc;

/**
 * What threads used, as getrusage(2) and /proc report it: CPU time in user and system mode
 * (nanoseconds), minor page faults, voluntary and involuntary context switches, and the
 * largest resident set seen (pages). A thread keeps its own; a process adds up its live
 * threads, the ones that ended ({@link Process#ended}) and, apart, its waited-for children.
 */
public final class Usage {
    public long userNanos, systemNanos, minorFaults, voluntarySwitches, involuntarySwitches, maxRssPages;

    public synchronized void add(Usage u) {
        Usage o = u.copy();
        userNanos += o.userNanos;
        systemNanos += o.systemNanos;
        minorFaults += o.minorFaults;
        voluntarySwitches += o.voluntarySwitches;
        involuntarySwitches += o.involuntarySwitches;
        maxRssPages = Math.max(maxRssPages, o.maxRssPages);
    }

    public synchronized void addTime(long user, long system) {
        userNanos += user;
        systemNanos += system;
    }

    public synchronized Usage copy() {
        Usage c = new Usage();
        c.userNanos = userNanos;
        c.systemNanos = systemNanos;
        c.minorFaults = minorFaults;
        c.voluntarySwitches = voluntarySwitches;
        c.involuntarySwitches = involuntarySwitches;
        c.maxRssPages = maxRssPages;
        return c;
    }

    public long cpuNanos() { return userNanos + systemNanos; }
}
