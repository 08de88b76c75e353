package org.feuerbird.libos.tty;

/** The device under a terminal: where its output goes (a UART, or a test's buffer). */
@FunctionalInterface
public interface TtyDriver {
    /** Sends bytes out; never waits for the far side. */
    void transmit(byte[] b, int off, int len);
}
