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
 * Context switch between two domains of one LibOS. Both loop {@code ecall} ("yield"); the
 * LibOS steps the pc past it and {@link Cpu#run}s the other domain, so the kernel saves one
 * register context and loads the other (with its address space) before the upcall
 * returns. One op is one switch: the yield's trap, the upcall, the save and the load.
 *
 * <p>Each domain yields {@code SWITCHES / 2} times, then the first one exits, so one
 * invocation is {@value #SWITCHES} switches; as in {@link NullSyscallBench}, the hart loop
 * is entered once per invocation, not once per switch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContextSwitchBench {
    static final int SWITCHES = 10_000;

    private Exokernel exo;
    private Kernel k;
    private HartRunner runner;
    private SwitchLibOS lib;

    /** Yield runs the other domain. */
    static final class SwitchLibOS extends BenchLibOS {
        long a = Kernel.NONE, b = Kernel.NONE;
        /** The domain that should run; a slice that begins mid-run resumes it, keeping the count exact. */
        long next = Kernel.NONE;

        SwitchLibOS(HartRunner runner) { super(runner); }

        @Override long toRun() { return next; }

        @Override
        public void syscall(Cpu cpu) {
            if (cpu.x(GuestCode.A7) == SYS_EXIT) {
                exit(cpu);
                return;
            }
            cpu.setPc(cpu.pc() + 4);
            long other = domainOf(cpu) == a ? b : a;
            next = other;
            try {
                cpu.run(other);
            } catch (KernelException e) {
                runner.fail("switch refused: " + e.getMessage());
                cpu.idle();
            }
        }
    }

    @Setup(Level.Trial)
    public void boot() throws KernelException {
        exo = Exokernel.boot(MachineSpec.of(16 << 20));
        runner = new HartRunner(exo);
        lib = new SwitchLibOS(runner);
        k = lib.kernel = exo.createLibOS("switch", lib, 256);
        exo.giveAllSlices(k);
        GuestCode program = BenchLibOS.countedEcalls(SWITCHES / 2, 0);
        lib.a = Guest.load(k, program).domain;
        lib.b = Guest.load(k, program).domain;
        yieldSwitch();   // proves the set-up works before JMH times anything
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void yieldSwitch() throws KernelException {
        BenchLibOS.restart(k, lib.a);
        BenchLibOS.restart(k, lib.b);
        lib.next = lib.a;
        runner.runToExit(k);
    }

    @TearDown(Level.Trial)
    public void close() { exo.close(); }
}
