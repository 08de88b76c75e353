package org.feuerbird.kernel.cpu;

import static org.feuerbird.kernel.testing.GuestCode.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.testing.Await;
import org.feuerbird.kernel.testing.Guest;
import org.feuerbird.kernel.testing.GuestCode;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A domain's life with real guest code: suspend and resume, destroy and what it gives back,
 * its saved registers, and time slices that end an endless loop and let the LibOS switch.
 */
class DomainLifecycleTest {
    private static final long MS = 1_000_000;

    private Exokernel exo;
    private TestLibOS libos;
    private Kernel k;

    private void boot(MachineSpec spec, TestLibOS lib, long quota) throws KernelException {
        exo = Exokernel.boot(spec);
        libos = lib;
        k = lib.kernel = exo.createLibOS("test", lib, quota);
        exo.giveAllSlices(k);
    }

    @AfterEach
    void close() {
        if (exo != null) exo.close();
    }

    private static KernelError error(Executable call) {
        return assertThrows(KernelException.class, call).error();
    }

    private void runUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + Await.LIMIT_NANOS;
        exo.runHart(0, () -> done.getAsBoolean() || System.nanoTime() > deadline);
        assertTrue(done.getAsBoolean(), () -> "timed out waiting for " + what + "; events " + libos.events
            + " traps " + libos.traps + " reports " + exo.reports());
    }

    /** t0 counts from 0 and is stored at DATA after every step: memory shows how far the domain got. */
    private static GuestCode counter() {
        GuestCode c = new GuestCode();
        c.li(T0, 0).lui(S1, (int) (Guest.DATA >>> 12));
        int loop = c.here();
        c.addi(T0, T0, 1).sd(T0, S1, 0).j(loop);
        return c;
    }

    /** First pc of the counting loop of {@link #counter}: after li and lui. */
    private static final long LOOP = Guest.CODE + 8;

    private long counterOf(Guest g) {
        try {
            return k.readLong(g.data, 0);
        } catch (KernelException e) {
            throw new IllegalStateException(e);
        }
    }

    private long runFailures() {
        return libos.events.stream().filter(e -> e.startsWith("run failed: WRONG_STATE")).count();
    }

    // ---- suspend and resume ----

    @Test
    void aSuspendedDomainDoesNotRunAndResumesWhereItWas() throws Exception {
        boot(MachineSpec.of(16 << 20).withSlices(2, 2 * MS), new TestLibOS(), 256);
        Guest g = Guest.load(k, counter());
        libos.ready.add(g.domain);
        exo.start();
        Await.until(() -> counterOf(g) > 1000, () -> "the counter; events " + libos.events);

        k.suspend(g.domain);
        long stopped = counterOf(g);
        // The LibOS keeps offering it: every offer must be refused, and it must not count on.
        Await.until(() -> runFailures() >= 3, () -> "refused runs; events " + libos.events);
        assertEquals(stopped, counterOf(g), "a suspended domain ran");

        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        k.getContext(g.domain, ctx);
        assertTrue(ctx[T0] == stopped || ctx[T0] == stopped + 1, "t0 " + ctx[T0] + " against the stored " + stopped);
        assertTrue(ctx[Kernel.CONTEXT_PC] >= LOOP && ctx[Kernel.CONTEXT_PC] < LOOP + 12, "pc in the loop: " + Long.toHexString(ctx[Kernel.CONTEXT_PC]));

        // Only a domain that goes on from its saved registers (not from its entry, which
        // clears t0) can count past this.
        long far = 1L << 40;
        ctx[T0] = far;
        k.setContext(g.domain, ctx);
        k.resume(g.domain);
        Await.until(() -> counterOf(g) > far + 1000, () -> "the counter after resume: " + counterOf(g));
    }

    @Test
    void registersCanBeReadAsSoonAsSuspendReturns() throws Exception {
        boot(MachineSpec.of(16 << 20).withSlices(2, 2 * MS), new TestLibOS(), 256);
        Guest g = Guest.load(k, counter());
        libos.ready.add(g.domain);
        exo.start();
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        // A LibOS suspends a domain running on another hart to look at it (signals, ptrace):
        // the registers must be there when suspend returns, not at some later step of that hart.
        for (int round = 0; round < 20; round++) {
            long before = counterOf(g);
            Await.until(() -> counterOf(g) > before, () -> "the counter running again");
            k.suspend(g.domain);
            int r = round;
            assertDoesNotThrow(() -> k.getContext(g.domain, ctx), () -> "round " + r);
            k.resume(g.domain);
        }
    }

    @Test
    void suspendAndResumeNeedControl() throws Exception {
        boot(MachineSpec.of(16 << 20), new TestLibOS(), 256);
        Guest g = Guest.load(k, counter());
        var info = k.query(g.domain);
        long readOnly = k.derive(g.domain, CapType.DOMAIN, info.base(), info.limit(), Rights.READ);
        assertEquals(KernelError.MISSING_RIGHTS, error(() -> k.suspend(readOnly)));
        assertEquals(KernelError.MISSING_RIGHTS, error(() -> k.resume(readOnly)));
        assertEquals(KernelError.MISSING_RIGHTS, error(() -> k.destroyDomain(readOnly)));
    }

    // ---- destroy ----

    @Test
    void destroyGivesBackThePageTables() throws Exception {
        boot(MachineSpec.of(16 << 20), new TestLibOS(), 256);
        long used = k.memoryUsage(k.self())[0], free = exo.freeFrames();
        Guest g = Guest.load(k, counter());
        assertTrue(k.memoryUsage(k.self())[0] > used + 2, "code, data and at least one page table are charged");
        libos.ready.add(g.domain);
        runUntil(() -> counterOf(g) > 100, "the counter");
        k.destroyDomain(g.domain);
        assertEquals(used + 2, k.memoryUsage(k.self())[0], "only the code and data frames remain charged");
        k.freeFrames(g.code);
        k.freeFrames(g.data);
        assertEquals(used, k.memoryUsage(k.self())[0]);
        assertEquals(free, exo.freeFrames(), "every frame is back in the pool");
    }

    @Test
    void aDestroyedDomainsHandleIsStale() throws Exception {
        boot(MachineSpec.of(16 << 20), new TestLibOS(), 256);
        int capsBefore = k.query(k.self()).children();
        Guest g = Guest.load(k, counter());
        k.freeFrames(g.code);
        k.freeFrames(g.data);
        k.destroyDomain(g.domain);
        long d = g.domain;
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        assertEquals(KernelError.INVALID_HANDLE, error(() -> k.query(d)));
        assertEquals(KernelError.INVALID_HANDLE, error(() -> k.getContext(d, ctx)));
        assertEquals(KernelError.INVALID_HANDLE, error(() -> k.resume(d)));
        assertEquals(KernelError.INVALID_HANDLE, error(() -> k.destroyDomain(d)));
        assertEquals(capsBefore, k.query(k.self()).children(), "nothing of the domain is left below the LibOS's capability");
    }

    @Test
    void aDestroyedDomainCannotBeUsed() throws Exception {
        // Whatever error a destroyed handle gives, every operation on it must fail.
        boot(MachineSpec.of(16 << 20), new TestLibOS(), 256);
        Guest g = Guest.load(k, counter());
        k.destroyDomain(g.domain);
        long d = g.domain;
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        List<Executable> calls = List.of(
            () -> k.getContext(d, ctx), () -> k.setContext(d, ctx), () -> k.suspend(d), () -> k.resume(d),
            () -> k.map(d, Guest.DATA, g.data, 0, Kernel.MAP_READ), () -> k.unmap(d, Guest.DATA),
            () -> k.copyIn(d, Guest.DATA, new byte[8], 0, 8), () -> k.copyOut(d, Guest.DATA, new byte[8], 0, 8),
            () -> k.copy(g.data, d, Rights.READ), () -> k.checkHeld(d, 1, CapType.MEMORY, 0));
        for (int i = 0; i < calls.size(); i++) {
            int n = i;
            assertThrows(KernelException.class, calls.get(i), () -> "call " + n + " on a destroyed domain");
        }
    }

    @Test
    void destroyDeletesTheCapabilitiesTheDomainHeld() throws Exception {
        boot(MachineSpec.of(16 << 20), new TestLibOS(), 256);
        Guest g = Guest.load(k, counter());
        long held = k.copy(g.data, g.domain, Rights.READ);
        assertNotNull(k.checkHeld(g.domain, held, CapType.MEMORY, Rights.READ));
        assertEquals(1, k.query(g.data).children());
        k.destroyDomain(g.domain);
        assertEquals(0, k.query(g.data).children(), "the domain's copy went with it");
    }

    @Test
    void aDomainDestroyedWhileRunningStopsAndTheOtherGoesOn() throws Exception {
        boot(MachineSpec.of(16 << 20).withSlices(2, 2 * MS), new AlternatingLibOS(), 256);
        AlternatingLibOS lib = (AlternatingLibOS) libos;
        Guest doomed = Guest.load(k, counter()), other = Guest.load(k, counter());
        lib.ready.add(doomed.domain);
        lib.ready.add(other.domain);
        exo.start();
        Await.until(() -> counterOf(doomed) > 1000 && counterOf(other) > 1000, () -> "both counters");
        lib.ready.remove(doomed.domain);
        k.destroyDomain(doomed.domain);
        long last = counterOf(doomed), otherAt = counterOf(other);
        Await.until(() -> counterOf(other) > otherAt + 1000, () -> "the other domain going on");
        assertEquals(last, counterOf(doomed), "the destroyed domain ran on");
        assertTrue(exo.reports().isEmpty(), "reports: " + exo.reports());
    }

    @Test
    void aLibOSDestroysADomainInItsOwnSystemCallAndRunsAnother() throws Exception {
        // The usual exit: the LibOS ends the calling domain while serving it, and picks the next.
        boot(MachineSpec.of(16 << 20), new TestLibOS(), 256);
        Guest exiting = Guest.load(k, new GuestCode().li(A7, TestLibOS.SYS_EXIT).ecall());
        Guest next = Guest.load(k, counter());
        long used = k.memoryUsage(k.self())[0];
        libos.ready.add(exiting.domain);
        libos.onSyscall = cpu -> {
            if (cpu.x(A7) != TestLibOS.SYS_EXIT) return false;
            libos.ready.remove(exiting.domain);
            k.destroyDomain(exiting.domain);
            libos.ready.add(next.domain);
            cpu.run(next.domain);
            return true;
        };
        runUntil(() -> counterOf(next) > 1000, "the next domain");
        assertTrue(exo.reports().isEmpty(), "reports " + exo.reports());
        assertTrue(libos.failures.isEmpty(), "failures " + libos.failures);
        assertTrue(k.memoryUsage(k.self())[0] < used, "the exited domain's tables were freed");
    }

    @Test
    void domainIdsAreReusedAfterDestroy() throws Exception {
        // Every id in use, then one freed: the next domain gets exactly that id.
        boot(MachineSpec.of(300L << 20), new TestLibOS(), 70_000);
        List<Long> handles = new ArrayList<>();
        for (;;) {
            try {
                handles.add(k.createDomain(k.self(), null));
            } catch (KernelException e) {
                assertEquals(KernelError.QUOTA_EXCEEDED, e.error(), e.getMessage());
                break;
            }
        }
        assertTrue(handles.size() > 60_000, "created " + handles.size());
        long victim = handles.get(handles.size() / 2);
        long id = k.query(victim).base();
        long used = k.memoryUsage(k.self())[0];
        k.destroyDomain(victim);
        assertEquals(used - 1, k.memoryUsage(k.self())[0], "the root table of an empty address space is freed");
        long fresh = k.createDomain(k.self(), null);
        assertEquals(id, k.query(fresh).base(), "the freed id is the only one left");
    }

    // ---- registers ----

    @Test
    void aContextRoundTripsThroughGetAndSet() throws Exception {
        boot(MachineSpec.of(16 << 20), new TestLibOS(), 256);
        Guest g = Guest.load(k, counter());
        long[] in = new long[Kernel.CONTEXT_SIZE];
        for (int i = 0; i < 64; i++) in[i] = 0x0123_4567_89ab_cdefL * (i + 1) ^ i;
        in[Kernel.CONTEXT_PC] = Guest.CODE + 4;
        in[Kernel.CONTEXT_FCSR] = 0b011_00101;
        k.setContext(g.domain, in);
        long[] out = new long[Kernel.CONTEXT_SIZE];
        k.getContext(g.domain, out);
        assertEquals(0, out[0], "x0 is always zero");
        for (int i = 1; i < Kernel.CONTEXT_SIZE; i++) assertEquals(in[i], out[i], "context word " + i);
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> k.getContext(g.domain, new long[Kernel.CONTEXT_SIZE - 1])));
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> k.setContext(g.domain, new long[3])));
    }

    /** fsd fs, off(base): not in GuestCode, so encoded here. */
    private static int fsd(int fs, int base, int off) {
        return (off >> 5 & 0x7f) << 25 | fs << 20 | base << 15 | 3 << 12 | (off & 0x1f) << 7 | 0x27;
    }

    /** csrrs rd, fcsr, zero (frcsr). */
    private static int frcsr(int rd) { return 0x003 << 20 | 2 << 12 | rd << 7 | 0x73; }

    @Test
    void aSetContextIsWhatTheGuestRunsWith() throws Exception {
        boot(MachineSpec.of(16 << 20), new TestLibOS(), 256);
        GuestCode c = new GuestCode();
        c.word(0);   // the entry is skipped by the pc set below: an illegal instruction if it is not
        long start = Guest.CODE + 4;
        c.sd(A0, S1, 0).sd(A1, S1, 8).sd(SP, S1, 16).word(fsd(1, S1, 24)).word(frcsr(T0)).sd(T0, S1, 32).ecall();
        Guest g = Guest.load(k, c);
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        k.getContext(g.domain, ctx);
        ctx[A0] = 0x1122_3344_5566_7788L;
        ctx[A1] = -2;
        ctx[SP] = Guest.DATA + 2048;
        ctx[S1] = Guest.DATA;
        ctx[A7] = TestLibOS.SYS_EXIT;
        ctx[32 + 1] = Double.doubleToRawLongBits(Math.PI);
        ctx[Kernel.CONTEXT_FCSR] = 0b010_00011;   // rounding mode RDN, flags NX and UF
        ctx[Kernel.CONTEXT_PC] = start;
        k.setContext(g.domain, ctx);
        libos.ready.add(g.domain);
        runUntil(() -> !libos.exits.isEmpty(), "the guest's exit");
        assertEquals(List.of(0x1122_3344_5566_7788L), libos.exits);
        assertEquals(0x1122_3344_5566_7788L, k.readLong(g.data, 0));
        assertEquals(-2, k.readLong(g.data, 8));
        assertEquals(Guest.DATA + 2048, k.readLong(g.data, 16));
        assertEquals(Double.doubleToRawLongBits(Math.PI), k.readLong(g.data, 24));
        assertEquals(0b010_00011, k.readLong(g.data, 32));
        assertTrue(libos.traps.stream().noneMatch(t -> t.kind().equals("exception")), "traps " + libos.traps);

        long[] after = new long[Kernel.CONTEXT_SIZE];
        k.getContext(g.domain, after);
        assertEquals(start + 24, after[Kernel.CONTEXT_PC], "saved at the exit's ecall");
        assertEquals(0b010_00011, after[T0]);
        assertEquals(-2, after[A1]);
    }

    // ---- time slices ----

    /** Records the order of slice upcalls and what the hart held when a slice ended. */
    static class RecordingLibOS extends TestLibOS {
        final List<String> order = new CopyOnWriteArrayList<>();
        final List<Long> pcAtEnd = new CopyOnWriteArrayList<>();
        volatile long watched;

        @Override
        public void sliceStarted(Cpu cpu) {
            order.add("started");
            super.sliceStarted(cpu);
        }

        @Override
        public void sliceEnded(Cpu cpu) {
            order.add(cpu.hasDomain() ? "ended with a domain on the hart" : "ended");
            try {
                long[] ctx = new long[Kernel.CONTEXT_SIZE];
                kernel.getContext(watched, ctx);
                pcAtEnd.add(ctx[Kernel.CONTEXT_PC]);
            } catch (KernelException e) {
                events.add("getContext in sliceEnded: " + e.getMessage());
            }
            super.sliceEnded(cpu);
        }
    }

    @Test
    void anEndlessLoopIsPreemptedWhenItsSliceEnds() throws Exception {
        boot(MachineSpec.of(16 << 20).withSlices(2, 2 * MS), new RecordingLibOS(), 256);
        RecordingLibOS lib = (RecordingLibOS) libos;
        GuestCode spin = new GuestCode();
        spin.j(spin.here());
        Guest g = Guest.load(k, spin);
        lib.watched = g.domain;
        lib.ready.add(g.domain);
        runUntil(() -> lib.order.size() >= 7, "three whole slices");
        List<String> expected = List.of("started", "ended", "started", "ended", "started", "ended", "started");
        assertEquals(expected, lib.order.subList(0, 7), "slices begin and end in turn, the domain saved and off the hart at each end");
        assertTrue(lib.events.isEmpty(), "events " + lib.events);
        for (long pc : lib.pcAtEnd) assertEquals(Guest.CODE, pc, "saved at the jump to itself");
        assertTrue(lib.traps.isEmpty(), "the loop itself never traps: " + lib.traps);
    }

    /**
     * Runs its ready domains in turn, one per slice; records which ran, and at each slice end
     * (the domain saved and off the hart) what {@link #sampler} reports.
     */
    static class AlternatingLibOS extends TestLibOS {
        final List<Long> ran = new CopyOnWriteArrayList<>();
        final List<long[]> samples = new CopyOnWriteArrayList<>();
        volatile Supplier<long[]> sampler;
        private int turn;

        @Override
        public void sliceStarted(Cpu cpu) {
            slicesStarted++;
            List<Long> candidates = new ArrayList<>(ready);
            if (candidates.isEmpty()) return;
            long d = candidates.get(turn++ % candidates.size());
            try {
                cpu.run(d);
                ran.add(d);
            } catch (KernelException e) {
                events.add("run failed: " + e.getMessage());
            }
        }

        @Override
        public void sliceEnded(Cpu cpu) {
            super.sliceEnded(cpu);
            var s = sampler;
            if (s != null) samples.add(s.get());
        }
    }

    @Test
    void aLibOSAlternatingTwoDomainsRunsEachInItsOwnSlices() throws Exception {
        boot(MachineSpec.of(16 << 20).withSlices(2, 2 * MS), new AlternatingLibOS(), 256);
        AlternatingLibOS lib = (AlternatingLibOS) libos;
        Guest first = Guest.load(k, counter()), second = Guest.load(k, counter());
        lib.ready.add(first.domain);
        lib.ready.add(second.domain);
        // Counters sampled at each slice end show who progressed in which slice.
        lib.sampler = () -> new long[] {counterOf(first), counterOf(second)};
        lib.samples.add(lib.sampler.get());
        runUntil(() -> lib.samples.size() > 6, "six slices");
        assertTrue(lib.events.isEmpty(), "events " + lib.events);
        for (int s = 1; s <= 6; s++) {
            long[] before = lib.samples.get(s - 1), after = lib.samples.get(s);
            long chosen = lib.ran.get(s - 1);
            assertEquals(s % 2 == 1 ? first.domain : second.domain, chosen, "the LibOS's turn order");
            int ranIndex = chosen == first.domain ? 0 : 1;
            assertTrue(after[ranIndex] > before[ranIndex], "slice " + s + ": the chosen domain progressed");
            assertEquals(before[1 - ranIndex], after[1 - ranIndex], "slice " + s + ": the other one stood still");
        }
    }
}
