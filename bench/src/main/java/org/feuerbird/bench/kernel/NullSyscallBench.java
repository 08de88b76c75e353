package org.feuerbird.bench.kernel;

import java.util.concurrent.TimeUnit;
import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.testing.Guest;
import org.feuerbird.kernel.testing.GuestCode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The reference point: a null system call. A domain loops {@code ecall}; its LibOS's
 * syscall upcall only dispatches on a7, sets a0 and steps the pc past the ecall. One op is
 * one trip guest → hart loop → upcall → guest, plus the guest's decrement and branch.
 *
 * <p>The guest counts the calls itself and exits after {@link #CALLS}; one JMH invocation
 * runs the hart through all of them. Running the hart once per call instead would add the
 * hart loop's entry and exit (and the kick that wakes it) to every op; here they are paid
 * once per {@value #CALLS} calls.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NullSyscallBench {
    static final int CALLS = 10_000;

    private Exokernel exo;
    private Kernel k;
    private HartRunner runner;
    private long domain;

    /** Answers every call but exit with a0 = 0. */
    static final class NullLibOS extends BenchLibOS {
        long domain = Kernel.NONE;

        NullLibOS(HartRunner runner) { super(runner); }

        @Override long toRun() { return domain; }

        @Override
        public void syscall(Cpu cpu) {
            if (cpu.x(GuestCode.A7) == SYS_EXIT) {
                exit(cpu);
                return;
            }
            cpu.setX(GuestCode.A0, 0);
            cpu.setPc(cpu.pc() + 4);
        }
    }

    @Setup(Level.Trial)
    public void boot() throws KernelException {
        exo = Exokernel.boot(MachineSpec.of(16 << 20));
        runner = new HartRunner(exo);
        NullLibOS lib = new NullLibOS(runner);
        k = lib.kernel = exo.createLibOS("null", lib, 256);
        exo.giveAllSlices(k);
        domain = lib.domain = Guest.load(k, BenchLibOS.countedEcalls(CALLS, 0)).domain;
        runner.runToExit(k);   // proves the set-up works before JMH times anything
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void ecall() throws KernelException {
        BenchLibOS.restart(k, domain);
        runner.runToExit(k);
    }

    @TearDown(Level.Trial)
    public void close() { exo.close(); }
}
