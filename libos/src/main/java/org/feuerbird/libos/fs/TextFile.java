package org.feuerbird.libos.fs;

import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/** A read-only file whose contents were generated when it was opened (/proc/self/maps and friends). */
final class TextFile implements OpenFile {
    private final byte[] text;
    private final Stat stat;
    private final String guest;
    private int flags;
    private long position;

    TextFile(byte[] text, Stat stat, String guest, int flags) {
        this.text = text;
        this.stat = stat;
        this.guest = guest;
        this.flags = flags;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws SyscallException {
        int n = pread(buf, off, len, position);
        position += n;
        return n;
    }

    @Override
    public int pread(byte[] buf, int off, int len, long pos) {
        if (pos >= text.length) return 0;
        int n = (int) Math.min(len, text.length - pos);
        System.arraycopy(text, (int) pos, buf, off, n);
        return n;
    }

    @Override
    public long seek(long offset, int whence) throws SyscallException {
        long p = switch (whence) {
            case 0 -> offset;
            case 1 -> position + offset;
            case 2 -> text.length + offset;
            default -> throw new SyscallException(Errno.EINVAL);
        };
        if (p < 0) throw new SyscallException(Errno.EINVAL);
        position = p;
        return p;
    }

    @Override public Stat stat() { return stat; }

    @Override public String path() { return guest; }

    @Override public int flags() { return flags; }

    @Override public void setFlags(int f) { flags = f; }
}
