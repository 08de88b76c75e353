package org.feuerbird.kernel.api;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongSupplier;

/**
 * The board the kernel boots on and how it slices time.
 *
 * @param ramBytes      RAM, a multiple of 4 KiB
 * @param harts         number of harts (each gets a kernel thread when started)
 * @param slicesPerHart length of each hart's slice vector
 * @param sliceNanos    length of a slice
 * @param clockNanos    the time base in nanoseconds, or null for the host's clock (tests pass their own)
 * @param consoleIn     the UART's input, or null
 * @param consoleOut    the UART's output, or null to keep it in memory
 */
public record MachineSpec(long ramBytes, int harts, int slicesPerHart, long sliceNanos, LongSupplier clockNanos,
                          InputStream consoleIn, OutputStream consoleOut) {
    /** A board with {@code ramBytes} of RAM, one hart, 8 slices of 10 ms, the host's clock. */
    public static MachineSpec of(long ramBytes) {
        return new MachineSpec(ramBytes, 1, 8, 10_000_000, null, null, null);
    }

    public MachineSpec withHarts(int n) { return new MachineSpec(ramBytes, n, slicesPerHart, sliceNanos, clockNanos, consoleIn, consoleOut); }

    public MachineSpec withSlices(int perHart, long nanos) { return new MachineSpec(ramBytes, harts, perHart, nanos, clockNanos, consoleIn, consoleOut); }

    public MachineSpec withClock(LongSupplier nanos) { return new MachineSpec(ramBytes, harts, slicesPerHart, sliceNanos, nanos, consoleIn, consoleOut); }
}
