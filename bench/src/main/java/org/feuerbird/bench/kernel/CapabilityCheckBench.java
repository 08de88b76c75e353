package org.feuerbird.bench.kernel;

import java.util.concurrent.TimeUnit;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.testing.TestLibOS;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A capability check that passes: {@link Kernel#check} of a live MEMORY handle for
 * READ|WRITE|MAP, from the LibOS that holds it (the kernel lock is uncontended, as it is
 * for a LibOS on one hart). No hart runs, so TestLibOS, which only records upcalls, is
 * enough here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CapabilityCheckBench {
    private Exokernel exo;
    private Kernel k;
    // Not final and not constants, so the JIT cannot fold the arguments into the call.
    private long handle;
    private CapType type = CapType.MEMORY;
    private int rights = Rights.READ | Rights.WRITE | Rights.MAP;

    @Setup(Level.Trial)
    public void boot() throws KernelException {
        exo = Exokernel.boot(MachineSpec.of(16 << 20));
        TestLibOS lib = new TestLibOS();
        k = lib.kernel = exo.createLibOS("check", lib, 64);
        handle = k.allocFrames(k.self(), 1);
        k.check(handle, type, rights);   // a benchmark of a failing check would measure exceptions
    }

    @Benchmark
    public void check() throws KernelException {
        k.check(handle, type, rights);
    }

    @TearDown(Level.Trial)
    public void close() { exo.close(); }
}
