package org.feuerbird.kernel.api;

/**
 * Rights a capability carries, as bits. A derived capability carries a subset of its
 * parent's. What each right allows on each type is listed in docs/KERNEL.md.
 */
public final class Rights {
    private Rights() {}

    /** Read the resource: frame contents, a domain's registers, a capability's details. */
    public static final int READ = 1;
    /** Write the resource. */
    public static final int WRITE = 1 << 1;
    /** Execute: map a frame executable. */
    public static final int EXECUTE = 1 << 2;
    /** Bind the resource: map a frame, change a domain's address space. */
    public static final int MAP = 1 << 3;
    /** Give a copy or move of the capability to another holder, or send it by IPC. */
    public static final int GRANT = 1 << 4;
    /** Revoke the capability's descendants. */
    public static final int REVOKE = 1 << 5;
    /** Allocate: frames, domains, endpoints, alarms charged to a LibOS. */
    public static final int ALLOC = 1 << 6;
    /** Call or send on an endpoint. */
    public static final int SEND = 1 << 7;
    /** Wait and reply on an endpoint. */
    public static final int RECEIVE = 1 << 8;
    /** Control: run, suspend, resume and destroy a domain; assign slices; attach an interrupt. */
    public static final int CONTROL = 1 << 9;
    /** Every right. */
    public static final int ALL = (1 << 10) - 1;

    /** Whether {@code rights} contains every bit of {@code needed}. */
    public static boolean has(int rights, int needed) { return (rights & needed) == needed; }

    /** A readable list like "READ|WRITE|MAP". */
    public static String describe(int rights) {
        String[] names = {"READ", "WRITE", "EXECUTE", "MAP", "GRANT", "REVOKE", "ALLOC", "SEND", "RECEIVE", "CONTROL"};
        if (rights == 0) return "NONE";
        if (rights == ALL) return "ALL";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((rights & (1 << i)) != 0) b.append(b.isEmpty() ? "" : "|").append(names[i]);
        }
        return b.toString();
    }
}
