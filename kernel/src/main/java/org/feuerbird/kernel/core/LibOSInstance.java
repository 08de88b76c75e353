package org.feuerbird.kernel.core;

import org.feuerbird.kernel.api.Upcalls;
import org.feuerbird.kernel.cap.CapSpace;
import org.feuerbird.kernel.mem.MemoryAccount;

/** The kernel's record of one LibOS: its upcalls, capability space and memory account. */
public final class LibOSInstance {
    public final int id;
    public final String name;
    public final Upcalls upcalls;
    public final CapSpace caps;
    public final MemoryAccount memory;
    /** The handle of its own LIBOS capability and of its TIMER capability, in its space. */
    long self, timer;
    boolean dead;

    LibOSInstance(int id, String name, Upcalls upcalls, long quota) {
        this.id = id;
        this.name = name;
        this.upcalls = upcalls;
        this.caps = new CapSpace(this);
        this.memory = new MemoryAccount(quota);
    }

    @Override
    public String toString() { return "LibOS " + id + " (" + name + ")"; }
}
