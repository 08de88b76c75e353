package org.feuerbird.kernel.mem;

import org.feuerbird.kernel.cap.Capability;

/**
 * A secure binding: one page of a domain's address space bound to one frame, through the
 * capability that authorised it. It lasts as long as that capability (or until unmapped).
 */
public final class Mapping {
    public final AddressSpace space;
    public final long va;
    public final long frame;
    public final int permissions;
    public final Capability via;

    Mapping(AddressSpace space, long va, long frame, int permissions, Capability via) {
        this.space = space;
        this.va = va;
        this.frame = frame;
        this.permissions = permissions;
        this.via = via;
    }
}
