package org.feuerbird.libos.posix;

import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.libos.proc.Task;

/** One system call being served: the thread, its hart, and the six argument registers. */
public record Args(Task task, Cpu cpu, long nr, long a0, long a1, long a2, long a3, long a4, long a5) {
    public static Args of(Task t, Cpu cpu) {
        return new Args(t, cpu, cpu.x(17), cpu.x(10), cpu.x(11), cpu.x(12), cpu.x(13), cpu.x(14), cpu.x(15));
    }

    public long arg(int i) {
        return switch (i) {
            case 0 -> a0;
            case 1 -> a1;
            case 2 -> a2;
            case 3 -> a3;
            case 4 -> a4;
            default -> a5;
        };
    }

    /** An int argument as the C prototype has it (the register's low 32 bits, sign-extended). */
    public int i(int n) { return (int) arg(n); }
}
