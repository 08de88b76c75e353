package org.feuerbird.libos.tty;

import org.feuerbird.libos.fs.DevFs;
import org.feuerbird.libos.fs.OpenFile;
import org.feuerbird.libos.fs.Stat;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.sched.Blocked;
import org.feuerbird.libos.sched.WaitQueue;

/**
 * An open file description of a terminal (/dev/console, /dev/tty, init's fds 0 to 2). Reads
 * and writes that know their thread ({@link #read(Task, byte[], int, int)}) get job control
 * and wait by themselves; the plain OpenFile ones answer EAGAIN instead of waiting.
 */
public final class TtyFile implements OpenFile {
    static final int O_NONBLOCK = 04000, O_CLOEXEC = 02000000;
    private final Tty tty;
    private final String path;
    private int flags;

    public TtyFile(Tty tty, String path, int flags) {
        this.tty = tty;
        this.path = path;
        this.flags = flags & ~O_CLOEXEC;
    }

    public Tty tty() { return tty; }

    public int read(Task t, byte[] buf, int off, int len) throws SyscallException, Blocked {
        return tty.read(t, buf, off, len, (flags & O_NONBLOCK) != 0);
    }

    public int write(Task t, byte[] buf, int off, int len) throws SyscallException, Blocked {
        return tty.write(t, buf, off, len, (flags & O_NONBLOCK) != 0);
    }

    @Override
    public int read(byte[] buf, int off, int len) throws SyscallException {
        try {
            return tty.read(null, buf, off, len, true);
        } catch (Blocked b) {
            throw new SyscallException(org.feuerbird.libos.posix.Errno.EAGAIN);
        }
    }

    @Override
    public int write(byte[] buf, int off, int len) throws SyscallException {
        try {
            return tty.write(null, buf, off, len, true);
        } catch (Blocked b) {
            throw new SyscallException(org.feuerbird.libos.posix.Errno.EAGAIN);
        }
    }

    /** The device node it was opened by, as devfs shows it: ttyname finds the name by comparing the two. */
    @Override
    public Stat stat() {
        boolean viaTty = path.equals("/dev/tty");
        long ino = viaTty ? DevFs.TTY_INO : DevFs.CONSOLE_INO;
        long rdev = viaTty ? (5 << 8) : tty.rdev();
        return new Stat(DevFs.DEV, ino, Stat.S_IFCHR | (viaTty ? 0666 : 0600), 1, 0, 0, rdev, 0, 4096, 0, 0, 0, 0);
    }

    @Override public boolean isTerminal() { return true; }

    @Override public int available() { return tty.readable(); }

    @Override public String path() { return path; }

    @Override public int flags() { return flags; }

    @Override public void setFlags(int f) { flags = f; }

    @Override public int pollEvents() { return tty.pollEvents(); }

    @Override public WaitQueue pollWaiters() { return tty.waiters; }

    @Override
    public OpenFile reopen(int f) { return new TtyFile(tty, path, f); }
}
