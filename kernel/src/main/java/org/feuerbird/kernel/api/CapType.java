package org.feuerbird.kernel.api;

/**
 * The type lattice of capabilities. Every type but {@link #ROOT} has one parent; a derived
 * capability's type must be its parent's type or lie below it.
 *
 * <pre>
 * ROOT ─┬─ SYSTEM ─┬─ KERNEL ─┬─ HARDWARE ─┬─ MEMORY      physical memory: frame ranges
 *       │          │          │            ├─ INTERRUPT   interrupt lines
 *       │          │          │            └─ IO          device register ranges
 *       │          │          ├─ SCHEDULER                time slices
 *       │          │          └─ TIMER                    alarms
 *       │          └─ IPC ──── ENDPOINT                   IPC send/receive
 *       ├─ LIBOS ──┬─ DOMAIN                              virtual memory: a domain's address space
 *       │          ├─ FILE ─┬─ FILE_SYSTEM                disk extents (the storage issue)
 *       │          │        └─ FILE_ACCESS                file read/write, defined by a LibOS
 *       │          └─ NET ──┬─ NETWORK                    a NIC share (the network issue)
 *       │                   └─ SOCKET                     port ranges
 *       └─ USER ───┬─ APP ─── PROCESS                     process creation
 *                  └─ DATA
 * </pre>
 *
 * <p>Each type names its resources in one {@link Space}: a capability's resource is a
 * range {@code [base, limit)} in its type's space. Abstract types ({@link Space#NONE})
 * stand for every resource of every type below them; a derivation that changes the space
 * must therefore start from an abstract type, and otherwise the child's range must lie
 * inside the parent's.
 */
public enum CapType {
    ROOT(null, Space.NONE),
    SYSTEM(ROOT, Space.NONE),
    KERNEL(SYSTEM, Space.NONE),
    HARDWARE(KERNEL, Space.NONE),
    MEMORY(HARDWARE, Space.FRAMES),
    INTERRUPT(HARDWARE, Space.IRQS),
    IO(HARDWARE, Space.PHYSICAL),
    SCHEDULER(KERNEL, Space.SLICES),
    TIMER(KERNEL, Space.LIBOSES),
    IPC(SYSTEM, Space.NONE),
    ENDPOINT(IPC, Space.ENDPOINTS),
    LIBOS(ROOT, Space.LIBOSES),
    DOMAIN(LIBOS, Space.DOMAINS),
    FILE(LIBOS, Space.NONE),
    FILE_SYSTEM(FILE, Space.BLOCKS),
    FILE_ACCESS(FILE, Space.OBJECTS),
    NET(LIBOS, Space.NONE),
    NETWORK(NET, Space.NICS),
    SOCKET(NET, Space.PORTS),
    USER(ROOT, Space.NONE),
    APP(USER, Space.NONE),
    PROCESS(APP, Space.OBJECTS),
    DATA(USER, Space.OBJECTS);

    /** The name spaces of resources. */
    public enum Space { NONE, FRAMES, IRQS, PHYSICAL, SLICES, ENDPOINTS, LIBOSES, DOMAINS, BLOCKS, NICS, PORTS, OBJECTS }

    private final CapType parent;
    private final Space space;
    private final int depth;

    CapType(CapType parent, Space space) {
        this.parent = parent;
        this.space = space;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    public CapType parent() { return parent; }

    public Space space() { return space; }

    /** Whether this type is {@code other} or lies below it in the lattice. */
    public boolean isAtOrBelow(CapType other) {
        CapType t = this;
        while (t.depth > other.depth) t = t.parent;
        return t == other;
    }

    /** Abstract types stand for every resource below them and hold no range of their own. */
    public boolean isAbstract() { return space == Space.NONE; }
}
