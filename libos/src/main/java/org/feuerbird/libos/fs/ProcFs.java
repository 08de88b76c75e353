package org.feuerbird.libos.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.signal.Sig;
import org.feuerbird.libos.signal.SigAction;
import org.feuerbird.libos.vm.Vma;

/**
 * A minimal procfs at /proc: {@code self} (a link to the caller's pid) and per process
 * {@code exe}, {@code cwd}, {@code root}, {@code fd/N} (links), {@code maps}, {@code cmdline},
 * {@code comm} and {@code stat}. Everything is generated from the LibOS's own records when asked. The fd
 * links are "magic" as on Linux: opening one reopens the description (so pipes work too).
 */
public final class ProcFs implements FileSystem {
    static final long DEV = 0x16;
    private static final String[] PER_PROCESS = {"cmdline", "comm", "cwd", "exe", "fd", "maps", "root", "stat"};
    private final IntFunction<Process> processes;
    private final java.util.function.Supplier<java.util.Collection<Process>> all;

    public ProcFs(IntFunction<Process> processes, java.util.function.Supplier<java.util.Collection<Process>> all) {
        this.processes = processes;
        this.all = all;
    }

    /** What a path names: the root, "self", a process directory, a file in it, or an fd link. */
    private record Node(Process proc, String file, int fd) {}

    private Node node(Process caller, List<String> rel) throws SyscallException {
        if (rel.isEmpty()) return new Node(null, null, -1);
        String first = rel.getFirst();
        if (first.equals("self")) {
            if (rel.size() > 1) throw new SyscallException(Errno.ENOENT);   // the walk follows the link first
            return new Node(caller, "self", -1);
        }
        Process p = pid(first);
        if (p == null) throw new SyscallException(Errno.ENOENT);
        if (rel.size() == 1) return new Node(p, null, -1);
        String f = rel.get(1);
        if (!List.of(PER_PROCESS).contains(f)) throw new SyscallException(Errno.ENOENT);
        if (rel.size() == 2) return new Node(p, f, -1);
        if (!f.equals("fd")) throw new SyscallException(f.equals("cwd") || f.equals("exe") || f.equals("root") ? Errno.ENOENT : Errno.ENOTDIR);
        if (rel.size() > 3) throw new SyscallException(Errno.ENOENT);
        int fd;
        try {
            fd = Integer.parseInt(rel.get(2));
        } catch (NumberFormatException e) {
            throw new SyscallException(Errno.ENOENT);
        }
        if (p.fds == null || !p.fds.isOpen(fd)) throw new SyscallException(Errno.ENOENT);
        return new Node(p, "fd", fd);
    }

    private Process pid(String s) {
        try {
            int pid = Integer.parseInt(s);
            Process p = processes.apply(pid);
            return p == null || p.isZombie() ? null : p;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Stat stat(long ino, int mode, long size) {
        return new Stat(DEV, ino, mode, (mode & Stat.S_IFMT) == Stat.S_IFDIR ? 2 : 1, 0, 0, 0, size, 1024, 0, 0, 0, 0);
    }

    private static boolean isLink(String f) { return f.equals("exe") || f.equals("cwd") || f.equals("root") || f.equals("self"); }

    @Override
    public Stat lstat(Process caller, List<String> rel) throws SyscallException {
        Node n = node(caller, rel);
        if (n.proc == null) return stat(1, Stat.S_IFDIR | 0555, 0);
        long base = (long) n.proc.pid << 16;
        if (n.file == null) return stat(base, Stat.S_IFDIR | 0555, 0);
        if (n.fd >= 0) return stat(base + 0x100 + n.fd, Stat.S_IFLNK | 0700, 64);
        if (n.file.equals("self")) return stat(2, Stat.S_IFLNK | 0777, 0);
        if (n.file.equals("fd")) return stat(base + 1, Stat.S_IFDIR | 0500, 0);
        if (isLink(n.file)) return stat(base + 2 + n.file.length(), Stat.S_IFLNK | 0777, 0);
        return stat(base + 10 + n.file.hashCode() % 64, Stat.S_IFREG | 0444, 0);
    }

    @Override
    public String readlink(Process caller, List<String> rel) throws SyscallException {
        Node n = node(caller, rel);
        if (n.fd >= 0) return n.proc.fds.get(n.fd).path();
        if (n.file == null) throw new SyscallException(Errno.EINVAL);
        return switch (n.file) {
            case "self" -> Integer.toString(caller.pid);
            case "exe" -> n.proc.exe;
            case "cwd" -> n.proc.cwd;
            case "root" -> "/";
            default -> throw new SyscallException(Errno.EINVAL);
        };
    }

    @Override
    public OpenFile magic(Process caller, List<String> rel) {
        try {
            Node n = node(caller, rel);
            return n.fd >= 0 ? n.proc.fds.get(n.fd) : null;
        } catch (SyscallException e) {
            return null;
        }
    }

    @Override
    public OpenFile open(Process caller, List<String> rel, String guest, int flags, int mode, boolean create) throws SyscallException {
        if (create) throw new SyscallException(Errno.ENOENT);   // as Linux: no new names in /proc
        if ((flags & 3) != 0) throw new SyscallException(Errno.EACCES);
        Node n = node(caller, rel);
        Stat st = lstat(caller, rel);
        if (n.proc == null) {
            List<OpenFile.DirEntry> list = dots(1);
            list.add(new OpenFile.DirEntry("self", 2, 10));
            for (Process p : all.get()) {
                if (!p.isZombie()) list.add(new OpenFile.DirEntry(Integer.toString(p.pid), (long) p.pid << 16, 4));
            }
            return new SyntheticDir(st, list, guest, flags);
        }
        if (n.file == null) {
            List<OpenFile.DirEntry> list = dots(st.ino());
            for (String f : PER_PROCESS) {
                Stat fs = lstat(caller, List.of(rel.getFirst(), f));
                list.add(new OpenFile.DirEntry(f, fs.ino(), (fs.mode() & Stat.S_IFMT) >> 12));
            }
            return new SyntheticDir(st, list, guest, flags);
        }
        if (n.file.equals("fd")) {
            List<OpenFile.DirEntry> list = dots(st.ino());
            for (int fd : n.proc.fds.open()) list.add(new OpenFile.DirEntry(Integer.toString(fd), st.ino() + 0xff + fd, 10));
            return new SyntheticDir(st, list, guest, flags);
        }
        byte[] text = switch (n.file) {
            case "maps" -> maps(n.proc);
            case "cmdline" -> cmdline(n.proc);
            case "stat" -> statLine(n.proc, caller);
            case "comm" -> (comm(n.proc) + "\n").getBytes(StandardCharsets.UTF_8);
            default -> throw new SyscallException(Errno.ELOOP);
        };
        return new TextFile(text, st, guest, flags);
    }

    private static List<OpenFile.DirEntry> dots(long ino) {
        List<OpenFile.DirEntry> l = new ArrayList<>();
        l.add(new OpenFile.DirEntry(".", ino, 4));
        l.add(new OpenFile.DirEntry("..", 1, 4));
        return l;
    }

    /**
     * /proc/PID/maps in Linux's format: range, permissions, offset, device, inode, then (if
     * the area has a name: the file, [heap], [stack]) spaces up to column 73 and the name;
     * an unnamed line ends in "0 ", as Linux's does. Device and inode are not kept: 00:00 0.
     */
    static byte[] maps(Process p) {
        StringBuilder sb = new StringBuilder();
        if (p.memory == null) return new byte[0];
        List<Vma> areas = new ArrayList<>(p.memory.areas());
        areas.sort(java.util.Comparator.comparingLong(Vma::start));
        for (Vma v : areas) {
            String line = String.format("%08x-%08x %c%c%c%c %08x 00:00 0 ", v.start(), v.end(),
                (v.prot() & Vma.PROT_READ) != 0 ? 'r' : '-', (v.prot() & Vma.PROT_WRITE) != 0 ? 'w' : '-',
                (v.prot() & Vma.PROT_EXEC) != 0 ? 'x' : '-', v.shared() ? 's' : 'p',
                v.file() == null && v.object() == null ? 0 : v.fileOffset());
            sb.append(line);
            if (v.name() != null && !v.name().isEmpty()) {
                sb.append(" ".repeat(Math.max(0, 73 - line.length()))).append(v.name());
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] cmdline(Process p) {
        StringBuilder sb = new StringBuilder();
        for (String a : p.argv) sb.append(a).append('\0');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The process's name: its first thread's (prctl PR_SET_NAME changes it), as Linux's comm. */
    static String comm(Process p) {
        List<Task> ts = List.copyOf(p.tasks);
        if (!ts.isEmpty()) return ts.getFirst().name;
        return Task.nameOf(p.exe);
    }

    /**
     * /proc/PID/stat: Linux's 52 fields. Kept truthfully: pid, comm, state (R for the
     * reader itself, T stopped, S when every thread sleeps), ppid, pgrp, session, tpgid -1 (no
     * controlling terminal), priority 20, nice 0, num_threads, vsize, rss, rsslim (unlimited),
     * start/end of code, the blocked, ignored and caught signal masks, exit_signal,
     * processor 0. Times, fault counts and addresses not kept read 0.
     */
    static byte[] statLine(Process p, Process reader) {
        String comm = comm(p);
        List<Task> ts = List.copyOf(p.tasks);
        char state = p == reader ? 'R' : p.signals.stopped() ? 'T'
            : ts.stream().allMatch(t -> t.state == Task.State.BLOCKED) ? 'S' : 'R';
        long vsize = 0, startCode = 0, endCode = 0;
        long rss = p.memory == null ? 0 : p.memory.residentPages();
        if (p.memory != null) {
            for (Vma v : p.memory.areas()) {
                vsize += v.end() - v.start();
                if ((v.prot() & Vma.PROT_EXEC) != 0 && v.file() != null && startCode == 0) {
                    startCode = v.start();
                    endCode = v.end();
                }
            }
        }
        long blocked = ts.isEmpty() ? 0 : ts.getFirst().signals.blocked, ignored = 0, caught = 0;
        for (int sig = 1; sig <= Sig.NSIG; sig++) {
            SigAction act = p.signals.action(sig);
            if (act.handler() == Sig.SIG_IGN) ignored |= Sig.bit(sig);
            else if (act.catches()) caught |= Sig.bit(sig);
        }
        long[] f = new long[53];   // f[n] is field n (1-based); 1, 2 and 3 are written apart
        f[4] = p.parent == null ? 0 : p.parent.pid;
        f[5] = p.pgid;
        f[6] = p.sid;
        f[8] = -1;
        f[18] = 20;
        f[20] = ts.size();
        f[23] = vsize;
        f[24] = rss;
        f[25] = -1;   // RLIM_INFINITY, printed unsigned
        f[26] = startCode;
        f[27] = endCode;
        f[32] = blocked;
        f[33] = ignored;
        f[34] = caught;
        f[38] = p.exitSignal;
        StringBuilder sb = new StringBuilder();
        sb.append(p.pid).append(" (").append(comm).append(") ").append(state);
        for (int i = 4; i <= 52; i++) sb.append(' ').append(i == 25 ? Long.toUnsignedString(f[i]) : Long.toString(f[i]));
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
