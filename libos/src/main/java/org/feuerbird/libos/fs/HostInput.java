package org.feuerbird.libos.fs;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a host stream on its own thread into a buffer, so that no hart thread ever waits
 * for the host; a guest read takes what has arrived, or finds it would block (the LibOS then
 * parks the reading thread and is kicked when bytes come).
 */
public final class HostInput {
    private final byte[] buf = new byte[1 << 16];
    private int head, count;
    private boolean eof;
    private final Runnable arrived;
    /** Guest threads waiting for input. */
    public final org.feuerbird.libos.sched.WaitQueue waiters = new org.feuerbird.libos.sched.WaitQueue();

    /** Starts reading {@code in}; {@code arrived} runs (on the reader thread) when bytes or the end come. */
    public HostInput(InputStream in, Runnable arrived) {
        this.arrived = () -> {
            waiters.wakeAll();
            arrived.run();
        };
        Thread t = Thread.ofPlatform().name("host-stdin").daemon().unstarted(() -> pump(in));
        t.start();
    }

    private void pump(InputStream in) {
        byte[] chunk = new byte[4096];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                synchronized (this) {
                    for (int i = 0; i < n; ) {
                        while (count == buf.length) wait();
                        int tail = (head + count) % buf.length;
                        int room = Math.min(buf.length - count, Math.min(n - i, buf.length - tail));
                        System.arraycopy(chunk, i, buf, tail, room);
                        count += room;
                        i += room;
                    }
                }
                synchronized (this) {
                    notifyAll();   // a stream() reader waits for bytes
                }
                arrived.run();
            }
        } catch (IOException | InterruptedException e) {
            // The host's input is gone: the guest sees end of file.
        }
        synchronized (this) {
            eof = true;
            notifyAll();
        }
        arrived.run();
    }

    /**
     * A blocking view of this input, for a device backend's own thread (the console UART's
     * input, one per boot while the reader outlives reboots). Closing the view ends its reads
     * (-1) without taking bytes, so the next view gets them.
     */
    public View stream() { return new View(); }

    /** See {@link #stream}; its close never fails. */
    public final class View extends InputStream {
        private volatile boolean closed;

        private View() {}

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            synchronized (HostInput.this) {
                while (!closed) {
                    int n = HostInput.this.read(b, off, len);
                    if (n > 0) return n;
                    if (n == 0) return -1;
                    try {
                        HostInput.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                }
                return -1;
            }
        }

        @Override
        public void close() {
            closed = true;
            synchronized (HostInput.this) {
                HostInput.this.notifyAll();
            }
        }
    }

    /** Reads what has arrived; 0 at end of input; -1 if nothing has arrived yet (would block). */
    public synchronized int read(byte[] dst, int off, int len) {
        if (count == 0) return eof ? 0 : -1;
        int n = Math.min(len, count);
        for (int i = 0; i < n; i++) dst[off + i] = buf[(head + i) % buf.length];
        head = (head + n) % buf.length;
        count -= n;
        notifyAll();
        return n;
    }

    public synchronized int available() { return count; }

    public synchronized boolean wouldBlock() { return count == 0 && !eof; }
}
