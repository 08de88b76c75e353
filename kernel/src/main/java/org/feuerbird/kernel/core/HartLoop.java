package org.feuerbird.kernel.core;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.cap.Capability;
import org.feuerbird.kernel.cpu.Domain;
import org.feuerbird.kernel.hal.HartPort;
import org.feuerbird.kernel.ipc.Endpoint;
import org.feuerbird.kernel.ipc.Registers;
import org.feuerbird.kernel.time.Alarm;
import org.feuerbird.kernel.trap.TrapRouter;

/**
 * One hart's kernel loop, on the hart's own thread: walk the slice vector, let each slice's
 * owner choose a domain, run it until it traps or the slice ends, forward the trap as an
 * upcall, and switch contexts when a LibOS (or IPC) says so. It is also the {@link Cpu}
 * that upcalls on this hart receive.
 *
 * <p>Context switches are eager: when an upcall chooses another domain, the current one is
 * saved at once. {@link #x} and friends always address the domain whose trap is being
 * served, on the hart or in its saved context, so a LibOS never sees another's registers.
 */
final class HartLoop implements Cpu, Registers {
    /** Instructions per run before the loop looks at the clock and its requests again. */
    static final long BUDGET = 1 << 20;
    private static final ThreadLocal<HartLoop> CURRENT = new ThreadLocal<>();

    final KernelCore k;
    final HartPort port;
    final int id;

    /** The domain loaded on the hart, or null. */
    private Domain current;
    /** The domain whose trap is being served (registers of upcalls), or null. */
    private Domain trapped;
    private long cause = -1, value;
    private int slice = -1;
    private long sliceEnd;
    private LibOSInstance sliceOwner;
    /** The slice owner must be asked (again) what to run. */
    private boolean askOwner;

    /**
     * The LibOS whose non-trap upcall (alarm, interrupt, slice) runs now, or null. It sees no
     * other LibOS's domain through this Cpu, and its handles are looked up in its own space.
     */
    private LibOSInstance serving;

    private volatile boolean inGuest;
    private volatile boolean flushPending;
    private volatile boolean kicked;
    private volatile Thread thread;

    HartLoop(KernelCore k, HartPort port) {
        this.k = k;
        this.port = port;
        this.id = port.id();
    }

    /** The loop of the calling thread's hart, or null on other threads. */
    static HartLoop current() { return CURRENT.get(); }

    // ---- the loop ----

    /** Runs the loop on the calling thread until {@code until} holds or the kernel shuts down. */
    void run(BooleanSupplier until) {
        HartLoop previous = CURRENT.get();
        CURRENT.set(this);
        thread = Thread.currentThread();
        askOwner = true;   // a re-entered loop asks its slice owner at once, not at the slice's end
        try {
            while (!k.shutdown && !until.getAsBoolean()) step();
        } finally {
            synchronized (k) {
                if (current != null) unload(true);
            }
            CURRENT.set(previous);
            thread = null;
        }
    }

    /** The earliest alarm or revocation deadline when the last step looked (kernel lock held then). */
    private long nextTimeEvent = Long.MIN_VALUE;

    /** Board time when the last guest run ended in a trap (the next step's clock reading), or -1. */
    private long trapAt = -1;
    /** Board time when the hart first entered guest code after the last trap it served. */
    private long enteredAt;
    private boolean trapServed = true;

    private void step() {
        // After a trap, the time read when it left guest code serves this step too: one clock
        // read per system call. It is as old as the upcall was long; a timer that fell due in
        // the meantime is seen at the hart's next chunk boundary, a slice end a step later.
        long now = trapAt >= 0 ? trapAt : port.nanos();
        trapAt = -1;
        // The earliest alarm or deadline was known at the last step; one set since then is
        // programmed into the timer below and served at the step after, a step late at most.
        if (now >= nextTimeEvent) serveTime(now);
        if (slice < 0 || now >= sliceEnd) nextSlice(now);
        if (askOwner) {
            askOwner = false;
            synchronized (k) {
                // The owner may have changed since the slice began (setSliceOwner, then kick).
                if (slice >= 0) sliceOwner = (LibOSInstance) k.slices.owner(slice);
            }
            if (current == null && sliceOwner != null) upcallSliceStarted();
        }
        Domain d;
        long timer;
        synchronized (k) {
            d = current;
            if (d != null && !d.runnable()) {
                // Suspended, stopped or blocked in IPC meanwhile: the owner chooses again.
                unload(true);
                d = null;
                askOwner = true;
            }
            // Entering guest code is decided under the lock, so a hart that breaks a binding
            // or evicts a domain (holding the lock) sees either "in guest" or a later check.
            if (d != null) {
                inGuest = true;
                if (flushPending) {
                    flushPending = false;
                    port.flushAll();
                }
            }
            nextTimeEvent = Math.min(k.alarms.next(), k.nextRevocationDeadline());
            timer = Math.min(sliceEnd, nextTimeEvent);
        }
        port.setTimer(timer);   // also while idle: a stale compare would keep the timer pending
        if (d == null) {
            idle(timer);
            return;
        }
        if (trapServed) {
            enteredAt = now;
            trapServed = false;
        }
        int r = port.run(BUDGET, now);
        inGuest = false;
        if (r == HartPort.TRAP) {
            trapAt = port.nanos();
            trap();
            trapServed = true;
        }
    }

    /** Alarms and revocation deadlines that are due. */
    private void serveTime(long now) {
        List<Alarm> due;
        synchronized (k) {
            due = k.alarms.next() <= now ? k.alarms.due(now) : List.of();
        }
        for (Alarm a : due) {
            LibOSInstance owner = (LibOSInstance) a.owner;
            upcall(owner, "alarm", () -> owner.upcalls.alarm(this, a.id));
        }
        if (k.nextRevocationDeadline() <= now) {
            for (Runnable r : k.enforceRevocations(now)) r.run();
        }
    }

    /** Ends the current slice (if any) and begins the next owned one. */
    private void nextSlice(long now) {
        LibOSInstance ending = sliceOwner;
        if (ending != null) {
            synchronized (k) {
                if (current != null) unload(true);
            }
            upcall(ending, "sliceEnded", () -> ending.upcalls.sliceEnded(this));
        }
        synchronized (k) {
            if (current != null) unload(true);
            slice = k.slices.next(id, slice < 0 ? id * k.slices.perHart() - 1 : slice);
            sliceOwner = slice < 0 ? null : (LibOSInstance) k.slices.owner(slice);
            sliceEnd = now + k.slices.sliceNanos();
        }
        if (sliceOwner != null) upcallSliceStarted();
    }

    private void upcallSliceStarted() {
        LibOSInstance owner = sliceOwner;
        upcall(owner, "sliceStarted", () -> owner.upcalls.sliceStarted(this));
    }

    /**
     * Makes an upcall that is not a trap of the LibOS's own domain: whatever it throws is
     * reported (also to the LibOS, through {@code failed}) and the loop goes on. Only JVM
     * errors other than a stack overflow pass: the JVM itself is then in trouble.
     */
    private void upcall(LibOSInstance lib, String what, Runnable call) {
        LibOSInstance before = serving;
        serving = lib;
        try {
            call.run();
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) throw vme;
            k.report(lib + " failed in " + what + ": " + e);
            try {
                lib.upcalls.failed(null, e);
            } catch (Throwable again) {
                if (again instanceof VirtualMachineError vme && !(again instanceof StackOverflowError)) throw vme;
                k.report(lib + " failed in failed: " + again);
            }
        } finally {
            serving = before;
        }
    }

    /** Nothing to run: take interrupts, wait for the next timer event or a kick. */
    private void idle(long wake) {
        if (port.interruptPending()) {
            external();
            return;
        }
        if (kicked) {
            kicked = false;
            askOwner = true;
            return;
        }
        long wait = Math.min(wake - port.nanos(), 1_000_000);
        if (wait > 0) LockSupport.parkNanos(this, wait);
    }

    /**
     * Wakes this hart if it idles, so it asks its slice owner again. A hart kicking itself
     * (a LibOS waking a thread while serving this hart's trap) only sets the flag, which
     * {@link #idle} reads before it parks; unparking oneself was a host call on every pipe
     * wake-up.
     */
    void kick() {
        kicked = true;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) LockSupport.unpark(t);
    }

    // ---- traps ----

    private void trap() {
        long c = port.cause();
        if (c < 0) {
            int code = (int) (c & 63);
            if (code == HartPort.EXTERNAL_INTERRUPT) external();
            return;   // timer: the loop's next step looks at the clock
        }
        Domain d = current;
        if (d == null) return;
        LibOSInstance lib = (LibOSInstance) d.libos;
        trapped = d;
        cause = c;
        value = port.value();
        Throwable failure = TrapRouter.forward(lib.upcalls, this, c);
        trapped = null;
        cause = -1;
        if (failure != null) stopFailed(d, lib, failure);
    }

    /** A LibOS threw while serving a domain: the domain stops, the LibOS is told, the kernel goes on. */
    private void stopFailed(Domain d, LibOSInstance lib, Throwable failure) {
        synchronized (k) {
            if (d.state() != Domain.State.DESTROYED) d.setState(Domain.State.STOPPED);
            if (current == d) unload(true);
        }
        k.report(lib + " threw " + failure + " serving " + d + "; the domain is stopped");
        try {
            lib.upcalls.failed(d.tag, failure);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) throw vme;
            k.report(lib + " failed in failed: " + e);
        }
    }

    private void external() {
        int line;
        while ((line = k.machine.interrupts().claim(id)) != 0) {
            LibOSInstance owner;
            synchronized (k) {
                owner = line < k.irqOwner.length ? k.irqOwner[line] : null;
                if (owner != null) k.irqClaimedBy[line] = id;
            }
            if (owner == null) {
                k.machine.interrupts().complete(id, line);
                continue;
            }
            int irq = line;
            upcall(owner, "interrupt " + line, () -> owner.upcalls.interrupt(this, irq));
        }
    }

    // ---- context switch (callers hold the kernel lock) ----

    /** Saves the loaded domain (if {@code save}) and takes it off the hart. */
    void unload(boolean save) {
        Domain d = current;
        if (d == null) return;
        if (save) port.save(d.context);
        d.hart = -1;
        if (d.state() == Domain.State.RUNNING) d.setState(Domain.State.READY);
        current = null;
        k.notifyAll();   // a suspender on another hart waits for this
    }

    /** Loads {@code d}, saving whatever ran before. */
    private void load(Domain d) {
        if (current == d) return;
        unload(true);
        port.load(d.context, d.space.root(), d.space.asid);
        d.hart = id;
        d.setState(Domain.State.RUNNING);
        current = d;
    }

    /**
     * Another hart destroyed or suspended a domain loaded here (the caller holds the lock):
     * wait until this hart is out of guest code. Its loop unloads the domain at its next step,
     * since the domain is no longer runnable, and forgets its translations first.
     */
    void forceOff(Domain d) {
        flushPending = true;
        port.requestStop();
        while (inGuest) Thread.onSpinWait();
    }

    /** A binding changed: this hart must forget its translations before running guest code again. */
    void requestFlush() {
        flushPending = true;
        if (inGuest) {
            port.requestStop();
            while (inGuest && flushPending) Thread.onSpinWait();
        }
    }

    // ---- Cpu ----

    @Override public int hartId() { return id; }

    @Override public long cause() { return cause; }

    @Override public long value() { return value; }

    @Override public long trapNanos() { return trapAt >= 0 ? trapAt : port.nanos(); }

    @Override public long enteredNanos() { return enteredAt; }

    /** The domain this Cpu shows: the trapped one, else the running one if it is the serving LibOS's. */
    private Domain shown() {
        Domain d = trapped != null ? trapped : current;
        if (d != null && serving != null && d.libos != serving) return null;
        return d;
    }

    @Override
    public Object domainTag() {
        Domain d = shown();
        return d == null ? null : d.tag;
    }

    private Domain regsOf() {
        Domain d = shown();
        if (d == null) throw new IllegalStateException("no domain of this LibOS on hart " + id);
        return d;
    }

    @Override public long x(int reg) { return get(regsOf(), reg); }

    @Override public void setX(int reg, long v) { set(regsOf(), reg, v); }

    @Override
    public long f(int reg) {
        Domain d = regsOf();
        return d.hart() == id ? port.f(reg) : d.context[32 + java.util.Objects.checkIndex(reg, 32)];
    }

    @Override
    public void setF(int reg, long bits) {
        Domain d = regsOf();
        if (d.hart() == id) port.setF(reg, bits);
        else d.context[32 + java.util.Objects.checkIndex(reg, 32)] = bits;
    }

    @Override
    public long pc() {
        Domain d = regsOf();
        return d.hart() == id ? port.pc() : d.context[org.feuerbird.kernel.api.Kernel.CONTEXT_PC];
    }

    @Override
    public void setPc(long pc) {
        Domain d = regsOf();
        if (d.hart() == id) port.setPc(pc);
        else d.context[org.feuerbird.kernel.api.Kernel.CONTEXT_PC] = pc & ~1L;
    }

    @Override
    public long get(Domain d, int reg) {
        if (d.hart() == id) return port.x(reg);
        return reg == 0 ? 0 : d.context[java.util.Objects.checkIndex(reg, 32)];
    }

    @Override
    public void set(Domain d, int reg, long v) {
        if (d.hart() == id) port.setX(reg, v);
        else if (java.util.Objects.checkIndex(reg, 32) != 0) d.context[reg] = v;
    }

    /** The LibOS on whose behalf the current upcall runs: the trapped domain's, else the slice owner. */
    private LibOSInstance caller() {
        if (serving != null) return serving;
        Domain d = trapped != null ? trapped : current;
        return d != null ? (LibOSInstance) d.libos : sliceOwner;
    }

    @Override
    public void run(long domain) throws KernelException {
        synchronized (k) {
            Domain d = domainFor(domain);
            // Follow the donation chain: a caller's time runs whoever serves its call.
            while (d.calling != null) d = d.calling;
            if (!d.runnable()) throw new KernelException(KernelError.WRONG_STATE, d + " is " + d.state() + (d.waitingOn != null ? ", waiting in IPC" : ""));
            if (d.hart() >= 0 && d.hart() != id) throw new KernelException(KernelError.WRONG_STATE, d + " runs on hart " + d.hart());
            if (!mayChoose()) throw new KernelException(KernelError.WRONG_STATE, "hart " + id + " runs another LibOS's slice and domain");
            load(d);
        }
    }

    private Domain domainFor(long handle) throws KernelException {
        LibOSInstance lib = caller();
        if (lib == null) throw new KernelException(KernelError.WRONG_STATE, "no LibOS is served on hart " + id);
        Capability c = lib.caps.lookup(handle, CapType.DOMAIN, Rights.CONTROL);
        if (!(c.object instanceof Domain d) || d.state() == Domain.State.DESTROYED) {
            throw new KernelException(KernelError.WRONG_STATE, "the capability names no live domain");
        }
        return d;
    }

    /** Whether the LibOS of this upcall decides what the hart runs: it owns the slice or the running domain. */
    private boolean mayChoose() {
        LibOSInstance lib = caller();
        return lib == sliceOwner || current == null || current.libos == lib;
    }

    @Override
    public void idle() {
        synchronized (k) {
            if (mayChoose()) unload(true);
        }
    }

    @Override
    public void yieldSlice() {
        synchronized (k) {
            if (caller() != sliceOwner) return;
            unload(true);
            sliceEnd = port.nanos();
        }
    }


    @Override
    public boolean hasDomain() { return current != null; }

    @Override
    public void call(long endpoint, int words, long grant) throws KernelException {
        synchronized (k) {
            Domain caller = requireTrapped();
            LibOSInstance lib = (LibOSInstance) caller.libos;
            Endpoint e = endpointFor(lib, endpoint, Rights.SEND);
            Capability g = grant == org.feuerbird.kernel.api.Kernel.NONE ? null : lib.caps.lookup(grant, CapType.MEMORY, Rights.GRANT);
            Domain next = k.ipc.call(this, caller, e, words, g, k::grantTo);
            if (next != null) load(next);
            else if (current == caller) unload(true);
        }
    }

    @Override
    public void reply(int words) throws KernelException {
        synchronized (k) {
            Domain server = requireTrapped();
            Domain next = k.ipc.reply(this, server, words, null, false, 0, k::grantTo);
            if (next != null) load(next);
        }
    }

    @Override
    public void replyWait(long endpoint, int words, long receiveWindow) throws KernelException {
        synchronized (k) {
            Domain server = requireTrapped();
            LibOSInstance lib = (LibOSInstance) server.libos;
            Endpoint e = endpointFor(lib, endpoint, Rights.RECEIVE);
            if (receiveWindow != 0 && ((receiveWindow & 0xfff) != 0 || receiveWindow < 0
                || receiveWindow >= org.feuerbird.kernel.mem.AddressSpace.USER_LIMIT)) {
                throw new KernelException(KernelError.INVALID_ARGUMENT, "receive window 0x" + Long.toHexString(receiveWindow));
            }
            Domain next = k.ipc.reply(this, server, words, e, true, receiveWindow, k::grantTo);
            if (next != null) load(next);
            else if (current == server) unload(true);
        }
    }

    private Domain requireTrapped() throws KernelException {
        if (trapped == null) throw new KernelException(KernelError.WRONG_STATE, "IPC is made on behalf of a domain's trap");
        return trapped;
    }

    private static Endpoint endpointFor(LibOSInstance lib, long handle, int rights) throws KernelException {
        Capability c = lib.caps.lookup(handle, CapType.ENDPOINT, rights);
        if (!(c.object instanceof Endpoint e)) throw new KernelException(KernelError.WRONG_STATE, "the capability names no endpoint");
        return e;
    }
}
