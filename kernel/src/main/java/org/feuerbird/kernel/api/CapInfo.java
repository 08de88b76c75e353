package org.feuerbird.kernel.api;

/** What a capability is, as {@link Kernel#query} reports it. */
public record CapInfo(CapType type, long base, long limit, int rights, int children) {
    @Override
    public String toString() {
        return type + "[" + Long.toHexString(base) + ".." + Long.toHexString(limit) + ") " + Rights.describe(rights)
            + (children > 0 ? " children=" + children : "");
    }
}
