package org.feuerbird.hardware.cpu;

/** CSR numbers and the bit fields of the status and trap registers (RISC-V privileged spec). */
final class Csr {
    private Csr() { }

    // unprivileged
    static final int FFLAGS = 0x001, FRM = 0x002, FCSR = 0x003;
    static final int CYCLE = 0xc00, TIME = 0xc01, INSTRET = 0xc02;
    static final int HPMCOUNTER3 = 0xc03, HPMCOUNTER31 = 0xc1f;
    // supervisor
    static final int SSTATUS = 0x100, SIE = 0x104, STVEC = 0x105, SCOUNTEREN = 0x106, SENVCFG = 0x10a;
    static final int SSCRATCH = 0x140, SEPC = 0x141, SCAUSE = 0x142, STVAL = 0x143, SIP = 0x144;
    static final int SATP = 0x180;
    // machine
    static final int MVENDORID = 0xf11, MARCHID = 0xf12, MIMPID = 0xf13, MHARTID = 0xf14, MCONFIGPTR = 0xf15;
    static final int MSTATUS = 0x300, MISA = 0x301, MEDELEG = 0x302, MIDELEG = 0x303, MIE = 0x304, MTVEC = 0x305;
    static final int MCOUNTEREN = 0x306, MENVCFG = 0x30a, MCOUNTINHIBIT = 0x320;
    static final int MSCRATCH = 0x340, MEPC = 0x341, MCAUSE = 0x342, MTVAL = 0x343, MIP = 0x344;
    static final int MTINST = 0x34a, MTVAL2 = 0x34b;
    static final int PMPCFG0 = 0x3a0, PMPCFG15 = 0x3af, PMPADDR0 = 0x3b0, PMPADDR63 = 0x3ef;
    static final int MCYCLE = 0xb00, MINSTRET = 0xb02, MHPMCOUNTER3 = 0xb03, MHPMCOUNTER31 = 0xb1f;
    static final int MHPMEVENT3 = 0x323, MHPMEVENT31 = 0x33f;
    static final int TSELECT = 0x7a0, TDATA1 = 0x7a1, TDATA2 = 0x7a2, TDATA3 = 0x7a3;

    // mstatus fields
    static final long SIE_BIT = 1L << 1, MIE_BIT = 1L << 3, SPIE = 1L << 5, UBE = 1L << 6, MPIE = 1L << 7;
    static final long SPP = 1L << 8, MPP_SHIFT = 11, MPP = 3L << 11, FS_SHIFT = 13, FS = 3L << 13;
    static final long MPRV = 1L << 17, SUM = 1L << 18, MXR = 1L << 19, TVM = 1L << 20, TW = 1L << 21, TSR = 1L << 22;
    static final long UXL = 2L << 32, SXL = 2L << 34, SD = 1L << 63;
    static final long FS_DIRTY = 3L << 13;
    /** The mstatus bits software may write (UBE/SBE/MBE: little-endian only, so read-only 0). */
    static final long MSTATUS_WRITABLE = SIE_BIT | MIE_BIT | SPIE | MPIE | SPP | MPP | FS | MPRV | SUM | MXR | TVM | TW | TSR;
    /** The mstatus bits visible through sstatus. */
    static final long SSTATUS_VIEW = SIE_BIT | SPIE | UBE | SPP | FS | SUM | MXR | UXL | SD;

    // interrupt bits of mip/mie
    static final long SSIP = 1L << 1, MSIP = 1L << 3, STIP = 1L << 5, MTIP = 1L << 7, SEIP = 1L << 9, MEIP = 1L << 11;
    static final long S_INTERRUPTS = SSIP | STIP | SEIP;
    static final long ALL_INTERRUPTS = S_INTERRUPTS | MSIP | MTIP | MEIP;

    // satp
    static final int SATP_MODE_SHIFT = 60;
    static final long SATP_MODE_BARE = 0, SATP_MODE_SV39 = 8;
    static final long SATP_PPN = (1L << 44) - 1;

    /** misa: RV64 with A, C, D, F, I, M, S, U. */
    static final long MISA_VALUE = (2L << 62) | bit('A') | bit('C') | bit('D') | bit('F') | bit('I') | bit('M') | bit('S') | bit('U');

    private static long bit(char ext) { return 1L << (ext - 'A'); }
}
