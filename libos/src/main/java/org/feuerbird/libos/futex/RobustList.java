package org.feuerbird.libos.futex;

import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.vm.UserMemory;

/**
 * A dying thread's robust futexes (set_robust_list), released as Linux does: every lock word
 * on its list that still holds its tid gets FUTEX_OWNER_DIED (keeping FUTEX_WAITERS), and
 * one waiter is woken, so the next locker learns of the death (EOWNERDEAD) instead of
 * waiting forever. The list is guest memory: a bad pointer or a loop just ends the walk.
 */
public final class RobustList {
    /** struct robust_list_head: list.next, futex_offset, list_op_pending. */
    public static final int HEAD_SIZE = 24;
    static final int FUTEX_WAITERS = 0x80000000, FUTEX_OWNER_DIED = 0x40000000, FUTEX_TID_MASK = 0x3fffffff;
    /** Linux's ROBUST_LIST_LIMIT: a longer (or circular) list is not followed further. */
    static final int LIMIT = 2048;

    private RobustList() {}

    public static void release(Task t, UserMemory u, FutexTable table) {
        long head = t.robustList;
        t.robustList = 0;
        if (head == 0 || u == null) return;
        try {
            long entry = u.readLong(head) & ~1L;   // bit 0 marks a PI futex; the word is handled alike
            long offset = u.readLong(head + 8);
            long pending = u.readLong(head + 16) & ~1L;
            for (int n = 0; entry != head && entry != 0 && n < LIMIT; n++) {
                long next = u.readLong(entry) & ~1L;   // read before the word changes hands
                if (entry != pending) ownerDied(t, u, table, entry + offset);
                entry = next;
            }
            if (pending != 0) ownerDied(t, u, table, pending + offset);
        } catch (SyscallException e) {
            // A list that leads into unmapped memory ends here, as on Linux.
        }
    }

    private static void ownerDied(Task t, UserMemory u, FutexTable table, long word) throws SyscallException {
        if ((word & 3) != 0) return;
        int v = u.readInt(word);
        if ((v & FUTEX_TID_MASK) != t.tid) return;
        u.writeInt(word, (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED);
        if ((v & FUTEX_WAITERS) != 0) table.wake(word, 1, -1);
    }
}
