package org.feuerbird.hardware.device;

/**
 * The receive side of a UART, as its {@link SerialBackend} sees it. Both methods are safe to call
 * from any thread.
 */
public interface SerialReceiver {
    /**
     * Delivers one byte as a wire would: if the receive buffer is full the byte is lost and the
     * UART flags an overrun (LSR.OE), exactly like hardware.
     *
     * @return false if a byte was lost to an overrun
     */
    boolean receive(byte b);

    /**
     * Delivers one byte, waiting while the receive buffer is full: the backpressure a host stream
     * needs so that typed or piped input is never lost when the guest reads slowly.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting; the byte
     *     is then not delivered
     */
    void receiveBlocking(byte b) throws InterruptedException;
}
