package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.Asm.*;
import static org.feuerbird.hardware.cpu.TestRig.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The hart decodes each physical page once and keeps the result, so these tests check that
 * the cache never shows what the spec forbids: after {@code fence.i} a hart executes what its
 * own stores wrote (Zifencei), whatever the store's path (plain, AMO, another virtual alias,
 * the TLB fast path); code written by the host or a device (DMA through {@code Ram.write})
 * is decoded afresh; and a 32-bit instruction whose halves lie on two pages is assembled
 * from the two frames its two pages map to, and faults on the second page with that page's
 * address as tval.
 */
class CodeCoherenceTest {
    private static final int OLD = addi(A2, ZERO, 1), NEW = addi(A2, ZERO, 2);

    @Test
    void aStoreIntoTheCurrentPageThenFenceIRunsTheNewInstruction() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        long target = CODE + 0x40;
        p.li(A0, NEW).li(A1, target).i(sw(A0, 0, A1), fence_i());
        while (p.here() < target) p.i(nop());
        p.i(OLD, ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(2, rig.x(A2));
    }

    @Test
    void aStoreIntoAnotherAlreadyRunPageThenFenceIRunsTheNewInstruction() {
        TestRig rig = new TestRig();
        long sub = CODE + 0x3000;
        rig.load(rig.program(sub).i(OLD, ret()));
        TestRig.Program p = rig.program();
        p.li(S0, sub).i(jalr(RA, S0, 0), mv(S1, A2));
        p.li(A0, NEW).i(sw(A0, 0, S0), fence_i(), jalr(RA, S0, 0), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(1, rig.x(S1), "first call");
        assertEquals(2, rig.x(A2), "after the store and fence.i");
    }

    @Test
    void anAmoIntoCodeThenFenceIRunsTheNewInstruction() {
        TestRig rig = new TestRig();
        long sub = CODE + 0x3000;
        rig.load(rig.program(sub).i(OLD, ret()));
        TestRig.Program p = rig.program();
        p.li(S0, sub).i(jalr(RA, S0, 0), mv(S1, A2));
        p.li(A0, NEW).i(amoswap_w(ZERO, A0, S0), fence_i(), jalr(RA, S0, 0), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(1, rig.x(S1));
        assertEquals(2, rig.x(A2));
    }

    /**
     * A JIT's pattern: write code into a data page, run it, rewrite it, run it again. The
     * second round of stores must not slip past the decoded copy through a write permission
     * cached before the page became code.
     */
    @Test
    void rewritingGeneratedCodeIsSeenAfterFenceI() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        p.li(S0, DATA);
        p.li(T0, addi(A0, ZERO, 1)).i(sw(T0, 0, S0)).li(T0, ret()).i(sw(T0, 4, S0), fence_i(), jalr(RA, S0, 0));
        p.i(mv(S1, A0));
        p.li(T0, addi(A0, ZERO, 2)).i(sw(T0, 0, S0), fence_i(), jalr(RA, S0, 0));
        p.i(mv(S2, A0));
        p.li(T0, (long) ret() << 32 | addi(A0, ZERO, 3)).i(sd(T0, 0, S0), fence_i(), jalr(RA, S0, 0), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(1, rig.x(S1));
        assertEquals(2, rig.x(S2));
        assertEquals(3, rig.x(A0));
    }

    /** Decoded instructions belong to the physical page: a store through a writable alias is seen. */
    @Test
    void aStoreThroughAnotherVirtualAliasIsSeenAfterFenceI() {
        TestRig rig = new TestRig();
        long frame = CODE + 0x3000, exec = 0x5000_0000L, write = 0x6000_0000L;
        rig.identityMapCode(false, 2);
        rig.map(exec, frame, PTE_R | PTE_X | PTE_A);
        rig.map(write, frame, PTE_R | PTE_W | PTE_A | PTE_D);
        rig.enableSv39();
        rig.load(rig.program(frame).i(OLD, ret()));
        TestRig.Program p = rig.program();
        p.li(S0, exec).li(S1, write).i(jalr(RA, S0, 0), mv(S2, A2));
        p.li(A0, NEW).i(sw(A0, 0, S1), fence_i(), jalr(RA, S0, 0), ecall());
        rig.load(p);
        rig.hart.setPrivilege(Privilege.S);
        rig.runToEcall(Privilege.S);
        assertEquals(1, rig.x(S2));
        assertEquals(2, rig.x(A2));
    }

    @Test
    void codeWrittenByTheHostIsDecodedAfresh() {
        TestRig rig = new TestRig();
        rig.load(rig.program().i(OLD, ecall()));
        rig.runToEcall(Privilege.M);
        assertEquals(1, rig.x(A2));

        rig.load(rig.program().i(NEW));               // Ram.write, as DMA does
        rig.hart.setPc(CODE);
        rig.runToEcall(Privilege.M);
        assertEquals(2, rig.x(A2), "after Ram.write");

        rig.ram.store32(CODE, addi(A2, ZERO, 3));     // the checked scalar path
        rig.hart.setPc(CODE);
        rig.runToEcall(Privilege.M);
        assertEquals(3, rig.x(A2), "after Ram.store32");
    }

    // ---- falling through into the next page ----

    @Test
    void sequentialExecutionFallsThroughIntoTheNextPage() {
        TestRig rig = new TestRig();
        long start = CODE + 0xff8;
        rig.load(rig.program(start).i(addi(A0, ZERO, 1), addi(A0, A0, 1)).i(addi(A0, A0, 1)).c(c_li(A1, 7))
            .i(ecall()));
        rig.hart.setPc(start);
        rig.runToEcall(Privilege.M);
        assertEquals(3, rig.x(A0));
        assertEquals(7, rig.x(A1));
        assertEquals(CODE + 0x1006, rig.hart.pc());
    }

    /** The next virtual page maps a frame that is not the next physical one: that frame is what runs. */
    @Test
    void fallingThroughFollowsTheMappingOfTheNextPage() {
        TestRig rig = new TestRig();
        long va = 0x5000_0000L, frameA = CODE + 0x3000, frameB = CODE + 0x7000;
        rig.map(va, frameA, PTE_R | PTE_X | PTE_A);
        rig.map(va + 0x1000, frameB, PTE_R | PTE_X | PTE_A);
        rig.enableSv39();
        rig.load(rig.program(frameA + 0xffc).i(addi(A0, ZERO, 1)));
        rig.load(rig.program(frameA + 0x1000).i(ebreak()));          // physically next: must not run
        rig.load(rig.program(frameB).i(addi(A0, A0, 1), ecall()));
        rig.hart.setPrivilege(Privilege.S);
        rig.hart.setPc(va + 0xffc);
        rig.runToEcall(Privilege.S);
        assertEquals(2, rig.x(A0));
    }

    @Test
    void fallingThroughIntoAnUnmappedPageFaultsAtItsFirstByte() {
        TestRig rig = new TestRig();
        rig.hart.writeCsr(MCOUNTEREN, 4);
        rig.identityMapCode(false, 1);
        rig.enableSv39();
        long start = CODE + 0xff4;
        rig.load(rig.program(start).i(csrr(A0, INSTRET), addi(A1, ZERO, 1), addi(A1, A1, 1)));
        rig.hart.setPrivilege(Privilege.S);
        rig.hart.setPc(start);
        long before = rig.hart.retired();
        rig.runToHostTrap(Cause.FETCH_PAGE_FAULT);
        assertEquals(CODE + 0x1000, rig.hart.trapValue());
        assertEquals(CODE + 0x1000, rig.hart.pc());
        assertEquals(2, rig.x(A1));
        assertEquals(3, rig.hart.retired() - before, "the three instructions before the boundary retired");
    }

    // ---- instructions that straddle a page boundary ----

    /** Lays out, from {@code start}: a 4-byte nop, a c.nop, then {@code insn} across the boundary, then ecall. */
    private static void straddle(TestRig rig, long start, long at, int insn) {
        TestRig.Program p = rig.program(start).i(addi(A1, ZERO, 1)).c(c_nop());
        if (p.here() != at) throw new AssertionError("layout");
        p.i(insn, ecall());
        rig.load(p);
    }

    @Test
    void aStraddlingInstructionRunsInBareMode() {
        TestRig rig = new TestRig();
        long at = CODE + 0xffe;
        straddle(rig, at - 6, at, addi(A0, ZERO, 42));
        rig.hart.setPc(at - 6);
        rig.runToEcall(Privilege.M);
        assertEquals(42, rig.x(A0));
        assertEquals(1, rig.x(A1));
        assertEquals(at + 4, rig.hart.pc());
    }

    @Test
    void aStraddlingInstructionJoinsTheFramesOfItsTwoPages() {
        TestRig rig = new TestRig();
        long va = 0x5000_0000L, frameA = CODE + 0x3000, frameB = CODE + 0x7000;
        rig.map(va, frameA, PTE_R | PTE_X | PTE_A);
        rig.map(va + 0x1000, frameB, PTE_R | PTE_X | PTE_A);
        rig.enableSv39();
        int insn = addi(A0, ZERO, 42);
        rig.load(rig.program(frameA + 0xff8).i(addi(A1, ZERO, 1)).c(c_nop()).c(insn));
        rig.load(rig.program(frameB).c(insn >>> 16).i(ecall()));
        rig.hart.setPrivilege(Privilege.S);
        rig.hart.setPc(va + 0xff8);
        rig.runToEcall(Privilege.S);
        assertEquals(42, rig.x(A0));
        assertEquals(va + 0x1002, rig.hart.pc());

        // the upper half changes on its own page: the next run must see it
        rig.ram.store16(frameB, (short) (addi(A0, ZERO, 43) >>> 16));
        rig.hart.setPc(va + 0xff8);
        rig.runToEcall(Privilege.S);
        assertEquals(43, rig.x(A0), "the immediate comes from the new upper half");
    }

    @Test
    void anIllegalStraddlingInstructionReportsBothHalvesInTval() {
        for (int insn : new int[] {0xdeadb00b, csrw(CYCLE, ZERO)}) {   // undecodable; decodable but illegal
            TestRig rig = new TestRig();
            long at = CODE + 0xffe;
            straddle(rig, at - 6, at, insn);
            rig.hart.setPc(at - 6);
            rig.runToHostTrap(Cause.ILLEGAL_INSTRUCTION);
            assertEquals(insn & 0xffff_ffffL, rig.hart.trapValue());
            assertEquals(at, rig.hart.pc());
        }
    }

    @Test
    void aStraddlingInstructionWhoseSecondPageIsUnmappedFaultsThere() {
        for (boolean mappedWithoutX : new boolean[] {false, true}) {
            TestRig rig = new TestRig();
            rig.identityMapCode(false, 1);
            if (mappedWithoutX) rig.map(CODE + 0x1000, CODE + 0x1000, PTE_R | PTE_W | PTE_A | PTE_D);
            rig.enableSv39();
            long at = CODE + 0xffe;
            straddle(rig, at - 6, at, addi(A0, ZERO, 42));
            rig.hart.setPc(at - 6);
            rig.hart.setPrivilege(Privilege.S);
            rig.runToHostTrap(Cause.FETCH_PAGE_FAULT);
            String what = mappedWithoutX ? "second page not executable" : "second page unmapped";
            assertEquals(CODE + 0x1000, rig.hart.trapValue(), what + ": tval is the second page");
            assertEquals(at, rig.hart.pc(), what + ": epc is the instruction");
            assertEquals(1, rig.x(A1), what + ": the instructions before it ran");
            assertEquals(0, rig.x(A0), what);
        }
    }
}
