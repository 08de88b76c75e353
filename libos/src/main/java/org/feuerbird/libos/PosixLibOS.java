package org.feuerbird.libos;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.Upcalls;
import org.feuerbird.libos.fs.HostFs;
import org.feuerbird.libos.fs.HostInput;
import org.feuerbird.libos.posix.Args;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.posix.SyscallTable;
import org.feuerbird.libos.posix.TaskExit;
import org.feuerbird.libos.posix.Trace;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.sched.Blocked;
import org.feuerbird.libos.sched.Scheduler;

/**
 * The POSIX LibOS: the Linux riscv64 system-call ABI on top of the kernel API. The kernel
 * hands it every trap of its domains; it keeps processes, threads, memory policy and files,
 * and decides which of its threads runs in its slices.
 */
public final class PosixLibOS implements Upcalls {
    /** Signals that end a process (the ones a shell names). */
    public static final int SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGKILL = 9, SIGSEGV = 11;

    Kernel kernel;
    final HostFs fs;
    final Scheduler scheduler = new Scheduler();
    final Map<Integer, Process> processes = new HashMap<>();
    private int nextPid = 1;
    final SyscallTable table;
    final Trace trace;
    HostInput stdin;
    /** The first process; when it ends, the run ends. */
    Process init;
    private volatile boolean finished;
    /** Why the LibOS itself gave up (a bug caught at the upcall boundary), or null. */
    volatile Throwable failure;

    PosixLibOS(HostFs fs, PrintStream traceOut) {
        this.fs = fs;
        this.trace = traceOut == null ? null : new Trace(traceOut);
        this.table = new SyscallTable(this);
    }

    void attach(Kernel k) { this.kernel = k; }

    public Kernel kernel() { return kernel; }

    public HostFs fs() { return fs; }

    public Scheduler scheduler() { return scheduler; }

    public HostInput stdin() { return stdin; }

    public boolean finished() { return finished; }

    public Process process(int pid) { return processes.get(pid); }

    public Map<Integer, Process> processes() { return processes; }

    public synchronized int newPid() { return nextPid++; }

    /** Makes a blocked thread runnable again (from any thread) and wakes an idle hart. */
    public void wake(Task t) {
        scheduler.makeRunnable(t);
        kernel.kick();
    }

    // ---- upcalls ----

    @Override
    public void syscall(Cpu cpu) {
        Task t = (Task) cpu.domainTag();
        Args a = Args.of(t, cpu);
        long result;
        try {
            result = table.call(a);
        } catch (SyscallException e) {
            result = -e.errno;
        } catch (Blocked b) {
            // Sleep; the ecall runs again from the start when the thread is woken.
            scheduler.block(t);
            b.queue.add(() -> wake(t));
            if (!b.stillWaiting.getAsBoolean()) wake(t);
            if (trace != null) trace.blocked(a);
            switchAway(cpu);
            return;
        } catch (TaskExit gone) {
            if (trace != null) trace.exited(a);
            switchAway(cpu);
            return;
        }
        if (trace != null) trace.done(a, result, this);
        cpu.setX(10, result);
        cpu.setPc(cpu.pc() + 4);
    }

    @Override
    public void pageFault(Cpu cpu) {
        Task t = (Task) cpu.domainTag();
        try {
            if (t.process.memory.fault(cpu.value(), cpu.cause() == 15, cpu.cause() == 12)) return;
        } catch (SyscallException e) {
            // Out of memory while paging in: the process cannot go on.
            table.process().killProcess(t.process, SIGKILL);
            switchAway(cpu);
            return;
        }
        table.process().killProcess(t.process, SIGSEGV);
        switchAway(cpu);
    }

    @Override
    public void exception(Cpu cpu) {
        Task t = (Task) cpu.domainTag();
        int sig = switch ((int) cpu.cause()) {
            case 3 -> SIGTRAP;
            case 0, 4, 6 -> SIGBUS;
            case 1, 5, 7 -> SIGSEGV;
            default -> SIGILL;
        };
        table.process().killProcess(t.process, sig);
        switchAway(cpu);
    }

    @Override
    public void sliceStarted(Cpu cpu) {
        Task next = scheduler.next();
        if (next == null) return;
        try {
            cpu.run(next.domain);
        } catch (KernelException e) {
            failure = new IllegalStateException("cannot run " + next + ": " + e.getMessage());
        }
    }

    @Override
    public void failed(Object domainTag, Throwable error) {
        failure = error;
        finish();
    }

    /** The current thread cannot go on: run another runnable thread, or let the hart idle. */
    public void switchAway(Cpu cpu) {
        Task next = scheduler.next();
        if (next == null) {
            cpu.idle();
            return;
        }
        try {
            cpu.run(next.domain);
        } catch (KernelException e) {
            failure = new IllegalStateException("cannot run " + next + ": " + e.getMessage());
            cpu.idle();
        }
    }

    /**
     * Sends a signal to a process. Until signal handling is built this applies the default
     * action only: SIGCHLD, SIGURG and SIGWINCH are ignored, SIGCONT continues (nothing to
     * do), everything else ends the process with that signal.
     */
    public void sendSignal(Process p, int sig) {
        if (sig == 17 || sig == 23 || sig == 28 || sig == 18 || sig == 0) return;
        table.process().killProcess(p, sig);
    }

    /** The first process ended: the run is over. */
    public void finish() {
        finished = true;
        if (kernel != null) kernel.kick();
    }

    public Process init() { return init; }
}
