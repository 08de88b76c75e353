package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.Asm.*;
import static org.feuerbird.hardware.cpu.TestRig.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The host's context switch: {@link Hart#saveContext}/{@link Hart#loadContext} move the whole
 * user state, and translations are kept per address space (tagged by satp), so switching
 * back and forth needs no flush yet never shows one space's pages to the other.
 */
class HostContextSwitchTest {
    static final long VA = 0x4000_0000L;

    private static long run(TestRig rig, long[] ctx, long root) {
        ctx[Hart.CONTEXT_PC] = CODE;
        rig.hart.loadContext(ctx, SATP_SV39 | root >>> 12);
        assertEquals(Hart.EXIT_TRAP, rig.hart.run(BUDGET));
        assertEquals(Cause.ECALL_FROM_U, rig.hart.trapCause());
        return rig.hart.x(A0);
    }

    /**
     * Two address spaces that map {@link #VA} to different frames (A: DATA holding 111, B:
     * DATA + 0x1000 holding 222; DATA + 0x2000 holds 333 for remapping), and a U-mode
     * program that loads from VA and ecalls.
     */
    private record TwoSpaces(TestRig rig, long rootA, long leafA, long rootB, long leafB) {
        static TwoSpaces make() {
            TestRig rig = new TestRig();
            rig.ram.store64(DATA, 111);
            rig.ram.store64(DATA + 0x1000, 222);
            rig.ram.store64(DATA + 0x2000, 333);
            long rootA = rig.root();
            rig.identityMapCode(true, 2);
            long leafA = rig.map(VA, DATA, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
            long rootB = rig.newRoot();
            rig.identityMapCode(true, 2);
            long leafB = rig.map(VA, DATA + 0x1000, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
            rig.load(rig.program().li(A1, VA).i(ld(A0, 0, A1), ecall()));
            rig.hart.setHostMachineMode(true);
            rig.hart.setPrivilege(Privilege.U);
            return new TwoSpaces(rig, rootA, leafA, rootB, leafB);
        }
    }

    @Test
    void eachAddressSpaceSeesItsOwnPagesAcrossSwitches() {
        TwoSpaces t = TwoSpaces.make();
        TestRig rig = t.rig();
        long rootA = t.rootA(), leafA = t.leafA(), rootB = t.rootB();
        long[] ctx = new long[Hart.CONTEXT_SIZE];
        for (int round = 0; round < 3; round++) {
            assertEquals(111, run(rig, ctx, rootA), "space A, round " + round);
            assertEquals(222, run(rig, ctx, rootB), "space B, round " + round);
        }
        // The host changes A's page table: after flushing that page, A sees the new frame.
        rig.ram.store64(leafA, pte(DATA + 0x2000, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D));
        rig.hart.flushTlbPage(VA);
        assertEquals(333, run(rig, ctx, rootA));
        assertEquals(222, run(rig, ctx, rootB), "B's page is unaffected");
        // A removed binding faults once its page is flushed, in A only.
        rig.ram.store64(leafA, 0);
        rig.hart.flushTlbPage(VA);
        ctx[Hart.CONTEXT_PC] = CODE;
        rig.hart.loadContext(ctx, SATP_SV39 | rootA >>> 12);
        assertEquals(Hart.EXIT_TRAP, rig.hart.run(BUDGET));
        assertEquals(Cause.LOAD_PAGE_FAULT, rig.hart.trapCause());
        assertEquals(VA, rig.hart.trapValue());
    }

    /**
     * Two address spaces using the same virtual pages (a process and its fork child) keep
     * their TLB entries side by side: switching does not evict the other's. Shown by changing
     * both page tables without a flush: each space still reads through its cached entry.
     * (A TLB indexed by the page number alone evicted the other space's entry at every
     * switch, and A would walk and see the new frame.)
     */
    @Test
    void spacesWithTheSameVirtualPagesKeepTheirEntriesAcrossSwitches() {
        TwoSpaces t = TwoSpaces.make();
        TestRig rig = t.rig();
        long rootA = t.rootA(), leafA = t.leafA(), rootB = t.rootB(), leafB = t.leafB();
        long[] ctx = new long[Hart.CONTEXT_SIZE];
        assertEquals(111, run(rig, ctx, rootA));
        assertEquals(222, run(rig, ctx, rootB));
        rig.ram.store64(leafA, pte(DATA + 0x2000, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D));
        rig.ram.store64(leafB, pte(DATA + 0x2000, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D));
        for (int round = 0; round < 3; round++) {
            assertEquals(111, run(rig, ctx, rootA), "A's entry survived B's run, round " + round);
            assertEquals(222, run(rig, ctx, rootB), "B's entry survived A's run, round " + round);
        }
        rig.hart.flushTlbPage(VA);   // one flush forgets the page in every space
        assertEquals(333, run(rig, ctx, rootA));
        assertEquals(333, run(rig, ctx, rootB));
    }

    @Test
    void manyAddressSpacesRecycleTagsWithoutMixingThemUp() {
        TestRig rig = new TestRig();
        int spaces = 150;   // more than the TLB has tags (128)
        long[] roots = new long[spaces];
        for (int s = 0; s < spaces; s++) {
            roots[s] = s == 0 ? rig.root() : rig.newRoot();
            rig.identityMapCode(true, 2);
            long frame = DATA + (s % 8) * 0x1000L;
            rig.ram.store64(frame, s % 8);
            rig.map(VA, frame, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
        }
        rig.load(rig.program().li(A1, VA).i(ld(A0, 0, A1), ecall()));
        rig.hart.setHostMachineMode(true);
        rig.hart.setPrivilege(Privilege.U);
        long[] ctx = new long[Hart.CONTEXT_SIZE];
        for (int pass = 0; pass < 2; pass++) {
            for (int s = 0; s < spaces; s += 7) assertEquals(s % 8, run(rig, ctx, roots[s]), "space " + s);
        }
    }

    @Test
    void saveAndLoadMoveEveryUserRegister() {
        TestRig rig = new TestRig();
        rig.hart.writeCsr(0x300, rig.hart.readCsr(0x300) | MS_FS);
        long[] in = new long[Hart.CONTEXT_SIZE];
        for (int i = 0; i < 64; i++) in[i] = 0x1111_0000_0000L * (i + 1) + i;
        in[Hart.CONTEXT_PC] = CODE + 0x40;
        in[Hart.CONTEXT_FCSR] = 3 << 5 | 0x15;
        rig.hart.loadContext(in, 0);
        assertEquals(0, rig.hart.x(0), "x0 stays zero");
        assertEquals(in[5], rig.hart.x(5));
        assertEquals(in[32 + 7], rig.hart.f(7));
        assertEquals(CODE + 0x40, rig.hart.pc());
        assertEquals(in[Hart.CONTEXT_FCSR], rig.hart.readCsr(0x003));
        long[] out = new long[Hart.CONTEXT_SIZE];
        rig.hart.saveContext(out);
        in[0] = 0;
        assertArrayEquals(in, out);
    }

    /**
     * A full flush while an address space keeps running (the host broke bindings elsewhere)
     * must not leave that space filling entries under a tag a later space will receive.
     */
    @Test
    void aFlushWhileRunningDoesNotLeakEntriesIntoTheNextAddressSpace() {
        TestRig rig = new TestRig();
        rig.ram.store64(DATA, 111);
        rig.ram.store64(DATA + 0x1000, 222);
        long[] roots = new long[3];
        for (int s = 0; s < roots.length; s++) {
            roots[s] = s == 0 ? rig.root() : rig.newRoot();
            rig.identityMapCode(true, 2);
            rig.map(VA, s == 0 ? DATA : DATA + 0x1000, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
        }
        TestRig.Program p = rig.program().li(A1, VA).i(ld(A0, 0, A1));
        long justEcall = p.here();
        rig.load(p.i(ecall()));
        rig.hart.setHostMachineMode(true);
        rig.hart.setPrivilege(Privilege.U);
        long[] ctx = new long[Hart.CONTEXT_SIZE];
        // Space 0 gets tag 2 (space 1 takes tag 1 first).
        assertEquals(222, run(rig, ctx, roots[1]));
        assertEquals(111, run(rig, ctx, roots[0]));
        rig.hart.flushTlb();
        // Space 0 goes on without a reload and fills its entry for VA again.
        rig.hart.setPc(CODE);
        assertEquals(Hart.EXIT_TRAP, rig.hart.run(BUDGET));
        assertEquals(111, rig.hart.x(A0));
        // Space 1 takes tag 1 again without touching VA; space 2 then gets tag 2.
        ctx[Hart.CONTEXT_PC] = justEcall;
        rig.hart.loadContext(ctx, SATP_SV39 | roots[1] >>> 12);
        assertEquals(Hart.EXIT_TRAP, rig.hart.run(BUDGET));
        assertEquals(222, run(rig, ctx, roots[2]), "space 2 must see its own page, not space 0's");
    }
}
