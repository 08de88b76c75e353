package org.feuerbird.hardware.device;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A serial backend in memory, for tests: it collects what the guest transmits and lets the test
 * inject input. Injection goes through {@link SerialReceiver#receive}, the wire-like path, so a
 * test can overflow the UART on purpose; use {@link #injectBlocking} from a helper thread to
 * feed more than the UART holds without losing bytes. Safe to use from several threads.
 */
public final class MemorySerialBackend implements SerialBackend {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private volatile SerialReceiver receiver;

    /** An empty backend, to be handed to a {@link Uart16550}. */
    public MemorySerialBackend() { }

    @Override
    public synchronized void transmit(byte b) {
        output.write(b);
    }

    @Override
    public void connect(SerialReceiver receiver) {
        if (this.receiver != null) throw new IllegalStateException("serial backend already connected");
        this.receiver = receiver;
    }

    /** Every byte transmitted so far. */
    public synchronized byte[] output() {
        return output.toByteArray();
    }

    /** Every byte transmitted so far, decoded as UTF-8. */
    public synchronized String outputString() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** Returns the bytes transmitted so far and forgets them. */
    public synchronized byte[] takeOutput() {
        byte[] out = output.toByteArray();
        output.reset();
        return out;
    }

    /**
     * Delivers {@code bytes} as a wire would: what does not fit is lost and flags an overrun.
     *
     * @return how many bytes were delivered without an overrun
     */
    public int inject(byte... bytes) {
        SerialReceiver rx = connected();
        int kept = 0;
        for (byte b : bytes) {
            if (rx.receive(b)) kept++;
        }
        return kept;
    }

    /** Delivers the UTF-8 bytes of {@code s} like {@link #inject(byte...)}. */
    public int inject(String s) {
        return inject(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Delivers {@code bytes}, waiting whenever the UART's receive buffer is full. */
    public void injectBlocking(byte... bytes) throws InterruptedException {
        SerialReceiver rx = connected();
        for (byte b : bytes) rx.receiveBlocking(b);
    }

    private SerialReceiver connected() {
        SerialReceiver rx = receiver;
        if (rx == null) throw new IllegalStateException("serial backend not connected to a UART");
        return rx;
    }
}
