package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.Asm.*;
import static org.feuerbird.hardware.cpu.TestRig.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.feuerbird.hardware.device.Clint;
import org.junit.jupiter.api.Test;

/**
 * Exceptions and xRET as the privileged spec (sections "Machine-Mode Privileged Instructions"
 * and "mstatus") defines them: the cause and epc of each ecall, the tval of illegal
 * instructions and breakpoints, how trap entry and mret/sret move MIE/MPIE/MPP and
 * SIE/SPIE/SPP (and clear MPRV), delegation to S-mode, the privilege checks of the xRET and
 * wfi instructions, and what host machine mode reports instead of taking a trap.
 * Interrupts are in {@link InterruptTest}.
 *
 * <p>Architectural traps are observed by letting the guest's handler halt in {@code wfi} and
 * reading the CSRs from the host; single instructions are run with {@link TestRig#step}.
 */
class TrapTest {
    static final long HANDLER = CODE + 0x800, S_HANDLER = CODE + 0xc00;

    /** A rig whose M-mode handler (and S-mode handler) halt at once. */
    static TestRig withHandlers() {
        TestRig rig = new TestRig();
        rig.load(rig.program(HANDLER).i(wfi())).load(rig.program(S_HANDLER).i(wfi()));
        rig.hart.writeCsr(MTVEC, HANDLER);
        rig.hart.writeCsr(STVEC, S_HANDLER);
        return rig;
    }

    static long mpp(TestRig rig) { return (rig.csr(MSTATUS) & MS_MPP) >>> MPP_SHIFT; }

    @Test
    void ecallFromEachModeHasItsCauseAndItsOwnPcAsEpc() {
        int[] modes = {Privilege.U, Privilege.S, Privilege.M};
        long[] causes = {Cause.ECALL_FROM_U, Cause.ECALL_FROM_S, Cause.ECALL_FROM_M};
        for (int k = 0; k < modes.length; k++) {
            TestRig rig = withHandlers();
            rig.load(rig.program().i(nop(), ecall()));
            rig.hart.writeCsr(MTVAL, 0x5555);
            rig.hart.setPrivilege(modes[k]);
            rig.runToWfi();
            String mode = Privilege.name(modes[k]);
            assertEquals(causes[k], rig.csr(MCAUSE), mode);
            assertEquals(CODE + 4, rig.csr(MEPC), mode);
            assertEquals(0, rig.csr(MTVAL), mode);
            assertEquals(Privilege.M, rig.hart.privilege(), mode);
            assertEquals(modes[k], mpp(rig), mode + ": MPP");
            assertEquals(HANDLER + 4, rig.hart.pc(), mode);
        }
    }

    @Test
    void illegalInstructionsReportTheirBitsInMtval() {
        record Case(String what, int parcel, boolean compressed, long tval) { }
        List<Case> cases = List.of(
            new Case("custom-0 opcode", 0xdeadb00b, false, 0xdead_b00bL),
            new Case("csrrw zero, cycle, zero (read-only CSR)", csrw(CYCLE, ZERO), false, 0xc000_1073L),
            new Case("csrr of a CSR that does not exist", csrr(A0, 0x7c0), false, csrr(A0, 0x7c0) & 0xffff_ffffL),
            new Case("slliw with shamt[5] set", slliw(A0, A0, 0) | 1 << 25, false, (slliw(A0, A0, 0) | 1 << 25) & 0xffff_ffffL),
            new Case("c.lwsp x0 (reserved)", 0x4002, true, 0x4002),
            new Case("c.addi4spn with a zero immediate", 0x0004, true, 0x0004),
            new Case("the all-zero parcel", 0x0000, true, 0));
        for (Case c : cases) {
            TestRig rig = withHandlers();
            TestRig.Program p = rig.program();
            if (c.compressed) p.c(c.parcel).c(c_nop()); else p.i(c.parcel);
            rig.load(p).runToWfi();
            assertEquals(Cause.ILLEGAL_INSTRUCTION, rig.csr(MCAUSE), c.what);
            assertEquals(CODE, rig.csr(MEPC), c.what);
            assertEquals(c.tval, rig.csr(MTVAL), c.what);
        }
    }

    @Test
    void ebreakIsABreakpointAtItsOwnPc() {
        for (boolean compressed : new boolean[] {false, true}) {
            TestRig rig = withHandlers();
            TestRig.Program p = rig.program().i(nop());
            if (compressed) p.c(c_ebreak()).c(c_nop()); else p.i(ebreak());
            rig.load(p).runToWfi();
            assertEquals(Cause.BREAKPOINT, rig.csr(MCAUSE));
            assertEquals(CODE + 4, rig.csr(MEPC));
            long tval = rig.csr(MTVAL);
            assertTrue(tval == 0 || tval == CODE + 4, "mtval of a breakpoint is 0 or its pc: 0x" + Long.toHexString(tval));
        }
    }

    // ---- xRET ----

    private record XretCase(String what, int priv, long mstatus, int wantPriv, long wantMstatus) { }

    private static final long STATUS_FIELDS = MS_SIE | MS_MIE | MS_SPIE | MS_MPIE | MS_SPP | MS_MPP | MS_MPRV;

    private static void checkXret(int insn, long target, XretCase c) {
        TestRig rig = new TestRig();
        rig.load(rig.program().i(insn));
        rig.hart.writeCsr(MSTATUS, c.mstatus);
        rig.hart.writeCsr(insn == mret() ? MEPC : SEPC, target);
        rig.hart.setPrivilege(c.priv);
        rig.step(1);
        assertEquals(c.wantPriv, rig.hart.privilege(), c.what + ": privilege");
        assertEquals(target, rig.hart.pc(), c.what + ": pc");
        assertEquals(Long.toHexString(c.wantMstatus), Long.toHexString(rig.csr(MSTATUS) & STATUS_FIELDS),
            c.what + ": mstatus");
    }

    @Test
    void mretRestoresMieFromMpieAndDropsToMpp() {
        long sBits = MS_SIE | MS_SPP;   // must pass through untouched
        List<XretCase> cases = List.of(
            new XretCase("to S", Privilege.M, MS_MPIE | 1L << MPP_SHIFT | MS_MPRV | sBits,
                Privilege.S, MS_MIE | MS_MPIE | sBits),
            new XretCase("to U with MPIE clear", Privilege.M, MS_MIE | MS_MPRV | MS_SPIE,
                Privilege.U, MS_MPIE | MS_SPIE),
            new XretCase("to M keeps MPRV", Privilege.M, MS_MPRV | 3L << MPP_SHIFT | MS_MIE,
                Privilege.M, MS_MPIE | MS_MPRV));
        for (XretCase c : cases) checkXret(mret(), CODE + 0x100, c);
    }

    @Test
    void sretRestoresSieFromSpieDropsToSppAndClearsMprv() {
        long mBits = MS_MIE | MS_MPIE | 1L << MPP_SHIFT;   // must pass through untouched
        List<XretCase> cases = List.of(
            new XretCase("S to S", Privilege.S, MS_SPIE | MS_SPP | mBits, Privilege.S, MS_SIE | MS_SPIE | mBits),
            new XretCase("S to U", Privilege.S, MS_SIE | mBits, Privilege.U, MS_SPIE | mBits),
            new XretCase("M to S clears MPRV", Privilege.M, MS_SPP | MS_MPRV | mBits, Privilege.S, MS_SPIE | mBits),
            new XretCase("M to U clears MPRV", Privilege.M, MS_SPIE | MS_MPRV, Privilege.U, MS_SIE | MS_SPIE));
        for (XretCase c : cases) checkXret(sret(), CODE + 0x100, c);
    }

    @Test
    void xretInALowerModeIsIllegal() {
        record Case(String what, int insn, int priv, long mstatus) { }
        List<Case> cases = List.of(
            new Case("mret in S", mret(), Privilege.S, 0),
            new Case("mret in U", mret(), Privilege.U, 0),
            new Case("sret in U", sret(), Privilege.U, 0),
            new Case("sret in S with TSR", sret(), Privilege.S, MS_TSR));
        for (Case c : cases) {
            TestRig rig = new TestRig();
            rig.load(rig.program().i(c.insn));
            rig.hart.writeCsr(MSTATUS, c.mstatus);
            rig.hart.setPrivilege(c.priv);
            rig.runToHostTrap(Cause.ILLEGAL_INSTRUCTION);
            assertEquals(c.insn & 0xffff_ffffL, rig.hart.trapValue(), c.what);
            assertEquals(c.priv, rig.hart.privilege(), c.what);
            assertEquals(CODE, rig.hart.pc(), c.what);
        }
    }

    @Test
    void wfiIsIllegalInUAndInSWithTw() {
        for (int priv : new int[] {Privilege.U, Privilege.S}) {
            TestRig rig = new TestRig();
            rig.load(rig.program().i(wfi()));
            if (priv == Privilege.S) rig.hart.writeCsr(MSTATUS, MS_TW);
            rig.hart.setPrivilege(priv);
            rig.runToHostTrap(Cause.ILLEGAL_INSTRUCTION);
            assertEquals(wfi() & 0xffff_ffffL, rig.hart.trapValue());
        }
    }

    // ---- trap entry and delegation ----

    @Test
    void aTrapIntoMSavesMieAndThePrivilege() {
        TestRig rig = withHandlers();
        rig.load(rig.program().i(ecall()));
        long sBits = MS_SIE | MS_SPP;
        rig.hart.writeCsr(MSTATUS, MS_MIE | sBits);
        rig.hart.setPrivilege(Privilege.S);
        rig.runToWfi();
        assertEquals(MS_MPIE | 1L << MPP_SHIFT | sBits, rig.csr(MSTATUS) & STATUS_FIELDS);
    }

    @Test
    void aDelegatedTrapGoesToStvecAndSavesSieAndThePrivilege() {
        TestRig rig = withHandlers();
        rig.load(rig.program().i(nop(), ecall()));
        rig.hart.writeCsr(MEDELEG, 1L << Cause.ECALL_FROM_U);
        rig.hart.writeCsr(MCAUSE, 0x77);
        long mBits = MS_MIE | 3L << MPP_SHIFT;
        rig.hart.writeCsr(MSTATUS, MS_SIE | MS_SPP | mBits);
        rig.hart.setPrivilege(Privilege.U);
        rig.runToWfi();
        assertEquals(Privilege.S, rig.hart.privilege());
        assertEquals(S_HANDLER + 4, rig.hart.pc());
        assertEquals(Cause.ECALL_FROM_U, rig.csr(SCAUSE));
        assertEquals(CODE + 4, rig.csr(SEPC));
        assertEquals(0, rig.csr(STVAL));
        assertEquals(MS_SPIE | mBits, rig.csr(MSTATUS) & STATUS_FIELDS, "SPIE = old SIE, SIE = 0, SPP = U");
        assertEquals(0x77, rig.csr(MCAUSE), "M-mode registers untouched");
    }

    @Test
    void aDelegatedExceptionFromSStaysInSWithItsTval() {
        TestRig rig = withHandlers();
        rig.load(rig.program().i(0xdeadb00b));
        rig.hart.writeCsr(MEDELEG, 1L << Cause.ILLEGAL_INSTRUCTION);
        rig.hart.setPrivilege(Privilege.S);
        rig.runToWfi();
        assertEquals(Privilege.S, rig.hart.privilege());
        assertEquals(Cause.ILLEGAL_INSTRUCTION, rig.csr(SCAUSE));
        assertEquals(0xdead_b00bL, rig.csr(STVAL));
        assertEquals(CODE, rig.csr(SEPC));
        assertEquals(MS_SPP, rig.csr(MSTATUS) & MS_SPP, "SPP = S");
    }

    @Test
    void aTrapInMIsNeverDelegated() {
        for (int insn : new int[] {ecall(), 0xdeadb00b, ebreak()}) {
            TestRig rig = withHandlers();
            rig.load(rig.program().i(insn));
            rig.hart.writeCsr(MEDELEG, -1);
            rig.hart.writeCsr(MIDELEG, -1);
            rig.runToWfi();
            assertEquals(Privilege.M, rig.hart.privilege());
            assertEquals(HANDLER + 4, rig.hart.pc());
            assertEquals(0, rig.csr(SCAUSE));
        }
    }

    @Test
    void ecallFromMCannotBeDelegated() {
        TestRig rig = new TestRig();
        rig.hart.writeCsr(MEDELEG, -1);
        assertEquals(0, rig.csr(MEDELEG) & 1L << Cause.ECALL_FROM_M, "medeleg[11] is read-only zero");
    }

    // ---- round trips ----

    @Test
    void aUserEcallServedInMReturnsToTheNextUserInstruction() {
        TestRig rig = new TestRig();
        // handler: count the call; the second one halts, the first returns past the ecall
        TestRig.Program h = rig.program(HANDLER).i(addi(S1, S1, 1), addi(T0, ZERO, 2));
        h.i(beq(S1, T0, 20), csrr(T1, MEPC), addi(T1, T1, 4), csrw(MEPC, T1), mret(), wfi());
        rig.load(h).load(rig.program().i(addi(A0, ZERO, 5), ecall(), addi(A0, A0, 1), ecall()));
        rig.hart.writeCsr(MTVEC, HANDLER);
        rig.hart.setPrivilege(Privilege.U);
        rig.runToWfi();
        assertEquals(2, rig.x(S1));
        assertEquals(6, rig.x(A0));
        assertEquals(CODE + 12, rig.csr(MEPC));
        assertEquals(Privilege.U, mpp(rig));
    }

    @Test
    void aDelegatedUserEcallServedInSReturnsToUWithSret() {
        TestRig rig = new TestRig();
        rig.load(rig.program(S_HANDLER).i(csrr(T1, SEPC), addi(T1, T1, 4), csrw(SEPC, T1), addi(A1, ZERO, 9), sret()));
        rig.load(rig.program().i(ecall(), addi(A2, A1, 1), ebreak()));
        rig.hart.writeCsr(STVEC, S_HANDLER);
        rig.hart.writeCsr(MEDELEG, 1L << Cause.ECALL_FROM_U);
        rig.hart.setPrivilege(Privilege.U);
        rig.runToHostTrap(Cause.BREAKPOINT);
        assertEquals(Privilege.U, rig.hart.privilege());
        assertEquals(CODE + 8, rig.hart.pc());
        assertEquals(10, rig.x(A2));
    }

    @Test
    void aTrapInsideAnMHandlerOverwritesTheTrapRegisters() {
        TestRig rig = new TestRig();
        long second = HANDLER + 0x100;
        // the first handler points mtvec at a second one, then faults on a load
        TestRig.Program h = rig.program(HANDLER).li(T0, second).i(csrw(MTVEC, T0)).li(T1, 0x4000_0000L);
        long faulting = h.here();
        h.i(ld(T2, 0, T1));
        rig.load(h).load(rig.program(second).i(wfi())).load(rig.program().i(ecall()));
        rig.hart.writeCsr(MTVEC, HANDLER);
        rig.hart.setPrivilege(Privilege.S);
        rig.runToWfi();
        assertEquals(Cause.LOAD_ACCESS, rig.csr(MCAUSE));
        assertEquals(faulting, rig.csr(MEPC));
        assertEquals(0x4000_0000L, rig.csr(MTVAL));
        assertEquals(Privilege.M, mpp(rig), "the second trap came from M");
    }

    // ---- host machine mode ----

    @Test
    void hostMachineModeReportsTheTrapAndLeavesTheHartAtTheFault() {
        TestRig rig = new TestRig();
        TestRig.Program p = rig.program().li(A1, 0x1000);
        long at = p.here();
        p.i(ld(A0, 8, A1));
        rig.load(p);
        rig.hart.writeCsr(MTVEC, HANDLER);
        rig.hart.writeCsr(MEPC, 0x1234);
        rig.hart.writeCsr(MCAUSE, 0x77);
        rig.hart.writeCsr(MSTATUS, MS_MIE | 1L << MPP_SHIFT);
        rig.hart.setX(A0, 99);
        rig.runToHostTrap(Cause.LOAD_ACCESS);
        assertEquals(0x1008, rig.hart.trapValue());
        assertEquals(at, rig.hart.pc());
        assertEquals(99, rig.x(A0));
        assertEquals(Privilege.M, rig.hart.privilege());
        assertEquals(0x1234, rig.csr(MEPC));
        assertEquals(0x77, rig.csr(MCAUSE));
        assertEquals(MS_MIE | 1L << MPP_SHIFT, rig.csr(MSTATUS) & STATUS_FIELDS);
    }

    @Test
    void hostMachineModeReportsUserEcallsAndKeepsTheUserMode() {
        TestRig rig = new TestRig();
        rig.load(rig.program().i(nop(), ecall()));
        rig.hart.setPrivilege(Privilege.U);
        rig.runToHostTrap(Cause.ECALL_FROM_U);
        assertEquals(0, rig.hart.trapValue());
        assertEquals(CODE + 4, rig.hart.pc());
        assertEquals(Privilege.U, rig.hart.privilege());
        assertEquals(0, rig.csr(MCAUSE));
    }

    @Test
    void hostMachineModeStillTakesDelegatedTrapsArchitecturally() {
        TestRig rig = new TestRig();
        rig.load(rig.program().i(ecall())).load(rig.program(S_HANDLER).i(ecall()));
        rig.hart.writeCsr(STVEC, S_HANDLER);
        rig.hart.writeCsr(MEDELEG, 1L << Cause.ECALL_FROM_U);
        rig.hart.setPrivilege(Privilege.U);
        rig.runToHostTrap(Cause.ECALL_FROM_S);   // the S handler's own ecall
        assertEquals(S_HANDLER, rig.hart.pc());
        assertEquals(Cause.ECALL_FROM_U, rig.csr(SCAUSE));
        assertEquals(CODE, rig.csr(SEPC));
    }

    @Test
    void hostMachineModeReportsMachineInterruptsWithoutTakingThem() {
        TestRig rig = new TestRig();
        rig.load(rig.program().i(nop(), nop()));
        rig.board.clint().write(Clint.MTIMECMP, 8, 0);
        rig.hart.writeCsr(MIE, MTIP);
        rig.hart.setPrivilege(Privilege.U);
        rig.runToHostTrap(Cause.INTERRUPT | Cause.MACHINE_TIMER);
        assertEquals(0, rig.hart.trapValue());
        assertEquals(CODE, rig.hart.pc());
        assertEquals(Privilege.U, rig.hart.privilege());
    }
}
