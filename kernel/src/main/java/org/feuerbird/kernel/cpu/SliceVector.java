package org.feuerbird.kernel.cpu;

/**
 * The kernel's vector of time slices: {@code perHart} slices for each hart, run in order,
 * each owned by one LibOS (or by none: skipped). Which LibOS owns which slice is set by a
 * holder of the SCHEDULER capability; what runs inside a slice is its owner's decision.
 */
public final class SliceVector {
    private final Object[] owners;
    private final int perHart;
    private final long sliceNanos;

    public SliceVector(int harts, int perHart, long sliceNanos) {
        this.owners = new Object[harts * perHart];
        this.perHart = perHart;
        this.sliceNanos = sliceNanos;
    }

    public int size() { return owners.length; }

    public int perHart() { return perHart; }

    public long sliceNanos() { return sliceNanos; }

    public Object owner(int slice) { return owners[slice]; }

    public void setOwner(int slice, Object owner) { owners[slice] = owner; }

    /** The next owned slice of a hart after {@code current} (wrapping), or -1 if it has none. */
    public int next(int hart, int current) {
        int base = hart * perHart;
        for (int k = 1; k <= perHart; k++) {
            int s = base + Math.floorMod(current - base + k, perHart);
            if (owners[s] != null) return s;
        }
        return -1;
    }
}
