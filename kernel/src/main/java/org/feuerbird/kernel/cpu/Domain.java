package org.feuerbird.kernel.cpu;

import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.cap.CapSpace;
import org.feuerbird.kernel.mem.AddressSpace;

/**
 * A protection domain: a register context, an address space, a capability space, and the
 * LibOS that serves it (whose upcalls receive its traps).
 */
public final class Domain {
    /** Life states; which runnable domain runs is its LibOS's decision, not a state here. */
    public enum State { READY, RUNNING, SUSPENDED, STOPPED, DESTROYED }

    public final int id;
    public final Object libos;        // the serving LibOS (core's record)
    public final Object tag;
    public final long[] context = new long[Kernel.CONTEXT_SIZE];
    public final AddressSpace space;
    public final CapSpace caps;
    State state = State.READY;
    /** Its original DOMAIN capability: destroying the domain deletes it, and with it every copy. */
    public Object original;
    /** The hart this domain is loaded on, or -1; written by that hart's loop under the kernel lock. */
    public int hart = -1;

    // IPC: the domain whose call this one serves, the one it called, the endpoint it waits on.
    public Domain servingCaller;
    public Domain calling;
    public Object waitingOn;
    /** Where a grant arriving with a call is mapped (0: nowhere). */
    public long receiveWindow;

    public Domain(int id, Object libos, Object tag, AddressSpace space) {
        this.id = id;
        this.libos = libos;
        this.tag = tag;
        this.space = space;
        this.caps = new CapSpace(this);
    }

    public State state() { return state; }

    public void setState(State s) { state = s; }

    public int hart() { return hart; }

    /** Whether a hart may load it: not suspended, stopped or gone, and not blocked in IPC. */
    public boolean runnable() {
        return (state == State.READY || state == State.RUNNING) && calling == null && waitingOn == null;
    }

    @Override
    public String toString() { return "domain " + id + (tag == null ? "" : " (" + tag + ")"); }
}
