package org.feuerbird.libos;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.Upcalls;
import org.feuerbird.libos.fs.FileSystem;
import org.feuerbird.libos.fs.HostInput;
import org.feuerbird.libos.posix.Args;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.posix.SyscallTable;
import org.feuerbird.libos.posix.TaskExit;
import org.feuerbird.libos.posix.Trace;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.sched.Blocked;
import org.feuerbird.libos.sched.CpuAccounting;
import org.feuerbird.libos.sched.Scheduler;
import org.feuerbird.libos.signal.SigInfo;
import org.feuerbird.libos.signal.Signals;
import org.feuerbird.libos.time.AlarmClock;
import org.feuerbird.libos.time.TimedWait;

/**
 * The POSIX LibOS: the Linux riscv64 system-call ABI on top of the kernel API. The kernel
 * hands it every trap of its domains; it keeps processes, threads, memory policy and files,
 * and decides which of its threads runs in its slices.
 */
public final class PosixLibOS implements Upcalls {
    /** Signals that end a process (the ones a shell names). */
    public static final int SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGKILL = 9, SIGSEGV = 11;

    Kernel kernel;
    /** The root file system: a host directory (exec) or a tmpfs unpacked from an image (run). */
    final FileSystem fs;
    final Scheduler scheduler = new Scheduler(() -> kernel == null ? 0 : kernel.now());
    /** CPU time of threads and harts: charged at every trap, upcall end and slice end. */
    final CpuAccounting accounting = new CpuAccounting(() -> kernel == null ? 0 : kernel.now());
    final Map<Integer, Process> processes = new HashMap<>();
    private int nextPid = 1;
    final SyscallTable table;
    final Trace trace;
    // [signals] timers on kernel alarms, waits with deadlines, signal delivery
    final AlarmClock clock = new AlarmClock(() -> kernel);
    final TimedWait timedWait = new TimedWait(clock);
    final Signals signals = new Signals(this, this::killProcess, timedWait);
    HostInput stdin;
    // [tty] terminals (the console), and device interrupt lines served by LibOS drivers
    private final java.util.List<org.feuerbird.libos.tty.Tty> ttys = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile org.feuerbird.libos.tty.Tty console;
    private final Map<Integer, Runnable> interruptHandlers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Wall-clock time at boot: CLOCK_REALTIME is this plus kernel time, for every call that reads or waits on it. */
    private final long bootEpochNanos = System.currentTimeMillis() * 1_000_000L;
    /** The first process; when it ends, the run ends. */
    Process init;
    private volatile boolean finished;
    /** Why the LibOS itself gave up (a bug caught at the upcall boundary), or null. */
    volatile Throwable failure;

    /** How the run ended when a process called reboot(2), or null (the run ends with init). */
    volatile Shutdown shutdown;
    /** The node name uname reports; sethostname changes it. */
    private volatile String hostname = "feuerbird";

    /** Why reboot(2) ended the run. */
    public enum Shutdown { POWER_OFF, HALT, RESTART }

    PosixLibOS(FileSystem fs, PrintStream traceOut) {
        this.fs = fs;
        this.trace = traceOut == null ? null : new Trace(traceOut, this);   // [trace]
        this.table = new SyscallTable(this);
    }

    void attach(Kernel k) { this.kernel = k; }

    public Kernel kernel() { return kernel; }

    public FileSystem fs() { return fs; }

    public String hostname() { return hostname; }

    public void setHostname(String name) { hostname = name; }

    /** reboot(2): the run ends now with this reason; every process stops where it is. */
    public void shutdown(Shutdown why) {
        shutdown = why;
        finish();
    }

    public Shutdown shutdownReason() { return shutdown; }

    public Scheduler scheduler() { return scheduler; }

    public CpuAccounting accounting() { return accounting; }

    /** Wall-clock time at boot, in nanoseconds since the epoch (/proc/stat's btime). */
    public long bootEpochNanos() { return bootEpochNanos; }

    /** The pid most recently handed out (/proc/loadavg's last field). */
    public synchronized int lastPid() { return nextPid - 1; }

    public HostInput stdin() { return stdin; }

    public AlarmClock clock() { return clock; }

    public TimedWait timedWait() { return timedWait; }

    public Signals signals() { return signals; }

    /** [tty] Registers a terminal ({@code isConsole}: it is /dev/console). */
    public void addTty(org.feuerbird.libos.tty.Tty tty, boolean isConsole) {
        ttys.add(tty);
        if (isConsole) console = tty;
    }

    /** [tty] The console terminal, or null (feuerbird exec passes the host's stdio instead). */
    public org.feuerbird.libos.tty.Tty console() { return console; }

    /** [tty] The controlling terminal of {@code p}: the one whose session is {@code p}'s, or null. */
    public org.feuerbird.libos.tty.Tty controllingTty(Process p) {
        for (org.feuerbird.libos.tty.Tty t : ttys) if (t.session() == p.sid && p.sid != 0) return t;
        return null;
    }

    /** [tty] Serves interrupt line {@code irq} with {@code handler} (a driver of this LibOS). */
    public void onInterrupt(int irq, Runnable handler) { interruptHandlers.put(irq, handler); }

    /** [trace] The --trace printer, or null when tracing is off. */
    public Trace trace() { return trace; }

    /** CLOCK_REALTIME at kernel time {@code kernelNow}. */
    public long realtime(long kernelNow) { return bootEpochNanos + kernelNow; }

    public boolean finished() { return finished; }

    public Process process(int pid) { return processes.get(pid); }

    public Map<Integer, Process> processes() { return processes; }

    /** The live thread {@code tid} of any process, or null. */
    public Task task(int tid) {
        for (Process p : java.util.List.copyOf(processes.values())) {
            for (Task t : java.util.List.copyOf(p.tasks)) if (t.tid == tid) return t;
        }
        return null;
    }

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
        accounting.trapEntered(cpu.hartId(), t, cpu.enteredNanos(), cpu.trapNanos());
        try {
            serveSyscall(cpu, t);
        } finally {
            accounting.upcallEnded(cpu.hartId());
        }
    }

    private void serveSyscall(Cpu cpu, Task t) {
        Args a = Args.of(t, cpu);
        long result;
        if (trace != null) {   // [trace]
            a = a.frozen();
            trace.enter(a);
        }
        try {
            result = table.call(a);
        } catch (SyscallException e) {
            result = -e.errno;
        } catch (Blocked b) {
            // [signals] a signal that acts cuts the wait short: EINTR, or the call again after it (restart)
            Signals.Interruption why = signals.interruption(t, b.restartsAfterHandler);
            if (why != Signals.Interruption.NONE && b.giveUp != null) b.giveUp.giveUp(why == Signals.Interruption.RESTART);
            if (why == Signals.Interruption.RESTART) {
                if (trace != null) trace.restarted(a);   // [trace]
                if (!signals.deliver(t)) switchAway(cpu);
                return;
            }
            if (why == Signals.Interruption.EINTR) {
                result = -org.feuerbird.libos.posix.Errno.EINTR;
            } else {
                // Sleep; the ecall runs again from the start when the thread is woken.
                scheduler.block(t);
                b.queue.add(() -> wake(t));
                if (!b.stillWaiting.getAsBoolean() || signals.wouldInterrupt(t)) wake(t);
                if (trace != null) trace.blocked(a);
                switchAway(cpu);
                return;
            }
        } catch (TaskExit gone) {
            if (trace != null) trace.exited(a);
            switchAway(cpu);
            return;
        }
        if (trace != null) trace.done(a, result, this);
        cpu.setX(10, result);
        cpu.setPc(cpu.pc() + 4);
        if (!signals.returnFromCall(t)) switchAway(cpu);   // [signals]
    }

    @Override
    public void pageFault(Cpu cpu) {
        Task t = (Task) cpu.domainTag();
        accounting.trapEntered(cpu.hartId(), t, cpu.enteredNanos(), cpu.trapNanos());
        try {
            servePageFault(cpu, t);
        } finally {
            accounting.upcallEnded(cpu.hartId());
        }
    }

    private void servePageFault(Cpu cpu, Task t) {
        synchronized (t.events) {
            t.events.minorFaults++;
        }
        try {
            if (t.process.memory.fault(cpu.value(), cpu.cause() == 15, cpu.cause() == 12)) {
                long rss = t.process.memory.residentPages();
                synchronized (t.events) {
                    t.events.maxRssPages = Math.max(t.events.maxRssPages, rss);
                }
                return;
            }
        } catch (SyscallException e) {
            // Out of memory while paging in: the process cannot go on.
            table.process().killProcess(t.process, SIGKILL);
            switchAway(cpu);
            return;
        }
        // [signals] SIGSEGV: no area there (MAPERR) or one that forbids the access (ACCERR)
        int code = t.process.memory.find(cpu.value()) == null ? 1 : 2;
        signals.fault(t, SigInfo.fault(SIGSEGV, code, cpu.value()));
        if (!signals.deliver(t)) switchAway(cpu);
    }

    @Override
    public void exception(Cpu cpu) {
        Task t = (Task) cpu.domainTag();
        accounting.trapEntered(cpu.hartId(), t, cpu.enteredNanos(), cpu.trapNanos());
        try {
            serveException(cpu, t);
        } finally {
            accounting.upcallEnded(cpu.hartId());
        }
    }

    private void serveException(Cpu cpu, Task t) {
        // [signals] as Linux riscv64 reports them: si_addr is the pc, or the address for data faults
        long cause = cpu.cause();
        SigInfo si = switch ((int) cause) {
            case 3 -> SigInfo.fault(SIGTRAP, 1, cpu.pc());                   // TRAP_BRKPT
            case 0 -> SigInfo.fault(SIGBUS, 1, cpu.value());                 // BUS_ADRALN
            case 4, 6 -> SigInfo.fault(SIGBUS, 1, cpu.value());
            case 1 -> SigInfo.fault(SIGSEGV, 2, cpu.pc());                   // SEGV_ACCERR
            case 5, 7 -> SigInfo.fault(SIGSEGV, 2, cpu.value());
            default -> SigInfo.fault(SIGILL, 1, cpu.pc());                   // ILL_ILLOPC
        };
        signals.fault(t, si);
        if (!signals.deliver(t)) switchAway(cpu);
    }

    @Override
    public void sliceStarted(Cpu cpu) {
        Task next = nextToRun(cpu);
        if (next != null) {
            try {
                cpu.run(next.domain);
            } catch (KernelException e) {
                failure = new IllegalStateException("cannot run " + next + ": " + e.getMessage());
                next = null;
            }
        }
        accounting.sliceStarted(cpu.hartId(), next);
    }

    @Override
    public void sliceEnded(Cpu cpu) { accounting.sliceEnded(cpu.hartId()); }

    @Override
    public void failed(Object domainTag, Throwable error) {
        failure = error;
        finish();
    }

    /** The current thread cannot go on: run another runnable thread, or let the hart idle. */
    public void switchAway(Cpu cpu) {
        Task next = nextToRun(cpu);
        if (next == null) {
            cpu.idle();
            accounting.chose(cpu.hartId(), null);
            return;
        }
        try {
            cpu.run(next.domain);
            accounting.chose(cpu.hartId(), next);
        } catch (KernelException e) {
            failure = new IllegalStateException("cannot run " + next + ": " + e.getMessage());
            cpu.idle();
            accounting.chose(cpu.hartId(), null);
        }
    }

    /**
     * [signals] The next thread to run, its pending signals delivered first (a thread they
     * stop or end is passed over). The thread whose trap is being served takes its signals
     * when its own call returns.
     */
    private Task nextToRun(Cpu cpu) {
        for (int i = 0; i < 64; i++) {
            Task n = scheduler.next();
            if (n == null || n == cpu.domainTag() || signals.deliver(n)) return n;
        }
        return null;
    }

    private void killProcess(Process p, int sig) { table.process().killProcess(p, sig); }

    @Override
    public void interrupt(Cpu cpu, int irq) {
        Runnable h = interruptHandlers.get(irq);
        if (h != null) h.run();
    }

    @Override
    public void alarm(Cpu cpu, long alarm) { clock.fire(alarm); }   // [signals]

    /** Sends a signal from the system (SIGPIPE, SIGCHLD, …) to a process; it acts when the process next runs. */
    public void sendSignal(Process p, int sig) {
        signals.send(p, SigInfo.kernel(sig), null);
    }

    /** The first process ended: the run is over. */
    public void finish() {
        finished = true;
        if (kernel != null) kernel.kick();
    }

    public Process init() { return init; }
}
