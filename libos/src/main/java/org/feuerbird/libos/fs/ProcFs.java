package org.feuerbird.libos.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.proc.Usage;
import org.feuerbird.libos.sched.CpuAccounting;
import org.feuerbird.libos.sched.LoadAverage;
import org.feuerbird.libos.sched.Scheduler;
import org.feuerbird.libos.signal.Sig;
import org.feuerbird.libos.signal.SigAction;
import org.feuerbird.libos.vm.Vma;

/**
 * procfs at /proc, generated from the LibOS's own records when a file is opened.
 * <ul>
 * <li>System files: meminfo, stat, uptime, loadavg, cpuinfo, mounts (a link to self/mounts),
 *   filesystems, version, sys/kernel/{hostname, ostype, osrelease, pid_max}; and the links
 *   self and thread-self.</li>
 * <li>Per process (/proc/PID) and per thread (/proc/PID/task/TID, also reachable as
 *   /proc/TID as on Linux): cmdline, comm, cwd, environ, exe, fd/, fdinfo/, maps, mounts,
 *   root, stat, statm, status, and task/ for the process.</li>
 * </ul>
 * The fd links are "magic" as on Linux: opening one reopens the description (so pipes work
 * too). A zombie keeps its directory with stat and status (state Z) until it is reaped.
 */
public final class ProcFs implements FileSystem {
    static final long DEV = 0x16;
    /** USER_HZ: /proc counts times in 10 ms ticks. */
    public static final long TICK_NANOS = 10_000_000L;
    public static final String HOSTNAME = "feuerbird", OSTYPE = "Linux", RELEASE = "6.1.0-feuerbird",
        VERSION = "#1 FeuerBird exokernel";
    /** The largest pid (/proc/sys/kernel/pid_max): Linux's bound on 64-bit systems. */
    static final int PID_MAX = 4194304;

    private static final List<String> PER_PROCESS = List.of("cmdline", "comm", "cwd", "environ", "exe", "fd", "fdinfo",
        "maps", "mounts", "root", "stat", "statm", "status", "task");
    private static final Set<String> LINKS = Set.of("cwd", "exe", "root");
    private static final Set<String> DIRS = Set.of("fd", "fdinfo", "task");
    private static final List<String> GLOBAL = List.of("cpuinfo", "filesystems", "loadavg", "meminfo", "mounts", "stat",
        "sys", "uptime", "version");
    private static final List<String> SYS_KERNEL = List.of("hostname", "ostype", "osrelease", "pid_max");

    /** What procfs reports on: the LibOS's processes, clock, memory, accounting and mount table. */
    public interface Source {
        Process process(int pid);

        Collection<Process> processes();

        /** Kernel time, nanoseconds since boot. */
        long now();

        /** The LibOS's frames: {used, quota}. */
        long[] frames();

        CpuAccounting cpu();

        Scheduler scheduler();

        long bootEpochNanos();

        int lastPid();

        Vfs vfs();

        /**
         * The controlling terminal of {@code p} as stat shows it: {tty_nr (major << 8 | minor,
         * in the kernel's encoding for small numbers), its foreground group}, or {0, -1} for none.
         */
        int[] terminal(Process p);
    }

    private final Source src;

    public ProcFs(Source src) { this.src = src; }

    @Override
    public String type() { return "proc"; }

    @Override
    public StatFs statfs(long flags) { return StatFs.empty(StatFs.PROC_SUPER_MAGIC, flags); }

    /**
     * What a path names: {@code global} a system file or directory ("", "meminfo", "sys/kernel");
     * or a process's ({@code task} null) or a thread's directory, a file in it, or an fd entry.
     */
    private record Node(String global, Process proc, Task task, String file, int fd) {
        static Node global(String g) { return new Node(g, null, null, null, -1); }

        boolean isDir() {
            if (global != null) return global.isEmpty() || global.equals("sys") || global.equals("sys/kernel");
            return file == null || (DIRS.contains(file) && fd < 0);
        }

        boolean isLink() {
            if (global != null) return global.equals("self") || global.equals("thread-self") || global.equals("mounts");
            return file != null && (LINKS.contains(file) || file.equals("fd") && fd >= 0);
        }
    }

    private Node node(Process caller, List<String> rel) throws SyscallException {
        if (rel.isEmpty()) return Node.global("");
        String first = rel.getFirst();
        if (first.equals("self") || first.equals("thread-self") || GLOBAL.contains(first) && !first.equals("sys")) {
            if (rel.size() > 1) throw new SyscallException(first.equals("self") || first.equals("thread-self") || first.equals("mounts")
                ? Errno.ENOENT : Errno.ENOTDIR);   // the walk follows links first
            return Node.global(first);
        }
        if (first.equals("sys")) {
            if (rel.size() == 1) return Node.global("sys");
            if (!rel.get(1).equals("kernel")) throw new SyscallException(Errno.ENOENT);
            if (rel.size() == 2) return Node.global("sys/kernel");
            if (rel.size() > 3) throw new SyscallException(SYS_KERNEL.contains(rel.get(2)) ? Errno.ENOTDIR : Errno.ENOENT);
            if (!SYS_KERNEL.contains(rel.get(2))) throw new SyscallException(Errno.ENOENT);
            return Node.global("sys/kernel/" + rel.get(2));
        }
        int id = number(first);
        Process p = id > 0 ? src.process(id) : null;
        Task thread = null;
        if (p == null && id > 0) {
            // A thread's id is a directory too (not listed), as on Linux.
            thread = findTask(id);
            if (thread == null) throw new SyscallException(Errno.ENOENT);
            p = thread.process;
        }
        if (p == null) throw new SyscallException(Errno.ENOENT);
        return inside(p, thread, rel.subList(1, rel.size()));
    }

    /** The rest of a path inside a process's ({@code t} null) or a thread's directory. */
    private static Node inside(Process p, Task t, List<String> rest) throws SyscallException {
        if (rest.isEmpty()) return new Node(null, p, t, null, -1);
        String f = rest.getFirst();
        if (!PER_PROCESS.contains(f) || f.equals("task") && t != null) throw new SyscallException(Errno.ENOENT);
        if (rest.size() == 1) return new Node(null, p, t, f, -1);
        if (!DIRS.contains(f)) throw new SyscallException(LINKS.contains(f) ? Errno.ENOENT : Errno.ENOTDIR);
        if (f.equals("task")) {
            int tid = number(rest.get(1));
            Task sub = null;
            for (Task x : List.copyOf(p.tasks)) if (x.tid == tid) sub = x;
            if (sub == null) throw new SyscallException(Errno.ENOENT);
            return inside(p, sub, rest.subList(2, rest.size()));
        }
        if (rest.size() > 3 || rest.size() == 3 && f.equals("fdinfo")) throw new SyscallException(Errno.ENOTDIR);
        if (rest.size() == 3) throw new SyscallException(Errno.ENOENT);   // the walk follows the fd link first
        int fd = number(rest.get(1));
        if (fd < 0 || p.fds == null || !p.fds.isOpen(fd)) throw new SyscallException(Errno.ENOENT);
        return new Node(null, p, t, f, fd);
    }

    private static int number(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) return -1;
        return Integer.parseInt(s);
    }

    private Task findTask(int tid) {
        for (Process p : src.processes()) {
            for (Task t : List.copyOf(p.tasks)) if (t.tid == tid) return t;
        }
        return null;
    }

    private static Stat stat(long ino, int mode, long size) {
        return new Stat(DEV, ino, mode, (mode & Stat.S_IFMT) == Stat.S_IFDIR ? 2 : 1, 0, 0, 0, size, 1024, 0, 0, 0, 0);
    }

    /** A stable inode number per path: the pid in the high bits, a hash of the rest below. */
    private static long ino(Node n) {
        if (n.global != null) return n.global.isEmpty() ? 1 : 2 + (n.global.hashCode() & 0xfff);
        long base = ((long) n.proc.pid << 24) | ((n.task == null ? 0L : n.task.tid & 0xff) << 16);
        if (n.file == null) return base;
        return base | 0x10 | ((n.file.hashCode() * 31L + n.fd) & 0xfff0);
    }

    @Override
    public Stat lstat(Process caller, List<String> rel) throws SyscallException {
        Node n = node(caller, rel);
        long ino = ino(n);
        if (n.isDir()) return stat(ino, Stat.S_IFDIR | (n.file != null && !n.file.equals("task") ? 0500 : 0555), 0);
        if (n.isLink()) return stat(ino, Stat.S_IFLNK | (n.fd >= 0 ? 0700 : 0777), n.fd >= 0 ? 64 : 0);
        return stat(ino, Stat.S_IFREG | (n.file != null && n.file.equals("environ") ? 0400 : 0444), 0);
    }

    @Override
    public String readlink(Process caller, List<String> rel) throws SyscallException {
        Node n = node(caller, rel);
        if (!n.isLink()) throw new SyscallException(Errno.EINVAL);
        if (n.global != null) {
            Task self = caller.tasks.isEmpty() ? null : caller.tasks.getFirst();
            return switch (n.global) {
                case "self" -> Integer.toString(caller.pid);
                case "thread-self" -> caller.pid + "/task/" + (self == null ? caller.pid : self.tid);
                default -> "self/mounts";
            };
        }
        if (n.proc.isZombie()) throw new SyscallException(Errno.ENOENT);   // a zombie has no files, cwd or root
        if (n.fd >= 0) return n.proc.fds.get(n.fd).path();
        return switch (n.file) {
            case "exe" -> n.proc.exe;
            case "cwd" -> n.proc.cwd;
            default -> "/";
        };
    }

    @Override
    public OpenFile magic(Process caller, List<String> rel) {
        try {
            Node n = node(caller, rel);
            return n.fd >= 0 && n.file.equals("fd") && !n.proc.isZombie() ? n.proc.fds.get(n.fd) : null;
        } catch (SyscallException e) {
            return null;
        }
    }

    @Override
    public OpenFile open(Process caller, List<String> rel, String guest, Lookup found, int flags, int mode) throws SyscallException {
        boolean create = found == null;
        if (create) throw new SyscallException(Errno.ENOENT);   // as Linux: no new names in /proc
        if ((flags & 3) != 0) throw new SyscallException(Errno.EACCES);
        Node n = node(caller, rel);
        Stat st = lstat(caller, rel);
        // Another hart may change the records being read (a process's areas or threads): a
        // torn read is taken again, and given up with EAGAIN rather than thrown at the guest.
        for (int attempt = 0; ; attempt++) {
            try {
                if (n.isDir()) return new SyntheticDir(st, list(caller, rel, n, st.ino()), guest, flags);
                byte[] text = n.global != null ? global(n.global, caller) : perProcess(n, caller);
                return new TextFile(text, st, guest, flags);
            } catch (java.util.ConcurrentModificationException | java.util.NoSuchElementException e) {
                if (attempt == 3) throw new SyscallException(Errno.EAGAIN, "changed while read: " + e);
            }
        }
    }

    private List<OpenFile.DirEntry> list(Process caller, List<String> rel, Node n, long ino) throws SyscallException {
        List<OpenFile.DirEntry> list = new ArrayList<>();
        list.add(new OpenFile.DirEntry(".", ino, 4));
        list.add(new OpenFile.DirEntry("..", 1, 4));
        List<String> names = new ArrayList<>();
        if (n.global != null) {
            switch (n.global) {
                case "" -> {
                    for (Process p : src.processes()) names.add(Integer.toString(p.pid));
                    names.sort(java.util.Comparator.comparingInt(Integer::parseInt));
                    names.add("self");
                    names.add("thread-self");
                    names.addAll(GLOBAL);
                }
                case "sys" -> names.add("kernel");
                default -> names.addAll(SYS_KERNEL);
            }
        } else if (n.file == null) {
            for (String f : PER_PROCESS) if (!(f.equals("task") && n.task != null)) names.add(f);
        } else if (n.file.equals("task")) {
            for (Task t : List.copyOf(n.proc.tasks)) names.add(Integer.toString(t.tid));
        } else if (!n.proc.isZombie()) {
            for (int fd : n.proc.fds.open()) names.add(Integer.toString(fd));
        }
        for (String name : names) {
            List<String> path = new ArrayList<>(rel);
            path.add(name);
            try {
                Stat s = lstat(caller, path);
                list.add(new OpenFile.DirEntry(name, s.ino(), (s.mode() & Stat.S_IFMT) >> 12));
            } catch (SyscallException gone) {
                // It went away while listing (a process reaped, a descriptor closed).
            }
        }
        return list;
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    // ---- system files ----

    private byte[] global(String name, Process caller) {
        return bytes(switch (name) {
            case "meminfo" -> meminfo();
            case "stat" -> systemStat();
            case "uptime" -> uptime();
            case "loadavg" -> loadavg();
            case "cpuinfo" -> cpuinfo();
            case "filesystems" -> filesystems();
            case "version" -> "Linux version " + RELEASE + " (feuerbird@feuerbird) (riscv64-linux-gnu-gcc) " + VERSION + "\n";
            case "sys/kernel/hostname" -> HOSTNAME + "\n";
            case "sys/kernel/ostype" -> OSTYPE + "\n";
            case "sys/kernel/osrelease" -> RELEASE + "\n";
            case "sys/kernel/pid_max" -> PID_MAX + "\n";
            default -> "";
        });
    }

    /** Memory as /proc/meminfo and sysinfo(2) report it, in KiB. */
    public record Memory(long total, long free, long available, long shmem, long anon) {}

    /**
     * The LibOS's frame quota is its RAM; frames it holds are used. tmpfs contents live in the
     * LibOS's own memory, so they count as used too and are reported as Shmem and Cached (as
     * tmpfs pages are on Linux); nothing can be reclaimed, so MemAvailable is MemFree.
     */
    public Memory memory() {
        long[] f = src.frames();
        long shmem = 0;
        for (Vfs.Mount m : src.vfs().mounts()) if (m.fs() instanceof TmpFs t) shmem += (t.used() + 1023) / 1024;
        long total = f[1] * 4, used = f[0] * 4;
        long free = Math.max(0, total - used - shmem);
        return new Memory(total, free, free, shmem, used);
    }

    private String meminfo() {
        Memory m = memory();
        StringBuilder sb = new StringBuilder();
        Object[][] rows = {
            {"MemTotal", m.total()}, {"MemFree", m.free()}, {"MemAvailable", m.available()}, {"Buffers", 0L},
            {"Cached", m.shmem()}, {"SwapCached", 0L}, {"Active", m.anon()}, {"Inactive", m.shmem()},
            {"Active(anon)", m.anon()}, {"Inactive(anon)", m.shmem()}, {"Active(file)", 0L}, {"Inactive(file)", 0L},
            {"Unevictable", 0L}, {"Mlocked", 0L}, {"SwapTotal", 0L}, {"SwapFree", 0L}, {"Dirty", 0L}, {"Writeback", 0L},
            {"AnonPages", m.anon()}, {"Mapped", 0L}, {"Shmem", m.shmem()}, {"KReclaimable", 0L}, {"Slab", 0L},
            {"SReclaimable", 0L}, {"SUnreclaim", 0L}, {"KernelStack", 0L}, {"PageTables", 0L}, {"NFS_Unstable", 0L},
            {"Bounce", 0L}, {"WritebackTmp", 0L}, {"CommitLimit", m.total()}, {"Committed_AS", m.anon() + m.shmem()},
            {"VmallocTotal", 0L}, {"VmallocUsed", 0L}, {"VmallocChunk", 0L}, {"Percpu", 0L},
            {"HugePages_Total", -1L}, {"HugePages_Free", -1L}, {"HugePages_Rsvd", -1L}, {"HugePages_Surp", -1L},
            {"Hugepagesize", 2048L}, {"Hugetlb", 0L}};
        for (Object[] r : rows) {
            String label = r[0] + ":";
            long v = (Long) r[1];
            // Linux's layout: the name padded to 16 columns, the value right-aligned in 8, then " kB"
            // (the HugePages counts are plain numbers).
            if (v < 0) sb.append(String.format("%-16s%6d%n", label, 0));
            else sb.append(String.format("%-16s%8d kB%n", label, v));
        }
        return sb.toString();
    }

    private static long ticks(long nanos) { return nanos / TICK_NANOS; }

    private String systemStat() {
        long[][] harts = src.cpu().perHart();
        long[] sum = new long[3];
        for (long[] h : harts) for (int i = 0; i < 3; i++) sum[i] += h[i];
        StringBuilder sb = new StringBuilder();
        // user nice system idle iowait irq softirq steal guest guest_nice, in ticks
        sb.append("cpu  ").append(cpuLine(sum)).append('\n');
        for (int i = 0; i < harts.length; i++) sb.append("cpu").append(i).append(' ').append(cpuLine(harts[i])).append('\n');
        sb.append("intr 0\n");
        sb.append("ctxt ").append(src.cpu().switches()).append('\n');
        sb.append("btime ").append(src.bootEpochNanos() / 1_000_000_000L).append('\n');
        sb.append("processes ").append(src.lastPid()).append('\n');
        sb.append("procs_running ").append(src.scheduler().runnableCount()).append('\n');
        sb.append("procs_blocked 0\n");   // only uninterruptible sleeps count; every sleep here is interruptible
        sb.append("softirq 0 0 0 0 0 0 0 0 0 0 0\n");
        return sb.toString();
    }

    private static String cpuLine(long[] h) {
        return ticks(h[0]) + " 0 " + ticks(h[1]) + " " + ticks(h[2]) + " 0 0 0 0 0 0";
    }

    private String uptime() {
        long idle = 0;
        for (long[] h : src.cpu().perHart()) idle += h[2];
        return hundredths(src.now()) + " " + hundredths(idle) + "\n";
    }

    private static String hundredths(long nanos) {
        long c = nanos / TICK_NANOS;
        return c / 100 + "." + String.format("%02d", c % 100);
    }

    private String loadavg() {
        long[] l = src.scheduler().loadAverage();
        int threads = 0;
        for (Process p : src.processes()) threads += p.tasks.size();
        return LoadAverage.format(l[0]) + " " + LoadAverage.format(l[1]) + " " + LoadAverage.format(l[2]) + " "
            + src.scheduler().runnableCount() + "/" + threads + " " + src.lastPid() + "\n";
    }

    private String cpuinfo() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < src.cpu().perHart().length; i++) {
            sb.append("processor\t: ").append(i).append('\n');
            sb.append("hart\t\t: ").append(i).append('\n');
            sb.append("isa\t\t: rv64imafdc_zicsr_zifencei\n");
            sb.append("mmu\t\t: sv39\n");
            sb.append("mvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n\n");
        }
        return sb.toString();
    }

    private String filesystems() {
        StringBuilder sb = new StringBuilder();
        Set<String> seen = new java.util.LinkedHashSet<>(List.of("proc", "tmpfs", "devtmpfs", "hostfs"));
        for (Vfs.Mount m : src.vfs().mounts()) seen.add(m.fs().type());
        for (String t : seen) sb.append("nodev\t").append(t).append('\n');
        return sb.toString();
    }

    /** /proc/PID/mounts (and /proc/mounts): "source mountpoint type options 0 0" per mount, in mount order. */
    private String mounts() {
        StringBuilder sb = new StringBuilder();
        for (Vfs.Mount m : src.vfs().mounts()) {
            sb.append(m.source()).append(' ').append(m.path()).append(' ').append(m.fs().type()).append(' ')
                .append(m.options()).append(" 0 0\n");
        }
        return sb.toString();
    }

    // ---- per process and per thread ----

    private byte[] perProcess(Node n, Process caller) throws SyscallException {
        Process p = n.proc;
        if (n.file.equals("fdinfo")) return bytes(fdinfo(p, n.fd));
        return switch (n.file) {
            case "maps" -> maps(p);
            case "cmdline" -> p.isZombie() ? new byte[0] : strings(p.argv);
            case "environ" -> p.isZombie() ? new byte[0] : strings(p.envp);
            case "comm" -> bytes((n.task != null ? n.task.name : comm(p)) + "\n");
            case "stat" -> bytes(statLine(p, n.task, caller));
            case "statm" -> bytes(statm(p));
            case "status" -> bytes(status(p, n.task, caller));
            case "mounts" -> bytes(mounts());
            default -> throw new SyscallException(Errno.ELOOP);
        };
    }

    private static String fdinfo(Process p, int fd) throws SyscallException {
        OpenFile f = p.fds.get(fd);
        long pos;
        try {
            pos = f.seek(0, 1);
        } catch (SyscallException e) {
            pos = 0;   // pipes and terminals have no position
        }
        int flags = f.flags() | (p.fds.closeOnExec(fd) ? 02000000 : 0);
        return "pos:\t" + pos + "\nflags:\t0" + Integer.toOctalString(flags) + "\nmnt_id:\t0\nino:\t" + f.stat().ino() + "\n";
    }

    /**
     * /proc/PID/maps in Linux's format: range, permissions, offset, device, inode, then (if
     * the area has a name: the file, [heap], [stack]) spaces up to column 73 and the name;
     * an unnamed line ends in "0 ", as Linux's does. Device and inode are not kept: 00:00 0.
     */
    static byte[] maps(Process p) {
        StringBuilder sb = new StringBuilder();
        for (Vma v : areas(p)) {
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

    /** The process's areas in address order; none for a zombie (its memory is gone). */
    private static List<Vma> areas(Process p) {
        if (p.memory == null || p.isZombie()) return List.of();
        List<Vma> areas = new ArrayList<>(p.memory.areas());
        areas.sort(java.util.Comparator.comparingLong(Vma::start));
        return areas;
    }

    private static byte[] strings(List<String> list) {
        StringBuilder sb = new StringBuilder();
        for (String a : list) sb.append(a).append('\0');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The process's name: its first thread's (prctl PR_SET_NAME changes it), as Linux's comm. */
    static String comm(Process p) {
        List<Task> ts = List.copyOf(p.tasks);
        if (!ts.isEmpty()) return ts.getFirst().name;
        return p.lastName != null ? p.lastName : Task.nameOf(p.exe);
    }

    /** Sizes of a process's memory, in bytes, as status and statm group them. */
    private record Vm(long size, long rss, long data, long stack, long exe, long lib, long startCode, long endCode,
                      long startData, long endData, long startBrk) {}

    private static Vm vm(Process p) {
        long size = 0, data = 0, stack = 0, exe = 0, lib = 0, startCode = 0, endCode = 0, startData = 0, endData = 0, startBrk = 0;
        for (Vma v : areas(p)) {
            long len = v.end() - v.start();
            size += len;
            boolean program = p.exe != null && p.exe.equals(v.name());
            if ("[stack]".equals(v.name())) {
                stack += len;
            } else if ((v.prot() & Vma.PROT_EXEC) != 0 && v.file() != null) {
                if (program) {
                    exe += len;
                    if (startCode == 0) startCode = v.start();
                    endCode = v.end();
                } else {
                    lib += len;
                }
            } else if ((v.prot() & Vma.PROT_WRITE) != 0 && !v.shared()) {
                data += len;   // Linux's VmData: private writable areas but the stack
                if (program && startData == 0) {
                    startData = v.start();
                    endData = v.end();
                }
                if ("[heap]".equals(v.name()) && startBrk == 0) startBrk = v.start();
            }
        }
        long rss = p.memory == null || p.isZombie() ? 0 : (long) p.memory.residentPages() * 4096;
        if (startBrk == 0 && p.memory != null && !p.isZombie()) startBrk = p.memory.brk();
        return new Vm(size, rss, data, stack, exe, lib, startCode, endCode, startData, endData, startBrk);
    }

    /** Linux's state letter for a thread: R running or runnable, S asleep, T stopped, Z ended. */
    private static char state(Process p, Task t, Process reader) {
        if (p.isZombie()) return 'Z';
        if (t == null) {
            List<Task> ts = List.copyOf(p.tasks);
            if (ts.isEmpty()) return 'Z';
            // The process shows its first thread, as Linux shows the group leader; the reader itself is running.
            if (p == reader) return 'R';
            t = ts.getFirst();
        }
        if (t.state == Task.State.DEAD) return 'Z';
        if (p.signals.stopped()) return 'T';
        if (reader.tasks.contains(t)) return 'R';
        return t.state == Task.State.BLOCKED ? 'S' : 'R';
    }

    private static String stateName(char s) {
        return switch (s) {
            case 'R' -> "R (running)";
            case 'S' -> "S (sleeping)";
            case 'T' -> "T (stopped)";
            default -> "Z (zombie)";
        };
    }

    /** Signals blocked by, ignored by and caught by the process (the masks stat and status show). */
    private static long[] signalMasks(Process p, Task t) {
        List<Task> ts = List.copyOf(p.tasks);
        Task shown = t != null ? t : ts.isEmpty() ? null : ts.getFirst();
        long blocked = shown == null ? 0 : shown.signals.blocked, ignored = 0, caught = 0;
        for (int sig = 1; sig <= Sig.NSIG; sig++) {
            SigAction act = p.signals.action(sig);
            if (act.handler() == Sig.SIG_IGN) ignored |= Sig.bit(sig);
            else if (act.catches()) caught |= Sig.bit(sig);
        }
        long threadPending = shown == null ? 0 : shown.signals.pendingMask(p.signals);
        return new long[] {blocked, ignored, caught, threadPending, p.signals.sharedPending()};
    }

    /** Whose use a file shows: one thread's, or the whole process's. */
    private static Usage usage(Process p, Task t) { return t != null ? t.usage() : p.usage(); }

    /**
     * /proc/PID/stat: Linux's 52 fields. Kept truthfully: pid, comm, state, ppid, pgrp,
     * session, tty_nr and tpgid (the controlling terminal's, from {@link Source#terminal}),
     * minflt, utime, stime, cutime, cstime, cminflt (waited-for children), priority 20, nice 0,
     * num_threads, starttime, vsize, rss, rsslim (unlimited), code, data and brk addresses,
     * start_stack, the pending, blocked, ignored and caught signal masks, exit_signal, processor 0
     * and, for a zombie, exit_code. Fields Linux fills only in special cases (kstkesp, wchan, …) are 0.
     */
    String statLine(Process p, Task t, Process reader) {
        String comm = t != null ? t.name : comm(p);
        char state = state(p, t, reader);
        Vm vm = vm(p);
        Usage u = usage(p, t), children = p.reaped.copy();
        long[] sig = signalMasks(p, t);
        long[] f = new long[53];   // f[n] is field n (1-based); 1, 2 and 3 are written apart
        f[4] = p.parent == null ? 0 : p.parent.pid;
        f[5] = p.pgid;
        f[6] = p.sid;
        int[] tty = src.terminal(p);
        f[7] = tty[0];
        f[8] = tty[1];
        f[10] = u.minorFaults;
        f[11] = t == null ? children.minorFaults : 0;
        f[14] = ticks(u.userNanos);
        f[15] = ticks(u.systemNanos);
        f[16] = t == null ? ticks(children.userNanos) : 0;
        f[17] = t == null ? ticks(children.systemNanos) : 0;
        f[18] = 20;
        f[20] = p.tasks.size();
        f[22] = ticks(t != null ? t.startTime : p.startTime);
        f[23] = vm.size();
        f[24] = vm.rss() / 4096;
        f[25] = -1;   // RLIM_INFINITY, printed unsigned
        f[26] = vm.startCode();
        f[27] = vm.endCode();
        f[28] = p.isZombie() ? 0 : p.startStack;
        f[31] = sig[3] | sig[4];
        f[32] = sig[0];
        f[33] = sig[1];
        f[34] = sig[2];
        f[38] = p.exitSignal;
        f[45] = vm.startData();
        f[46] = vm.endData();
        f[47] = vm.startBrk();
        f[52] = p.isZombie() ? p.waitStatus : 0;
        StringBuilder sb = new StringBuilder();
        sb.append(t != null ? t.tid : p.pid).append(" (").append(comm).append(") ").append(state);
        for (int i = 4; i <= 52; i++) sb.append(' ').append(i == 25 ? Long.toUnsignedString(f[i]) : Long.toString(f[i]));
        sb.append('\n');
        return sb.toString();
    }

    /** /proc/PID/statm: size, resident, shared, text, lib, data, dt, in pages (lib and dt are 0 on Linux too). */
    private static String statm(Process p) {
        Vm vm = vm(p);
        return vm.size() / 4096 + " " + vm.rss() / 4096 + " 0 " + vm.exe() / 4096 + " 0 " + (vm.data() + vm.stack()) / 4096 + " 0\n";
    }

    /** A status line in Linux's layout: "VmRSS:\t     280 kB". */
    private static String kb(String label, long bytes) { return String.format("%s:\t%8d kB%n", label, bytes / 1024); }

    /**
     * /proc/PID/status in Linux's order and layout. Everyone is root (ids 0, every capability);
     * VmPeak and VmHWM are the current size and the largest resident set seen.
     */
    static String status(Process p, Task t, Process reader) {
        char state = state(p, t, reader);
        Vm vm = vm(p);
        Usage u = usage(p, t);
        long[] sig = signalMasks(p, t);
        int fdSize = p.isZombie() || p.fds == null ? 0 : Math.max(64, Integer.highestOneBit(Math.max(1, maxFd(p))) * 2);
        int tid = t != null ? t.tid : p.pid;
        StringBuilder sb = new StringBuilder();
        sb.append("Name:\t").append(t != null ? t.name : comm(p)).append('\n');
        sb.append("Umask:\t").append(String.format("%04o", p.umask)).append('\n');
        sb.append("State:\t").append(stateName(state)).append('\n');
        sb.append("Tgid:\t").append(p.pid).append('\n');
        sb.append("Ngid:\t0\n");
        sb.append("Pid:\t").append(tid).append('\n');
        sb.append("PPid:\t").append(p.parent == null ? 0 : p.parent.pid).append('\n');
        sb.append("TracerPid:\t0\n");
        sb.append("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
        sb.append("FDSize:\t").append(fdSize).append('\n');
        sb.append("Groups:\t0 \n");
        sb.append("NStgid:\t").append(p.pid).append("\nNSpid:\t").append(tid).append('\n');
        sb.append("NSpgid:\t").append(p.pgid).append("\nNSsid:\t").append(p.sid).append('\n');
        if (!p.isZombie()) {
            sb.append(kb("VmPeak", vm.size())).append(kb("VmSize", vm.size())).append(kb("VmLck", 0)).append(kb("VmPin", 0));
            sb.append(kb("VmHWM", Math.max(vm.rss(), u.maxRssPages * 4096))).append(kb("VmRSS", vm.rss()));
            sb.append(String.format("RssAnon:\t%8d kB%nRssFile:\t%8d kB%nRssShmem:\t%8d kB%n", vm.rss() / 1024, 0, 0));
            sb.append(kb("VmData", vm.data())).append(kb("VmStk", vm.stack())).append(kb("VmExe", vm.exe()));
            sb.append(kb("VmLib", vm.lib())).append(kb("VmPTE", 0)).append(kb("VmSwap", 0));
            sb.append("HugetlbPages:\t       0 kB\n");
        }
        sb.append("CoreDumping:\t0\nTHP_enabled:\t0\n");
        sb.append("Threads:\t").append(p.tasks.size()).append('\n');
        // Signals queued / the bound on a queue (PendingSignals keeps at most 4096).
        sb.append("SigQ:\t").append(Long.bitCount(sig[3] | sig[4])).append("/4096\n");
        sb.append(String.format("SigPnd:\t%016x%nShdPnd:\t%016x%nSigBlk:\t%016x%nSigIgn:\t%016x%nSigCgt:\t%016x%n",
            sig[3], sig[4], sig[0], sig[1], sig[2]));
        sb.append("CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n");
        sb.append("CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n");
        sb.append("NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
        sb.append("Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t1\nMems_allowed_list:\t0\n");
        sb.append("voluntary_ctxt_switches:\t").append(u.voluntarySwitches).append('\n');
        sb.append("nonvoluntary_ctxt_switches:\t").append(u.involuntarySwitches).append('\n');
        return sb.toString();
    }

    private static int maxFd(Process p) {
        int max = 0;
        for (int fd : p.fds.open()) max = Math.max(max, fd + 1);
        return max;
    }
}
