package org.feuerbird.libos.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.fs.FdTable;
import org.feuerbird.libos.fs.HostFile;
import org.feuerbird.libos.fs.HostFs;
import org.feuerbird.libos.fs.HostStream;
import org.feuerbird.libos.fs.OpenFile;
import org.feuerbird.libos.fs.Stat;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.sched.Blocked;
import org.feuerbird.libos.vm.UserMemory;

/** File system calls over the host file system (confined to the root) and the host's stdio. */
public final class FileCalls {
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000, AT_REMOVEDIR = 0x200;
    static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_NOCTTY = 0400, O_TRUNC = 01000;
    static final int O_APPEND = 02000, O_NONBLOCK = 04000, O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000;
    static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030, FD_CLOEXEC = 1;
    static final int TCGETS = 0x5401, TIOCGWINSZ = 0x5413, FIONREAD = 0x541B, TIOCGPGRP = 0x540F;
    /** Most bytes one read or write moves at once (Linux's MAX_RW_COUNT is about 2 GiB; this keeps Java arrays small). */
    static final int MAX_IO = 1 << 24;
    private final PosixLibOS os;

    FileCalls(PosixLibOS os) { this.os = os; }

    private static int count(long len) throws SyscallException {
        if (len < 0) throw new SyscallException(Errno.EINVAL);
        return (int) Math.min(len, MAX_IO);
    }

    /** A read that waits when nothing has arrived yet (unless non-blocking). */
    private int readFrom(OpenFile f, byte[] buf, int len) throws SyscallException, Blocked {
        try {
            return f.read(buf, 0, len);
        } catch (SyscallException e) {
            if (e.errno == Errno.EAGAIN && (f.flags() & O_NONBLOCK) == 0 && f instanceof HostStream s) {
                throw new Blocked(s.input().waiters, s::wouldBlock);
            }
            throw e;
        }
    }

    long read(Args a) throws SyscallException, Blocked {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        int len = count(a.a2());
        byte[] buf = new byte[len];
        int n = readFrom(f, buf, len);
        p.user.write(a.a1(), buf, 0, n);
        return n;
    }

    long write(Args a) throws SyscallException {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        int len = count(a.a2());
        byte[] buf = p.user.read(a.a1(), len);
        return f.write(buf, 0, len);
    }

    /** The iovec array: pairs of (base, length). */
    private static long[] iovecs(UserMemory u, long at, int n) throws SyscallException {
        if (n < 0 || n > 1024) throw new SyscallException(Errno.EINVAL);
        byte[] raw = u.read(at, 16 * n);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[2 * n];
        for (int i = 0; i < 2 * n; i++) v[i] = b.getLong();
        return v;
    }

    long writev(Args a) throws SyscallException {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        long[] v = iovecs(p.user, a.a1(), a.i(2));
        long total = 0;
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < v.length; i += 2) {
            int len = count(v[i + 1]);
            all.writeBytes(p.user.read(v[i], len));
        }
        byte[] buf = all.toByteArray();
        // One write for the whole vector, so a pipe or terminal sees it as one (writev is atomic like write).
        total = f.write(buf, 0, buf.length);
        return total;
    }

    long readv(Args a) throws SyscallException, Blocked {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        long[] v = iovecs(p.user, a.a1(), a.i(2));
        long want = 0;
        for (int i = 1; i < v.length; i += 2) want += v[i];
        byte[] buf = new byte[count(want)];
        int n = readFrom(f, buf, buf.length);
        int done = 0;
        for (int i = 0; i < v.length && done < n; i += 2) {
            int part = (int) Math.min(v[i + 1], n - done);
            p.user.write(v[i], buf, done, part);
            done += part;
        }
        return n;
    }

    long pread(Args a) throws SyscallException {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        if (a.a3() < 0) throw new SyscallException(Errno.EINVAL);
        byte[] buf = new byte[count(a.a2())];
        int n = f.pread(buf, 0, buf.length, a.a3());
        p.user.write(a.a1(), buf, 0, n);
        return n;
    }

    long pwrite(Args a) throws SyscallException {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        if (a.a3() < 0) throw new SyscallException(Errno.EINVAL);
        byte[] buf = p.user.read(a.a1(), count(a.a2()));
        return f.pwrite(buf, 0, buf.length, a.a3());
    }

    /** The directory a *at call starts from: the working directory, or an open directory. */
    private String base(Process p, int dirfd) throws SyscallException {
        if (dirfd == AT_FDCWD) return p.cwd;
        OpenFile d = p.fds.get(dirfd);
        if ((d.stat().mode() & Stat.S_IFMT) != Stat.S_IFDIR) throw new SyscallException(Errno.ENOTDIR);
        return d.path();
    }

    private HostFs.Resolved resolve(Process p, int dirfd, String path, boolean follow) throws SyscallException {
        String from = path.startsWith("/") ? "/" : base(p, dirfd);
        return os.fs().resolve(from, path, follow);
    }

    long openat(Args a) throws SyscallException {
        Process p = a.task().process;
        String path = p.user.readString(a.a1(), 4096);
        int flags = a.i(2), mode = a.i(3);
        return p.fds.install(open(p, a.i(0), path, flags, mode), (flags & O_CLOEXEC) != 0);
    }

    /** open(2)'s rules over a host file. */
    public OpenFile open(Process p, int dirfd, String path, int flags, int mode) throws SyscallException {
        HostFs.Resolved r = resolve(p, dirfd, path, (flags & O_NOFOLLOW) == 0);
        var host = r.host();
        boolean exists = Files.exists(host, LinkOption.NOFOLLOW_LINKS);
        if (exists && (flags & O_CREAT) != 0 && (flags & O_EXCL) != 0) throw new SyscallException(Errno.EEXIST);
        if (exists && Files.isSymbolicLink(host)) throw new SyscallException(Errno.ELOOP);   // O_NOFOLLOW on a link
        if (!exists && (flags & O_CREAT) == 0) throw new SyscallException(Errno.ENOENT);
        int acc = flags & 3;
        if (exists && Files.isDirectory(host)) {
            if (acc != O_RDONLY || (flags & O_TRUNC) != 0) throw new SyscallException(Errno.EISDIR);
            return new HostFile(host, r.guest(), null, flags & ~O_CLOEXEC);
        }
        if ((flags & O_DIRECTORY) != 0) throw new SyscallException(exists ? Errno.ENOTDIR : Errno.ENOENT);
        Set<OpenOption> opts = new HashSet<>();
        opts.add(LinkOption.NOFOLLOW_LINKS);
        if (acc == O_RDONLY || acc == O_RDWR) opts.add(StandardOpenOption.READ);
        if (acc == O_WRONLY || acc == O_RDWR) opts.add(StandardOpenOption.WRITE);
        if ((flags & O_CREAT) != 0) opts.add(StandardOpenOption.CREATE);
        if ((flags & O_TRUNC) != 0 && acc != O_RDONLY) opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        try {
            FileChannel ch;
            if (!exists) {
                var perms = java.nio.file.attribute.PosixFilePermissions.asFileAttribute(permissions(mode & ~p.umask & 0777));
                ch = FileChannel.open(host, opts, perms);
            } else {
                ch = FileChannel.open(host, opts);
            }
            return new HostFile(host, r.guest(), ch, flags & ~(O_CLOEXEC | O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY));
        } catch (IOException e) {
            throw hostError(e);
        }
    }

    static SyscallException hostError(IOException e) { return HostFile.io(e); }

    static Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        Set<java.nio.file.attribute.PosixFilePermission> s = new HashSet<>();
        java.nio.file.attribute.PosixFilePermission[] all = java.nio.file.attribute.PosixFilePermission.values();
        // The enum lists OWNER_READ..OTHERS_EXECUTE, bit 8 down to bit 0.
        for (int i = 0; i < 9; i++) if ((mode & (1 << (8 - i))) != 0) s.add(all[i]);
        return s;
    }

    long close(Args a) throws SyscallException {
        a.task().process.fds.close(a.i(0));
        return 0;
    }

    long lseek(Args a) throws SyscallException {
        return a.task().process.fds.get(a.i(0)).seek(a.a1(), a.i(2));
    }

    long fstat(Args a) throws SyscallException {
        Process p = a.task().process;
        p.user.write(a.a1(), p.fds.get(a.i(0)).stat().toLinux());
        return 0;
    }

    long newfstatat(Args a) throws SyscallException {
        Process p = a.task().process;
        String path = p.user.readString(a.a1(), 4096);
        int flags = a.i(3);
        Stat st;
        if (path.isEmpty()) {
            if ((flags & AT_EMPTY_PATH) == 0) throw new SyscallException(Errno.ENOENT);
            st = a.i(0) == AT_FDCWD ? HostFile.stat(os.fs().resolve("/", p.cwd, true).host(), true) : p.fds.get(a.i(0)).stat();
        } else {
            boolean follow = (flags & AT_SYMLINK_NOFOLLOW) == 0;
            st = HostFile.stat(resolve(p, a.i(0), path, follow).host(), follow);
        }
        p.user.write(a.a2(), st.toLinux());
        return 0;
    }

    long readlinkat(Args a) throws SyscallException {
        Process p = a.task().process;
        String path = p.user.readString(a.a1(), 4096);
        int size = a.i(3);
        if (size <= 0) throw new SyscallException(Errno.EINVAL);
        String target;
        if (path.equals("/proc/self/exe")) {
            target = p.exe;
        } else {
            HostFs.Resolved r = resolve(p, a.i(0), path, false);
            if (!Files.isSymbolicLink(r.host())) {
                throw new SyscallException(Files.exists(r.host(), LinkOption.NOFOLLOW_LINKS) ? Errno.EINVAL : Errno.ENOENT);
            }
            try {
                target = Files.readSymbolicLink(r.host()).toString();
            } catch (IOException e) {
                throw hostError(e);
            }
        }
        byte[] b = target.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, size);
        p.user.write(a.a2(), b, 0, n);
        return n;
    }

    long ioctl(Args a) throws SyscallException {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        int req = a.i(1);
        switch (req) {
            case TCGETS, TIOCGWINSZ, TIOCGPGRP -> {
                if (!f.isTerminal()) throw new SyscallException(Errno.ENOTTY);
                if (req == TIOCGWINSZ) {
                    p.user.write(a.a2(), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 24).putShort((short) 80).array());
                } else if (req == TIOCGPGRP) {
                    p.user.writeInt(a.a2(), p.pgid);
                } else {
                    p.user.write(a.a2(), Termios.defaults());
                }
                return 0;
            }
            case FIONREAD -> {
                p.user.writeInt(a.a2(), f.available());
                return 0;
            }
            default -> throw new SyscallException(f.isTerminal() ? Errno.EINVAL : Errno.ENOTTY);
        }
    }

    long getcwd(Args a) throws SyscallException {
        Process p = a.task().process;
        byte[] b = (p.cwd + "\0").getBytes(StandardCharsets.UTF_8);
        if (a.a1() < b.length) throw new SyscallException(Errno.ERANGE);
        p.user.write(a.a0(), b);
        return b.length;
    }

    long chdir(Args a) throws SyscallException {
        Process p = a.task().process;
        HostFs.Resolved r = resolve(p, AT_FDCWD, p.user.readString(a.a0(), 4096), true);
        if (!Files.exists(r.host())) throw new SyscallException(Errno.ENOENT);
        if (!Files.isDirectory(r.host())) throw new SyscallException(Errno.ENOTDIR);
        p.cwd = r.guest();
        return 0;
    }

    long getdents64(Args a) throws SyscallException {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        int size = (int) Math.min(a.a2(), MAX_IO);
        List<OpenFile.DirEntry> entries = f.list();
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        int pos = f.dirPosition();
        while (pos < entries.size()) {
            OpenFile.DirEntry e = entries.get(pos);
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int reclen = (19 + name.length + 1 + 7) & ~7;
            if (out.remaining() < reclen) break;
            int start = out.position();
            out.putLong(e.ino()).putLong(pos + 1).putShort((short) reclen).put((byte) e.type()).put(name).put((byte) 0);
            out.position(start + reclen);
            pos++;
        }
        if (out.position() == 0 && pos < entries.size()) throw new SyscallException(Errno.EINVAL);
        f.setDirPosition(pos);
        p.user.write(a.a1(), out.array(), 0, out.position());
        return out.position();
    }

    long dup(Args a) throws SyscallException {
        return a.task().process.fds.dup(a.i(0), 0, false);
    }

    long dup3(Args a) throws SyscallException {
        if (a.i(0) == a.i(1)) throw new SyscallException(Errno.EINVAL);
        if ((a.i(2) & ~O_CLOEXEC) != 0) throw new SyscallException(Errno.EINVAL);
        return a.task().process.fds.dupTo(a.i(0), a.i(1), (a.i(2) & O_CLOEXEC) != 0);
    }

    long fcntl(Args a) throws SyscallException {
        FdTable fds = a.task().process.fds;
        int fd = a.i(0);
        return switch (a.i(1)) {
            case F_DUPFD -> fds.dup(fd, a.i(2), false);
            case F_DUPFD_CLOEXEC -> fds.dup(fd, a.i(2), true);
            case F_GETFD -> fds.closeOnExec(fd) ? FD_CLOEXEC : 0;
            case F_SETFD -> {
                fds.setCloseOnExec(fd, (a.i(2) & FD_CLOEXEC) != 0);
                yield 0;
            }
            case F_GETFL -> fds.get(fd).flags();
            case F_SETFL -> {
                OpenFile f = fds.get(fd);
                int changeable = O_APPEND | O_NONBLOCK;
                f.setFlags((f.flags() & ~changeable) | (a.i(2) & changeable));
                yield 0;
            }
            default -> throw new SyscallException(Errno.EINVAL);
        };
    }

    long faccessat(Args a) throws SyscallException {
        Process p = a.task().process;
        HostFs.Resolved r = resolve(p, a.i(0), p.user.readString(a.a1(), 4096), true);
        if (!Files.exists(r.host())) throw new SyscallException(Errno.ENOENT);
        int mode = a.i(2);
        if ((mode & 2) != 0 && !Files.isWritable(r.host())) throw new SyscallException(Errno.EACCES);
        if ((mode & 4) != 0 && !Files.isReadable(r.host())) throw new SyscallException(Errno.EACCES);
        if ((mode & 1) != 0 && !Files.isExecutable(r.host())) throw new SyscallException(Errno.EACCES);
        return 0;
    }
}
