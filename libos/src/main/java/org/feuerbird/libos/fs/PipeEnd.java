package org.feuerbird.libos.fs;

import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.sched.WaitQueue;

/** One end of a {@link Pipe} as an open file description. */
public final class PipeEnd implements OpenFile {
    public final Pipe pipe;
    private final boolean readEnd;
    private int flags;

    public PipeEnd(Pipe pipe, boolean readEnd, int flags) {
        this.pipe = pipe;
        this.readEnd = readEnd;
        this.flags = flags;
        pipe.open(readEnd);
    }

    public boolean isReadEnd() { return readEnd; }

    @Override
    public int read(byte[] buf, int off, int len) throws SyscallException {
        if (!readEnd) throw new SyscallException(Errno.EBADF);
        return pipe.read(buf, off, len);
    }

    @Override
    public int write(byte[] buf, int off, int len) throws SyscallException {
        if (readEnd) throw new SyscallException(Errno.EBADF);
        return pipe.write(buf, off, len);
    }

    @Override
    public Stat stat() {
        return new Stat(0xc, pipe.id, Stat.S_IFIFO | 0600, 1, 0, 0, 0, 0, 4096, 0, 0, 0, 0);
    }

    @Override public int available() { return pipe.available(); }

    @Override public int pollEvents() { return pipe.events(readEnd); }

    @Override public WaitQueue pollWaiters() { return pipe.waiters; }

    @Override public String path() { return "pipe:[" + pipe.id + "]"; }

    @Override public int flags() { return flags; }

    @Override public void setFlags(int f) { flags = f; }

    @Override
    public OpenFile reopen(int f) throws SyscallException {
        // Opening /proc/self/fd/N of a pipe gives a new description of the same pipe, the end by access mode.
        int acc = f & 3;
        if (acc == 2) throw new SyscallException(Errno.EINVAL);
        return new PipeEnd(pipe, acc == 0, f & ~02000000);
    }

    @Override public void close() { pipe.close(readEnd); }
}
