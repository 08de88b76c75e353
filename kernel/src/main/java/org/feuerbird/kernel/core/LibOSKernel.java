package org.feuerbird.kernel.core;

import java.util.Objects;
import org.feuerbird.kernel.api.CapInfo;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.Ring;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.kernel.cap.CapSpace;
import org.feuerbird.kernel.cap.Capability;
import org.feuerbird.kernel.cap.Derivation;
import org.feuerbird.kernel.cpu.Domain;
import org.feuerbird.kernel.ipc.SharedRing;
import org.feuerbird.kernel.mem.Mapping;

/**
 * The kernel API of one LibOS: every handle is looked up in that LibOS's capability space,
 * so holding this object is holding exactly that space's authority.
 */
final class LibOSKernel implements Kernel {
    private static final long PAGE = 4096;

    private final KernelCore k;
    private final LibOSInstance lib;
    private final CapSpace caps;

    LibOSKernel(KernelCore k, LibOSInstance lib) {
        this.k = k;
        this.lib = lib;
        this.caps = lib.caps;
    }

    LibOSInstance instance() { return lib; }

    @Override public String name() { return lib.name; }

    @Override public long self() { return lib.self; }

    @Override public long timer() { return lib.timer; }

    // ---- capabilities ----

    @Override
    public long derive(long parent, CapType type, long base, long limit, int rights) throws KernelException {
        Objects.requireNonNull(type, "type");
        synchronized (k) {
            return k.tree.derive(caps.lookup(parent), type, base, limit, rights, caps);
        }
    }

    /** The space a holder capability names: this LibOS, another LibOS, or a domain of this LibOS. */
    private CapSpace holderSpace(long holder) throws KernelException {
        Capability h = caps.lookup(holder);
        if (h.type == CapType.LIBOS) return k.libosNamed(h).caps;
        if (h.type == CapType.DOMAIN && h.object instanceof Domain d && d.state() != Domain.State.DESTROYED) {
            if (!Rights.has(h.rights, Rights.CONTROL)) throw new KernelException(KernelError.MISSING_RIGHTS, "giving to a domain needs CONTROL on it");
            return d.caps;
        }
        throw new KernelException(KernelError.WRONG_TYPE, "a holder is named by a LIBOS or DOMAIN capability, not " + h.type);
    }

    @Override
    public long copy(long cap, long holder, int rights) throws KernelException {
        synchronized (k) {
            Capability c = caps.lookup(cap);
            CapSpace into = holderSpace(holder);
            if (into != caps && !Rights.has(c.rights, Rights.GRANT)) {
                throw new KernelException(KernelError.MISSING_RIGHTS, "giving a " + c.type + " to another holder needs GRANT");
            }
            return k.tree.derive(c, c.type, c.base, c.limit, rights, into);
        }
    }

    @Override
    public long move(long cap, long holder) throws KernelException {
        synchronized (k) {
            Capability c = caps.lookup(cap);
            CapSpace into = holderSpace(holder);
            if (into != caps && !Rights.has(c.rights, Rights.GRANT)) {
                throw new KernelException(KernelError.MISSING_RIGHTS, "moving a " + c.type + " to another holder needs GRANT");
            }
            return k.tree.move(c, into);
        }
    }

    @Override
    public void delete(long cap) throws KernelException {
        synchronized (k) {
            Capability c = caps.lookup(cap);
            if (c == lookupSelf()) throw new KernelException(KernelError.WRONG_STATE, "a LibOS cannot delete its own LIBOS capability");
            k.tree.delete(c);
        }
    }

    private Capability lookupSelf() {
        try {
            return caps.lookup(lib.self);
        } catch (KernelException e) {
            return null;
        }
    }

    @Override
    public void revoke(long cap) throws KernelException {
        synchronized (k) {
            Capability c = caps.lookup(cap);
            if (!Rights.has(c.rights, Rights.REVOKE)) throw new KernelException(KernelError.MISSING_RIGHTS, "revoke needs REVOKE");
            k.tree.revoke(c);
        }
    }

    @Override
    public CapInfo query(long cap) throws KernelException {
        synchronized (k) {
            Capability c = caps.lookup(cap);
            return new CapInfo(c.type, c.base, c.limit, c.rights, Derivation.descendants(c));
        }
    }

    @Override
    public void check(long cap, CapType type, int rights) throws KernelException {
        synchronized (k) {
            caps.lookup(cap, type, rights);
        }
    }

    @Override
    public CapInfo checkHeld(long domain, long handle, CapType type, int rights) throws KernelException {
        synchronized (k) {
            Domain d = domain(domain, Rights.READ);
            Capability c = d.caps.lookup(handle, type, rights);
            return new CapInfo(c.type, c.base, c.limit, c.rights, 0);
        }
    }

    // ---- physical memory ----

    @Override
    public long allocFrames(long libos, int count) throws KernelException {
        synchronized (k) {
            return k.allocFrames(lib, caps.lookup(libos, CapType.LIBOS, Rights.ALLOC), count);
        }
    }

    @Override
    public void freeFrames(long frames) throws KernelException {
        synchronized (k) {
            Capability c = caps.lookup(frames, CapType.MEMORY, 0);
            if (!c.original) throw new KernelException(KernelError.WRONG_STATE, "only the original capability of an allocation frees it; delete this one");
            k.tree.delete(c);
        }
    }

    @Override
    public long[] memoryUsage(long libos) throws KernelException {
        synchronized (k) {
            LibOSInstance l = k.libosNamed(caps.lookup(libos, CapType.LIBOS, Rights.READ));
            return new long[] {l.memory.used(), l.memory.quota()};
        }
    }

    /** Physical address of {@code offset} in a frame capability, checked for {@code len} bytes. */
    private long address(long frames, int rights, long offset, long len) throws KernelException {
        Capability c = caps.lookup(frames, CapType.MEMORY, rights);
        requireRam(c);
        long size = (c.limit - c.base) * PAGE;
        if (offset < 0 || len < 0 || offset > size - len) {
            throw new KernelException(KernelError.OUT_OF_RANGE, "bytes [" + offset + ", " + (offset + len) + ") outside " + size + " bytes of frames");
        }
        return c.base * PAGE + offset;
    }

    /** Frames named by a capability minted from an abstract type need not be RAM at all. */
    private void requireRam(Capability c) throws KernelException {
        long first = k.memory.firstFrame(), end = first + k.memory.frameCount();
        if (c.base < first || c.limit > end) {
            throw new KernelException(KernelError.OUT_OF_RANGE, "frames [0x" + Long.toHexString(c.base) + ", 0x"
                + Long.toHexString(c.limit) + ") are not all RAM");
        }
    }

    private static void checkArray(byte[] a, int off, int len) throws KernelException {
        if (a == null || off < 0 || len < 0 || off > a.length - len) {
            throw new KernelException(KernelError.INVALID_ARGUMENT, "array range " + off + "+" + len);
        }
    }

    @Override
    public void read(long frames, long offset, byte[] dst, int off, int len) throws KernelException {
        checkArray(dst, off, len);
        synchronized (k) {
            k.memory.read(address(frames, Rights.READ, offset, len), dst, off, len);
        }
    }

    @Override
    public void write(long frames, long offset, byte[] src, int off, int len) throws KernelException {
        checkArray(src, off, len);
        synchronized (k) {
            k.memory.write(address(frames, Rights.WRITE, offset, len), src, off, len);
        }
    }

    @Override
    public long readLong(long frames, long offset) throws KernelException {
        synchronized (k) {
            return k.memory.readLong(aligned(address(frames, Rights.READ, offset, 8)));
        }
    }

    @Override
    public void writeLong(long frames, long offset, long value) throws KernelException {
        synchronized (k) {
            k.memory.writeLong(aligned(address(frames, Rights.WRITE, offset, 8)), value);
        }
    }

    @Override
    public boolean compareAndSetLong(long frames, long offset, long expected, long value) throws KernelException {
        long pa;
        synchronized (k) {
            pa = aligned(address(frames, Rights.READ | Rights.WRITE, offset, 8));
        }
        return k.memory.compareAndSetLong(pa, expected, value);
    }

    private static long aligned(long pa) throws KernelException {
        if ((pa & 7) != 0) throw new KernelException(KernelError.INVALID_ARGUMENT, "64-bit access at offset not a multiple of 8");
        return pa;
    }

    @Override
    public void fill(long frames, long offset, long len, byte value) throws KernelException {
        synchronized (k) {
            k.memory.fill(address(frames, Rights.WRITE, offset, len), len, value);
        }
    }

    @Override
    public void copyFrames(long src, long srcOffset, long dst, long dstOffset, long len) throws KernelException {
        synchronized (k) {
            long from = address(src, Rights.READ, srcOffset, len);
            long to = address(dst, Rights.WRITE, dstOffset, len);
            k.memory.copy(from, to, len);
        }
    }

    // ---- domains ----

    private Domain domain(long handle, int rights) throws KernelException {
        Capability c = caps.lookup(handle, CapType.DOMAIN, rights);
        if (!(c.object instanceof Domain d) || d.state() == Domain.State.DESTROYED) {
            throw new KernelException(KernelError.WRONG_STATE, "the capability names no live domain");
        }
        return d;
    }

    @Override
    public long createDomain(long libos, Object tag, long shareWith) throws KernelException {
        synchronized (k) {
            Capability authority = caps.lookup(libos, CapType.LIBOS, Rights.ALLOC);
            Domain shared = shareWith == NONE ? null : domain(shareWith, Rights.MAP);
            long[] h = new long[1];
            k.createDomain(lib, authority, tag, shared, h);
            return h[0];
        }
    }

    @Override
    public void destroyDomain(long domain) throws KernelException {
        synchronized (k) {
            Capability c = caps.lookup(domain, CapType.DOMAIN, Rights.CONTROL);
            if (!(c.object instanceof Domain d)) throw new KernelException(KernelError.WRONG_STATE, "no domain");
            // Deleting the original ends the domain and every capability naming it, so all
            // handles to it go stale (and no slot leaks).
            if (d.original instanceof Capability o && o.live()) k.tree.delete(o);
            else k.destroyDomain(d);
        }
    }

    @Override
    public void suspend(long domain) throws KernelException {
        synchronized (k) {
            Domain d = domain(domain, Rights.CONTROL);
            d.setState(Domain.State.SUSPENDED);
            k.evict(d, true);
            // Another hart drops it at its next step; wait (releasing the lock) so the registers
            // are saved and reachable when suspend returns.
            HartLoop here = HartLoop.current();
            while (d.hart() >= 0 && (here == null || here.id != d.hart())) {
                try {
                    k.wait(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    @Override
    public void resume(long domain) throws KernelException {
        synchronized (k) {
            Domain d = domain(domain, Rights.CONTROL);
            if (d.state() == Domain.State.SUSPENDED || d.state() == Domain.State.STOPPED) d.setState(Domain.State.READY);
        }
    }

    @Override
    public void map(long domain, long va, long frames, int page, int permissions) throws KernelException {
        synchronized (k) {
            Domain d = domain(domain, Rights.MAP);
            Capability f = caps.lookup(frames);
            if (f.type != CapType.MEMORY && f.type != CapType.IO) {
                throw new KernelException(KernelError.WRONG_TYPE, "map takes MEMORY frames or IO registers, not " + f.type);
            }
            if (!Rights.has(f.rights, Rights.MAP)) throw new KernelException(KernelError.MISSING_RIGHTS, "mapping needs MAP");
            if ((permissions & ~f.rights & (Rights.READ | Rights.WRITE | Rights.EXECUTE)) != 0) {
                throw new KernelException(KernelError.MISSING_RIGHTS, "mapping " + Rights.describe(permissions)
                    + " needs those rights on the capability, which carries " + Rights.describe(f.rights));
            }
            if (f.type == CapType.MEMORY) {
                requireRam(f);
                if (page < 0 || page >= f.limit - f.base) {
                    throw new KernelException(KernelError.OUT_OF_RANGE, "page " + page + " of a capability over " + (f.limit - f.base) + " frames");
                }
                k.bind(d, va, f, f.base + page, permissions);
                return;
            }
            // A user-level driver: a page of device registers (IO ranges are physical addresses).
            long pa = (f.base & ~(PAGE - 1)) + (long) page * PAGE;
            if (page < 0 || f.base % PAGE != 0 || f.limit % PAGE != 0 || pa >= f.limit) {
                throw new KernelException(KernelError.OUT_OF_RANGE, "page " + page + " is not a whole page of the IO capability");
            }
            if (!k.machine.devices().isDevice(pa, 1)) {
                throw new KernelException(KernelError.OUT_OF_RANGE, "no device registers at 0x" + Long.toHexString(pa));
            }
            k.bindDevice(d, va, f, pa >>> 12, permissions & (Rights.READ | Rights.WRITE));
        }
    }

    @Override
    public boolean unmap(long domain, long va) throws KernelException {
        synchronized (k) {
            Domain d = domain(domain, Rights.MAP);
            if ((va & (PAGE - 1)) != 0) throw new KernelException(KernelError.INVALID_ARGUMENT, "unaligned address 0x" + Long.toHexString(va));
            Mapping m = d.space.unmap(va);
            if (m == null) return false;
            m.via.removeBinding(m);
            return true;
        }
    }

    @Override
    public int copyIn(long domain, long va, byte[] dst, int off, int len) throws KernelException {
        checkArray(dst, off, len);
        synchronized (k) {
            return domain(domain, Rights.READ).space.copy(va, dst, off, len, true);
        }
    }

    @Override
    public int copyOut(long domain, long va, byte[] src, int off, int len) throws KernelException {
        checkArray(src, off, len);
        synchronized (k) {
            return domain(domain, Rights.WRITE).space.copy(va, src, off, len, false);
        }
    }

    @Override
    public void getContext(long domain, long[] context) throws KernelException {
        if (context == null || context.length < CONTEXT_SIZE) throw new KernelException(KernelError.INVALID_ARGUMENT, "context array shorter than " + CONTEXT_SIZE);
        synchronized (k) {
            Domain d = domain(domain, Rights.READ);
            HartLoop here = onHartCheck(d);
            if (here != null) here.port.save(context);
            else System.arraycopy(d.context, 0, context, 0, CONTEXT_SIZE);
        }
    }

    @Override
    public void setContext(long domain, long[] context) throws KernelException {
        if (context == null || context.length < CONTEXT_SIZE) throw new KernelException(KernelError.INVALID_ARGUMENT, "context array shorter than " + CONTEXT_SIZE);
        synchronized (k) {
            Domain d = domain(domain, Rights.WRITE);
            HartLoop here = onHartCheck(d);
            System.arraycopy(context, 0, d.context, 0, CONTEXT_SIZE);
            d.context[0] = 0;
            if (here != null) here.port.load(d.context, d.space.root(), d.space.asid);
        }
    }

    /**
     * A domain's registers are in its context, or live on a hart. The calling hart's own
     * domain is reachable (returns that hart); one running on another hart is not.
     */
    private static HartLoop onHartCheck(Domain d) throws KernelException {
        if (d.hart() < 0) return null;
        HartLoop here = HartLoop.current();
        if (here != null && here.id == d.hart()) return here;
        throw new KernelException(KernelError.WRONG_STATE, d + " is running on hart " + d.hart());
    }

    // ---- time, slices, interrupts ----

    @Override public long now() { return k.machine.nanos(); }

    @Override
    public long setAlarm(long timer, long delayNanos, long periodNanos) throws KernelException {
        if (delayNanos < 0 || periodNanos < 0) throw new KernelException(KernelError.INVALID_ARGUMENT, "negative delay or period");
        synchronized (k) {
            Capability t = caps.lookup(timer, CapType.TIMER, Rights.ALLOC);
            LibOSInstance owner = k.libosNamed(t);
            long now = k.machine.nanos();
            long when = delayNanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + delayNanos;   // saturate: never wrap into the past
            long id = k.alarms.add(owner, when, periodNanos);
            if (id < 0) throw new KernelException(KernelError.QUOTA_EXCEEDED, "too many alarms");
            k.kickAll();
            return id;
        }
    }

    @Override
    public void cancelAlarm(long timer, long alarm) throws KernelException {
        synchronized (k) {
            LibOSInstance owner = k.libosNamed(caps.lookup(timer, CapType.TIMER, Rights.ALLOC));
            if (!k.alarms.cancel(owner, alarm)) throw new KernelException(KernelError.INVALID_ARGUMENT, "no alarm " + alarm);
        }
    }

    @Override public int sliceCount() { return k.slices.size(); }

    @Override public long sliceNanos() { return k.slices.sliceNanos(); }

    @Override
    public void setSliceOwner(long scheduler, int slice, long libos) throws KernelException {
        synchronized (k) {
            Capability s = caps.lookup(scheduler, CapType.SCHEDULER, Rights.CONTROL);
            if (!s.contains(slice, slice + 1L) || slice >= k.slices.size()) {
                throw new KernelException(KernelError.OUT_OF_RANGE, "slice " + slice + " is not in the scheduler capability's range");
            }
            LibOSInstance owner = libos == NONE ? null : k.libosNamed(caps.lookup(libos, CapType.LIBOS, 0));
            k.slices.setOwner(slice, owner);
            k.kickAll();
        }
    }

    @Override
    public void attachInterrupt(long irq) throws KernelException {
        synchronized (k) {
            Capability c = interruptCap(irq);
            for (long line = c.base; line < c.limit; line++) {
                if (k.irqOwner[(int) line] != null && k.irqOwner[(int) line] != lib) {
                    throw new KernelException(KernelError.WRONG_STATE, "interrupt " + line + " is attached to " + k.irqOwner[(int) line]);
                }
            }
            for (long line = c.base; line < c.limit; line++) {
                if (k.irqOwner[(int) line] == lib) continue;
                k.irqOwner[(int) line] = lib;
                // The route lasts as long as the capability: revoking or deleting it detaches.
                c.addBinding(new KernelCore.InterruptRoute(lib, (int) line));
                k.machine.interrupts().enable((int) line, true, k.harts.length);
            }
        }
    }

    private Capability interruptCap(long irq) throws KernelException {
        Capability c = caps.lookup(irq, CapType.INTERRUPT, Rights.CONTROL);
        if (c.base < 1 || c.limit > k.irqOwner.length) throw new KernelException(KernelError.OUT_OF_RANGE, "no interrupt lines [" + c.base + ", " + c.limit + ")");
        return c;
    }

    @Override
    public void detachInterrupt(long irq) throws KernelException {
        synchronized (k) {
            Capability c = interruptCap(irq);
            for (long line = c.base; line < c.limit; line++) {
                KernelCore.InterruptRoute route = new KernelCore.InterruptRoute(lib, (int) line);
                c.removeBinding(route);
                k.detachLine(route);
            }
        }
    }

    @Override
    public void completeInterrupt(long irq) throws KernelException {
        synchronized (k) {
            Capability c = interruptCap(irq);
            for (long line = c.base; line < c.limit; line++) {
                int hart = k.irqClaimedBy[(int) line];
                if (hart >= 0 && k.irqOwner[(int) line] == lib) {
                    k.irqClaimedBy[(int) line] = -1;
                    k.machine.interrupts().complete(hart, (int) line);
                }
            }
        }
    }

    private long register(long io, int rights, long address, int size) throws KernelException {
        Capability c = caps.lookup(io, CapType.IO, rights);
        if ((size != 1 && size != 2 && size != 4 && size != 8) || (address & (size - 1)) != 0) {
            throw new KernelException(KernelError.INVALID_ARGUMENT, size + "-byte register access at 0x" + Long.toHexString(address));
        }
        if (!c.contains(address, address + size)) {
            throw new KernelException(KernelError.OUT_OF_RANGE, "0x" + Long.toHexString(address) + " outside the IO capability");
        }
        if (!k.machine.devices().isDevice(address, size)) {
            throw new KernelException(KernelError.OUT_OF_RANGE, "no device register at 0x" + Long.toHexString(address));
        }
        return address;
    }

    @Override
    public long ioRead(long io, long address, int size) throws KernelException {
        long pa;
        synchronized (k) {
            pa = register(io, Rights.READ, address, size);
        }
        return k.machine.devices().read(pa, size);   // devices synchronise themselves
    }

    @Override
    public void ioWrite(long io, long address, int size, long value) throws KernelException {
        long pa;
        synchronized (k) {
            pa = register(io, Rights.WRITE, address, size);
        }
        k.machine.devices().write(pa, size, value);
    }

    @Override
    public void kick() { k.kickAll(); }

    // ---- IPC ----

    @Override
    public long createEndpoint(long libos) throws KernelException {
        synchronized (k) {
            long[] h = new long[1];
            k.createEndpoint(lib, caps.lookup(libos, CapType.LIBOS, Rights.ALLOC), h);
            return h[0];
        }
    }

    @Override
    public Ring ring(long frames, int slotBytes, boolean multiProducer, boolean format) throws KernelException {
        synchronized (k) {
            Capability c = caps.lookup(frames, CapType.MEMORY, Rights.READ | Rights.WRITE);
            requireRam(c);
            return SharedRing.over(k.memory, caps, frames, c.base * PAGE, (c.limit - c.base) * PAGE, slotBytes, multiProducer, format, k);
        }
    }
}
