package org.feuerbird.hardware.device;

/**
 * One level-triggered interrupt wire from a device to the {@link Plic}. The device drives it
 * high while it wants service and low when it no longer does; the PLIC turns the level into
 * pending bits, claims and completions. Safe to drive from any thread.
 */
@FunctionalInterface
public interface IrqLine {
    /** Drives the wire: {@code true} while the device has a condition that wants service. */
    void setLevel(boolean high);

    /** Same as {@code setLevel(true)}. */
    default void raise() { setLevel(true); }

    /** Same as {@code setLevel(false)}. */
    default void lower() { setLevel(false); }

    /** A wire connected to nothing, for a device used without an interrupt controller. */
    IrqLine NONE = high -> { };
}
