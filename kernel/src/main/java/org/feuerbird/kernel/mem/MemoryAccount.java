package org.feuerbird.kernel.mem;

/**
 * A LibOS's charge for physical memory: frames it holds (its allocations plus the page
 * tables of its domains) against its quota.
 */
public final class MemoryAccount {
    private long used;
    private long quota;

    public MemoryAccount(long quota) { this.quota = quota; }

    public long used() { return used; }

    public long quota() { return quota; }

    public void setQuota(long q) { quota = q; }

    public boolean canCharge(long frames) { return used + frames <= quota; }

    public void charge(long frames) { used += frames; }

    public void credit(long frames) { used -= frames; }
}
