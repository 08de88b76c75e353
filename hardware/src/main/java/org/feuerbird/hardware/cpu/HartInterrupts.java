package org.feuerbird.hardware.cpu;

/**
 * What a hart shows to the interrupt controllers (CLINT, PLIC). Safe to call from any thread:
 * a device backend thread may raise a line while the hart runs.
 */
public interface HartInterrupts {
    /** Machine/supervisor software, timer and external interrupt bits of {@code mip}. */
    int SSIP = 1, MSIP = 3, STIP = 5, MTIP = 7, SEIP = 9, MEIP = 11;

    int hartId();

    /** Sets or clears one interrupt-pending bit ({@link #MSIP}, {@link #MEIP}, {@link #SEIP}...). */
    void setInterruptLevel(int bit, boolean level);

    /** The CLINT's {@code mtimecmp} for this hart: MTIP is pending while {@code time >= compare}. */
    void setTimerCompare(long compare);
}
