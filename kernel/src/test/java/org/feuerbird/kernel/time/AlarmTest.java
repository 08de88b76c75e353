package org.feuerbird.kernel.time;

import static org.feuerbird.kernel.testing.GuestCode.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Per-LibOS alarms on the host clock: they reach {@link org.feuerbird.kernel.api.Upcalls#alarm}
 * of the LibOS that set them, with their id. Only occurrence and order are asserted; where a
 * test needs "later", it sets a second alarm further out and waits for that one.
 */
class AlarmTest {
    private static final long MS = 1_000_000;

    private Exokernel exo;
    private TestLibOS libA, libB;
    private Kernel a, b;

    @BeforeEach
    void boot() throws Exception {
        exo = Exokernel.boot(MachineSpec.of(16 << 20).withSlices(2, 2 * MS));
        libA = new TestLibOS();
        libB = new TestLibOS();
        a = libA.kernel = exo.createLibOS("a", libA, 256);
        b = libB.kernel = exo.createLibOS("b", libB, 256);
    }

    @AfterEach
    void close() { exo.close(); }

    private static KernelError error(Executable call) {
        return assertThrows(KernelException.class, call).error();
    }

    /** Runs hart 0 on this thread until {@code done}, or fails after a generous limit. */
    private void runUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + Await.LIMIT_NANOS;
        exo.runHart(0, () -> done.getAsBoolean() || System.nanoTime() > deadline);
        assertTrue(done.getAsBoolean(), () -> "timed out waiting for " + what + "; A's alarms " + libA.alarms
            + ", B's alarms " + libB.alarms + ", reports " + exo.reports());
    }

    private static int count(List<Long> list, long id) { return Collections.frequency(list, id); }

    @Test
    void aOneShotAlarmFiresOnceWithItsId() throws Exception {
        long once = a.setAlarm(a.timer(), MS, 0);
        long later = a.setAlarm(a.timer(), 20 * MS, 0);
        assertNotEquals(once, later);
        runUntil(() -> libA.alarms.contains(later), "the later alarm");
        assertEquals(List.of(once, later), libA.alarms, "each fired once, the earlier first");
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> a.cancelAlarm(a.timer(), once)), "a fired one-shot alarm is gone");
    }

    @Test
    void aDistantAlarmDoesNotFireEarly() throws Exception {
        // "Never" in practice: kernel time plus these must not wrap around into the past.
        long never = a.setAlarm(a.timer(), Long.MAX_VALUE, 0);
        long once = a.setAlarm(a.timer(), 0, Long.MAX_VALUE);
        long sentinel = a.setAlarm(a.timer(), 20 * MS, 0);
        runUntil(() -> libA.alarms.contains(sentinel), "the sentinel");
        assertEquals(0, count(libA.alarms, never), "the alarm due in 292 years fired");
        assertEquals(1, count(libA.alarms, once), "the alarm with a period of 292 years fired more than once");
        a.cancelAlarm(a.timer(), never);
        a.cancelAlarm(a.timer(), once);
    }

    @Test
    void alarmsFireInTheOrderOfTheirDueTimes() throws Exception {
        long third = a.setAlarm(a.timer(), 30 * MS, 0);
        long first = a.setAlarm(a.timer(), 0, 0);
        long second = a.setAlarm(a.timer(), 10 * MS, 0);
        runUntil(() -> libA.alarms.size() == 3, "three alarms");
        assertEquals(List.of(first, second, third), libA.alarms);
    }

    @Test
    void aPeriodicAlarmFiresAgainUntilCancelled() throws Exception {
        long periodic = a.setAlarm(a.timer(), MS, MS);
        runUntil(() -> count(libA.alarms, periodic) >= 3, "three periods");
        // The hart is not running now, so nothing is in flight when the cancel happens.
        a.cancelAlarm(a.timer(), periodic);
        int fired = libA.alarms.size();
        // Due after many more periods: had the cancel failed, the periodic one would come first.
        long sentinel = a.setAlarm(a.timer(), 20 * MS, 0);
        runUntil(() -> libA.alarms.contains(sentinel), "the sentinel");
        assertEquals(fired, count(libA.alarms, periodic), "no firing after the cancel: " + libA.alarms);
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> a.cancelAlarm(a.timer(), periodic)), "cancelled twice");
    }

    @Test
    void aPeriodicAlarmCancelledInItsOwnUpcallStops() throws Exception {
        long[] id = new long[1];
        TestLibOS lib = new TestLibOS() {
            @Override
            public void alarm(Cpu cpu, long alarm) {
                super.alarm(cpu, alarm);
                if (alarm == id[0] && Collections.frequency(alarms, alarm) == 2) {
                    try {
                        kernel.cancelAlarm(kernel.timer(), alarm);
                        events.add("cancelled");
                    } catch (KernelException e) {
                        events.add("cancel failed: " + e.getMessage());
                    }
                }
            }
        };
        Kernel c = lib.kernel = exo.createLibOS("c", lib, 16);
        id[0] = c.setAlarm(c.timer(), MS, MS);
        runUntil(() -> !lib.events.isEmpty(), "the cancel in the upcall");
        assertEquals(List.of("cancelled"), lib.events);
        long sentinel = c.setAlarm(c.timer(), 20 * MS, 0);
        runUntil(() -> lib.alarms.contains(sentinel), "the sentinel");
        assertEquals(List.of(id[0], id[0], sentinel), lib.alarms);
    }

    @Test
    void cancellingAnUnknownAlarmFails() throws Exception {
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> a.cancelAlarm(a.timer(), 12345)));
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> a.cancelAlarm(a.timer(), 0)));
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> a.cancelAlarm(a.timer(), -1)));
    }

    @Test
    void aLibOSCannotCancelAnotherLibOSsAlarm() throws Exception {
        long ofB = b.setAlarm(b.timer(), 5 * MS, 0);
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> a.cancelAlarm(a.timer(), ofB)));
        runUntil(() -> libB.alarms.contains(ofB), "B's alarm, which A failed to cancel");
    }

    @Test
    void alarmsReachOnlyTheLibOSThatSetThem() throws Exception {
        long a1 = a.setAlarm(a.timer(), MS, 0);
        long b1 = b.setAlarm(b.timer(), 2 * MS, 0);
        long ap = a.setAlarm(a.timer(), MS, MS);
        long b2 = b.setAlarm(b.timer(), 10 * MS, 0);
        runUntil(() -> libB.alarms.contains(b2) && count(libA.alarms, ap) >= 2, "both LibOSes' alarms");
        a.cancelAlarm(a.timer(), ap);
        assertEquals(List.of(b1, b2), libB.alarms, "B got its own alarms only");
        assertTrue(libA.alarms.contains(a1));
        for (long id : libA.alarms) assertTrue(id == a1 || id == ap, "A got only its own alarms: " + libA.alarms);
    }

    @Test
    void setAlarmNeedsATimerCapabilityWithAlloc() throws Exception {
        assertEquals(KernelError.WRONG_TYPE, error(() -> a.setAlarm(a.self(), MS, 0)), "a LIBOS capability is not a timer");
        long frames = a.allocFrames(a.self(), 1);
        assertEquals(KernelError.WRONG_TYPE, error(() -> a.setAlarm(frames, MS, 0)));
        var t = a.query(a.timer());
        long noAlloc = a.derive(a.timer(), CapType.TIMER, t.base(), t.limit(), Rights.ALL & ~Rights.ALLOC);
        assertEquals(KernelError.MISSING_RIGHTS, error(() -> a.setAlarm(noAlloc, MS, 0)));
        assertEquals(KernelError.MISSING_RIGHTS, error(() -> a.cancelAlarm(noAlloc, 1)));
        assertEquals(KernelError.INVALID_HANDLE, error(() -> a.setAlarm(b.timer() + (1L << 40), MS, 0)), "garbage handle");
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> a.setAlarm(a.timer(), -1, 0)));
        assertEquals(KernelError.INVALID_ARGUMENT, error(() -> a.setAlarm(a.timer(), MS, -1)));
        // A derived child with ALLOC is as good as the original.
        long child = a.derive(a.timer(), CapType.TIMER, t.base(), t.limit(), Rights.ALLOC);
        long id = a.setAlarm(child, 0, 0);
        runUntil(() -> libA.alarms.contains(id), "the alarm set through a derived timer");
    }

    @Test
    void aDeletedTimerCapabilitySetsNoAlarm() throws Exception {
        var t = a.query(a.timer());
        long child = a.derive(a.timer(), CapType.TIMER, t.base(), t.limit(), Rights.ALLOC);
        a.delete(child);
        assertEquals(KernelError.INVALID_HANDLE, error(() -> a.setAlarm(child, MS, 0)));
    }

    @Test
    void alarmsComeOnTheHartThreadsWhileAGuestSpins() throws Exception {
        // B owns every slice and runs an endless loop: A's alarm still has to come.
        exo.giveAllSlices(b);
        GuestCode spin = new GuestCode();
        spin.j(spin.here());
        Guest g = Guest.load(b, spin);
        libB.ready.add(g.domain);
        exo.start();
        Await.until(() -> libB.slicesStarted >= 2, () -> "B's slices");
        long periodic = a.setAlarm(a.timer(), MS, 3 * MS);
        Await.until(() -> count(libA.alarms, periodic) >= 3, () -> "A's periodic alarm: " + libA.alarms + " reports " + exo.reports());
        assertTrue(libB.alarms.isEmpty(), "B set no alarm and got none");
        assertTrue(libB.traps.isEmpty(), "the spinning guest never trapped to its LibOS: " + libB.traps);
    }

    @Test
    void aLibOSHasABoundedNumberOfAlarms() throws Exception {
        long hour = 3_600_000 * MS;
        long last = 0;
        for (int i = 0; i < AlarmQueue.MAX_PER_OWNER; i++) last = a.setAlarm(a.timer(), hour, 0);
        assertEquals(KernelError.QUOTA_EXCEEDED, error(() -> a.setAlarm(a.timer(), hour, 0)));
        b.setAlarm(b.timer(), hour, 0);   // another LibOS's quota is its own
        a.cancelAlarm(a.timer(), last);
        a.setAlarm(a.timer(), hour, 0);   // a cancelled alarm no longer counts
        assertEquals(KernelError.QUOTA_EXCEEDED, error(() -> a.setAlarm(a.timer(), hour, 0)));
    }

    /**
     * An alarm upcall runs on whatever hart serves it, maybe while a domain of another LibOS is
     * loaded there. The {@link Cpu} it gets must not let the alarm's
     * LibOS read, change or schedule that domain.
     */
    @Test
    void anAlarmUpcallGetsNoHoldOfAnotherLibOSsDomain() throws Exception {
        long secret = 0x5ec2_e75e_c2e7L;
        List<String> seen = new CopyOnWriteArrayList<>();
        long[] bDomain = new long[1];
        TestLibOS spy = new TestLibOS() {
            @Override
            public void alarm(Cpu cpu, long alarm) {
                super.alarm(cpu, alarm);
                Object tag = cpu.domainTag();
                if (tag != null) seen.add("tag " + tag);
                try {
                    if (cpu.x(A0) == secret) seen.add("read the secret");
                    cpu.setX(A0, 0xbad);
                } catch (IllegalStateException refused) {
                    // no domain of its own on the hart: right
                }
                try {
                    cpu.run(bDomain[0]);
                    seen.add("ran B's domain with B's handle");
                } catch (KernelException | IllegalStateException refused) {
                    // B's handle means nothing in the spy's space
                }
            }
        };
        Kernel s = spy.kernel = exo.createLibOS("spy", spy, 16);
        exo.giveAllSlices(b);
        GuestCode keep = new GuestCode();   // stores a0 at DATA for ever: shows whether a0 changed
        int loop = keep.lui(S1, (int) (Guest.DATA >>> 12)).here();
        keep.sd(A0, S1, 0).j(loop);
        Guest g = Guest.load(b, keep);
        bDomain[0] = g.domain;
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        b.getContext(g.domain, ctx);
        ctx[A0] = secret;
        b.setContext(g.domain, ctx);
        libB.ready.add(g.domain);
        runUntil(() -> { try { return b.readLong(g.data, 0) == secret; } catch (KernelException e) { return true; } }, "B's domain running");
        s.setAlarm(s.timer(), 0, MS);
        runUntil(() -> spy.alarms.size() >= 20, "the spy's alarms");
        assertEquals(List.of(), seen, "what the spy got of B's domain");
        assertEquals(secret, b.readLong(g.data, 0), "B's a0, as its guest stores it");
    }
}
