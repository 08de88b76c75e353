package org.feuerbird.libos.proc;

/**
 * A process's resource limits (getrlimit/setrlimit/prlimit64): a soft and a hard value per
 * resource, inherited across fork and exec. The LibOS enforces RLIMIT_NOFILE (descriptors),
 * RLIMIT_NPROC (processes: what stops a fork bomb) and RLIMIT_STACK (the stack area's size);
 * the others are kept and reported only.
 */
public final class Limits {
    public static final int RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_DATA = 2, RLIMIT_STACK = 3, RLIMIT_CORE = 4;
    public static final int RLIMIT_RSS = 5, RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7, RLIMIT_MEMLOCK = 8, RLIMIT_AS = 9;
    public static final int RLIM_NLIMITS = 16;
    public static final long INFINITY = -1L;
    /** The process limit a fresh system starts with. */
    public static final long DEFAULT_NPROC = 1024;

    private final long[] soft = new long[RLIM_NLIMITS], hard = new long[RLIM_NLIMITS];

    public Limits() {
        java.util.Arrays.fill(soft, INFINITY);
        java.util.Arrays.fill(hard, INFINITY);
        soft[RLIMIT_STACK] = 8L << 20;
        soft[RLIMIT_CORE] = 0;
        soft[RLIMIT_NOFILE] = 1024;
        hard[RLIMIT_NOFILE] = 1024 * 1024;
        soft[RLIMIT_NPROC] = hard[RLIMIT_NPROC] = DEFAULT_NPROC;
        soft[RLIMIT_MEMLOCK] = hard[RLIMIT_MEMLOCK] = 8L << 20;
    }

    public Limits copy() {
        Limits l = new Limits();
        System.arraycopy(soft, 0, l.soft, 0, RLIM_NLIMITS);
        System.arraycopy(hard, 0, l.hard, 0, RLIM_NLIMITS);
        return l;
    }

    public long soft(int res) { return soft[res]; }

    public long hard(int res) { return hard[res]; }

    /** Whether {@code v} is within {@code limit}, INFINITY (all ones) being the largest. */
    public static boolean within(long v, long limit) { return Long.compareUnsigned(v, limit) <= 0; }

    public void set(int res, long s, long h) {
        soft[res] = s;
        hard[res] = h;
    }
}
