package org.feuerbird.libos.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.proc.Usage;

/**
 * Where threads run and what they used: CPU affinity and getcpu (a LibOS run has one CPU,
 * number 0: exec runs on one hart), getrusage and times from the CPU accounting
 * ({@code sched.CpuAccounting}): a process's own threads, and its waited-for children.
 */
public final class ResourceCalls {
    /** The affinity mask's size in bytes: one unsigned long covers the one CPU. */
    static final int MASK_BYTES = 8;
    static final int RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1, RUSAGE_SIZE = 144;
    /** USER_HZ: the unit of times() and struct tms. */
    static final long TICK_NANOS = 10_000_000L;

    private final PosixLibOS os;

    ResourceCalls(PosixLibOS os) { this.os = os; }

    private Task thread(Args a, int tid) throws SyscallException {
        Task t = tid == 0 ? a.task() : os.task(tid);
        if (t == null || tid < 0) throw new SyscallException(Errno.ESRCH);
        return t;
    }

    /** sched_getaffinity: CPU 0 only; the size must be whole unsigned longs (Linux); returns the bytes written. */
    long schedGetaffinity(Args a) throws SyscallException {
        long len = a.a1();
        if (len < MASK_BYTES || (len & (MASK_BYTES - 1)) != 0) throw new SyscallException(Errno.EINVAL);
        thread(a, a.i(0));
        a.task().process.user.write(a.a2(), ByteBuffer.allocate(MASK_BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(1).array());
        return MASK_BYTES;
    }

    /** sched_setaffinity: accepted when the mask holds CPU 0 (the others do not exist: EINVAL without it). */
    long schedSetaffinity(Args a) throws SyscallException {
        thread(a, a.i(0));
        long len = a.a1();
        if (len <= 0) throw new SyscallException(Errno.EINVAL);
        byte[] first = a.task().process.user.read(a.a2(), 1);
        if ((first[0] & 1) == 0) throw new SyscallException(Errno.EINVAL);
        return 0;
    }

    /** getcpu: CPU 0 on node 0. */
    long getcpu(Args a) throws SyscallException {
        var u = a.task().process.user;
        if (a.a0() != 0) u.writeInt(a.a0(), 0);
        if (a.a1() != 0) u.writeInt(a.a1(), 0);
        return 0;
    }

    long getrusage(Args a) throws SyscallException {
        int who = a.i(0);
        Task t = a.task();
        os.accounting().settle(a.cpu().hartId());   // the call so far counts, as on Linux
        Usage u = switch (who) {
            case RUSAGE_SELF -> t.process.usage();
            case RUSAGE_CHILDREN -> t.process.reaped.copy();
            case RUSAGE_THREAD -> t.usage();
            default -> throw new SyscallException(Errno.EINVAL);
        };
        t.process.user.write(a.a1(), rusage(u));
        return 0;
    }

    /**
     * struct rusage (144 bytes): ru_utime and ru_stime as timevals, ru_maxrss in KiB, the
     * fault and context-switch counts; the fields Linux leaves 0 (ixrss, swaps, blocks,
     * messages, signals) are 0 here too.
     */
    public static byte[] rusage(Usage u) {
        ByteBuffer b = ByteBuffer.allocate(RUSAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, u.userNanos / 1_000_000_000L).putLong(8, u.userNanos % 1_000_000_000L / 1000);
        b.putLong(16, u.systemNanos / 1_000_000_000L).putLong(24, u.systemNanos % 1_000_000_000L / 1000);
        b.putLong(32, u.maxRssPages * 4);
        b.putLong(64, u.minorFaults);
        b.putLong(128, u.voluntarySwitches).putLong(136, u.involuntarySwitches);
        return b.array();
    }

    /** Nanoseconds in clock ticks (USER_HZ 100), as times() and /proc count. */
    public static long ticks(long nanos) { return nanos / TICK_NANOS; }

    /** times: the process's and its waited-for children's CPU times; the result is the clock in ticks since boot, as Linux's is. */
    long times(Args a) throws SyscallException {
        if (a.a0() != 0) {
            Process p = a.task().process;
            os.accounting().settle(a.cpu().hartId());
            Usage self = p.usage(), children = p.reaped.copy();
            a.task().process.user.write(a.a0(), ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(ticks(self.userNanos)).putLong(ticks(self.systemNanos))
                .putLong(ticks(children.userNanos)).putLong(ticks(children.systemNanos)).array());
        }
        return os.kernel().now() / TICK_NANOS;
    }
}
