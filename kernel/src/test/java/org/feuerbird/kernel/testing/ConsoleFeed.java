package org.feuerbird.kernel.testing;

import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The board's console input ({@code MachineSpec.consoleIn}) fed byte by byte by a test: the
 * UART's backend thread blocks in {@link #read} until the test {@link #send}s, so each byte
 * arrives when the test says, and {@link #close} lets that thread end.
 */
public final class ConsoleFeed extends InputStream {
    private static final int END = -1;

    private final LinkedBlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();

    public void send(int b) { bytes.add(b & 0xff); }

    @Override
    public int read() {
        try {
            int b = bytes.take();
            if (b == END) bytes.add(END);   // stay at the end for later reads
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        }
    }

    /** One byte per call: the backend hands each to the UART before it asks for the next. */
    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) return 0;
        int v = read();
        if (v < 0) return -1;
        b[off] = (byte) v;
        return 1;
    }

    @Override
    public void close() { bytes.add(END); }
}
