package org.feuerbird.libos.posix;

import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.libos.proc.Task;

/**
 * One system call being served: the thread, its hart, and the six argument registers. The
 * arguments are read from the trapped registers when a handler asks for them, not up front:
 * most calls use one or two, and getpid none. During the upcall the Cpu shows the trapped
 * thread's registers (also after the LibOS switched the hart to another thread), and nothing
 * writes a0..a5 before the handler returns, so a late read sees what the ecall passed.
 */
public final class Args {
    private final Task task;
    private final Cpu cpu;
    private final long nr;
    /** The six arguments as they were at the ecall, or null to read the registers when asked. */
    private final long[] frozen;

    private Args(Task task, Cpu cpu, long nr, long[] frozen) {
        this.task = task;
        this.cpu = cpu;
        this.nr = nr;
        this.frozen = frozen;
    }

    public static Args of(Task t, Cpu cpu) {
        return new Args(t, cpu, cpu.x(17), null);
    }

    /**
     * The same call with its arguments read now and kept: the tracer prints arguments after
     * the call, when execve or sigreturn may have replaced the registers.
     */
    public Args frozen() {
        if (frozen != null) return this;
        long[] v = new long[6];
        for (int i = 0; i < 6; i++) v[i] = cpu.x(10 + i);
        return new Args(task, cpu, nr, v);
    }

    public Task task() { return task; }

    public Cpu cpu() { return cpu; }

    /** The system-call number (a7). */
    public long nr() { return nr; }

    public long a0() { return frozen != null ? frozen[0] : cpu.x(10); }

    public long a1() { return frozen != null ? frozen[1] : cpu.x(11); }

    public long a2() { return frozen != null ? frozen[2] : cpu.x(12); }

    public long a3() { return frozen != null ? frozen[3] : cpu.x(13); }

    public long a4() { return frozen != null ? frozen[4] : cpu.x(14); }

    public long a5() { return frozen != null ? frozen[5] : cpu.x(15); }

    /** Argument {@code i} (0..5). */
    public long arg(int i) {
        if (i < 0 || i > 5) throw new IllegalArgumentException("no argument " + i);
        return frozen != null ? frozen[i] : cpu.x(10 + i);
    }

    /** An int argument as the C prototype has it (the register's low 32 bits, sign-extended). */
    public int i(int n) { return (int) arg(n); }
}
