package org.feuerbird.kernel.ipc;

import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.cpu.Domain;

/**
 * Synchronous protected control transfer between domains. A call moves the message
 * registers (a0..a7, as many as the caller says) into the waiting receiver and makes it
 * the domain to run on this hart at once, in the caller's slice (the slice is donated); the
 * reply moves them back and returns the hart to the caller. The kernel never interprets a
 * message. A call whose partner disappears ends with a0 = {@link #FAILED}.
 */
public final class Ipc {
    /** Message registers: a0..a7 (x10..x17). */
    public static final int FIRST_MR = 10, MAX_WORDS = 8;
    /** The register that receives a granted capability's handle (a7). */
    public static final int GRANT_REGISTER = 17;
    /** What a0 holds when a call failed because the other side went away. */
    public static final long FAILED = -1;

    /** How a capability sent with a call reaches the receiver: the core derives and maps it. */
    public interface Grants {
        /** Gives {@code grant} to {@code receiver}; returns the handle in the receiver's space. */
        long give(Object grant, Domain receiver) throws KernelException;
    }

    static void checkWords(int words) throws KernelException {
        if (words < 0 || words > MAX_WORDS) throw new KernelException(KernelError.INVALID_ARGUMENT, "message of " + words + " words (0.." + MAX_WORDS + ")");
    }

    /**
     * The caller calls through {@code e}. Returns the domain to run now (the receiver), or
     * null if the caller was queued because no receiver waits.
     */
    public Domain call(Registers regs, Domain caller, Endpoint e, int words, Object grant, Grants grants) throws KernelException {
        checkWords(words);
        if (e.destroyed) throw new KernelException(KernelError.WRONG_STATE, "endpoint " + e.id + " is gone");
        if (caller.servingCaller == caller || caller.calling != null) throw new KernelException(KernelError.WRONG_STATE, caller + " is already in a call");
        Domain receiver = e.receiver;
        if (receiver == null) {
            long[] message = new long[words];
            for (int i = 0; i < words; i++) message[i] = regs.get(caller, FIRST_MR + i);
            e.callers.add(new Endpoint.PendingCall(caller, message, words, grant));
            caller.waitingOn = e;
            return null;
        }
        // The grant first: if it fails, nothing has changed and the call fails.
        long handle = grant == null ? 0 : grants.give(grant, receiver);
        e.receiver = null;
        // The fast path: register to register, no message object.
        for (int i = 0; i < words; i++) regs.set(receiver, FIRST_MR + i, regs.get(caller, FIRST_MR + i));
        deliver(regs, caller, receiver, null, 0, handle);
        return receiver;
    }

    private void deliver(Registers regs, Domain caller, Domain receiver, long[] message, int words, long grantHandle) {
        for (int i = 0; i < words; i++) regs.set(receiver, FIRST_MR + i, message[i]);
        regs.set(receiver, GRANT_REGISTER, grantHandle);
        receiver.waitingOn = null;
        receiver.servingCaller = caller;
        caller.waitingOn = null;
        caller.calling = receiver;
    }

    /**
     * The server replies to the caller it serves (if any) and, when {@code wait}, waits on
     * {@code e} for the next call. Returns the domain to run now: the caller replied to; else
     * the server itself if a queued call was delivered at once; else null.
     */
    public Domain reply(Registers regs, Domain server, int words, Endpoint e, boolean wait, long window, Grants grants) throws KernelException {
        checkWords(words);
        if (wait) {
            if (e.destroyed) throw new KernelException(KernelError.WRONG_STATE, "endpoint " + e.id + " is gone");
            if (e.receiver != null && e.receiver != server) throw new KernelException(KernelError.WRONG_STATE, "endpoint " + e.id + " already has a receiver");
        }
        Domain caller = server.servingCaller;
        if (caller == null && !wait) throw new KernelException(KernelError.WRONG_STATE, server + " serves no call");
        if (caller != null) {
            for (int i = 0; i < words; i++) regs.set(caller, FIRST_MR + i, regs.get(server, FIRST_MR + i));
            caller.calling = null;
            server.servingCaller = null;
        }
        if (!wait) return caller;
        server.receiveWindow = window;
        Endpoint.PendingCall next;
        while ((next = e.callers.poll()) != null) {
            long handle;
            try {
                handle = next.grant() == null ? 0 : grants.give(next.grant(), server);
            } catch (KernelException failed) {
                // The queued call's grant cannot be given (revoked meanwhile, no quota for the
                // window's page tables): that call fails, the server takes the next one.
                next.caller().waitingOn = null;
                next.caller().context[FIRST_MR] = FAILED;
                continue;
            }
            deliver(regs, next.caller(), server, next.message(), next.words(), handle);
            return caller != null ? caller : server;
        }
        server.waitingOn = e;
        e.receiver = server;
        return caller;
    }

    /** An endpoint went away: its queued callers fail, its receiver stops waiting. */
    public void endpointGone(Endpoint e) {
        e.destroyed = true;
        for (Endpoint.PendingCall pc : e.callers) {
            pc.caller().waitingOn = null;
            pc.caller().context[FIRST_MR] = FAILED;
        }
        e.callers.clear();
        if (e.receiver != null) {
            e.receiver.waitingOn = null;
            e.receiver.context[FIRST_MR] = FAILED;
            e.receiver = null;
        }
    }

    /** A domain went away: whoever it called or served is released. */
    public void domainGone(Domain d) {
        if (d.waitingOn instanceof Endpoint e) {
            if (e.receiver == d) e.receiver = null;
            e.callers.removeIf(pc -> pc.caller() == d);
        }
        if (d.servingCaller != null) {
            Domain caller = d.servingCaller;
            caller.calling = null;
            caller.context[FIRST_MR] = FAILED;
            d.servingCaller = null;
        }
        if (d.calling != null) {
            d.calling.servingCaller = null;
            d.calling = null;
        }
        d.waitingOn = null;
    }
}
