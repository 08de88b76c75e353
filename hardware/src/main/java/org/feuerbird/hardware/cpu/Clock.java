package org.feuerbird.hardware.cpu;

/**
 * The board's time base: the value of {@code mtime} and of the {@code time} CSR, in ticks
 * of {@link #FREQUENCY_HZ} (10 MHz, as on QEMU's virt board).
 */
@FunctionalInterface
public interface Clock {
    long FREQUENCY_HZ = 10_000_000L;

    long now();

    /** Wall-clock time since the clock was made. */
    static Clock host() {
        long start = System.nanoTime();
        return () -> (System.nanoTime() - start) / 100;
    }
}
