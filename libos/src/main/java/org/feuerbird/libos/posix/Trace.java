package org.feuerbird.libos.posix;

import java.io.PrintStream;
import org.feuerbird.libos.PosixLibOS;

/**
 * {@code --trace}: every system call with its arguments and result on stderr, in strace's
 * format ({@code name(args) = result}, errors as {@code -1 ENOENT}). Arguments are shown as
 * strace shows them where this class knows the call, else as numbers.
 */
public final class Trace {
    private final PrintStream out;

    public Trace(PrintStream out) { this.out = out; }

    public void done(Args a, long result, PosixLibOS os) {
        String res = result < 0 && result > -4096 ? "-1 " + Errno.name((int) -result) : Long.toString(result);
        if (result >= 0 && (a.nr() == Sys.MMAP || a.nr() == Sys.BRK)) res = "0x" + Long.toHexString(result);
        out.println(prefix(a) + Sys.name(a.nr()) + "(" + args(a, os) + ") = " + res);
    }

    public void blocked(Args a) {
        out.println(prefix(a) + Sys.name(a.nr()) + "(" + a.i(0) + ", ...) <waiting>");
    }

    public void exited(Args a) {
        out.println(prefix(a) + Sys.name(a.nr()) + "(" + a.i(0) + ") = ?");
    }

    private static String prefix(Args a) {
        return a.task().process.pid == 1 ? "" : "[pid " + a.task().tid + "] ";
    }

    private static String args(Args a, PosixLibOS os) {
        int n = switch ((int) a.nr()) {
            case Sys.EXIT, Sys.EXIT_GROUP, Sys.CLOSE, Sys.BRK, Sys.UMASK, Sys.DUP, Sys.SET_TID_ADDRESS, Sys.UNAME, Sys.CHDIR -> 1;
            case Sys.FSTAT, Sys.MUNMAP, Sys.CLOCK_GETTIME, Sys.GETCWD, Sys.GETTIMEOFDAY -> 2;
            case Sys.READ, Sys.WRITE, Sys.LSEEK, Sys.IOCTL, Sys.MPROTECT, Sys.GETRANDOM, Sys.READV, Sys.WRITEV, Sys.DUP3,
                 Sys.FCNTL, Sys.GETDENTS64, Sys.MADVISE -> 3;
            case Sys.OPENAT, Sys.NEWFSTATAT, Sys.READLINKAT, Sys.PRLIMIT64, Sys.PREAD64, Sys.PWRITE64, Sys.FACCESSAT -> 4;
            case Sys.MMAP -> 6;
            default -> 0;
        };
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(", ");
            b.append(arg(a, i, os));
        }
        return b.toString();
    }

    private static String arg(Args a, int i, PosixLibOS os) {
        long v = a.arg(i);
        boolean dirfd = i == 0 && (a.nr() == Sys.OPENAT || a.nr() == Sys.NEWFSTATAT || a.nr() == Sys.READLINKAT || a.nr() == Sys.FACCESSAT);
        if (dirfd && (int) v == -100) return "AT_FDCWD";
        boolean path = i == 1 && (a.nr() == Sys.OPENAT || a.nr() == Sys.NEWFSTATAT || a.nr() == Sys.READLINKAT || a.nr() == Sys.FACCESSAT)
            || i == 0 && a.nr() == Sys.CHDIR;
        if (path) {
            try {
                return quote(a.task().process.user.readString(v, 4096));
            } catch (SyscallException e) {
                return "0x" + Long.toHexString(v);
            }
        }
        if (i == 1 && a.nr() == Sys.WRITE) {
            try {
                byte[] b = a.task().process.user.read(v, (int) Math.min(Math.max(a.a2(), 0), 32));
                return quote(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)) + (a.a2() > 32 ? "..." : "");
            } catch (SyscallException e) {
                return "0x" + Long.toHexString(v);
            }
        }
        boolean pointer = v > 0xffff || v < -4096;
        return pointer ? "0x" + Long.toHexString(v) : Long.toString(v);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 32 || c > 126) b.append(String.format("\\%o", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
