package org.feuerbird.libos.fs;

import java.util.List;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/** An open directory of a synthetic file system (devfs, procfs): its entries as they were at open. */
final class SyntheticDir implements OpenFile {
    private final Stat stat;
    private final List<DirEntry> entries;
    private final String guest;
    private int flags, position;

    SyntheticDir(Stat stat, List<DirEntry> entries, String guest, int flags) {
        this.stat = stat;
        this.entries = entries;
        this.guest = guest;
        this.flags = flags;
    }

    @Override public int read(byte[] b, int off, int len) throws SyscallException { throw new SyscallException(Errno.EISDIR); }

    @Override
    public long seek(long offset, int whence) throws SyscallException {
        long p = switch (whence) {
            case 0 -> offset;
            case 1 -> position + offset;
            default -> throw new SyscallException(Errno.EINVAL);
        };
        if (p < 0) throw new SyscallException(Errno.EINVAL);
        position = (int) Math.min(p, Integer.MAX_VALUE);
        return p;
    }

    @Override public Stat stat() { return stat; }

    @Override public List<DirEntry> list() { return entries; }

    @Override public int dirPosition() { return position; }

    @Override public void setDirPosition(int p) { position = p; }

    @Override public String path() { return guest; }

    @Override public int flags() { return flags; }

    @Override public void setFlags(int f) { flags = f; }
}
