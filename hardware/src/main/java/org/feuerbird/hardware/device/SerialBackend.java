package org.feuerbird.hardware.device;

/**
 * The host side of a serial line: where the bytes a guest sends through a {@link Uart16550} go,
 * and where the bytes it receives come from. The UART calls {@link #connect} once, when it is
 * built, and {@link #transmit} for every byte the guest writes; the backend pushes input through
 * the {@link SerialReceiver} it was given, from whatever thread it likes.
 */
public interface SerialBackend {
    /**
     * Takes one byte the guest transmitted. Called on the hart's thread while the UART holds its
     * lock, so it must not wait for long (a slow host stream slows the guest down, nothing worse).
     */
    void transmit(byte b);

    /** Called once by the UART: the backend delivers received bytes to {@code receiver}. */
    void connect(SerialReceiver receiver);
}
