package org.feuerbird.kernel.mem;

/**
 * A run of allocated frames: the kernel object behind the MEMORY capabilities of one
 * allocation. {@code owner} is whoever is charged for it (a LibOS's {@link MemoryAccount}).
 */
public final class FrameRun {
    public final long first;
    public final int count;
    public final MemoryAccount owner;
    /** When the run was allocated (allocation order), so the abort protocol can take the newest first. */
    public final long serial;
    boolean freed;
    /** The original capability of the allocation (set once it exists). */
    public Object original;
    /** Neighbours in its account's list of allocations. */
    FrameRun older, newer;

    public FrameRun(long first, int count, MemoryAccount owner, long serial) {
        this.first = first;
        this.count = count;
        this.owner = owner;
        this.serial = serial;
    }

    public boolean freed() { return freed; }

}
