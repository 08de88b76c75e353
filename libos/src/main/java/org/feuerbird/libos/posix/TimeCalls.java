package org.feuerbird.libos.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.sched.Blocked;
import org.feuerbird.libos.signal.Signals;
import org.feuerbird.libos.time.TimedWait;

/**
 * Sleeping and timers: nanosleep, clock_nanosleep, setitimer/getitimer (alarm is setitimer
 * in glibc), sched_yield. A sleeping thread is parked with a kernel alarm to wake it; the
 * hart runs other threads or idles meanwhile.
 */
public final class TimeCalls {
    static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_BOOTTIME = 7;
    static final int TIMER_ABSTIME = 1, ITIMER_REAL = 0, ITIMER_PROF = 2;
    static final long NANOS = 1_000_000_000L;
    private final PosixLibOS os;

    TimeCalls(PosixLibOS os) { this.os = os; }

    private TimedWait waits() { return os.timedWait(); }

    private Signals signals() { return os.signals(); }

    /** A struct timespec from the guest, in nanoseconds; EINVAL if it is not a valid duration or time. */
    static long readTimespec(Task t, long at) throws SyscallException {
        ByteBuffer b = ByteBuffer.wrap(t.process.user.read(at, 16)).order(ByteOrder.LITTLE_ENDIAN);
        long sec = b.getLong(0), nsec = b.getLong(8);
        if (sec < 0 || nsec < 0 || nsec >= NANOS) throw new SyscallException(Errno.EINVAL);
        return sec > Long.MAX_VALUE / NANOS - 1 ? Long.MAX_VALUE / 2 : sec * NANOS + nsec;
    }

    static void writeTimespec(Task t, long at, long nanos) throws SyscallException {
        nanos = Math.max(nanos, 0);
        t.process.user.write(at, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(nanos / NANOS).putLong(nanos % NANOS).array());
    }

    long nanosleep(Args a) throws SyscallException, Blocked {
        long d = readTimespec(a.task(), a.a0());
        return sleep(a, Sys.NANOSLEEP, d, a.a1());
    }

    long clockNanosleep(Args a) throws SyscallException, Blocked {
        int clock = a.i(0);
        if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME && clock != CLOCK_PROCESS_CPUTIME_ID) {
            throw new SyscallException(Errno.EINVAL);
        }
        if ((a.i(1) & ~TIMER_ABSTIME) != 0) throw new SyscallException(Errno.EINVAL);
        long v = readTimespec(a.task(), a.a2());
        if ((a.i(1) & TIMER_ABSTIME) == 0) return sleep(a, Sys.CLOCK_NANOSLEEP, v, a.a3());
        long now = os.kernel().now();
        long clockNow = clock == CLOCK_REALTIME ? os.realtime(now) : now;
        return sleep(a, Sys.CLOCK_NANOSLEEP, v - clockNow, 0);
    }

    /** Sleeps {@code nanos} (from the call's first run); a signal that acts ends it with EINTR and the time left in {@code rem}. */
    private long sleep(Args a, int nr, long nanos, long rem) throws SyscallException, Blocked {
        Task t = a.task();
        long now = os.kernel().now();
        long deadline = waits().deadline(t, nr, Math.max(now + Math.max(nanos, 0), 1));
        if (now >= deadline) {
            waits().end(t);
            return 0;
        }
        if (signals().wouldInterrupt(t)) {
            waits().end(t);
            if (rem != 0) writeTimespec(t, rem, deadline - now);
            throw new SyscallException(Errno.EINTR);   // nanosleep is never restarted after a handler
        }
        waits().arm(t, now);
        throw new Blocked(t.signals.wakeups, () -> os.kernel().now() < deadline && !signals().wouldInterrupt(t));
    }

    /** struct itimerval: {it_interval, it_value}, each a timeval {sec, usec}. */
    private static long[] readItimerval(Task t, long at) throws SyscallException {
        ByteBuffer b = ByteBuffer.wrap(t.process.user.read(at, 32)).order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[2];
        for (int i = 0; i < 2; i++) {
            long sec = b.getLong(16 * i), usec = b.getLong(16 * i + 8);
            if (sec < 0 || usec < 0 || usec >= 1_000_000) throw new SyscallException(Errno.EINVAL);
            v[i] = sec > Long.MAX_VALUE / NANOS - 1 ? Long.MAX_VALUE / 4 : sec * NANOS + usec * 1000;
        }
        return v;   // {interval, value}
    }

    private static void writeItimerval(Task t, long at, long interval, long value) throws SyscallException {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        long vu = (value + 999) / 1000;   // the time left, rounded up to whole microseconds
        b.putLong(interval / NANOS).putLong(interval % NANOS / 1000).putLong(vu / 1_000_000).putLong(vu % 1_000_000);
        t.process.user.write(at, b.array());
    }

    /**
     * setitimer: ITIMER_REAL is a kernel alarm that sends SIGALRM. ITIMER_VIRTUAL and
     * ITIMER_PROF (CPU time) are accepted but do not run: they read back as disarmed.
     */
    long setitimer(Args a) throws SyscallException {
        Task t = a.task();
        int which = a.i(0);
        if (which < ITIMER_REAL || which > ITIMER_PROF) throw new SyscallException(Errno.EINVAL);
        long[] nv = a.a1() == 0 ? new long[2] : readItimerval(t, a.a1());
        long[] old = which == ITIMER_REAL ? signals().setRealTimer(t.process, nv[1], nv[0]) : new long[2];
        if (a.a2() != 0) writeItimerval(t, a.a2(), old[1], old[0]);
        return 0;
    }

    long getitimer(Args a) throws SyscallException {
        Task t = a.task();
        int which = a.i(0);
        if (which < ITIMER_REAL || which > ITIMER_PROF) throw new SyscallException(Errno.EINVAL);
        long[] cur = which == ITIMER_REAL ? signals().realTimer(t.process) : new long[2];
        writeItimerval(t, a.a1(), cur[1], cur[0]);
        return 0;
    }

    /** sched_yield: the next runnable thread gets the hart; this one goes to the back of the queue. */
    long schedYield(Args a) {
        os.switchAway(a.cpu());
        return 0;
    }
}
