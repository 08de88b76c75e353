package org.feuerbird.libos.posix.trace;

import java.nio.ByteBuffer;

/**
 * Structures in guest memory as strace abbreviates them (riscv64 layouts): each returns
 * the pointer when the memory cannot be read.
 */
final class Structs {
    private Structs() {}

    static String timespec(GuestMemory m, long va) {
        if (va == 0) return "NULL";
        ByteBuffer b = m.struct(va, 16);
        return b == null ? Call.ptr(va) : timespec(b, 0);
    }

    static String timespec(ByteBuffer b, int off) {
        return "{tv_sec=" + b.getLong(off) + ", tv_nsec=" + b.getLong(off + 8) + "}";
    }

    static String timeval(ByteBuffer b, int off) {
        return "{tv_sec=" + b.getLong(off) + ", tv_usec=" + b.getLong(off + 8) + "}";
    }

    static String timeval(GuestMemory m, long va) {
        if (va == 0) return "NULL";
        ByteBuffer b = m.struct(va, 16);
        return b == null ? Call.ptr(va) : timeval(b, 0);
    }

    /** struct itimerval: {it_interval={...}, it_value={...}}. */
    static String itimerval(GuestMemory m, long va) {
        if (va == 0) return "NULL";
        ByteBuffer b = m.struct(va, 32);
        return b == null ? Call.ptr(va) : "{it_interval=" + timeval(b, 0) + ", it_value=" + timeval(b, 16) + "}";
    }

    /** struct stat (asm-generic, 128 bytes): the mode, then the size or the device, as strace -v does not. */
    static String stat(GuestMemory m, long va) {
        ByteBuffer b = m.struct(va, 128);
        if (b == null) return Call.ptr(va);
        int mode = b.getInt(16);
        int type = mode & 0170000;
        String second = type == 020000 || type == 060000 ? "st_rdev=" + makedev(b.getLong(32)) : "st_size=" + b.getLong(48);
        return "{st_mode=" + Flags.stMode(mode) + ", " + second + ", ...}";
    }

    static String makedev(long dev) {
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        return "makedev(0x" + Long.toHexString(major) + ", 0x" + Long.toHexString(minor) + ")";
    }

    /** struct statx: mask, attributes, mode and size. */
    static String statx(GuestMemory m, long va) {
        ByteBuffer b = m.struct(va, 256);
        if (b == null) return Call.ptr(va);
        return "{stx_mask=" + Flags.STATX_MASK.format(b.getInt(0) & 0xffffffffL) + ", stx_attributes=" + b.getLong(8)
            + ", stx_mode=" + Flags.stMode(b.getShort(28) & 0xffff) + ", stx_size=" + b.getLong(40) + ", ...}";
    }

    /** The kernel's struct sigaction on riscv64 (handler, flags, mask; no restorer). */
    static String sigaction(GuestMemory m, long va) {
        if (va == 0) return "NULL";
        ByteBuffer b = m.struct(va, 24);
        if (b == null) return Call.ptr(va);
        long h = b.getLong(0);
        String handler = h == 0 ? "SIG_DFL" : h == 1 ? "SIG_IGN" : "0x" + Long.toHexString(h);
        return "{sa_handler=" + handler + ", sa_mask=" + SignalNames.set(b.getLong(16)) + ", sa_flags="
            + Flags.SA.format(b.getLong(8)) + "}";
    }

    static String sigset(GuestMemory m, long va) {
        if (va == 0) return "NULL";
        Long s = m.u64(va);
        return s == null ? Call.ptr(va) : SignalNames.set(s);
    }

    static String stack(GuestMemory m, long va) {
        if (va == 0) return "NULL";
        ByteBuffer b = m.struct(va, 24);
        if (b == null) return Call.ptr(va);
        return "{ss_sp=" + Call.ptr(b.getLong(0)) + ", ss_flags=" + Flags.SS.format(b.getInt(8) & 0xffffffffL)
            + ", ss_size=" + b.getLong(16) + "}";
    }

    /** struct rlimit: limits that are whole KiB as N*1024, as strace writes them. */
    static String rlimit(GuestMemory m, long va) {
        if (va == 0) return "NULL";
        ByteBuffer b = m.struct(va, 16);
        return b == null ? Call.ptr(va) : "{rlim_cur=" + rlim(b.getLong(0)) + ", rlim_max=" + rlim(b.getLong(8)) + "}";
    }

    private static String rlim(long v) {
        if (v == -1) return "RLIM64_INFINITY";
        if (v != 0 && v % 1024 == 0) return Long.toUnsignedString(v / 1024) + "*1024";
        return Long.toUnsignedString(v);
    }

    /** struct utsname (six 65-byte fields). */
    static String utsname(GuestMemory m, long va) {
        byte[] b = m.bytes(va, 65 * 2);
        if (b == null) return Call.ptr(va);
        return "{sysname=" + field(b, 0) + ", nodename=" + field(b, 65) + ", ...}";
    }

    private static String field(byte[] b, int off) {
        int n = 0;
        while (n < 65 && b[off + n] != 0) n++;
        byte[] f = java.util.Arrays.copyOfRange(b, off, off + n);
        return Quote.of(f, f.length, false);
    }

    static String sysinfo(GuestMemory m, long va) {
        ByteBuffer b = m.struct(va, 112);
        if (b == null) return Call.ptr(va);
        return "{uptime=" + b.getLong(0) + ", loads=[" + b.getLong(8) + ", " + b.getLong(16) + ", " + b.getLong(24)
            + "], totalram=" + b.getLong(32) + ", freeram=" + b.getLong(40) + ", sharedram=" + b.getLong(48)
            + ", bufferram=" + b.getLong(56) + ", totalswap=" + b.getLong(64) + ", freeswap=" + b.getLong(72)
            + ", procs=" + (b.getShort(80) & 0xffff) + ", totalhigh=" + b.getLong(88) + ", freehigh=" + b.getLong(96)
            + ", mem_unit=" + b.getInt(104) + "}";
    }

    /** iovec array with each buffer's first bytes; {@code data} bytes in all (-1: each iov_len). */
    static String iovec(GuestMemory m, long va, long count, long data) {
        if (count < 0 || count > 1024) return Call.ptr(va);
        ByteBuffer b = m.struct(va, (int) count * 16);
        if (b == null) return Call.ptr(va);
        StringBuilder s = new StringBuilder("[");
        long left = data;
        for (int i = 0; i < count; i++) {
            if (i > 0) s.append(", ");
            if (i == Quote.MAX) {
                s.append("...");
                break;
            }
            long base = b.getLong(16 * i), len = b.getLong(16 * i + 8);
            long shown = data < 0 ? len : Math.max(0, Math.min(left, len));
            left -= shown;
            byte[] bytes = m.bytes(base, Math.min(Math.max(shown, 0), Quote.MAX));
            String text = bytes == null || shown < 0 ? Call.ptr(base) : Quote.buffer(bytes, shown);
            s.append("{iov_base=").append(text).append(", iov_len=").append(Long.toUnsignedString(len)).append('}');
        }
        return s.append(']').toString();
    }

    /** struct pollfd array: events on entry, revents (only those set) after. */
    static String pollfds(GuestMemory m, long va, long n, boolean revents) {
        if (n < 0 || n > 4096) return Call.ptr(va);
        ByteBuffer b = m.struct(va, (int) n * 8);
        if (b == null) return Call.ptr(va);
        StringBuilder s = new StringBuilder("[");
        boolean first = true;
        for (int i = 0; i < n; i++) {
            int fd = b.getInt(8 * i);
            short ev = b.getShort(8 * i + (revents ? 6 : 4));
            if (revents && ev == 0) continue;
            if (!first) s.append(", ");
            first = false;
            s.append("{fd=").append(fd).append(revents ? ", revents=" : ", events=").append(Flags.POLL.format(ev & 0xffff)).append('}');
        }
        return s.append(']').toString();
    }

    /** An fd_set of {@code nfds} descriptors as [0 3 5]. */
    static String fdset(GuestMemory m, long va, int nfds) {
        if (va == 0) return "NULL";
        if (nfds < 0 || nfds > 1024) return Call.ptr(va);
        byte[] b = m.bytes(va, (nfds + 63) / 64 * 8);
        if (b == null) return Call.ptr(va);
        StringBuilder s = new StringBuilder("[");
        for (int fd = 0; fd < nfds; fd++) {
            if ((b[fd / 8] & (1 << (fd % 8))) == 0) continue;
            if (s.length() > 1) s.append(' ');
            s.append(fd);
        }
        return s.append(']').toString();
    }

    /** A wait status word: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]. */
    static String waitStatus(GuestMemory m, long va) {
        if (va == 0) return "NULL";
        Integer st = m.s32(va);
        if (st == null) return Call.ptr(va);
        int s = st;
        String what;
        if ((s & 0x7f) == 0) what = "WIFEXITED(s) && WEXITSTATUS(s) == " + ((s >> 8) & 0xff);
        else if ((s & 0xff) == 0x7f) what = "WIFSTOPPED(s) && WSTOPSIG(s) == " + SignalNames.name((s >> 8) & 0xff);
        else if (s == 0xffff) what = "WIFCONTINUED(s)";
        else what = "WIFSIGNALED(s) && WTERMSIG(s) == " + SignalNames.name(s & 0x7f) + ((s & 0x80) != 0 ? " && WCOREDUMP(s)" : "");
        return "[{" + what + "}]";
    }

    /** A siginfo_t as strace shows it in waitid and in --- SIG --- lines. */
    static String siginfo(GuestMemory m, long va) {
        if (va == 0) return "NULL";
        ByteBuffer b = m.struct(va, 32);
        if (b == null) return Call.ptr(va);
        return SigInfoText.of(b.getInt(0), b.getInt(8), b.getLong(16), b.getLong(24));
    }

    /** struct flock: {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=0}. */
    static String flock(GuestMemory m, long va, boolean pid) {
        ByteBuffer b = m.struct(va, 32);
        if (b == null) return Call.ptr(va);
        return "{l_type=" + Flags.lockType(b.getShort(0)) + ", l_whence=" + Flags.whence(b.getShort(2)) + ", l_start="
            + b.getLong(8) + ", l_len=" + b.getLong(16) + (pid ? ", l_pid=" + b.getInt(24) : "") + "}";
    }

    /** struct termios, abbreviated the way strace does without -v. */
    static String termios(GuestMemory m, long va) {
        ByteBuffer b = m.struct(va, 16);
        if (b == null) return Call.ptr(va);
        int o = b.getInt(4), c = b.getInt(8), l = b.getInt(12);
        String[] speeds = {"B0", "B50", "B75", "B110", "B134", "B150", "B200", "B300", "B600", "B1200", "B1800", "B2400",
            "B4800", "B9600", "B19200", "B38400"};
        String speed = (c & 0x100f) < 16 ? speeds[c & 0xf] : "B?";
        return "{" + speed + " " + on(o, 1, "opost") + " " + on(l, 1, "isig") + " " + on(l, 2, "icanon") + " "
            + on(l, 8, "echo") + " ...}";
    }

    private static String on(int word, int bit, String name) { return (word & bit) != 0 ? name : "-" + name; }

    static String winsize(GuestMemory m, long va) {
        ByteBuffer b = m.struct(va, 8);
        if (b == null) return Call.ptr(va);
        return "{ws_row=" + (b.getShort(0) & 0xffff) + ", ws_col=" + (b.getShort(2) & 0xffff) + ", ws_xpixel="
            + (b.getShort(4) & 0xffff) + ", ws_ypixel=" + (b.getShort(6) & 0xffff) + "}";
    }

    /** An int in memory shown as [N]. */
    static String intRef(GuestMemory m, long va) {
        if (va == 0) return "NULL";
        Integer v = m.s32(va);
        return v == null ? Call.ptr(va) : "[" + v + "]";
    }

    /** An array of {@code n} ints (gid lists, pipe descriptors) as [a, b]. */
    static String ints(GuestMemory m, long va, long n) {
        if (va == 0) return "NULL";
        if (n < 0 || n > 1024) return Call.ptr(va);
        ByteBuffer b = m.struct(va, (int) n * 4);
        if (b == null) return Call.ptr(va);
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            if (i > 0) s.append(", ");
            if (i == Quote.MAX) {
                s.append("...");
                break;
            }
            s.append(b.getInt(4 * i));
        }
        return s.append(']').toString();
    }

    /** A CPU mask of {@code bytes} bytes as the list of CPUs in it. */
    static String cpus(GuestMemory m, long va, long bytes) {
        byte[] b = m.bytes(va, Math.min(Math.max(bytes, 0), 1024));
        if (b == null) return Call.ptr(va);
        StringBuilder s = new StringBuilder("[");
        for (int cpu = 0; cpu < b.length * 8; cpu++) {
            if ((b[cpu / 8] & (1 << (cpu % 8))) == 0) continue;
            if (s.length() > 1) s.append(", ");
            s.append(cpu);
        }
        return s.append(']').toString();
    }

    /** The two timespecs of utimensat, with UTIME_NOW and UTIME_OMIT named. */
    static String utimes(GuestMemory m, long va) {
        if (va == 0) return "NULL";
        ByteBuffer b = m.struct(va, 32);
        if (b == null) return Call.ptr(va);
        return "[" + utime(b, 0) + ", " + utime(b, 16) + "]";
    }

    private static String utime(ByteBuffer b, int off) {
        long ns = b.getLong(off + 8);
        if (ns == 0x3fffffffL) return "UTIME_NOW";
        if (ns == 0x3ffffffeL) return "UTIME_OMIT";
        return timespec(b, off);
    }

    /** How many linux_dirent64 records a getdents64 result holds. */
    static String dirents(GuestMemory m, long va, long bytes) {
        byte[] b = m.bytes(va, Math.min(bytes, GuestMemory.MAX_COPY));
        if (b == null) return Call.ptr(va);
        int n = 0;
        for (int off = 0; off + 19 <= b.length; n++) {
            int reclen = (b[off + 16] & 0xff) | (b[off + 17] & 0xff) << 8;
            if (reclen == 0) break;
            off += reclen;
        }
        return Call.ptr(va) + " /* " + n + (n == 1 ? " entry */" : " entries */");
    }

    /** argv or envp: the strings (argv), or a count of them (envp, as strace shows it by default). */
    static String strings(Call c, long va, boolean countOnly) {
        if (va == 0) return "NULL";
        StringBuilder s = new StringBuilder("[");
        int n = 0;
        for (; n < 4096; n++) {
            Long p = c.mem.u64(va + 8L * n);
            if (p == null) return Call.ptr(va);
            if (p == 0) break;
            if (countOnly) continue;
            if (n > 0) s.append(", ");
            if (n == Quote.MAX) {
                s.append("...");
                countOnly = true;
                continue;
            }
            s.append(c.string(p));
        }
        if (va != 0 && s.length() == 1 && n > 0) return Call.ptr(va) + " /* " + n + (n == 1 ? " var */" : " vars */");
        return s.append(']').toString();
    }
}
