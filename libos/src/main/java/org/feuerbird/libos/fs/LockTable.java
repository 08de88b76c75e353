package org.feuerbird.libos.fs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.feuerbird.libos.sched.WaitQueue;

/**
 * POSIX record locks (fcntl F_SETLK/F_SETLKW/F_GETLK) of one file system, kept in the LibOS:
 * per file (a key naming the inode) a list of byte ranges, each held by an owner (the
 * process's descriptor table, shared by its threads and not by fork's child, as POSIX
 * wants). A lock is read (shared) or write (exclusive); an owner's new lock replaces its own
 * overlapping ranges. Threads waiting in F_SETLKW sleep on {@link #waiters}.
 */
public final class LockTable {
    public static final int F_RDLCK = 0, F_WRLCK = 1, F_UNLCK = 2;

    /** A held range [start, end) (end Long.MAX_VALUE: to end of file). */
    public record Lock(Object owner, int type, long start, long end, int pid) {}

    private final Map<Object, List<Lock>> locks = new HashMap<>();
    public final WaitQueue waiters = new WaitQueue();

    /** A lock held by another owner that conflicts with the wanted one, or null. */
    public synchronized Lock conflict(Object file, Object owner, int type, long start, long end) {
        for (Lock l : locks.getOrDefault(file, List.of())) {
            if (l.owner == owner || l.start >= end || start >= l.end) continue;
            if (type == F_WRLCK || l.type == F_WRLCK) return l;
        }
        return null;
    }

    /** Sets or clears (F_UNLCK) the owner's lock on [start, end); the caller checked conflicts. */
    public void set(Object file, Object owner, int type, long start, long end, int pid) {
        synchronized (this) {
            List<Lock> old = locks.getOrDefault(file, List.of());
            List<Lock> now = new ArrayList<>();
            for (Lock l : old) {
                if (l.owner != owner || l.start >= end || start >= l.end) {
                    now.add(l);
                    continue;
                }
                // Keep the parts of the owner's old lock outside the new range.
                if (l.start < start) now.add(new Lock(owner, l.type, l.start, start, l.pid));
                if (l.end > end) now.add(new Lock(owner, l.type, end, l.end, l.pid));
            }
            if (type != F_UNLCK) now.add(new Lock(owner, type, start, end, pid));
            if (now.isEmpty()) locks.remove(file);
            else locks.put(file, now);
        }
        waiters.wakeAll();
    }

    /** Everything the owner holds on the file goes (any close of it by that process). */
    public void releaseAll(Object file, Object owner) {
        boolean changed;
        synchronized (this) {
            List<Lock> old = locks.get(file);
            if (old == null) return;
            changed = old.removeIf(l -> l.owner == owner);
            if (old.isEmpty()) locks.remove(file);
        }
        if (changed) waiters.wakeAll();
    }
}
