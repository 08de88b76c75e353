package org.feuerbird.libos.fs;

import java.util.List;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Process;

/**
 * tmpfs: a file system in LibOS memory (mounted at /dev/shm). Files, directories, symbolic
 * and hard links, permissions and times, as Linux's tmpfs keeps them. The guest runs as
 * root, so permission bits are checked as for root: only execute needs a bit set. Its total
 * size is bounded ({@link #capacity}) so a guest cannot exhaust the LibOS's heap: ENOSPC.
 */
public final class TmpFs implements FileSystem {
    private final long dev;
    private final TmpNode root;
    private long nextIno = 2;
    /** Bytes of file contents the whole file system may hold. */
    final long capacity;
    long used;
    final LockTable locks = new LockTable();

    public TmpFs(long dev, long capacity) {
        this.dev = dev;
        this.capacity = capacity;
        this.root = new TmpNode(1, Stat.S_IFDIR | 01777, null, now());
        root.nlink = 2;
        root.parent = root;
    }

    static long now() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    long dev() { return dev; }

    @Override
    public String type() { return "tmpfs"; }

    /** Bytes of file contents held now (/proc/meminfo's Shmem). */
    public synchronized long used() { return used; }

    public long capacity() { return capacity; }

    /**
     * Blocks from the capacity and the bytes held; inodes as Linux's default for a tmpfs of
     * this size (one per page), those in use counted by walking the tree.
     */
    @Override
    public synchronized StatFs statfs(long flags) {
        long blocks = capacity / 4096, free = Math.max(0, (capacity - used) / 4096);
        java.util.Set<TmpNode> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<TmpNode> todo = new java.util.ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            TmpNode n = todo.pop();
            if (!seen.add(n)) continue;
            if (n.isDir()) todo.addAll(n.entries.values());
        }
        return new StatFs(StatFs.TMPFS_MAGIC, 4096, blocks, free, free, blocks, Math.max(0, blocks - seen.size()), 255, flags);
    }

    private TmpNode find(List<String> rel) throws SyscallException {
        TmpNode n = root;
        for (String c : rel) {
            if (!n.isDir()) throw new SyscallException(Errno.ENOTDIR);
            n = n.entries.get(c);
            if (n == null) throw new SyscallException(Errno.ENOENT);
        }
        return n;
    }

    private TmpNode parentOf(List<String> rel) throws SyscallException {
        if (rel.isEmpty()) throw new SyscallException(Errno.EBUSY);   // the mount's root itself
        TmpNode d = find(rel.subList(0, rel.size() - 1));
        if (!d.isDir()) throw new SyscallException(Errno.ENOTDIR);
        return d;
    }

    private static String last(List<String> rel) { return rel.getLast(); }

    private TmpNode make(TmpNode dir, String name, int mode, String target) {
        TmpNode n = new TmpNode(nextIno++, mode, target, now());
        n.nlink = n.isDir() ? 2 : 1;
        if (n.isDir()) {
            n.parent = dir;
            dir.nlink++;
        }
        dir.entries.put(name, n);
        dir.mtime = dir.ctime = n.ctime;
        return n;
    }

    @Override
    public synchronized Stat lstat(Process p, List<String> rel) throws SyscallException { return find(rel).stat(dev); }

    @Override
    public synchronized Lookup lookup(Process p, List<String> rel) throws SyscallException {
        TmpNode n = root;
        for (String c : rel) {
            if (!n.isDir()) throw new SyscallException(Errno.ENOTDIR);
            n = n.entries.get(c);
            if (n == null) return null;
        }
        return new Lookup(n.mode & Stat.S_IFMT, n);
    }

    @Override
    public synchronized String readlink(Process p, List<String> rel) throws SyscallException {
        TmpNode n = find(rel);
        if (!n.isLink()) throw new SyscallException(Errno.EINVAL);
        n.atime = now();
        return n.target;
    }

    @Override
    public synchronized OpenFile open(Process p, List<String> rel, String guest, Lookup found, int flags, int mode) throws SyscallException {
        boolean create = found == null;
        TmpNode n;
        if (create) {
            n = make(parentOf(rel), last(rel), Stat.S_IFREG | (mode & 07777), null);
        } else {
            n = find(rel);
            if ((flags & 01000) != 0 && (flags & 3) != 0 && !n.isDir()) setSize(n, 0);
        }
        return new TmpFile(this, n, guest, flags);
    }

    /** Resizes a file's contents, within the file system's capacity. */
    synchronized void setSize(TmpNode n, long size) throws SyscallException {
        if (size > Integer.MAX_VALUE - 8) throw new SyscallException(Errno.EFBIG);
        long grow = size - n.size;
        if (grow > 0 && used + grow > capacity) throw new SyscallException(Errno.ENOSPC);
        if (size > n.data.length) {
            n.data = java.util.Arrays.copyOf(n.data, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(size, n.data.length * 2L)));
        } else if (size < n.size) {
            java.util.Arrays.fill(n.data, (int) size, (int) n.size, (byte) 0);
        }
        used += grow;
        n.size = size;
        n.mtime = n.ctime = now();
    }

    @Override
    public synchronized void mkdir(Process p, List<String> rel, int mode) throws SyscallException {
        TmpNode d = parentOf(rel);
        if (d.entries.containsKey(last(rel))) throw new SyscallException(Errno.EEXIST);
        make(d, last(rel), Stat.S_IFDIR | (mode & 07777), null);
    }

    @Override
    public synchronized void remove(Process p, List<String> rel, boolean dir) throws SyscallException {
        TmpNode d = parentOf(rel);
        TmpNode n = d.entries.get(last(rel));
        if (n == null) throw new SyscallException(Errno.ENOENT);
        if (dir && !n.isDir()) throw new SyscallException(Errno.ENOTDIR);
        if (!dir && n.isDir()) throw new SyscallException(Errno.EISDIR);
        if (dir && !n.entries.isEmpty()) throw new SyscallException(Errno.ENOTEMPTY);
        unlinkEntry(d, last(rel), n);
    }

    private void unlinkEntry(TmpNode d, String name, TmpNode n) {
        d.entries.remove(name);
        long t = now();
        d.mtime = d.ctime = t;
        n.ctime = t;
        if (n.isDir()) {
            d.nlink--;
            n.nlink = 0;
        } else {
            n.nlink--;
        }
        forgetIfUnused(n);
    }

    /** A file with no name and no open description is gone: its bytes return to the capacity. */
    synchronized void forgetIfUnused(TmpNode n) {
        if (n.nlink == 0 && n.opens == 0 && !n.isDir() && n.size > 0) {
            used -= n.size;
            n.size = 0;
            n.data = new byte[0];
        }
    }

    @Override
    public synchronized void rename(Process p, List<String> from, List<String> to, int flags) throws SyscallException {
        TmpNode sd = parentOf(from), dd = parentOf(to);
        String sn = last(from), dn = last(to);
        TmpNode s = sd.entries.get(sn);
        if (s == null) throw new SyscallException(Errno.ENOENT);
        TmpNode t = dd.entries.get(dn);
        // A directory cannot move into itself or below itself.
        if (s.isDir()) {
            for (TmpNode a = dd; ; a = a.parent) {
                if (a == s) throw new SyscallException(Errno.EINVAL);
                if (a == root) break;
            }
        }
        if ((flags & 2) != 0) {
            if (t == null) throw new SyscallException(Errno.ENOENT);
            if (t.isDir()) {
                for (TmpNode a = sd; ; a = a.parent) {
                    if (a == t) throw new SyscallException(Errno.EINVAL);
                    if (a == root) break;
                }
            }
            sd.entries.put(sn, t);
            dd.entries.put(dn, s);
            if (s.isDir()) reparent(s, sd, dd);
            if (t.isDir()) reparent(t, dd, sd);
            s.ctime = t.ctime = now();
            return;
        }
        if (t == s) return;   // the same file under two names: POSIX says do nothing
        if (t != null) {
            if ((flags & 1) != 0) throw new SyscallException(Errno.EEXIST);
            if (s.isDir() && !t.isDir()) throw new SyscallException(Errno.ENOTDIR);
            if (!s.isDir() && t.isDir()) throw new SyscallException(Errno.EISDIR);
            if (t.isDir() && !t.entries.isEmpty()) throw new SyscallException(Errno.ENOTEMPTY);
            unlinkEntry(dd, dn, t);
        }
        sd.entries.remove(sn);
        dd.entries.put(dn, s);
        if (s.isDir()) reparent(s, sd, dd);
        long n = now();
        sd.mtime = sd.ctime = dd.mtime = dd.ctime = s.ctime = n;
    }

    private static void reparent(TmpNode dir, TmpNode from, TmpNode to) {
        dir.parent = to;
        from.nlink--;
        to.nlink++;
    }

    @Override
    public synchronized void link(Process p, List<String> from, List<String> to) throws SyscallException {
        TmpNode s = find(from);
        if (s.isDir()) throw new SyscallException(Errno.EPERM);
        TmpNode d = parentOf(to);
        if (d.entries.containsKey(last(to))) throw new SyscallException(Errno.EEXIST);
        d.entries.put(last(to), s);
        s.nlink++;
        s.ctime = d.mtime = d.ctime = now();
    }

    @Override
    public synchronized void symlink(Process p, String target, List<String> rel) throws SyscallException {
        TmpNode d = parentOf(rel);
        if (d.entries.containsKey(last(rel))) throw new SyscallException(Errno.EEXIST);
        make(d, last(rel), Stat.S_IFLNK | 0777, target);
    }

    @Override
    public synchronized void chmod(Process p, List<String> rel, int mode) throws SyscallException {
        TmpNode n = find(rel);
        if (n.isLink()) throw new SyscallException(Errno.ENOTSUP);
        chmod(n, mode);
    }

    synchronized void chmod(TmpNode n, int mode) {
        n.mode = (n.mode & Stat.S_IFMT) | (mode & 07777);
        n.ctime = now();
    }

    @Override
    public synchronized void chown(Process p, List<String> rel, int uid, int gid) throws SyscallException { chown(find(rel), uid, gid); }

    synchronized void chown(TmpNode n, int uid, int gid) {
        if (uid != -1) n.uid = uid;
        if (gid != -1) n.gid = gid;
        n.ctime = now();
    }

    @Override
    public synchronized void utimes(Process p, List<String> rel, long atime, long mtime) throws SyscallException {
        utimes(find(rel), atime, mtime);
    }

    synchronized void utimes(TmpNode n, long atime, long mtime) {
        if (atime != OMIT) n.atime = atime;
        if (mtime != OMIT) n.mtime = mtime;
        n.ctime = now();
    }

    @Override
    public synchronized void access(Process p, List<String> rel, int mode) throws SyscallException {
        TmpNode n = find(rel);
        // Root may read and write anything; it may execute what has an execute bit (or is a directory).
        if ((mode & 1) != 0 && !n.isDir() && (n.mode & 0111) == 0) throw new SyscallException(Errno.EACCES);
    }
}
