package org.feuerbird.libos.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.futex.FutexTable;
import org.feuerbird.libos.futex.RobustList;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.sched.Blocked;

/** Threads: creation (clone with CLONE_THREAD), futexes, yielding the hart. */
public final class ThreadCalls {
    static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5;
    static final int FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10;
    static final int FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;

    private final PosixLibOS os;

    ThreadCalls(PosixLibOS os) { this.os = os; }

    /**
     * A new thread of the caller's process: a domain sharing its address space, with the
     * caller's registers except a0 = 0, the new stack and (CLONE_SETTLS) thread pointer.
     */
    long spawn(Args a, CloneArgs c) throws SyscallException {
        Kernel k = os.kernel();
        Task self = a.task();
        Process p = self.process;
        if (p.isZombie()) throw new SyscallException(Errno.EAGAIN);
        Task t = new Task(os.newPid(), p);
        t.name = self.name;   // a new thread has its creator's name, as on Linux
        t.startTime = k.now();
        t.signals.inheritFrom(self.signals);   // [signals] a new thread starts with its creator's mask
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        try {
            k.getContext(self.domain, ctx);
            t.domain = k.createDomain(k.self(), t, self.domain);
        } catch (KernelException e) {
            throw new SyscallException(Errno.EAGAIN, e.getMessage());
        }
        ctx[10] = 0;
        ctx[Kernel.CONTEXT_PC] = a.cpu().pc() + 4;
        if (c.stack() != 0) ctx[2] = c.stack();
        if (c.has(CloneArgs.CLONE_SETTLS)) ctx[4] = c.tls();
        try {
            k.setContext(t.domain, ctx);
        } catch (KernelException e) {
            try {
                k.destroyDomain(t.domain);
            } catch (KernelException ignored) {
                // Nothing more to undo.
            }
            throw new SyscallException(Errno.EAGAIN, e.getMessage());
        }
        p.tasks.add(t);
        if (c.has(CloneArgs.CLONE_PARENT_SETTID)) ProcessCalls.tryWriteInt(p.user, c.parentTid(), t.tid);
        if (c.has(CloneArgs.CLONE_CHILD_SETTID)) ProcessCalls.tryWriteInt(p.user, c.childTid(), t.tid);
        if (c.has(CloneArgs.CLONE_CHILD_CLEARTID)) t.clearChildTid = c.childTid();
        os.scheduler().makeRunnable(t);
        return t.tid;
    }

    /** sched_yield: the caller goes to the back of the run queue and another thread runs now. */
    long futex(Args a) throws SyscallException, Blocked {
        int op = a.i(1);
        int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
        boolean realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
        if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT) throw new SyscallException(Errno.ENOSYS);
        long uaddr = a.a0();
        if ((uaddr & 3) != 0) throw new SyscallException(Errno.EINVAL);
        // Every futex is keyed by address in the caller's address space: threads share it, and
        // shared memory between processes is not a futex medium here (a limitation).
        FutexTable table = a.task().process.futexes;
        return switch (cmd) {
            case FUTEX_WAIT -> wait(a, table, uaddr, -1, false, realtime);
            case FUTEX_WAIT_BITSET -> {
                if (a.i(5) == 0) throw new SyscallException(Errno.EINVAL);
                yield wait(a, table, uaddr, a.i(5), true, realtime);
            }
            case FUTEX_WAKE -> table.wake(uaddr, count(a.i(2)), -1);
            case FUTEX_WAKE_BITSET -> {
                if (a.i(5) == 0) throw new SyscallException(Errno.EINVAL);
                yield table.wake(uaddr, count(a.i(2)), a.i(5));
            }
            case FUTEX_REQUEUE, FUTEX_CMP_REQUEUE -> {
                if ((a.a4() & 3) != 0 || a.i(2) < 0 || a.i(3) < 0) throw new SyscallException(Errno.EINVAL);
                if (cmd == FUTEX_CMP_REQUEUE && a.task().process.user.readInt(uaddr) != a.i(5)) throw new SyscallException(Errno.EAGAIN);
                // val2 (the requeue count) travels in the timeout argument's register.
                yield table.requeue(uaddr, a.a4(), a.i(2), a.i(3));
            }
            case FUTEX_WAKE_OP -> wakeOp(a, table, uaddr);
            default -> throw new SyscallException(Errno.ENOSYS);
        };
    }

    private static int count(int n) { return n <= 0 ? 0 : n; }

    /**
     * FUTEX_WAIT: sleeps while the word holds {@code val}. The call restarts when the thread
     * is woken, so the thread's waiter record carries the answer across: woken means 0 even
     * if the word still holds the value. A timed wait arms a kernel alarm that wakes the
     * thread at its deadline; the run that finds the deadline passed fails with ETIMEDOUT.
     * A signal that acts ends the wait (EINTR, or the call again with the time left).
     */
    private long wait(Args a, FutexTable table, long uaddr, int bitset, boolean absolute, boolean realtime)
            throws SyscallException, Blocked {
        Task t = a.task();
        FutexTable.Waiter w = t.futexWait;
        long now = os.kernel().now();
        if (w != null) {
            if (w.woken) {
                finish(t, w);
                return 0;
            }
            if (now >= w.deadline) {
                finish(t, w);
                throw new SyscallException(Errno.ETIMEDOUT);
            }
            if (w.alarmFired) arm(w, now);   // the alarm came a little early: set it again
            throw blocked(t, w);
        }
        long deadline = Long.MAX_VALUE;
        long resume = t.futexResumeDeadline;
        t.futexResumeDeadline = 0;
        if (resume != 0) {
            deadline = resume;   // a restarted timed wait goes on to its first deadline
        } else if (a.a3() != 0) {
            ByteBuffer ts = ByteBuffer.wrap(t.process.user.read(a.a3(), 16)).order(ByteOrder.LITTLE_ENDIAN);
            long sec = ts.getLong(0), nsec = ts.getLong(8);
            if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) throw new SyscallException(Errno.EINVAL);
            long nanos = sec > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec;
            if (!absolute) deadline = now + nanos;
            else if (realtime) deadline = nanos - (os.realtime(now) - now);   // CLOCK_REALTIME → kernel time
            else deadline = nanos;
        }
        if (t.process.user.readInt(uaddr) != a.i(2)) throw new SyscallException(Errno.EAGAIN);
        if (now >= deadline) throw new SyscallException(Errno.ETIMEDOUT);
        FutexTable.Waiter nw = table.enqueue(t, uaddr, bitset, deadline);
        t.futexWait = nw;
        if (deadline != Long.MAX_VALUE) arm(nw, now);
        throw blocked(t, nw);
    }

    /** The wait of {@code w}: over when woken or at the deadline; a signal gives it up. */
    private Blocked blocked(Task t, FutexTable.Waiter w) {
        boolean timed = w.deadline != Long.MAX_VALUE;
        // Linux: an untimed wait restarts after an SA_RESTART handler, a timed one fails with EINTR.
        return new Blocked(w.queue, () -> !w.woken && os.kernel().now() < w.deadline, restarting -> {
            finish(t, w);
            if (restarting && timed) t.futexResumeDeadline = w.deadline;
        }, !timed);
    }

    private void arm(FutexTable.Waiter w, long now) {
        w.alarmFired = false;
        w.alarm = os.clock().schedule(w.deadline - now, () -> {
            w.alarmFired = true;
            w.queue.wakeAll();
        });
    }

    /** The wait is over (woken, timed out or interrupted): out of the table, no alarm, no record. */
    private void finish(Task t, FutexTable.Waiter w) {
        t.process.futexes.cancel(w);
        os.clock().cancel(w.alarm);
        w.alarm = 0;
        if (t.futexWait == w) t.futexWait = null;
    }

    /** set_robust_list: remembers the thread's list head; Linux accepts only its own struct size. */
    long setRobustList(Args a) throws SyscallException {
        if (a.a1() != RobustList.HEAD_SIZE) throw new SyscallException(Errno.EINVAL);
        a.task().robustList = a.a0();
        return 0;
    }

    /** get_robust_list: the head and size of thread {@code pid} (0: the caller). */
    long getRobustList(Args a) throws SyscallException {
        Task t = a.i(0) == 0 ? a.task() : os.task(a.i(0));
        if (t == null) throw new SyscallException(Errno.ESRCH);
        var u = a.task().process.user;
        u.writeLong(a.a1(), t.robustList);
        u.writeLong(a.a2(), RobustList.HEAD_SIZE);
        return 0;
    }

    static final int MEMBARRIER_CMD_QUERY = 0, MEMBARRIER_CMD_GLOBAL = 1, MEMBARRIER_CMD_GLOBAL_EXPEDITED = 2;
    static final int MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED = 4, MEMBARRIER_CMD_PRIVATE_EXPEDITED = 8;
    static final int MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED = 16;

    /**
     * membarrier: every barrier holds already, since the threads of a process take turns on
     * one hart and each switch is a full fence; only Linux's rules (flags, registration before
     * a private expedited barrier) are kept.
     */
    long membarrier(Args a) throws SyscallException {
        if (a.i(1) != 0) throw new SyscallException(Errno.EINVAL);
        Process p = a.task().process;
        return switch (a.i(0)) {
            case MEMBARRIER_CMD_QUERY -> MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED | MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED
                | MEMBARRIER_CMD_PRIVATE_EXPEDITED | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED;
            case MEMBARRIER_CMD_GLOBAL, MEMBARRIER_CMD_GLOBAL_EXPEDITED, MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED -> 0;
            case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED -> {
                p.membarrierPrivate = true;
                yield 0;
            }
            case MEMBARRIER_CMD_PRIVATE_EXPEDITED -> {
                if (!p.membarrierPrivate) throw new SyscallException(Errno.EPERM);
                yield 0;
            }
            default -> throw new SyscallException(Errno.EINVAL);
        };
    }

    /** FUTEX_WAKE_OP: changes the second word by an operation, wakes on the first, and on the second if a comparison holds. */
    private long wakeOp(Args a, FutexTable table, long uaddr) throws SyscallException {
        long uaddr2 = a.a4();
        if ((uaddr2 & 3) != 0) throw new SyscallException(Errno.EINVAL);
        int enc = a.i(5);
        int opType = (enc >>> 28) & 7, cmp = (enc >>> 24) & 15;
        int oparg = (enc << 8) >> 20, cmparg = (enc << 20) >> 20;
        if (((enc >>> 28) & 8) != 0) oparg = 1 << (oparg & 31);
        var u = a.task().process.user;
        int old = u.readInt(uaddr2);
        int nv = switch (opType) {
            case 0 -> oparg;
            case 1 -> old + oparg;
            case 2 -> old | oparg;
            case 3 -> old & ~oparg;
            case 4 -> old ^ oparg;
            default -> throw new SyscallException(Errno.ENOSYS);
        };
        u.writeInt(uaddr2, nv);
        int n = table.wake(uaddr, count(a.i(2)), -1);
        boolean hit = switch (cmp) {
            case 0 -> old == cmparg;
            case 1 -> old != cmparg;
            case 2 -> old < cmparg;
            case 3 -> old <= cmparg;
            case 4 -> old > cmparg;
            case 5 -> old >= cmparg;
            default -> throw new SyscallException(Errno.ENOSYS);
        };
        if (hit) n += table.wake(uaddr2, count(a.i(3)), -1);
        return n;
    }
}
