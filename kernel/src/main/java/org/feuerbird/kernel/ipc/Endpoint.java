package org.feuerbird.kernel.ipc;

import java.util.ArrayDeque;
import org.feuerbird.kernel.cpu.Domain;

/**
 * An IPC endpoint: a rendezvous between callers and one receiving domain at a time. Callers
 * that find no receiver queue here in arrival order.
 */
public final class Endpoint {
    public final int id;
    public final Object owner;
    /** The domain waiting to receive, or null. */
    public Domain receiver;
    /** Callers waiting for a receiver, with what they send. */
    public final ArrayDeque<PendingCall> callers = new ArrayDeque<>();
    public boolean destroyed;

    public Endpoint(int id, Object owner) {
        this.id = id;
        this.owner = owner;
    }

    /** A queued call: the caller, its message, and the capability it grants (or null). */
    public record PendingCall(Domain caller, long[] message, int words, Object grant) {}
}
