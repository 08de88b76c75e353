package org.feuerbird.kernel.api;

import java.util.function.BooleanSupplier;
import org.feuerbird.kernel.core.Boot;

/**
 * The booted kernel, as the trusted boot code (the {@code feuerbird} command, tests,
 * benchmarks) holds it: it creates LibOSes, hands them their first capabilities, starts the
 * harts, and may ask a LibOS to give resources back. A LibOS never sees this object, only
 * its own {@link Kernel}.
 */
public interface Exokernel extends AutoCloseable {
    /** Builds the board and the kernel on it. Harts do not run until {@link #start} or {@link #runHart}. */
    static Exokernel boot(MachineSpec spec) {
        return Boot.boot(spec);
    }

    /**
     * Creates a LibOS with a quota of {@code frameQuota} frames. Its space starts with its
     * own LIBOS capability ({@link Kernel#self()}) and its TIMER capability.
     */
    Kernel createLibOS(String name, Upcalls upcalls, long frameQuota) throws KernelException;

    /**
     * Derives a capability from the root of all authority into a LibOS's space (slices,
     * interrupt lines, raw memory, a LIBOS capability naming another LibOS, ...).
     */
    long give(Kernel libos, CapType type, long base, long limit, int rights) throws KernelException;

    /** Gives every slice of the vector to one LibOS. */
    void giveAllSlices(Kernel libos) throws KernelException;

    /** Visible revocation: asks a LibOS to shrink to {@code frameQuota} frames and drop {@code slices} by {@code deadline}. */
    void requestRevocation(Kernel libos, long frameQuota, int[] slices, long deadline);

    /** The board's devices, for the boot code to give a LibOS its IO and INTERRUPT capabilities. */
    java.util.List<Device> devices();

    /** Frames not allocated to anyone. */
    long freeFrames();

    /** Kernel time in nanoseconds. */
    long now();

    /** Starts one kernel thread per hart. */
    void start();

    /** Runs hart {@code hart}'s loop on the calling thread until {@code until} holds (tests, benchmarks). */
    void runHart(int hart, BooleanSupplier until);

    /** What the kernel reported (failed upcalls and the like), oldest first. */
    java.util.List<String> reports();

    /** Stops the harts and waits for their threads. */
    @Override
    void close();
}
