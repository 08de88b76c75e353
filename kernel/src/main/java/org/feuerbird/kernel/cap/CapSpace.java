package org.feuerbird.kernel.cap;

import java.util.Arrays;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;

/**
 * A holder's capability space: slots of capabilities, named by handles. A handle is
 * {@code generation << 32 | slot}; a slot's generation grows each time it is emptied, so
 * a handle kept after a delete fails. Slot 0 is never used, so handle 0 names nothing.
 *
 * <p>{@link #lookup} is the hot-path check: an array index, a generation compare and a
 * mask test over parallel primitive arrays (the type check compares one more int).
 */
public final class CapSpace {
    /** Most slots one space may hold: a quota against a holder exhausting the kernel's heap. */
    public static final int MAX_SLOTS = 1 << 20;

    private final Object holder;
    private int[] generation = new int[16];
    private int[] rights = new int[16];
    private int[] type = new int[16];
    private Capability[] caps = new Capability[16];
    private int[] free = new int[16];
    private int freeCount, used = 1, live;

    public CapSpace(Object holder) {
        this.holder = holder;
        Arrays.fill(type, -1);
    }

    public Object holder() { return holder; }

    public int size() { return live; }

    /** The capability a handle names, if it is live, of that type, and carries those rights. */
    public Capability lookup(long handle, CapType t, int needed) throws KernelException {
        int slot = (int) handle;
        int[] g = generation;
        if (slot <= 0 || slot >= g.length || g[slot] != (int) (handle >>> 32) || caps[slot] == null) {
            throw invalid(handle);
        }
        if (type[slot] != t.ordinal()) throw new KernelException(KernelError.WRONG_TYPE, "handle " + Long.toHexString(handle) + " is a " + caps[slot].type + ", not a " + t);
        if ((rights[slot] & needed) != needed) {
            throw new KernelException(KernelError.MISSING_RIGHTS, caps[slot].type + " handle " + Long.toHexString(handle) + " lacks "
                + org.feuerbird.kernel.api.Rights.describe(needed & ~rights[slot]));
        }
        return caps[slot];
    }

    /** The capability a handle names, of any type. */
    public Capability lookup(long handle) throws KernelException {
        int slot = (int) handle;
        if (slot <= 0 || slot >= generation.length || generation[slot] != (int) (handle >>> 32) || caps[slot] == null) {
            throw invalid(handle);
        }
        return caps[slot];
    }

    private static KernelException invalid(long handle) {
        return new KernelException(KernelError.INVALID_HANDLE, "no capability at handle 0x" + Long.toHexString(handle));
    }

    /** Puts a capability into a free slot; returns its handle. */
    long insert(Capability c) throws KernelException {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == MAX_SLOTS) throw new KernelException(KernelError.QUOTA_EXCEEDED, "capability space full (" + MAX_SLOTS + " slots)");
            if (used == caps.length) grow();
            slot = used++;
        }
        if (generation[slot] == 0) generation[slot] = 1;
        caps[slot] = c;
        rights[slot] = c.rights;
        type[slot] = c.type.ordinal();
        c.space = this;
        c.slot = slot;
        live++;
        return handleOf(slot);
    }

    /** Empties a capability's slot; its handles go stale. */
    void remove(Capability c) {
        int slot = c.slot;
        caps[slot] = null;
        type[slot] = -1;
        rights[slot] = 0;
        generation[slot]++;
        if (freeCount == free.length) free = Arrays.copyOf(free, free.length * 2);
        free[freeCount++] = slot;
        c.space = null;
        live--;
    }

    /** The handle naming a live capability in this space. */
    public long handleOf(Capability c) {
        if (c.space != this) throw new IllegalArgumentException("capability not in this space");
        return handleOf(c.slot);
    }

    private long handleOf(int slot) { return (long) generation[slot] << 32 | slot; }

    /** Every live capability, for destroying the space. */
    public java.util.List<Capability> all() {
        java.util.List<Capability> list = new java.util.ArrayList<>(live);
        for (int i = 1; i < used; i++) if (caps[i] != null) list.add(caps[i]);
        return list;
    }

    private void grow() {
        int n = caps.length * 2;
        generation = Arrays.copyOf(generation, n);
        rights = Arrays.copyOf(rights, n);
        int old = type.length;
        type = Arrays.copyOf(type, n);
        Arrays.fill(type, old, n, -1);
        caps = Arrays.copyOf(caps, n);
    }
}
