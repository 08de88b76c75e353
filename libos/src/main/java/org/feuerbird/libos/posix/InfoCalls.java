package org.feuerbird.libos.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.proc.Process;

/** uname, time, randomness, limits, sysinfo: what a program asks about its system. */
public final class InfoCalls {
    static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3;
    static final int CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7;
    static final int RLIMIT_STACK = 3, RLIMIT_NOFILE = 7, RLIM_INFINITY = -1;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final PosixLibOS os;
    private final org.feuerbird.libos.fs.ProcFs procfs;

    InfoCalls(PosixLibOS os, org.feuerbird.libos.fs.ProcFs procfs) {
        this.os = os;
        this.procfs = procfs;
    }

    long uname(Args a) throws SyscallException {
        byte[] buf = new byte[6 * 65];
        String[] fields = {"Linux", os.hostname(), "6.1.0-feuerbird", "#1 FeuerBird exokernel", "riscv64", "(none)"};
        for (int i = 0; i < fields.length; i++) {
            byte[] f = fields[i].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(f, 0, buf, 65 * i, f.length);
        }
        a.task().process.user.write(a.a0(), buf);
        return 0;
    }

    long getrandom(Args a) throws SyscallException {
        int len = (int) Math.min(Math.max(a.a1(), 0), 1 << 20);
        if ((a.i(2) & ~7) != 0) throw new SyscallException(Errno.EINVAL);
        byte[] b = new byte[len];
        RANDOM.nextBytes(b);
        a.task().process.user.write(a.a0(), b);
        return len;
    }

    private long now(int clock) throws SyscallException {
        long t = os.kernel().now();
        return switch (clock) {
            case CLOCK_REALTIME, CLOCK_REALTIME_COARSE -> os.realtime(t);
            case CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME -> t;
            default -> throw new SyscallException(Errno.EINVAL);
        };
    }

    /**
     * A clock as the calling thread reads it: the CPU-time clocks are its process's or its
     * own user plus system time, charged up to this moment (the call itself included).
     */
    private long now(Args a, int clock) throws SyscallException {
        if (clock != CLOCK_PROCESS_CPUTIME_ID && clock != CLOCK_THREAD_CPUTIME_ID) return now(clock);
        os.accounting().settle(a.cpu().hartId());
        return clock == CLOCK_PROCESS_CPUTIME_ID ? a.task().process.usage().cpuNanos() : a.task().usage().cpuNanos();
    }

    private static byte[] timespec(long nanos) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(nanos / 1_000_000_000L).putLong(nanos % 1_000_000_000L).array();
    }

    long clockGettime(Args a) throws SyscallException {
        long t = now(a, a.i(0));
        a.task().process.user.write(a.a1(), timespec(t));
        return 0;
    }

    long clockGetres(Args a) throws SyscallException {
        now(a, a.i(0));
        if (a.a1() != 0) a.task().process.user.write(a.a1(), timespec(100));   // the board's timer ticks at 10 MHz
        return 0;
    }

    long gettimeofday(Args a) throws SyscallException {
        long t = now(CLOCK_REALTIME);
        if (a.a0() != 0) {
            a.task().process.user.write(a.a0(),
                ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(t / 1_000_000_000L).putLong(t % 1_000_000_000L / 1000).array());
        }
        return 0;
    }

    long prlimit64(Args a) throws SyscallException {
        if (a.i(0) != 0 && os.process(a.i(0)) == null) throw new SyscallException(Errno.ESRCH);
        int res = a.i(1);
        if (res < 0 || res > 15) throw new SyscallException(Errno.EINVAL);
        if (a.a3() != 0) {
            long cur = RLIM_INFINITY, max = RLIM_INFINITY;
            if (res == RLIMIT_STACK) cur = 8L << 20;
            if (res == RLIMIT_NOFILE) cur = max = 1024;
            a.task().process.user.write(a.a3(), ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(cur).putLong(max).array());
        }
        return 0;   // new limits are accepted but not enforced yet, beyond the fixed ones above
    }

    /**
     * sysinfo: uptime, the load averages (Linux's fixed point shifted to 16 fraction bits),
     * memory as /proc/meminfo counts it (in bytes, mem_unit 1), and the number of processes.
     */
    long sysinfo(Args a) throws SyscallException {
        Process p = a.task().process;
        var m = procfs.memory();
        long[] load = os.scheduler().loadAverage();
        ByteBuffer b = ByteBuffer.allocate(112).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong((os.kernel().now() + 999_999_999L) / 1_000_000_000L);   // whole seconds, rounded up as Linux does
        for (long l : load) b.putLong(l << (16 - org.feuerbird.libos.sched.LoadAverage.FSHIFT));
        b.putLong(m.total() * 1024).putLong(m.free() * 1024);      // totalram, freeram
        b.putLong(m.shmem() * 1024).putLong(0).putLong(0).putLong(0); // shared, buffer, totalswap, freeswap
        long procs = os.processes().values().stream().mapToLong(q -> q.tasks.size()).sum();   // Linux counts threads
        b.putShort((short) Math.min(procs, 0xffff)).putShort((short) 0).putInt(0);
        b.putLong(0).putLong(0).putInt(1);                        // totalhigh, freehigh, mem_unit
        p.user.write(a.a0(), b.array());
        return 0;
    }
}
