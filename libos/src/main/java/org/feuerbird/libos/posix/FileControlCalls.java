package org.feuerbird.libos.posix;

import static org.feuerbird.libos.posix.FileCalls.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.feuerbird.libos.fs.FdTable;
import org.feuerbird.libos.fs.LockTable;
import org.feuerbird.libos.fs.OpenFile;
import org.feuerbird.libos.fs.PathFile;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.sched.Blocked;

/**
 * fcntl: descriptor duplication and flags, and POSIX record locks. A lock's owner is the
 * process's descriptor table (shared by its threads, not by a forked child), so locks
 * conflict between processes, never within one, and go when the process closes any
 * descriptor of the file or exits.
 */
public final class FileControlCalls {
    static final int F_GETLK = 5, F_SETLK = 6, F_SETLKW = 7, F_OFD_GETLK = 36, F_OFD_SETLK = 37, F_OFD_SETLKW = 38;
    static final int F_GETPIPE_SZ = 1032, F_SETPIPE_SZ = 1031;

    long fcntl(Args a) throws SyscallException, Blocked {
        Process p = a.task().process;
        FdTable fds = p.fds;
        int fd = a.i(0);
        return switch (a.i(1)) {
            case F_DUPFD, F_DUPFD_CLOEXEC -> {
                if (a.i(2) < 0 || a.i(2) >= FdTable.MAX_FDS) throw new SyscallException(Errno.EINVAL);
                yield fds.dup(fd, a.i(2), a.i(1) == F_DUPFD_CLOEXEC);
            }
            case F_GETFD -> fds.closeOnExec(fd) ? FD_CLOEXEC : 0;
            case F_SETFD -> {
                fds.setCloseOnExec(fd, (a.i(2) & FD_CLOEXEC) != 0);
                yield 0;
            }
            case F_GETFL -> fds.get(fd).flags();
            case F_SETFL -> {
                OpenFile f = fds.get(fd);
                if (f instanceof PathFile) throw new SyscallException(Errno.EBADF);
                int changeable = O_APPEND | O_NONBLOCK;
                f.setFlags((f.flags() & ~changeable) | (a.i(2) & changeable));
                yield 0;
            }
            case F_GETLK, F_SETLK, F_SETLKW -> lock(p, fds.get(fd), a.i(1), a.a2());
            case F_GETPIPE_SZ -> {
                if (!(fds.get(fd) instanceof org.feuerbird.libos.fs.PipeEnd)) throw new SyscallException(Errno.EBADF);
                yield org.feuerbird.libos.fs.Pipe.CAPACITY;
            }
            default -> {
                fds.get(fd);
                throw new SyscallException(Errno.EINVAL);
            }
        };
    }

    /** struct flock (riscv64): short l_type, short l_whence, off_t l_start @8, off_t l_len @16, pid_t l_pid @24. */
    private long lock(Process p, OpenFile f, int cmd, long at) throws SyscallException, Blocked {
        ByteBuffer b = ByteBuffer.wrap(p.user.read(at, 32)).order(ByteOrder.LITTLE_ENDIAN);
        int type = b.getShort(0), whence = b.getShort(2);
        long start = b.getLong(8), len = b.getLong(16);
        LockTable table = f.locks();
        if (table == null || f instanceof PathFile) throw new SyscallException(Errno.EBADF);
        if (type != LockTable.F_RDLCK && type != LockTable.F_WRLCK && type != LockTable.F_UNLCK) throw new SyscallException(Errno.EINVAL);
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> f.seek(0, 1);
            case 2 -> f.stat().size();
            default -> throw new SyscallException(Errno.EINVAL);
        };
        long s = base + start, e;
        if (len == 0) {
            e = Long.MAX_VALUE;
        } else if (len > 0) {
            e = s + len < s ? Long.MAX_VALUE : s + len;
        } else {
            e = s;
            s = s + len;
        }
        if (s < 0) throw new SyscallException(Errno.EINVAL);
        Object owner = p.fds;
        if (cmd == F_GETLK) {
            if (type == LockTable.F_UNLCK) throw new SyscallException(Errno.EINVAL);
            LockTable.Lock c = table.conflict(f.lockKey(), owner, type, s, e);
            ByteBuffer out = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
            if (c == null) {
                out.putShort(0, (short) LockTable.F_UNLCK).putShort(2, (short) whence).putLong(8, start).putLong(16, len).putInt(24, 0);
            } else {
                out.putShort(0, (short) c.type()).putShort(2, (short) 0).putLong(8, c.start())
                    .putLong(16, c.end() == Long.MAX_VALUE ? 0 : c.end() - c.start()).putInt(24, c.pid());
            }
            p.user.write(at, out.array());
            return 0;
        }
        int acc = f.flags() & 3;
        if (type == LockTable.F_RDLCK && acc == O_WRONLY) throw new SyscallException(Errno.EBADF);
        if (type == LockTable.F_WRLCK && acc == O_RDONLY) throw new SyscallException(Errno.EBADF);
        if (type != LockTable.F_UNLCK) {
            final long fs = s, fe = e;
            if (table.conflict(f.lockKey(), owner, type, s, e) != null) {
                if (cmd == F_SETLK) throw new SyscallException(Errno.EAGAIN);
                throw new Blocked(table.waiters, () -> table.conflict(f.lockKey(), owner, type, fs, fe) != null);
            }
        }
        table.set(f.lockKey(), owner, type, s, e, p.pid);
        return 0;
    }
}
