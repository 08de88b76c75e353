package org.feuerbird.kernel.cap;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.Rights;

/**
 * The test's own picture of the derivation trees, written from the API contract (Kernel,
 * CapType, DESIGN.md section 3) and not from the kernel's code, so the property test has an
 * independent oracle to compare {@code query} answers and failures with.
 */
final class CapTreeModel {
    /** One capability as the test expects it: where it lives and what it may do. */
    static final class Node {
        final int id;
        final CapType type;
        final long base, limit;
        final int rights;
        /** Made by allocFrames: deleting it ends the allocation and its whole tree. */
        final boolean original;
        /** Lies over frames that allocFrames handed out (safe to read through). */
        final boolean ram;
        /** The LibOS an original is charged to, or -1. */
        final int charged;
        int libos;
        long handle;
        Node parent;
        final List<Node> children = new ArrayList<>();
        boolean alive = true;

        Node(int id, CapType type, long base, long limit, int rights, boolean original, boolean ram, int charged) {
            this.id = id;
            this.type = type;
            this.base = base;
            this.limit = limit;
            this.rights = rights;
            this.original = original;
            this.ram = ram;
            this.charged = charged;
        }

        long frames() { return limit - base; }

        @Override
        public String toString() {
            return "#" + id + " " + type + "[" + base + "," + limit + ") " + Rights.describe(rights) + " in LibOS " + libos
                + " handle 0x" + Long.toHexString(handle) + (original ? " original" : "");
        }
    }

    /** A handle that once named a capability in a LibOS's space and must never work again. */
    record DeadHandle(int libos, long handle, String what) {}

    final List<Node> nodes = new ArrayList<>();
    final List<DeadHandle> dead = new ArrayList<>();

    Node add(Node parent, int libos, long handle, CapType type, long base, long limit, int rights,
             boolean original, boolean ram, int charged) {
        Node n = new Node(nodes.size(), type, base, limit, rights, original, ram, charged);
        n.libos = libos;
        n.handle = handle;
        n.parent = parent;
        if (parent != null) parent.children.add(n);
        nodes.add(n);
        return n;
    }

    List<Node> live() {
        List<Node> l = new ArrayList<>();
        for (Node n : nodes) if (n.alive) l.add(n);
        return l;
    }

    /** Every descendant of {@code n}, transitively. */
    static List<Node> descendants(Node n) {
        List<Node> out = new ArrayList<>();
        ArrayDeque<Node> todo = new ArrayDeque<>(n.children);
        while (!todo.isEmpty()) {
            Node d = todo.pop();
            out.add(d);
            todo.addAll(d.children);
        }
        return out;
    }

    /** Revoke: every descendant goes, {@code n} stays. Returns what went. */
    List<Node> revoke(Node n) {
        List<Node> gone = descendants(n);
        for (Node d : gone) kill(d);
        n.children.clear();
        return gone;
    }

    /**
     * Delete: an original takes its tree with it (its frames end); any other node hands its
     * children to its parent, so they stay revocable from there.
     */
    List<Node> delete(Node n) {
        List<Node> gone = new ArrayList<>();
        if (n.original) gone.addAll(revoke(n));
        for (Node c : n.children) {
            c.parent = n.parent;
            if (n.parent != null) n.parent.children.add(c);
        }
        n.children.clear();
        if (n.parent != null) n.parent.children.remove(n);
        kill(n);
        gone.add(n);
        return gone;
    }

    void moved(Node n, int toLibos, long newHandle) {
        if (toLibos != n.libos || newHandle != n.handle) dead.add(new DeadHandle(n.libos, n.handle, "moved away: " + n));
        n.libos = toLibos;
        n.handle = newHandle;
    }

    private void kill(Node n) {
        n.alive = false;
        n.parent = null;
        n.children.clear();
        dead.add(new DeadHandle(n.libos, n.handle, "gone: " + n));
    }

    /**
     * What a derivation of {@code type [base, limit) rights} from {@code parent} must answer:
     * the empty set for success, else every error the contract allows. A request that both
     * exceeds the parent and is malformed may be refused for either reason.
     */
    static Set<KernelError> expectDerive(Node parent, CapType type, long base, long limit, int rights) {
        Set<KernelError> allowed = EnumSet.noneOf(KernelError.class);
        boolean malformed = type.isAbstract() ? base != 0 || limit != Long.MAX_VALUE : base < 0 || base >= limit;
        boolean typeOk = type.isAtOrBelow(parent.type);
        boolean rightsOk = (rights & ~parent.rights) == 0 && (rights & ~Rights.ALL) == 0;
        boolean rangeOk = parent.type.isAbstract()
            || type.space() == parent.type.space() && base >= parent.base && limit <= parent.limit;
        if (!typeOk || !rightsOk || !rangeOk) allowed.add(KernelError.EXCEEDS_PARENT);
        if (malformed) allowed.add(KernelError.INVALID_ARGUMENT);
        return allowed;
    }
}
