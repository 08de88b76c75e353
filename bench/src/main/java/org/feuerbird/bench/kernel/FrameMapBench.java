package org.feuerbird.bench.kernel;

import java.util.concurrent.TimeUnit;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.testing.TestLibOS;
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
 * Frame allocation and secure binding: {@code allocFrames(self, 1)} (which zeroes the 4 KiB
 * frame, as the API promises) and {@code map(domain, va, frame, 0, READ|WRITE)} into a
 * domain that is never run (no hart is involved).
 *
 * <ul>
 *   <li>{@link #allocMap}: alloc + map only. The undo (unmap + freeFrames) happens between
 *       invocations, untimed; each invocation does {@value #BATCH} of them, so JMH's
 *       per-invocation fixture cost is spread thin.
 *   <li>{@link #allocMapUnmapFree}: the whole cycle as one op, with no untimed part.
 * </ul>
 * All addresses lie in one 2 MiB region, so after the first invocation the page tables
 * exist and neither benchmark measures page-table allocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameMapBench {
    static final int BATCH = 256;
    static final long VA = 0x4000_0000L;
    static final int RW = Kernel.MAP_READ | Kernel.MAP_WRITE;

    /** One LibOS and one empty domain. */
    @State(Scope.Thread)
    public static class Board {
        Exokernel exo;
        Kernel k;
        long domain;

        @Setup(Level.Trial)
        public void boot() throws KernelException {
            exo = Exokernel.boot(MachineSpec.of(16 << 20));
            TestLibOS lib = new TestLibOS();
            k = lib.kernel = exo.createLibOS("frames", lib, 1024);
            domain = k.createDomain(k.self(), null);
        }

        @TearDown(Level.Trial)
        public void close() { exo.close(); }
    }

    /**
     * A board whose frames one {@link #allocMap} invocation took are given back after it.
     * It is a board itself rather than taking a {@link Board} parameter in its tear-down: the
     * code JMH 1.37 generated for that gave the tear-down another Board instance than the
     * benchmark method, so it freed handles of a different kernel.
     */
    @State(Scope.Thread)
    public static class Batch extends Board {
        final long[] frames = new long[BATCH];

        @TearDown(Level.Invocation)
        public void release() throws KernelException {
            for (int i = 0; i < BATCH; i++) {
                k.unmap(domain, VA + i * 4096L);
                k.freeFrames(frames[i]);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void allocMap(Batch b) throws KernelException {
        Kernel k = b.k;
        long self = k.self(), domain = b.domain;
        for (int i = 0; i < BATCH; i++) {
            long f = k.allocFrames(self, 1);
            k.map(domain, VA + i * 4096L, f, 0, RW);
            b.frames[i] = f;
        }
    }

    @Benchmark
    public boolean allocMapUnmapFree(Board m) throws KernelException {
        Kernel k = m.k;
        long f = k.allocFrames(k.self(), 1);
        k.map(m.domain, VA, f, 0, RW);
        boolean was = k.unmap(m.domain, VA);
        k.freeFrames(f);
        return was;
    }
}
