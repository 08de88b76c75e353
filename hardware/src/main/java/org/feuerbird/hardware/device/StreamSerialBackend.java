package org.feuerbird.hardware.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A serial backend on host streams, normally the terminal: transmitted bytes are written to an
 * {@link OutputStream}, and a daemon thread reads an {@link InputStream} and pushes what it reads
 * into the UART.
 *
 * <p>The reader uses {@link SerialReceiver#receiveBlocking}: while the UART's receive buffer is
 * full it stops reading, so the host stream (a pipe, a pasted block of text) holds the rest and
 * nothing is lost however slowly the guest reads. Output is flushed after every byte, because a
 * prompt without a newline must appear at once; that costs a host write per byte, which is
 * acceptable for a console. An I/O error ends that direction quietly (a device never throws at a
 * guest); {@link #error()} reports the first one. Putting the terminal into raw mode is the
 * caller's business. The streams belong to the caller and are never closed here.
 */
public final class StreamSerialBackend implements SerialBackend, AutoCloseable {
    private final InputStream in;
    private final OutputStream out;
    private final String threadName;
    private volatile boolean outputBroken;
    private volatile IOException error;
    private volatile boolean closed;
    private Thread reader;

    /** A backend reading {@code in} on a thread called {@code threadName} and writing {@code out}. */
    public StreamSerialBackend(InputStream in, OutputStream out, String threadName) {
        this.in = Objects.requireNonNull(in);
        this.out = Objects.requireNonNull(out);
        this.threadName = Objects.requireNonNull(threadName);
    }

    /** The host terminal: standard input and standard output. */
    public static StreamSerialBackend console() {
        return new StreamSerialBackend(System.in, System.out, "uart-console-reader");
    }

    @Override
    public void transmit(byte b) {
        if (outputBroken) return;
        try {
            out.write(b);
            out.flush();
        } catch (IOException e) {
            outputBroken = true;
            recordError(e);
        }
    }

    /** Starts the reader thread, which feeds {@code receiver} until end of input or {@link #close}. */
    @Override
    public synchronized void connect(SerialReceiver receiver) {
        Objects.requireNonNull(receiver);
        if (reader != null) throw new IllegalStateException("serial backend already connected");
        reader = Thread.ofPlatform().name(threadName).daemon(true).unstarted(() -> pump(receiver));
        reader.start();
    }

    private void pump(SerialReceiver receiver) {
        byte[] buf = new byte[256];
        try {
            for (int n; !closed && (n = in.read(buf)) >= 0; ) {
                for (int i = 0; i < n && !closed; i++) receiver.receiveBlocking(buf[i]);
            }
        } catch (IOException e) {
            recordError(e);
        } catch (InterruptedException e) {
            // close() asked us to stop; end quietly
        }
    }

    private synchronized void recordError(IOException e) {
        if (error == null) error = e;
    }

    /** The first I/O error met on either stream, or null. */
    public IOException error() {
        return error;
    }

    /**
     * Stops the reader thread: one waiting for room in the UART gives up its byte (unless room
     * appeared at the same instant, when that one byte is still delivered) and ends. A thread
     * blocked inside the input stream's {@code read} (a terminal waiting for a key) cannot be
     * interrupted by Java; it is a daemon and ends with the JVM, or as soon as that read returns,
     * without delivering what it read.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (reader != null) reader.interrupt();
    }
}
