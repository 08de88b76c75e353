package org.feuerbird.libos.fs;

import java.util.ArrayList;
import java.util.List;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;

/** An open tmpfs file or directory. */
public final class TmpFile implements OpenFile {
    private final TmpFs fs;
    final TmpNode node;
    private final String guest;
    private int flags;
    private long position;
    private int dirPosition;

    TmpFile(TmpFs fs, TmpNode node, String guest, int flags) {
        this.fs = fs;
        this.node = node;
        this.guest = guest;
        this.flags = flags;
        synchronized (fs) {
            node.opens++;
        }
    }

    @Override
    public int read(byte[] buf, int off, int len) throws SyscallException {
        if ((flags & 3) == 1) throw new SyscallException(Errno.EBADF);
        int n = pread(buf, off, len, position);
        position += n;
        return n;
    }

    @Override
    public int write(byte[] buf, int off, int len) throws SyscallException {
        if ((flags & 3) == 0) throw new SyscallException(Errno.EBADF);
        synchronized (fs) {
            if ((flags & HostFile.O_APPEND) != 0) position = node.size;
            int n = pwrite(buf, off, len, position);
            position += n;
            return n;
        }
    }

    @Override
    public int pread(byte[] buf, int off, int len, long pos) throws SyscallException {
        if (node.isDir()) throw new SyscallException(Errno.EISDIR);
        synchronized (fs) {
            if (pos >= node.size) return 0;
            int n = (int) Math.min(len, node.size - pos);
            System.arraycopy(node.data, (int) pos, buf, off, n);
            node.atime = TmpFs.now();
            return n;
        }
    }

    @Override
    public int pwrite(byte[] buf, int off, int len, long pos) throws SyscallException {
        if (node.isDir()) throw new SyscallException(Errno.EISDIR);
        synchronized (fs) {
            if (len == 0) return 0;
            long end = pos + len;
            if (end > node.size) fs.setSize(node, end);
            System.arraycopy(buf, off, node.data, (int) pos, len);
            node.mtime = node.ctime = TmpFs.now();
            return len;
        }
    }

    @Override
    public long seek(long offset, int whence) throws SyscallException {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> node.isDir() ? dirPosition : position;
            case 2 -> {
                if (node.isDir()) throw new SyscallException(Errno.EINVAL);
                yield node.size;
            }
            default -> throw new SyscallException(Errno.EINVAL);
        };
        long p = base + offset;
        if (p < 0) throw new SyscallException(Errno.EINVAL);
        if (node.isDir()) dirPosition = (int) Math.min(p, Integer.MAX_VALUE);
        position = p;
        return p;
    }

    @Override
    public Stat stat() {
        synchronized (fs) {
            return node.stat(fs.dev());
        }
    }

    @Override
    public List<DirEntry> list() throws SyscallException {
        if (!node.isDir()) throw new SyscallException(Errno.ENOTDIR);
        synchronized (fs) {
            List<DirEntry> out = new ArrayList<>();
            out.add(new DirEntry(".", node.ino, 4));
            out.add(new DirEntry("..", node.parent == null ? node.ino : node.parent.ino, 4));
            node.entries.forEach((name, n) -> out.add(new DirEntry(name, n.ino, (n.mode & Stat.S_IFMT) >> 12)));
            return out;
        }
    }

    @Override public int dirPosition() { return dirPosition; }

    @Override public void setDirPosition(int p) { dirPosition = p; }

    @Override public String path() { return guest; }

    @Override public int flags() { return flags; }

    @Override public void setFlags(int f) { flags = f; }

    @Override
    public void truncate(long length) throws SyscallException {
        if (node.isDir()) throw new SyscallException(Errno.EISDIR);
        if ((flags & 3) == 0) throw new SyscallException(Errno.EINVAL);
        fs.setSize(node, length);
    }

    /** FIONREAD on a file: the bytes between the position and the end. */
    @Override
    public int available() {
        synchronized (fs) {
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, node.size - position));
        }
    }

    @Override public LockTable locks() { return fs.locks; }

    @Override public Object lockKey() { return node; }

    /** fchmod, fchown, futimens on the open node. */
    public void chmod(int mode) { fs.chmod(node, mode); }

    public void chown(int uid, int gid) { fs.chown(node, uid, gid); }

    public void utimes(long atime, long mtime) { fs.utimes(node, atime, mtime); }

    @Override
    public void close() {
        synchronized (fs) {
            node.opens--;
            fs.forgetIfUnused(node);
        }
    }
}
