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
import org.feuerbird.libos.fs.DevFs;
import org.feuerbird.libos.fs.Pipe;
import org.feuerbird.libos.fs.PipeEnd;
import org.feuerbird.libos.fs.ProcFs;
import org.feuerbird.libos.fs.TmpFile;
import org.feuerbird.libos.fs.TmpFs;
import org.feuerbird.libos.fs.Vfs;
import org.feuerbird.libos.proc.Task;
import java.util.HashMap;
import java.util.Map;
import org.feuerbird.libos.fs.OpenFile;
import org.feuerbird.libos.fs.Stat;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.sched.Blocked;
import org.feuerbird.libos.vm.UserMemory;
import org.feuerbird.libos.tty.TtyFile;
import org.feuerbird.libos.tty.TtyIoctls;

/** File system calls on descriptors: reading, writing, seeking, pipes, directories, ioctl. */
public final class FileCalls {
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000, AT_REMOVEDIR = 0x200;
    static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_NOCTTY = 0400, O_TRUNC = 01000;
    static final int O_APPEND = 02000, O_NONBLOCK = 04000, O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000;
    static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030, FD_CLOEXEC = 1;
    /** Most bytes one read or write moves at once (Linux's MAX_RW_COUNT is about 2 GiB; this keeps Java arrays small). */
    static final int MAX_IO = 1 << 24;
    static final int POLL_READABLE = OpenFile.POLLIN | OpenFile.POLLHUP | OpenFile.POLLERR;
    static final int POLL_WRITABLE = OpenFile.POLLOUT | OpenFile.POLLERR;
    private final PosixLibOS os;
    private final Vfs vfs = new Vfs();
    /**
     * Blocking writes to a pipe larger than its free space move part of their bytes and then
     * sleep; what was already written is kept here per thread, so the restarted call goes on
     * from there and the write completes exactly once.
     */
    private final Map<Task, Partial> partialWrites = new HashMap<>();

    private final FilePathCalls paths;
    private final ProcFs procfs;
    private final FileControlCalls control = new FileControlCalls();

    private record Partial(int fd, long buf, long len, long done) {}

    FileCalls(PosixLibOS os) {
        this.os = os;
        this.paths = new FilePathCalls(vfs);
        this.procfs = new ProcFs(procSource(os, vfs));
        // Named by its type: Linux would call an initramfs root "rootfs", but df (busybox's and
        // GNU's) hides that name, and here it is the root for good.
        vfs.mount("/", os.fs(), os.fs().type(), "rw,relatime");
        vfs.mount("/dev", new DevFs(new org.feuerbird.libos.tty.TtyDevices(os)), "devtmpfs", "rw,nosuid,relatime,mode=755");
        vfs.mount("/dev/shm", new TmpFs(0x1a, 256L << 20), "tmpfs", "rw,nosuid,nodev,size=262144k");
        vfs.mount("/proc", procfs, "proc", "rw,nosuid,nodev,noexec,relatime");
    }

    /** What procfs reads: the LibOS's processes, clock, frames, CPU accounting and this mount table. */
    private static ProcFs.Source procSource(PosixLibOS os, Vfs vfs) {
        return new ProcFs.Source() {
            @Override public Process process(int pid) { return os.process(pid); }

            @Override public java.util.Collection<Process> processes() { return List.copyOf(os.processes().values()); }

            @Override public long now() { return os.kernel().now(); }

            @Override
            public long[] frames() {
                try {
                    return os.kernel().memoryUsage(os.kernel().self());
                } catch (org.feuerbird.kernel.api.KernelException e) {
                    return new long[2];   // not attached to a kernel: nothing to report
                }
            }

            @Override public org.feuerbird.libos.sched.CpuAccounting cpu() { return os.accounting(); }

            @Override public org.feuerbird.libos.sched.Scheduler scheduler() { return os.scheduler(); }

            @Override public long bootEpochNanos() { return os.bootEpochNanos(); }

            @Override public int lastPid() { return os.lastPid(); }

            @Override public Vfs vfs() { return vfs; }

            @Override
            public int[] terminal(Process p) {
                org.feuerbird.libos.tty.Tty t = os.controllingTty(p);
                return t == null ? new int[] {0, -1} : new int[] {(int) t.rdev(), t.foreground()};
            }
        };
    }

    /** The procfs mounted at /proc (sysinfo reads its memory figures). */
    public ProcFs procfs() { return procfs; }

    /** The guest's file-system tree (exec and file mappings open files through it). */
    public Vfs vfs() { return vfs; }

    public FilePathCalls paths() { return paths; }

    public FileControlCalls control() { return control; }

    /** open(2) for other parts of the LibOS (execve, file mappings). */
    public OpenFile open(Process p, int dirfd, String path, int flags, int mode) throws SyscallException {
        return paths.open(p, dirfd, path, flags, mode);
    }

    private static int count(long len) throws SyscallException {
        if (len < 0) throw new SyscallException(Errno.EINVAL);
        return (int) Math.min(len, MAX_IO);
    }

    /** A read that waits when nothing has arrived yet (unless non-blocking). */
    private int readFrom(Task t, OpenFile f, byte[] buf, int len) throws SyscallException, Blocked {
        if (f instanceof TtyFile tty) return tty.read(t, buf, 0, len);   // [tty] job control, VMIN/VTIME: the terminal waits by itself
        try {
            return f.read(buf, 0, len);
        } catch (SyscallException e) {
            if (e.errno == Errno.EAGAIN && (f.flags() & O_NONBLOCK) == 0) {
                throw new Blocked(f.pollWaiters(), () -> (f.pollEvents() & POLL_READABLE) == 0);
            }
            throw e;
        }
    }

    long read(Args a) throws SyscallException, Blocked {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        int len = count(a.a2());
        byte[] buf = new byte[len];
        int n = readFrom(a.task(), f, buf, len);
        p.user.write(a.a1(), buf, 0, n);
        return n;
    }

    long write(Args a) throws SyscallException, Blocked, TaskExit {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        int len = count(a.a2());
        Partial done = partialWrites.remove(a.task());
        long already = done != null && done.equals(new Partial(a.i(0), a.a1(), a.a2(), done.done())) ? done.done() : 0;
        byte[] buf = p.user.read(a.a1() + already, (int) (len - already));
        long n = writeTo(a, f, buf, already);
        if (n < len && f instanceof PipeEnd && (f.flags() & O_NONBLOCK) == 0 && (f.pollEvents() & OpenFile.POLLERR) == 0) {
            partialWrites.put(a.task(), new Partial(a.i(0), a.a1(), a.a2(), n));
            throw new Blocked(f.pollWaiters(), () -> (f.pollEvents() & POLL_WRITABLE) == 0);
        }
        return n;
    }

    /**
     * Writes {@code buf} after {@code already} bytes went in an earlier run of the same call;
     * returns the total so far. Waits (Blocked) only when nothing at all was written yet;
     * EPIPE raises SIGPIPE as on Linux.
     */
    private long writeTo(Args a, OpenFile f, byte[] buf, long already) throws SyscallException, Blocked, TaskExit {
        int off = 0;
        while (off < buf.length || buf.length == 0) {
            int n;
            try {
                n = f instanceof TtyFile tty ? tty.write(a.task(), buf, off, buf.length - off) : f.write(buf, off, buf.length - off);
            } catch (SyscallException e) {
                if (e.errno == Errno.EPIPE && f instanceof PipeEnd) {
                    os.sendSignal(a.task().process, 13);
                    if (a.task().state == Task.State.DEAD) throw new TaskExit();
                }
                if (e.errno == Errno.EAGAIN && (f.flags() & O_NONBLOCK) == 0 && already + off == 0) {
                    throw new Blocked(f.pollWaiters(), () -> (f.pollEvents() & POLL_WRITABLE) == 0);
                }
                if (already + off > 0 && (e.errno == Errno.EAGAIN || e.errno == Errno.EPIPE)) break;
                throw e;
            }
            off += n;
            if (buf.length == 0 || !(f instanceof PipeEnd)) break;
        }
        return already + off;
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

    long writev(Args a) throws SyscallException, Blocked, TaskExit {
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
        total = writeTo(a, f, buf, 0);
        return total;
    }

    long readv(Args a) throws SyscallException, Blocked {
        Process p = a.task().process;
        OpenFile f = p.fds.get(a.i(0));
        long[] v = iovecs(p.user, a.a1(), a.i(2));
        long want = 0;
        for (int i = 1; i < v.length; i += 2) want += v[i];
        byte[] buf = new byte[count(want)];
        int n = readFrom(a.task(), f, buf, buf.length);
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

    long ioctl(Args a) throws SyscallException, Blocked {
        OpenFile f = a.task().process.fds.get(a.i(0));
        return TtyIoctls.ioctl(os, a.task(), f, a.i(1), a.a2());   // [tty]
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

    long pipe2(Args a) throws SyscallException {
        Process p = a.task().process;
        int flags = a.i(1);
        if ((flags & ~(O_CLOEXEC | O_NONBLOCK | 040000)) != 0) throw new SyscallException(Errno.EINVAL);
        Pipe pipe = new Pipe();
        PipeEnd r = new PipeEnd(pipe, true, O_RDONLY | (flags & O_NONBLOCK));
        PipeEnd w = new PipeEnd(pipe, false, O_WRONLY | (flags & O_NONBLOCK));
        boolean cloexec = (flags & O_CLOEXEC) != 0;
        int rfd = p.fds.install(r, cloexec);
        int wfd;
        try {
            wfd = p.fds.install(w, cloexec);
        } catch (SyscallException e) {
            p.fds.close(rfd);
            w.close();
            throw e;
        }
        try {
            p.user.write(a.a0(), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(rfd).putInt(wfd).array());
        } catch (SyscallException e) {
            p.fds.close(rfd);
            p.fds.close(wfd);
            throw e;
        }
        return 0;
    }

    long ftruncate(Args a) throws SyscallException {
        OpenFile f = a.task().process.fds.get(a.i(0));
        if (a.a1() < 0) throw new SyscallException(Errno.EINVAL);
        if ((f.flags() & 3) == O_RDONLY) throw new SyscallException(f instanceof HostFile || f instanceof TmpFile ? Errno.EINVAL : Errno.EBADF);
        f.truncate(a.a1());
        return 0;
    }

    long fsync(Args a) throws SyscallException {
        a.task().process.fds.get(a.i(0)).sync();
        return 0;
    }
}
