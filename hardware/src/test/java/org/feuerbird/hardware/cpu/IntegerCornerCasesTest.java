package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The corner cases of RV64IM that the unprivileged spec defines exactly and that compiled C
 * programs rarely reach: division by zero and signed overflow (the M extension's table of
 * results), the high multiplies, shift amounts at the edges, the sign extension of every
 * W-form result, unsigned comparisons, x0 as a destination, and jalr's cleared bit 0.
 *
 * <p>Most cases are batched: one guest program computes every result and stores it to RAM,
 * and the test compares the stored values with the spec's, so that one board serves many
 * cases and a failure names its instruction and operands.
 */
class IntegerCornerCasesTest {
    private static final long MIN = Long.MIN_VALUE, MAX = Long.MAX_VALUE;
    private static final long INT_MIN = Integer.MIN_VALUE, INT_MAX = Integer.MAX_VALUE;

    @FunctionalInterface
    private interface Rtype { int encode(int rd, int rs1, int rs2); }

    @FunctionalInterface
    private interface Itype { int encode(int rd, int rs1, int imm); }

    /** Cases computed by one guest program: result k is stored at DATA + 8k. */
    private static final class Batch {
        final TestRig rig = new TestRig();
        final TestRig.Program p = rig.program();
        final List<String> names = new ArrayList<>();
        final List<Long> expected = new ArrayList<>();

        Batch() { p.li(S0, TestRig.DATA); }

        void r(String name, Rtype op, long a, long b, long want) {
            p.li(A1, a).li(A2, b).i(op.encode(A0, A1, A2));
            store(String.format("%s 0x%x, 0x%x", name, a, b), want);
        }

        void imm(String name, Itype op, long a, int imm, long want) {
            p.li(A1, a).i(op.encode(A0, A1, imm));
            store(String.format("%s 0x%x, %d", name, a, imm), want);
        }

        private void store(String name, long want) {
            p.i(sd(A0, 0, S0), addi(S0, S0, 8));   // a moving base: more cases than a 12-bit offset reaches
            names.add(name);
            expected.add(want);
        }

        void check() {
            p.i(ecall());
            rig.load(p).runToEcall(Privilege.M);
            List<Executable> checks = new ArrayList<>();
            for (int k = 0; k < names.size(); k++) {
                long got = rig.ram.load64(TestRig.DATA + 8L * k), want = expected.get(k);
                String name = names.get(k);
                checks.add(() -> assertEquals("0x" + Long.toHexString(want), "0x" + Long.toHexString(got), name));
            }
            assertAll(checks);
        }
    }

    @Test
    void divisionByZeroAndOverflowFollowTheTable() {
        Batch b = new Batch();
        b.r("div", Asm::div, 7, 0, -1);
        b.r("div", Asm::div, MIN, 0, -1);
        b.r("divu", Asm::divu, 7, 0, -1);
        b.r("rem", Asm::rem, 7, 0, 7);
        b.r("rem", Asm::rem, MIN, 0, MIN);
        b.r("remu", Asm::remu, -7, 0, -7);
        b.r("div", Asm::div, MIN, -1, MIN);
        b.r("rem", Asm::rem, MIN, -1, 0);
        b.r("div", Asm::div, -7, 2, -3);            // rounds toward zero
        b.r("rem", Asm::rem, -7, 2, -1);            // sign of the dividend
        b.r("divu", Asm::divu, -1, 2, MAX);
        b.r("remu", Asm::remu, -1, 10, Long.remainderUnsigned(-1, 10));
        // W forms: 32-bit operands (upper bits ignored), 32-bit result sign-extended
        b.r("divw", Asm::divw, 7, 0, -1);
        b.r("divuw", Asm::divuw, 7, 0, -1);
        b.r("remw", Asm::remw, 0x1234_5678_8000_0007L, 0, 0xffff_ffff_8000_0007L);
        b.r("remuw", Asm::remuw, 0x1234_5678_8000_0007L, 0, 0xffff_ffff_8000_0007L);
        b.r("divw", Asm::divw, INT_MIN, -1, INT_MIN);
        b.r("remw", Asm::remw, INT_MIN, -1, 0);
        b.r("divw", Asm::divw, 0xdead_0000_0000_0007L, 0x1234_0000_0000_0002L, 3);
        b.r("divw", Asm::divw, 0x0000_0000_ffff_fff9L, 2, -3);   // -7 / 2 in 32 bits
        b.r("divuw", Asm::divuw, 0x0000_0000_8000_0000L, 1, 0xffff_ffff_8000_0000L);
        b.r("divuw", Asm::divuw, -1, 2, 0x7fff_ffff);
        b.r("remuw", Asm::remuw, -1, 0x1_0000_0000L, -1);          // divisor's low word is 0
        b.r("remw", Asm::remw, -7, 2, -1);
        b.check();
    }

    @Test
    void highMultipliesMatchBigIntegerArithmetic() {
        long[] values = {0, 1, -1, 2, MIN, MAX, INT_MIN, INT_MAX, 0x1234_5678_9abc_def0L, 0xfedc_ba98_7654_3210L};
        Batch b = new Batch();
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        for (long x : values) {
            for (long y : values) {
                BigInteger sx = BigInteger.valueOf(x), sy = BigInteger.valueOf(y);
                BigInteger ux = sx.signum() < 0 ? sx.add(two64) : sx, uy = sy.signum() < 0 ? sy.add(two64) : sy;
                b.r("mulh", Asm::mulh, x, y, sx.multiply(sy).shiftRight(64).longValue());
                b.r("mulhsu", Asm::mulhsu, x, y, sx.multiply(uy).shiftRight(64).longValue());
                b.r("mulhu", Asm::mulhu, x, y, ux.multiply(uy).shiftRight(64).longValue());
                b.r("mul", Asm::mul, x, y, x * y);
                b.r("mulw", Asm::mulw, x, y, (int) x * (int) y);
            }
        }
        b.check();
    }

    @Test
    void shiftsUseOnlyTheLowBitsOfTheAmount() {
        Batch b = new Batch();
        b.r("sll", Asm::sll, 1, 63, MIN);
        b.r("sll", Asm::sll, 1, 64, 1);
        b.r("sll", Asm::sll, 1, -1, MIN);
        b.r("srl", Asm::srl, MIN, 63, 1);
        b.r("sra", Asm::sra, MIN, 63, -1);
        b.r("sra", Asm::sra, MIN, 64 + 4, MIN >> 4);
        b.imm("slli", Asm::slli, 1, 63, MIN);
        b.imm("srli", Asm::srli, -1, 63, 1);
        b.imm("srai", Asm::srai, MIN, 63, -1);
        b.r("sllw", Asm::sllw, 1, 31, 0xffff_ffff_8000_0000L);
        b.r("sllw", Asm::sllw, 1, 32, 1);
        b.r("srlw", Asm::srlw, 0xffff_ffff_8000_0000L, 31, 1);
        b.r("srlw", Asm::srlw, 0x0000_0000_8000_0000L, 0, 0xffff_ffff_8000_0000L);
        b.r("srlw", Asm::srlw, 0xffff_ffff_8000_0000L, 1, 0x4000_0000L);
        b.r("sraw", Asm::sraw, 0x0000_0000_8000_0000L, 31, -1);
        b.r("sraw", Asm::sraw, 0x1234_5678_0000_0000L, 1, 0);
        b.imm("slliw", Asm::slliw, 1, 31, 0xffff_ffff_8000_0000L);
        b.imm("slliw", Asm::slliw, 0x1_0000_0003L, 30, 0xffff_ffff_c000_0000L);
        b.imm("srliw", Asm::srliw, -1, 0, -1);                  // srliw by 0 still sign-extends
        b.imm("srliw", Asm::srliw, 0x0000_0000_8000_0000L, 0, 0xffff_ffff_8000_0000L);
        b.imm("srliw", Asm::srliw, -8, 1, 0x7fff_fffcL);
        b.imm("srliw", Asm::srliw, -1, 31, 1);
        b.imm("sraiw", Asm::sraiw, 0x0000_0000_8000_0000L, 31, -1);
        b.imm("sraiw", Asm::sraiw, 0x0000_0000_7fff_ffffL, 31, 0);
        b.check();
    }

    @Test
    void wordResultsAreSignExtended() {
        Batch b = new Batch();
        b.r("addw", Asm::addw, INT_MAX, 1, INT_MIN);
        b.r("addw", Asm::addw, 0x1234_5678_0000_0001L, 0x7fff_ffffL, INT_MIN);
        b.r("subw", Asm::subw, INT_MIN, 1, INT_MAX);
        b.r("subw", Asm::subw, 0, 1, -1);
        b.imm("addiw", Asm::addiw, INT_MAX, 1, INT_MIN);
        b.imm("addiw", Asm::addiw, 0x1_8000_0000L, 0, 0xffff_ffff_8000_0000L);  // sext.w
        b.imm("addiw", Asm::addiw, 0xffff_ffffL, 0, -1);
        b.imm("addiw", Asm::addiw, INT_MIN, -1, INT_MAX);
        b.r("mulw", Asm::mulw, INT_MAX, 2, -2);
        b.check();
    }

    @Test
    void comparisonsAreSignedOrUnsignedAsNamed() {
        Batch b = new Batch();
        b.r("slt", Asm::slt, -1, 0, 1);
        b.r("slt", Asm::slt, 0, -1, 0);
        b.r("slt", Asm::slt, MIN, MAX, 1);
        b.r("sltu", Asm::sltu, -1, 0, 0);
        b.r("sltu", Asm::sltu, 0, -1, 1);
        b.r("sltu", Asm::sltu, 5, 5, 0);
        b.imm("slti", Asm::slti, -2, -1, 1);
        b.imm("slti", Asm::slti, 0, -1, 0);
        b.imm("sltiu", Asm::sltiu, 0, -1, 1);                     // imm sign-extends, then compares unsigned
        b.imm("sltiu", Asm::sltiu, -1, -1, 0);
        b.imm("sltiu", Asm::sltiu, 0, 1, 1);                      // seqz
        b.imm("sltiu", Asm::sltiu, 7, 1, 0);
        b.check();
    }

    @Test
    void luiAndAuipcSignExtendTheirImmediate() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        p.i(lui(A0, 0x80000), lui(A1, 0x7ffff), lui(A2, 0xfffff));
        long auipcAt = p.here();
        p.i(auipc(A3, 0), auipc(A4, 0xfffff), auipc(A5, 0x80000), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(0xffff_ffff_8000_0000L, rig.x(A0));
        assertEquals(0x7fff_f000L, rig.x(A1));
        assertEquals(-4096, rig.x(A2));
        assertEquals(auipcAt, rig.x(A3));
        assertEquals(auipcAt + 4 - 4096, rig.x(A4));
        assertEquals(auipcAt + 8 - 0x8000_0000L, rig.x(A5));
    }

    @Test
    void writesToX0AreDiscarded() {
        TestRig rig = new TestRig();
        rig.ram.store64(TestRig.DATA, 0x1111);
        TestRig.Program p = rig.program();
        p.li(A1, 5).li(S0, TestRig.DATA);
        p.i(add(ZERO, A1, A1), addi(ZERO, ZERO, 9), lui(ZERO, 1), mv(A0, ZERO));
        p.i(ld(ZERO, 0, S0), mv(A2, ZERO));
        p.i(amoadd_d(ZERO, A1, S0), mv(A3, ZERO));               // the memory half still happens
        p.i(csrr(ZERO, MSCRATCH), jal(ZERO, 4), add(A4, ZERO, ZERO), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(0, rig.x(A0));
        assertEquals(0, rig.x(A2));
        assertEquals(0, rig.x(A3));
        assertEquals(0, rig.x(A4));
        assertEquals(0, rig.x(ZERO));
        assertEquals(0x1116, rig.ram.load64(TestRig.DATA));
    }

    @Test
    void aLoadToX0StillFaults() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        p.li(A1, 0x1000);
        long at = p.here();
        p.i(lw(ZERO, 8, A1), ecall());
        rig.load(p).runToHostTrap(Cause.LOAD_ACCESS);
        assertEquals(0x1008, rig.hart.trapValue());
        assertEquals(at, rig.hart.pc());
    }

    @Test
    void jalrClearsBitZeroAndReadsRs1BeforeWritingRd() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        long target = TestRig.CODE + 0x100;
        p.li(A1, target - 1);
        long first = p.here();
        p.i(jalr(RA, A1, 2));                                     // target + 1: bit 0 dropped
        TestRig.Program t = rig.program(target);
        t.li(A2, target + 0x10);
        long second = t.here();
        t.i(jalr(A2, A2, 1));                                     // rd == rs1
        TestRig.Program u = rig.program(target + 0x10);
        u.i(ecall());
        rig.load(p).load(t).load(u).runToEcall(Privilege.M);
        assertEquals(target + 0x10, rig.hart.pc());
        assertEquals(first + 4, rig.x(RA));
        assertEquals(second + 4, rig.x(A2));
    }

    @Test
    void branchesCompareSignedOrUnsigned() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        p.li(A1, -1).li(A2, 1).i(addi(A0, ZERO, 0));
        p.i(blt(A1, A2, 8), ori(A0, A0, 1));      // taken: -1 < 1
        p.i(bltu(A1, A2, 8), ori(A0, A0, 2));     // not taken: 2^64-1 > 1
        p.i(bge(A2, A1, 8), ori(A0, A0, 4));      // taken
        p.i(bgeu(A2, A1, 8), ori(A0, A0, 8));     // not taken
        p.i(bne(A1, A1, 8), ori(A0, A0, 16));     // not taken
        p.i(beq(A2, A2, 8), ori(A0, A0, 32));     // taken
        p.i(ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(2 | 8 | 16, rig.x(A0));
    }
}
