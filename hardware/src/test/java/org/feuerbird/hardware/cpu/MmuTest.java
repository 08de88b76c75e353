package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.Asm.*;
import static org.feuerbird.hardware.cpu.TestRig.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.feuerbird.hardware.board.MemoryMap;
import org.feuerbird.hardware.device.Clint;
import org.junit.jupiter.api.Test;

/**
 * Sv39 as the privileged spec ("Sv39: Page-Based 39-bit Virtual-Memory System" and the
 * virtual-address translation process) defines it: page sizes, the permission rules (R, W,
 * X, U, SUM, MXR, MPRV), the faults and their tval, the A and D updates, the TLB's
 * visibility rules around sfence.vma, satp's WARL mode, and access faults for physical
 * addresses nothing answers.
 *
 * <p>Guest code runs at its physical address, identity-mapped; each test maps one data page
 * at {@link #VA} (physical {@link TestRig#DATA}) with the flags under test, makes one access,
 * and ends with ecall. Host machine mode reports either that ecall (the access succeeded) or
 * the fault, with its cause, tval and pc, untouched by any guest handler.
 */
class MmuTest {
    /** The data page's virtual address; as a physical address, nothing is there (not even a device). */
    private static final long VA = 0x5000_0000L;
    private static final long OK = -1;

    private enum Access { LOAD, STORE, FETCH }

    /** What one access did: OK or a fault cause; on a fault, its tval and pc. */
    private record Outcome(long cause, long tval, long pc) { }

    /** A rig with the code pages identity-mapped for {@code priv} and Sv39 on. */
    private static TestRig paged(int priv) {
        TestRig rig = new TestRig();
        rig.identityMapCode(priv == Privilege.U, 2);
        rig.enableSv39();
        rig.hart.setPrivilege(priv);
        return rig;
    }

    /** Makes one access to {@code va} from the rig's current mode. */
    private static Outcome access(TestRig rig, Access a, long va) {
        int priv = rig.hart.privilege();
        TestRig.Program p = rig.program().li(A1, va).li(A2, 0x5a);
        long at = p.here();
        rig.hart.setPc(p.base);
        p.i(switch (a) {
            case LOAD -> lw(A0, 0, A1);
            case STORE -> sw(A2, 0, A1);
            case FETCH -> jalr(RA, A1, 0);
        }, ecall());
        rig.load(p);
        if (a == Access.FETCH) rig.ram.store32(DATA, ecall());   // what a fetch from the data page finds
        rig.runToHostTrap();
        long cause = rig.hart.trapCause();
        long ecall = priv == Privilege.U ? Cause.ECALL_FROM_U : priv == Privilege.S ? Cause.ECALL_FROM_S : Cause.ECALL_FROM_M;
        if (cause == ecall) {
            assertEquals(a == Access.FETCH ? va : at + 4, rig.hart.pc(), "the ecall after a successful access");
            return new Outcome(OK, 0, rig.hart.pc());
        }
        return new Outcome(cause, rig.hart.trapValue(), rig.hart.pc());
    }

    private static long expectedFault(Access a) {
        return a == Access.LOAD ? Cause.LOAD_PAGE_FAULT : a == Access.STORE ? Cause.STORE_PAGE_FAULT : Cause.FETCH_PAGE_FAULT;
    }

    private record Case(String what, int priv, long pteFlags, long mstatus, Access access, boolean ok) { }

    /** One rig per case: map VA with the case's flags, set mstatus, access, compare. */
    private static void check(Case c) {
        TestRig rig = paged(c.priv);
        rig.map(VA, DATA, c.pteFlags);
        rig.hart.writeCsr(MSTATUS, c.mstatus);
        Outcome o = access(rig, c.access, VA);
        String what = c.what + " (" + Privilege.name(c.priv) + ", " + c.access + ")";
        if (c.ok) {
            assertEquals(OK, o.cause, what + ": expected success, got " + Cause.name(o.cause));
            return;
        }
        assertEquals(expectedFault(c.access), o.cause, what);
        assertEquals(VA, o.tval, what + ": tval");
        if (c.access == Access.FETCH) assertEquals(VA, o.pc, what + ": epc of a fetch fault is the target");
    }

    private static final long AD = PTE_A | PTE_D;
    private static final int S = Privilege.S, U = Privilege.U;
    private static final Access LOAD = Access.LOAD, STORE = Access.STORE, FETCH = Access.FETCH;

    @Test
    void eachMissingPermissionFaultsWithTheAccessCause() {
        List<Case> cases = List.of(
            new Case("RW page", S, PTE_R | PTE_W | AD, 0, LOAD, true),
            new Case("RW page", S, PTE_R | PTE_W | AD, 0, STORE, true),
            new Case("RW page: no X", S, PTE_R | PTE_W | AD, 0, FETCH, false),
            new Case("RX page", S, PTE_R | PTE_X | AD, 0, FETCH, true),
            new Case("R page: no W", S, PTE_R | AD, 0, STORE, false),
            new Case("X page: no R", S, PTE_X | AD, 0, LOAD, false),
            new Case("X page: no W", S, PTE_X | AD, 0, STORE, false),
            new Case("X page, MXR", S, PTE_X | AD, MS_MXR, LOAD, true),
            new Case("X page, MXR: still no W", S, PTE_X | AD, MS_MXR, STORE, false),
            new Case("U X page, MXR, from U", U, PTE_U | PTE_X | AD, MS_MXR, LOAD, true),
            new Case("W without R is reserved", S, PTE_W | AD, 0, LOAD, false),
            new Case("W without R is reserved", S, PTE_W | AD, 0, STORE, false),
            new Case("W without R is reserved, even with MXR", S, PTE_W | PTE_X | AD, MS_MXR, LOAD, false));
        cases.forEach(MmuTest::check);
    }

    @Test
    void anInvalidPteFaultsForEveryAccess() {
        for (Access a : Access.values()) {
            TestRig rig = paged(S);
            rig.setPte(VA, pte(DATA, PTE_R | PTE_W | PTE_X | AD) & ~PTE_V);
            Outcome o = access(rig, a, VA);
            assertEquals(expectedFault(a), o.cause, a.toString());
            assertEquals(VA, o.tval);
        }
    }

    @Test
    void userAndSupervisorPagesAreSeparated() {
        long urw = PTE_U | PTE_R | PTE_W | AD, urx = PTE_U | PTE_R | PTE_X | AD;
        List<Case> cases = List.of(
            new Case("U page from S without SUM", S, urw, 0, LOAD, false),
            new Case("U page from S without SUM", S, urw, 0, STORE, false),
            new Case("U page from S with SUM", S, urw, MS_SUM, LOAD, true),
            new Case("U page from S with SUM", S, urw, MS_SUM, STORE, true),
            new Case("S fetching from a U page", S, urx, 0, FETCH, false),
            new Case("S fetching from a U page, even with SUM", S, urx, MS_SUM, FETCH, false),
            new Case("U page from U", U, urw, 0, LOAD, true),
            new Case("U page from U", U, urw, 0, STORE, true),
            new Case("U fetching from a U page", U, urx, 0, FETCH, true),
            new Case("S page from U", U, PTE_R | PTE_W | AD, 0, LOAD, false),
            new Case("S page from U", U, PTE_R | PTE_W | AD, 0, STORE, false),
            new Case("S page from U, SUM does not matter", U, PTE_R | PTE_W | AD, MS_SUM, LOAD, false),
            new Case("S code page from U", U, PTE_R | PTE_X | AD, 0, FETCH, false));
        cases.forEach(MmuTest::check);
    }

    @Test
    void reservedPteBitsFault() {
        long[] bad = {1L << 54, 1L << 60, 1L << 61, 1L << 62, 1L << 63};
        for (long bit : bad) {
            TestRig rig = paged(S);
            rig.setPte(VA, pte(DATA, PTE_R | PTE_W | AD) | bit);
            assertEquals(Cause.LOAD_PAGE_FAULT, access(rig, LOAD, VA).cause, "bit " + Long.numberOfTrailingZeros(bit));
        }
    }

    @Test
    void aNonLeafPteWithAdOrUSetFaults() {
        for (long bit : new long[] {PTE_A, PTE_D, PTE_U}) {
            TestRig rig = paged(S);
            long leaf = rig.map(VA, DATA, PTE_R | PTE_W | AD);
            long rootEntry = rig.root() + ((VA >>> 30) & 511) * 8;   // points to the next table
            rig.ram.store64(rootEntry, rig.ram.load64(rootEntry) | bit);
            assertEquals(Cause.LOAD_PAGE_FAULT, access(rig, LOAD, VA).cause, "non-leaf bit " + bit);
            assertEquals(PTE_R | PTE_W | AD | PTE_V, rig.ram.load64(leaf) & 0xff);
        }
    }

    // ---- superpages ----

    @Test
    void twoMegabyteAndOneGigabytePagesTranslateTheirOffset() {
        TestRig rig = paged(S);
        long va2m = 0x4020_0000L, va1g = 0x4_0000_0000L;
        rig.map(va2m, BIG, PTE_R | PTE_W | AD, 1);
        rig.map(va1g, CODE, PTE_R | PTE_W | AD, 2);
        rig.ram.store64(BIG + 0x1_2340, 0x1111);
        rig.ram.store64(BIG + 0x1f_fff8, 0x2222);
        rig.ram.store64(DATA + 0x5678, 0x3333);
        TestRig.Program p = rig.program();
        p.li(A1, va2m + 0x1_2340).i(ld(A2, 0, A1));
        p.li(A1, va2m + 0x1f_fff8).i(ld(A3, 0, A1));
        p.li(A1, va1g + (DATA - CODE) + 0x5678).i(ld(A4, 0, A1));
        p.li(A1, va1g + (DATA - CODE) + 0x10).li(A5, 0x4444).i(sd(A5, 0, A1), ecall());
        rig.load(p).runToEcall(S);
        assertEquals(0x1111, rig.x(A2));
        assertEquals(0x2222, rig.x(A3));
        assertEquals(0x3333, rig.x(A4));
        assertEquals(0x4444, rig.ram.load64(DATA + 0x10));
    }

    @Test
    void aMisalignedSuperpageFaults() {
        TestRig rig = paged(S);
        rig.map(VA, BIG + 0x1000, PTE_R | PTE_W | AD, 1);    // a 2 MiB leaf whose PPN[0] is not 0
        Outcome o = access(rig, LOAD, VA + 0x10);
        assertEquals(Cause.LOAD_PAGE_FAULT, o.cause);
        assertEquals(VA + 0x10, o.tval);

        TestRig rig1g = paged(S);
        rig1g.map(0x4000_0000L, BIG, PTE_R | PTE_W | AD, 2);  // a 1 GiB leaf on a 2 MiB boundary
        assertEquals(Cause.STORE_PAGE_FAULT, access(rig1g, STORE, 0x4000_0000L).cause);
    }

    /**
     * Bits 63..39 must all equal bit 38. Each address here has VA's low 39 bits, which are
     * mapped, so only the canonical check can make it fault.
     */
    @Test
    void nonCanonicalAddressesFault() {
        long[] bad = {VA | 1L << 39, VA | 0xffff_ff80_0000_0000L, VA | 1L << 63, VA | 1L << 50};
        for (long va : bad) {
            for (Access a : Access.values()) {
                TestRig rig = paged(S);
                rig.map(VA, DATA, PTE_R | PTE_W | PTE_X | AD);
                Outcome o = access(rig, a, va);
                assertEquals(expectedFault(a), o.cause, a + " at 0x" + Long.toHexString(va));
                assertEquals(va, o.tval);
            }
        }
    }

    @Test
    void theTopOfTheAddressSpaceIsReachable() {
        TestRig rig = paged(S);
        long high = 0xffff_ffff_ffff_f000L;
        rig.map(high, DATA, PTE_R | PTE_W | AD);
        rig.ram.store64(DATA + 0x8, 0x7777);
        TestRig.Program p = rig.program().li(A1, high).i(ld(A0, 8, A1), ecall());
        rig.load(p).runToEcall(S);
        assertEquals(0x7777, rig.x(A0));
    }

    // ---- A and D ----

    @Test
    void aLoadSetsAOnlyAndAStoreSetsAAndD() {
        TestRig rig = paged(S);
        long leaf = rig.map(VA, DATA, PTE_R | PTE_W);
        assertEquals(OK, access(rig, LOAD, VA).cause);
        assertEquals(PTE_A, rig.ram.load64(leaf) & AD, "after a load");
        assertEquals(OK, access(rig, STORE, VA).cause);
        assertEquals(AD, rig.ram.load64(leaf) & AD, "after a store");
        assertEquals(pte(DATA, PTE_R | PTE_W | AD), rig.ram.load64(leaf), "nothing else changed");
    }

    @Test
    void aStoreAfterALoadOfTheSamePageStillSetsD() {
        TestRig rig = paged(S);
        long leaf = rig.map(VA, DATA, PTE_R | PTE_W);
        TestRig.Program p = rig.program().li(A1, VA).i(lw(A0, 0, A1), sw(A0, 4, A1), ecall());
        rig.load(p).runToEcall(S);
        assertEquals(AD, rig.ram.load64(leaf) & AD);
    }

    @Test
    void aFetchSetsA() {
        TestRig rig = paged(S);
        long leaf = rig.map(VA, DATA, PTE_R | PTE_X);
        assertEquals(OK, access(rig, FETCH, VA).cause);
        assertEquals(PTE_A, rig.ram.load64(leaf) & AD);
    }

    @Test
    void aFaultingAccessSetsNeitherAnorD() {
        TestRig rig = paged(S);
        long leaf = rig.map(VA, DATA, PTE_R);
        assertEquals(Cause.STORE_PAGE_FAULT, access(rig, STORE, VA).cause);
        assertEquals(0, rig.ram.load64(leaf) & AD);
    }

    // ---- the TLB and sfence.vma ----

    /**
     * The guest remaps VA from one frame to another by storing the PTE itself: until
     * sfence.vma it may (and this hart does) still use the cached translation; after it, it
     * must use the new one.
     */
    @Test
    void aChangedPteIsSeenAfterSfenceVma() {
        for (boolean wholeFence : new boolean[] {true, false}) {
            TestRig rig = paged(S);
            long frame2 = DATA + 0x1000;
            rig.ram.store64(DATA, 111);
            rig.ram.store64(frame2, 222);
            long leaf = rig.map(VA, DATA, PTE_R | PTE_W | AD);
            long tablesVa = 0x2000_0000L;
            rig.map(tablesVa, leaf & ~0xfffL, PTE_R | PTE_W | AD);
            TestRig.Program p = rig.program().li(A1, VA).li(T0, tablesVa + (leaf & 0xfff))
                .li(T1, pte(frame2, PTE_R | PTE_W | AD));
            p.i(ld(A2, 0, A1), sd(T1, 0, T0), ld(A3, 0, A1), wholeFence ? sfence_vma() : sfence_vma(A1, ZERO),
                ld(A4, 0, A1), ecall());
            rig.load(p).runToEcall(S);
            assertEquals(111, rig.x(A2), "before the change");
            assertEquals(111, rig.x(A3), "changed in memory, TLB not fenced: the cached translation");
            assertEquals(222, rig.x(A4), "after sfence.vma");
        }
    }

    @Test
    void aRevokedPageFaultsAfterSfenceVma() {
        TestRig rig = paged(S);
        rig.ram.store64(DATA, 111);
        long leaf = rig.map(VA, DATA, PTE_R | PTE_W | AD);
        long tablesVa = 0x2000_0000L;
        rig.map(tablesVa, leaf & ~0xfffL, PTE_R | PTE_W | AD);
        TestRig.Program p = rig.program().li(A1, VA).li(T0, tablesVa + (leaf & 0xfff));
        p.i(ld(A2, 0, A1), sd(ZERO, 0, T0), ld(A3, 0, A1), sfence_vma());
        long faulting = p.here();
        p.i(ld(A4, 0, A1), ecall());
        rig.load(p).runToHostTrap(Cause.LOAD_PAGE_FAULT);
        assertEquals(111, rig.x(A3));
        assertEquals(faulting, rig.hart.pc());
        assertEquals(VA, rig.hart.trapValue());
    }

    @Test
    void sfenceVmaIsIllegalInUAndInSWithTvm() {
        for (int priv : new int[] {U, S}) {
            TestRig rig = new TestRig();
            rig.load(rig.program().i(sfence_vma(), ecall()));
            if (priv == S) rig.hart.writeCsr(MSTATUS, MS_TVM);
            rig.hart.setPrivilege(priv);
            rig.runToHostTrap(Cause.ILLEGAL_INSTRUCTION);
            assertEquals(sfence_vma() & 0xffff_ffffL, rig.hart.trapValue());
            assertEquals(CODE, rig.hart.pc());
        }
    }

    // ---- satp ----

    @Test
    void aSatpWriteWithAnUnsupportedModeIsIgnored() {
        TestRig rig = new TestRig();
        long sv39 = SATP_SV39 | rig.root() >>> 12;
        rig.hart.writeCsr(SATP, sv39);
        TestRig.Program p = rig.program();
        long[] modes = {1, 7, 9, 10, 15};   // reserved, Sv48, Sv57...
        for (int k = 0; k < modes.length; k++) {
            p.li(T0, modes[k] << 60 | 0x12345).i(csrw(SATP, T0), csrr(A0 + k, SATP));
        }
        p.i(ecall());
        rig.load(p).runToEcall(Privilege.M);
        for (int k = 0; k < modes.length; k++) assertEquals(sv39, rig.x(A0 + k), "mode " + modes[k]);
    }

    @Test
    void satpIsIllegalInSWithTvm() {
        TestRig rig = new TestRig();
        rig.load(rig.program().i(csrr(A0, SATP), ecall()));
        rig.hart.writeCsr(MSTATUS, MS_TVM);
        rig.hart.setPrivilege(S);
        rig.runToHostTrap(Cause.ILLEGAL_INSTRUCTION);
        assertEquals(CODE, rig.hart.pc());
        assertEquals(csrr(A0, SATP) & 0xffff_ffffL, rig.hart.trapValue());
    }

    // ---- MPRV ----

    @Test
    void mprvMakesMachineLoadsAndStoresTranslateWithMpp() {
        record Case(long mstatus, long pteFlags, long want) { }
        long ppS = 1L << MPP_SHIFT, ppU = 0, ppM = 3L << MPP_SHIFT;
        List<Case> cases = List.of(
            new Case(MS_MPRV | ppS, PTE_R | PTE_W | AD, OK),
            new Case(MS_MPRV | ppU, PTE_R | PTE_W | AD, Cause.LOAD_PAGE_FAULT),     // S page, U rights
            new Case(MS_MPRV | ppU, PTE_U | PTE_R | PTE_W | AD, OK),
            new Case(MS_MPRV | ppS, PTE_U | PTE_R | PTE_W | AD, Cause.LOAD_PAGE_FAULT),
            new Case(MS_MPRV | ppS | MS_SUM, PTE_U | PTE_R | PTE_W | AD, OK),
            new Case(MS_MPRV | ppM, PTE_R | PTE_W | AD, Cause.LOAD_ACCESS),          // M: no translation
            new Case(ppS, PTE_R | PTE_W | AD, Cause.LOAD_ACCESS));                  // MPRV off
        for (Case c : cases) {
            TestRig rig = new TestRig();   // code runs in M at its physical address: fetches never translate
            rig.map(VA, DATA, c.pteFlags);
            rig.enableSv39();
            rig.ram.store64(DATA, 0x99);
            rig.hart.writeCsr(MSTATUS, c.mstatus);
            Outcome o = access(rig, LOAD, VA);
            String what = "mstatus 0x" + Long.toHexString(c.mstatus) + ", pte 0x" + Long.toHexString(c.pteFlags);
            assertEquals(c.want, o.cause, what);
            if (c.want == OK) assertEquals(0x99, rig.x(A0), what);
            else assertEquals(VA, o.tval, what);
        }
    }

    @Test
    void mprvTranslatesStoresToo() {
        TestRig rig = new TestRig();
        rig.map(VA, DATA, PTE_R | PTE_W | AD);
        rig.enableSv39();
        rig.hart.writeCsr(MSTATUS, MS_MPRV | 1L << MPP_SHIFT);
        assertEquals(OK, access(rig, STORE, VA).cause);
        assertEquals(0x5a, rig.ram.load32(DATA));
    }

    // ---- accesses that cross a page ----

    @Test
    void aMisalignedAccessIntoAnUnmappedPageFaultsOnTheSecondPageAndWritesNothing() {
        TestRig rig = paged(S);
        rig.map(VA, DATA, PTE_R | PTE_W | AD);
        rig.ram.store64(DATA + 0xff8, 0x0102_0304_0506_0708L);
        TestRig.Program p = rig.program().li(A1, VA + 0xffc).li(A2, -1).li(A0, 0x55);
        long at = p.here();
        p.i(sd(A2, 0, A1), ecall());
        rig.load(p).runToHostTrap(Cause.STORE_PAGE_FAULT);
        assertEquals(VA + 0x1000, rig.hart.trapValue());
        assertEquals(at, rig.hart.pc());
        assertEquals(0x0102_0304_0506_0708L, rig.ram.load64(DATA + 0xff8), "the first page is untouched");

        TestRig rig2 = paged(S);
        rig2.map(VA, DATA, PTE_R | PTE_W | AD);
        TestRig.Program q = rig2.program().li(A1, VA + 0xffe).li(A0, 0x55).i(ld(A0, 0, A1), ecall());
        rig2.load(q).runToHostTrap(Cause.LOAD_PAGE_FAULT);
        assertEquals(VA + 0x1000, rig2.hart.trapValue());
        assertEquals(0x55, rig2.x(A0));
    }

    @Test
    void aMisalignedStoreIntoAReadOnlySecondPageWritesNothing() {
        TestRig rig = paged(S);
        rig.map(VA, DATA, PTE_R | PTE_W | AD);
        rig.map(VA + 0x1000, DATA + 0x1000, PTE_R | AD);
        TestRig.Program p = rig.program().li(A1, VA + 0xffe).li(A2, -1).i(sw(A2, 0, A1), ecall());
        rig.load(p).runToHostTrap(Cause.STORE_PAGE_FAULT);
        assertEquals(VA + 0x1000, rig.hart.trapValue());
        assertEquals(0, rig.ram.load64(DATA + 0xff8));
    }

    @Test
    void aMisalignedAccessAcrossTwoMappedPagesJoinsTheirFrames() {
        TestRig rig = paged(S);
        long frame2 = DATA + 0x5000;                      // not adjacent to the first frame
        rig.map(VA, DATA, PTE_R | PTE_W | AD);
        rig.map(VA + 0x1000, frame2, PTE_R | PTE_W | AD);
        TestRig.Program p = rig.program().li(A1, VA + 0xffd).li(A2, 0x1122_3344_5566_7788L);
        p.i(sd(A2, 0, A1), ld(A3, 0, A1), lhu(A4, 2, A1), ecall());
        rig.load(p).runToEcall(S);
        assertEquals(0x1122_3344_5566_7788L, rig.x(A3));
        assertEquals(0x5566, rig.x(A4));
        assertEquals(0x66_7788L, rig.ram.load64(DATA + 0xff8) >>> 40);
        assertEquals(0x11_2233_4455L, rig.ram.load64(frame2) & 0xff_ffff_ffffL);
    }

    // ---- physical addresses nothing answers ----

    @Test
    void unmappedPhysicalAddressesAreAccessFaults() {
        long hole = 0x4000_0000L;
        record Case(Access access, long cause) { }
        for (Case c : List.of(new Case(LOAD, Cause.LOAD_ACCESS), new Case(STORE, Cause.STORE_ACCESS),
                new Case(FETCH, Cause.FETCH_ACCESS))) {
            TestRig rig = new TestRig();
            Outcome o = access(rig, c.access, hole);
            assertEquals(c.cause, o.cause, "bare " + c.access);
            assertEquals(hole, o.tval);

            TestRig paged = paged(S);
            paged.map(VA, hole, PTE_R | PTE_W | PTE_X | AD);
            o = access(paged, c.access, VA + 8);
            assertEquals(c.cause, o.cause, "paged " + c.access);
            assertEquals(VA + 8, o.tval);
        }
    }

    @Test
    void aPageTableOutsideRamIsAnAccessFault() {
        TestRig rig = new TestRig();
        rig.identityMapCode(false, 2);
        rig.enableSv39();
        long table = rig.root() + ((VA >>> 30) & 511) * 8;
        rig.ram.store64(table, (0x4000_0000L >>> 12) << 10 | PTE_V);   // next level in the hole
        rig.hart.setPrivilege(S);
        assertEquals(Cause.LOAD_ACCESS, access(rig, LOAD, VA).cause);
    }

    @Test
    void aPageMayMapADeviceWindow() {
        TestRig rig = paged(S);
        rig.map(VA, MemoryMap.CLINT_BASE + (Clint.MTIME & ~0xfffL), PTE_R | PTE_W | AD);
        rig.setTime(0x1234_5678_9aL);
        TestRig.Program p = rig.program().li(A1, VA + (Clint.MTIME & 0xfff)).i(ld(A0, 0, A1), ecall());
        rig.load(p).runToEcall(S);
        assertEquals(0x1234_5678_9aL, rig.x(A0));
    }
}
