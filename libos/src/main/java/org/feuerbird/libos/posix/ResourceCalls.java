package org.feuerbird.libos.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.proc.Task;

/**
 * Where threads run and what they used: CPU affinity and getcpu (a LibOS run has one CPU,
 * number 0: exec runs on one hart), getrusage and times (no accounting yet: valid zeros).
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
        if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD) throw new SyscallException(Errno.EINVAL);
        a.task().process.user.write(a.a1(), new byte[RUSAGE_SIZE]);
        return 0;
    }

    /** times: zero CPU times; the result is the clock in ticks since boot, as Linux's is. */
    long times(Args a) throws SyscallException {
        if (a.a0() != 0) a.task().process.user.write(a.a0(), new byte[32]);
        return os.kernel().now() / TICK_NANOS;
    }
}
