package org.feuerbird.libos.fs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Process;

/**
 * devfs at /dev: the memory devices, the controlling terminal, the stdio and fd links into
 * /proc/self, and the directory /dev/shm (where tmpfs is mounted). Nothing can be created
 * here (EACCES): the set of devices is the LibOS's, not the guest's.
 */
public final class DevFs implements FileSystem {
    public static final long DEV = 0x5;
    /** The inode numbers of /dev/tty and /dev/console, which a terminal's fstat shows (ttyname compares them). */
    public static final long TTY_INO = 9, CONSOLE_INO = 15;
    private record Entry(long ino, int mode, long rdev, String target) {}

    /** The LibOS's terminals as devfs opens them: /dev/console, and /dev/tty (the caller's controlling one). */
    public interface Terminals {
        /** /dev/console, or null if the LibOS has no console terminal. */
        OpenFile console(Process p, int flags) throws SyscallException;

        /** The caller's controlling terminal, or null if it has none. */
        OpenFile controlling(Process p, int flags) throws SyscallException;
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final long now = TmpFs.now();
    private final Terminals terminals;

    public DevFs() { this(null); }

    public DevFs(Terminals terminals) {
        this.terminals = terminals;
        entries.put("null", new Entry(4, Stat.S_IFCHR | 0666, dev(1, 3), null));
        entries.put("zero", new Entry(5, Stat.S_IFCHR | 0666, dev(1, 5), null));
        entries.put("full", new Entry(6, Stat.S_IFCHR | 0666, dev(1, 7), null));
        entries.put("random", new Entry(7, Stat.S_IFCHR | 0666, dev(1, 8), null));
        entries.put("urandom", new Entry(8, Stat.S_IFCHR | 0666, dev(1, 9), null));
        entries.put("tty", new Entry(TTY_INO, Stat.S_IFCHR | 0666, dev(5, 0), null));
        entries.put("stdin", new Entry(10, Stat.S_IFLNK | 0777, 0, "/proc/self/fd/0"));
        entries.put("stdout", new Entry(11, Stat.S_IFLNK | 0777, 0, "/proc/self/fd/1"));
        entries.put("stderr", new Entry(12, Stat.S_IFLNK | 0777, 0, "/proc/self/fd/2"));
        entries.put("fd", new Entry(13, Stat.S_IFLNK | 0777, 0, "/proc/self/fd"));
        entries.put("shm", new Entry(14, Stat.S_IFDIR | 01777, 0, null));
        entries.put("console", new Entry(CONSOLE_INO, Stat.S_IFCHR | 0600, dev(5, 1), null));
    }

    /** Linux's /dev is a devtmpfs (a tmpfs): the same magic; nothing is stored, so no blocks. */
    @Override
    public String type() { return "devtmpfs"; }

    @Override
    public StatFs statfs(long flags) {
        return new StatFs(StatFs.TMPFS_MAGIC, 4096, 0, 0, 0, entries.size() + 1L, 0, 255, flags);
    }

    private static long dev(int major, int minor) { return ((long) major << 8) | minor; }

    private Entry entry(List<String> rel) throws SyscallException {
        if (rel.size() > 1) throw new SyscallException(rel.size() == 2 && entries.containsKey(rel.getFirst()) ? Errno.ENOTDIR : Errno.ENOENT);
        Entry e = entries.get(rel.getFirst());
        if (e == null) throw new SyscallException(Errno.ENOENT);
        return e;
    }

    private Stat stat(Entry e) {
        long size = e.target == null ? 0 : e.target.length();
        return new Stat(DEV, e.ino, e.mode, (e.mode & Stat.S_IFMT) == Stat.S_IFDIR ? 2 : 1, 0, 0, e.rdev, size, 4096, 0, now, now, now);
    }

    private Stat rootStat() { return new Stat(DEV, 1, Stat.S_IFDIR | 0755, 3, 0, 0, 0, 0, 4096, 0, now, now, now); }

    @Override
    public Stat lstat(Process p, List<String> rel) throws SyscallException {
        return rel.isEmpty() ? rootStat() : stat(entry(rel));
    }

    @Override
    public String readlink(Process p, List<String> rel) throws SyscallException {
        if (rel.isEmpty() || entry(rel).target == null) throw new SyscallException(Errno.EINVAL);
        return entry(rel).target;
    }

    @Override
    public OpenFile open(Process p, List<String> rel, String guest, Lookup found, int flags, int mode) throws SyscallException {
        boolean create = found == null;
        if (create) throw new SyscallException(Errno.EACCES);
        if (rel.isEmpty()) {
            List<OpenFile.DirEntry> list = new ArrayList<>();
            list.add(new OpenFile.DirEntry(".", 1, 4));
            list.add(new OpenFile.DirEntry("..", 2, 4));
            entries.forEach((name, e) -> list.add(new OpenFile.DirEntry(name, e.ino, (e.mode & Stat.S_IFMT) >> 12)));
            return new SyntheticDir(rootStat(), list, guest, flags);
        }
        String name = rel.getFirst();
        Entry e = entry(rel);
        return switch (name) {
            case "null" -> new DevFile(DevFile.Kind.NULL, stat(e), guest, flags);
            case "zero" -> new DevFile(DevFile.Kind.ZERO, stat(e), guest, flags);
            case "full" -> new DevFile(DevFile.Kind.FULL, stat(e), guest, flags);
            case "random", "urandom" -> new DevFile(DevFile.Kind.RANDOM, stat(e), guest, flags);
            case "tty" -> terminal(p, flags);
            case "console" -> {
                OpenFile c = terminals == null ? null : terminals.console(p, flags);
                if (c == null) throw new SyscallException(Errno.ENXIO);
                yield c;
            }
            default -> new SyntheticDir(stat(e), List.of(new OpenFile.DirEntry(".", e.ino, 4), new OpenFile.DirEntry("..", 1, 4)), guest, flags);
        };
    }

    /**
     * /dev/tty: the caller's controlling terminal; without one (feuerbird exec) the host's
     * standard stream that is a terminal, if any; else ENXIO.
     */
    private OpenFile terminal(Process p, int flags) throws SyscallException {
        OpenFile c = terminals == null ? null : terminals.controlling(p, flags);
        if (c != null) return c;
        for (int fd = 0; fd < 3; fd++) {
            if (p.fds.isOpen(fd) && p.fds.get(fd) instanceof HostStream s && s.isTerminal()) return s.reopen(flags);
        }
        throw new SyscallException(Errno.ENXIO);
    }

    @Override
    public void access(Process p, List<String> rel, int mode) throws SyscallException {
        Stat st = lstat(p, rel);
        if ((mode & 1) != 0 && (st.mode() & Stat.S_IFMT) != Stat.S_IFDIR) throw new SyscallException(Errno.EACCES);
    }
}
