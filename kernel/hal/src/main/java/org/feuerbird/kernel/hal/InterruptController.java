package org.feuerbird.kernel.hal;

import org.feuerbird.hardware.device.Plic;

/**
 * The PLIC, programmed for the kernel: each hart's M-mode context receives the lines the
 * kernel enabled; the kernel claims a line when the hart reports an external interrupt and
 * completes it when its LibOS says it is served.
 */
public final class InterruptController {
    private final Plic plic;

    InterruptController(Plic plic) { this.plic = plic; }

    public int lineCount() { return plic.numSources(); }

    /** Enables or disables a line for the M-mode context of every hart. */
    public synchronized void enable(int line, boolean on, int harts) {
        plic.write(Plic.PRIORITY + 4L * line, 4, on ? 1 : 0);
        for (int h = 0; h < harts; h++) {
            long word = Plic.ENABLE + Plic.ENABLE_STRIDE * (2L * h) + 4L * (line / 32);
            long bits = plic.read(word, 4);
            bits = on ? bits | 1L << (line % 32) : bits & ~(1L << (line % 32));
            plic.write(word, 4, bits);
        }
    }

    /** Claims the highest pending line for a hart; 0 if none. */
    public int claim(int hart) { return (int) plic.read(Plic.CONTEXT + Plic.CONTEXT_STRIDE * (2L * hart) + Plic.CLAIM, 4); }

    public void complete(int hart, int line) {
        plic.write(Plic.CONTEXT + Plic.CONTEXT_STRIDE * (2L * hart) + Plic.CLAIM, 4, line);
    }

    /** The device side of a line: what a device model (or a test standing in for one) drives. */
    public IrqLineHandle line(int source) { return new IrqLineHandle(plic.line(source)); }

    /** A device-side view of a line, so tests of interrupt routing can raise one. */
    public static final class IrqLineHandle {
        private final org.feuerbird.hardware.device.IrqLine line;

        IrqLineHandle(org.feuerbird.hardware.device.IrqLine line) { this.line = line; }

        public void set(boolean level) { line.setLevel(level); }
    }
}
