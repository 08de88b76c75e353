package org.feuerbird.hardware.cpu;

/**
 * The control and status registers of one hart: their state and the rules for reading and
 * writing them (privilege, read-only, WARL masks).
 *
 * <p>Only the bits this hart implements are kept; the rest read as zero. Registers that
 * live elsewhere are reached through the hart: fflags in {@link Fpu#flags}, the counters
 * in the hart's retired-instruction count, the externally driven bits of mip in the
 * hart's interrupt lines. A write that can change which interrupt is deliverable or how
 * addresses translate returns true, so the interpreter leaves its inner loop and looks again.
 */
final class CsrFile {
    long mstatus = Csr.UXL | Csr.SXL;
    long mtvec, mepc, mcause, mtval, mscratch, medeleg, mideleg, mie, mcounteren, menvcfg, mcountinhibit;
    long stvec, sepc, scause, stval, sscratch, scounteren, senvcfg, satp;
    /** The software-writable pending bits (SSIP, STIP, SEIP); the rest of mip comes from the lines. */
    long mipSoft;
    int frm;
    /** Added to the retired-instruction count to give mcycle/minstret, so software can write them. */
    long cycleOffset, instretOffset;

    /** Set by {@link #read}/{@link #write} when the access is illegal. */
    boolean illegal;

    private final Hart hart;

    CsrFile(Hart hart) { this.hart = hart; }

    /** Exceptions that may be delegated to S-mode (everything but ecall from M). */
    private static final long DELEGABLE_EXCEPTIONS = 0xb3ffL & ~(1L << Cause.ECALL_FROM_M);

    private boolean accessible(int csr, int priv, boolean write) {
        if (write && (csr >>> 10) == 3) return false;      // read-only range
        if (((csr >>> 8) & 3) > priv) return false;        // needs a higher privilege
        if (csr == Csr.SATP && priv == Privilege.S && (mstatus & Csr.TVM) != 0) return false;
        if (csr <= Csr.FCSR && (mstatus & Csr.FS) == 0) return false;   // FPU off
        if (csr >= Csr.CYCLE && csr <= Csr.HPMCOUNTER31) {
            int bit = 1 << (csr - Csr.CYCLE);
            if (priv < Privilege.M && (mcounteren & bit) == 0) return false;
            if (priv == Privilege.U && (scounteren & bit) == 0) return false;
        }
        return true;
    }

    long read(int csr, int priv) {
        illegal = !accessible(csr, priv, false);
        if (illegal) return 0;
        return switch (csr) {
            case Csr.FFLAGS -> hart.fpu.flags;
            case Csr.FRM -> frm;
            case Csr.FCSR -> (long) frm << 5 | hart.fpu.flags;
            case Csr.CYCLE, Csr.MCYCLE -> hart.retired() + cycleOffset;
            case Csr.INSTRET, Csr.MINSTRET -> hart.retired() + instretOffset;
            case Csr.TIME -> hart.clock().now();
            case Csr.SSTATUS -> withSd(mstatus) & Csr.SSTATUS_VIEW;
            case Csr.SIE -> mie & mideleg;
            case Csr.STVEC -> stvec;
            case Csr.SCOUNTEREN -> scounteren;
            case Csr.SENVCFG -> senvcfg;
            case Csr.SSCRATCH -> sscratch;
            case Csr.SEPC -> sepc;
            case Csr.SCAUSE -> scause;
            case Csr.STVAL -> stval;
            case Csr.SIP -> hart.pendingInterrupts() & mideleg;
            case Csr.SATP -> satp;
            case Csr.MVENDORID, Csr.MARCHID, Csr.MIMPID, Csr.MCONFIGPTR, Csr.MTINST, Csr.MTVAL2 -> 0;
            case Csr.MHARTID -> hart.hartId();
            case Csr.MSTATUS -> withSd(mstatus);
            case Csr.MISA -> Csr.MISA_VALUE;
            case Csr.MEDELEG -> medeleg;
            case Csr.MIDELEG -> mideleg;
            case Csr.MIE -> mie;
            case Csr.MTVEC -> mtvec;
            case Csr.MCOUNTEREN -> mcounteren;
            case Csr.MENVCFG -> menvcfg;
            case Csr.MCOUNTINHIBIT -> mcountinhibit;
            case Csr.MSCRATCH -> mscratch;
            case Csr.MEPC -> mepc;
            case Csr.MCAUSE -> mcause;
            case Csr.MTVAL -> mtval;
            case Csr.MIP -> hart.pendingInterrupts();
            case Csr.TSELECT -> ~0L;      // no triggers: tselect reads back a value != what was written
            case Csr.TDATA1, Csr.TDATA2, Csr.TDATA3 -> 0;
            default -> {
                if (zeroCounter(csr)) yield 0;
                illegal = true;
                yield 0;
            }
        };
    }

    /**
     * The value a csrrs/csrrc sets or clears bits in, given what the read returned. It is the
     * read value, except that mip.SEIP reads as the software bit OR the PLIC's line while only
     * the software bit takes part in a read-modify-write (privileged spec, "Machine Interrupt
     * Registers"): otherwise setting SSIP while the line is high would latch SEIP.
     */
    long readModifyWriteBase(int csr, long read) {
        return csr == Csr.MIP ? (read & ~Csr.SEIP) | (mipSoft & Csr.SEIP) : read;
    }

    /**
     * Writes a CSR. Returns true if the write may change interrupt deliverability or address
     * translation (the caller then re-evaluates both).
     */
    boolean write(int csr, int priv, long v) {
        illegal = !accessible(csr, priv, true);
        if (illegal) return false;
        switch (csr) {
            case Csr.FFLAGS -> { hart.fpu.flags = (int) v & 0x1f; dirtyFp(); }
            case Csr.FRM -> { frm = (int) v & 7; dirtyFp(); }
            case Csr.FCSR -> { hart.fpu.flags = (int) v & 0x1f; frm = (int) (v >>> 5) & 7; dirtyFp(); }
            case Csr.MCYCLE -> cycleOffset = v - hart.retired();
            case Csr.MINSTRET -> instretOffset = v - hart.retired() - 1;   // the csrw itself retires after
            case Csr.SSTATUS -> { setMstatus((mstatus & ~Csr.SSTATUS_VIEW) | (v & Csr.SSTATUS_VIEW)); return true; }
            case Csr.SIE -> { mie = (mie & ~mideleg) | (v & mideleg); return true; }
            case Csr.STVEC -> stvec = legalTvec(v);
            case Csr.SCOUNTEREN -> scounteren = v & 0xffff_ffffL;
            case Csr.SENVCFG -> senvcfg = 0;   // no optional features to enable
            case Csr.SSCRATCH -> sscratch = v;
            case Csr.SEPC -> sepc = v & ~1L;
            case Csr.SCAUSE -> scause = v;
            case Csr.STVAL -> stval = v;
            case Csr.SIP -> { long m = mideleg & Csr.SSIP; mipSoft = (mipSoft & ~m) | (v & m); return true; }
            case Csr.SATP -> {
                long mode = v >>> Csr.SATP_MODE_SHIFT;
                if (mode != Csr.SATP_MODE_BARE && mode != Csr.SATP_MODE_SV39) return false; // WARL: ignored
                satp = mode == Csr.SATP_MODE_BARE ? 0 : v & ((0xfL << 60) | (0xffffL << 44) | Csr.SATP_PPN);
                return true;
            }
            case Csr.MSTATUS -> { setMstatus(v); return true; }
            case Csr.MISA -> { }   // fixed
            case Csr.MEDELEG -> medeleg = v & DELEGABLE_EXCEPTIONS;
            case Csr.MIDELEG -> { mideleg = v & Csr.S_INTERRUPTS; return true; }
            case Csr.MIE -> { mie = v & Csr.ALL_INTERRUPTS; return true; }
            case Csr.MTVEC -> mtvec = legalTvec(v);
            case Csr.MCOUNTEREN -> mcounteren = v & 0xffff_ffffL;
            case Csr.MENVCFG -> menvcfg = 0;
            case Csr.MCOUNTINHIBIT -> mcountinhibit = 0;   // counters always count
            case Csr.MSCRATCH -> mscratch = v;
            case Csr.MEPC -> mepc = v & ~1L;
            case Csr.MCAUSE -> mcause = v;
            case Csr.MTVAL -> mtval = v;
            case Csr.MIP -> { mipSoft = (mipSoft & ~Csr.S_INTERRUPTS) | (v & Csr.S_INTERRUPTS); return true; }
            case Csr.MTINST, Csr.MTVAL2, Csr.MCONFIGPTR, Csr.TSELECT, Csr.TDATA1, Csr.TDATA2, Csr.TDATA3 -> { }
            default -> {
                if (!zeroCounter(csr)) illegal = true;   // hpm counters/events/PMP: read-only zero
            }
        }
        return false;
    }

    /** Unimplemented but architecturally present registers that read as zero and ignore writes. */
    private static boolean zeroCounter(int csr) {
        return (csr >= Csr.HPMCOUNTER3 && csr <= Csr.HPMCOUNTER31)
            || (csr >= Csr.MHPMCOUNTER3 && csr <= Csr.MHPMCOUNTER31)
            || (csr >= Csr.MHPMEVENT3 && csr <= Csr.MHPMEVENT31)
            || (csr >= Csr.PMPCFG0 && csr <= Csr.PMPCFG15)
            || (csr >= Csr.PMPADDR0 && csr <= Csr.PMPADDR63);
    }

    private void setMstatus(long v) {
        long next = (mstatus & ~Csr.MSTATUS_WRITABLE) | (v & Csr.MSTATUS_WRITABLE);
        if (((next & Csr.MPP) >>> Csr.MPP_SHIFT) == 2) next &= ~Csr.MPP;   // reserved MPP: WARL to U
        mstatus = next;
    }

    void dirtyFp() { mstatus |= Csr.FS_DIRTY; }

    private static long withSd(long ms) {
        return (ms & Csr.FS) == Csr.FS_DIRTY ? ms | Csr.SD : ms;
    }

    /** Direct (0) and vectored (1) modes are legal; anything else keeps the base and falls back to direct. */
    private static long legalTvec(long v) {
        return (v & 3) >= 2 ? v & ~3L : v;
    }
}
