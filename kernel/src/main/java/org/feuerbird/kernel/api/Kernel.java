package org.feuerbird.kernel.api;

/**
 * The exokernel as one LibOS sees it: every call names the capability that authorises it,
 * by a handle into this LibOS's capability space. A handle is a slot index and the slot's
 * generation; a handle that names an empty slot, a slot reused since, or any slot of another
 * holder's space fails with {@link KernelError#INVALID_HANDLE}. Nothing here decides policy:
 * which frame to use, which domain runs, what a system call means are the LibOS's choices.
 *
 * <p>Thread safety: calls may come from any hart's thread; the kernel serialises what must
 * be (docs/KERNEL.md).
 */
public interface Kernel {
    /** The "no capability" handle. */
    long NONE = 0;

    /** Mapping permissions, as in a page-table entry. */
    int MAP_READ = Rights.READ, MAP_WRITE = Rights.WRITE, MAP_EXECUTE = Rights.EXECUTE;

    /** This LibOS's name, as boot gave it. */
    String name();

    /**
     * This LibOS's own LIBOS capability: the authority for what is charged to it (frames,
     * domains, endpoints, alarms) and the name another LibOS needs to give it capabilities.
     */
    long self();

    /** Its TIMER capability (alarms). */
    long timer();

    // ---- capabilities ----

    /**
     * Derives a child of {@code parent} into this LibOS's space: of {@code type} at or
     * below the parent's, over {@code [base, limit)} inside the parent's range (or any range,
     * from an abstract type), with rights a subset of the parent's.
     */
    long derive(long parent, CapType type, long base, long limit, int rights) throws KernelException;

    /**
     * Gives a child of {@code cap} with the same type, range and {@code rights} (a subset) to
     * the holder named by {@code holder}: {@link #self()}, a LIBOS capability naming another
     * LibOS, or a DOMAIN capability. Needs GRANT on {@code cap} unless the holder is this
     * LibOS. Returns the handle in the receiving space.
     */
    long copy(long cap, long holder, int rights) throws KernelException;

    /** Moves {@code cap} to another holder, keeping its place in the derivation tree. */
    long move(long cap, long holder) throws KernelException;

    /**
     * Deletes one capability: its children move up to its parent, and what it bound (frame
     * mappings) is unbound. Deleting the original of allocated frames frees them.
     */
    void delete(long cap) throws KernelException;

    /** Deletes every descendant of {@code cap}, transitively, in every holder. Needs REVOKE. */
    void revoke(long cap) throws KernelException;

    CapInfo query(long cap) throws KernelException;

    /** Fails unless {@code cap} is a live capability of {@code type} with {@code rights}. */
    void check(long cap, CapType type, int rights) throws KernelException;

    /** Checks a handle held by one of this LibOS's domains: the per-domain capability space. */
    CapInfo checkHeld(long domain, long handle, CapType type, int rights) throws KernelException;

    // ---- physical memory ----

    /**
     * Allocates {@code count} contiguous zeroed frames charged to the LibOS named by
     * {@code libos} (ALLOC). Returns the original MEMORY capability over them, with all rights.
     */
    long allocFrames(long libos, int count) throws KernelException;

    /** Frees frames: deletes their original capability and everything derived from it. */
    void freeFrames(long frames) throws KernelException;

    /** Physical memory charged to a LibOS and its quota, in frames. */
    long[] memoryUsage(long libos) throws KernelException;

    void read(long frames, long offset, byte[] dst, int off, int len) throws KernelException;

    void write(long frames, long offset, byte[] src, int off, int len) throws KernelException;

    long readLong(long frames, long offset) throws KernelException;

    void writeLong(long frames, long offset, long value) throws KernelException;

    /** Atomic against other kernel calls and against the harts' LR/SC and AMOs. */
    boolean compareAndSetLong(long frames, long offset, long expected, long value) throws KernelException;

    void fill(long frames, long offset, long len, byte value) throws KernelException;

    /** Copies bytes between frame ranges (READ on the source, WRITE on the destination). */
    void copyFrames(long src, long srcOffset, long dst, long dstOffset, long len) throws KernelException;

    // ---- domains and their address spaces ----

    /** Creates a domain served by the LibOS named by {@code libos} (ALLOC); {@code tag} comes back in traps. */
    default long createDomain(long libos, Object tag) throws KernelException {
        return createDomain(libos, tag, NONE);
    }

    /**
     * Creates a domain that shares the address space of {@code shareWith} (a DOMAIN capability
     * with MAP, of the same LibOS), or a fresh one if it is {@link #NONE}: threads of one
     * process are domains sharing one space, each with its own registers, so they can run on
     * several harts at once. The space lives until its last domain is destroyed.
     */
    long createDomain(long libos, Object tag, long shareWith) throws KernelException;

    /** Destroys a domain: its bindings, address space and capability space go. */
    void destroyDomain(long domain) throws KernelException;

    void suspend(long domain) throws KernelException;

    void resume(long domain) throws KernelException;

    /**
     * Binds page {@code page} of a frame capability at {@code va} (4 KiB aligned, user half
     * of Sv39) of the domain, replacing what was there. {@code permissions} (MAP_*) must be
     * rights the frame capability holds, and it needs MAP; the domain capability needs MAP.
     */
    void map(long domain, long va, long frames, int page, int permissions) throws KernelException;

    /** Breaks the binding at {@code va}; returns false if nothing was mapped. */
    boolean unmap(long domain, long va) throws KernelException;

    /**
     * Copies from the domain's virtual memory as its user code would read it; returns the
     * bytes copied, fewer than {@code len} if {@code va + result} is not readable.
     */
    int copyIn(long domain, long va, byte[] dst, int off, int len) throws KernelException;

    /** Copies into the domain's virtual memory where its user code may write; returns bytes copied. */
    int copyOut(long domain, long va, byte[] src, int off, int len) throws KernelException;

    /**
     * A domain's registers: x0..x31, f0..f31, pc, fcsr. Fails with WRONG_STATE for a domain
     * running on another hart at the moment.
     */
    void getContext(long domain, long[] context) throws KernelException;

    void setContext(long domain, long[] context) throws KernelException;

    /** Length of a context array. */
    int CONTEXT_SIZE = 66, CONTEXT_PC = 64, CONTEXT_FCSR = 65;

    // ---- time, slices, interrupts ----

    /** Kernel time: nanoseconds since boot, from the board's timer. */
    long now();

    /** Sets a one-shot ({@code period} 0) or periodic alarm; returns its number. */
    long setAlarm(long timer, long delayNanos, long periodNanos) throws KernelException;

    void cancelAlarm(long timer, long alarm) throws KernelException;

    /** Number of slices in the vector, and its slice length in nanoseconds. */
    int sliceCount();

    long sliceNanos();

    /** Gives slice {@code slice} (within the SCHEDULER capability's range) to the LibOS named. */
    void setSliceOwner(long scheduler, int slice, long libos) throws KernelException;

    /** Routes an interrupt line (INTERRUPT with CONTROL) to this LibOS. */
    void attachInterrupt(long irq) throws KernelException;

    void detachInterrupt(long irq) throws KernelException;

    /** Tells the interrupt controller the interrupt is served, so the line can fire again. */
    void completeInterrupt(long irq) throws KernelException;

    /**
     * Reads a device register: {@code size} (1, 2, 4 or 8) bytes at physical {@code address},
     * aligned, inside an IO capability (READ) and inside one device's register window.
     */
    long ioRead(long io, long address, int size) throws KernelException;

    /** Writes a device register (IO capability with WRITE); the rules of {@link #ioRead}. */
    void ioWrite(long io, long address, int size, long value) throws KernelException;

    /** Wakes idle harts so they ask their slice owners again what to run (e.g. after a wake-up). */
    void kick();

    // ---- IPC ----

    /** Creates an endpoint charged to a LibOS; returns an ENDPOINT capability with all rights. */
    long createEndpoint(long libos) throws KernelException;

    /**
     * A ring over frames (READ|WRITE): {@code slotBytes} per message. With {@code format}
     * the ring's header is initialised; the other side attaches with {@code format} false.
     */
    Ring ring(long frames, int slotBytes, boolean multiProducer, boolean format) throws KernelException;
}
