package org.feuerbird.libos.posix.trace;

import static org.feuerbird.libos.posix.Sys.*;

/**
 * How each system call's arguments and result are shown, call by call, in strace's
 * notation. Calls not listed here show their raw arguments (as many as the call takes).
 */
final class Decoders {
    private Decoders() {}

    static void decode(Call c) {
        GuestMemory m = c.mem;
        switch ((int) c.a.nr()) {
            case GETPID, GETTID, GETPPID, GETUID, GETEUID, GETGID, GETEGID, SETSID, SCHED_YIELD, RT_SIGRETURN -> {
                if (c.a.nr() == RT_SIGRETURN) {
                    c.in(() -> {
                        Long mask = m.u64(c.a.cpu().x(2) + org.feuerbird.libos.signal.SignalFrame.UC_SIGMASK);
                        return mask == null ? "{mask=?}" : "{mask=" + SignalNames.set(mask) + "}";
                    });
                }
            }
            case EXIT, EXIT_GROUP, CLOSE, DUP, FSYNC, FDATASYNC, FCHDIR, GETPGID, GETSID, SETUID, SETGID -> c.dec(0);
            case SETPGID, TKILL -> {
                c.dec(0);
                if (c.a.nr() == TKILL) c.signal(1);
                else c.dec(1);
            }
            case KILL -> {
                c.dec(0);
                c.signal(1);
            }
            case TGKILL -> {
                c.dec(0);
                c.dec(1);
                c.signal(2);
            }
            case SETREUID, SETREGID -> {
                c.dec(0);
                c.dec(1);
            }
            case SETRESUID, SETRESGID -> {
                c.dec(0);
                c.dec(1);
                c.dec(2);
            }
            case GETRESUID, GETRESGID -> {
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    c.outPtr(n, () -> Structs.intRef(m, c.arg(n)));
                }
            }
            case GETGROUPS -> {
                c.dec(0);
                c.outPtr(1, () -> c.i(0) == 0 ? Call.ptr(c.arg(1)) : Structs.ints(m, c.arg(1), c.result));
            }
            case SETGROUPS -> {
                c.dec(0);
                c.in(() -> Structs.ints(m, c.arg(1), c.i(0)));
            }
            case SET_TID_ADDRESS -> c.pointer(0);
            case SET_ROBUST_LIST -> {
                c.pointer(0);
                c.udec(1);
            }
            case GET_ROBUST_LIST -> {
                c.dec(0);
                c.outPtr(1, () -> {
                    Long p = m.u64(c.arg(1));
                    return p == null ? Call.ptr(c.arg(1)) : "[" + Call.ptr(p) + "]";
                });
                c.outPtr(2, () -> {
                    Long p = m.u64(c.arg(2));
                    return p == null ? Call.ptr(c.arg(2)) : "[" + p + "]";
                });
            }
            case BRK -> {
                c.pointer(0);
                c.resultText = Call.ptr(c.result);
            }
            case MMAP -> {
                c.pointer(0);
                c.udec(1);
                c.in(() -> Flags.PROT.format(c.arg(2) & 0xffffffffL));
                c.in(() -> Flags.map(c.arg(3)));
                c.dec(4);
                c.in(() -> c.arg(5) == 0 ? "0" : "0x" + Long.toHexString(c.arg(5)));
                c.resultText = Call.ptr(c.result);
            }
            case MUNMAP -> {
                c.pointer(0);
                c.udec(1);
            }
            case MPROTECT -> {
                c.pointer(0);
                c.udec(1);
                c.in(() -> Flags.PROT.format(c.arg(2) & 0xffffffffL));
            }
            case MREMAP -> {
                c.pointer(0);
                c.udec(1);
                c.udec(2);
                c.flags(3, Flags.MREMAP);
                if ((c.arg(3) & 2) != 0) c.pointer(4);
                c.resultText = Call.ptr(c.result);
            }
            case MSYNC -> {
                c.pointer(0);
                c.udec(1);
                c.flags(2, Flags.MS);
            }
            case MADVISE -> {
                c.pointer(0);
                c.udec(1);
                c.in(() -> Flags.madvise(c.arg(2)));
            }
            case READ -> {
                c.fd(0);
                c.outBuffer(1);
                c.udec(2);
            }
            case PREAD64 -> {
                c.fd(0);
                c.outBuffer(1);
                c.udec(2);
                c.ldec(3);
            }
            case WRITE, PWRITE64 -> {
                c.fd(0);
                c.inBuffer(1, c.arg(2));
                c.udec(2);
                if (c.a.nr() == PWRITE64) c.ldec(3);
            }
            case READV -> {
                c.fd(0);
                c.outPtr(1, () -> Structs.iovec(m, c.arg(1), c.arg(2), c.result));
                c.dec(2);
            }
            case WRITEV -> {
                c.fd(0);
                c.in(() -> Structs.iovec(m, c.arg(1), c.arg(2), -1));
                c.dec(2);
            }
            case OPENAT -> {
                c.dirfd(0);
                c.path(1);
                c.in(() -> Flags.open(c.arg(2)));
                if ((c.arg(2) & 0x40) != 0 || (c.arg(2) & 0x410000) == 0x410000) c.mode(3);
            }
            case LSEEK -> {
                c.fd(0);
                c.ldec(1);
                c.in(() -> Flags.whence(c.arg(2)));
            }
            case FSTAT -> {
                c.fd(0);
                c.outPtr(1, () -> Structs.stat(m, c.arg(1)));
            }
            case NEWFSTATAT -> {
                c.dirfd(0);
                c.path(1);
                c.outPtr(2, () -> Structs.stat(m, c.arg(2)));
                c.flags(3, Flags.AT);
            }
            case STATX -> {
                c.dirfd(0);
                c.path(1);
                c.in(() -> (c.arg(2) & 0x6000) == 0 ? atStatx(c.arg(2)) : Flags.AT.format(c.arg(2) & 0xffffffffL));
                c.flags(3, Flags.STATX_MASK);
                c.outPtr(4, () -> Structs.statx(m, c.arg(4)));
            }
            case READLINKAT -> {
                c.dirfd(0);
                c.path(1);
                c.outPtr(2, () -> {
                    byte[] b = m.bytes(c.arg(2), Math.min(c.result, Quote.MAX));
                    return b == null ? Call.ptr(c.arg(2)) : Quote.buffer(b, c.result);
                });
                c.udec(3);
            }
            case GETCWD -> {
                c.outPtr(0, () -> c.path(c.arg(0)));
                c.udec(1);
            }
            case CHDIR, CHROOT -> c.path(0);
            case MKDIRAT -> {
                c.dirfd(0);
                c.path(1);
                c.mode(2);
            }
            case UNLINKAT -> {
                c.dirfd(0);
                c.path(1);
                c.flags(2, Flags.AT);
            }
            case SYMLINKAT -> {
                c.path(0);
                c.dirfd(1);
                c.path(2);
            }
            case LINKAT -> {
                c.dirfd(0);
                c.path(1);
                c.dirfd(2);
                c.path(3);
                c.flags(4, Flags.AT);
            }
            case RENAMEAT, RENAMEAT2 -> {
                c.dirfd(0);
                c.path(1);
                c.dirfd(2);
                c.path(3);
                if (c.a.nr() == RENAMEAT2) c.flags(4, Flags.RENAME);
            }
            case FCHMOD -> {
                c.fd(0);
                c.mode(1);
            }
            case FCHMODAT -> {
                c.dirfd(0);
                c.path(1);
                c.mode(2);
            }
            case FCHOWN -> {
                c.fd(0);
                c.dec(1);
                c.dec(2);
            }
            case FCHOWNAT -> {
                c.dirfd(0);
                c.path(1);
                c.dec(2);
                c.dec(3);
                c.flags(4, Flags.AT);
            }
            case UTIMENSAT -> {
                c.dirfd(0);
                c.path(1);
                c.in(() -> Structs.utimes(m, c.arg(2)));
                c.flags(3, Flags.AT);
            }
            case FTRUNCATE -> {
                c.fd(0);
                c.ldec(1);
            }
            case FACCESSAT, FACCESSAT2 -> {
                c.dirfd(0);
                c.path(1);
                c.flags(2, Flags.ACCESS);
                if (c.a.nr() == FACCESSAT2) c.flags(3, Flags.FACCESSAT);
            }
            case PIPE2 -> {
                c.outPtr(0, () -> Structs.ints(m, c.arg(0), 2));
                c.flags(1, Flags.CLOEXEC);
            }
            case DUP3 -> {
                c.fd(0);
                c.fd(1);
                c.flags(2, Flags.CLOEXEC);
            }
            case GETDENTS64 -> {
                c.fd(0);
                c.outPtr(1, () -> Structs.dirents(m, c.arg(1), c.result));
                c.udec(2);
            }
            case FCNTL -> fcntl(c);
            case IOCTL -> ioctl(c);
            case UMASK -> {
                c.mode(0);
                c.resultText = Flags.mode(c.result);
            }
            case UNAME -> c.outPtr(0, () -> Structs.utsname(m, c.arg(0)));
            case SYSINFO -> c.outPtr(0, () -> Structs.sysinfo(m, c.arg(0)));
            case GETRANDOM -> {
                c.outPtr(0, () -> {
                    byte[] b = m.bytes(c.arg(0), Math.min(c.result, Quote.MAX));
                    return b == null ? Call.ptr(c.arg(0)) : Quote.hex(b, c.result);
                });
                c.udec(1);
                c.flags(2, Flags.GRND);
            }
            case CLOCK_GETTIME, CLOCK_GETRES -> {
                c.in(() -> Flags.clock(c.i(0)));
                c.outPtr(1, () -> Structs.timespec(m, c.arg(1)));
            }
            case GETTIMEOFDAY -> {
                c.outPtr(0, () -> Structs.timeval(m, c.arg(0)));
                c.pointer(1);
            }
            case NANOSLEEP -> {
                c.in(() -> Structs.timespec(m, c.arg(0)));
                c.out(() -> Call.ptr(c.arg(1)));
            }
            case CLOCK_NANOSLEEP -> {
                c.in(() -> Flags.clock(c.i(0)));
                c.flags(1, Flags.TIMER);
                c.in(() -> Structs.timespec(m, c.arg(2)));
                c.out(() -> Call.ptr(c.arg(3)));
            }
            case SETITIMER -> {
                c.in(() -> Flags.itimer(c.arg(0)));
                c.in(() -> Structs.itimerval(m, c.arg(1)));
                c.outPtr(2, () -> Structs.itimerval(m, c.arg(2)));
            }
            case GETITIMER -> {
                c.in(() -> Flags.itimer(c.arg(0)));
                c.outPtr(1, () -> Structs.itimerval(m, c.arg(1)));
            }
            case GETRLIMIT -> {
                c.in(() -> Flags.rlimit(c.arg(0)));
                c.outPtr(1, () -> Structs.rlimit(m, c.arg(1)));
            }
            case SETRLIMIT -> {
                c.in(() -> Flags.rlimit(c.arg(0)));
                c.in(() -> Structs.rlimit(m, c.arg(1)));
            }
            case PRLIMIT64 -> {
                c.dec(0);
                c.in(() -> Flags.rlimit(c.arg(1)));
                c.in(() -> Structs.rlimit(m, c.arg(2)));
                c.outPtr(3, () -> Structs.rlimit(m, c.arg(3)));
            }
            case SCHED_GETAFFINITY -> {
                c.dec(0);
                c.udec(1);
                c.outPtr(2, () -> Structs.cpus(m, c.arg(2), c.result));
            }
            case RT_SIGACTION -> {
                c.signal(0);
                c.in(() -> Structs.sigaction(m, c.arg(1)));
                c.outPtr(2, () -> Structs.sigaction(m, c.arg(2)));
                c.udec(3);
            }
            case RT_SIGPROCMASK -> {
                c.in(() -> Flags.sigHow(c.arg(0)));
                c.in(() -> Structs.sigset(m, c.arg(1)));
                c.outPtr(2, () -> Structs.sigset(m, c.arg(2)));
                c.udec(3);
            }
            case RT_SIGPENDING -> {
                c.outPtr(0, () -> Structs.sigset(m, c.arg(0)));
                c.udec(1);
            }
            case RT_SIGSUSPEND -> {
                c.in(() -> Structs.sigset(m, c.arg(0)));
                c.udec(1);
            }
            case SIGALTSTACK -> {
                c.in(() -> Structs.stack(m, c.arg(0)));
                c.outPtr(1, () -> Structs.stack(m, c.arg(1)));
            }
            case FUTEX -> futex(c);
            case CLONE -> {
                long flags = c.arg(0);
                c.in(() -> "child_stack=" + Call.ptr(c.arg(1)));
                c.in(() -> "flags=" + Flags.clone(flags));
                if ((flags & 0x101000) != 0) c.in(() -> "parent_tid=" + Call.ptr(c.arg(2)));
                if ((flags & 0x80000) != 0) c.in(() -> "tls=" + Call.ptr(c.arg(3)));
                if ((flags & 0x1200000) != 0) c.in(() -> "child_tidptr=" + Call.ptr(c.arg(4)));
            }
            case CLONE3 -> {
                c.in(() -> clone3(m, c.arg(0), c.arg(1)));
                c.udec(1);
            }
            case EXECVE -> {
                c.path(0);
                c.in(() -> Structs.strings(c, c.arg(1), false));
                c.in(() -> Structs.strings(c, c.arg(2), true));
            }
            case WAIT4 -> {
                c.dec(0);
                c.outPtr(1, () -> c.result == 0 ? Call.ptr(c.arg(1)) : Structs.waitStatus(m, c.arg(1)));
                c.flags(2, Flags.WAIT4);
                c.out(() -> Call.ptr(c.arg(3)));
            }
            case WAITID -> {
                c.in(() -> Flags.idtype(c.arg(0)));
                c.dec(1);
                c.outPtr(2, () -> Structs.siginfo(m, c.arg(2)));
                c.flags(3, Flags.WAIT);
                c.out(() -> Call.ptr(c.arg(4)));
            }
            case PPOLL -> {
                c.in(() -> Structs.pollfds(m, c.arg(0), c.arg(1), false));
                c.udec(1);
                c.in(() -> Structs.timespec(m, c.arg(2)));
                c.in(() -> Structs.sigset(m, c.arg(3)));
                c.udec(4);
                if (!c.failed()) {
                    c.resultText = c.result == 0 ? "0 (Timeout)"
                        : c.result + " (" + Structs.pollfds(m, c.arg(0), c.arg(1), true) + ")";
                }
            }
            case PSELECT6 -> {
                int n = c.i(0);
                c.dec(0);
                for (int i = 1; i <= 3; i++) {
                    int k = i;
                    c.in(() -> Structs.fdset(m, c.arg(k), n));
                }
                c.in(() -> Structs.timespec(m, c.arg(4)));
                c.in(() -> {
                    var b = m.struct(c.arg(5), 16);
                    if (c.arg(5) == 0) return "NULL";
                    return b == null ? Call.ptr(c.arg(5))
                        : "{sigmask=" + Structs.sigset(m, b.getLong(0)) + ", sigsetsize=" + b.getLong(8) + "}";
                });
                if (!c.failed()) {
                    c.resultText = c.result == 0 ? "0 (Timeout)" : c.result + selectResult(m, c, n);
                }
            }
            default -> raw(c);
        }
    }

    private static String atStatx(long flags) {
        long rest = flags & ~0x6000L & 0xffffffffL;
        return rest == 0 ? "AT_STATX_SYNC_AS_STAT" : "AT_STATX_SYNC_AS_STAT|" + Flags.AT.format(rest);
    }

    /** A call without a decoder: its arguments in hex, as strace shows calls it does not know. */
    private static void raw(Call c) {
        int n = SyscallNames.args(c.a.nr());
        for (int i = 0; i < n; i++) {
            int k = i;
            c.in(() -> {
                long v = c.arg(k);
                return v == 0 ? "0" : "0x" + Long.toHexString(v);
            });
        }
    }

    private static String selectResult(GuestMemory m, Call c, int n) {
        StringBuilder s = new StringBuilder(" (");
        String[] names = {"in", "out", "except"};
        for (int i = 1; i <= 3; i++) {
            if (c.arg(i) == 0) continue;
            String set = Structs.fdset(m, c.arg(i), n);
            if (set.equals("[]")) continue;
            if (s.length() > 2) s.append(", ");
            s.append(names[i - 1]).append(' ').append(set);
        }
        return s.length() == 2 ? "" : s.append(')').toString();
    }

    private static void fcntl(Call c) {
        GuestMemory m = c.mem;
        int cmd = c.i(1);
        c.fd(0);
        c.in(() -> Flags.fcntl(cmd));
        switch (cmd) {
            case 0, 1030 -> c.dec(2);                                   // F_DUPFD, F_DUPFD_CLOEXEC
            case 2 -> c.flags(2, Flags.FD);                             // F_SETFD
            case 4 -> c.in(() -> Flags.open(c.arg(2)));                 // F_SETFL
            case 6, 7, 37, 38 -> c.in(() -> Structs.flock(m, c.arg(2), false));
            case 5, 36 -> c.outPtr(2, () -> Structs.flock(m, c.arg(2), cmd == 5));
            case 8, 10, 1024, 1031, 1033 -> c.dec(2);
            default -> { }
        }
        if (!c.failed() && cmd == 1) c.resultText = "0x" + Long.toHexString(c.result) + " (flags " + Flags.FD.format(c.result) + ")";
        if (!c.failed() && cmd == 3) c.resultText = "0x" + Long.toHexString(c.result) + " (flags " + Flags.open(c.result) + ")";
    }

    private static void ioctl(Call c) {
        GuestMemory m = c.mem;
        int req = c.i(1);
        c.fd(0);
        c.in(() -> Flags.ioctl(req & 0xffffffffL));
        switch (req) {
            case 0x5401 -> c.outPtr(2, () -> Structs.termios(m, c.arg(2)));
            case 0x5402, 0x5403, 0x5404 -> c.in(() -> Structs.termios(m, c.arg(2)));
            case 0x5413 -> c.outPtr(2, () -> Structs.winsize(m, c.arg(2)));
            case 0x5414 -> c.in(() -> Structs.winsize(m, c.arg(2)));
            case 0x541b, 0x540f, 0x5429 -> c.outPtr(2, () -> Structs.intRef(m, c.arg(2)));
            case 0x5410, 0x5421 -> c.in(() -> Structs.intRef(m, c.arg(2)));
            case 0x5450, 0x5451, 0x5422 -> { }
            default -> c.in(() -> Call.ptr(c.arg(2)));
        }
    }

    /** futex: only the arguments the operation uses, as strace prints them. */
    private static void futex(Call c) {
        GuestMemory m = c.mem;
        int op = c.i(1);
        c.pointer(0);
        c.in(() -> Flags.futexOp(op));
        switch (op & 0x7f) {
            case 0 -> {                                                 // FUTEX_WAIT
                c.dec(2);
                c.in(() -> Structs.timespec(m, c.arg(3)));
            }
            case 9 -> {                                                 // FUTEX_WAIT_BITSET
                c.dec(2);
                c.in(() -> Structs.timespec(m, c.arg(3)));
                c.in(() -> c.i(5) == -1 ? "FUTEX_BITSET_MATCH_ANY" : "0x" + Integer.toHexString(c.i(5)));
            }
            case 1, 7, 8 -> c.dec(2);                                    // WAKE, UNLOCK_PI, TRYLOCK_PI
            case 10 -> {                                                // FUTEX_WAKE_BITSET
                c.dec(2);
                c.in(() -> c.i(5) == -1 ? "FUTEX_BITSET_MATCH_ANY" : "0x" + Integer.toHexString(c.i(5)));
            }
            case 3 -> {                                                 // FUTEX_REQUEUE
                c.dec(2);
                c.udec(3);
                c.pointer(4);
            }
            case 4 -> {                                                 // FUTEX_CMP_REQUEUE
                c.dec(2);
                c.udec(3);
                c.pointer(4);
                c.dec(5);
            }
            case 6, 13 -> c.in(() -> Structs.timespec(m, c.arg(3)));    // LOCK_PI
            default -> {
                c.dec(2);
                c.hex(3);
                c.pointer(4);
                c.hex(5);
            }
        }
    }

    /** struct clone_args, the fields glibc sets. */
    private static String clone3(GuestMemory m, long va, long size) {
        if (size < 64 || size > 4096) return Call.ptr(va);
        var b = m.struct(va, 64);
        if (b == null) return Call.ptr(va);
        long flags = b.getLong(0);
        StringBuilder s = new StringBuilder("{flags=").append(Flags.CLONE.format(flags));
        if ((flags & 0x1000) != 0) s.append(", pidfd=").append(Call.ptr(b.getLong(8)));
        if ((flags & 0x1200000) != 0) s.append(", child_tid=").append(Call.ptr(b.getLong(16)));
        if ((flags & 0x100000) != 0) s.append(", parent_tid=").append(Call.ptr(b.getLong(24)));
        long sig = b.getLong(32);
        s.append(", exit_signal=").append(sig == 0 ? "0" : SignalNames.name((int) sig));
        s.append(", stack=").append(Call.ptr(b.getLong(40))).append(", stack_size=0x").append(Long.toHexString(b.getLong(48)));
        if ((flags & 0x80000) != 0) s.append(", tls=").append(Call.ptr(b.getLong(56)));
        return s.append('}').toString();
    }
}
