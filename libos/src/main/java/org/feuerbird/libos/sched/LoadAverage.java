package org.feuerbird.libos.sched;

/**
 * The load average as Linux keeps it: every 5 seconds the number of runnable threads is
 * folded into three exponentially decaying averages (1, 5 and 15 minutes), in fixed point
 * with 11 fraction bits. Rather than a timer, the count is reported whenever it changes
 * ({@link #advance}), and every sample instant passed since then gets the count that held
 * over it: the same averages as periodic sampling, without waking an idle hart.
 */
public final class LoadAverage {
    public static final int FSHIFT = 11;
    public static final long FIXED_1 = 1L << FSHIFT;
    /** FIXED_1 / exp(5 s / 1 min), / exp(5 s / 5 min), / exp(5 s / 15 min). */
    private static final long[] EXP = {1884, 2014, 2037};
    public static final long INTERVAL = 5_000_000_000L;

    private final long[] avenrun = new long[3];
    private long nextSample = INTERVAL;

    /** Takes every sample due by {@code now}, with {@code runnable} threads (the count until now). */
    public synchronized void advance(long now, int runnable) {
        if (now < nextSample) return;
        long samples = (now - nextSample) / INTERVAL + 1;
        nextSample += samples * INTERVAL;
        long active = (long) runnable * FIXED_1;
        // After very many equal samples every average has reached the count: skip the rest.
        for (long i = 0; i < Math.min(samples, 4096); i++) {
            for (int k = 0; k < 3; k++) {
                long next = avenrun[k] * EXP[k] + active * (FIXED_1 - EXP[k]);
                // Round up while rising, as Linux does, so a steady load is reached and not approached forever.
                if (active >= avenrun[k]) next += FIXED_1 - 1;
                avenrun[k] = next / FIXED_1;
            }
        }
    }

    /** The three averages in fixed point (FSHIFT fraction bits). */
    public synchronized long[] get() { return avenrun.clone(); }

    /** "0.42" for a fixed-point load, rounded to hundredths as /proc/loadavg prints it. */
    public static String format(long load) {
        long x = load + FIXED_1 / 200;
        return (x >> FSHIFT) + "." + String.format("%02d", ((x & (FIXED_1 - 1)) * 100) >> FSHIFT);
    }
}
