package org.feuerbird.hardware.cpu;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.feuerbird.hardware.memory.Bus;

/**
 * One RV64GC hardware thread: its architectural state, how it runs, and how it takes traps
 * and interrupts.
 *
 * <p>{@link #run} executes guest instructions until a budget is used up, the guest waits
 * for an interrupt, or a trap must be handled by the host. The last case is what makes a
 * Java kernel possible: with {@link #setHostMachineMode host machine mode} on, every trap
 * that would enter M-mode (the default when nothing is delegated) stops the hart with the
 * cause, value and faulting pc, and the host plays M-mode, as firmware would. Traps to
 * S-mode, and all traps when host machine mode is off, are taken architecturally.
 *
 * <p>Threads: the hart is run by one thread at a time. Interrupt lines
 * ({@link HartInterrupts}) and {@link #requestStop} may be called from any thread; they are
 * seen at the next chunk boundary (at most {@value #CHUNK} instructions later).
 */
public final class Hart implements HartInterrupts {
    /** Results of {@link #run}. */
    public static final int EXIT_BUDGET = 0, EXIT_TRAP = 1, EXIT_WFI = 2, EXIT_STOPPED = 3;
    /** Instructions between two looks at the interrupt lines. */
    static final int CHUNK = 4096;

    /** Integer registers; index 32 is the sink that decoded x0 destinations write to. */
    final long[] x = new long[33];
    /** Float registers as raw bits (singles NaN-boxed). */
    final long[] f = new long[32];
    long pc;
    int priv = Privilege.M;
    /** Instructions of the current chunk already executed but not yet added to {@link #retired}. */
    int inFlight;

    final Fpu fpu = new Fpu();
    final CsrFile csr;
    final Mmu mmu;
    private final MemoryPath memory;
    private final Interpreter interpreter;
    private final int id;
    private final Clock clock;
    private final Bus bus;

    private long retired;
    private final AtomicLong lines = new AtomicLong();
    private volatile long timerCompare = -1;   // mtimecmp resets to all ones: never
    private volatile boolean stopRequested;
    private boolean hostMachineMode;
    private long trapCause, trapValue;

    public Hart(int id, Bus bus, CodeCache code, Clock clock) {
        this.id = id;
        this.bus = Objects.requireNonNull(bus);
        this.clock = Objects.requireNonNull(clock);
        this.csr = new CsrFile(this);
        this.mmu = new Mmu(bus.ram(), csr);
        this.memory = new MemoryPath(this, mmu, bus);
        this.interpreter = new Interpreter(this, mmu, csr, fpu, code, memory, bus.ram());
        code.register(mmu);
        mmu.contextChanged(priv);
    }

    // ---- running ----

    /**
     * Runs up to {@code budget} instructions. Returns {@link #EXIT_BUDGET} when they are done,
     * {@link #EXIT_TRAP} when a trap awaits the host ({@link #trapCause()}), {@link #EXIT_WFI}
     * when the guest waits for an interrupt, {@link #EXIT_STOPPED} after {@link #requestStop}.
     */
    public int run(long budget) {
        return run(budget, clock.now());
    }

    /**
     * {@link #run(long)} for a host that has just read the clock: {@code now} (in ticks of
     * this hart's clock) serves the first interrupt check, so a host that enters guest code
     * after every system call reads the clock once per entry, not twice.
     */
    public int run(long budget, long now) {
        boolean first = true;
        while (budget > 0) {
            if (stopRequested) {
                stopRequested = false;
                return EXIT_STOPPED;
            }
            int irq = deliverableInterrupt(first ? now : clock.now());
            first = false;
            if (irq >= 0 && trap(Cause.INTERRUPT | irq, 0)) return EXIT_TRAP;
            long before = retired;
            int r = interpreter.execute((int) Math.min(budget, CHUNK));
            budget -= Math.max(1, retired - before);
            if (r == Interpreter.HOST_TRAP) return EXIT_TRAP;
            if (r == Interpreter.WFI && (pendingInterrupts() & csr.mie) == 0) return EXIT_WFI;
        }
        return EXIT_BUDGET;
    }

    /**
     * Sets how many taken jumps to an instruction make it the entry of a region translated
     * into JVM bytecode; 0 turns translation off (the default comes from the system
     * properties {@code feuerbird.jit} and {@code feuerbird.jit.threshold}).
     */
    public void setTranslationThreshold(int threshold) { interpreter.setTranslationThreshold(threshold); }

    /**
     * Called by a translated region that calls out of itself, with its registers and
     * {@link #pc} (the callee) written back: runs translated code from there for at most
     * {@code budget} instructions, until it returns to {@code returnPc} or leaves
     * translated code. Returns the instructions retired; {@link #pc} is the next one.
     */
    int callOut(long returnPc, int budget) { return interpreter.callFromRegion(returnPc, budget); }

    /** How many of the instructions retired so far ran in translated regions. */
    public long translatedInstructions() { return interpreter.translatedRetired; }

    /** How often the interpreter entered a translated region (regions entered by regions not counted). */
    long regionEntries() { return interpreter.regionEntries; }

    /** How often a trace of a hot loop through several pages ran ({@link Trace}). */
    long traceRuns() { return interpreter.traceRuns; }

    /** How many region translations failed in this JVM (a translator bug; that code was interpreted). */
    public static long translationFailures() { return Translator.failures(); }

    /** The current translation threshold; 0 if translation is off. */
    public int translationThreshold() { return interpreter.translationThreshold(); }

    /** Asks a running hart to return from {@link #run} soon; callable from any thread. */
    public void requestStop() { stopRequested = true; }

    /** With this on, traps into M-mode end {@link #run} and are the host's to handle. */
    public void setHostMachineMode(boolean on) { hostMachineMode = on; }

    /** The cause of the trap that ended {@link #run} with {@link #EXIT_TRAP} ({@link Cause}). */
    public long trapCause() { return trapCause; }

    /** Its trap value (faulting address, instruction bits, or 0). */
    public long trapValue() { return trapValue; }

    // ---- trap machinery ----

    /**
     * Takes a trap at the current pc. Returns true if it is the host's (host machine mode),
     * in which case nothing but {@link #trapCause}/{@link #trapValue} changed.
     */
    boolean trap(long cause, long tval) {
        boolean interrupt = cause < 0;
        int code = (int) cause & 63;
        long delegated = interrupt ? csr.mideleg : csr.medeleg;
        memory.clearReservation();
        if (priv <= Privilege.S && ((delegated >>> code) & 1) != 0) {
            csr.scause = cause;
            csr.sepc = pc;
            csr.stval = tval;
            long ms = csr.mstatus;
            ms = (ms & ~Csr.SPIE) | ((ms & Csr.SIE_BIT) != 0 ? Csr.SPIE : 0);
            ms = (ms & ~(Csr.SIE_BIT | Csr.SPP)) | (priv == Privilege.S ? Csr.SPP : 0);
            csr.mstatus = ms;
            priv = Privilege.S;
            pc = vector(csr.stvec, interrupt, code);
        } else {
            if (hostMachineMode) {
                trapCause = cause;
                trapValue = tval;
                return true;
            }
            csr.mcause = cause;
            csr.mepc = pc;
            csr.mtval = tval;
            long ms = csr.mstatus;
            ms = (ms & ~Csr.MPIE) | ((ms & Csr.MIE_BIT) != 0 ? Csr.MPIE : 0);
            ms = (ms & ~(Csr.MIE_BIT | Csr.MPP)) | ((long) priv << Csr.MPP_SHIFT);
            csr.mstatus = ms;
            priv = Privilege.M;
            pc = vector(csr.mtvec, interrupt, code);
        }
        mmu.contextChanged(priv);
        return false;
    }

    private static long vector(long tvec, boolean interrupt, int code) {
        long base = tvec & ~3L;
        return interrupt && (tvec & 3) == 1 ? base + 4L * code : base;
    }

    void mret() {
        long ms = csr.mstatus;
        int next = (int) ((ms & Csr.MPP) >>> Csr.MPP_SHIFT);
        ms = (ms & ~Csr.MIE_BIT) | ((ms & Csr.MPIE) != 0 ? Csr.MIE_BIT : 0);
        ms = (ms | Csr.MPIE) & ~Csr.MPP;
        if (next != Privilege.M) ms &= ~Csr.MPRV;
        csr.mstatus = ms;
        priv = next;
        pc = csr.mepc;
        memory.clearReservation();
        mmu.contextChanged(priv);
    }

    void sret() {
        long ms = csr.mstatus;
        int next = (ms & Csr.SPP) != 0 ? Privilege.S : Privilege.U;
        ms = (ms & ~Csr.SIE_BIT) | ((ms & Csr.SPIE) != 0 ? Csr.SIE_BIT : 0);
        ms = (ms | Csr.SPIE) & ~Csr.SPP & ~Csr.MPRV;
        csr.mstatus = ms;
        priv = next;
        pc = csr.sepc;
        memory.clearReservation();
        mmu.contextChanged(priv);
    }

    /** Re-reads the translation context after a CSR write (satp also flushes the TLB). */
    void contextChanged() {
        mmu.flush();
        mmu.contextChanged(priv);
    }

    /** The highest-priority interrupt that may be taken now, or -1. */
    private int deliverableInterrupt(long now) {
        long pending = pendingInterrupts(now) & csr.mie;
        if (pending == 0) return -1;
        long ms = csr.mstatus;
        long machine = pending & ~csr.mideleg;
        if (machine != 0 && (priv < Privilege.M || (ms & Csr.MIE_BIT) != 0)) return highest(machine);
        long supervisor = pending & csr.mideleg;
        if (supervisor != 0 && (priv < Privilege.S || (priv == Privilege.S && (ms & Csr.SIE_BIT) != 0))) {
            return highest(supervisor);
        }
        return -1;
    }

    /** Priority order of the privileged spec: MEI, MSI, MTI, SEI, SSI, STI. */
    private static final int[] PRIORITY = {Cause.MACHINE_EXTERNAL, Cause.MACHINE_SOFTWARE, Cause.MACHINE_TIMER,
        Cause.SUPERVISOR_EXTERNAL, Cause.SUPERVISOR_SOFTWARE, Cause.SUPERVISOR_TIMER};

    private static int highest(long set) {
        for (int irq : PRIORITY) {
            if ((set & (1L << irq)) != 0) return irq;
        }
        return -1;
    }

    /** The value of mip: software bits, device lines, and the timer compared now. */
    long pendingInterrupts() {
        return pendingInterrupts(clock.now());
    }

    private long pendingInterrupts(long now) {
        long p = csr.mipSoft | lines.get();
        if (Long.compareUnsigned(now, timerCompare) >= 0) p |= Csr.MTIP;
        return p;
    }

    // ---- HartInterrupts ----

    @Override
    public int hartId() { return id; }

    @Override
    public void setInterruptLevel(int bit, boolean level) {
        long m = 1L << bit;
        if (level) lines.getAndUpdate(v -> v | m);
        else lines.getAndUpdate(v -> v & ~m);
    }

    @Override
    public void setTimerCompare(long compare) { timerCompare = compare; }

    /** Whether an enabled interrupt is pending (mip & mie), for a host waiting on an idle hart. */
    public boolean interruptPending() { return (pendingInterrupts() & csr.mie) != 0; }

    /** The timer compare value last set, as the CLINT shows it. */
    public long timerCompare() { return timerCompare; }

    // ---- state, for the host (kernel HAL, loaders, tests) ----

    Clock clock() { return clock; }

    /** Instructions retired so far. */
    public long retired() { return retired + inFlight; }

    void addRetired(long n) { retired += n; }

    public long pc() { return pc; }

    public void setPc(long pc) { this.pc = pc & ~1L; }

    public long x(int reg) { return reg == 0 ? 0 : x[Objects.checkIndex(reg, 32)]; }

    public void setX(int reg, long value) {
        if (Objects.checkIndex(reg, 32) != 0) x[reg] = value;
    }

    /** A float register's raw bits. */
    public long f(int reg) { return f[Objects.checkIndex(reg, 32)]; }

    public void setF(int reg, long bits) { f[Objects.checkIndex(reg, 32)] = bits; }

    public int privilege() { return priv; }

    public void setPrivilege(int p) {
        if (p != Privilege.U && p != Privilege.S && p != Privilege.M) throw new IllegalArgumentException("privilege " + p);
        priv = p;
        mmu.contextChanged(priv);
    }

    /** Reads a CSR with M-mode rights (as the host). Throws IllegalArgumentException if it does not exist. */
    public long readCsr(int number) {
        long v = csr.read(number, Privilege.M);
        if (csr.illegal) throw new IllegalArgumentException("no CSR 0x" + Integer.toHexString(number));
        return v;
    }

    /** Writes a CSR with M-mode rights (as the host), with the register's WARL rules. */
    public void writeCsr(int number, long value) {
        csr.write(number, Privilege.M, value);
        if (csr.illegal) throw new IllegalArgumentException("CSR 0x" + Integer.toHexString(number) + " is not writable");
        // CsrFile leaves room for the retirement of the csrw that writes minstret; no
        // instruction retires around a host write, so the value must read back as written.
        if (number == Csr.MINSTRET) csr.instretOffset++;
        contextChanged();
    }

    /** Forgets all cached translations, as sfence.vma does (the host changed page tables). */
    public void flushTlb() { mmu.flush(); }

    /** Forgets the cached translations of one virtual page in every address space. */
    public void flushTlbPage(long va) { mmu.flushPage(va); }

    /** Registers in a saved context: x0..x31, f0..f31, pc, fcsr. */
    public static final int CONTEXT_PC = 64, CONTEXT_FCSR = 65, CONTEXT_SIZE = 66;

    /** Saves the user-visible state (layout: {@link #CONTEXT_SIZE}) for a host context switch. */
    public void saveContext(long[] ctx) {
        System.arraycopy(x, 0, ctx, 0, 32);
        System.arraycopy(f, 0, ctx, 32, 32);
        ctx[CONTEXT_PC] = pc;
        ctx[CONTEXT_FCSR] = (long) csr.frm << 5 | fpu.flags;
    }

    /**
     * Loads a saved context and its address space as the host's context switch: satp is set
     * without a TLB flush, since translations are tagged by address space. The host keeps
     * them true by flushing the pages whose mappings it changes ({@link #flushTlbPage}).
     */
    public void loadContext(long[] ctx, long satp) {
        System.arraycopy(ctx, 0, x, 0, 32);
        x[0] = 0;
        System.arraycopy(ctx, 32, f, 0, 32);
        pc = ctx[CONTEXT_PC] & ~1L;
        csr.frm = (int) (ctx[CONTEXT_FCSR] >>> 5) & 7;
        fpu.flags = (int) ctx[CONTEXT_FCSR] & 0x1f;
        memory.clearReservation();
        if (satp != csr.satp) mmu.switchAddressSpace(satp);
        mmu.contextChanged(priv);
    }

    public Bus bus() { return bus; }
}
