package org.feuerbird.bench.kernel;

import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.Upcalls;
import org.feuerbird.kernel.testing.GuestCode;
import org.feuerbird.kernel.testing.Guest;

/**
 * A minimal LibOS for benchmarks that run guest code. The kernel tests' TestLibOS records
 * every trap in a copy-on-write list, which costs more per trap (and grows without bound)
 * than the operations measured here, so the hot paths get this lean base instead: a
 * subclass serves system calls; faults and failed upcalls end the run with a reason.
 */
abstract class BenchLibOS implements Upcalls {
    /** The guests' exit call number (in a7), as in TestLibOS and Linux. */
    static final int SYS_EXIT = 93;

    final HartRunner runner;
    Kernel kernel;

    BenchLibOS(HartRunner runner) { this.runner = runner; }

    /** The domain a slice of this LibOS should run, or {@link Kernel#NONE}. */
    abstract long toRun();

    /** The exit call: records a0, stops the hart's runner and sets the domain aside. */
    final void exit(Cpu cpu) {
        runner.exitValue = cpu.x(GuestCode.A0);
        runner.done = true;
        cpu.idle();
    }

    /** The handle of the domain that trapped ({@link Guest} tags every domain with it). */
    static long domainOf(Cpu cpu) { return ((Guest.Holder) cpu.domainTag()).handle; }

    @Override
    public void sliceStarted(Cpu cpu) {
        long d = toRun();
        if (d == Kernel.NONE) return;
        try {
            cpu.run(d);
        } catch (KernelException e) {
            runner.fail(kernel.name() + " could not run its domain: " + e.getMessage());
        }
    }

    @Override
    public void pageFault(Cpu cpu) {
        runner.fail(kernel.name() + ": page fault " + cpu.cause() + " at 0x" + Long.toHexString(cpu.value())
            + ", pc 0x" + Long.toHexString(cpu.pc()));
        cpu.idle();
    }

    @Override
    public void exception(Cpu cpu) {
        runner.fail(kernel.name() + ": exception " + cpu.cause() + " at pc 0x" + Long.toHexString(cpu.pc()));
        cpu.idle();
    }

    @Override
    public void failed(Object domainTag, Throwable error) {
        runner.fail(kernel.name() + " threw serving " + domainTag + ": " + error);
    }

    // ---- guest programs ----

    /**
     * {@code n} system calls with {@code a7 = call}, then the exit call:
     * <pre>
     *   li s0, n; li a7, call
     * loop: ecall; addi s0, s0, -1; bnez s0, loop
     *   li a7, 93; ecall
     * </pre>
     * The counter lives in a register, so between two traps the guest runs just the
     * ecall, the decrement and the branch.
     */
    static GuestCode countedEcalls(int n, int call) {
        GuestCode c = new GuestCode();
        c.li(GuestCode.S0, n).li(GuestCode.A7, call);
        int loop = c.here();
        c.ecall().addi(GuestCode.S0, GuestCode.S0, -1).bne(GuestCode.S0, GuestCode.ZERO, loop);
        return c.li(GuestCode.A7, SYS_EXIT).ecall();
    }

    /** Puts a domain back at its first instruction with fresh registers (as {@link Guest#load} left it). */
    static void restart(Kernel k, long domain) throws KernelException {
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        ctx[Kernel.CONTEXT_PC] = Guest.CODE;
        ctx[GuestCode.SP] = Guest.DATA + 4096;
        k.setContext(domain, ctx);
    }
}
