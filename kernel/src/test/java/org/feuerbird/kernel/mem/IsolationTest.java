package org.feuerbird.kernel.mem;

import static org.feuerbird.kernel.testing.GuestCode.A0;
import static org.feuerbird.kernel.testing.GuestCode.A7;
import static org.feuerbird.kernel.testing.GuestCode.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.feuerbird.kernel.api.CapInfo;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.testing.Guest;
import org.feuerbird.kernel.testing.GuestCode;
import org.feuerbird.kernel.testing.TestLibOS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two LibOSes in one kernel: B reaches A's frames only through capabilities A gave it, only
 * with the rights given, and only while A lets it: revocation and unmap break the binding
 * for the kernel's copy paths and for B's running guest code alike (no stale TLB entry).
 */
class IsolationTest {
    private static final long QUOTA = 64;
    /** Where the frames under test are mapped in domains. */
    private static final long SHARED = 0x40000;
    private static final long SECRET = 0x5ec2e7_a11ce_0001L, SECRET2 = 0x5ec2e7_a11ce_0002L;
    private static final int LOAD_PAGE_FAULT = 13;

    private Exokernel exo;
    private TestLibOS osA, osB;
    private Kernel a, b;
    /** A's two frames (SECRET, SECRET2 at the start of each) and A's domain, which maps the first. */
    private long aFrames, aDomain;
    /** A's name for B, to give it capabilities. */
    private long bInA;

    @BeforeEach
    void boot() throws Exception {
        exo = Exokernel.boot(MachineSpec.of(16 << 20));
        osA = new TestLibOS();
        osB = new TestLibOS();
        a = osA.kernel = exo.createLibOS("A", osA, QUOTA);
        b = osB.kernel = exo.createLibOS("B", osB, QUOTA);
        // Pad A's space so A's own handles sit at slots B does not fill in these tests: a value
        // of A's, used by B, then names nothing at all rather than one of B's own capabilities.
        for (int i = 0; i < 16; i++) a.copy(a.self(), a.self(), Rights.READ);
        aFrames = a.allocFrames(a.self(), 2);
        a.writeLong(aFrames, 0, SECRET);
        a.writeLong(aFrames, 4096, SECRET2);
        aDomain = a.createDomain(a.self(), "A's domain");
        a.map(aDomain, SHARED, aFrames, 0, Kernel.MAP_READ | Kernel.MAP_WRITE);
        long idB = b.query(b.self()).base();
        bInA = exo.give(a, CapType.LIBOS, idB, idB + 1, Rights.READ);
    }

    @AfterEach
    void close() { exo.close(); }

    // ---- without a capability ----

    @Test
    void aHandleValuesNameNothingInB() throws Exception {
        long bDomain = b.createDomain(b.self(), "B's domain");
        long bFrames = b.allocFrames(b.self(), 1);
        for (long h : new long[] {b.self(), b.timer(), bDomain, bFrames}) {
            assertTrue(slot(h) < slot(aFrames) && slot(h) < slot(aDomain), "setup: B's handles must use lower slots than A's");
        }
        byte[] buf = new byte[8];
        for (long h : new long[] {aFrames, aDomain}) {
            String what = "A's handle 0x" + Long.toHexString(h) + " used by B";
            refused(INVALID, what + ": query", () -> b.query(h));
            refused(INVALID, what + ": read", () -> b.read(h, 0, buf, 0, 8));
            refused(INVALID, what + ": readLong", () -> b.readLong(h, 0));
            refused(INVALID, what + ": write", () -> b.write(h, 0, buf, 0, 8));
            refused(INVALID, what + ": writeLong", () -> b.writeLong(h, 0, 0));
            refused(INVALID, what + ": fill", () -> b.fill(h, 0, 8, (byte) 0));
            refused(INVALID, what + ": CAS", () -> b.compareAndSetLong(h, 0, SECRET, 0));
            refused(INVALID, what + ": copyFrames out", () -> b.copyFrames(h, 0, bFrames, 0, 8));
            refused(INVALID, what + ": copyFrames in", () -> b.copyFrames(bFrames, 0, h, 0, 8));
            refused(INVALID, what + ": map as frames", () -> b.map(bDomain, SHARED, h, 0, Kernel.MAP_READ));
            refused(INVALID, what + ": map as domain", () -> b.map(h, SHARED + 4096, bFrames, 0, Kernel.MAP_READ));
            refused(INVALID, what + ": unmap", () -> b.unmap(h, SHARED));
            refused(INVALID, what + ": copyIn", () -> b.copyIn(h, SHARED, buf, 0, 8));
            refused(INVALID, what + ": copyOut", () -> b.copyOut(h, SHARED, buf, 0, 8));
            refused(INVALID, what + ": copy to itself", () -> b.copy(h, b.self(), Rights.READ));
            refused(INVALID, what + ": derive", () -> b.derive(h, CapType.MEMORY, 0, 1, Rights.READ));
            refused(INVALID, what + ": revoke", () -> b.revoke(h));
            refused(INVALID, what + ": delete", () -> b.delete(h));
            refused(INVALID, what + ": freeFrames", () -> b.freeFrames(h));
            refused(INVALID, what + ": destroyDomain", () -> b.destroyDomain(h));
        }
        assertAUntouched();
        assertEquals(0L, b.readLong(bFrames, 0), "B's frame received A's data");
    }

    @Test
    void withNoMemoryCapabilityBReachesNoFrameThroughAnyHandleValue() throws Exception {
        long bDomain = b.createDomain(b.self(), "B's domain");
        Set<KernelError> refusals = EnumSet.of(KernelError.INVALID_HANDLE, KernelError.WRONG_TYPE);
        byte[] buf = new byte[8];
        for (long gen = 0; gen < 4; gen++) {
            for (long slot = 0; slot < 64; slot++) {
                long h = gen << 32 | slot;
                String what = "B using handle 0x" + Long.toHexString(h);
                refused(refusals, what + " to read", () -> b.read(h, 0, buf, 0, 8));
                refused(refusals, what + " to write", () -> b.writeLong(h, 0, -1));
                refused(refusals, what + " to fill", () -> b.fill(h, 0, 4096, (byte) 0x55));
                refused(refusals, what + " to CAS", () -> b.compareAndSetLong(h, 0, SECRET, -1));
                refused(refusals, what + " to copy frames", () -> b.copyFrames(h, 0, h, 4096, 8));
                refused(refusals, what + " to map", () -> b.map(bDomain, SHARED, h, 0, Kernel.MAP_READ));
            }
        }
        assertEquals(0, b.copyIn(bDomain, SHARED, buf, 0, 8), "something got mapped in B's domain");
        assertAUntouched();
    }

    // ---- with the capability A chose to give ----

    @Test
    void aReadOnlyGrantLetsBReadButNotWriteOrMap() throws Exception {
        long bDomain = b.createDomain(b.self(), "B's domain");
        long bFrames = b.allocFrames(b.self(), 1);
        long ro = a.copy(aFrames, bInA, Rights.READ);
        CapInfo info = b.query(ro);
        assertEquals(CapType.MEMORY, info.type());
        assertEquals(Rights.READ, info.rights());
        assertEquals(SECRET, b.readLong(ro, 0), "READ lets B read");
        b.copyFrames(ro, 4096, bFrames, 0, 8);
        assertEquals(SECRET2, b.readLong(bFrames, 0), "READ on the source is enough to copy out of it");

        Set<KernelError> missing = EnumSet.of(KernelError.MISSING_RIGHTS);
        byte[] buf = new byte[8];
        refused(missing, "write", () -> b.write(ro, 0, buf, 0, 8));
        refused(missing, "writeLong", () -> b.writeLong(ro, 0, -1));
        refused(missing, "fill", () -> b.fill(ro, 0, 8, (byte) 0));
        refused(missing, "CAS", () -> b.compareAndSetLong(ro, 0, SECRET, -1));
        refused(missing, "copyFrames into it", () -> b.copyFrames(bFrames, 0, ro, 0, 8));
        refused(missing, "a ring over it", () -> b.ring(ro, 64, false, true));
        refused(missing, "map without MAP", () -> b.map(bDomain, SHARED, ro, 0, Kernel.MAP_READ));
        refused(missing, "revoke without REVOKE", () -> b.revoke(ro));
        Set<KernelError> exceeds = EnumSet.of(KernelError.EXCEEDS_PARENT);
        refused(exceeds, "derive a writable child", () -> b.derive(ro, CapType.MEMORY, info.base(), info.limit(), Rights.READ | Rights.WRITE));
        refused(exceeds, "copy with MAP added", () -> b.copy(ro, b.self(), Rights.READ | Rights.MAP));
        assertEquals(0, b.copyIn(bDomain, SHARED, buf, 0, 8));

        long mapRead = a.copy(aFrames, bInA, Rights.MAP | Rights.READ);
        refused(missing, "map writable", () -> b.map(bDomain, SHARED, mapRead, 0, Kernel.MAP_READ | Kernel.MAP_WRITE));
        refused(missing, "map executable", () -> b.map(bDomain, SHARED, mapRead, 0, Kernel.MAP_READ | Kernel.MAP_EXECUTE));
        b.map(bDomain, SHARED, mapRead, 0, Kernel.MAP_READ);
        assertEquals(8, b.copyIn(bDomain, SHARED, buf, 0, 8));
        assertEquals(SECRET, le(buf));
        assertEquals(0, b.copyOut(bDomain, SHARED, new byte[8], 0, 8), "a read-only binding took a write");
        assertAUntouched();
    }

    @Test
    void bCannotTouchADomainsEvenHoldingAFullGrantOfItsFrames() throws Exception {
        long bDomain = b.createDomain(b.self(), "B's domain");
        long full = a.copy(aFrames, bInA, Rights.MAP | Rights.READ | Rights.WRITE);
        b.map(bDomain, SHARED, full, 1, Kernel.MAP_READ);   // B may bind them in its own domain
        byte[] buf = new byte[8];
        refused(INVALID, "map into A's domain", () -> b.map(aDomain, SHARED + 4096, full, 1, Kernel.MAP_READ));
        refused(INVALID, "unmap in A's domain", () -> b.unmap(aDomain, SHARED));
        refused(INVALID, "copyOut into A's domain", () -> b.copyOut(aDomain, SHARED, buf, 0, 8));

        // A domain capability A gives with READ only lets B look, not bind or write.
        long aDomainForB = a.copy(aDomain, bInA, Rights.READ);
        Set<KernelError> missing = EnumSet.of(KernelError.MISSING_RIGHTS);
        refused(missing, "map without MAP on the domain", () -> b.map(aDomainForB, SHARED + 4096, full, 1, Kernel.MAP_READ));
        refused(missing, "unmap without MAP on the domain", () -> b.unmap(aDomainForB, SHARED));
        refused(missing, "copyOut without WRITE on the domain", () -> b.copyOut(aDomainForB, SHARED, buf, 0, 8));
        refused(missing, "destroy without CONTROL", () -> b.destroyDomain(aDomainForB));
        assertEquals(0, a.copyIn(aDomain, SHARED + 4096, buf, 0, 8), "B bound a page in A's domain");
        assertAUntouched();
    }

    // ---- breaking bindings ----

    /** B's domain loads the word at {@link #SHARED} and exits with it; the ld is at CODE + 4. */
    private static GuestCode loadShared() {
        return new GuestCode().lui(T0, (int) (SHARED >>> 12)).ld(A0, T0, 0).li(A7, TestLibOS.SYS_EXIT).ecall();
    }

    @ParameterizedTest(name = "bound through B's own child of the grant: {0}")
    @ValueSource(booleans = {false, true})
    void revocationBreaksTheBindingAndTheTlbEntry(boolean throughChild) throws Exception {
        long grant = a.copy(aFrames, bInA, Rights.MAP | Rights.READ | Rights.WRITE);
        long via = grant;
        if (throughChild) {
            CapInfo g = b.query(grant);
            via = b.derive(grant, CapType.MEMORY, g.base(), g.base() + 1, Rights.MAP | Rights.READ);
        }
        Guest guest = Guest.load(b, loadShared());
        b.map(guest.domain, SHARED, via, 0, Kernel.MAP_READ);
        exo.giveAllSlices(b);

        assertEquals(SECRET, runToExit(guest), "B's guest reads the granted frame");
        assertEquals(SECRET, copyInLong(guest.domain), "B's kernel copy path reads it too");

        a.revoke(aFrames);

        final long v = via;
        refused(INVALID, "B's grant after revoke", () -> b.query(grant));
        refused(INVALID, "B's binding capability after revoke", () -> b.readLong(v, 0));
        byte[] buf = new byte[8];
        assertEquals(0, b.copyIn(guest.domain, SHARED, buf, 0, 8), "copyIn still reaches the revoked frame");
        TestLibOS.Trap fault = runToFault(guest);
        assertEquals(LOAD_PAGE_FAULT, fault.cause(), "the same load after revoke: " + fault);
        assertEquals(SHARED, fault.value(), "faulting address");
        assertEquals(Guest.CODE + 4, fault.pc(), "the ld faulted");
        assertEquals(1, osB.exits.size(), "the guest read the revoked frame again: " + osB.exits);
        assertAUntouched();   // A's own binding of the frame is no descendant of it and stays
    }

    @Test
    void unmapMakesThePageFaultAndRebindingShowsTheNewFrame() throws Exception {
        long first = b.allocFrames(b.self(), 1), second = b.allocFrames(b.self(), 1);
        b.writeLong(first, 0, 111);
        b.writeLong(second, 0, 222);
        Guest guest = Guest.load(b, loadShared());
        b.map(guest.domain, SHARED, first, 0, Kernel.MAP_READ);
        exo.giveAllSlices(b);
        assertEquals(111, runToExit(guest));

        assertTrue(b.unmap(guest.domain, SHARED));
        assertEquals(0, b.copyIn(guest.domain, SHARED, new byte[8], 0, 8));
        TestLibOS.Trap fault = runToFault(guest);
        assertEquals(LOAD_PAGE_FAULT, fault.cause(), "the load after unmap: " + fault);
        assertEquals(SHARED, fault.value());
        assertFalse(b.unmap(guest.domain, SHARED), "unmapping twice");

        b.map(guest.domain, SHARED, second, 0, Kernel.MAP_READ);
        assertEquals(222, runToExit(guest), "a new binding at the same address must not show the old frame");
    }

    // ---- quota ----

    @Test
    void allocationBeyondTheQuotaFailsAndChangesNothing() throws Exception {
        long[] usage = a.memoryUsage(a.self());
        long used = usage[0];
        assertEquals(QUOTA, usage[1]);
        assertTrue(used > 0 && used < QUOTA, "setup: A holds some frames: " + used);
        long free = exo.freeFrames();
        int room = (int) (QUOTA - used);

        refused(EnumSet.of(KernelError.QUOTA_EXCEEDED), "one frame more than the quota", () -> a.allocFrames(a.self(), room + 1));
        assertArrayEquals(usage, a.memoryUsage(a.self()), "a refused allocation changed the charge");
        assertEquals(free, exo.freeFrames(), "a refused allocation took frames");

        long rest = a.allocFrames(a.self(), room);
        assertArrayEquals(new long[] {QUOTA, QUOTA}, a.memoryUsage(a.self()));
        refused(EnumSet.of(KernelError.QUOTA_EXCEEDED), "a frame past a full quota", () -> a.allocFrames(a.self(), 1));
        assertEquals(free - room, exo.freeFrames());

        // A full quota is A's alone: B still allocates, and cannot charge A without ALLOC on A.
        long bFrame = b.allocFrames(b.self(), 1);
        long idA = a.query(a.self()).base();
        long aInB = exo.give(b, CapType.LIBOS, idA, idA + 1, Rights.READ);
        refused(EnumSet.of(KernelError.MISSING_RIGHTS), "B charging A", () -> b.allocFrames(aInB, 1));
        b.freeFrames(bFrame);

        long view = a.derive(rest, CapType.MEMORY, a.query(rest).base(), a.query(rest).base() + 1, Rights.READ);
        refused(EnumSet.of(KernelError.WRONG_STATE), "freeing through a derived view", () -> a.freeFrames(view));
        a.freeFrames(rest);
        assertArrayEquals(usage, a.memoryUsage(a.self()), "freeFrames did not return the charge");
        assertEquals(free, exo.freeFrames(), "freeFrames did not return the frames");
        refused(INVALID, "the freed original", () -> a.query(rest));
        refused(INVALID, "a view of the freed frames", () -> a.readLong(view, 0));
    }

    // ---- helpers ----

    private static final Set<KernelError> INVALID = EnumSet.of(KernelError.INVALID_HANDLE);

    private static long slot(long handle) { return handle & 0xffff_ffffL; }

    private static void refused(Set<KernelError> allowed, String what, Executable call) {
        KernelException e = assertThrows(KernelException.class, call, what + " must be refused with " + allowed);
        assertTrue(allowed.contains(e.error()), what + ": expected " + allowed + ", got " + e.getMessage());
    }

    /** A's frames still hold what A wrote, and A's domain still sees them. */
    private void assertAUntouched() throws KernelException {
        assertEquals(SECRET, a.readLong(aFrames, 0), "A's first frame changed");
        assertEquals(SECRET2, a.readLong(aFrames, 4096), "A's second frame changed");
        byte[] buf = new byte[8];
        assertEquals(8, a.copyIn(aDomain, SHARED, buf, 0, 8), "A's own binding is gone");
        assertEquals(SECRET, le(buf));
    }

    private long copyInLong(long domain) throws KernelException {
        byte[] buf = new byte[8];
        assertEquals(8, b.copyIn(domain, SHARED, buf, 0, 8));
        return le(buf);
    }

    private static long le(byte[] bytes) { return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(); }

    /** Runs the guest from its first instruction until it exits; returns its a0. */
    private long runToExit(Guest guest) throws KernelException {
        int before = osB.exits.size();
        restart(guest);
        runUntil(() -> osB.exits.size() > before);
        return osB.exits.get(before);
    }

    /** Runs the guest from its first instruction until it faults (or, wrongly, exits); returns the fault. */
    private TestLibOS.Trap runToFault(Guest guest) throws KernelException {
        int traps = osB.traps.size(), exits = osB.exits.size();
        restart(guest);
        runUntil(() -> osB.exits.size() > exits || osB.traps.stream().skip(traps).anyMatch(t -> !t.kind().equals("syscall")));
        assertEquals(exits, osB.exits.size(), "the guest loaded the word and exited instead of faulting: " + osB.exits);
        TestLibOS.Trap last = osB.traps.get(osB.traps.size() - 1);
        assertEquals("pageFault", last.kind(), "expected a page fault: " + last);
        return last;
    }

    private void restart(Guest guest) throws KernelException {
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        b.getContext(guest.domain, ctx);
        ctx[Kernel.CONTEXT_PC] = Guest.CODE;
        b.setContext(guest.domain, ctx);
        osB.ready.add(guest.domain);
        b.kick();
    }

    private void runUntil(BooleanSupplier done) {
        long deadline = System.nanoTime() + 10_000_000_000L;   // a hang guard, not a timing assertion
        exo.runHart(0, () -> done.getAsBoolean() || System.nanoTime() > deadline);
        assertTrue(done.getAsBoolean(), "timed out; B's traps: " + osB.traps + " reports: " + exo.reports());
    }

    @Test
    void framesOutsideRamGiveAKernelErrorNotAJavaException() throws Exception {
        try (Exokernel boot = Exokernel.boot(MachineSpec.of(16 << 20))) {
            Kernel k = boot.createLibOS("raw", new org.feuerbird.kernel.testing.TestLibOS(), 64);
            long raw = boot.give(k, CapType.MEMORY, 0x10, 0x12, Rights.ALL);   // frames below RAM
            assertEquals(KernelError.OUT_OF_RANGE, assertThrows(KernelException.class, () -> k.readLong(raw, 0)).error());
            assertEquals(KernelError.OUT_OF_RANGE, assertThrows(KernelException.class, () -> k.write(raw, 0, new byte[4], 0, 4)).error());
            long d = k.createDomain(k.self(), null);
            assertEquals(KernelError.OUT_OF_RANGE, assertThrows(KernelException.class, () -> k.map(d, 0x10000, raw, 0, Kernel.MAP_READ)).error());
            assertEquals(KernelError.OUT_OF_RANGE, assertThrows(KernelException.class, () -> k.ring(raw, 8, false, true)).error());
        }
    }
}
