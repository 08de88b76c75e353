package org.feuerbird.libos.fs;

import java.util.concurrent.atomic.AtomicLong;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.sched.WaitQueue;

/**
 * A pipe: a 64 KiB ring buffer between its read and write ends. Writes of at most
 * {@link #PIPE_BUF} bytes go in whole or not at all (never interleaved with others); larger
 * writes take what fits. Nothing here waits: an empty or full pipe answers EAGAIN and the
 * system call decides whether to sleep on {@link #waiters}.
 */
public final class Pipe {
    public static final int CAPACITY = 1 << 16, PIPE_BUF = 4096;
    private static final AtomicLong IDS = new AtomicLong(1000);

    /** The inode number shown as pipe:[N]. */
    public final long id = IDS.incrementAndGet();
    private final byte[] buf = new byte[CAPACITY];
    private int head, count;
    int readers, writers;
    /** Readers and writers waiting for data, space or the other end's close. */
    public final WaitQueue waiters = new WaitQueue();

    public int read(byte[] dst, int off, int len) throws SyscallException {
        int n;
        synchronized (this) {
            if (len == 0) return 0;
            if (count == 0) {
                if (writers == 0) return 0;
                throw new SyscallException(Errno.EAGAIN);
            }
            n = Math.min(len, count);
            for (int i = 0; i < n; i++) dst[off + i] = buf[(head + i) % CAPACITY];
            head = (head + n) % CAPACITY;
            count -= n;
        }
        waiters.wakeAll();
        return n;
    }

    public int write(byte[] src, int off, int len) throws SyscallException {
        int n;
        synchronized (this) {
            if (readers == 0) throw new SyscallException(Errno.EPIPE);
            int free = CAPACITY - count;
            if (len == 0) return 0;
            if (free == 0 || (len <= PIPE_BUF && free < len)) throw new SyscallException(Errno.EAGAIN);
            n = Math.min(len, free);
            int tail = (head + count) % CAPACITY;
            for (int i = 0; i < n; i++) buf[(tail + i) % CAPACITY] = src[off + i];
            count += n;
        }
        waiters.wakeAll();
        return n;
    }

    public synchronized int available() { return count; }

    /** poll bits for one end. */
    public synchronized int events(boolean readEnd) {
        if (readEnd) return (count > 0 ? OpenFile.POLLIN : 0) | (writers == 0 ? OpenFile.POLLHUP : 0);
        if (readers == 0) return OpenFile.POLLOUT | OpenFile.POLLERR;
        return CAPACITY - count >= PIPE_BUF ? OpenFile.POLLOUT : 0;
    }

    synchronized void open(boolean readEnd) {
        if (readEnd) readers++;
        else writers++;
    }

    void close(boolean readEnd) {
        synchronized (this) {
            if (readEnd) readers--;
            else writers--;
        }
        waiters.wakeAll();
    }
}
