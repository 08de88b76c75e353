package org.feuerbird.libos.fs;

import java.io.IOException;
import java.io.OutputStream;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/**
 * The host's standard input, output or error as a guest file (what {@code feuerbird exec}
 * gives a program as fds 0, 1 and 2). Reading the host's stdin can wait without bound, so it
 * is done by a {@link HostInput} thread; this description only takes what has arrived.
 */
public final class HostStream implements OpenFile {
    private final String name;
    private final OutputStream out;
    private final HostInput in;
    private final boolean terminal;
    private int flags;
    /** The JVM's own descriptor this stream writes or reads (0, 1, 2), or -1 if it is no host descriptor. */
    private int hostFd = -1;

    public HostStream(String name, OutputStream out, HostInput in, boolean terminal, int flags) {
        this.name = name;
        this.out = out;
        this.in = in;
        this.terminal = terminal;
        this.flags = flags;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws SyscallException {
        if (in == null) throw new SyscallException(Errno.EBADF);
        int n = in.read(buf, off, len);
        if (n < 0) throw new SyscallException(Errno.EAGAIN);   // the caller waits on input().waiters
        return n;
    }

    @Override
    public int write(byte[] buf, int off, int len) throws SyscallException {
        if (out == null) throw new SyscallException(Errno.EBADF);
        try {
            out.write(buf, off, len);
            out.flush();
            return len;
        } catch (IOException e) {
            throw new SyscallException(Errno.EPIPE, e.getMessage());
        }
    }

    @Override
    public int available() { return in == null ? 0 : in.available(); }

    @Override
    public Stat stat() {
        Stat host = hostStat();
        if (host != null) return host;
        int mode = (terminal ? Stat.S_IFCHR : Stat.S_IFIFO) | 0620;
        return new Stat(0x16, 3 + name.length(), mode, 1, 0, 0, terminal ? 0x8800 : 0, 0, 1024, 0, 0, 0, 0);
    }

    /** Says which host descriptor this stream is, so stat can tell a file, /dev/null or a pipe apart. */
    public HostStream onHostFd(int fd) {
        hostFd = fd;
        return this;
    }

    /**
     * What the host descriptor really is, read from the host's /proc (Java offers no fstat):
     * a file or device is stat'ed by its path, a pipe or socket gets its type. Null if unknown.
     */
    private Stat hostStat() {
        if (hostFd < 0) return null;
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + hostFd)).toString();
            if (target.startsWith("pipe:") || target.startsWith("socket:")) {
                int type = target.startsWith("pipe:") ? Stat.S_IFIFO : Stat.S_IFSOCK;
                return new Stat(0xc, 3 + hostFd, type | 0600, 1, 0, 0, 0, 0, 4096, 0, 0, 0, 0);
            }
            if (!target.startsWith("/")) return null;
            return HostFile.stat(java.nio.file.Path.of(target), true);
        } catch (java.io.IOException | UnsupportedOperationException | SyscallException e) {
            return null;
        }
    }

    @Override
    public boolean isTerminal() { return terminal; }

    @Override
    public String path() { return name; }

    @Override
    public int flags() { return flags; }

    @Override
    public void setFlags(int f) { flags = f; }

    /** Whether reads would wait now (nothing arrived, input not at its end). */
    public boolean wouldBlock() { return in != null && in.wouldBlock(); }

    public HostInput input() { return in; }

    /** Opening the terminal again (/dev/tty): the same host streams, a new description. */
    @Override
    public OpenFile reopen(int f) {
        return new HostStream("/dev/tty", out, in, terminal, f & ~02000000);
    }

    @Override
    public int pollEvents() {
        int ev = out != null ? POLLOUT : 0;
        if (in != null && (in.available() > 0 || !in.wouldBlock())) ev |= POLLIN;
        return ev;
    }

    @Override
    public org.feuerbird.libos.sched.WaitQueue pollWaiters() {
        return in != null ? in.waiters : new org.feuerbird.libos.sched.WaitQueue();
    }

}
