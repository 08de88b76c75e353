package org.feuerbird.kernel.core;

import java.util.ArrayList;
import java.util.List;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.Loss;
import org.feuerbird.kernel.api.RevocationRequest;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.cap.CapSpace;
import org.feuerbird.kernel.cap.Capability;
import org.feuerbird.kernel.cap.Derivation;
import org.feuerbird.kernel.cpu.Domain;
import org.feuerbird.kernel.cpu.SliceVector;
import org.feuerbird.kernel.hal.Machine;
import org.feuerbird.kernel.hal.PhysicalMemory;
import org.feuerbird.kernel.ipc.Endpoint;
import org.feuerbird.kernel.ipc.Ipc;
import org.feuerbird.kernel.mem.AddressSpace;
import org.feuerbird.kernel.mem.FrameAllocator;
import org.feuerbird.kernel.mem.FrameRun;
import org.feuerbird.kernel.mem.Mapping;
import org.feuerbird.kernel.mem.TlbShootdown;
import org.feuerbird.kernel.time.AlarmQueue;

/**
 * The kernel's state and the life cycle of its objects. One monitor (this object) guards it
 * all: kernel operations are short, and a single lock keeps capability, binding and IPC
 * state consistent across harts without lock-ordering rules. Harts never hold it while
 * running guest code or a LibOS upcall.
 */
public final class KernelCore implements Derivation.Reaper, TlbShootdown {
    /** Most domains at once (ids are also ASIDs, recycled). */
    public static final int MAX_DOMAINS = 1 << 16;

    final Machine machine;
    final PhysicalMemory memory;
    final FrameAllocator frames;
    final Derivation tree = new Derivation(this);
    final CapSpace bootSpace = new CapSpace("boot");
    final long rootHandle;
    final Capability root;
    final List<LibOSInstance> libOSes = new ArrayList<>();
    final Domain[] domains = new Domain[MAX_DOMAINS];
    private int nextDomain = 1;
    private int nextEndpoint = 1;
    private long allocations;
    final AlarmQueue alarms = new AlarmQueue();
    final SliceVector slices;
    final LibOSInstance[] irqOwner;
    final int[] irqClaimedBy;
    final HartLoop[] harts;
    final Ipc ipc;
    private final List<Revocation> revocations = new ArrayList<>();
    volatile boolean shutdown;
    /** Failures of LibOS upcalls and other reports, for the boot code and tests. */
    final List<String> reports = new ArrayList<>();

    /** The binding of an attached interrupt line to the capability that attached it. */
    record InterruptRoute(LibOSInstance libos, int line) {}

    record Revocation(LibOSInstance libos, long quota, int[] slices, long deadline) {}

    KernelCore(Machine machine, int slicesPerHart, long sliceNanos) {
        this.machine = machine;
        this.memory = machine.memory();
        this.frames = new FrameAllocator(memory.firstFrame(), memory.frameCount());
        this.slices = new SliceVector(machine.hartCount(), slicesPerHart, sliceNanos);
        this.irqOwner = new LibOSInstance[machine.interrupts().lineCount()];
        this.irqClaimedBy = new int[irqOwner.length];
        java.util.Arrays.fill(irqClaimedBy, -1);
        this.ipc = new Ipc();
        this.root = new Capability(CapType.ROOT, 0, Long.MAX_VALUE, Rights.ALL, null, false);
        try {
            this.rootHandle = tree.root(bootSpace, root);
        } catch (KernelException e) {
            throw new IllegalStateException(e);
        }
        this.harts = new HartLoop[machine.hartCount()];
        for (int i = 0; i < harts.length; i++) harts[i] = new HartLoop(this, machine.hart(i));
    }

    // ---- LibOSes ----

    synchronized LibOSInstance createLibOS(String name, org.feuerbird.kernel.api.Upcalls upcalls, long quota) throws KernelException {
        LibOSInstance lib = new LibOSInstance(libOSes.size() + 1, name, upcalls, quota);
        libOSes.add(lib);
        lib.self = tree.derive(root, CapType.LIBOS, lib.id, lib.id + 1L, Rights.ALL, lib.caps);
        lib.timer = tree.derive(root, CapType.TIMER, lib.id, lib.id + 1L, Rights.ALL, lib.caps);
        return lib;
    }

    /** The LibOS a LIBOS (or TIMER) capability names. */
    LibOSInstance libosNamed(Capability c) throws KernelException {
        if (c.limit - c.base != 1) throw new KernelException(KernelError.INVALID_ARGUMENT, "the capability names " + (c.limit - c.base) + " LibOSes, not one");
        int id = (int) c.base;
        if (id < 1 || id > libOSes.size() || libOSes.get(id - 1).dead) throw new KernelException(KernelError.WRONG_STATE, "no LibOS " + id);
        return libOSes.get(id - 1);
    }

    // ---- frames ----

    long allocFrames(LibOSInstance caller, Capability libosCap, int count) throws KernelException {
        LibOSInstance charged = libosNamed(libosCap);
        if (count <= 0 || count > frames.frameCount()) throw new KernelException(KernelError.INVALID_ARGUMENT, "frame count " + count);
        if (!charged.memory.canCharge(count)) {
            throw new KernelException(KernelError.QUOTA_EXCEEDED, charged + " holds " + charged.memory.used() + " of " + charged.memory.quota() + " frames");
        }
        long first = frames.allocate(count);
        if (first < 0) throw new KernelException(KernelError.OUT_OF_MEMORY, "no run of " + count + " free frames");
        // No zeroing here: free frames are always zero (RAM starts zeroed, freeRun zeroes).
        charged.memory.charge(count);
        FrameRun run = new FrameRun(first, count, charged.memory, ++allocations);
        charged.memory.added(run);
        Capability original = new Capability(CapType.MEMORY, first, first + count, Rights.ALL, run, true);
        long h = tree.created(caller.caps, libosCap, original);
        run.original = original;
        return h;
    }

    private void freeRun(FrameRun run) {
        // Zero on free, so allocation hands out zeroed frames without touching them; a
        // LibOS's data never reaches the next owner either way.
        memory.fill(run.first << 12, (long) run.count << 12, (byte) 0);
        frames.release(run.first, run.count);
        run.owner.credit(run.count);
        run.original = null;
        run.owner.removed(run);
    }

    // ---- domains ----

    /** Creates a domain with a fresh address space, or sharing {@code shared}'s (its threads). */
    Domain createDomain(LibOSInstance caller, Capability libosCap, Object tag, Domain shared, long[] handleOut) throws KernelException {
        LibOSInstance serving = libosNamed(libosCap);
        if (shared != null && shared.libos != serving) {
            throw new KernelException(KernelError.WRONG_STATE, "a shared address space stays with the LibOS that serves it");
        }
        int id = -1;
        for (int k = 0; k < MAX_DOMAINS - 1; k++) {
            int candidate = (nextDomain + k - 1) % (MAX_DOMAINS - 1) + 1;
            if (domains[candidate] == null) { id = candidate; break; }
        }
        if (id < 0) throw new KernelException(KernelError.QUOTA_EXCEEDED, "all " + MAX_DOMAINS + " domain ids in use");
        nextDomain = id + 1;
        AddressSpace space;
        if (shared != null) {
            space = shared.space;
            space.share();
        } else {
            space = new AddressSpace(memory, frames, serving.memory, this, id);
        }
        Domain d = new Domain(id, serving, tag, space);
        domains[id] = d;
        Capability original = new Capability(CapType.DOMAIN, id, id + 1L, Rights.ALL, d, true);
        d.original = original;
        handleOut[0] = tree.created(caller.caps, libosCap, original);
        return d;
    }

    /** Ends a domain: off every hart, unbound, its spaces gone, its IPC partners released. */
    void destroyDomain(Domain d) {
        if (d.state() == Domain.State.DESTROYED) return;
        d.setState(Domain.State.DESTROYED);
        evict(d, false);
        for (Capability c : d.caps.all()) if (c.live()) tree.delete(c);
        if (d.space.release() == 0) {
            for (Mapping m : d.space.mappings()) {
                m.via.removeBinding(m);
                d.space.unbind(m);
            }
            d.space.destroy();
        }
        ipc.domainGone(d);
        domains[d.id] = null;
    }

    /**
     * Takes a domain off whatever hart holds it (saving its registers if {@code save}), and
     * waits until that hart is out of guest code.
     */
    void evict(Domain d, boolean save) {
        int h = d.hart();
        if (h < 0) return;
        HartLoop mine = HartLoop.current();
        if (mine != null && mine.id == h) {
            mine.unload(save);
            return;
        }
        harts[h].forceOff(d);
    }

    // ---- endpoints ----

    Endpoint createEndpoint(LibOSInstance caller, Capability libosCap, long[] handleOut) throws KernelException {
        LibOSInstance owner = libosNamed(libosCap);
        Endpoint e = new Endpoint(nextEndpoint++, owner);
        Capability original = new Capability(CapType.ENDPOINT, e.id, e.id + 1L, Rights.ALL, e, true);
        handleOut[0] = tree.created(caller.caps, libosCap, original);
        return e;
    }

    /**
     * IPC grant: the receiver's LibOS gets a child of the granted MEMORY capability, with the
     * same rights, and the frames are bound at the receiver's window if it named one.
     */
    long grantTo(Object grant, Domain receiver) throws KernelException {
        Capability g = (Capability) grant;
        if (!g.live()) throw new KernelException(KernelError.INVALID_HANDLE, "the granted capability was deleted while the call waited");
        LibOSInstance lib = (LibOSInstance) receiver.libos;
        long h = tree.derive(g, g.type, g.base, g.limit, g.rights, lib.caps);
        if (receiver.receiveWindow != 0) {
            Capability child = lib.caps.lookup(h);
            int perms = g.rights & (Rights.READ | Rights.WRITE | Rights.EXECUTE);
            if ((perms & Rights.READ) == 0) perms &= ~Rights.WRITE;
            if (perms != 0 && (g.rights & Rights.MAP) != 0) {
                for (long f = g.base; f < g.limit; f++) {
                    bind(receiver, receiver.receiveWindow + ((f - g.base) << 12), child, f, perms);
                }
            }
        }
        return h;
    }

    /** Binds one frame into a domain through a capability, replacing what was there. */
    void bind(Domain d, long va, Capability via, long frame, int perms) throws KernelException {
        if (frame < memory.firstFrame() || frame >= memory.firstFrame() + memory.frameCount()) {
            throw new KernelException(KernelError.OUT_OF_RANGE, "frame 0x" + Long.toHexString(frame) + " is not RAM");
        }
        bindDevice(d, va, via, frame, perms);
    }

    /** Binds a page that the caller checked: RAM, or device registers through an IO capability. */
    void bindDevice(Domain d, long va, Capability via, long frame, int perms) throws KernelException {
        Mapping m = d.space.map(va, frame, perms, via);
        Mapping old = d.space.lastReplaced();
        if (old != null) old.via.removeBinding(old);
        via.addBinding(m);
    }

    // ---- what happens when a capability goes ----

    @Override
    public void removed(Capability c) {
        for (Object b : c.takeBindings()) {
            if (b instanceof Mapping m) m.space.unbind(m);
            else if (b instanceof org.feuerbird.kernel.ipc.SharedRing r) r.close();
            else if (b instanceof InterruptRoute route) detachLine(route);
        }
        if (!c.original) return;
        switch (c.object) {
            case FrameRun run -> freeRun(run);
            case Domain d -> destroyDomain(d);
            case Endpoint e -> ipc.endpointGone(e);
            default -> { }
        }
    }

    /** Ends the routing of a line (its capability went, or it was detached), completing a claim in flight. */
    void detachLine(InterruptRoute route) {
        int line = route.line();
        if (irqOwner[line] != route.libos()) return;
        irqOwner[line] = null;
        // A claim its LibOS never completed would leave the line dead for the next owner.
        // Complete before disabling: the PLIC ignores completions of disabled sources.
        if (irqClaimedBy[line] >= 0) {
            machine.interrupts().complete(irqClaimedBy[line], line);
            irqClaimedBy[line] = -1;
        }
        machine.interrupts().enable(line, false, harts.length);
    }

    /** Wakes every idle hart so it asks its slice owner again. */
    void kickAll() {
        for (HartLoop h : harts) h.kick();
    }

    // ---- TLB shootdown ----

    @Override
    public void flushPage(long va) {
        HartLoop mine = HartLoop.current();
        for (HartLoop h : harts) {
            if (h == mine) h.port.flushPage(va);
            else h.requestFlush();
        }
    }

    @Override
    public void flushAll() {
        HartLoop mine = HartLoop.current();
        for (HartLoop h : harts) {
            if (h == mine) h.port.flushAll();
            else h.requestFlush();
        }
    }

    // ---- visible revocation and the abort protocol ----

    void requestRevocation(LibOSInstance lib, long quota, int[] slicesToReturn, long deadline) {
        RevocationRequest request;
        synchronized (this) {
            lib.memory.setQuota(quota);
            revocations.add(new Revocation(lib, quota, slicesToReturn.clone(), deadline));
            request = new RevocationRequest(quota, slicesToReturn.clone(), deadline);
        }
        try {
            lib.upcalls.revocationRequested(request);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) throw vme;
            report(lib + " failed in revocationRequested: " + e);
        }
    }

    /** Enforces every revocation whose deadline passed; returns the losses to report (outside the lock). */
    synchronized List<Runnable> enforceRevocations(long now) {
        if (revocations.isEmpty()) return List.of();
        List<Runnable> reportsOut = new ArrayList<>();
        for (var it = revocations.iterator(); it.hasNext(); ) {
            Revocation r = it.next();
            if (now < r.deadline) continue;
            it.remove();
            LibOSInstance lib = r.libos;
            List<Long> taken = new ArrayList<>();
            while (lib.memory.used() > r.quota && lib.memory.newest() != null) {
                FrameRun newest = lib.memory.newest();
                Capability original = (Capability) newest.original;
                long handle = original.space() == lib.caps ? lib.caps.handleOf(original) : org.feuerbird.kernel.api.Kernel.NONE;
                tree.delete(original);
                taken.add(handle);
            }
            List<Integer> lostSlices = new ArrayList<>();
            for (int s : r.slices) {
                if (s >= 0 && s < slices.size() && slices.owner(s) == lib) {
                    slices.setOwner(s, null);
                    lostSlices.add(s);
                }
            }
            if (taken.isEmpty() && lostSlices.isEmpty()) continue;
            Loss loss = new Loss(taken.stream().mapToLong(Long::longValue).toArray(), lostSlices.stream().mapToInt(Integer::intValue).toArray());
            reportsOut.add(() -> {
                try {
                    lib.upcalls.lost(loss);
                } catch (Throwable e) {
                    if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) throw vme;
                    report(lib + " failed in lost: " + e);
                }
            });
        }
        return reportsOut;
    }

    synchronized long nextRevocationDeadline() {
        long t = Long.MAX_VALUE;
        for (Revocation r : revocations) t = Math.min(t, r.deadline);
        return t;
    }

    synchronized void report(String line) {
        reports.add(line);
        System.err.println("feuerbird kernel: " + line);
    }
}
