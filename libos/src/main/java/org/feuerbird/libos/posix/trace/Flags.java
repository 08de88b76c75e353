package org.feuerbird.libos.posix.trace;

/**
 * Symbolic names for flag words and enumerations, as strace prints them: known bits joined
 * by '|', leftover bits as hex, and a named zero where the set has one (O_RDONLY, PROT_NONE).
 */
final class Flags {
    private Flags() {}

    /** A flag set: bits (high to low as strace lists them) with their names. */
    record Set(long[] bits, String[] names, String zero) {
        static Set of(String zero, Object... pairs) {
            long[] b = new long[pairs.length / 2];
            String[] n = new String[pairs.length / 2];
            for (int i = 0; i < b.length; i++) {
                b[i] = ((Number) pairs[2 * i]).longValue();
                n[i] = (String) pairs[2 * i + 1];
            }
            return new Set(b, n, zero);
        }

        String format(long v) {
            if (v == 0) return zero != null ? zero : "0";
            StringBuilder s = new StringBuilder();
            long left = v;
            for (int i = 0; i < bits.length; i++) {
                if (bits[i] != 0 && (left & bits[i]) == bits[i]) {
                    if (!s.isEmpty()) s.append('|');
                    s.append(names[i]);
                    left &= ~bits[i];
                }
            }
            if (left != 0) {
                if (!s.isEmpty()) s.append('|');
                s.append("0x").append(Long.toHexString(left));
            }
            return s.toString();
        }
    }

    /** An enumeration value: its name, or the number. */
    static String value(long v, String fallbackPrefix, Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (((Number) pairs[i]).longValue() == v) return (String) pairs[i + 1];
        }
        return fallbackPrefix == null ? Long.toString(v) : "0x" + Long.toHexString(v) + " /* " + fallbackPrefix + "_??? */";
    }

    static final Set OPEN = Set.of(null,
        0x410000, "O_TMPFILE", 0x101000, "O_SYNC", 0x40, "O_CREAT", 0x80, "O_EXCL", 0x100, "O_NOCTTY", 0x200, "O_TRUNC",
        0x400, "O_APPEND", 0x800, "O_NONBLOCK", 0x1000, "O_DSYNC", 0x2000, "O_ASYNC", 0x4000, "O_DIRECT",
        0x8000, "O_LARGEFILE", 0x10000, "O_DIRECTORY", 0x20000, "O_NOFOLLOW", 0x40000, "O_NOATIME",
        0x80000, "O_CLOEXEC", 0x200000, "O_PATH");

    /** open(2) flags: the access mode first, then the other bits. */
    static String open(long v) {
        int acc = (int) (v & 3);
        String mode = switch (acc) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            case 2 -> "O_RDWR";
            default -> "O_ACCMODE";
        };
        long rest = v & ~3L & 0xffffffffL;
        return rest == 0 ? mode : mode + "|" + OPEN.format(rest);
    }

    static final Set PROT = Set.of("PROT_NONE", 1, "PROT_READ", 2, "PROT_WRITE", 4, "PROT_EXEC",
        0x1000000, "PROT_GROWSDOWN", 0x2000000, "PROT_GROWSUP");

    static final Set MAP = Set.of(null, 0x10, "MAP_FIXED", 0x20, "MAP_ANONYMOUS", 0x100, "MAP_GROWSDOWN",
        0x800, "MAP_DENYWRITE", 0x1000, "MAP_EXECUTABLE", 0x2000, "MAP_LOCKED", 0x4000, "MAP_NORESERVE",
        0x8000, "MAP_POPULATE", 0x10000, "MAP_NONBLOCK", 0x20000, "MAP_STACK", 0x40000, "MAP_HUGETLB",
        0x80000, "MAP_SYNC", 0x100000, "MAP_FIXED_NOREPLACE");

    /** mmap(2) flags: the mapping type (low four bits) first. */
    static String map(long v) {
        String type = switch ((int) (v & 0xf)) {
            case 1 -> "MAP_SHARED";
            case 2 -> "MAP_PRIVATE";
            case 3 -> "MAP_SHARED_VALIDATE";
            default -> "0x" + Long.toHexString(v & 0xf);
        };
        long rest = v & ~0xfL & 0xffffffffL;
        return rest == 0 ? type : type + "|" + MAP.format(rest);
    }

    static final Set CLONE = Set.of(null, 0x100, "CLONE_VM", 0x200, "CLONE_FS", 0x400, "CLONE_FILES",
        0x800, "CLONE_SIGHAND", 0x1000, "CLONE_PIDFD", 0x2000, "CLONE_PTRACE", 0x4000, "CLONE_VFORK",
        0x8000, "CLONE_PARENT", 0x10000, "CLONE_THREAD", 0x20000, "CLONE_NEWNS", 0x40000, "CLONE_SYSVSEM",
        0x80000, "CLONE_SETTLS", 0x100000, "CLONE_PARENT_SETTID", 0x200000, "CLONE_CHILD_CLEARTID",
        0x400000, "CLONE_DETACHED", 0x800000, "CLONE_UNTRACED", 0x1000000, "CLONE_CHILD_SETTID",
        0x2000000, "CLONE_NEWCGROUP", 0x4000000, "CLONE_NEWUTS", 0x8000000, "CLONE_NEWIPC",
        0x10000000, "CLONE_NEWUSER", 0x20000000, "CLONE_NEWPID", 0x40000000, "CLONE_NEWNET", 0x80000000L, "CLONE_IO");

    /** clone(2) flags: the CLONE_ bits and the exit signal in the low byte. */
    static String clone(long v) {
        long sig = v & 0xff;
        String bits = CLONE.format(v & ~0xffL & 0xffffffffL);
        if (sig == 0) return bits;
        return (v & ~0xffL) == 0 ? SignalNames.name((int) sig) : bits + "|" + SignalNames.name((int) sig);
    }

    static final Set AT = Set.of(null, 0x100, "AT_SYMLINK_NOFOLLOW", 0x200, "AT_REMOVEDIR", 0x400, "AT_SYMLINK_FOLLOW",
        0x800, "AT_NO_AUTOMOUNT", 0x1000, "AT_EMPTY_PATH", 0x2000, "AT_STATX_FORCE_SYNC", 0x4000, "AT_STATX_DONT_SYNC");

    static final Set FACCESSAT = Set.of(null, 0x100, "AT_SYMLINK_NOFOLLOW", 0x200, "AT_EACCESS", 0x1000, "AT_EMPTY_PATH");

    static final Set ACCESS = Set.of("F_OK", 4, "R_OK", 2, "W_OK", 1, "X_OK");

    static final Set RENAME = Set.of(null, 1, "RENAME_NOREPLACE", 2, "RENAME_EXCHANGE", 4, "RENAME_WHITEOUT");

    static final Set STATX_MASK = Set.of(null, 0x7ff, "STATX_BASIC_STATS", 1, "STATX_TYPE", 2, "STATX_MODE",
        4, "STATX_NLINK", 8, "STATX_UID", 0x10, "STATX_GID", 0x20, "STATX_ATIME", 0x40, "STATX_MTIME",
        0x80, "STATX_CTIME", 0x100, "STATX_INO", 0x200, "STATX_SIZE", 0x400, "STATX_BLOCKS", 0x800, "STATX_BTIME",
        0x1000, "STATX_MNT_ID", 0x2000, "STATX_DIOALIGN");

    static final Set SA = Set.of(null, 1, "SA_NOCLDSTOP", 2, "SA_NOCLDWAIT", 4, "SA_SIGINFO", 0x08000000, "SA_ONSTACK",
        0x10000000, "SA_RESTART", 0x40000000, "SA_NODEFER", 0x80000000L, "SA_RESETHAND");

    static final Set SS = Set.of(null, 1, "SS_ONSTACK", 2, "SS_DISABLE", 0x80000000L, "SS_AUTODISARM");

    static final Set WAIT = Set.of(null, 1, "WNOHANG", 2, "WSTOPPED", 4, "WEXITED", 8, "WCONTINUED",
        0x1000000, "WNOWAIT", 0x20000000, "__WNOTHREAD", 0x40000000, "__WALL", 0x80000000L, "__WCLONE");

    static final Set WAIT4 = Set.of(null, 1, "WNOHANG", 2, "WUNTRACED", 8, "WCONTINUED",
        0x20000000, "__WNOTHREAD", 0x40000000, "__WALL", 0x80000000L, "__WCLONE");

    static final Set POLL = Set.of(null, 1, "POLLIN", 2, "POLLPRI", 4, "POLLOUT", 8, "POLLERR", 0x10, "POLLHUP",
        0x20, "POLLNVAL", 0x40, "POLLRDNORM", 0x80, "POLLRDBAND", 0x100, "POLLWRNORM", 0x200, "POLLWRBAND",
        0x400, "POLLMSG", 0x2000, "POLLRDHUP");

    static final Set GRND = Set.of(null, 1, "GRND_NONBLOCK", 2, "GRND_RANDOM", 4, "GRND_INSECURE");

    static final Set MREMAP = Set.of(null, 1, "MREMAP_MAYMOVE", 2, "MREMAP_FIXED", 4, "MREMAP_DONTUNMAP");

    static final Set MS = Set.of(null, 1, "MS_ASYNC", 2, "MS_INVALIDATE", 4, "MS_SYNC");

    static final Set FD = Set.of(null, 1, "FD_CLOEXEC");

    static final Set CLOEXEC = Set.of(null, 0x80000, "O_CLOEXEC", 0x800, "O_NONBLOCK");

    static final Set TIMER = Set.of(null, 1, "TIMER_ABSTIME");

    static String clock(long v) {
        return value(v, null, 0, "CLOCK_REALTIME", 1, "CLOCK_MONOTONIC", 2, "CLOCK_PROCESS_CPUTIME_ID",
            3, "CLOCK_THREAD_CPUTIME_ID", 4, "CLOCK_MONOTONIC_RAW", 5, "CLOCK_REALTIME_COARSE",
            6, "CLOCK_MONOTONIC_COARSE", 7, "CLOCK_BOOTTIME", 8, "CLOCK_REALTIME_ALARM", 9, "CLOCK_BOOTTIME_ALARM",
            11, "CLOCK_TAI");
    }

    static String whence(long v) {
        return value((int) v, null, 0, "SEEK_SET", 1, "SEEK_CUR", 2, "SEEK_END", 3, "SEEK_DATA", 4, "SEEK_HOLE");
    }

    static String sigHow(long v) {
        return value((int) v, null, 0, "SIG_BLOCK", 1, "SIG_UNBLOCK", 2, "SIG_SETMASK");
    }

    static String rlimit(long v) {
        return value((int) v, null, 0, "RLIMIT_CPU", 1, "RLIMIT_FSIZE", 2, "RLIMIT_DATA", 3, "RLIMIT_STACK",
            4, "RLIMIT_CORE", 5, "RLIMIT_RSS", 6, "RLIMIT_NPROC", 7, "RLIMIT_NOFILE", 8, "RLIMIT_MEMLOCK",
            9, "RLIMIT_AS", 10, "RLIMIT_LOCKS", 11, "RLIMIT_SIGPENDING", 12, "RLIMIT_MSGQUEUE", 13, "RLIMIT_NICE",
            14, "RLIMIT_RTPRIO", 15, "RLIMIT_RTTIME");
    }

    static String itimer(long v) {
        return value((int) v, null, 0, "ITIMER_REAL", 1, "ITIMER_VIRTUAL", 2, "ITIMER_PROF");
    }

    static String idtype(long v) {
        return value((int) v, null, 0, "P_ALL", 1, "P_PID", 2, "P_PGID", 3, "P_PIDFD");
    }

    static String madvise(long v) {
        return value((int) v, null, 0, "MADV_NORMAL", 1, "MADV_RANDOM", 2, "MADV_SEQUENTIAL", 3, "MADV_WILLNEED",
            4, "MADV_DONTNEED", 8, "MADV_FREE", 9, "MADV_REMOVE", 10, "MADV_DONTFORK", 11, "MADV_DOFORK",
            12, "MADV_MERGEABLE", 13, "MADV_UNMERGEABLE", 14, "MADV_HUGEPAGE", 15, "MADV_NOHUGEPAGE",
            16, "MADV_DONTDUMP", 17, "MADV_DODUMP");
    }

    static String fcntl(long v) {
        return value((int) v, null, 0, "F_DUPFD", 1, "F_GETFD", 2, "F_SETFD", 3, "F_GETFL", 4, "F_SETFL",
            5, "F_GETLK", 6, "F_SETLK", 7, "F_SETLKW", 8, "F_SETOWN", 9, "F_GETOWN", 10, "F_SETSIG", 11, "F_GETSIG",
            36, "F_OFD_GETLK", 37, "F_OFD_SETLK", 38, "F_OFD_SETLKW", 1024, "F_SETLEASE", 1025, "F_GETLEASE",
            1030, "F_DUPFD_CLOEXEC", 1031, "F_SETPIPE_SZ", 1032, "F_GETPIPE_SZ", 1033, "F_ADD_SEALS",
            1034, "F_GET_SEALS");
    }

    static String ioctl(long v) {
        return value((int) v, "_IOC", 0x5401, "TCGETS", 0x5402, "TCSETS", 0x5403, "TCSETSW", 0x5404, "TCSETSF",
            0x540b, "TCFLSH", 0x540e, "TIOCSCTTY", 0x540f, "TIOCGPGRP", 0x5410, "TIOCSPGRP", 0x5413, "TIOCGWINSZ",
            0x5414, "TIOCSWINSZ", 0x541b, "FIONREAD", 0x5421, "FIONBIO", 0x5422, "TIOCNOTTY", 0x5450, "FIONCLEX",
            0x5451, "FIOCLEX", 0x5429, "TIOCGSID");
    }

    static String lockType(long v) {
        return value((short) v, null, 0, "F_RDLCK", 1, "F_WRLCK", 2, "F_UNLCK");
    }

    /** futex(2) op: the command with _PRIVATE and |FUTEX_CLOCK_REALTIME as strace writes them. */
    static String futexOp(int op) {
        String cmd = value(op & 0x7f, null, 0, "FUTEX_WAIT", 1, "FUTEX_WAKE", 2, "FUTEX_FD", 3, "FUTEX_REQUEUE",
            4, "FUTEX_CMP_REQUEUE", 5, "FUTEX_WAKE_OP", 6, "FUTEX_LOCK_PI", 7, "FUTEX_UNLOCK_PI",
            8, "FUTEX_TRYLOCK_PI", 9, "FUTEX_WAIT_BITSET", 10, "FUTEX_WAKE_BITSET", 11, "FUTEX_WAIT_REQUEUE_PI",
            12, "FUTEX_CMP_REQUEUE_PI", 13, "FUTEX_LOCK_PI2");
        if ((op & 128) != 0) cmd += "_PRIVATE";
        if ((op & 256) != 0) cmd += "|FUTEX_CLOCK_REALTIME";
        int rest = op & ~(0x7f | 128 | 256);
        return rest == 0 ? cmd : cmd + "|0x" + Integer.toHexString(rest);
    }

    /** A file mode's permission bits as strace shows them: 0644, with S_ISUID/S_ISGID/S_ISVTX named. */
    static String perm(long mode) {
        StringBuilder s = new StringBuilder();
        if ((mode & 04000) != 0) s.append("S_ISUID|");
        if ((mode & 02000) != 0) s.append("S_ISGID|");
        if ((mode & 01000) != 0) s.append("S_ISVTX|");
        return s.append(String.format("%#03o", mode & 0777)).toString();
    }

    /** st_mode: the file type, then the permissions ({@code S_IFREG|0644}). */
    static String stMode(long mode) {
        String type = switch ((int) (mode & 0170000)) {
            case 0140000 -> "S_IFSOCK|";
            case 0120000 -> "S_IFLNK|";
            case 0100000 -> "S_IFREG|";
            case 060000 -> "S_IFBLK|";
            case 040000 -> "S_IFDIR|";
            case 020000 -> "S_IFCHR|";
            case 010000 -> "S_IFIFO|";
            default -> mode >= 0170000 ? String.format("%#o|", mode & 0170000) : "";
        };
        return type + perm(mode);
    }

    /** An octal mode argument (umask, mkdirat, openat with O_CREAT): 0644, or 000. */
    static String mode(long v) {
        long m = v & 0xffffffffL;
        return (m & ~07777L) != 0 ? String.format("%#o", m) : perm(m);
    }
}
