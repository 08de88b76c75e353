package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The A extension as the unprivileged spec defines it: LR/SC reservations (success, and the
 * ways an SC must fail), the value every AMO returns and the value it leaves in memory (the
 * .w forms sign-extend and touch only their word), and the exceptions of misaligned and
 * unmapped atomics.
 *
 * <p>The hart reserves like QEMU: an SC succeeds only at the address of the last LR and only
 * if memory still holds the value the LR read. So "an intervening store" here always stores
 * a different value; a store of the same value is allowed to go unnoticed.
 */
class AtomicsTest {
    private static final long A = TestRig.DATA;

    private TestRig run(TestRig.Program p, TestRig rig) {
        p.i(ecall());
        rig.hart.setX(S0, A);
        return rig.load(p).runToEcall(Privilege.M);
    }

    @Test
    void lrThenScSucceeds() {
        TestRig rig = new TestRig();
        rig.ram.store64(A, 0x7fff_fffeL);
        rig.ram.store64(A + 8, 40);
        TestRig.Program p = rig.program();
        p.i(lr_w(A0, S0), addi(A0, A0, 1), sc_w(A1, A0, S0));
        p.i(addi(T0, S0, 8), lr_d(A2, T0), addi(A2, A2, 2), sc_d(A3, A2, T0));
        run(p, rig);
        assertEquals(0, rig.x(A1), "sc.w result");
        assertEquals(0, rig.x(A3), "sc.d result");
        assertEquals(0x7fff_ffffL, rig.ram.load64(A));
        assertEquals(42, rig.ram.load64(A + 8));
    }

    @Test
    void lrWSignExtends() {
        TestRig rig = new TestRig();
        rig.ram.store64(A, 0x1234_5678_8000_0000L);
        TestRig.Program p = rig.program();
        p.i(lr_w(A0, S0));
        run(p, rig);
        assertEquals(0xffff_ffff_8000_0000L, rig.x(A0));
    }

    @Test
    void scFailsAfterAnInterveningStoreOfAnotherValue() {
        TestRig rig = new TestRig();
        rig.ram.store64(A, 5);
        TestRig.Program p = rig.program();
        p.i(lr_w(A0, S0), addi(T0, ZERO, 99), sw(T0, 0, S0), addi(A2, ZERO, 7), sc_w(A1, A2, S0));
        run(p, rig);
        assertNotEquals(0, rig.x(A1));
        assertEquals(99, rig.ram.load64(A));
    }

    @Test
    void scWithoutLrFails() {
        TestRig rig = new TestRig();
        rig.ram.store64(A, 5);
        TestRig.Program p = rig.program();
        p.i(addi(A2, ZERO, 7), sc_w(A1, A2, S0), sc_d(A3, A2, S0));
        run(p, rig);
        assertNotEquals(0, rig.x(A1));
        assertNotEquals(0, rig.x(A3));
        assertEquals(5, rig.ram.load64(A));
    }

    @Test
    void scToAnotherAddressFailsAndEndsTheReservation() {
        TestRig rig = new TestRig();
        rig.ram.store64(A, 5);
        rig.ram.store64(A + 8, 5);            // the same value: only the address tells them apart
        TestRig.Program p = rig.program();
        p.i(lr_d(A0, S0), addi(A2, ZERO, 7), addi(T0, S0, 8), sc_d(A1, A2, T0), sc_d(A3, A2, S0));
        run(p, rig);
        assertNotEquals(0, rig.x(A1), "sc.d to another address");
        assertNotEquals(0, rig.x(A3), "sc.d after the failed sc: the reservation is gone");
        assertEquals(5, rig.ram.load64(A));
        assertEquals(5, rig.ram.load64(A + 8));
    }

    @Test
    void aSecondScAfterASuccessfulOneFails() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        p.i(lr_w(A0, S0), addi(A2, ZERO, 1), sc_w(A1, A2, S0), addi(A2, ZERO, 2), sc_w(A3, A2, S0));
        run(p, rig);
        assertEquals(0, rig.x(A1));
        assertNotEquals(0, rig.x(A3));
        assertEquals(1, rig.ram.load64(A));
    }

    @Test
    void scFailsAfterAnotherHartStoredToTheReservedWord() {
        TestRig rig = new TestRig(2);
        Hart other = rig.board.hart(1);
        rig.ram.store64(A, 5);
        TestRig.Program p = rig.program();
        p.i(lr_w(A0, S0), ecall(), addi(A2, ZERO, 7), sc_w(A1, A2, S0), ecall());
        TestRig.Program q = rig.program(TestRig.CODE + 0x1000);
        q.i(addi(T0, ZERO, 8), sw(T0, 0, S0), ecall());
        rig.hart.setX(S0, A);
        rig.load(p).load(q).runToEcall(Privilege.M).skip();
        other.setX(S0, A);
        other.setPc(q.base);
        other.setHostMachineMode(true);
        assertEquals(Hart.EXIT_TRAP, other.run(100));
        rig.runToEcall(Privilege.M);
        assertNotEquals(0, rig.x(A1));
        assertEquals(8, rig.ram.load64(A));
    }

    private record AmoCase(String name, boolean word, int encoding, LongBinaryOperator result) { }

    private static List<AmoCase> amoCases() {
        return List.of(
            new AmoCase("amoswap.w", true, amoswap_w(A0, A2, S0), (m, s) -> s),
            new AmoCase("amoadd.w", true, amoadd_w(A0, A2, S0), (m, s) -> m + s),
            new AmoCase("amoxor.w", true, amoxor_w(A0, A2, S0), (m, s) -> m ^ s),
            new AmoCase("amoand.w", true, amoand_w(A0, A2, S0), (m, s) -> m & s),
            new AmoCase("amoor.w", true, amoor_w(A0, A2, S0), (m, s) -> m | s),
            new AmoCase("amomin.w", true, amomin_w(A0, A2, S0), (m, s) -> Math.min((int) m, (int) s)),
            new AmoCase("amomax.w", true, amomax_w(A0, A2, S0), (m, s) -> Math.max((int) m, (int) s)),
            new AmoCase("amominu.w", true, amominu_w(A0, A2, S0),
                (m, s) -> Integer.compareUnsigned((int) m, (int) s) <= 0 ? m : s),
            new AmoCase("amomaxu.w", true, amomaxu_w(A0, A2, S0),
                (m, s) -> Integer.compareUnsigned((int) m, (int) s) >= 0 ? m : s),
            new AmoCase("amoswap.d", false, amoswap_d(A0, A2, S0), (m, s) -> s),
            new AmoCase("amoadd.d", false, amoadd_d(A0, A2, S0), (m, s) -> m + s),
            new AmoCase("amoxor.d", false, amoxor_d(A0, A2, S0), (m, s) -> m ^ s),
            new AmoCase("amoand.d", false, amoand_d(A0, A2, S0), (m, s) -> m & s),
            new AmoCase("amoor.d", false, amoor_d(A0, A2, S0), (m, s) -> m | s),
            new AmoCase("amomin.d", false, amomin_d(A0, A2, S0), Math::min),
            new AmoCase("amomax.d", false, amomax_d(A0, A2, S0), Math::max),
            new AmoCase("amominu.d", false, amominu_d(A0, A2, S0), (m, s) -> Long.compareUnsigned(m, s) <= 0 ? m : s),
            new AmoCase("amomaxu.d", false, amomaxu_d(A0, A2, S0), (m, s) -> Long.compareUnsigned(m, s) >= 0 ? m : s));
    }

    /**
     * Each AMO on each pair of (memory, operand): rd gets the old value (.w: sign-extended),
     * memory the spec's result. Each .w case runs on the low word of a doubleword whose high
     * word is a marker that must survive.
     */
    @Test
    void everyAmoReturnsTheOldValueAndStoresTheResult() {
        long[][] pairs = {
            {0x8000_0001L, 0x1234_5678_0000_0005L},
            {0x8000_0001L, -1},
            {5, 0x8000_0000L},
            {0x8000_0000_0000_0001L, 5},
            {0x8000_0000_0000_0001L, -1},
            {-2, 0x7fff_ffff_ffff_ffffL},
        };
        long marker = 0xaaaa_aaaaL << 32;
        List<Executable> checks = new ArrayList<>();
        for (AmoCase c : amoCases()) {
            for (long[] pair : pairs) {
                long mem = pair[0], src = pair[1];
                TestRig rig = new TestRig();
                long init = c.word ? marker | (mem & 0xffff_ffffL) : mem;
                rig.ram.store64(A, init);
                TestRig.Program p = rig.program();
                p.li(A2, src).i(c.encoding);
                run(p, rig);
                long wantRd = c.word ? (int) mem : mem;
                long result = c.result.applyAsLong(mem, src);
                long wantMem = c.word ? marker | (result & 0xffff_ffffL) : result;
                long gotRd = rig.x(A0), gotMem = rig.ram.load64(A);
                String what = String.format("%s mem=0x%x src=0x%x", c.name, mem, src);
                checks.add(() -> assertEquals(Long.toHexString(wantRd), Long.toHexString(gotRd), what + ": rd"));
                checks.add(() -> assertEquals(Long.toHexString(wantMem), Long.toHexString(gotMem), what + ": memory"));
            }
        }
        assertAll(checks);
    }

    @Test
    void anAmoWhoseRdIsItsSourceStoresTheOldSource() {
        TestRig rig = new TestRig();
        rig.ram.store64(A, 11);
        TestRig.Program p = rig.program();
        p.i(addi(A0, ZERO, 22), amoswap_d(A0, A0, S0));
        run(p, rig);
        assertEquals(11, rig.x(A0));
        assertEquals(22, rig.ram.load64(A));
    }

    @Test
    void misalignedAtomicsTrapWithTheAddress() {
        record Case(int encoding, int cause, long offset) { }
        List<Case> cases = List.of(
            new Case(amoadd_w(A0, A2, T0), Cause.MISALIGNED_STORE, 2),
            new Case(amoswap_d(A0, A2, T0), Cause.MISALIGNED_STORE, 4),
            new Case(sc_w(A0, A2, T0), Cause.MISALIGNED_STORE, 1),
            new Case(lr_d(A0, T0), Cause.MISALIGNED_LOAD, 4));
        for (Case c : cases) {
            TestRig rig = new TestRig();
            rig.ram.store64(A, 0x1111_2222_3333_4444L);
            rig.ram.store64(A + 8, 0x5555_6666_7777_8888L);
            TestRig.Program p = rig.program();
            p.li(T0, A + c.offset).li(A2, -1).li(A0, 0x77);
            long at = p.here();
            p.i(c.encoding, ecall());
            rig.load(p).runToHostTrap(c.cause);
            assertEquals(A + c.offset, rig.hart.trapValue());
            assertEquals(at, rig.hart.pc());
            assertEquals(0x77, rig.x(A0), "rd is not written");
            assertEquals(0x1111_2222_3333_4444L, rig.ram.load64(A));
            assertEquals(0x5555_6666_7777_8888L, rig.ram.load64(A + 8));
        }
    }

    @Test
    void atomicsOnUnmappedPhysicalMemoryAreAccessFaults() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        p.li(T0, 0x4000_0000L);
        p.i(amoor_w(A0, A2, T0), ecall());
        rig.load(p).runToHostTrap(Cause.STORE_ACCESS);
        assertEquals(0x4000_0000L, rig.hart.trapValue());

        TestRig rig2 = new TestRig();
        TestRig.Program q = rig2.program();
        q.li(T0, 0x4000_0000L);
        q.i(lr_w(A0, T0), ecall());
        rig2.load(q).runToHostTrap(Cause.LOAD_ACCESS);
        assertEquals(0x4000_0000L, rig2.hart.trapValue());
    }
}
