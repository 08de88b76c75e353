package org.feuerbird.kernel.mem;

import java.util.BitSet;

/**
 * Which physical frames are free: a bitmap with a first-fit search for contiguous runs that
 * starts where the last one ended. Where a LibOS's frames come from is not a policy decision
 * (frames are interchangeable); who may have how many is the quota's business.
 */
public final class FrameAllocator {
    private final long first;
    private final int count;
    private final BitSet used;
    private int rover, free;

    public FrameAllocator(long firstFrame, long frameCount) {
        this.first = firstFrame;
        this.count = (int) frameCount;
        this.used = new BitSet(count);
        this.free = count;
    }

    public long firstFrame() { return first; }

    public long frameCount() { return count; }

    public int freeFrames() { return free; }

    /** Allocates {@code n} contiguous frames; returns the first frame number, or -1. */
    public long allocate(int n) {
        if (n <= 0 || n > free) return -1;
        long found = search(rover, count, n);
        if (found < 0) found = search(0, Math.min(count, rover + n), n);
        if (found < 0) return -1;
        int i = (int) found;
        used.set(i, i + n);
        free -= n;
        rover = i + n == count ? 0 : i + n;
        return first + i;
    }

    private long search(int from, int to, int n) {
        int i = used.nextClearBit(from);
        while (i + n <= to) {
            int next = used.nextSetBit(i);
            if (next < 0 || next >= i + n) return i;
            i = used.nextClearBit(next);
        }
        return -1;
    }

    /** Reserves specific frames (boot: those the board uses otherwise). */
    public void reserve(long frame, int n) {
        int i = (int) (frame - first);
        for (int k = i; k < i + n; k++) if (!used.get(k)) { used.set(k); free--; }
    }

    public void release(long frame, int n) {
        int i = (int) (frame - first);
        if (i < 0 || i + n > count || used.get(i, i + n).cardinality() != n) {
            throw new IllegalStateException("freeing frames that are not allocated: " + Long.toHexString(frame) + "+" + n);
        }
        used.clear(i, i + n);
        free += n;
    }

    public boolean isUsed(long frame) { return used.get((int) (frame - first)); }
}
