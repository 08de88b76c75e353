package org.feuerbird.kernel.api;

/**
 * The hart an upcall runs on, as its LibOS sees it: what trapped, the registers of the
 * domain that trapped, and the choices the LibOS makes for this hart (which domain runs
 * next, IPC transfers). Valid only during the upcall it is passed to.
 */
public interface Cpu {
    int hartId();

    /** The cause of the trap being served, as RISC-V numbers it ({@code mcause}); -1 outside traps. */
    long cause();

    /** The trap's value: the faulting address, or the instruction bits of an illegal instruction. */
    long value();

    /**
     * Kernel time ({@link Kernel#now()}) at which the trap being served left guest code. The
     * kernel reads the clock there anyway; a LibOS that accounts CPU time uses this reading
     * instead of a clock read of its own on every system call.
     */
    long trapNanos();

    /**
     * Kernel time at which the hart went back to guest code after the trap it served before
     * this one (however many runs it took from there to this trap).
     */
    long enteredNanos();

    /** The tag given at {@link Kernel#createDomain} of the domain that trapped or that ran, or null. */
    Object domainTag();

    /** An integer register of the current domain (x0 reads 0). */
    long x(int reg);

    void setX(int reg, long value);

    /** A float register's bits. */
    long f(int reg);

    void setF(int reg, long bits);

    /** The pc: of the trapping instruction during a trap (an ecall's own address). */
    long pc();

    void setPc(long pc);

    /**
     * Chooses the domain this hart runs when the upcall returns (a context switch if it is
     * not the current one). The handle must be a DOMAIN capability with CONTROL held by the
     * LibOS that owns the running slice, or by the LibOS of the current domain.
     */
    void run(long domain) throws KernelException;

    /** Runs nothing when the upcall returns: the current domain is saved and set aside. */
    void idle();

    /** Gives up the rest of the current slice: the next slice of the vector begins. */
    void yieldSlice();

    /** Whether the current domain will keep running after the upcall. */
    boolean hasDomain();

    // ---- IPC (protected control transfer) ----

    /**
     * Calls through an endpoint from the current domain: message registers a0..a{words-1}
     * go to the receiving domain, which runs at once on this hart in the caller's slice; the
     * caller waits for the reply. {@code grant} (a MEMORY capability of the calling LibOS
     * with GRANT, or {@link Kernel#NONE}) is given to the receiver: mapped at its receive
     * window, its handle delivered in a7. If no domain waits on the endpoint the caller is
     * queued until one does.
     */
    void call(long endpoint, int words, long grant) throws KernelException;

    /** Replies to the caller the current domain serves: a0..a{words-1} become its result. */
    void reply(int words) throws KernelException;

    /**
     * Replies (if serving a caller) and waits for the next call on the endpoint. A grant that
     * comes with a call is mapped at {@code receiveWindow} in the current domain (0: none).
     */
    void replyWait(long endpoint, int words, long receiveWindow) throws KernelException;
}
