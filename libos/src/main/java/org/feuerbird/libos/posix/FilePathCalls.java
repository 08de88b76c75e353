package org.feuerbird.libos.posix;

import static org.feuerbird.libos.posix.FileCalls.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.feuerbird.libos.fs.FileSystem;
import org.feuerbird.libos.fs.Lookup;
import org.feuerbird.libos.fs.OpenFile;
import org.feuerbird.libos.fs.PathFile;
import org.feuerbird.libos.fs.Stat;
import org.feuerbird.libos.fs.StatFs;
import org.feuerbird.libos.fs.TmpFile;
import org.feuerbird.libos.fs.Vfs;
import org.feuerbird.libos.proc.Process;

/** File system calls that name files by path (the *at family, chdir, getcwd) over the {@link Vfs}. */
public final class FilePathCalls {
    static final int O_PATH = 010000000, AT_SYMLINK_FOLLOW = 0x400, AT_EACCESS = 0x200;
    static final int RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2, RENAME_WHITEOUT = 4;
    static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;
    private final Vfs vfs;

    FilePathCalls(Vfs vfs) { this.vfs = vfs; }

    private static String path(Process p, long at) throws SyscallException { return p.user.readString(at, 4096); }

    /** The directory a *at call starts from: the working directory, or an open directory. */
    private static String base(Process p, int dirfd, String path) throws SyscallException {
        if (path.startsWith("/")) return "/";
        if (dirfd == AT_FDCWD) return p.cwd;
        OpenFile d = p.fds.get(dirfd);
        if ((d.stat().mode() & Stat.S_IFMT) != Stat.S_IFDIR) throw new SyscallException(Errno.ENOTDIR);
        return d.path();
    }

    private Vfs.Location resolve(Process p, int dirfd, String path, boolean follow) throws SyscallException {
        return vfs.resolve(p, base(p, dirfd, path), path, follow);
    }

    private static boolean isDir(Stat s) { return (s.mode() & Stat.S_IFMT) == Stat.S_IFDIR; }

    long openat(Args a) throws SyscallException {
        Process p = a.task().process;
        String path = path(p, a.a1());
        int flags = a.i(2), mode = a.i(3);
        return p.fds.install(open(p, a.i(0), path, flags, mode), (flags & O_CLOEXEC) != 0);
    }

    /** open(2)'s rules, over whatever file system the path leads to. */
    public OpenFile open(Process p, int dirfd, String path, int flags, int mode) throws SyscallException {
        boolean creat = (flags & O_CREAT) != 0, excl = creat && (flags & O_EXCL) != 0;
        // O_CREAT|O_EXCL never follows a final link: the name itself must be new.
        Vfs.Location l = resolve(p, dirfd, path, (flags & O_NOFOLLOW) == 0 && !excl);
        int kept = flags & ~(O_CLOEXEC | O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | O_NOFOLLOW);
        if (l.magic() != null) {
            if (excl) throw new SyscallException(Errno.EEXIST);
            return l.magic().reopen(kept);
        }
        if ((flags & O_PATH) != 0) {
            Stat st = l.statOrNull(p);
            if (st == null) throw new SyscallException(Errno.ENOENT);
            if ((flags & O_DIRECTORY) != 0 && !isDir(st)) throw new SyscallException(Errno.ENOTDIR);
            return new PathFile(st, l.guest(), O_PATH | (flags & O_DIRECTORY));
        }
        int acc = flags & 3;
        if (acc == 3) throw new SyscallException(Errno.EINVAL);
        Lookup found = l.found();
        if (found != null) {
            if (excl) throw new SyscallException(Errno.EEXIST);
            if (found.isLink()) throw new SyscallException((flags & O_DIRECTORY) != 0 ? Errno.ENOTDIR : Errno.ELOOP);
            if (found.isDirectory()) {
                if (acc != O_RDONLY || creat || (flags & O_TRUNC) != 0) throw new SyscallException(Errno.EISDIR);
            } else if ((flags & O_DIRECTORY) != 0) {
                throw new SyscallException(Errno.ENOTDIR);
            }
            // [tty] devfs learns of O_NOCTTY: opening a terminal may make it the caller's controlling one.
            int noctty = l.fs() instanceof org.feuerbird.libos.fs.DevFs ? flags & O_NOCTTY : 0;
            return l.fs().open(p, l.rel(), l.guest(), found, kept | (flags & O_TRUNC) | noctty, mode).withFlags(kept);
        }
        if (!creat) throw new SyscallException(Errno.ENOENT);
        if ((flags & O_DIRECTORY) != 0) throw new SyscallException(Errno.EINVAL);
        if (path.endsWith("/") || l.rel().isEmpty()) throw new SyscallException(Errno.EISDIR);
        return l.fs().open(p, l.rel(), l.guest(), null, kept, mode & ~p.umask & 07777).withFlags(kept);
    }

    long newfstatat(Args a) throws SyscallException {
        Process p = a.task().process;
        Stat st = statAt(p, a.i(0), path(p, a.a1()), a.i(3));
        p.user.write(a.a2(), st.toLinux());
        return 0;
    }

    private Stat statAt(Process p, int dirfd, String path, int flags) throws SyscallException {
        if (path.isEmpty()) {
            if ((flags & AT_EMPTY_PATH) == 0) throw new SyscallException(Errno.ENOENT);
            return dirfd == AT_FDCWD ? vfs.directory(p, p.cwd).stat(p) : p.fds.get(dirfd).stat();
        }
        boolean follow = (flags & AT_SYMLINK_NOFOLLOW) == 0;
        return resolve(p, dirfd, path, follow).stat(p);
    }

    /** statx: struct statx (256 bytes) from the same metadata; everything basic is valid. */
    long statx(Args a) throws SyscallException {
        Process p = a.task().process;
        Stat st = statAt(p, a.i(0), path(p, a.a1()), a.i(2));
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x7ff).putInt((int) st.blksize()).putLong(0).putInt(st.nlink()).putInt(st.uid()).putInt(st.gid())
            .putShort((short) st.mode()).putShort((short) 0).putLong(st.ino()).putLong(st.size()).putLong(st.blocks()).putLong(0);
        for (long t : new long[] {st.atimeNanos(), 0, st.ctimeNanos(), st.mtimeNanos()}) {
            b.putLong(Math.floorDiv(t, 1_000_000_000L)).putInt((int) Math.floorMod(t, 1_000_000_000L)).putInt(0);
        }
        b.putInt(major(st.rdev())).putInt(minor(st.rdev())).putInt(major(st.dev())).putInt(minor(st.dev()));
        p.user.write(a.a4(), b.array());
        return 0;
    }

    private static int major(long dev) { return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL)); }

    private static int minor(long dev) { return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL)); }

    long readlinkat(Args a) throws SyscallException {
        Process p = a.task().process;
        String path = path(p, a.a1());
        int size = a.i(3);
        if (size <= 0) throw new SyscallException(Errno.EINVAL);
        Vfs.Location l = resolve(p, a.i(0), path, false);
        Stat st = l.stat(p);
        if ((st.mode() & Stat.S_IFMT) != Stat.S_IFLNK) throw new SyscallException(Errno.EINVAL);
        byte[] b = l.fs().readlink(p, l.rel()).getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, size);
        p.user.write(a.a2(), b, 0, n);
        return n;
    }

    long mkdirat(Args a) throws SyscallException {
        Process p = a.task().process;
        Vfs.Location l = resolve(p, a.i(0), path(p, a.a1()), false);
        if (l.statOrNull(p) != null) throw new SyscallException(Errno.EEXIST);
        l.fs().mkdir(p, l.rel(), a.i(2) & ~p.umask & 07777);
        return 0;
    }

    long unlinkat(Args a) throws SyscallException {
        Process p = a.task().process;
        int flags = a.i(2);
        if ((flags & ~AT_REMOVEDIR) != 0) throw new SyscallException(Errno.EINVAL);
        boolean dir = (flags & AT_REMOVEDIR) != 0;
        String path = path(p, a.a1());
        if (dir && lastIs(path, ".")) throw new SyscallException(Errno.EINVAL);
        if (dir && lastIs(path, "..")) throw new SyscallException(Errno.ENOTEMPTY);
        Vfs.Location l = resolve(p, a.i(0), path, false);
        if (l.mountRoot()) throw new SyscallException(Errno.EBUSY);
        l.stat(p);
        l.fs().remove(p, l.rel(), dir);
        return 0;
    }

    private static boolean lastIs(String path, String name) {
        String t = path;
        while (t.endsWith("/") && t.length() > 1) t = t.substring(0, t.length() - 1);
        return t.equals(name) || t.endsWith("/" + name);
    }

    long renameat2(Args a, boolean hasFlags) throws SyscallException {
        Process p = a.task().process;
        int flags = hasFlags ? a.i(4) : 0;
        if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) != 0) throw new SyscallException(Errno.EINVAL);
        if ((flags & RENAME_NOREPLACE) != 0 && (flags & RENAME_EXCHANGE) != 0) throw new SyscallException(Errno.EINVAL);
        String from = path(p, a.a1()), to = path(p, a.a3());
        if (lastIs(from, ".") || lastIs(from, "..") || lastIs(to, ".") || lastIs(to, "..")) {
            throw new SyscallException(Errno.EBUSY);
        }
        Vfs.Location s = resolve(p, a.i(0), from, false), d = resolve(p, a.i(2), to, false);
        Stat ss = s.stat(p);
        if (s.mountRoot() || d.mountRoot()) throw new SyscallException(Errno.EBUSY);
        if (s.fs() != d.fs()) throw new SyscallException(Errno.EXDEV);
        Stat ds = d.statOrNull(p);
        if ((to.endsWith("/") || from.endsWith("/")) && !isDir(ss)) throw new SyscallException(Errno.ENOTDIR);
        if (isDir(ss) && d.rel().size() > s.rel().size() && d.rel().subList(0, s.rel().size()).equals(s.rel())) {
            throw new SyscallException(Errno.EINVAL);   // into itself
        }
        if (ds != null && (flags & RENAME_EXCHANGE) == 0) {
            if ((flags & RENAME_NOREPLACE) != 0) throw new SyscallException(Errno.EEXIST);
            if (ds.ino() == ss.ino() && ds.dev() == ss.dev()) return 0;
            if (isDir(ss) && !isDir(ds)) throw new SyscallException(Errno.ENOTDIR);
            if (!isDir(ss) && isDir(ds)) throw new SyscallException(Errno.EISDIR);
        }
        s.fs().rename(p, s.rel(), d.rel(), flags);
        return 0;
    }

    long linkat(Args a) throws SyscallException {
        Process p = a.task().process;
        int flags = a.i(4);
        if ((flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) != 0) throw new SyscallException(Errno.EINVAL);
        Vfs.Location s = resolve(p, a.i(0), path(p, a.a1()), (flags & AT_SYMLINK_FOLLOW) != 0);
        Vfs.Location d = resolve(p, a.i(2), path(p, a.a3()), false);
        Stat ss = s.stat(p);
        if (d.statOrNull(p) != null) throw new SyscallException(Errno.EEXIST);
        if (isDir(ss)) throw new SyscallException(Errno.EPERM);
        if (s.fs() != d.fs()) throw new SyscallException(Errno.EXDEV);
        s.fs().link(p, s.rel(), d.rel());
        return 0;
    }

    long symlinkat(Args a) throws SyscallException {
        Process p = a.task().process;
        String target = path(p, a.a0());
        if (target.isEmpty()) throw new SyscallException(Errno.ENOENT);
        Vfs.Location l = resolve(p, a.i(1), path(p, a.a2()), false);
        if (l.statOrNull(p) != null) throw new SyscallException(Errno.EEXIST);
        l.fs().symlink(p, target, l.rel());
        return 0;
    }

    long faccessat(Args a, boolean hasFlags) throws SyscallException {
        Process p = a.task().process;
        int mode = a.i(2), flags = hasFlags ? a.i(3) : 0;
        if ((mode & ~7) != 0) throw new SyscallException(Errno.EINVAL);
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH)) != 0) throw new SyscallException(Errno.EINVAL);
        Vfs.Location l = resolve(p, a.i(0), path(p, a.a1()), (flags & AT_SYMLINK_NOFOLLOW) == 0);
        if (l.magic() != null) return 0;
        l.stat(p);
        l.fs().access(p, l.rel(), mode);
        return 0;
    }

    long fchmodat(Args a) throws SyscallException {
        Process p = a.task().process;
        Vfs.Location l = resolve(p, a.i(0), path(p, a.a1()), true);
        l.stat(p);
        l.fs().chmod(p, l.rel(), a.i(2));
        return 0;
    }

    long fchownat(Args a) throws SyscallException {
        Process p = a.task().process;
        int flags = a.i(4);
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw new SyscallException(Errno.EINVAL);
        String path = path(p, a.a1());
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0) return fchown(p, a.i(0), a.i(2), a.i(3));
        Vfs.Location l = resolve(p, a.i(0), path, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        l.stat(p);
        l.fs().chown(p, l.rel(), a.i(2), a.i(3));
        return 0;
    }

    /** The location of an open file, for metadata calls on descriptors (fchmod, fchown, futimens). */
    private Vfs.Location byFd(Process p, int fd) throws SyscallException {
        OpenFile f = p.fds.get(fd);
        if (!f.path().startsWith("/")) throw new SyscallException(Errno.EPERM);
        return vfs.resolve(p, "/", f.path(), false);
    }

    long fchmod(Args a) throws SyscallException {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        if (f instanceof PathFile) throw new SyscallException(Errno.EBADF);
        if (f instanceof TmpFile t) {
            t.chmod(a.i(1));
            return 0;
        }
        Vfs.Location l = byFd(p, a.i(0));
        l.fs().chmod(p, l.rel(), a.i(1));
        return 0;
    }

    long fchown(Args a) throws SyscallException { return fchown(a.task().process, a.i(0), a.i(1), a.i(2)); }

    private long fchown(Process p, int fd, int uid, int gid) throws SyscallException {
        OpenFile f = p.fds.get(fd);
        if (f instanceof TmpFile t) {
            t.chown(uid, gid);
            return 0;
        }
        Vfs.Location l = byFd(p, fd);
        l.fs().chown(p, l.rel(), uid, gid);
        return 0;
    }

    long utimensat(Args a) throws SyscallException {
        Process p = a.task().process;
        long atime, mtime;
        long now = System.currentTimeMillis() * 1_000_000L;
        if (a.a2() == 0) {
            atime = mtime = now;
        } else {
            long[] t = new long[4];
            ByteBuffer b = ByteBuffer.wrap(p.user.read(a.a2(), 32)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 4; i++) t[i] = b.getLong();
            atime = time(t[0], t[1], now);
            mtime = time(t[2], t[3], now);
        }
        int flags = a.i(3);
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw new SyscallException(Errno.EINVAL);
        if (a.a1() == 0) {
            // futimens: the descriptor itself.
            OpenFile f = p.fds.get(a.i(0));
            if (f instanceof TmpFile t) {
                t.utimes(atime, mtime);
                return 0;
            }
            Vfs.Location l = byFd(p, a.i(0));
            l.fs().utimes(p, l.rel(), atime, mtime);
            return 0;
        }
        Vfs.Location l = resolve(p, a.i(0), path(p, a.a1()), (flags & AT_SYMLINK_NOFOLLOW) == 0);
        l.stat(p);
        l.fs().utimes(p, l.rel(), atime, mtime);
        return 0;
    }

    private static long time(long sec, long nsec, long now) throws SyscallException {
        if (nsec == UTIME_NOW) return now;
        if (nsec == UTIME_OMIT) return FileSystem.OMIT;
        if (nsec < 0 || nsec >= 1_000_000_000L) throw new SyscallException(Errno.EINVAL);
        return Math.multiplyExact(sec, 1_000_000_000L) + nsec;
    }

    /** statfs(2): the file system the path leads to (links followed), as its mount reports it. */
    long statfs(Args a) throws SyscallException {
        Process p = a.task().process;
        Vfs.Location l = resolve(p, AT_FDCWD, path(p, a.a0()), true);
        if (l.magic() != null) {
            p.user.write(a.a1(), anonymous(l.magic()).bytes());
            return 0;
        }
        l.stat(p);
        Vfs.Mount m = vfs.mountOf(l.guest());
        p.user.write(a.a1(), m.fs().statfs(m.flags()).bytes());
        return 0;
    }

    /** fstatfs(2): the file system an open file was opened on; pipes and terminals have their own. */
    long fstatfs(Args a) throws SyscallException {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        StatFs s;
        if (f.path().startsWith("/") && !(f instanceof org.feuerbird.libos.fs.PipeEnd) && !f.isTerminal()) {
            Vfs.Mount m = vfs.mountOf(f.path());
            s = m.fs().statfs(m.flags());
        } else {
            s = anonymous(f);
        }
        p.user.write(a.a1(), s.bytes());
        return 0;
    }

    /** Files that live on no mounted file system: pipes on pipefs, terminals on devpts, the rest on anon_inodefs. */
    private static StatFs anonymous(OpenFile f) {
        if (f instanceof org.feuerbird.libos.fs.PipeEnd) return StatFs.empty(StatFs.PIPEFS_MAGIC, 0);
        if (f.isTerminal()) return StatFs.empty(StatFs.DEVPTS_SUPER_MAGIC, StatFs.ST_NOSUID | StatFs.ST_NOEXEC);
        return StatFs.empty(StatFs.ANON_INODE_FS_MAGIC, 0);
    }

    long getcwd(Args a) throws SyscallException {
        Process p = a.task().process;
        byte[] b = (inRoot(p.root, p.cwd) + "\0").getBytes(StandardCharsets.UTF_8);
        if (a.a1() < b.length) throw new SyscallException(Errno.ERANGE);
        p.user.write(a.a0(), b);
        return b.length;
    }

    long chdir(Args a) throws SyscallException {
        Process p = a.task().process;
        Vfs.Location l = resolve(p, AT_FDCWD, path(p, a.a0()), true);
        if (!isDir(l.stat(p))) throw new SyscallException(Errno.ENOTDIR);
        p.cwd = l.guest();
        return 0;
    }

    /**
     * A guest path as a process chrooted at {@code root} names it: without the root's prefix,
     * or, outside the root, Linux's "(unreachable)" form.
     */
    static String inRoot(String root, String path) {
        if (root.equals("/")) return path;
        if (path.equals(root)) return "/";
        if (path.startsWith(root + "/")) return path.substring(root.length());
        return "(unreachable)" + path;
    }

    long chroot(Args a) throws SyscallException {
        Process p = a.task().process;
        Vfs.Location l = resolve(p, AT_FDCWD, path(p, a.a0()), true);
        if (!isDir(l.stat(p))) throw new SyscallException(Errno.ENOTDIR);
        p.root = l.guest();   // the cwd stays where it is, as on Linux
        return 0;
    }

    long fchdir(Args a) throws SyscallException {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        if (!isDir(f.stat())) throw new SyscallException(Errno.ENOTDIR);
        p.cwd = f.path();
        return 0;
    }
}
