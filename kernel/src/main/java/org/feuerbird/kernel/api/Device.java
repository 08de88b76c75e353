package org.feuerbird.kernel.api;

/**
 * A device of the board, as the boot code learns it to hand a LibOS the capabilities for it:
 * an IO capability over {@code [base, base + size)} and an INTERRUPT capability over line
 * {@code irq}. The board's description, like a device tree's node; nothing here grants access.
 *
 * @param name "console" (a 16550 UART), and later the virtio devices
 * @param irq  its interrupt-controller line, 0 if it has none
 */
public record Device(String name, long base, long size, int irq) {}
