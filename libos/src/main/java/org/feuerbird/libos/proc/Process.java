package org.feuerbird.libos.proc;

import java.util.ArrayList;
import java.util.List;
import org.feuerbird.libos.fs.FdTable;
import org.feuerbird.libos.futex.FutexTable;
import org.feuerbird.libos.sched.WaitQueue;
import org.feuerbird.libos.vm.ProcessMemory;
import org.feuerbird.libos.vm.UserMemory;

/** A process: its threads, address space, descriptors, working directory, limits and family. */
public final class Process {
    public final int pid;
    public Process parent;
    public final List<Process> children = new ArrayList<>();
    public final List<Task> tasks = new ArrayList<>();
    public ProcessMemory memory;
    public UserMemory user;
    public FdTable fds;
    /** The working directory, as a guest path (absolute, normalised). */
    public String cwd;
    /**
     * The root directory (chroot), as a guest path: absolute paths and absolute link targets
     * start here and ".." stops here. Kept across fork and exec, as on Linux.
     */
    public String root = "/";
    /** The executable's guest path (/proc/self/exe). */
    public String exe;
    public List<String> argv = List.of();
    public int umask = 022;
    public int pgid, sid;
    public Limits limits = new Limits();
    /** The signal the parent gets when this process ends (clone's low byte; SIGCHLD for fork). */
    public int exitSignal = 17;
    /** Whether it ran execve since fork (setpgid on it by its parent then fails with EACCES). */
    public boolean execed;
    /** Set at exit: the wait status word (exit code << 8, or the signal number). */
    public Integer waitStatus;
    /** Parents waiting in wait4 for a child of theirs to change state. */
    public final WaitQueue childEvents = new WaitQueue();
    /** Signal actions, process-wide pending signals, job-control state, ITIMER_REAL. */
    public final org.feuerbird.libos.signal.ProcessSignals signals = new org.feuerbird.libos.signal.ProcessSignals();
    /** A vfork parent waiting for this process to exec or exit. */
    public final WaitQueue vforkDone = new WaitQueue();
    /** membarrier: registered for MEMBARRIER_CMD_PRIVATE_EXPEDITED (per address space; a new one is not). */
    public boolean membarrierPrivate;
    /** Threads waiting in futex calls on this address space's words. */
    public final FutexTable futexes = new FutexTable();

    /** The environment given at exec (/proc/PID/environ). */
    public List<String> envp = List.of();
    /** Its first thread's name when it ended: a zombie's comm in /proc. */
    public String lastName;
    /** The stack pointer its image started with (/proc/PID/stat's startstack). */
    public long startStack;
    /** Kernel time when the process was created (/proc/PID/stat's starttime). */
    public long startTime;
    /** What its threads that ended used; the live ones keep their own ({@link #usage()}). */
    public final Usage ended = new Usage();
    /** What its waited-for children and their descendants used (RUSAGE_CHILDREN, times' cutime). */
    public final Usage reaped = new Usage();

    public Process(int pid) {
        this.pid = pid;
        this.pgid = pid;
        this.sid = pid;
    }

    public boolean isZombie() { return waitStatus != null; }

    /** What the process used so far: its ended threads and its live ones (RUSAGE_SELF). */
    public Usage usage() {
        Usage u = ended.copy();
        for (Task t : List.copyOf(tasks)) u.add(t.usage());
        return u;
    }

    @Override
    public String toString() { return "pid " + pid + " (" + exe + ")"; }
}
