package org.feuerbird.kernel.mem;

/**
 * A LibOS's charge for physical memory: frames it holds (its allocations plus the page
 * tables of its domains) against its quota.
 */
public final class MemoryAccount {
    private long used;
    private long quota;
    /** Its live allocations, oldest first, as an intrusive list (no allocation, O(1) removal). */
    private FrameRun oldest, newest;

    public MemoryAccount(long quota) { this.quota = quota; }

    public long used() { return used; }

    public long quota() { return quota; }

    public void setQuota(long q) { quota = q; }

    public boolean canCharge(long frames) { return used + frames <= quota; }

    public void charge(long frames) { used += frames; }

    public void credit(long frames) { used -= frames; }

    /** Records a new allocation (the newest). */
    public void added(FrameRun r) {
        r.older = newest;
        r.newer = null;
        if (newest != null) newest.newer = r;
        else oldest = r;
        newest = r;
    }

    /** Forgets a freed allocation. */
    public void removed(FrameRun r) {
        if (r.older != null) r.older.newer = r.newer;
        else if (oldest == r) oldest = r.newer;
        if (r.newer != null) r.newer.older = r.older;
        else if (newest == r) newest = r.older;
        r.older = r.newer = null;
    }

    /** The most recent live allocation, or null. */
    public FrameRun newest() { return newest; }
}
