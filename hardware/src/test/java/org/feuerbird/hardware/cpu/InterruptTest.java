package org.feuerbird.hardware.cpu;

import static org.feuerbird.hardware.cpu.Asm.*;
import static org.feuerbird.hardware.cpu.TestRig.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.feuerbird.hardware.board.MemoryMap;
import org.feuerbird.hardware.device.Clint;
import org.feuerbird.hardware.device.Plic;
import org.junit.jupiter.api.Test;

/**
 * Interrupts end to end, from the devices of the board to the guest's handler: the CLINT
 * timer and software interrupt, an external interrupt through the PLIC claimed and completed
 * by guest code, the global and per-source enables (privileged spec, "Machine Interrupt
 * Registers"), delegation to S-mode, the priority order among simultaneous interrupts,
 * vectored mtvec, and what wfi does with and without a pending interrupt.
 *
 * <p>Devices are programmed by the guest through the bus where that is the point of the test,
 * and by the host otherwise. The board's clock only moves when the test sets it, so "the
 * timer has not fired yet" is a fact, not a race.
 */
class InterruptTest {
    private static final long HANDLER = CODE + 0x800;
    private static final long CLINT = MemoryMap.CLINT_BASE, PLIC = MemoryMap.PLIC_BASE;
    private static final long INT = Cause.INTERRUPT;

    /** An M-mode handler that puts mcause in a0, masks every interrupt and halts. */
    private static TestRig withRecordingHandler() {
        TestRig rig = new TestRig();
        rig.load(rig.program(HANDLER).i(csrr(A0, MCAUSE), csrw(MIE, ZERO), wfi()));
        rig.hart.writeCsr(MTVEC, HANDLER);
        rig.hart.setX(A0, -1);
        return rig;
    }

    /** Guest code that sets mtimecmp through the CLINT, then enables the timer (and MIE if asked). */
    private static TestRig.Program timerProgram(TestRig rig, long compare, boolean globalEnable) {
        TestRig.Program p = rig.program();
        p.li(T1, CLINT + Clint.MTIMECMP).li(T2, compare).i(sd(T2, 0, T1));
        p.li(T0, MTIP).i(csrw(MIE, T0));
        if (globalEnable) p.i(csrrsi(ZERO, MSTATUS, (int) MS_MIE));
        return p;
    }

    @Test
    void theTimerInterruptsWhenTheClockReachesMtimecmp() {
        TestRig rig = withRecordingHandler();
        TestRig.Program p = timerProgram(rig, 1000, true);
        long loop = p.here();
        p.i(wfi(), j(-4));
        rig.load(p).runToWfi();
        assertEquals(-1, rig.x(A0), "no interrupt at time 0");
        assertEquals(loop + 4, rig.hart.pc());
        rig.setTime(999);
        rig.runToWfi();
        assertEquals(-1, rig.x(A0), "no interrupt at time 999");
        assertEquals(0, rig.csr(MIP) & MTIP, "MTIP clear before the compare");
        rig.setTime(1000);
        rig.runToWfi();
        assertEquals(INT | Cause.MACHINE_TIMER, rig.x(A0));
        assertEquals(loop + 4, rig.csr(MEPC));
        assertEquals(MTIP, rig.csr(MIP) & MTIP);
        assertEquals(1000, rig.board.clint().read(Clint.MTIMECMP, 8));
    }

    @Test
    void aPendingTimerIsNotTakenInMWithoutMie() {
        TestRig rig = withRecordingHandler();
        TestRig.Program p = timerProgram(rig, 1000, false);
        p.i(wfi(), addi(A1, ZERO, 1), ecall());   // wfi must not wait: MTIP is pending and enabled
        rig.setTime(5000);
        rig.load(p).runToWfi();
        assertEquals(Cause.ECALL_FROM_M, rig.x(A0), "the ecall, not the timer, reached the handler");
        assertEquals(1, rig.x(A1));
    }

    @Test
    void aPendingTimerIsNotTakenWithoutMtie() {
        TestRig rig = withRecordingHandler();
        rig.board.clint().write(Clint.MTIMECMP, 8, 10);
        rig.setTime(20);
        rig.hart.writeCsr(MSTATUS, MS_MIE);
        rig.load(rig.program().i(wfi()));
        rig.runToWfi();
        assertEquals(-1, rig.x(A0));
        assertEquals(MTIP, rig.csr(MIP) & MTIP, "pending but not enabled");
    }

    @Test
    void aMachineInterruptIsTakenInLowerModesWhateverMie() {
        for (int priv : new int[] {Privilege.S, Privilege.U}) {
            TestRig rig = withRecordingHandler();
            rig.board.clint().write(Clint.MTIMECMP, 8, 10);
            rig.setTime(10);
            rig.hart.writeCsr(MIE, MTIP);
            rig.hart.writeCsr(MSTATUS, 0);
            rig.load(rig.program().i(j(0)));
            rig.hart.setPrivilege(priv);
            rig.runToWfi();
            assertEquals(INT | Cause.MACHINE_TIMER, rig.x(A0), Privilege.name(priv));
            assertEquals(priv, (rig.csr(MSTATUS) & MS_MPP) >>> MPP_SHIFT);
            assertEquals(CODE, rig.csr(MEPC));
        }
    }

    @Test
    void theClintSoftwareInterruptIsRaisedAndClearedByTheGuest() {
        TestRig rig = new TestRig();
        rig.load(rig.program(HANDLER).li(T0, CLINT + Clint.MSIP)
            .i(csrr(A0, MCAUSE), sw(ZERO, 0, T0), csrr(A1, MIP), csrw(MIE, ZERO), wfi()));
        rig.hart.writeCsr(MTVEC, HANDLER);
        TestRig.Program p = rig.program();
        p.li(T0, CLINT + Clint.MSIP).li(T1, 1).i(sw(T1, 0, T0));
        p.li(T0, MSIP).i(csrw(MIE, T0), csrrsi(ZERO, MSTATUS, (int) MS_MIE));
        long after = p.here();
        p.i(wfi(), j(-4));
        rig.load(p).runToWfi();
        assertEquals(INT | Cause.MACHINE_SOFTWARE, rig.x(A0));
        assertEquals(after, rig.csr(MEPC));
        assertEquals(0, rig.x(A1) & MSIP, "cleared by the guest's store to msip");
    }

    @Test
    void anExternalInterruptIsClaimedAndCompletedThroughThePlic() {
        int source = 5;
        TestRig rig = new TestRig();
        long claim = PLIC + Plic.CONTEXT + Plic.CLAIM;   // context 0: hart 0, M-mode
        rig.load(rig.program(HANDLER).li(T0, claim)
            .i(csrr(A0, MCAUSE), lw(A1, 0, T0), lw(A2, 0, T0), sw(A1, 0, T0), csrw(MIE, ZERO), wfi()));
        rig.hart.writeCsr(MTVEC, HANDLER);
        TestRig.Program p = rig.program();
        p.li(T0, PLIC + Plic.PRIORITY + 4 * source).li(T1, 3).i(sw(T1, 0, T0));
        p.li(T0, PLIC + Plic.ENABLE).li(T1, 1L << source).i(sw(T1, 0, T0));
        p.li(T0, PLIC + Plic.CONTEXT).i(sw(ZERO, 0, T0));                     // threshold 0
        p.li(T0, MEIP).i(csrw(MIE, T0), csrrsi(ZERO, MSTATUS, (int) MS_MIE));
        long loop = p.here();
        p.i(wfi(), j(-4));
        rig.load(p).runToWfi();
        assertEquals(loop + 4, rig.hart.pc(), "waiting: no source is pending");
        assertEquals(0, rig.csr(MIP) & MEIP);

        rig.board.plic().line(source).raise();
        assertEquals(MEIP, rig.csr(MIP) & MEIP);
        rig.runToWfi();
        assertEquals(INT | Cause.MACHINE_EXTERNAL, rig.x(A0));
        assertEquals(source, rig.x(A1), "the claim returns the source");
        assertEquals(0, rig.x(A2), "a second claim finds nothing");
        assertEquals(MEIP, rig.csr(MIP) & MEIP, "completed while the line is still high: pending again");
        rig.board.plic().line(source).lower();
        assertEquals(0, rig.csr(MIP) & MEIP);
    }

    @Test
    void aSupervisorExternalInterruptIsDelegatedToS() {
        int source = 7;
        TestRig rig = new TestRig();
        long sHandler = CODE + 0xc00;
        long claim = PLIC + Plic.CONTEXT + Plic.CONTEXT_STRIDE + Plic.CLAIM;   // context 1: hart 0, S-mode
        rig.load(rig.program(sHandler).li(T0, claim)
            .i(csrr(A0, SCAUSE), lw(A1, 0, T0), sw(A1, 0, T0), csrw(SIE, ZERO), wfi()));
        rig.hart.writeCsr(STVEC, sHandler);
        rig.hart.writeCsr(MIDELEG, SEIP);
        rig.hart.writeCsr(MIE, SEIP);
        rig.hart.writeCsr(MSTATUS, MS_SIE);
        rig.bus().store(PLIC + Plic.PRIORITY + 4 * source, 4, 1);
        rig.bus().store(PLIC + Plic.ENABLE + Plic.ENABLE_STRIDE, 4, 1L << source);
        rig.load(rig.program().i(wfi(), j(-4)));
        rig.hart.setPrivilege(Privilege.S);
        rig.runToWfi();
        assertEquals(CODE + 4, rig.hart.pc());
        rig.board.plic().line(source).raise();
        assertEquals(SEIP, rig.csr(SIP) & SEIP);
        rig.runToWfi();
        assertEquals(Privilege.S, rig.hart.privilege());
        assertEquals(INT | Cause.SUPERVISOR_EXTERNAL, rig.x(A0));
        assertEquals(source, rig.x(A1));
    }

    /**
     * With several interrupts pending and enabled at once, the handler (which masks the one it
     * took) sees them in the spec's order: MEI, MSI, MTI, then SEI, SSI, STI.
     */
    @Test
    void simultaneousMachineInterruptsAreTakenInPriorityOrder() {
        TestRig rig = new TestRig();
        rig.load(rig.program(HANDLER)
            .i(csrr(T0, MCAUSE), sd(T0, 0, S1), addi(S1, S1, 8), andi(T0, T0, 63), addi(T1, ZERO, 1),
                sll(T1, T1, T0), csrc(MIE, T1), mret()));
        rig.hart.writeCsr(MTVEC, HANDLER);
        rig.hart.setX(S1, DATA);
        rig.board.clint().write(Clint.MTIMECMP, 8, 0);
        rig.board.clint().write(Clint.MSIP, 4, 1);
        rig.bus().store(PLIC + Plic.PRIORITY + 4 * 3, 4, 1);
        rig.bus().store(PLIC + Plic.ENABLE, 4, 1L << 3);
        rig.board.plic().line(3).raise();
        TestRig.Program p = rig.program();
        p.li(T0, MTIP | MSIP | MEIP).i(csrw(MIE, T0), csrrsi(ZERO, MSTATUS, (int) MS_MIE), wfi());
        rig.load(p).runToWfi();
        assertEquals(INT | Cause.MACHINE_EXTERNAL, rig.ram.load64(DATA));
        assertEquals(INT | Cause.MACHINE_SOFTWARE, rig.ram.load64(DATA + 8));
        assertEquals(INT | Cause.MACHINE_TIMER, rig.ram.load64(DATA + 16));
        assertEquals(DATA + 24, rig.x(S1));
    }

    @Test
    void simultaneousSupervisorInterruptsAreTakenInPriorityOrder() {
        TestRig rig = new TestRig();
        long sHandler = CODE + 0xc00;
        rig.load(rig.program(sHandler)
            .i(csrr(T0, SCAUSE), sd(T0, 0, S1), addi(S1, S1, 8), andi(T0, T0, 63), addi(T1, ZERO, 1),
                sll(T1, T1, T0), csrc(SIE, T1), sret()));
        rig.hart.writeCsr(STVEC, sHandler);
        rig.hart.setX(S1, DATA);
        rig.hart.writeCsr(MIDELEG, SSIP | STIP | SEIP);
        rig.hart.writeCsr(MIP, SSIP | STIP | SEIP);
        rig.hart.writeCsr(MIE, SSIP | STIP | SEIP);
        rig.load(rig.program().i(csrrsi(ZERO, SSTATUS, (int) MS_SIE), wfi()));
        rig.hart.setPrivilege(Privilege.S);
        rig.runToWfi();
        assertEquals(INT | Cause.SUPERVISOR_EXTERNAL, rig.ram.load64(DATA));
        assertEquals(INT | Cause.SUPERVISOR_SOFTWARE, rig.ram.load64(DATA + 8));
        assertEquals(INT | Cause.SUPERVISOR_TIMER, rig.ram.load64(DATA + 16));
        assertEquals(DATA + 24, rig.x(S1));
    }

    @Test
    void aMachineInterruptPrecedesASupervisorOneWhateverTheirNumbers() {
        TestRig rig = withRecordingHandler();
        rig.load(rig.program(CODE + 0xc00).i(csrr(A0, SCAUSE), wfi()));
        rig.hart.writeCsr(STVEC, CODE + 0xc00);
        rig.hart.writeCsr(MIDELEG, SEIP);
        rig.hart.writeCsr(MIP, SEIP);
        rig.board.clint().write(Clint.MSIP, 4, 1);
        rig.hart.writeCsr(MIE, SEIP | MSIP);
        rig.hart.writeCsr(MSTATUS, MS_SIE);
        rig.load(rig.program().i(j(0)));
        rig.hart.setPrivilege(Privilege.S);
        rig.runToWfi();
        assertEquals(Privilege.M, rig.hart.privilege());
        assertEquals(INT | Cause.MACHINE_SOFTWARE, rig.x(A0));
    }

    /** A delegated interrupt needs sstatus.SIE in S, but is always enabled in U (a lower mode). */
    @Test
    void aDelegatedInterruptNeedsSieOnlyInS() {
        for (int priv : new int[] {Privilege.S, Privilege.U}) {
            TestRig rig = new TestRig();
            long sHandler = CODE + 0xc00;
            rig.load(rig.program(sHandler).i(csrr(A0, SCAUSE), ecall()));
            rig.hart.writeCsr(STVEC, sHandler);
            rig.hart.writeCsr(MIDELEG, SSIP);
            rig.hart.writeCsr(MIE, SSIP);
            rig.hart.writeCsr(MIP, SSIP);
            rig.hart.writeCsr(MSTATUS, 0);                   // SIE off
            rig.load(rig.program().i(nop(), ecall()));
            rig.hart.setPrivilege(priv);
            rig.runToHostTrap();
            if (priv == Privilege.S) {
                assertEquals(Cause.ECALL_FROM_S, rig.hart.trapCause(), "S with SIE off: not taken");
                assertEquals(CODE + 4, rig.hart.pc());
            } else {
                assertEquals(Cause.ECALL_FROM_S, rig.hart.trapCause(), "U: taken, the handler's ecall");
                assertEquals(INT | Cause.SUPERVISOR_SOFTWARE, rig.x(A0));
                assertEquals(CODE, rig.csr(SEPC));
            }
        }
    }

    /**
     * What SBI firmware does with the timer: M takes MTI, masks it, posts STIP and returns; the
     * supervisor interrupt then reaches S (whose handler here masks it and halts).
     */
    @Test
    void aMachineTimerForwardedAsASupervisorTimerReachesS() {
        TestRig rig = new TestRig();
        long sHandler = CODE + 0xc00;
        rig.load(rig.program(HANDLER).li(T0, MTIP).i(csrc(MIE, T0)).li(T0, STIP).i(csrs(MIP, T0), mret()));
        rig.load(rig.program(sHandler).i(csrr(A0, SCAUSE), csrr(A1, SEPC), csrw(SIE, ZERO), wfi()));
        rig.hart.writeCsr(MTVEC, HANDLER);
        rig.hart.writeCsr(STVEC, sHandler);
        rig.hart.writeCsr(MIDELEG, STIP);
        rig.hart.writeCsr(MIE, MTIP | STIP);
        rig.hart.writeCsr(MSTATUS, MS_SIE);
        rig.board.clint().write(Clint.MTIMECMP, 8, 50);
        TestRig.Program p = rig.program();
        long loop = p.here();
        p.i(addi(A2, A2, 1), j(-4));
        rig.load(p);
        rig.hart.setPrivilege(Privilege.S);
        rig.hart.setHostMachineMode(false);
        assertEquals(Hart.EXIT_BUDGET, rig.hart.run(100));   // time 0: the loop spins
        rig.setTime(50);
        rig.runToWfi();
        assertEquals(INT | Cause.SUPERVISOR_TIMER, rig.x(A0));
        assertTrue(rig.x(A1) == loop || rig.x(A1) == loop + 4, "interrupted inside the loop");
        assertEquals(INT | Cause.MACHINE_TIMER, rig.csr(MCAUSE), "M saw the timer first");
        assertEquals(Privilege.S, rig.hart.privilege());
    }

    @Test
    void aDelegatedInterruptIsNeverTakenInM() {
        TestRig rig = new TestRig();
        rig.hart.writeCsr(MIDELEG, SSIP);
        rig.hart.writeCsr(MIE, SSIP);
        rig.hart.writeCsr(MIP, SSIP);
        rig.hart.writeCsr(MSTATUS, MS_SIE | MS_MIE);
        rig.load(rig.program().i(nop(), wfi(), ecall()));
        rig.runToHostTrap(Cause.ECALL_FROM_M);   // and wfi did not wait: SSIP is pending and enabled
        assertEquals(0, rig.csr(SCAUSE));
    }

    @Test
    void vectoredMtvecVectorsInterruptsButNotExceptions() {
        long base = CODE + 0x1000;
        for (String kind : new String[] {"exception", "software", "timer"}) {
            TestRig rig = new TestRig();
            // slot k jumps to a stub that sets a0 = k, masks interrupts and halts
            TestRig.Program slots = rig.program(base);
            for (int k = 0; k < 12; k++) slots.i(j(0x100 + 16 * k - 4 * k));
            rig.load(slots);
            for (int k = 0; k < 12; k++) {
                rig.load(rig.program(base + 0x100 + 16 * k).i(addi(A0, ZERO, k), csrw(MIE, ZERO), wfi()));
            }
            rig.hart.writeCsr(MTVEC, base | 1);
            assertEquals(base | 1, rig.csr(MTVEC));
            TestRig.Program p = rig.program();
            switch (kind) {
                case "exception" -> p.i(ecall());
                case "software" -> {
                    rig.board.clint().write(Clint.MSIP, 4, 1);
                    p.li(T0, MSIP).i(csrw(MIE, T0), csrrsi(ZERO, MSTATUS, (int) MS_MIE), j(0));
                }
                default -> {
                    rig.board.clint().write(Clint.MTIMECMP, 8, 0);
                    p.li(T0, MTIP).i(csrw(MIE, T0), csrrsi(ZERO, MSTATUS, (int) MS_MIE), j(0));
                }
            }
            rig.load(p).runToWfi();
            long cause = rig.csr(MCAUSE);
            int slot = Cause.isInterrupt(cause) ? (int) (cause & 63) : 0;
            assertEquals(slot, rig.x(A0), kind + ": mcause 0x" + Long.toHexString(cause));
            assertEquals(kind.equals("exception") ? Cause.ECALL_FROM_M
                : kind.equals("software") ? INT | Cause.MACHINE_SOFTWARE : INT | Cause.MACHINE_TIMER, cause, kind);
        }
    }

    @Test
    void wfiReturnsToTheHostOnlyWhileNoEnabledInterruptIsPending() {
        TestRig rig = new TestRig();
        rig.hart.writeCsr(MIE, MSIP);          // enabled locally, MIE off: never taken, but wakes wfi
        TestRig.Program p = rig.program().i(wfi(), addi(A0, ZERO, 1), wfi(), addi(A1, ZERO, 2), ecall());
        rig.load(p);
        rig.hart.setHostMachineMode(true);
        assertEquals(Hart.EXIT_WFI, rig.hart.run(BUDGET));
        assertEquals(CODE + 4, rig.hart.pc());
        assertEquals(0, rig.x(A0));
        rig.board.clint().write(Clint.MSIP, 4, 1);
        rig.runToHostTrap(Cause.ECALL_FROM_M);
        assertEquals(1, rig.x(A0));
        assertEquals(2, rig.x(A1));
    }

    @Test
    void wfiWaitsForAPendingButDisabledInterrupt() {
        TestRig rig = new TestRig();
        rig.board.clint().write(Clint.MSIP, 4, 1);   // pending, but mie.MSIE is clear
        rig.load(rig.program().i(wfi(), ecall()));
        rig.hart.setHostMachineMode(true);
        assertEquals(Hart.EXIT_WFI, rig.hart.run(BUDGET));
    }
}
