package org.feuerbird.kernel.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Device;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelError;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.kernel.api.Upcalls;
import org.feuerbird.kernel.hal.Machine;

/** Boot: the board, the kernel state, and the trusted holder of the root capability. */
public final class Boot implements Exokernel {
    private final KernelCore k;
    private final List<Thread> threads = new ArrayList<>();

    private Boot(KernelCore k) { this.k = k; }

    public static Exokernel boot(MachineSpec spec) {
        if (spec.slicesPerHart() < 1 || spec.sliceNanos() < 1000) {
            throw new IllegalArgumentException("need at least one slice per hart of at least 1 us");
        }
        Machine m = new Machine(spec.ramBytes(), spec.harts(), spec.clockNanos(), spec.consoleIn(), spec.consoleOut());
        return new Boot(new KernelCore(m, spec.slicesPerHart(), spec.sliceNanos()));
    }

    private LibOSInstance instance(Kernel libos) throws KernelException {
        if (libos instanceof LibOSKernel lk && k.libOSes.contains(lk.instance())) return lk.instance();
        throw new KernelException(KernelError.INVALID_ARGUMENT, "not a LibOS of this kernel");
    }

    @Override
    public Kernel createLibOS(String name, Upcalls upcalls, long frameQuota) throws KernelException {
        if (upcalls == null || name == null || frameQuota < 0) throw new KernelException(KernelError.INVALID_ARGUMENT, "LibOS needs a name, upcalls and a quota");
        return new LibOSKernel(k, k.createLibOS(name, upcalls, frameQuota));
    }

    @Override
    public long give(Kernel libos, CapType type, long base, long limit, int rights) throws KernelException {
        synchronized (k) {
            return k.tree.derive(k.root, type, base, limit, rights, instance(libos).caps);
        }
    }

    @Override
    public void giveAllSlices(Kernel libos) throws KernelException {
        synchronized (k) {
            LibOSInstance lib = instance(libos);
            for (int s = 0; s < k.slices.size(); s++) k.slices.setOwner(s, lib);
        }
        k.kickAll();
    }

    @Override
    public void requestRevocation(Kernel libos, long frameQuota, int[] slices, long deadline) {
        try {
            k.requestRevocation(instance(libos), frameQuota, slices, deadline);
        } catch (KernelException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public List<Device> devices() {
        return List.of(new Device("console", Machine.CONSOLE_BASE, Machine.CONSOLE_SIZE, Machine.CONSOLE_IRQ));
    }

    @Override
    public long freeFrames() {
        synchronized (k) {
            return k.frames.freeFrames();
        }
    }

    @Override
    public long now() { return k.machine.nanos(); }

    @Override
    public synchronized void start() {
        if (!threads.isEmpty()) throw new IllegalStateException("already started");
        for (HartLoop h : k.harts) {
            Thread t = Thread.ofPlatform().name("hart-" + h.id).daemon().unstarted(() -> h.run(() -> false));
            threads.add(t);
            t.start();
        }
    }

    @Override
    public void runHart(int hart, BooleanSupplier until) {
        k.harts[hart].run(until);
    }

    @Override
    public List<String> reports() {
        synchronized (k) {
            return List.copyOf(k.reports);
        }
    }

    @Override
    public void close() {
        k.shutdown = true;
        for (HartLoop h : k.harts) {
            h.port.requestStop();
            h.kick();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
