package org.feuerbird.kernel.trap;

import static org.feuerbird.kernel.testing.GuestCode.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.testing.Await;
import org.feuerbird.kernel.testing.Guest;
import org.feuerbird.kernel.testing.GuestCode;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A LibOS that throws from an upcall does not take the kernel down: the domain it served is
 * stopped until resumed, the LibOS hears of it through {@code failed}, the boot code through
 * {@link Exokernel#reports()}, and every other domain keeps running.
 */
class LibOSFailureTest {
    private static final long MS = 1_000_000;
    private static final int SYS_BREAK = 666;

    private Exokernel exo;

    /** A test LibOS that also records which domain each failure was about. */
    static class FailingLibOS extends TestLibOS {
        final List<Object> failedTags = new CopyOnWriteArrayList<>();

        @Override
        public void failed(Object domainTag, Throwable error) {
            failedTags.add(domainTag == null ? "none" : domainTag);
            super.failed(domainTag, error);
        }
    }

    @BeforeEach
    void boot() {
        exo = Exokernel.boot(MachineSpec.of(16 << 20).withSlices(2, 2 * MS));
    }

    @AfterEach
    void close() { exo.close(); }

    private void runUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + Await.LIMIT_NANOS;
        assertDoesNotThrow(() -> exo.runHart(0, () -> done.getAsBoolean() || System.nanoTime() > deadline),
            "the hart's loop must survive whatever a LibOS throws");
        assertTrue(done.getAsBoolean(), () -> "timed out waiting for " + what + "; reports " + exo.reports());
    }

    /** Calls SYS_BREAK, then exits with 7: the break is where the LibOS fails. */
    private static GuestCode breaker() {
        GuestCode c = new GuestCode();
        c.li(A7, SYS_BREAK).ecall().li(A0, 7).li(A7, TestLibOS.SYS_EXIT).ecall();
        return c;
    }

    /** Counts in t0 and stores it at DATA, for ever. */
    private static GuestCode counter() {
        GuestCode c = new GuestCode();
        c.lui(S1, (int) (Guest.DATA >>> 12));
        int loop = c.here();
        c.addi(T0, T0, 1).sd(T0, S1, 0).j(loop);
        return c;
    }

    private static long counterOf(Kernel k, Guest g) {
        try {
            return k.readLong(g.data, 0);
        } catch (KernelException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long refusals(TestLibOS lib) {
        return lib.events.stream().filter(e -> e.startsWith("run failed: WRONG_STATE")).count();
    }

    /** Ends the system call SYS_BREAK the first time with {@code failure}, later returns 0 from it. */
    private static void failFirstBreak(TestLibOS lib, Supplier<Throwable> failure) {
        boolean[] thrown = {false};
        lib.onSyscall = cpu -> {
            if (cpu.x(A7) != SYS_BREAK) return false;
            if (!thrown[0]) {
                thrown[0] = true;
                sneakyThrow(failure.get());
            }
            cpu.setX(A0, 0);
            cpu.setPc(cpu.pc() + 4);
            return true;
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    private void assertContained(FailingLibOS lib, Kernel k, Guest broken, Guest healthy, Throwable thrown) throws Exception {
        long healthyAt = counterOf(k, healthy);
        runUntil(() -> refusals(lib) >= 2 && counterOf(k, healthy) > healthyAt + 1000, "the healthy domain going on");
        assertEquals(1, lib.failures.size(), "failures " + lib.failures);
        assertSame(thrown, lib.failures.get(0), "failed() gets what the LibOS threw");
        assertEquals(broken.domain, ((Guest.Holder) lib.failedTags.get(0)).handle, "failed() names the domain that was served");
        assertTrue(exo.reports().stream().anyMatch(r -> r.contains(thrown.getClass().getSimpleName())),
            "reports mention the failure: " + exo.reports());
        assertTrue(lib.exits.isEmpty(), "the stopped domain did not go on to its exit");

        // Stopped, not destroyed: resumed, it runs its system call again and finishes.
        k.resume(broken.domain);
        runUntil(() -> !lib.exits.isEmpty(), "the resumed domain's exit");
        assertEquals(List.of(7L), lib.exits);
        assertEquals(1, lib.failures.size());
    }

    private FailingLibOS lib;
    private Kernel k;

    private Guest[] brokenAndHealthy() throws Exception {
        lib = new FailingLibOS();
        k = lib.kernel = exo.createLibOS("failing", lib, 256);
        exo.giveAllSlices(k);
        Guest broken = Guest.load(k, breaker()), healthy = Guest.load(k, counter());
        lib.ready.add(broken.domain);   // first in line: every slice offers it before the healthy one
        lib.ready.add(healthy.domain);
        return new Guest[] {broken, healthy};
    }

    @Test
    void aRuntimeExceptionInASyscallStopsOnlyTheDomainItServed() throws Exception {
        Guest[] g = brokenAndHealthy();
        RuntimeException boom = new IllegalStateException("boom in the syscall table");
        failFirstBreak(lib, () -> boom);
        runUntil(() -> !lib.failures.isEmpty(), "the failure");
        assertContained(lib, k, g[0], g[1], boom);
        assertTrue(exo.reports().stream().anyMatch(r -> r.contains("boom in the syscall table")), "reports " + exo.reports());
    }

    @Test
    void aStackOverflowInASyscallIsContained() throws Exception {
        Guest[] g = brokenAndHealthy();
        Throwable[] overflow = new Throwable[1];
        failFirstBreak(lib, () -> {
            try {
                recurse(0);
            } catch (StackOverflowError e) {
                overflow[0] = e;
            }
            return overflow[0];
        });
        runUntil(() -> !lib.failures.isEmpty(), "the failure");
        assertInstanceOf(StackOverflowError.class, lib.failures.get(0));
        assertContained(lib, k, g[0], g[1], overflow[0]);
    }

    @Test
    void aStackOverflowRaisedInTheUpcallItselfIsContained() throws Exception {
        Guest[] g = brokenAndHealthy();
        boolean[] once = {false};
        lib.onSyscall = cpu -> {
            if (cpu.x(A7) != SYS_BREAK) return false;
            if (!once[0]) {
                once[0] = true;
                recurse(0);   // overflows right here, on the hart's own stack
            }
            cpu.setPc(cpu.pc() + 4);
            return true;
        };
        runUntil(() -> !lib.failures.isEmpty(), "the failure");
        assertInstanceOf(StackOverflowError.class, lib.failures.get(0));
        assertContained(lib, k, g[0], g[1], lib.failures.get(0));
    }

    private static int recurse(int depth) { return recurse(depth + 1) + 1; }

    @Test
    void anAssertionErrorInASyscallIsContained() throws Exception {
        Guest[] g = brokenAndHealthy();
        AssertionError broken = new AssertionError("a LibOS assert failed");
        failFirstBreak(lib, () -> broken);
        runUntil(() -> !lib.failures.isEmpty(), "the failure");
        assertContained(lib, k, g[0], g[1], broken);
    }

    @Test
    void aThrowingExceptionUpcallStopsTheDomain() throws Exception {
        lib = new FailingLibOS() {
            @Override
            public void exception(Cpu cpu) {
                throw new UnsupportedOperationException("no handler for illegal instructions");
            }
        };
        k = lib.kernel = exo.createLibOS("failing", lib, 256);
        exo.giveAllSlices(k);
        Guest broken = Guest.load(k, new GuestCode().illegal()), healthy = Guest.load(k, counter());
        lib.ready.add(broken.domain);
        lib.ready.add(healthy.domain);
        runUntil(() -> !lib.failures.isEmpty() && refusals(lib) >= 2 && counterOf(k, healthy) > 1000, "the healthy domain going on");
        assertInstanceOf(UnsupportedOperationException.class, lib.failures.get(0));
        assertEquals(broken.domain, ((Guest.Holder) lib.failedTags.get(0)).handle);
    }

    @Test
    void anotherLibOSKeepsRunning() throws Exception {
        lib = new FailingLibOS();
        k = lib.kernel = exo.createLibOS("failing", lib, 256);
        FailingLibOS other = new FailingLibOS();
        Kernel ko = other.kernel = exo.createLibOS("healthy", other, 256);
        // One slice each on the one hart.
        k.setSliceOwner(exo.give(k, CapType.SCHEDULER, 0, 1, Rights.ALL), 0, k.self());
        ko.setSliceOwner(exo.give(ko, CapType.SCHEDULER, 1, 2, Rights.ALL), 1, ko.self());
        Guest broken = Guest.load(k, breaker()), healthy = Guest.load(ko, counter());
        lib.ready.add(broken.domain);
        other.ready.add(healthy.domain);
        RuntimeException boom = new IllegalArgumentException("bad syscall table entry");
        failFirstBreak(lib, () -> boom);
        runUntil(() -> !lib.failures.isEmpty(), "the failure");
        long at = counterOf(ko, healthy);
        int slices = other.slicesStarted;
        runUntil(() -> counterOf(ko, healthy) > at + 1000 && other.slicesStarted > slices + 2 && refusals(lib) >= 2,
            "the other LibOS's domain going on");
        assertSame(boom, lib.failures.get(0));
        assertTrue(other.failures.isEmpty(), "the other LibOS did not fail: " + other.failures);
        assertTrue(exo.reports().stream().anyMatch(r -> r.contains("failing") && r.contains("bad syscall table entry")),
            "the report names the LibOS and the failure: " + exo.reports());
        assertTrue(exo.reports().stream().noneMatch(r -> r.contains("healthy")), "reports " + exo.reports());
    }

    @Test
    void aFailedUpcallThatThrowsToo() throws Exception {
        lib = new FailingLibOS() {
            @Override
            public void failed(Object domainTag, Throwable error) {
                super.failed(domainTag, error);
                throw new IllegalStateException("failing while failing");
            }
        };
        k = lib.kernel = exo.createLibOS("failing", lib, 256);
        exo.giveAllSlices(k);
        Guest broken = Guest.load(k, breaker()), healthy = Guest.load(k, counter());
        lib.ready.add(broken.domain);
        lib.ready.add(healthy.domain);
        failFirstBreak(lib, () -> new IllegalStateException("first failure"));
        runUntil(() -> !lib.failures.isEmpty() && refusals(lib) >= 2 && counterOf(k, healthy) > 1000, "the healthy domain going on");
        assertTrue(exo.reports().stream().anyMatch(r -> r.contains("failing while failing")), "reports " + exo.reports());
    }

    // ---- upcalls that serve no domain ----

    @Test
    void aThrowingAlarmUpcallIsReportedThroughFailedAndAlarmsGoOn() throws Exception {
        lib = new FailingLibOS() {
            @Override
            public void alarm(Cpu cpu, long alarm) {
                super.alarm(cpu, alarm);
                if (alarms.size() == 1) throw new IllegalStateException("alarm handler broke");
            }
        };
        k = lib.kernel = exo.createLibOS("failing", lib, 256);
        long first = k.setAlarm(k.timer(), 0, 0);
        long second = k.setAlarm(k.timer(), 10 * MS, 0);
        runUntil(() -> lib.alarms.contains(second), "the second alarm");
        assertEquals(List.of(first, second), lib.alarms);
        assertTrue(exo.reports().stream().anyMatch(r -> r.contains("alarm handler broke")), "reports " + exo.reports());
        // Upcalls.failed: "A LibOS that throws from an upcall ... the kernel reports it through failed".
        assertEquals(1, lib.failures.size(), "failed() hears of a failure in any upcall");
        assertEquals("none", lib.failedTags.get(0), "no domain was served");
    }

    @Test
    void anErrorFromSliceStartedDoesNotEndTheHartsLoop() throws Exception {
        lib = new FailingLibOS() {
            @Override
            public void sliceStarted(Cpu cpu) {
                if (slicesStarted++ == 0) throw new AssertionError("scheduler invariant broken");
                super.sliceStarted(cpu);
            }
        };
        k = lib.kernel = exo.createLibOS("failing", lib, 256);
        exo.giveAllSlices(k);
        Guest g = Guest.load(k, new GuestCode().li(A0, 5).li(A7, TestLibOS.SYS_EXIT).ecall());
        lib.ready.add(g.domain);
        runUntil(() -> !lib.exits.isEmpty(), "the domain's exit in a later slice");
        assertEquals(List.of(5L), lib.exits);
        assertTrue(exo.reports().stream().anyMatch(r -> r.contains("scheduler invariant broken")), "reports " + exo.reports());
    }

    @Test
    void aCheckedExceptionSneakedOutOfSliceEndedIsContained() throws Exception {
        lib = new FailingLibOS() {
            @Override
            public void sliceEnded(Cpu cpu) {
                super.sliceEnded(cpu);
                if (slicesEnded == 1) sneakyThrow(new java.io.IOException("checked, thrown past the compiler"));
            }
        };
        k = lib.kernel = exo.createLibOS("failing", lib, 256);
        exo.giveAllSlices(k);
        Guest healthy = Guest.load(k, counter());
        lib.ready.add(healthy.domain);
        runUntil(() -> lib.slicesEnded >= 3, "slices after the failure");
        assertTrue(exo.reports().stream().anyMatch(r -> r.contains("checked, thrown past the compiler")), "reports " + exo.reports());
    }
}
