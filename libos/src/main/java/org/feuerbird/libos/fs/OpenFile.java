package org.feuerbird.libos.fs;

import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/**
 * An open file description (what a file descriptor points at, shared by dup and fork): the
 * operations a system call can apply to it. Defaults fail as Linux does for files that do
 * not support the operation.
 */
public interface OpenFile {
    /** Reads into {@code buf}; returns bytes read, 0 at end of file. */
    default int read(byte[] buf, int off, int len) throws SyscallException { throw new SyscallException(Errno.EBADF); }

    default int write(byte[] buf, int off, int len) throws SyscallException { throw new SyscallException(Errno.EBADF); }

    default int pread(byte[] buf, int off, int len, long pos) throws SyscallException { throw new SyscallException(Errno.ESPIPE); }

    default int pwrite(byte[] buf, int off, int len, long pos) throws SyscallException { throw new SyscallException(Errno.ESPIPE); }

    default long seek(long offset, int whence) throws SyscallException { throw new SyscallException(Errno.ESPIPE); }

    /** The file's metadata, as struct stat wants it. */
    Stat stat() throws SyscallException;

    /** Whether the file is a terminal (isatty; TCGETS). */
    default boolean isTerminal() { return false; }

    /** Bytes readable without blocking (FIONREAD). */
    default int available() throws SyscallException { return 0; }

    /** Directory entries (getdents64), or ENOTDIR. */
    default java.util.List<DirEntry> list() throws SyscallException { throw new SyscallException(Errno.ENOTDIR); }

    /** For directories: a position into {@link #list} kept by getdents64. */
    default int dirPosition() { return 0; }

    default void setDirPosition(int p) {}

    /** The path it was opened by, for /proc/self/fd and --trace. */
    String path();

    /** Status flags (O_APPEND, O_NONBLOCK, the access mode) as fcntl(F_GETFL) shows them. */
    int flags();

    void setFlags(int flags);

    /** Sets the status flags and returns this (for open, which decides them after the file system). */
    default OpenFile withFlags(int f) {
        setFlags(f);
        return this;
    }

    /** Called when the last descriptor for it is closed. */
    default void close() {}

    default void truncate(long length) throws SyscallException { throw new SyscallException(Errno.EINVAL); }

    default void sync() throws SyscallException {}

    int POLLIN = 1, POLLOUT = 4, POLLERR = 8, POLLHUP = 0x10;

    /**
     * Readiness for poll/select: POLLIN, POLLOUT, POLLHUP and POLLERR bits as they are now.
     * Ordinary files are always ready.
     */
    default int pollEvents() { return POLLIN | POLLOUT; }

    /**
     * Where a thread waits for {@link #pollEvents} to change. Files that are always ready
     * never change, so they give a fresh queue nobody wakes.
     */
    default org.feuerbird.libos.sched.WaitQueue pollWaiters() { return new org.feuerbird.libos.sched.WaitQueue(); }

    /** The record-lock table this file's locks live in, or null if it cannot be locked. */
    default LockTable locks() { return null; }

    /** What names the file (its inode) in {@link #locks}. */
    default Object lockKey() { return this; }

    /** A descriptor of {@code owner} (a descriptor table) for this file was closed: its record locks go. */
    default void closedBy(Object owner) {
        LockTable t = locks();
        if (t != null) t.releaseAll(lockKey(), owner);
    }

    /** A new description of the same object, for opening a magic link (/proc/self/fd/N). */
    default OpenFile reopen(int flags) throws SyscallException { throw new SyscallException(Errno.ENXIO); }

    /** One directory entry: name, inode number, type (DT_*). */
    record DirEntry(String name, long ino, int type) {}
}
