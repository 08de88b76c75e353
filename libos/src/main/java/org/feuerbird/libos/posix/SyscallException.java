package org.feuerbird.libos.posix;

/**
 * A system call fails with an errno. Thrown inside handlers and turned into {@code -errno} in
 * a0 at the system-call boundary, so deep helpers (path walks, user-memory copies) can fail
 * without threading return codes through every layer. No stack trace: it is an ordinary result.
 */
public final class SyscallException extends Exception {
    public final int errno;

    public SyscallException(int errno) {
        super(Errno.name(errno), null, false, false);
        this.errno = errno;
    }

    public SyscallException(int errno, String detail) {
        super(Errno.name(errno) + ": " + detail, null, false, false);
        this.errno = errno;
    }
}
