package org.feuerbird.kernel.cap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.Rights;

/**
 * The operations on the derivation tree: derive, copy, move, delete, revoke. The rules that
 * keep authority from growing live here and nowhere else: a child's type is at or below its
 * parent's, its range inside the parent's (or anything, below an abstract type), its rights
 * a subset. Callers hold the kernel lock.
 */
public final class Derivation {
    /** What the rest of the kernel does when a capability leaves the tree. */
    public interface Reaper {
        /** Undo what was bound through {@code c}; if it is an original, destroy its object. */
        void removed(Capability c);
    }

    private final Reaper reaper;

    public Derivation(Reaper reaper) { this.reaper = reaper; }

    /** Makes a root capability (boot only, or an object's creation below its creator's authority). */
    public long root(CapSpace space, Capability c) throws KernelException {
        return space.insert(c);
    }

    /** Inserts a freshly created object's original capability as a child of {@code parent}. */
    public long created(CapSpace space, Capability parent, Capability original) throws KernelException {
        long h = space.insert(original);
        if (parent != null) parent.adopt(original);
        return h;
    }

    /** Checks the derivation rules; returns the child capability, not yet placed. */
    public static Capability child(Capability parent, CapType type, long base, long limit, int rights) throws KernelException {
        if (!type.isAtOrBelow(parent.type)) {
            throw new KernelException(KernelError.EXCEEDS_PARENT, type + " is not at or below " + parent.type);
        }
        if ((rights & ~parent.rights) != 0 || (rights & ~Rights.ALL) != 0) {
            throw new KernelException(KernelError.EXCEEDS_PARENT, "rights " + Rights.describe(rights & ~parent.rights) + " not held by the parent");
        }
        if (type.isAbstract()) {
            if (base != 0 || limit != Long.MAX_VALUE) {
                throw new KernelException(KernelError.INVALID_ARGUMENT, "abstract type " + type + " takes the whole range [0, MAX)");
            }
        } else if (base < 0 || base >= limit) {
            throw new KernelException(KernelError.INVALID_ARGUMENT, "empty or negative range [" + base + ", " + limit + ")");
        }
        if (!parent.type.isAbstract()) {
            if (type.space() != parent.type.space()) {
                throw new KernelException(KernelError.EXCEEDS_PARENT, type + " names other resources than its parent " + parent.type);
            }
            if (!parent.contains(base, limit)) {
                throw new KernelException(KernelError.EXCEEDS_PARENT, "range [" + Long.toHexString(base) + ", " + Long.toHexString(limit)
                    + ") outside the parent's [" + Long.toHexString(parent.base) + ", " + Long.toHexString(parent.limit) + ")");
            }
        }
        // Same type keeps the object (a smaller view of the same frames, the same domain);
        // a new type below names raw resources until an object of it is created.
        Object object = type == parent.type ? parent.object : null;
        return new Capability(type, base, limit, rights, object, false);
    }

    /** Derives a child into {@code into}; returns its handle there. */
    public long derive(Capability parent, CapType type, long base, long limit, int rights, CapSpace into) throws KernelException {
        Capability c = child(parent, type, base, limit, rights);
        long h = into.insert(c);
        parent.adopt(c);
        return h;
    }

    /** Moves a capability to another space; its place in the tree does not change. */
    public long move(Capability c, CapSpace into) throws KernelException {
        CapSpace from = c.space;
        if (from == into) return into.handleOf(c);
        from.remove(c);
        try {
            return into.insert(c);
        } catch (KernelException full) {
            from.insert(c);   // a slot was just freed there
            throw full;
        }
    }

    /**
     * Deletes one capability. Its children move up to its parent, so whoever could revoke
     * them still can; an original takes its whole tree with it, since its object ends.
     */
    public void delete(Capability c) {
        if (c.original) {
            revoke(c);
        } else {
            Capability p = c.parent;
            while (c.firstChild != null) {
                Capability child = c.firstChild;
                child.orphan();
                if (p != null) p.adopt(child);
            }
        }
        detach(c);
    }

    /** Deletes every descendant of {@code c}, depth first, in whatever space each lives. */
    public void revoke(Capability c) {
        List<Capability> doomed = new ArrayList<>();
        ArrayDeque<Capability> todo = new ArrayDeque<>();
        for (Capability ch = c.firstChild; ch != null; ch = ch.nextSibling) todo.push(ch);
        while (!todo.isEmpty()) {
            Capability d = todo.pop();
            doomed.add(d);
            for (Capability ch = d.firstChild; ch != null; ch = ch.nextSibling) todo.push(ch);
        }
        for (Capability d : doomed) {
            d.firstChild = null;
            d.parent = d.prevSibling = d.nextSibling = null;
        }
        c.firstChild = null;
        // Leaves first, so an original's object outlives every view of it.
        for (int i = doomed.size() - 1; i >= 0; i--) {
            Capability d = doomed.get(i);
            // Ending an object can delete capabilities it held (a domain's space): those are
            // already reaped and must not be again.
            if (d.space == null) continue;
            d.space.remove(d);
            reaper.removed(d);
        }
    }

    private void detach(Capability c) {
        c.orphan();
        if (c.space != null) c.space.remove(c);
        reaper.removed(c);
    }

    /** Number of descendants, for queries and tests. */
    public static int descendants(Capability c) {
        int n = 0;
        ArrayDeque<Capability> todo = new ArrayDeque<>();
        todo.push(c);
        while (!todo.isEmpty()) {
            for (Capability ch = todo.pop().firstChild; ch != null; ch = ch.nextSibling) {
                n++;
                todo.push(ch);
            }
        }
        return n;
    }
}
