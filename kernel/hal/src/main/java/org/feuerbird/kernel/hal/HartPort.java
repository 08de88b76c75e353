package org.feuerbird.kernel.hal;

import org.feuerbird.hardware.cpu.Clock;
import org.feuerbird.hardware.cpu.Hart;
import org.feuerbird.hardware.cpu.Privilege;

/**
 * One hart, driven by the kernel in host machine mode: the kernel plays M-mode in Java, so
 * every trap and every machine interrupt of the user code it runs returns here.
 */
public final class HartPort {
    /** Why {@link #run} returned. */
    public static final int BUDGET = Hart.EXIT_BUDGET, TRAP = Hart.EXIT_TRAP, WAIT = Hart.EXIT_WFI, STOPPED = Hart.EXIT_STOPPED;
    /** Interrupt causes (with the sign bit) and the exception causes the kernel tells apart. */
    public static final long INTERRUPT = Long.MIN_VALUE;
    public static final int SOFTWARE_INTERRUPT = 3, TIMER_INTERRUPT = 7, EXTERNAL_INTERRUPT = 11;
    public static final int ECALL_FROM_U = 8, FETCH_PAGE_FAULT = 12, LOAD_PAGE_FAULT = 13, STORE_PAGE_FAULT = 15;

    private static final int MSTATUS = 0x300, MIE = 0x304, MSTATUS_FS_DIRTY = 3 << 13;
    private static final int MCOUNTEREN = 0x306, SCOUNTEREN = 0x106, COUNTERS_CY_TM_IR = 7;
    private static final long MSIE = 1 << 3, MTIE = 1 << 7, MEIE = 1 << 11;
    private static final long SATP_SV39 = 8L << 60;

    private final Hart hart;
    private final Clock clock;

    HartPort(Hart hart, Clock clock) {
        this.hart = hart;
        this.clock = clock;
        hart.setHostMachineMode(true);
        hart.writeCsr(MSTATUS, MSTATUS_FS_DIRTY);   // the FPU is on for user code
        hart.writeCsr(MIE, MSIE | MTIE | MEIE);
        // User code may read cycle, time and instret (rdcycle/rdtime/rdinstret), as under
        // qemu-user: the counters are the board's, not a secret of any domain.
        hart.writeCsr(MCOUNTEREN, COUNTERS_CY_TM_IR);
        hart.writeCsr(SCOUNTEREN, COUNTERS_CY_TM_IR);
        hart.setPrivilege(Privilege.U);
    }

    public int id() { return hart.hartId(); }

    /** Runs the loaded context for up to {@code budget} instructions. */
    public int run(long budget) { return hart.run(budget); }

    /** {@link #run(long)} with the board time the caller has just read ({@link #nanos()}), saving a clock read. */
    public int run(long budget, long nanos) { return hart.run(budget, nanos / 100); }

    public long cause() { return hart.trapCause(); }

    public long value() { return hart.trapValue(); }

    public long pc() { return hart.pc(); }

    public void setPc(long pc) { hart.setPc(pc); }

    public long x(int reg) { return hart.x(reg); }

    public void setX(int reg, long v) { hart.setX(reg, v); }

    public long f(int reg) { return hart.f(reg); }

    public void setF(int reg, long v) { hart.setF(reg, v); }

    /** Saves the running context into {@code ctx} (x0..x31, f0..f31, pc, fcsr). */
    public void save(long[] ctx) { hart.saveContext(ctx); }

    /** Loads a context and the address space whose root table is at physical {@code root}. */
    public void load(long[] ctx, long root, int asid) {
        hart.loadContext(ctx, SATP_SV39 | (long) (asid & 0xffff) << 44 | root >>> 12);
    }

    /** Arms the timer interrupt for kernel time {@code nanos} (Long.MAX_VALUE: never). */
    public void setTimer(long nanos) { hart.setTimerCompare(nanos == Long.MAX_VALUE ? -1 : nanos / 100); }

    public boolean interruptPending() { return hart.interruptPending(); }

    /** Forgets this hart's cached translation of one page, in every address space. */
    public void flushPage(long va) { hart.flushTlbPage(va); }

    public void flushAll() { hart.flushTlb(); }

    /** Makes {@link #run} return soon; callable from any thread. */
    public void requestStop() { hart.requestStop(); }

    public long retired() { return hart.retired(); }

    /** Board time in nanoseconds. */
    public long nanos() { return clock.now() * 100; }
}
