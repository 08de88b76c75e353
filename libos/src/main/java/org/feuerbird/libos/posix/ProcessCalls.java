package org.feuerbird.libos.posix;

import java.util.List;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.fs.FdTable;
import org.feuerbird.libos.proc.ElfImage;
import org.feuerbird.libos.proc.Loader;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.vm.ProcessMemory;
import org.feuerbird.libos.vm.UserMemory;

/** Processes and threads: creation from an executable, exit, identity. */
public final class ProcessCalls {
    private final PosixLibOS os;

    ProcessCalls(PosixLibOS os) { this.os = os; }

    /**
     * Makes a process running {@code elf}: a domain with a fresh address space, the image and
     * its stack, and {@code fds}. The caller makes its thread runnable.
     */
    public Process create(Process parent, ElfImage elf, List<String> argv, List<String> envp, String exePath, String cwd,
                          FdTable fds) throws SyscallException {
        Kernel k = os.kernel();
        Process p = new Process(os.newPid());
        Task t = new Task(p.pid, p);
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
        p.parent = parent;
        if (parent != null) {
            parent.children.add(p);
            p.pgid = parent.pgid;
            p.sid = parent.sid;
        }
        long sp = Loader.load(elf, p.memory, p.user, argv, envp, exePath);
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
        end(p, signal & 0x7f);
    }

    private void endTask(Task t) {
        os.scheduler().remove(t);
        t.process.tasks.remove(t);
        try {
            os.kernel().destroyDomain(t.domain);
        } catch (KernelException ignored) {
            // Already gone (the whole LibOS is being torn down): nothing left to free.
        }
    }

    /** Ends a process: threads, memory, descriptors go; it stays a zombie for its parent. */
    private void end(Process p, int status) {
        if (p.isZombie()) return;
        for (Task t : List.copyOf(p.tasks)) endTask(t);
        p.memory.release();
        p.fds.closeAll();
        p.waitStatus = status;
        // Orphans go to init, as on Linux (no subreapers here).
        Process init = os.init();
        for (Process c : p.children) {
            c.parent = init == p ? null : init;
            if (init != null && init != p) init.children.add(c);
        }
        p.children.clear();
        if (p.parent != null) p.parent.childEvents.wakeAll();
        os.signals().childEnded(p, status);   // [signals] SIGCHLD for the parent
        if (p == os.init()) os.finish();
    }

    long getppid(Args a) {
        Process parent = a.task().process.parent;
        return parent == null ? 0 : parent.pid;
    }

    long setTidAddress(Args a) {
        a.task().clearChildTid = a.a0();
        return a.task().tid;
    }

    long getpgid(Args a) throws SyscallException {
        Process p = a.i(0) == 0 ? a.task().process : os.process(a.i(0));
        if (p == null) throw new SyscallException(Errno.ESRCH);
        return p.pgid;
    }

    long getsid(Args a) throws SyscallException {
        Process p = a.i(0) == 0 ? a.task().process : os.process(a.i(0));
        if (p == null) throw new SyscallException(Errno.ESRCH);
        return p.sid;
    }

    long umask(Args a) {
        Process p = a.task().process;
        int old = p.umask;
        p.umask = a.i(0) & 0777;
        return old;
    }
}
