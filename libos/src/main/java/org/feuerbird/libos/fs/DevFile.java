package org.feuerbird.libos.fs;

import java.security.SecureRandom;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/** The memory devices of /dev: null, zero, full, random and urandom. */
final class DevFile implements OpenFile {
    enum Kind { NULL, ZERO, FULL, RANDOM }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Kind kind;
    private final Stat stat;
    private final String guest;
    private int flags;

    DevFile(Kind kind, Stat stat, String guest, int flags) {
        this.kind = kind;
        this.stat = stat;
        this.guest = guest;
        this.flags = flags;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        switch (kind) {
            case NULL -> { return 0; }
            case RANDOM -> {
                byte[] r = new byte[len];
                RANDOM.nextBytes(r);
                System.arraycopy(r, 0, buf, off, len);
            }
            default -> java.util.Arrays.fill(buf, off, off + len, (byte) 0);
        }
        return len;
    }

    @Override
    public int write(byte[] buf, int off, int len) throws SyscallException {
        if (kind == Kind.FULL) throw new SyscallException(Errno.ENOSPC);
        return len;
    }

    @Override public int pread(byte[] buf, int off, int len, long pos) { return read(buf, off, len); }

    @Override public int pwrite(byte[] buf, int off, int len, long pos) throws SyscallException { return write(buf, off, len); }

    // Seeking a memory device succeeds and means nothing, as on Linux.
    @Override public long seek(long offset, int whence) { return 0; }

    @Override public int available() { return 0; }

    @Override public Stat stat() { return stat; }

    @Override public String path() { return guest; }

    @Override public int flags() { return flags; }

    @Override public void setFlags(int f) { flags = f; }
}
