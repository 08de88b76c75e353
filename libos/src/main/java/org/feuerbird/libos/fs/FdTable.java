package org.feuerbird.libos.fs;

import java.util.Arrays;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/**
 * A process's file descriptors: small integers naming open file descriptions, each with its
 * close-on-exec flag. Descriptions are shared (dup, fork) and reference-counted, so the last
 * close closes the file.
 */
public final class FdTable {
    /** RLIMIT_NOFILE as Linux sets it by default. */
    public static final int MAX_FDS = 1024;
    /** The largest RLIMIT_NOFILE there is (Linux's nr_open). */
    public static final int NR_OPEN = 1024 * 1024;

    /** A description with its reference count (descriptors in every table pointing at it). */
    public static final class Ref {
        public final OpenFile file;
        int refs;

        Ref(OpenFile file) { this.file = file; }

        /**
         * One more holder of the description outside every table: a shared file mapping,
         * which outlives the descriptor it was made through (as Linux's mmap takes a
         * reference on the open file).
         */
        public Ref hold() {
            refs++;
            return this;
        }

        /** One holder fewer; the last one closes the file. */
        public void drop() {
            if (--refs == 0) file.close();
        }
    }

    private Ref[] fds = new Ref[16];
    private boolean[] cloexec = new boolean[16];
    /** RLIMIT_NOFILE in force (set by the process calls): descriptors are below it. */
    private int limit = MAX_FDS;

    public void setLimit(int limit) { this.limit = limit; }

    public OpenFile get(int fd) throws SyscallException {
        if (fd < 0 || fd >= fds.length || fds[fd] == null) throw new SyscallException(Errno.EBADF);
        return fds[fd].file;
    }

    /** The description {@code fd} names, with its reference count (see {@link Ref#hold}). */
    public Ref ref(int fd) throws SyscallException {
        get(fd);
        return fds[fd];
    }

    public boolean isOpen(int fd) { return fd >= 0 && fd < fds.length && fds[fd] != null; }

    /** Installs a new description at the lowest free descriptor at or above {@code from}. */
    public int install(OpenFile f, boolean closeOnExec, int from) throws SyscallException {
        Ref r = new Ref(f);
        return installRef(r, closeOnExec, from);
    }

    public int install(OpenFile f, boolean closeOnExec) throws SyscallException { return install(f, closeOnExec, 0); }

    private int installRef(Ref r, boolean closeOnExec, int from) throws SyscallException {
        for (int fd = Math.max(0, from); fd < limit; fd++) {
            if (fd >= fds.length) grow(fd + 1);
            if (fds[fd] == null) {
                put(fd, r, closeOnExec);
                return fd;
            }
        }
        throw new SyscallException(Errno.EMFILE);
    }

    private void put(int fd, Ref r, boolean closeOnExec) {
        fds[fd] = r;
        cloexec[fd] = closeOnExec;
        r.refs++;
    }

    /** dup/F_DUPFD: the lowest free descriptor at or above {@code from}. */
    public int dup(int fd, int from, boolean closeOnExec) throws SyscallException {
        get(fd);
        if (from >= limit) throw new SyscallException(Errno.EINVAL);   // F_DUPFD at or past RLIMIT_NOFILE
        return installRef(fds[fd], closeOnExec, from);
    }

    /** dup2/dup3: {@code newFd} names the same description, closing what it named. */
    public int dupTo(int fd, int newFd, boolean closeOnExec) throws SyscallException {
        get(fd);
        if (newFd < 0 || newFd >= limit) throw new SyscallException(Errno.EBADF);
        if (newFd >= fds.length) grow(newFd + 1);
        if (fds[newFd] == fds[fd]) {
            cloexec[newFd] = closeOnExec;
            return newFd;
        }
        if (fds[newFd] != null) close(newFd);
        put(newFd, fds[fd], closeOnExec);
        return newFd;
    }

    public void close(int fd) throws SyscallException {
        get(fd);
        Ref r = fds[fd];
        fds[fd] = null;
        cloexec[fd] = false;
        // POSIX: closing any descriptor of a file drops the process's record locks on it.
        r.file.closedBy(this);
        r.drop();
    }

    public boolean closeOnExec(int fd) throws SyscallException {
        get(fd);
        return cloexec[fd];
    }

    public void setCloseOnExec(int fd, boolean on) throws SyscallException {
        get(fd);
        cloexec[fd] = on;
    }

    /** A copy for fork: the same descriptions, one more reference each. */
    public FdTable fork() {
        FdTable t = new FdTable();
        t.limit = limit;
        t.fds = Arrays.copyOf(fds, fds.length);
        t.cloexec = Arrays.copyOf(cloexec, cloexec.length);
        for (Ref r : t.fds) if (r != null) r.refs++;
        return t;
    }

    /** At exec: descriptors marked close-on-exec go. */
    public void closeOnExec() {
        for (int fd = 0; fd < fds.length; fd++) {
            if (fds[fd] != null && cloexec[fd]) {
                try {
                    close(fd);
                } catch (SyscallException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
    }

    /** At exit: everything goes. */
    public void closeAll() {
        for (int fd = 0; fd < fds.length; fd++) {
            if (fds[fd] != null) {
                try {
                    close(fd);
                } catch (SyscallException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
    }

    /** Open descriptors in order, for /proc/self/fd. */
    public int[] open() {
        return java.util.stream.IntStream.range(0, fds.length).filter(i -> fds[i] != null).toArray();
    }

    private void grow(int n) {
        int size = Math.max(n, fds.length * 2);
        fds = Arrays.copyOf(fds, size);
        cloexec = Arrays.copyOf(cloexec, size);
    }
}
