package org.feuerbird.kernel.mem;

/** How a broken binding reaches every hart's TLB before the breaking call returns. */
public interface TlbShootdown {
    /** Forgets the translations of page {@code va} everywhere. */
    void flushPage(long va);

    /** Forgets every translation everywhere (an address space went away). */
    void flushAll();
}
