package org.feuerbird.libos.fs;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.sched.WaitQueue;

/**
 * A pipe, buffered as Linux does it: up to {@link #SLOTS} page-sized buffers (64 KiB). A
 * write's part below a page size is appended to the last buffer if it fits there whole,
 * the rest goes into fresh pages; so a write of at most {@link #PIPE_BUF} bytes goes in
 * whole or not at all (never interleaved), and how much fits matches Linux byte for byte.
 * Nothing here waits: an empty or full pipe answers EAGAIN and the system call decides
 * whether to sleep on {@link #waiters}.
 */
public final class Pipe {
    public static final int PAGE = 4096, SLOTS = 16, CAPACITY = PAGE * SLOTS, PIPE_BUF = 4096;
    private static final AtomicLong IDS = new AtomicLong(1000);

    /** One page of the pipe: bytes [off, off + len) are unread. */
    private static final class Slot {
        final byte[] page = new byte[PAGE];
        int off, len;
    }

    /** The inode number shown as pipe:[N]. */
    public final long id = IDS.incrementAndGet();
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    /**
     * The last page a read emptied, kept for the next write's fresh page (as Linux keeps a
     * pipe's spare page): a ping-pong of single bytes would otherwise allocate and clear
     * 4 KiB per write.
     */
    private Slot spare;
    private int count;
    int readers, writers;
    /** Readers and writers waiting for data, space or the other end's close. */
    public final WaitQueue waiters = new WaitQueue();

    public int read(byte[] dst, int off, int len) throws SyscallException {
        int n = 0;
        synchronized (this) {
            if (len == 0) return 0;
            if (count == 0) {
                if (writers == 0) return 0;
                throw new SyscallException(Errno.EAGAIN);
            }
            while (n < len && !slots.isEmpty()) {
                Slot s = slots.peekFirst();
                int k = Math.min(len - n, s.len);
                System.arraycopy(s.page, s.off, dst, off + n, k);
                s.off += k;
                s.len -= k;
                n += k;
                if (s.len == 0) {
                    slots.pollFirst();
                    s.off = 0;
                    spare = s;
                }
            }
            count -= n;
        }
        waiters.wakeAll();
        return n;
    }

    public int write(byte[] src, int off, int len) throws SyscallException {
        int n = 0;
        synchronized (this) {
            if (readers == 0) throw new SyscallException(Errno.EPIPE);
            if (len == 0) return 0;
            int tail = len & (PAGE - 1);
            Slot last = slots.peekLast();
            if (tail != 0 && last != null && last.off + last.len + tail <= PAGE) {
                System.arraycopy(src, off, last.page, last.off + last.len, tail);
                last.len += tail;
                n = tail;
            }
            while (n < len && slots.size() < SLOTS) {
                Slot s = spare != null ? spare : new Slot();
                spare = null;
                int k = Math.min(PAGE, len - n);
                System.arraycopy(src, off + n, s.page, 0, k);
                s.len = k;
                slots.addLast(s);
                n += k;
            }
            if (n == 0) throw new SyscallException(Errno.EAGAIN);
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
        return slots.size() < SLOTS ? OpenFile.POLLOUT : 0;
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
