package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.Asm.*;
import static org.feuerbird.hardware.cpu.TestRig.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.feuerbird.hardware.board.MemoryMap;
import org.feuerbird.hardware.device.Clint;
import org.junit.jupiter.api.Test;

/**
 * The translator ({@link Translator}) against the interpreter, on programs built to reach its
 * edges: every test runs the same program on two boards, one interpreting only and one
 * translating each jump target the first time it is reached, and wants the same registers,
 * pc, memory and retired-instruction count, and that the second board did run translated
 * code. Around them: self-modifying code, a page fault inside a region, a timer interrupt
 * during a long translated loop, a loop over a page boundary, and exact budgets.
 */
class TranslatorTest {

    /** Two rigs, one per mode, set up by the same code. */
    private record Pair(TestRig interpreted, TestRig translated) {
        static Pair of(Consumer<TestRig> setup) {
            TestRig a = new TestRig(), b = new TestRig();
            a.hart.setTranslationThreshold(0);
            b.hart.setTranslationThreshold(1);
            setup.accept(a);
            setup.accept(b);
            return new Pair(a, b);
        }

        void runToHostTrap(long cause) {
            interpreted.runToHostTrap(cause);
            translated.runToHostTrap(cause);
        }

        void assertSame(long memFrom, int memLength) {
            for (int r = 1; r < 32; r++) {
                assertEquals(interpreted.x(r), translated.x(r), "x" + r);
                assertEquals(interpreted.hart.f(r), translated.hart.f(r), "f" + r);
            }
            assertEquals(interpreted.hart.pc(), translated.hart.pc(), "pc");
            assertEquals(interpreted.hart.retired(), translated.hart.retired(), "retired instructions");
            assertEquals(interpreted.hart.trapCause(), translated.hart.trapCause(), "trap cause");
            assertEquals(interpreted.hart.trapValue(), translated.hart.trapValue(), "trap value");
            long[] a = new long[Hart.CONTEXT_SIZE], b = new long[Hart.CONTEXT_SIZE];
            interpreted.hart.saveContext(a);
            translated.hart.saveContext(b);
            assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b), "saved context (x, f, pc, fcsr)");
            for (int k = 0; k < memLength; k += 8) {
                assertEquals(interpreted.ram.load64(memFrom + k), translated.ram.load64(memFrom + k), "memory +" + k);
            }
            assertEquals(0, interpreted.hart.translatedInstructions());
            assertTrue(translated.hart.translatedInstructions() > 0, "nothing ran translated");
            assertEquals(0, Translator.failures(), "failed translations");
        }
    }

    /** A loop of integer, M-extension and memory operations of every width over a data array. */
    private static void arithmeticLoop(TestRig rig) { arithmeticLoop(rig, 200); }

    private static void arithmeticLoop(TestRig rig, int iterations) {
        TestRig.Program p = rig.program();
        p.li(S0, DATA).li(S1, iterations).li(A0, 0x1234_5678_9abc_def0L).li(A1, -7).li(A2, 3);
        long loop = p.here();
        p.i(add(A0, A0, S1), xor(A1, A1, A0), mul(A3, A0, A1), mulh(A4, A0, A1), mulhu(A5, A0, A2), mulhsu(A6, A1, A0));
        p.i(div(A7, A0, A1), rem(T0, A0, A2), divu(T1, A0, A2), remu(T2, A1, A2), divw(T3, A1, ZERO), remw(T4, A0, A1));
        p.i(divuw(T5, A0, A2), remuw(T6, A1, A2), addw(A2, A2, S1), subw(A3, A3, A0), sllw(A4, A4, A1), srlw(A5, A5, A2));
        p.i(sraw(A6, A6, A0), sll(A7, A7, A1), srl(T0, T0, A2), sra(T1, T1, A0), slt(T2, A0, A1), sltu(T3, A1, A0));
        p.i(slti(T4, A0, -5), sltiu(T5, A1, 9), xori(T6, T6, 0x55), ori(A3, A3, 0x100), andi(A4, A4, -16));
        p.i(slli(A5, A5, 3), srli(A6, A6, 7), srai(A7, A7, 2), addiw(T0, T0, -1), slliw(T1, T1, 5), srliw(T2, T2, 3));
        p.i(sraiw(T3, T3, 1), lui(T4, 0x12345), auipc(T5, 3), or(A0, A0, T5), and(A1, A1, A0), sub(A0, A0, T4));
        p.i(sd(A0, 0, S0), sw(A1, 8, S0), sh(A3, 12, S0), sb(A4, 14, S0), sw(A5, 17, S0));   // one misaligned
        p.i(ld(T0, 0, S0), lw(T1, 8, S0), lwu(T2, 8, S0), lh(T3, 12, S0), lhu(T4, 12, S0), lb(T5, 14, S0));
        p.i(lbu(T6, 14, S0), lw(A6, 17, S0), add(A0, A0, T0), add(A1, A1, T6), ld(ZERO, 0, S0));
        p.i(addi(S0, S0, 24), addi(S1, S1, -1));
        p.i(bne(S1, ZERO, (int) (loop - p.here())));
        p.i(ecall());
        rig.load(p);
    }

    @Test
    void aHotLoopOfEveryIntegerOperationEndsAsInterpreted() {
        Pair pair = Pair.of(TranslatorTest::arithmeticLoop);
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(DATA, 200 * 24 + 8);
    }

    /** Three rounds of {@code steps}: after each step both harts are at the same pc, count and registers, and code ran translated. */
    private static void stepsAgree(Pair pair, int[] steps) {
        for (int round = 0; round < 3; round++) {
            for (int s : steps) {
                pair.interpreted.step(s);
                pair.translated.step(s);
                assertEquals(pair.interpreted.hart.pc(), pair.translated.hart.pc(), "pc after a step of " + s);
                assertEquals(pair.interpreted.hart.retired(), pair.translated.hart.retired());
                for (int r = 1; r < 32; r++) assertEquals(pair.interpreted.x(r), pair.translated.x(r), "x" + r);
            }
        }
        assertTrue(pair.translated.hart.translatedInstructions() > 0);
    }

    @Test
    void budgetsEndAtTheSameInstructionAsInterpreted() {
        Pair pair = Pair.of(rig -> arithmeticLoop(rig, 1000));
        int[] steps = {1, 2, 3, 5, 7, 11, 13, 64, 100, 127, 1000, 4095, 4096, 4097};
        stepsAgree(pair, steps);
    }

    /**
     * An exit writes back only the registers dirty where it leaves, so a register written
     * on one side of a branch must still count as dirty after the join: budgets that end
     * the region at every block, on both sides, must leave the registers as interpreted.
     */
    @Test
    void exitsAfterAJoinWriteBackWhatOneSideChanged() {
        Pair pair = Pair.of(rig -> {
            // The loop goes round through jalr, which leaves the region: every round enters
            // it afresh, so nothing dirty flows round the loop into the join.
            long body = CODE + 0x800;
            rig.load(rig.program().li(S0, DATA).li(S1, 5000).li(A0, 0).li(A1, 0).li(SP, DATA + 64).li(S2, body)
                .i(jalr(ZERO, S2, 0)));
            TestRig.Program p = rig.program(body);
            p.i(andi(T0, S1, 1), beq(T0, ZERO, 8), addi(A0, A0, 3));
            p.i(addi(A1, A1, 1), sd(A0, 0, S0), ld(A2, 0, S0), sd(A1, 8, SP), ld(A3, 8, SP), ld(A4, 0, SP));
            p.i(addi(S1, S1, -1), beq(S1, ZERO, 8), jalr(ZERO, S2, 0), ecall());
            rig.load(p);
        });
        stepsAgree(pair, new int[] {1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 100, 4097});
    }

    /** Branches of every kind, both ways, and jal/jalr inside a loop. */
    @Test
    void branchesAndCallsInsideARegion() {
        Pair pair = Pair.of(rig -> {
            TestRig.Program p = rig.program();
            long sub = CODE + 0x800;
            p.li(S1, 300).li(A0, 0).li(A1, -1);
            long loop = p.here();
            p.i(andi(T0, S1, 3), addi(T1, ZERO, 1));
            p.i(beq(T0, T1, 8), addi(A0, A0, 1));
            p.i(bne(T0, ZERO, 8), addi(A0, A0, 2));
            p.i(blt(A1, T0, 8), addi(A0, A0, 4));
            p.i(bge(T0, T1, 8), addi(A0, A0, 8));
            p.i(bltu(T0, A1, 8), addi(A0, A0, 16));
            p.i(bgeu(T1, T0, 8), addi(A0, A0, 32));
            p.i(jal(RA, (int) (sub - p.here())));
            p.i(addi(S1, S1, -1));
            p.i(bne(S1, ZERO, (int) (loop - p.here())), ecall());
            rig.load(p);
            rig.load(rig.program(sub).i(addi(A2, A2, 3), slli(A3, A2, 1), ret()));
        });
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(DATA, 0);
    }

    /** Double-precision operations with the dynamic rounding mode, and fflags. */
    @Test
    void aFloatingPointLoopEndsAsInterpreted() {
        Pair pair = Pair.of(rig -> {
            rig.hart.writeCsr(MSTATUS, 1L << 13);   // FS = initial
            rig.hart.writeCsr(FRM, 3);   // round up: the exact software paths
            TestRig.Program p = rig.program();
            p.li(S0, DATA).li(S1, 100).li(T0, Double.doubleToRawLongBits(1.1)).li(T1, Double.doubleToRawLongBits(0.3));
            p.i(fmv_d_x(1, T0), fmv_d_x(2, T1), fmv_d_x(3, T1));
            long loop = p.here();
            p.i(fmadd_d(3, 1, 2, 3), fmul_d(4, 3, 1), fadd_d(5, 4, 2), fsub_d(6, 5, 3), fdiv_d(7, 6, 1), fsgnj_d(8, 7, 6));
            p.i(fsd(8, 0, S0), fld(9, 0, S0), fmv_x_d(A0, 9), fcvt_d_l(10, S1), fsw(10, 8, S0), flw(11, 8, S0));
            p.i(addi(S0, S0, 16), addi(S1, S1, -1));
            p.i(bne(S1, ZERO, (int) (loop - p.here())), ecall());
            rig.load(p);
        });
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(DATA, 1600);
    }

    /** Code in a hot loop is rewritten by a store and fence.i: the new instruction runs. */
    @Test
    void selfModifyingCodeInsideAHotLoopIsSeenAfterFenceI() {
        long patched = CODE + 0x100;
        Pair pair = Pair.of(rig -> {
            TestRig.Program p = rig.program();
            p.li(S1, 40).li(A2, 0).li(T0, addi(A2, A2, 100)).li(S2, patched);
            p.i(jal(ZERO, (int) (patched - p.here())));
            rig.load(p);
            TestRig.Program q = rig.program(patched);
            q.i(addi(A2, A2, 1), addi(T1, ZERO, 20));
            q.i(bne(S1, T1, 12));
            q.i(sw(T0, 0, S2), fence_i(), addi(S1, S1, -1));
            q.i(bne(S1, ZERO, (int) (patched - q.here())), ecall());
            rig.load(q);
        });
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(CODE, 0x200);
        assertEquals(21 + 19 * 100, pair.translated.x(A2), "20 + 1 old increments, then 19 new ones");
    }

    /** A function in another page, translated while hot, is rewritten and called again. */
    @Test
    void aRewrittenTranslatedFunctionRunsItsNewCode() {
        Pair pair = Pair.of(rig -> {
            long sub = CODE + 0x3000;
            rig.load(rig.program(sub).i(addi(A2, A2, 1), addi(A3, A3, 1), ret()));
            TestRig.Program p = rig.program();
            p.li(S0, sub).li(S1, 10).li(A0, addi(A2, A2, 1000));
            long first = p.here();
            p.i(jalr(RA, S0, 0), addi(S1, S1, -1));
            p.i(bne(S1, ZERO, (int) (first - p.here())));
            p.i(sw(A0, 0, S0), fence_i()).li(S1, 10);
            long second = p.here();
            p.i(jalr(RA, S0, 0), addi(S1, S1, -1));
            p.i(bne(S1, ZERO, (int) (second - p.here())), ecall());
            rig.load(p);
        });
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(CODE + 0x3000, 16);
        assertEquals(10 + 10 * 1000, pair.translated.x(A2));
    }

    /**
     * A store loop in U-mode walks into an unmapped page: the page fault has the store's pc,
     * the address as tval, and the same retired count as interpreted.
     */
    @Test
    void aPageFaultInsideARegionIsPrecise() {
        long va = 0x4000_0000L;
        Pair pair = Pair.of(rig -> {
            rig.identityMapCode(true, 2);
            rig.map(va, DATA, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
            rig.map(va + 0x1000, DATA + 0x1000, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
            rig.enableSv39();
            rig.hart.setPrivilege(Privilege.U);
            TestRig.Program p = rig.program();
            p.li(S0, va).li(A0, 0);
            long loop = p.here();
            p.i(addi(A0, A0, 1), ld(T0, 0, S0), add(T0, T0, A0), sd(T0, 8, S0), addi(S0, S0, 40));
            p.i(jal(ZERO, (int) (loop - p.here())));
            rig.load(p);
        });
        pair.runToHostTrap(Cause.LOAD_PAGE_FAULT);
        long expected = va + 40L * ((0x2000 + 39) / 40);
        assertEquals(expected, pair.translated.hart.trapValue());
        pair.assertSame(DATA, 0x2000);
    }

    /**
     * Accesses through one unchanged base register reuse the first one's TLB check while
     * they stay in its page: a base walked over two page boundaries (the three virtual pages
     * mapped to physical pages that are not neighbours, whose neighbours hold other data),
     * with loads and stores above and below the first access at every byte offset (so also
     * straddling the page end), must read and write what the interpreter does; and after the host remaps a
     * page and flushes it, the next run sees the new page.
     */
    @Test
    void sameBaseAccessesThatLeaveThePageTakeTheTlb() {
        long va = 0x4000_0000L;
        long flags = PTE_R | PTE_W | PTE_U | PTE_A | PTE_D;
        Consumer<TestRig> remap = rig -> {
            rig.map(va, DATA + 0x6000, flags);
            rig.hart.flushTlbPage(va);
        };
        Pair pair = Pair.of(rig -> {
            rig.identityMapCode(true, 2);
            for (long k = -0x2000; k < 0x8000; k += 8) rig.ram.store64(DATA + k, k * 0x9e37_79b9_7f4a_7c15L + 1);
            rig.map(va - 0x1000, DATA + 0x4000, flags);
            rig.map(va, DATA, flags);
            rig.map(va + 0x1000, DATA + 0x2000, flags);
            rig.enableSv39();
            rig.hart.setPrivilege(Privilege.U);
            TestRig.Program p = rig.program();
            p.li(S0, va - 0x40).li(S1, 0x1000 + 0x80);
            long loop = p.here();
            p.i(ld(T0, 0, S0), ld(T1, 8, S0), lw(T2, 12, S0), ld(T3, -16, S0), lbu(T4, 3, S0));
            p.i(add(A0, A0, T0), slli(A1, A0, 7), xor(A0, A0, A1), add(A0, A0, T1), add(A0, A0, T2));
            p.i(add(A0, A0, T3), add(A0, A0, T4));
            p.i(sd(A0, 24, S0), sw(A0, 36, S0), sd(A0, -8, S0), sh(A0, 30, S0));
            p.i(addi(S0, S0, 1), addi(S1, S1, -1));
            p.i(bne(S1, ZERO, (int) (loop - p.here())), ecall());
            rig.load(p);
        });
        pair.runToHostTrap(Cause.ECALL_FROM_U);
        pair.assertSame(DATA - 0x2000, 0xa000);
        remap.accept(pair.interpreted);
        remap.accept(pair.translated);
        pair.interpreted.hart.setPc(CODE);
        pair.translated.hart.setPc(CODE);
        pair.runToHostTrap(Cause.ECALL_FROM_U);
        pair.assertSame(DATA - 0x2000, 0xa000);
    }

    /**
     * The reuse of a TLB check needs the same kind of access and an unchanged base: stores
     * after their base was advanced must go to the new address, and a store through a base
     * a load checked, into a read-only page, must fault as interpreted.
     */
    @Test
    void reusedChecksNeedTheSameKindAndAnUnchangedBase() {
        long va = 0x4000_0000L;
        Pair pair = Pair.of(rig -> {
            rig.identityMapCode(true, 2);
            for (long k = 0; k < 0x2000; k += 8) rig.ram.store64(DATA + k, k * 0x9e37_79b9_7f4a_7c15L + 1);
            rig.map(va, DATA, PTE_R | PTE_U | PTE_A);
            rig.map(va + 0x1000, DATA + 0x1000, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
            rig.enableSv39();
            rig.hart.setPrivilege(Privilege.U);
            TestRig.Program p = rig.program();
            p.li(S0, va).li(S2, va + 0x1000).li(S1, 200);
            long loop = p.here();
            p.i(ld(T0, 0, S0), addi(S0, S0, 16), ld(T1, 0, S0), ld(T3, 8, S0), add(A0, A0, T0), slli(A1, A0, 3));
            p.i(xor(A0, A0, A1), add(A0, A0, T1), add(A0, A0, T3));
            p.i(sd(A0, 0, S2), addi(S2, S2, 16), sd(A1, 0, S2), sw(A0, 8, S2), addi(S1, S1, -1));
            p.i(bne(S1, ZERO, (int) (loop - p.here())));
            p.i(ld(T2, 0, S0), sd(A0, 8, S0), ecall());
            rig.load(p);
        });
        pair.runToHostTrap(Cause.STORE_PAGE_FAULT);
        assertEquals(va + 200 * 16 + 8, pair.translated.hart.trapValue());
        pair.assertSame(DATA, 0x2000);
    }

    /** Endless loop: a0 += 1, a1 += 2, after setting mtimecmp to 1000 and enabling the timer. */
    private static long timerLoop(TestRig rig) {
        TestRig.Program p = rig.program();
        p.li(T1, MemoryMap.CLINT_BASE + Clint.MTIMECMP).li(T2, 1000).i(sd(T2, 0, T1));
        p.li(T0, MTIP).i(csrw(MIE, T0), csrrsi(ZERO, MSTATUS, 8));
        long loop = p.here();
        p.i(addi(A0, A0, 1), addi(A1, A1, 2));
        p.i(jal(ZERO, (int) (loop - p.here())));
        rig.load(p);
        return loop;
    }

    /** The timer interrupts a translated endless loop at the same chunk boundary as interpreted. */
    @Test
    void aTimerInterruptStopsATranslatedLoopWhereItStopsAnInterpretedOne() {
        Pair pair = Pair.of(TranslatorTest::timerLoop);
        for (TestRig rig : new TestRig[] {pair.interpreted, pair.translated}) {
            rig.hart.setHostMachineMode(true);
            assertEquals(Hart.EXIT_BUDGET, rig.hart.run(50_001));
            rig.setTime(1000);
            assertEquals(Hart.EXIT_TRAP, rig.hart.run(50_000));
            assertEquals(Cause.INTERRUPT | Cause.MACHINE_TIMER, rig.hart.trapCause());
        }
        pair.assertSame(DATA, 0);
    }

    /** The clock reaches mtimecmp while the translated loop runs: the interrupt is taken at a precise pc. */
    @Test
    void aTimerInterruptArrivingDuringATranslatedLoopIsTakenAtAPrecisePc() throws Exception {
        TestRig rig = new TestRig();
        rig.hart.setTranslationThreshold(1);
        long loop = timerLoop(rig);
        rig.hart.setHostMachineMode(true);
        Thread clock = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            rig.setTime(1000);
        });
        clock.start();
        int r = rig.hart.run(Long.MAX_VALUE);
        clock.join();
        assertEquals(Hart.EXIT_TRAP, r);
        assertEquals(Cause.INTERRUPT | Cause.MACHINE_TIMER, rig.hart.trapCause());
        long pc = rig.hart.pc(), a0 = rig.x(A0), a1 = rig.x(A1);
        assertTrue(pc == loop || pc == loop + 4 || pc == loop + 8, "pc 0x" + Long.toHexString(pc));
        assertEquals(pc == loop + 4 ? 2 * a0 - 2 : 2 * a0, a1, "a1 against a0 at pc 0x" + Long.toHexString(pc));
        long setup = (loop - CODE) / 4;
        long iterations = pc == loop ? a0 : a0 - 1;
        long expected = setup + 3 * iterations + (pc - loop) / 4;
        assertEquals(expected, rig.hart.retired(), "retired instructions");
        assertTrue(rig.hart.translatedInstructions() > rig.hart.retired() / 2, "mostly translated");
    }

    /** A loop whose body runs over a page boundary, with a 32-bit instruction straddling it. */
    @Test
    void aLoopOverAPageBoundary() {
        Pair pair = Pair.of(rig -> {
            long start = CODE + 0x1000 - 24;
            TestRig.Program head = rig.program();
            head.li(S0, DATA).li(S1, 500);
            head.i(jal(ZERO, (int) (start - head.here())));
            rig.load(head);
            TestRig.Program p = rig.program(start);
            p.i(addi(A0, A0, 3), ld(T0, 0, S0), add(T0, T0, A0), sd(T0, 0, S0), xor(A1, A1, T0)).c(c_nop());
            p.i(addi(A2, A2, 1), addi(S1, S1, -1));   // the first lies over the boundary
            p.i(add(A3, A3, A2));
            p.i(bne(S1, ZERO, (int) (start - p.here())), ecall());
            rig.load(p);
        });
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(DATA, 8);
        assertEquals(500, pair.translated.x(A2));
    }

    /**
     * A loop that starts just before a page boundary and does most of its work after it:
     * the code after the boundary is never a jump target, yet it must run translated (the
     * region of the first page runs off its end into the region of the next).
     */
    @Test
    void codeRunningOnIntoTheNextPageStaysTranslated() {
        Pair pair = Pair.of(rig -> {
            long start = CODE + 0x1000 - 8;
            TestRig.Program head = rig.program();
            head.li(S1, 2000);
            head.i(jal(ZERO, (int) (start - head.here())));
            rig.load(head);
            TestRig.Program p = rig.program(start);
            p.i(addi(A0, A0, 1), addi(S1, S1, -1));
            for (int k = 0; k < 20; k++) p.i(add(A1, A1, A0));
            p.i(bne(S1, ZERO, (int) (start - p.here())), ecall());
            rig.load(p);
        });
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(DATA, 0);
        TestRig t = pair.translated;
        assertTrue(t.hart.translatedInstructions() > t.hart.retired() * 9 / 10,
            t.hart.translatedInstructions() + " of " + t.hart.retired() + " translated");
    }

    // ---- calls and returns between regions ----

    private static final long F = CODE + 0x2000, G = CODE + 0x3000, STACK = DATA + 0x1000;

    /**
     * A loop at {@link #CODE} calls f in another page, which saves ra on the stack and calls g
     * in a third page; both return. Registers a0..a3 record what ran.
     */
    private static void callChain(TestRig rig, int iterations) {
        TestRig.Program g = rig.program(G);
        g.i(addi(A0, A0, 3), xor(A3, A3, A0), ret());
        rig.load(g);
        TestRig.Program f = rig.program(F);
        f.i(addi(SP, SP, -16), sd(RA, 8, SP), addi(A1, A1, 1));
        f.i(jal(RA, (int) (G - f.here())));
        f.i(ld(RA, 8, SP), addi(SP, SP, 16), add(A2, A2, A0), ret());
        rig.load(f);
        TestRig.Program p = rig.program();
        p.li(SP, STACK).li(S1, iterations);
        long loop = p.here();
        p.i(jal(RA, (int) (F - p.here())), addi(S1, S1, -1));
        p.i(bne(S1, ZERO, (int) (loop - p.here())), ecall());
        rig.load(p);
    }

    /** Calls and returns between pages run in translated code, without going back to the interpreter. */
    @Test
    void callsAndReturnsAcrossPagesStayInTranslatedCode() {
        Pair pair = Pair.of(rig -> callChain(rig, 1000));
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(DATA, 0x1000);
        long entries = pair.translated.hart.regionEntries();
        assertTrue(entries < 100, entries + " region entries from the interpreter for 1,000 call chains");
    }

    @Test
    void budgetsEndAtTheSameInstructionInsideCalledRegions() {
        Pair pair = Pair.of(rig -> callChain(rig, 5000));
        int[] steps = {1, 2, 3, 5, 7, 11, 13, 17, 64, 100, 127, 1000, 4095, 4096, 4097};
        stepsAgree(pair, steps);
    }

    /**
     * Registers changed on only one side of a branch before a call, or after the call's
     * return on the way round the loop, must reach the callee: a region writes back at a
     * call only what may have changed since its registers were last loaded, and a join or a
     * loop's back edge must count as such a change.
     */
    @Test
    void registersChangedOnOnePathOrAroundTheLoopReachTheCallee() {
        Pair pair = Pair.of(rig -> {
            TestRig.Program f = rig.program(F);
            f.i(add(A3, A1, A2), add(A3, A3, A5), add(A4, A4, A3), ret());
            rig.load(f);
            TestRig.Program p = rig.program();
            p.li(S1, 300);
            long loop = p.here();
            p.i(andi(T0, S1, 1), beq(T0, ZERO, 12));
            p.i(addi(A1, A1, 5), jal(ZERO, 8));
            p.i(addi(A2, A2, 7));
            p.i(jal(RA, (int) (F - p.here())));
            p.i(add(A5, A5, A3), addi(S1, S1, -1));
            p.i(bne(S1, ZERO, (int) (loop - p.here())), ecall());
            rig.load(p);
        });
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(DATA, 0x100);
    }

    /**
     * Two functions in two pages call each other 40 deep (deeper than regions nest on the
     * Java stack) through jal and jalr, summing on the way down and up.
     */
    @Test
    void deepRecursionBetweenPages() {
        Pair pair = Pair.of(rig -> {
            // f(a0 = n): if n == 0 return; a1 += n; g(n - 1); a2 = a2 * 3 + n
            TestRig.Program f = rig.program(F);
            long fRet = F + 4 * 9;
            f.i(beq(A0, ZERO, (int) (fRet - f.here())));
            f.i(addi(SP, SP, -16), sd(RA, 8, SP), sd(A0, 0, SP), add(A1, A1, A0), addi(A0, A0, -1));
            f.i(jalr(RA, S2, 0));
            f.i(ld(A0, 0, SP), ld(RA, 8, SP));
            if (f.here() != fRet) throw new AssertionError("layout");
            f.i(addi(SP, SP, 16), slli(T0, A2, 1), add(A2, A2, T0), add(A2, A2, A0), ret());
            rig.load(f);
            // g(a0 = n): a3 ^= n; f(n); a3 += 1
            TestRig.Program g = rig.program(G);
            g.i(addi(SP, SP, -16), sd(RA, 8, SP), xor(A3, A3, A0));
            g.i(jal(RA, (int) (F - g.here())));
            g.i(ld(RA, 8, SP), addi(SP, SP, 16), addi(A3, A3, 1), ret());
            rig.load(g);
            TestRig.Program p = rig.program();
            p.li(SP, STACK).li(S1, 30).li(S2, G);
            long loop = p.here();
            p.i(addi(A0, ZERO, 40), jal(RA, (int) (F - p.here())), addi(S1, S1, -1));
            p.i(bne(S1, ZERO, (int) (loop - p.here())), ecall());
            rig.load(p);
        });
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(DATA, 0x1000);
        assertEquals(30 * (40 * 41 / 2), pair.translated.x(A1));
    }

    /**
     * A called function rewrites the instruction its caller returns to (store, fence.i):
     * the return lands in the new code, although the caller's region was waiting for it.
     */
    @Test
    void aReturnIntoRewrittenCodeRunsTheNewCode() {
        Pair pair = Pair.of(rig -> {
            TestRig.Program p = rig.program();
            p.li(S1, 20).li(T0, addi(A2, A2, 1000));
            long loop = p.here();
            p.i(jal(RA, (int) (F - p.here())));
            long patched = p.here();
            p.i(addi(A2, A2, 1), addi(S1, S1, -1));
            p.i(bne(S1, ZERO, (int) (loop - p.here())), ecall());
            rig.load(p);
            TestRig.Program f = rig.program(F);
            f.li(S2, patched).i(addi(T1, ZERO, 10), addi(A3, A3, 1));
            f.i(bne(S1, T1, 12), sw(T0, 0, S2), fence_i());
            f.i(ret());
            rig.load(f);
        });
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(CODE, 0x100);
        assertEquals(10 + 10 * 1000, pair.translated.x(A2), "10 old increments, then 10 new ones");
    }

    /** Where {@link #callingLoop} puts its code (physical) and expects it mapped (virtual). */
    private static final long CALLER = CODE + 0x4000, FUN_A = CODE + 0x5000, FUN_B = CODE + 0x6000;
    private static final long CALLER_VA = 0x1_0000L, FUN_VA = 0x3_0000L;

    /**
     * A loop at {@code CALLER} (to run at {@code CALLER_VA}) that calls the function at
     * {@code FUN_VA} 100 times twice (jal, then jalr through s2), summing a0 into a1, then
     * ecall; and two functions, at {@code FUN_A} (a0 = 1) and {@code FUN_B} (a0 = 1000).
     * With {@code enterByJump} the code starts with a jump to the next instruction.
     */
    private static void callingLoop(TestRig rig, boolean enterByJump) {
        TestRig.Program p = rig.program(CALLER);
        if (enterByJump) p.i(jal(ZERO, 4));
        p.i(addi(A1, ZERO, 0), addi(S1, ZERO, 100), lui(S2, (int) (FUN_VA >>> 12)));
        long loop = p.here();
        p.i(jal(RA, (int) (FUN_VA - (CALLER_VA + p.here() - CALLER))), add(A1, A1, A0));
        p.i(jalr(RA, S2, 0), add(A1, A1, A0), addi(S1, S1, -1));
        p.i(bne(S1, ZERO, (int) (loop - p.here())), ecall());
        rig.load(p);
        rig.load(rig.program(FUN_A).i(addi(A0, ZERO, 1), ret()));
        rig.load(rig.program(FUN_B).i(addi(A0, ZERO, 1000), ret()));
    }

    /**
     * Code in one page, mapped in two address spaces, calls (jal and jalr) a function at one
     * virtual address that each space maps to a different page: after host context switches
     * without a flush, each space's calls reach its own function.
     */
    @Test
    void callsFromOneRegionReachEachAddressSpacesOwnFunction() {
        long code = CALLER, funA = FUN_A, funB = FUN_B, va = CALLER_VA, fVa = FUN_VA;
        TestRig rig = new TestRig();
        rig.hart.setTranslationThreshold(1);
        callingLoop(rig, false);
        long flags = PTE_R | PTE_X | PTE_U | PTE_A;
        rig.map(va, code, flags);
        rig.map(fVa, funA, flags);
        long spaceA = SATP_SV39 | rig.root() >>> 12;
        rig.newRoot();
        rig.map(va, code, flags);
        rig.map(fVa, funB, flags);
        long spaceB = SATP_SV39 | rig.root() >>> 12;
        rig.hart.writeCsr(SATP, spaceA);
        rig.hart.setPrivilege(Privilege.U);
        long[] ctx = new long[Hart.CONTEXT_SIZE];
        for (int round = 0; round < 4; round++) {
            boolean a = round % 2 == 0;
            rig.hart.saveContext(ctx);
            ctx[Hart.CONTEXT_PC] = va;
            rig.hart.loadContext(ctx, a ? spaceA : spaceB);
            rig.runToEcall(Privilege.U);
            assertEquals(a ? 200 : 200_000, rig.x(A1), "calls in address space " + (a ? "A" : "B"));
        }
        assertTrue(rig.hart.translatedInstructions() > rig.hart.retired() / 2, "mostly translated");
        assertEquals(0, Translator.failures());
    }

    /**
     * A hart remembers where its calls led (pc to region): after the host maps the called
     * virtual page to another physical page (and flushes that page), and after it rewrites
     * the called code in RAM, the calls of the same translated region reach the new code.
     */
    @Test
    void callsFollowARemappedOrRewrittenCallee() {
        long code = CALLER, funA = FUN_A, funB = FUN_B, va = CALLER_VA, fVa = FUN_VA;
        TestRig rig = new TestRig();
        rig.hart.setTranslationThreshold(1);
        // The first jump enters the region, so that each round's first call is the region's.
        callingLoop(rig, true);
        long flags = PTE_R | PTE_X | PTE_U | PTE_A;
        rig.map(va, code, flags);
        rig.map(fVa, funA, flags);
        rig.hart.writeCsr(SATP, SATP_SV39 | rig.root() >>> 12);
        rig.hart.setPrivilege(Privilege.U);
        long[] want = {200, 200_000, 2_000};
        for (int round = 0; round < 3; round++) {
            if (round == 1) {
                rig.map(fVa, funB, flags);
                rig.hart.flushTlbPage(fVa);
            } else if (round == 2) {
                rig.load(rig.program(funB).i(addi(A0, ZERO, 10), ret()));
            }
            rig.hart.setPc(va);   // no context change: nothing but the flush or the write tells the hart
            rig.runToEcall(Privilege.U);
            assertEquals(want[round], rig.x(A1), "round " + round);
        }
        assertTrue(rig.hart.translatedInstructions() > rig.hart.retired() / 2, "mostly translated");
        assertEquals(0, Translator.failures());
    }

    /** A loop at {@code pa}: a0 = its own pc (auipc), a1 = sum of 1..100 plus {@code tag}, then ecall. */
    private static void taggedLoop(TestRig rig, long pa, int tag) {
        TestRig.Program p = rig.program(pa);
        p.i(auipc(A0, 0), addi(A1, ZERO, tag), addi(T0, ZERO, 100));
        long loop = p.here();
        p.i(add(A1, A1, T0), addi(T0, T0, -1));
        p.i(bne(T0, ZERO, (int) (loop - p.here())), ecall());
        rig.load(p);
    }

    /**
     * Regions belong to physical pages: one page mapped at two virtual addresses runs with
     * each alias's pc (auipc), and two address spaces that map one virtual address to
     * different pages run their own code across host context switches without a flush.
     */
    @Test
    void regionsFollowAliasesAndAddressSpaces() {
        long shared = CODE + 0x4000, other = CODE + 0x5000;
        long va1 = 0x1_0000L, va2 = 0x2_0000L;
        TestRig rig = new TestRig();
        rig.hart.setTranslationThreshold(1);
        taggedLoop(rig, shared, 0);
        taggedLoop(rig, other, 1000);
        long flags = PTE_R | PTE_X | PTE_U | PTE_A;
        rig.map(va1, shared, flags);
        rig.map(va2, shared, flags);
        long spaceA = SATP_SV39 | rig.root() >>> 12;
        rig.newRoot();
        rig.map(va1, other, flags);
        long spaceB = SATP_SV39 | rig.root() >>> 12;
        rig.hart.writeCsr(SATP, spaceA);
        rig.hart.setPrivilege(Privilege.U);
        long[] ctx = new long[Hart.CONTEXT_SIZE];
        for (int round = 0; round < 3; round++) {
            for (long va : new long[] {va1, va2}) {
                rig.hart.saveContext(ctx);
                ctx[Hart.CONTEXT_PC] = va;
                rig.hart.loadContext(ctx, spaceA);
                rig.runToEcall(Privilege.U);
                assertEquals(va, rig.x(A0), "auipc through the alias at 0x" + Long.toHexString(va));
                assertEquals(5050, rig.x(A1));
            }
            rig.hart.saveContext(ctx);
            ctx[Hart.CONTEXT_PC] = va1;
            rig.hart.loadContext(ctx, spaceB);
            rig.runToEcall(Privilege.U);
            assertEquals(va1, rig.x(A0));
            assertEquals(6050, rig.x(A1), "the other address space's code");
        }
        assertTrue(rig.hart.translatedInstructions() > 0);
        assertEquals(0, Translator.failures());
    }

    // ---- traces: hot loops through calls to other pages ----

    /** A fourth code page, for the indirect calls of {@link #windingLoop}. */
    private static final long H = CODE + 0x7000;

    /**
     * A loop at {@link #CODE} that winds through four pages and changes its path every round:
     * it calls f (page F), which calls g (page G) every fourth round; then it calls, through a
     * register, g in odd rounds and h (page H) in even ones. Registers a0..a3 record what ran.
     */
    private static void windingLoop(TestRig rig, int iterations) {
        TestRig.Program g = rig.program(G);
        g.i(addi(A1, A1, 3), xor(A3, A3, S1), ret());
        rig.load(g);
        rig.load(rig.program(H).i(slli(A2, A2, 1), xor(A2, A2, S1), ret()));
        TestRig.Program f = rig.program(F);
        f.i(addi(SP, SP, -16), sd(RA, 8, SP), sd(S1, 0, SP), andi(T2, S1, 3));
        f.i(bne(T2, ZERO, 8), jal(RA, (int) (G - f.here())));
        f.i(ld(RA, 8, SP), ld(T3, 0, SP), addi(SP, SP, 16), add(A0, A0, T3), ret());
        rig.load(f);
        TestRig.Program p = rig.program();
        p.li(SP, STACK).li(S1, iterations).li(S3, G).li(S4, H);
        long loop = p.here();
        p.i(jal(RA, (int) (F - p.here())));
        p.i(andi(T0, S1, 1), addi(T1, S3, 0), bne(T0, ZERO, 8), addi(T1, S4, 0), jalr(RA, T1, 0));
        p.i(addi(S1, S1, -1), bne(S1, ZERO, (int) (loop - p.here())), ecall());
        rig.load(p);
    }

    /**
     * A trace (see {@link Trace}) checks the path it was recorded on at every branch and
     * indirect jump and leaves where this round goes another way: the loop that changes its
     * path every round ends as interpreted, and so does every budget, while traces ran.
     */
    @Test
    void aTraceLeavesWhereTheLoopGoesAnotherWay() {
        Pair pair = Pair.of(rig -> windingLoop(rig, 3000));
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(DATA, 0x1000);
        assertTrue(pair.translated.hart.traceRuns() > 0, "no trace ran");
        Pair stepped = Pair.of(rig -> windingLoop(rig, 20_000));
        stepsAgree(stepped, new int[] {1, 2, 3, 5, 7, 11, 13, 17, 64, 100, 127, 1000, 4095, 4096, 4097});
        assertTrue(stepped.translated.hart.traceRuns() > 0, "no trace ran");
    }

    /** A loop through calls to other pages runs as a trace, without the interpreter. */
    @Test
    void aLoopThroughCallsRunsAsATrace() {
        Pair pair = Pair.of(rig -> callChain(rig, 1000));
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(DATA, 0x1000);
        TestRig t = pair.translated;
        assertTrue(t.hart.traceRuns() > 0 && t.hart.traceRuns() < 10, t.hart.traceRuns() + " trace runs");
        assertTrue(t.hart.translatedInstructions() > t.hart.retired() * 9 / 10, "mostly translated");
    }

    /**
     * The guest rewrites an instruction of the function its trace calls, in the function's
     * page (store, fence.i): the trace, which holds that page's code, is dropped with it,
     * although the page it starts in was not written.
     */
    @Test
    void aTraceIsDroppedWhenAnotherOfItsPagesIsWritten() {
        Pair pair = Pair.of(rig -> {
            TestRig.Program f = rig.program(F);
            long patched = f.here();
            f.i(addi(A2, A2, 1), ret());
            rig.load(f);
            TestRig.Program p = rig.program();
            p.li(S1, 40).li(S2, patched).li(T0, addi(A2, A2, 1000)).li(T1, 20);
            p.i(jal(ZERO, 4));   // with a threshold of 2, the loop's head is the first hot pc
            long loop = p.here();
            p.i(jal(RA, (int) (F - p.here())), addi(S1, S1, -1));
            p.i(bne(S1, T1, 12), sw(T0, 0, S2), fence_i());
            p.i(bne(S1, ZERO, (int) (loop - p.here())), ecall());
            rig.load(p);
        });
        pair.translated.hart.setTranslationThreshold(2);
        pair.runToHostTrap(Cause.ECALL_FROM_M);
        pair.assertSame(CODE, 0x100);
        assertEquals(20 + 20 * 1000, pair.translated.x(A2), "20 old increments, then 20 new ones");
        assertTrue(pair.translated.hart.traceRuns() > 1, "no trace ran");
    }

    /**
     * A trace that starts in the caller's page checks on entry that the callee's virtual
     * page still maps the physical page it was recorded from. After the host maps another
     * page there (and flushes it), and after it rewrites that page, the loop reaches the
     * new code.
     */
    @Test
    void aTraceChecksItsOtherPagesOnEntry() {
        TestRig rig = new TestRig();
        // The loop's head becomes hot first (entered by a jump, then its back edge), when the
        // callee has run once: the trace starts in the caller's page.
        rig.hart.setTranslationThreshold(2);
        TestRig.Program p = rig.program(CALLER);
        p.i(addi(A1, ZERO, 0), addi(S1, ZERO, 100), jal(ZERO, 4));
        long loop = p.here();
        p.i(jal(RA, (int) (FUN_VA - (CALLER_VA + p.here() - CALLER))), add(A1, A1, A0), addi(S1, S1, -1));
        p.i(bne(S1, ZERO, (int) (loop - p.here())), ecall());
        rig.load(p);
        rig.load(rig.program(FUN_A).i(addi(A0, ZERO, 1), ret()));
        rig.load(rig.program(FUN_B).i(addi(A0, ZERO, 1000), ret()));
        long flags = PTE_R | PTE_X | PTE_U | PTE_A;
        rig.map(CALLER_VA, CALLER, flags);
        rig.map(FUN_VA, FUN_A, flags);
        rig.hart.writeCsr(SATP, SATP_SV39 | rig.root() >>> 12);
        rig.hart.setPrivilege(Privilege.U);
        long[] want = {100, 100_000, 1_000};
        for (int round = 0; round < 3; round++) {
            if (round == 1) {
                rig.map(FUN_VA, FUN_B, flags);
                rig.hart.flushTlbPage(FUN_VA);
            } else if (round == 2) {
                rig.load(rig.program(FUN_B).i(addi(A0, ZERO, 10), ret()));
            }
            rig.hart.setPc(CALLER_VA);
            rig.runToEcall(Privilege.U);
            assertEquals(want[round], rig.x(A1), "round " + round);
            if (round == 0) assertTrue(rig.hart.traceRuns() > 0, "no trace ran");
        }
        assertEquals(0, Translator.failures());
    }

    // ---- encodings the shared assembler does not have ----
    private static final int DYN = 7;
    private static int fr(int f7, int rd, int rs1, int rs2) { return f7 << 25 | rs2 << 20 | rs1 << 15 | DYN << 12 | rd << 7 | 0x53; }
    private static int fmul_d(int rd, int rs1, int rs2) { return fr(0x09, rd, rs1, rs2); }
    private static int fsub_d(int rd, int rs1, int rs2) { return fr(0x05, rd, rs1, rs2); }
    private static int fsgnj_d(int rd, int rs1, int rs2) { return 0x11 << 25 | rs2 << 20 | rs1 << 15 | rd << 7 | 0x53; }
    private static int fcvt_d_l(int rd, int rs1) { return fr(0x69, rd, rs1, 2); }
    private static int fmadd_d(int rd, int rs1, int rs2, int rs3) {
        return rs3 << 27 | 1 << 25 | rs2 << 20 | rs1 << 15 | DYN << 12 | rd << 7 | 0x43;
    }
}
