package org.feuerbird.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for something another thread (a hart, a device backend) makes happen. Tests assert
 * that events occur and in which order, never how long they take, so the limit is generous
 * and only there to turn a hang into a failure with a message.
 */
public final class Await {
    /** Generous: a loaded CI machine with two cores must never hit it when the code is right. */
    public static final long LIMIT_NANOS = 30_000_000_000L;

    private Await() {}

    public static void until(BooleanSupplier done, Supplier<String> what) {
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) break;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertTrue(done.getAsBoolean(), () -> "timed out waiting: " + what.get());
    }
}
