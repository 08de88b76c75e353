package org.feuerbird.hardware.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.feuerbird.hardware.board.Board;
import org.feuerbird.hardware.device.MemorySerialBackend;
import org.feuerbird.hardware.memory.Bus;
import org.feuerbird.hardware.memory.Ram;

/**
 * A board (one hart unless asked for more) for the privileged-architecture tests: guest code placed in RAM by
 * the test, a clock that only moves when the test says so, Sv39 page tables built from Java,
 * and ways to run the hart until a marker.
 *
 * <p>Two markers end a run, and a test picks the one its subject does not disturb. With
 * {@link Hart#setHostMachineMode host machine mode} on, any trap that would enter M-mode
 * (an {@code ecall} at the end of the program, or the fault under test) ends
 * {@link Hart#run} with its cause, value and pc, untouched by any guest handler. When the
 * test is about M-mode trap handling itself, host machine mode stays off and the program
 * halts with {@code wfi} while no enabled interrupt is pending, which ends the run with
 * {@link Hart#EXIT_WFI}. Both have a budget, so a runaway guest fails the test instead of
 * hanging it.
 *
 * <p>RAM layout (16 MiB at {@link #CODE}): code from the base, data pages at {@link #DATA},
 * a 2 MiB-aligned area at {@link #BIG} for superpage targets, page tables allocated upward
 * from {@link #TABLES}.
 */
final class TestRig {
    static final long RAM_SIZE = 16L << 20;
    static final long CODE = 0x8000_0000L;
    static final long DATA = 0x8010_0000L;
    static final long BIG = 0x8020_0000L;
    static final long TABLES = 0x80c0_0000L;
    static final long PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_A = 64, PTE_D = 128;
    static final long SATP_SV39 = 8L << 60;
    /**
     * mstatus and mip/mie bits, written out from the privileged spec here rather than taken
     * from the hart's {@code Csr}, so that a wrong constant there cannot hide in both.
     */
    static final long MS_SIE = 1L << 1, MS_MIE = 1L << 3, MS_SPIE = 1L << 5, MS_MPIE = 1L << 7, MS_SPP = 1L << 8;
    static final int MPP_SHIFT = 11;
    static final long MS_MPP = 3L << MPP_SHIFT, MS_FS = 3L << 13, MS_MPRV = 1L << 17, MS_SUM = 1L << 18;
    static final long MS_MXR = 1L << 19, MS_TVM = 1L << 20, MS_TW = 1L << 21, MS_TSR = 1L << 22, MS_SD = 1L << 63;
    static final long SSIP = 1L << 1, MSIP = 1L << 3, STIP = 1L << 5, MTIP = 1L << 7, SEIP = 1L << 9, MEIP = 1L << 11;
    /** Instructions a run may take before the test fails as a runaway. */
    static final long BUDGET = 100_000;

    /** The time the board's clock shows, in 10 MHz ticks; the test moves it. */
    final AtomicLong time = new AtomicLong();
    final Board board;
    final Hart hart;
    final Ram ram;
    private long nextTable = TABLES;
    private long root;

    TestRig() { this(1); }

    /** A board with {@code harts} harts; {@link #hart} is hart 0. */
    TestRig(int harts) {
        board = new Board(RAM_SIZE, harts, new MemorySerialBackend(), time::get);
        hart = board.hart(0);
        ram = board.ram();
        hart.setPc(CODE);
    }

    // ---- code ----

    /** A program to be placed at {@link #CODE}. */
    Program program() { return new Program(CODE); }

    /** A program to be placed at {@code base}. */
    Program program(long base) { return new Program(base); }

    /**
     * Guest code under construction: 32-bit words and 16-bit parcels laid out from a base
     * address. {@link #here} gives the address of the next instruction, so a test can compute
     * branch offsets and name the pc it expects a trap at.
     */
    static final class Program {
        final long base;
        private final List<Short> parcels = new ArrayList<>();

        Program(long base) { this.base = base; }

        /** Appends 32-bit instructions (or sequences, such as {@link Asm#li}). */
        Program i(int... words) {
            for (int w : words) {
                parcels.add((short) w);
                parcels.add((short) (w >>> 16));
            }
            return this;
        }

        /** Appends a 16-bit (compressed) instruction. */
        Program c(int halfword) {
            parcels.add((short) halfword);
            return this;
        }

        /** Appends {@code li rd, v}. */
        Program li(int rd, long v) { return i(Asm.li(rd, v)); }

        /** The address the next instruction will have. */
        long here() { return base + 2L * parcels.size(); }

        /** The program as little-endian bytes. */
        byte[] bytes() {
            byte[] b = new byte[parcels.size() * 2];
            for (int k = 0; k < parcels.size(); k++) {
                b[2 * k] = (byte) (short) parcels.get(k);
                b[2 * k + 1] = (byte) (parcels.get(k) >> 8);
            }
            return b;
        }
    }

    /** Writes a program into RAM (as a loader would, through the checked path). */
    TestRig load(Program p) {
        byte[] b = p.bytes();
        ram.write(p.base, b, 0, b.length);
        return this;
    }

    // ---- running ----

    /** Runs with host machine mode on until a trap reaches the host; fails on anything else. */
    TestRig runToHostTrap() {
        hart.setHostMachineMode(true);
        int r = hart.run(BUDGET);
        assertEquals(Hart.EXIT_TRAP, r, "run ended with " + r + " at pc 0x" + Long.toHexString(hart.pc()));
        return this;
    }

    /** Runs until a trap reaches the host and checks that it is {@code cause}. */
    TestRig runToHostTrap(long cause) {
        runToHostTrap();
        assertEquals(cause, hart.trapCause(), () -> "trap " + Cause.name(hart.trapCause()) + " at pc 0x"
            + Long.toHexString(hart.pc()) + ", tval 0x" + Long.toHexString(hart.trapValue()));
        return this;
    }

    /** Runs until an ecall from mode {@code priv} reaches the host (the program's end marker). */
    TestRig runToEcall(int priv) {
        return runToHostTrap(priv == Privilege.U ? Cause.ECALL_FROM_U
            : priv == Privilege.S ? Cause.ECALL_FROM_S : Cause.ECALL_FROM_M);
    }

    /** Resumes after an ecall the host served: the next instruction. */
    TestRig skip() {
        hart.setPc(hart.pc() + 4);
        return this;
    }

    /** Runs with traps taken architecturally until the guest waits in {@code wfi}. */
    TestRig runToWfi() {
        hart.setHostMachineMode(false);
        int r = hart.run(BUDGET);
        assertEquals(Hart.EXIT_WFI, r, () -> "run ended with " + r + " at pc 0x" + Long.toHexString(hart.pc())
            + ", mcause " + Cause.name(hart.readCsr(Asm.MCAUSE)));
        return this;
    }

    /** Runs exactly {@code n} instructions (host machine mode on, so a trap would show). */
    TestRig step(int n) {
        hart.setHostMachineMode(true);
        int r = hart.run(n);
        assertEquals(Hart.EXIT_BUDGET, r, () -> "step ended with " + r + ": " + Cause.name(hart.trapCause())
            + " at pc 0x" + Long.toHexString(hart.pc()));
        return this;
    }

    /** Integer register {@code reg} of hart 0. */
    long x(int reg) { return hart.x(reg); }

    /** The board's physical bus, for programming devices from the host. */
    Bus bus() { return board.bus(); }

    /** A CSR of hart 0, read with M-mode rights. */
    long csr(int number) { return hart.readCsr(number); }

    /** Sets the time the board's clock shows. */
    void setTime(long ticks) { time.set(ticks); }

    // ---- Sv39 page tables ----

    /** A zeroed page-table page. */
    long newTable() {
        long t = nextTable;
        nextTable += Ram.PAGE_SIZE;
        if (nextTable > ram.end()) throw new IllegalStateException("out of page-table space");
        ram.fill(t, Ram.PAGE_SIZE, (byte) 0);
        return t;
    }

    /** Starts another address space: later {@link #map} calls go into a fresh root table. */
    long newRoot() {
        root = newTable();
        return root;
    }

    /** The root table, made on first use. */
    long root() {
        if (root == 0) root = newTable();
        return root;
    }

    /**
     * Maps {@code va} to {@code pa} with a leaf at {@code level} (0: 4 KiB, 1: 2 MiB, 2: 1 GiB)
     * whose low bits are {@code flags} (V is added; A and D are left to the caller, so the
     * hart's updates can be observed). Returns the address of the leaf PTE.
     */
    long map(long va, long pa, long flags, int level) {
        long table = root();
        for (int l = 2; l > level; l--) {
            long slot = table + vpn(va, l) * 8;
            long pte = ram.load64(slot);
            if ((pte & PTE_V) == 0) {
                pte = (newTable() >>> 12) << 10 | PTE_V;
                ram.store64(slot, pte);
            }
            table = (pte >>> 10) << 12;
        }
        long slot = table + vpn(va, level) * 8;
        ram.store64(slot, (pa >>> 12) << 10 | flags | PTE_V);
        return slot;
    }

    /** Maps a 4 KiB page. */
    long map(long va, long pa, long flags) { return map(va, pa, flags, 0); }

    /** Writes a raw leaf PTE for a 4 KiB page (any bits, V included or not). Returns its address. */
    long setPte(long va, long pte) {
        long slot = map(va, 0, 0, 0);
        ram.store64(slot, pte);
        return slot;
    }

    /** A leaf PTE value for {@code pa} with {@code flags} (V added). */
    static long pte(long pa, long flags) { return (pa >>> 12) << 10 | flags | PTE_V; }

    /** Turns on Sv39 with the rig's root table. */
    void enableSv39() { hart.writeCsr(Asm.SATP, SATP_SV39 | root() >>> 12); }

    /** The code page(s) at {@link #CODE} mapped at the same virtual address, for S or U code. */
    void identityMapCode(boolean user, int pages) {
        for (int k = 0; k < pages; k++) {
            long a = CODE + (long) k * Ram.PAGE_SIZE;
            map(a, a, PTE_R | PTE_X | PTE_A | (user ? PTE_U : 0));
        }
    }

    private static long vpn(long va, int level) { return (va >>> (12 + 9 * level)) & 511; }
}
