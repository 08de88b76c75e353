package org.feuerbird.libos.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.fs.FdTable;
import org.feuerbird.libos.fs.Stat;
import org.feuerbird.libos.fs.Vfs;
import org.feuerbird.libos.futex.RobustList;
import org.feuerbird.libos.proc.ElfImage;
import org.feuerbird.libos.proc.Limits;
import org.feuerbird.libos.proc.Loader;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.sched.Blocked;
import org.feuerbird.libos.vm.ProcessMemory;
import org.feuerbird.libos.vm.UserMemory;

/** Processes: creation (fork, exec), exit and wait, identity, groups and sessions, credentials, limits. */
public final class ProcessCalls {
    static final int WNOHANG = 1, WUNTRACED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x01000000;
    static final int WNOTHREAD = 0x20000000, WALL = 0x40000000, WCLONE = 0x80000000;
    static final int P_ALL = 0, P_PID = 1, P_PGID = 2;
    static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_STOPPED = 5, CLD_CONTINUED = 6, SIGCHLD = 17;
    /** Linux's bounds on execve's arguments: one string, and all of them at least. */
    static final int MAX_ARG_STRLEN = 32 * 4096, ARG_MAX_MIN = 32 * 4096;
    static final long MAX_IMAGE = 256L << 20;

    private final PosixLibOS os;
    private final ThreadCalls threads;
    private final Vfs vfs;

    ProcessCalls(PosixLibOS os, ThreadCalls threads, Vfs vfs) {
        this.os = os;
        this.threads = threads;
        this.vfs = vfs;
    }

    /**
     * Makes a process running {@code elf}: a domain with a fresh address space, the image and
     * its stack, and {@code fds}. The caller makes its thread runnable.
     */
    public Process create(Process parent, ElfImage elf, List<String> argv, List<String> envp, String exePath, String cwd,
                          FdTable fds) throws SyscallException {
        Kernel k = os.kernel();
        Process p = new Process(os.newPid());
        Task t = new Task(p.pid, p);
        t.name = Task.nameOf(exePath);
        p.startTime = t.startTime = k.now();
        try {
            t.domain = k.createDomain(k.self(), t);
        } catch (KernelException e) {
            throw new SyscallException(Errno.ENOMEM, e.getMessage());
        }
        p.tasks.add(t);
        p.memory = new ProcessMemory(k, t.domain);
        p.user = new UserMemory(k, p.memory);
        p.fds = fds;
        p.cwd = cwd;
        p.exe = exePath;
        p.argv = List.copyOf(argv);
        p.envp = List.copyOf(envp);
        p.parent = parent;
        if (parent != null) {
            parent.children.add(p);
            p.pgid = parent.pgid;
            p.sid = parent.sid;
        }
        long sp = Loader.load(elf, p.memory, p.user, argv, envp, exePath, stackSize(p));
        p.startStack = sp;
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        ctx[Kernel.CONTEXT_PC] = elf.entry;
        ctx[2] = sp;
        try {
            k.setContext(t.domain, ctx);
        } catch (KernelException e) {
            throw new SyscallException(Errno.ENOMEM, e.getMessage());
        }
        os.processes().put(p.pid, p);
        return p;
    }

    /** The stack area a new image gets: RLIMIT_STACK, within sane bounds. */
    private static long stackSize(Process p) {
        long lim = p.limits.soft(Limits.RLIMIT_STACK);
        if (!Limits.within(lim, ProcessMemory.STACK_MAX)) return ProcessMemory.STACK_MAX;
        return Math.max(128 * 1024, (lim + ProcessMemory.PAGE - 1) & -ProcessMemory.PAGE);
    }

    // ---- clone: fork and threads ----

    long clone(Args a) throws SyscallException, Blocked {
        if (a.task().vforkChild != null) return vforkWait(a.task());
        return clone(a, CloneArgs.ofClone(a));
    }

    long clone3(Args a) throws SyscallException, Blocked {
        if (a.task().vforkChild != null) return vforkWait(a.task());
        return clone(a, CloneArgs.ofClone3(a));
    }

    /**
     * The restarted clone of a vfork parent: it returns the child's pid once the child has
     * exec'd or exited, and sleeps until then.
     */
    private static long vforkWait(Task self) throws Blocked {
        Process ch = self.vforkChild;
        if (ch.execed || ch.isZombie()) {
            self.vforkChild = null;
            return ch.pid;
        }
        throw new Blocked(ch.vforkDone, () -> !(ch.execed || ch.isZombie()));
    }

    private long clone(Args a, CloneArgs c) throws SyscallException, Blocked {
        if ((c.flags() & CloneArgs.UNSUPPORTED) != 0) throw new SyscallException(Errno.EINVAL, "unsupported clone flags");
        if (c.has(CloneArgs.CLONE_THREAD) && !c.has(CloneArgs.CLONE_SIGHAND)) throw new SyscallException(Errno.EINVAL);
        if (c.has(CloneArgs.CLONE_SIGHAND) && !c.has(CloneArgs.CLONE_VM)) throw new SyscallException(Errno.EINVAL);
        if (c.exitSignal() > 64) throw new SyscallException(Errno.EINVAL);
        checkProcessLimit(a.task().process);
        if (c.has(CloneArgs.CLONE_THREAD)) return threads.spawn(a, c);
        long pid = fork(a, c);
        if (!c.has(CloneArgs.CLONE_VFORK)) return pid;
        a.task().vforkChild = os.process((int) pid);
        return vforkWait(a.task());
    }

    /** RLIMIT_NPROC: every process not yet reaped counts; past the limit a fork bomb meets EAGAIN. */
    private void checkProcessLimit(Process p) throws SyscallException {
        long n = 0;
        for (Process q : os.processes().values()) n += Math.max(1, q.tasks.size());
        if (!Limits.within(n + 1, p.limits.soft(Limits.RLIMIT_NPROC))) throw new SyscallException(Errno.EAGAIN, "RLIMIT_NPROC");
    }

    /**
     * A new process with a copy of the caller: its memory copy-on-write, its descriptors
     * (shared descriptions), working directory, umask, limits and group. A CLONE_VM child
     * without CLONE_THREAD (vfork, posix_spawn) gets a copy as well: it only runs until it
     * execs or exits, and sees the same contents.
     */
    private long fork(Args a, CloneArgs c) throws SyscallException {
        Kernel k = os.kernel();
        Task self = a.task();
        Process parent = self.process;
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        Process p = new Process(os.newPid());
        Task t = new Task(p.pid, p);
        t.name = self.name;
        p.startTime = t.startTime = k.now();
        try {
            k.getContext(self.domain, ctx);
            t.domain = k.createDomain(k.self(), t);
        } catch (KernelException e) {
            throw new SyscallException(Errno.EAGAIN, e.getMessage());
        }
        try {
            p.memory = parent.memory.fork(t.domain);
        } catch (SyscallException e) {
            destroy(t.domain);
            throw e;
        }
        p.user = new UserMemory(k, p.memory);
        p.tasks.add(t);
        p.fds = parent.fds.fork();
        p.cwd = parent.cwd;
        p.root = parent.root;
        p.exe = parent.exe;
        p.argv = parent.argv;
        p.envp = parent.envp;
        p.umask = parent.umask;
        p.signals.copyActionsFrom(parent.signals);   // [signals] actions and the mask are inherited, pending ones not
        t.signals.inheritFrom(self.signals);
        p.limits = parent.limits.copy();
        p.pgid = parent.pgid;
        p.sid = parent.sid;
        p.exitSignal = c.exitSignal();
        p.parent = c.has(CloneArgs.CLONE_PARENT) && parent.parent != null ? parent.parent : parent;
        p.parent.children.add(p);
        ctx[10] = 0;
        ctx[Kernel.CONTEXT_PC] = a.cpu().pc() + 4;
        if (c.stack() != 0) ctx[2] = c.stack();
        if (c.has(CloneArgs.CLONE_SETTLS)) ctx[4] = c.tls();
        try {
            k.setContext(t.domain, ctx);
        } catch (KernelException e) {
            throw new SyscallException(Errno.EAGAIN, e.getMessage());
        }
        os.processes().put(p.pid, p);
        // Failed tid writes are ignored, as Linux does for a bad pointer here.
        if (c.has(CloneArgs.CLONE_CHILD_SETTID)) tryWriteInt(p.user, c.childTid(), t.tid);
        if (c.has(CloneArgs.CLONE_PARENT_SETTID)) tryWriteInt(parent.user, c.parentTid(), t.tid);
        if (c.has(CloneArgs.CLONE_CHILD_CLEARTID)) t.clearChildTid = c.childTid();
        os.scheduler().makeRunnable(t);
        return p.pid;
    }

    static void tryWriteInt(UserMemory u, long va, int v) {
        try {
            u.writeInt(va, v);
        } catch (SyscallException ignored) {
            // A bad tid pointer is the caller's problem, not an error of the call.
        }
    }

    private void destroy(long domain) {
        try {
            os.kernel().destroyDomain(domain);
        } catch (KernelException ignored) {
            // Already gone: nothing to free.
        }
    }

    // ---- execve ----

    long execve(Args a) throws SyscallException {
        Task self = a.task();
        Process p = self.process;
        String path = p.user.readString(a.a0(), 4096);
        long budget = Math.max(ARG_MAX_MIN, Math.min(p.limits.soft(Limits.RLIMIT_STACK) / 4, 3L << 30) & Long.MAX_VALUE);
        long[] used = {0};
        List<String> argv = readVector(p.user, a.a1(), used, budget);
        List<String> envp = readVector(p.user, a.a2(), used, budget);
        // The path is walked through the VFS, so procfs links lead where they point (busybox's
        // ash runs its applets by exec of /proc/self/exe), and the image is read from whatever
        // file system holds it (the tmpfs root of a booted system, a host directory for exec).
        Program prog = loadProgram(p, p.cwd, path, argv, 0);
        ElfImage elf = prog.elf;
        argv = prog.argv;
        // The point of no return: the other threads, the old image and close-on-exec descriptors go.
        for (Task t : List.copyOf(p.tasks)) if (t != self) endTask(t);
        RobustList.release(self, p.user, p.futexes);   // the old image's robust locks die with it, as on Linux
        p.memory.release();
        p.memory = new ProcessMemory(os.kernel(), self.domain);
        p.user = new UserMemory(os.kernel(), p.memory);
        p.fds.closeOnExec();
        p.signals.resetForExec();   // [signals] caught signals return to their default
        p.exe = prog.exe;
        p.argv = List.copyOf(argv);
        p.envp = List.copyOf(envp);
        p.execed = true;
        p.membarrierPrivate = false;
        // comm is the last component of the path execve was given, as on Linux: a script's
        // own name (not its interpreter's), an applet link's name (not busybox's).
        self.name = Task.nameOf(path);
        p.vforkDone.wakeAll();
        self.clearChildTid = 0;
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        try {
            ctx[2] = Loader.load(elf, p.memory, p.user, argv, envp, prog.exe, stackSize(p));
            p.startStack = ctx[2];
            // The system-call return writes a0 = 0 and steps past the ecall: so the pc is set
            // one instruction before the entry point, and every other register starts at zero.
            ctx[Kernel.CONTEXT_PC] = elf.entry - 4;
            os.kernel().setContext(self.domain, ctx);
        } catch (SyscallException | KernelException e) {
            // Too late to fail the call: the old image is gone (Linux sends SIGKILL here too).
            killProcess(p, PosixLibOS.SIGKILL);
            throw new SyscallException(Errno.ENOMEM, e.getMessage());
        }
        return 0;
    }

    /** Linux's bounds for #! scripts: the bytes of the first line it reads, and how many scripts may nest (its six handler rounds, the last for the ELF). */
    static final int BINPRM_BUF_SIZE = 256, MAX_INTERPRETER_DEPTH = 5;

    /** What execve will run: the ELF image, its guest path and the argument vector (rewritten for scripts). */
    public record Program(ElfImage elf, String exe, List<String> argv) {}

    /**
     * Reads the program at {@code path} through the VFS. An ELF runs as it is; a file that
     * starts with {@code #!} runs its interpreter as Linux does: argv becomes
     * {@code interpreter [arg] path argv[1..]}, where the optional arg is the rest of the line
     * (one argument, spaces and all); interpreters may themselves be scripts, five deep
     * (ELOOP beyond). Any other file is ENOEXEC, which shells answer by running it with sh.
     */
    public Program loadProgram(Process p, String cwd, String path, List<String> argv, int depth) throws SyscallException {
        Vfs.Location l = vfs.resolve(p, cwd, path, true);
        if (l.magic() != null) throw new SyscallException(Errno.EACCES);
        Stat st = l.stat(p);
        if ((st.mode() & Stat.S_IFMT) != Stat.S_IFREG) throw new SyscallException(Errno.EACCES);
        l.fs().access(p, l.rel(), 1);
        // The image is held in the LibOS's heap: a file too large to be a program is refused.
        if (st.size() > MAX_IMAGE) throw new SyscallException(Errno.ENOMEM, "executable too large");
        byte[] image = readAll(l.fs().open(p, l.rel(), l.guest(), org.feuerbird.libos.fs.Lookup.of(st), 0, 0), st.size());
        if (image.length >= 2 && image[0] == '#' && image[1] == '!') {
            if (depth >= MAX_INTERPRETER_DEPTH) throw new SyscallException(Errno.ELOOP);
            String[] line = shebang(image);
            List<String> args = new ArrayList<>();
            args.add(line[0]);
            if (line[1] != null) args.add(line[1]);
            args.add(path);
            if (argv.size() > 1) args.addAll(argv.subList(1, argv.size()));
            return loadProgram(p, cwd, line[0], args, depth + 1);
        }
        try {
            return new Program(ElfImage.parse(image, Loader.PIE_BASE), l.guest(), argv);
        } catch (ElfImage.NotExecutable e) {
            throw new SyscallException(Errno.ENOEXEC, e.getMessage());
        }
    }

    /**
     * The interpreter and its optional argument from a {@code #!} line: blanks around both
     * are dropped; an empty interpreter, or one cut off by the 256-byte limit, is ENOEXEC.
     */
    static String[] shebang(byte[] image) throws SyscallException {
        int n = Math.min(image.length, BINPRM_BUF_SIZE);
        int end = 2;
        while (end < n && image[end] != '\n') end++;
        boolean cut = end == n && n < image.length && image[n - 1] != '\n';
        String text = new String(image, 2, end - 2, java.nio.charset.StandardCharsets.ISO_8859_1);
        String t = text.strip();
        if (t.isEmpty()) throw new SyscallException(Errno.ENOEXEC);
        int sp = 0;
        while (sp < t.length() && t.charAt(sp) != ' ' && t.charAt(sp) != '\t') sp++;
        String interp = t.substring(0, sp);
        if (cut && sp == t.length()) throw new SyscallException(Errno.ENOEXEC);
        String arg = t.substring(sp).strip();
        return new String[] {new String(interp.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8),
            arg.isEmpty() ? null : new String(arg.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8)};
    }

    private static byte[] readAll(org.feuerbird.libos.fs.OpenFile f, long size) throws SyscallException {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(size, MAX_IMAGE));
            byte[] buf = new byte[1 << 16];
            long pos = 0;
            for (int r; (r = f.pread(buf, 0, buf.length, pos)) > 0; pos += r) {
                if (pos + r > MAX_IMAGE) throw new SyscallException(Errno.ENOMEM, "executable too large");
                out.write(buf, 0, r);
            }
            return out.toByteArray();
        } catch (OutOfMemoryError e) {
            throw new SyscallException(Errno.ENOMEM, "executable too large");
        } finally {
            f.close();
        }
    }

    /** A NULL-terminated vector of strings (argv, envp), charged against the E2BIG budget. */
    private static List<String> readVector(UserMemory u, long va, long[] used, long budget) throws SyscallException {
        List<String> out = new ArrayList<>();
        if (va == 0) return out;
        for (long at = va; ; at += 8) {
            long s = u.readLong(at);
            if (s == 0) return out;
            String str;
            try {
                str = u.readString(s, MAX_ARG_STRLEN);
            } catch (SyscallException e) {
                throw e.errno == Errno.ENAMETOOLONG ? new SyscallException(Errno.E2BIG) : e;
            }
            used[0] += str.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1 + 8;
            if (used[0] > budget) throw new SyscallException(Errno.E2BIG);
            out.add(str);
        }
    }

    // ---- exit and wait ----

    long exit(Args a, boolean group) throws TaskExit {
        Task t = a.task();
        int code = a.i(0) & 0xff;
        if (group || t.process.tasks.size() == 1) {
            end(t.process, code << 8);
        } else {
            endTask(t);
        }
        throw new TaskExit();
    }

    /** A fatal signal: the whole process ends with that signal as its status. */
    public void killProcess(Process p, int signal) {
        if (os.trace() != null) os.trace().killed(p, signal);   // [trace]
        end(p, signal & 0x7f);
    }

    /**
     * One thread ends: it stops being scheduled, its futex wait is cancelled, its
     * clear_child_tid word is zeroed and woken (what pthread_join waits for), its domain goes.
     */
    private void endTask(Task t) {
        os.scheduler().remove(t);
        Process p = t.process;
        RobustList.release(t, p.user, p.futexes);
        p.tasks.remove(t);
        p.ended.add(t.usage());   // the thread's times stay with its process (a later moment is charged there too)
        if (t.futexWait != null) {
            p.futexes.cancel(t.futexWait);
            os.clock().cancel(t.futexWait.alarm);
            t.futexWait = null;
        }
        if (t.clearChildTid != 0 && !p.tasks.isEmpty()) {
            tryWriteInt(p.user, t.clearChildTid, 0);
            p.futexes.wake(t.clearChildTid, 1, -1);
        }
        destroy(t.domain);
    }

    /** Ends a process: threads, memory, descriptors go; it stays a zombie for its parent. */
    private void end(Process p, int status) {
        if (p.isZombie()) return;
        if (!p.tasks.isEmpty()) p.lastName = p.tasks.getFirst().name;
        org.feuerbird.libos.tty.JobControl.processEnding(os, p);   // [tty] hang-up of a session leader's terminal, orphaned stopped groups
        for (Task t : List.copyOf(p.tasks)) endTask(t);
        p.memory.release();
        p.fds.closeAll();
        p.waitStatus = status;
        p.vforkDone.wakeAll();
        // Orphans go to init, as on Linux (no subreapers here); init learns of the zombies among them.
        Process init = os.init();
        boolean zombies = false;
        for (Process c : p.children) {
            c.parent = init == p ? null : init;
            if (init != null && init != p) {
                init.children.add(c);
                zombies |= c.isZombie();
            }
        }
        p.children.clear();
        if (init != null && init != p && autoreaps(init)) {
            for (Process c : List.copyOf(init.children)) if (c.isZombie()) reap(init, c);
        }
        if (zombies) init.childEvents.wakeAll();
        if (p.parent != null) {
            Process parent = p.parent;
            // [signals] SIGCHLD comes with its siginfo (CLD_EXITED/KILLED); another exit signal chosen at clone, plainly.
            if (p.exitSignal == SIGCHLD) {
                boolean selfReaping = autoreaps(parent);
                os.signals().childEnded(p, status);   // ignored if SIG_IGN; a handler with SA_NOCLDWAIT still runs
                if (selfReaping) reap(parent, p);
            } else if (p.exitSignal != 0) {
                os.sendSignal(parent, p.exitSignal);
            }
            parent.childEvents.wakeAll();
        }
        if (p == os.init()) os.finish();
    }

    /** Which children a wait selects: pid > 0 that one, 0 the caller's group, -1 any, < -1 group -pid. */
    private static Predicate<Process> selector(Process self, long pid) {
        if (pid > 0) return c -> c.pid == pid;
        if (pid == 0) return c -> c.pgid == self.pgid;
        if (pid == -1) return c -> true;
        return c -> c.pgid == -pid;
    }

    /** What a wait reports about a child: it ended, stopped or continued, with its status word. */
    private record Event(Process child, int kind, int status) {}

    /** Event kinds, also the set a wait asks for. */
    private static final int ENDED = 1, STOPPED = 2, CONTINUED = 4;

    /**
     * The first child selected by {@code which} with an event of a {@code wanted} kind: a
     * zombie, a stop not yet reported (0x7f | sig << 8) or a continue (0xffff), as Linux words them.
     */
    private static Event event(Process self, Predicate<Process> which, int wanted) {
        for (Process c : self.children) {
            if (!which.test(c)) continue;
            if (c.isZombie()) {
                if ((wanted & ENDED) != 0) return new Event(c, ENDED, c.waitStatus);
                continue;
            }
            synchronized (c.signals) {
                if ((wanted & STOPPED) != 0 && c.signals.unreportedStop != 0) {
                    return new Event(c, STOPPED, 0x7f | c.signals.unreportedStop << 8);
                }
                if ((wanted & CONTINUED) != 0 && c.signals.unreportedContinue) return new Event(c, CONTINUED, 0xffff);
            }
        }
        return null;
    }

    /** Waits for an event of a child selected by {@code which}: returns it, or null for WNOHANG. */
    private Event waitFor(Process self, Predicate<Process> which, int wanted, boolean noHang) throws SyscallException, Blocked {
        if (self.children.stream().noneMatch(which)) throw new SyscallException(Errno.ECHILD);
        Event e = event(self, which, wanted);
        if (e != null) return e;
        if (noHang) return null;
        // Also woken when the last such child is reaped by itself (SIGCHLD ignored): then ECHILD.
        throw new Blocked(self.childEvents, () -> event(self, which, wanted) == null && self.children.stream().anyMatch(which));
    }

    /** The event is taken (not WNOWAIT): a zombie is reaped, a stop or continue is not reported again. */
    private void consume(Process self, Event e) {
        Process c = e.child();
        switch (e.kind()) {
            case ENDED -> {
                // times' cutime and RUSAGE_CHILDREN: a waited-for child brings its own and its children's.
                self.reaped.add(c.usage());
                self.reaped.add(c.reaped);
                reap(self, c);
            }
            case STOPPED -> {
                synchronized (c.signals) {
                    c.signals.unreportedStop = 0;
                }
            }
            default -> {
                synchronized (c.signals) {
                    c.signals.unreportedContinue = false;
                }
            }
        }
    }

    private void reap(Process self, Process c) {
        self.children.remove(c);
        os.processes().remove(c.pid);
    }

    /**
     * Whether children of {@code parent} reap themselves: its SIGCHLD is ignored or has
     * SA_NOCLDWAIT (Linux; only for children whose exit signal is SIGCHLD).
     */
    private static boolean autoreaps(Process parent) {
        var act = parent.signals.action(SIGCHLD);
        return act.handler() == org.feuerbird.libos.signal.Sig.SIG_IGN || (act.flags() & org.feuerbird.libos.signal.Sig.SA_NOCLDWAIT) != 0;
    }

    /** What wait4 and waitid report for a child: its own use and its waited-for descendants'. */
    private static org.feuerbird.libos.proc.Usage childUsage(Process c) {
        var u = c.usage();
        u.add(c.reaped);
        return u;
    }

    long wait4(Args a) throws SyscallException, Blocked {
        int options = a.i(2);
        if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE)) != 0) throw new SyscallException(Errno.EINVAL);
        Process self = a.task().process;
        int wanted = ENDED | ((options & WUNTRACED) != 0 ? STOPPED : 0) | ((options & WCONTINUED) != 0 ? CONTINUED : 0);
        Event e = waitFor(self, selector(self, a.i(0)), wanted, (options & WNOHANG) != 0);
        if (e == null) return 0;
        if (a.a1() != 0) self.user.writeInt(a.a1(), e.status());
        if (a.a3() != 0) self.user.write(a.a3(), ResourceCalls.rusage(childUsage(e.child())));
        consume(self, e);
        return e.child().pid;
    }

    long waitid(Args a) throws SyscallException, Blocked {
        int type = a.i(0), id = a.i(1), options = a.i(3);
        if ((options & ~(WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT | WNOTHREAD | WALL | WCLONE)) != 0
                || (options & (WEXITED | WUNTRACED | WCONTINUED)) == 0) {
            throw new SyscallException(Errno.EINVAL);
        }
        Process self = a.task().process;
        Predicate<Process> which = switch (type) {
            case P_ALL -> c -> true;
            case P_PID -> {
                if (id <= 0) throw new SyscallException(Errno.EINVAL);
                yield c -> c.pid == id;
            }
            case P_PGID -> {
                if (id < 0) throw new SyscallException(Errno.EINVAL);
                int g = id == 0 ? self.pgid : id;
                yield c -> c.pgid == g;
            }
            default -> throw new SyscallException(Errno.EINVAL);
        };
        // WSTOPPED is WUNTRACED's value.
        int wanted = ((options & WEXITED) != 0 ? ENDED : 0) | ((options & WUNTRACED) != 0 ? STOPPED : 0)
            | ((options & WCONTINUED) != 0 ? CONTINUED : 0);
        Event e = waitFor(self, which, wanted, (options & WNOHANG) != 0);
        ByteBuffer info = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        if (e != null) {
            int st = e.status();
            int code, status;
            switch (e.kind()) {
                case STOPPED -> {
                    code = CLD_STOPPED;
                    status = (st >> 8) & 0xff;
                }
                case CONTINUED -> {
                    code = CLD_CONTINUED;
                    status = org.feuerbird.libos.signal.Sig.SIGCONT;
                }
                default -> {
                    boolean killed = (st & 0x7f) != 0;
                    code = killed ? ((st & 0x80) != 0 ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
                    status = killed ? st & 0x7f : (st >> 8) & 0xff;
                }
            }
            info.putInt(0, SIGCHLD).putInt(8, code).putInt(16, e.child().pid).putInt(20, 0).putInt(24, status);
        }
        if (a.a2() != 0) self.user.write(a.a2(), info.array());
        if (a.a4() != 0) self.user.write(a.a4(), ResourceCalls.rusage(e != null ? childUsage(e.child()) : new org.feuerbird.libos.proc.Usage()));
        if (e != null && (options & WNOWAIT) == 0) consume(self, e);
        return 0;
    }

    // ---- identity, groups, sessions ----

    long getppid(Args a) {
        Process parent = a.task().process.parent;
        return parent == null ? 0 : parent.pid;
    }

    long setTidAddress(Args a) {
        a.task().clearChildTid = a.a0();
        return a.task().tid;
    }

    private Process target(Args a, int pid) throws SyscallException {
        if (pid < 0) throw new SyscallException(Errno.ESRCH);
        Process p = pid == 0 ? a.task().process : os.process(pid);
        if (p == null) throw new SyscallException(Errno.ESRCH);
        return p;
    }

    long getpgid(Args a) throws SyscallException { return target(a, a.i(0)).pgid; }

    long getsid(Args a) throws SyscallException { return target(a, a.i(0)).sid; }

    long setpgid(Args a) throws SyscallException {
        Process self = a.task().process;
        int pid = a.i(0), pgid = a.i(1);
        if (pgid < 0) throw new SyscallException(Errno.EINVAL);
        Process p = pid == 0 ? self : os.process(pid);
        if (p == null || (p != self && p.parent != self) || p.isZombie() && p != self) throw new SyscallException(Errno.ESRCH);
        if (p != self) {
            if (p.sid != self.sid) throw new SyscallException(Errno.EPERM);
            if (p.execed) throw new SyscallException(Errno.EACCES);
        }
        if (p.sid == p.pid) throw new SyscallException(Errno.EPERM);   // a session leader stays in its group
        int g = pgid == 0 ? p.pid : pgid;
        if (g != p.pid) {
            boolean exists = os.processes().values().stream().anyMatch(q -> q.pgid == g && q.sid == self.sid && !q.isZombie());
            if (!exists) throw new SyscallException(Errno.EPERM);
        }
        p.pgid = g;
        return 0;
    }

    long setsid(Args a) throws SyscallException {
        Process self = a.task().process;
        if (os.processes().values().stream().anyMatch(q -> q.pgid == self.pid)) throw new SyscallException(Errno.EPERM);
        self.sid = self.pgid = self.pid;
        return self.sid;
    }

    // ---- credentials: one user, root ----

    /** setuid/setgid: the only identity there is, 0, may be set; anything else is EPERM. */
    long setId(Args a, int count) throws SyscallException {
        for (int i = 0; i < count; i++) {
            int id = a.i(i);
            if (id != 0 && id != -1) throw new SyscallException(Errno.EPERM);
        }
        return 0;
    }

    /** getresuid/getresgid: real, effective and saved ids, all 0. */
    long getResId(Args a) throws SyscallException {
        for (int i = 0; i < 3; i++) a.task().process.user.writeInt(a.arg(i), 0);
        return 0;
    }

    /** getgroups: root's one supplementary group, 0. */
    long getgroups(Args a) throws SyscallException {
        int size = a.i(0);
        if (size < 0) throw new SyscallException(Errno.EINVAL);
        if (size == 0) return 1;
        a.task().process.user.writeInt(a.a1(), 0);
        return 1;
    }

    long setgroups(Args a) throws SyscallException {
        int size = a.i(0);
        if (size < 0 || size > 65536) throw new SyscallException(Errno.EINVAL);
        byte[] b = a.task().process.user.read(a.a1(), size * 4);
        for (int i = 0; i < size; i++) if (ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(i * 4) != 0) throw new SyscallException(Errno.EPERM);
        return 0;
    }

    // ---- resource limits ----

    long prlimit64(Args a) throws SyscallException {
        Process p = target(a, a.i(0));
        return limit(a.task().process, p, a.i(1), a.a2(), a.a3());
    }

    long getrlimit(Args a) throws SyscallException {
        return limit(a.task().process, a.task().process, a.i(0), 0, a.a1());
    }

    long setrlimit(Args a) throws SyscallException {
        return limit(a.task().process, a.task().process, a.i(0), a.a1(), 0);
    }

    /** Reads the new limit (if any) before changing anything, writes the old one, then applies. */
    private long limit(Process caller, Process p, int res, long newVa, long oldVa) throws SyscallException {
        if (res < 0 || res >= Limits.RLIM_NLIMITS) throw new SyscallException(Errno.EINVAL);
        long soft = 0, hard = 0;
        if (newVa != 0) {
            ByteBuffer b = ByteBuffer.wrap(caller.user.read(newVa, 16)).order(ByteOrder.LITTLE_ENDIAN);
            soft = b.getLong(0);
            hard = b.getLong(8);
            if (!Limits.within(soft, hard)) throw new SyscallException(Errno.EINVAL);
            if (res == Limits.RLIMIT_NOFILE && !Limits.within(hard, 1024 * 1024)) throw new SyscallException(Errno.EPERM);
        }
        if (oldVa != 0) {
            caller.user.write(oldVa, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(p.limits.soft(res)).putLong(p.limits.hard(res)).array());
        }
        if (newVa != 0) {
            p.limits.set(res, soft, hard);
            if (res == Limits.RLIMIT_NOFILE) p.fds.setLimit((int) Math.min(soft, FdTable.NR_OPEN));
        }
        return 0;
    }

    long umask(Args a) {
        Process p = a.task().process;
        int old = p.umask;
        p.umask = a.i(0) & 0777;
        return old;
    }
}
