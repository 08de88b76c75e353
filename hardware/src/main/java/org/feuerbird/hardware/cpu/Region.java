package org.feuerbird.hardware.cpu;

/**
 * A hot region of guest code translated into JVM bytecode ({@link Translator}): the blocks
 * reachable from one entry point within one physical page.
 *
 * <p>{@link #run} executes guest instructions from the entry until it leaves the region,
 * meets an instruction it does not translate, a memory access that misses the TLB fast
 * path, or the budget would be exceeded. It never traps and never changes anything but
 * the integer and float registers, RAM through the TLB's fast-path entries, the FPU
 * flags and {@code h.pc}: everything else is left to the interpreter, which resumes at
 * {@code h.pc} (the next instruction not executed). Instruction counts are exact, and
 * include those of the regions it called through {@link Hart#callOut}, which keep the same
 * rules.
 */
abstract class Region {
    /** Or'ed into the result of {@link #run} when the region left through a jump or taken branch. */
    static final int JUMPED = 1 << 30;

    // An abstract class rather than an interface: the call from the interpreter, which sees
    // many region classes, is then a virtual call (one table load), not an interface search.
    Region() { }

    /**
     * Runs from {@code entry} (a page offset where one of the region's blocks starts; any
     * other value returns at once). {@code pageVa} is the virtual address of the page the
     * region was entered through (code is position-dependent only through it), {@code frm}
     * the dynamic rounding mode. Returns the number of instructions retired (at most
     * {@code budget}), with {@link #JUMPED} if the last was a jump out of the region (so
     * {@code h.pc} may be another region's entry); {@code h.pc} is the next instruction.
     */
    abstract int run(Hart h, long[] x, long[] f, byte[] ram, long[] tlb, long ctx, long pageVa, int budget, int frm, int entry);
}
