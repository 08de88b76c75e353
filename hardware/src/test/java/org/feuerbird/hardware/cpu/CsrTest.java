package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.Asm.*;
import static org.feuerbird.hardware.cpu.TestRig.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.feuerbird.hardware.board.MemoryMap;
import org.feuerbird.hardware.device.Clint;
import org.feuerbird.hardware.device.Plic;
import org.junit.jupiter.api.Test;

/**
 * The control and status registers as guest code sees them (privileged spec, "Control and
 * Status Registers" and the machine/supervisor chapters; Zicsr; Zicntr): who may read and
 * write what, read-only registers and the csrrs/csrrc-with-x0 exception to it, sstatus, sie
 * and sip as restricted views, the counter enables, the FPU's off switch, misa, WARL fields,
 * the three names of fcsr, and exact instruction counting.
 *
 * <p>Every access is made by a guest instruction in the mode under test; host machine mode
 * reports an illegal-instruction trap, and an ecall marks the end of a program that passed.
 */
class CsrTest {
    /** Runs {@code insns} then ecall in mode {@code priv} on a prepared rig, until a trap reaches the host. */
    private static TestRig runIn(int priv, TestRig rig, int... insns) {
        rig.load(rig.program().i(insns).i(ecall()));
        rig.hart.setPrivilege(priv);
        rig.runToHostTrap();
        return rig;
    }

    private static long ecallFrom(int priv) {
        return priv == Privilege.U ? Cause.ECALL_FROM_U : priv == Privilege.S ? Cause.ECALL_FROM_S : Cause.ECALL_FROM_M;
    }

    private static void assertLegal(int priv, int insn, String what) {
        TestRig rig = runIn(priv, new TestRig(), insn);
        assertEquals(ecallFrom(priv), rig.hart.trapCause(), what + " in " + Privilege.name(priv) + " is legal");
    }

    private static void assertIllegal(int priv, int insn, String what) {
        assertIllegal(priv, new TestRig(), insn, what);
    }

    private static void assertIllegal(int priv, TestRig rig, int insn, String what) {
        runIn(priv, rig, insn);
        assertEquals(Cause.ILLEGAL_INSTRUCTION, rig.hart.trapCause(), what + " in " + Privilege.name(priv) + " is illegal");
        assertEquals(insn & 0xffff_ffffL, rig.hart.trapValue(), what + ": tval");
        assertEquals(CODE, rig.hart.pc(), what + ": pc");
    }

    @Test
    void aCsrNeedsThePrivilegeItsNumberNames() {
        assertIllegal(Privilege.U, csrr(A0, MSTATUS), "csrr mstatus");
        assertIllegal(Privilege.S, csrr(A0, MSTATUS), "csrr mstatus");
        assertIllegal(Privilege.U, csrr(A0, SSTATUS), "csrr sstatus");
        assertIllegal(Privilege.S, csrw(MSCRATCH, A0), "csrw mscratch");
        assertIllegal(Privilege.S, csrr(A0, MHARTID), "csrr mhartid");
        assertLegal(Privilege.S, csrr(A0, SSTATUS), "csrr sstatus");
        assertLegal(Privilege.S, csrw(SSCRATCH, A0), "csrw sscratch");
        assertLegal(Privilege.M, csrr(A0, SSTATUS), "csrr sstatus");
        assertIllegal(Privilege.M, csrr(A0, 0x7c0), "a CSR that does not exist");
        assertIllegal(Privilege.M, csrr(A0, 0x200), "a hypervisor CSR (H is not implemented)");
    }

    @Test
    void readOnlyCsrsRejectWritesButNotReads() {
        assertIllegal(Privilege.M, csrw(MHARTID, A0), "csrw mhartid");
        assertIllegal(Privilege.M, csrw(CYCLE, A0), "csrw cycle");
        assertIllegal(Privilege.M, csrrwi(ZERO, TIME, 0), "csrwi time, 0");
        assertIllegal(Privilege.M, csrw(0xc03, ZERO), "csrw hpmcounter3 (reads as zero, but read-only)");
        assertIllegal(Privilege.M, csrw(0xf11, ZERO), "csrw mvendorid");
        assertIllegal(Privilege.M, csrw(0xf15, ZERO), "csrw mconfigptr");
        assertIllegal(Privilege.M, csrrs(A0, MHARTID, A1), "csrrs with rs1 != x0 (even holding 0)");
        assertIllegal(Privilege.M, csrrci(A0, INSTRET, 1), "csrrci with a nonzero immediate");
        assertLegal(Privilege.M, csrrs(A0, MHARTID, ZERO), "csrrs with rs1 = x0");
        assertLegal(Privilege.M, csrrc(A0, CYCLE, ZERO), "csrrc with rs1 = x0");
        assertLegal(Privilege.M, csrrsi(A0, INSTRET, 0), "csrrsi with a zero immediate");
        assertLegal(Privilege.M, csrrci(A0, MISA, 0), "csrrci with a zero immediate");
    }

    @Test
    void aFailedCsrInstructionChangesNothing() {
        TestRig rig = new TestRig();
        rig.hart.setX(A0, 0x77);
        rig.hart.writeCsr(MSCRATCH, 5);
        assertIllegal(Privilege.M, rig, csrrw(A0, MHARTID, A1), "csrrw mhartid");
        assertEquals(0x77, rig.x(A0), "rd is not written");
    }

    @Test
    void sstatusIsARestrictedViewOfMstatus() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        p.li(T0, -1).i(csrw(MSTATUS, T0), csrr(A0, SSTATUS), csrw(MSTATUS, ZERO), csrw(SSTATUS, T0),
            csrr(A1, MSTATUS), csrr(A2, SSTATUS), ecall());
        rig.load(p).runToEcall(Privilege.M);
        long sBits = MS_SIE | MS_SPIE | MS_SPP | MS_FS | MS_SUM | MS_MXR;
        long uxl = 2L << 32;
        assertEquals(sBits | uxl | MS_SD, rig.x(A0), "sstatus after setting every mstatus bit");
        assertEquals(0, rig.x(A1) & (MS_MIE | MS_MPIE | MS_MPP | MS_MPRV | MS_TVM | MS_TW | MS_TSR),
            "sstatus writes reach no M-only field");
        assertEquals(sBits, rig.x(A1) & sBits, "sstatus writes reach mstatus");
        assertEquals(rig.x(A1) & (sBits | uxl | MS_SD), rig.x(A2), "sstatus reads mstatus");
    }

    @Test
    void mstatusHasFixedAndWarlFields() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        p.i(csrw(MSTATUS, ZERO), csrr(A0, MSTATUS));
        p.li(T0, 2L << MPP_SHIFT).i(csrw(MSTATUS, T0), csrr(A1, MSTATUS), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(2L << 32 | 2L << 34, rig.x(A0) & (0xfL << 32), "UXL = SXL = 64 bits, read-only");
        assertEquals(0, rig.x(A0) & (7L << 6 | 1L << 36 | 1L << 37), "UBE/SBE/MBE: little-endian only");
        assertNotEquals(2, (rig.x(A1) & MS_MPP) >>> MPP_SHIFT, "MPP never holds the reserved 2");
    }

    @Test
    void sieAndSipShowOnlyDelegatedInterrupts() {
        long sInts = SSIP | STIP | SEIP;
        for (long deleg : new long[] {0, sInts}) {
            TestRig rig = new TestRig();
            rig.hart.writeCsr(MIDELEG, deleg);
            rig.hart.writeCsr(MIE, MTIP | MSIP);
            rig.hart.writeCsr(MIP, STIP);
            TestRig.Program p = rig.program();
            p.li(T0, -1).i(csrr(A0, SIE), csrr(A1, SIP), csrw(SIE, T0), csrw(SIP, T0), ecall());
            rig.load(p);
            rig.hart.setPrivilege(Privilege.S);
            rig.runToEcall(Privilege.S);
            String d = "mideleg 0x" + Long.toHexString(deleg);
            assertEquals(0, rig.x(A0), d + ": sie hides the M-level enables");
            assertEquals(STIP & deleg, rig.x(A1), d + ": sip shows delegated pending bits");
            assertEquals(MTIP | MSIP | deleg, rig.csr(MIE), d + ": sie writes reach only delegated bits");
            assertEquals(STIP | (SSIP & deleg), rig.csr(MIP) & sInts, d + ": sip writes only SSIP, when delegated");
        }
    }

    @Test
    void mipAndMidelegKeepOnlyTheirWritableBits() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program();
        p.li(T0, -1).i(csrw(MIDELEG, T0), csrr(A0, MIDELEG), csrw(MIP, T0), csrr(A1, MIP), csrw(MIE, T0),
            csrr(A2, MIE), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(SSIP | STIP | SEIP, rig.x(A0));
        assertEquals(SSIP | STIP | SEIP, rig.x(A1), "MSIP/MTIP/MEIP come from the CLINT and PLIC only");
        assertEquals(SSIP | STIP | SEIP | MSIP | MTIP | MEIP, rig.x(A2));
    }

    /**
     * mip.SEIP reads as the software bit OR the PLIC's S-mode line, but only the software bit
     * takes part in a csrrs/csrrc read-modify-write (privileged spec, "Machine Interrupt
     * Registers"). Setting SSIP with csrs while the line is high must not latch SEIP.
     */
    @Test
    void aReadModifyWriteOfMipDoesNotLatchTheExternalSeip() {
        int source = 4;
        TestRig rig = new TestRig();
        rig.bus().store(MemoryMap.PLIC_BASE + 4 * source, 4, 1);
        rig.bus().store(MemoryMap.PLIC_BASE + Plic.ENABLE + Plic.ENABLE_STRIDE, 4, 1L << source);
        rig.board.plic().line(source).raise();
        assertEquals(SEIP, rig.csr(MIP) & SEIP, "the line shows in mip");
        runIn(Privilege.M, rig, csrrsi(ZERO, MIP, (int) SSIP));
        rig.board.plic().line(source).lower();
        assertEquals(SSIP, rig.csr(MIP) & (SSIP | SEIP), "SSIP set, SEIP gone with the line");
    }

    @Test
    void writingAFutureMtimecmpClearsMtip() {
        TestRig rig = new TestRig();
        rig.setTime(500);
        rig.board.clint().write(Clint.MTIMECMP, 8, 100);
        TestRig.Program p = rig.program().i(csrr(A0, MIP));
        p.li(T0, MemoryMap.CLINT_BASE + Clint.MTIMECMP)
            .li(T1, 501).i(sd(T1, 0, T0), csrr(A1, MIP), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(MTIP, rig.x(A0) & MTIP);
        assertEquals(0, rig.x(A1) & MTIP);
    }

    @Test
    void countersReachLowerModesOnlyThroughTheEnables() {
        for (int csr : new int[] {CYCLE, TIME, INSTRET, 0xc03}) {
            long bit = 1L << (csr - CYCLE);
            String name = "counter 0x" + Integer.toHexString(csr);
            record Case(int priv, long mcounteren, long scounteren, boolean legal) { }
            for (Case c : List.of(
                    new Case(Privilege.S, 0, bit, false), new Case(Privilege.S, bit, 0, true),
                    new Case(Privilege.U, bit, 0, false), new Case(Privilege.U, 0, bit, false),
                    new Case(Privilege.U, bit, bit, true), new Case(Privilege.M, 0, 0, true))) {
                TestRig rig = new TestRig();
                rig.hart.writeCsr(MCOUNTEREN, c.mcounteren);
                rig.hart.writeCsr(SCOUNTEREN, c.scounteren);
                runIn(c.priv, rig, csrr(A0, csr));
                long want = c.legal ? ecallFrom(c.priv) : Cause.ILLEGAL_INSTRUCTION;
                assertEquals(want, rig.hart.trapCause(), name + " from " + Privilege.name(c.priv)
                    + ", mcounteren " + c.mcounteren + ", scounteren " + c.scounteren);
            }
        }
    }

    @Test
    void timeReadsTheBoardClock() {
        TestRig rig = new TestRig();
        rig.setTime(123_456_789);
        runIn(Privilege.M, rig, csrr(A0, TIME));
        assertEquals(123_456_789, rig.x(A0));
    }

    @Test
    void theFpuIsIllegalWhileMstatusFsIsOff() {
        int[] fpInsns = {fadd_d(1, 2, 3), fadd_s(1, 2, 3), fmv_x_d(A0, 1), fmv_d_x(1, A0), fld(1, 0, SP),
            fsw(1, 0, SP), fdiv_d(1, 2, 3), csrr(A0, FCSR), csrr(A0, FRM), csrw(FFLAGS, ZERO)};
        for (int insn : fpInsns) {
            TestRig rig = new TestRig();
            rig.hart.writeCsr(MSTATUS, 0);
            rig.hart.setX(SP, DATA);
            assertIllegal(Privilege.S, rig, insn, "0x" + Integer.toHexString(insn) + " with FS = Off");

            TestRig on = new TestRig();
            on.hart.writeCsr(MSTATUS, 1L << 13);   // Initial
            on.hart.setX(SP, DATA);
            runIn(Privilege.S, on, insn);
            assertEquals(Cause.ECALL_FROM_S, on.hart.trapCause(), "0x" + Integer.toHexString(insn) + " with FS on");
        }
    }

    @Test
    void aCompressedFloatLoadIsIllegalWhileFsIsOff() {
        TestRig rig = new TestRig();
        rig.hart.writeCsr(MSTATUS, 0);
        rig.hart.setX(S1, DATA);
        rig.load(rig.program().c(0x2080).c(c_nop()));   // c.fld fs0, 0(s1)
        rig.runToHostTrap(Cause.ILLEGAL_INSTRUCTION);
        assertEquals(0x2080, rig.hart.trapValue());
    }

    @Test
    void floatingPointWorkMarksTheStateDirty() {
        TestRig rig = new TestRig();
        rig.hart.writeCsr(MSTATUS, 1L << 13);   // Initial
        TestRig.Program p = rig.program().i(fadd_d(1, 2, 3), csrr(A0, MSTATUS), csrr(A1, SSTATUS), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(MS_FS, rig.x(A0) & MS_FS, "FS = Dirty");
        assertTrue(rig.x(A0) < 0, "mstatus.SD");
        assertTrue(rig.x(A1) < 0, "sstatus.SD");
    }

    @Test
    void misaNamesRv64Imafdcsu() {
        TestRig rig = new TestRig();
        runIn(Privilege.M, rig, csrr(A0, MISA));
        long want = 2L << 62;
        for (char ext : "IMAFDCSU".toCharArray()) want |= 1L << (ext - 'A');
        assertEquals(Long.toHexString(want), Long.toHexString(rig.x(A0)));
        assertEquals(0x8000_0000_0014_112dL, rig.x(A0));
    }

    @Test
    void tvecModesAreWarl() {
        for (int csr : new int[] {MTVEC, STVEC}) {
            TestRig rig = new TestRig();
            long base = 0x8000_1000L;
            TestRig.Program p = rig.program();
            for (int mode = 0; mode < 4; mode++) {
                p.li(T0, base | mode).i(csrw(csr, T0), csrr(A0 + mode, csr));
            }
            p.i(ecall());
            rig.load(p).runToEcall(Privilege.M);
            assertEquals(base, rig.x(A0), "direct");
            assertEquals(base | 1, rig.x(A1), "vectored");
            for (int mode = 2; mode < 4; mode++) {
                long got = rig.x(A0 + mode);
                assertTrue((got & 3) < 2, "reserved mode " + mode + " reads back as a legal one: 0x" + Long.toHexString(got));
            }
        }
    }

    @Test
    void epcRegistersDropBitZero() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program().li(T0, 0x8000_1235L).i(csrw(MEPC, T0), csrr(A0, MEPC), csrw(SEPC, T0),
            csrr(A1, SEPC), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(0x8000_1234L, rig.x(A0));
        assertEquals(0x8000_1234L, rig.x(A1));
    }

    @Test
    void fcsrFrmAndFflagsAreOneRegister() {
        TestRig rig = new TestRig();
        rig.hart.writeCsr(MSTATUS, 1L << 13);
        TestRig.Program p = rig.program();
        p.li(T0, 0xfff).i(csrw(FCSR, T0), csrr(A0, FCSR), csrr(A1, FRM), csrr(A2, FFLAGS));
        p.i(csrrwi(ZERO, FRM, 2), csrr(A3, FCSR));
        p.i(csrrwi(ZERO, FFLAGS, 0x15), csrr(A4, FCSR));
        p.i(csrrci(ZERO, FCSR, 0x1), csrr(A5, FFLAGS), csrr(A6, FRM), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(0xff, rig.x(A0), "fcsr keeps 8 bits");
        assertEquals(7, rig.x(A1));
        assertEquals(0x1f, rig.x(A2));
        assertEquals(2 << 5 | 0x1f, rig.x(A3), "frm writes reach fcsr[7:5]");
        assertEquals(2 << 5 | 0x15, rig.x(A4), "fflags writes reach fcsr[4:0]");
        assertEquals(0x14, rig.x(A5));
        assertEquals(2, rig.x(A6));
    }

    @Test
    void anFpOperationAccruesItsFlagsInFflags() {
        TestRig rig = new TestRig();
        rig.hart.writeCsr(MSTATUS, 1L << 13);
        TestRig.Program p = rig.program().li(T0, Double.doubleToRawLongBits(1.0)).i(fmv_d_x(1, T0), fmv_d_x(2, ZERO),
            fdiv_d(3, 1, 2), csrr(A0, FFLAGS), fmv_x_d(A1, 3), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(0x08, rig.x(A0), "1/0 raises DZ");
        assertEquals(Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), rig.x(A1));
    }

    // ---- counting ----

    /** Reading minstret gives the count before the reading instruction; so n instructions between two reads add n + 1. */
    @Test
    void minstretCountsEveryRetiredInstruction() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program().i(csrr(A0, MINSTRET));
        for (int k = 0; k < 10; k++) p.i(nop());
        p.c(c_nop()).c(c_nop()).i(csrr(A1, MINSTRET), csrr(A2, INSTRET), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(13, rig.x(A1) - rig.x(A0));
        assertEquals(1, rig.x(A2) - rig.x(A1), "instret is minstret");
    }

    @Test
    void minstretIsWritableAndCountsOnFromTheValueWritten() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program().li(T0, 1000).i(csrw(MINSTRET, T0), csrr(A0, MINSTRET), nop(), csrr(A1, MINSTRET),
            csrw(MCYCLE, T0), csrr(A2, MCYCLE), ecall());
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(1000, rig.x(A0), "the write replaces the csrw's own increment");
        assertEquals(1002, rig.x(A1));
        assertTrue(rig.x(A2) >= 1000 && rig.x(A2) <= 1001, "mcycle counts on from the value written");
    }

    /** The host (a kernel switching contexts) writes the counters directly: no instruction retires around it. */
    @Test
    void theHostReadsBackTheCountersItWrites() {
        TestRig rig = new TestRig();
        rig.load(rig.program().i(nop(), nop(), ecall()));
        rig.runToEcall(Privilege.M);
        rig.hart.writeCsr(MINSTRET, 1000);
        rig.hart.writeCsr(MCYCLE, 2000);
        assertEquals(1000, rig.csr(MINSTRET));
        assertEquals(2000, rig.csr(MCYCLE));
        rig.skip().load(rig.program(CODE + 12).i(csrr(A0, MINSTRET), ecall()));
        rig.runToEcall(Privilege.M);
        assertEquals(1000, rig.x(A0), "nothing retired between the host's write and the guest's read");
    }

    @Test
    void aLoopRetiresExactlyItsInstructions() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program().i(addi(T0, ZERO, 1000), csrr(A0, MINSTRET));
        p.i(addi(T0, T0, -1), bne(T0, ZERO, -4), csrr(A1, MINSTRET), ecall());   // 2000 in the loop, across chunks
        rig.load(p).runToEcall(Privilege.M);
        assertEquals(2001, rig.x(A1) - rig.x(A0));
    }

    /**
     * A trapping instruction does not retire, and neither do ecall and ebreak; the ones before
     * it do. The handler reads minstret again, so the difference counts exactly what retired.
     */
    @Test
    void trapsRetireOnlyWhatCompleted() {
        record Case(String what, int faulting, long wantDelta) { }
        List<Case> cases = List.of(
            new Case("load access fault", lw(A2, 0, T0), 3),
            new Case("illegal instruction", 0xdeadb00b, 3),
            new Case("ecall", ecall(), 3),
            new Case("ebreak", ebreak(), 3),
            new Case("fetch access fault after a jump", jalr(ZERO, T0, 0), 4),
            new Case("misaligned amo", amoadd_w(A2, A2, T1), 3));
        for (Case c : cases) {
            TestRig rig = new TestRig();
            long handler = CODE + 0x800;
            rig.load(rig.program(handler).i(csrr(A1, MINSTRET), wfi()));
            rig.hart.writeCsr(MTVEC, handler);
            rig.hart.setX(T0, 0x4000_0000L);
            rig.hart.setX(T1, DATA + 2);
            rig.load(rig.program().i(csrr(A0, MINSTRET), nop(), nop(), c.faulting));
            rig.runToWfi();
            assertEquals(c.wantDelta, rig.x(A1) - rig.x(A0), c.what + " (mcause " + Cause.name(rig.csr(MCAUSE)) + ")");
        }
    }

    @Test
    void aFetchFaultOnAPageCrossingInstructionRetiresWhatCameBefore() {
        TestRig rig = new TestRig();
        long handler = CODE + 0x800;
        rig.load(rig.program(handler).i(csrr(A1, MINSTRET), wfi()));
        rig.hart.writeCsr(MTVEC, handler);
        rig.identityMapCode(false, 1);             // the page after CODE is unmapped
        rig.enableSv39();
        long start = CODE + 0xff0;
        rig.hart.writeCsr(MCOUNTEREN, 4);
        rig.load(rig.program(start).i(csrr(A0, INSTRET), nop(), nop()).c(c_nop()).i(addi(A2, ZERO, 1)));
        rig.hart.setPc(start);
        rig.hart.setPrivilege(Privilege.S);
        rig.runToWfi();
        assertEquals(Cause.FETCH_PAGE_FAULT, rig.csr(MCAUSE));
        assertEquals(4, rig.x(A1) - rig.x(A0));
    }
}
