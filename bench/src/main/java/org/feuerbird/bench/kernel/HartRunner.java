package org.feuerbird.bench.kernel;

import java.util.function.BooleanSupplier;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;

/**
 * Runs hart 0 of a booted kernel on the benchmark's own thread ({@link Exokernel#runHart})
 * until the measured guest exits, something goes wrong, or a generous deadline passes.
 *
 * <p>The stop condition is evaluated by the hart loop after every trap, so it is part of
 * what is measured: it reads two fields, and the clock only every 1024th time (a hung
 * benchmark must end, but a clock read per trap would cost more than some operations).
 */
final class HartRunner {
    private static final long TIMEOUT_NANOS = 60_000_000_000L;

    private final Exokernel exo;
    private final BooleanSupplier until = this::finished;
    private long deadline;
    private int polls;

    /** Set by the LibOS when the guest that drives the benchmark makes its exit call. */
    boolean done;
    /** The driving guest's a0 at its exit. */
    long exitValue;
    /** What went wrong (a fault, a failed upcall, a refused kernel call), or null. */
    String trouble;

    HartRunner(Exokernel exo) { this.exo = exo; }

    private boolean finished() {
        return done || trouble != null || (++polls & 1023) == 0 && System.nanoTime() > deadline;
    }

    /**
     * Runs until the driving guest exits. {@code kicker} wakes the hart: after the previous
     * run the hart has nothing loaded, and without a kick it would idle until its next slice
     * begins instead of asking the slice owner at once.
     */
    void runToExit(Kernel kicker) {
        done = false;
        deadline = System.nanoTime() + TIMEOUT_NANOS;
        kicker.kick();
        exo.runHart(0, until);
        if (trouble != null) throw new IllegalStateException(trouble + "; kernel reports: " + exo.reports());
        if (!done) throw new IllegalStateException("the guest did not exit within 60 s; kernel reports: " + exo.reports());
    }

    void fail(String why) {
        if (trouble == null) trouble = why;
    }
}
