package org.feuerbird.kernel.cap;

import java.util.ArrayList;
import java.util.List;
import org.feuerbird.kernel.api.CapType;

/**
 * One capability: a node of the derivation tree, living in one slot of one holder's
 * {@link CapSpace}. Type, range and rights never change after creation; a derivation makes a
 * new node. The kernel object it names (a frame run, a domain, an endpoint) is shared by all
 * nodes of its tree; the {@link #original} node's deletion ends the object.
 */
public final class Capability {
    public final CapType type;
    public final long base, limit;
    public final int rights;
    /** The kernel object named, or null for raw resources (a frame range derived from ROOT, a slice range). */
    public final Object object;
    /** Whether this node was made when its object was created; deleting it destroys the object. */
    public final boolean original;

    Capability parent;
    // Children as an intrusive doubly linked list: a LIBOS capability parents every
    // allocation of its LibOS, so adding and removing a child must not depend on their number.
    Capability firstChild, nextSibling, prevSibling;
    CapSpace space;
    int slot;
    /** What was bound through this capability (frame mappings); unbound when it goes. */
    private List<Object> bindings;

    public Capability(CapType type, long base, long limit, int rights, Object object, boolean original) {
        this.type = type;
        this.base = base;
        this.limit = limit;
        this.rights = rights;
        this.object = object;
        this.original = original;
    }

    public Capability parent() { return parent; }

    /** The children, in a fresh list. */
    public List<Capability> children() {
        List<Capability> out = new ArrayList<>();
        for (Capability c = firstChild; c != null; c = c.nextSibling) out.add(c);
        return out;
    }

    /** Links {@code child} under this capability. */
    void adopt(Capability child) {
        child.parent = this;
        child.prevSibling = null;
        child.nextSibling = firstChild;
        if (firstChild != null) firstChild.prevSibling = child;
        firstChild = child;
    }

    /** Unlinks this capability from its parent's children. */
    void orphan() {
        if (parent != null && parent.firstChild == this) parent.firstChild = nextSibling;
        if (prevSibling != null) prevSibling.nextSibling = nextSibling;
        if (nextSibling != null) nextSibling.prevSibling = prevSibling;
        parent = prevSibling = nextSibling = null;
    }

    public CapSpace space() { return space; }

    public boolean live() { return space != null; }

    public boolean contains(long from, long to) { return from >= base && to <= limit && from < to; }

    public void addBinding(Object binding) {
        if (bindings == null) bindings = new ArrayList<>(2);
        bindings.add(binding);
    }

    public void removeBinding(Object binding) {
        if (bindings != null) bindings.remove(binding);
    }

    /** Takes the bindings away (for the unbinding that follows a delete). */
    public List<Object> takeBindings() {
        List<Object> b = bindings == null ? List.of() : bindings;
        bindings = null;
        return b;
    }
}
