package org.feuerbird.kernel.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.Loss;
import org.feuerbird.kernel.api.RevocationRequest;
import org.feuerbird.kernel.api.Upcalls;

/**
 * A LibOS for kernel tests: records every upcall, and lets a test plug in what a system call
 * does. By default a slice runs the first domain in {@link #ready}; system call 93 ("exit")
 * records a0 and idles the hart; a page fault or exception records the trap and stops
 * running the domain.
 */
public class TestLibOS implements Upcalls {
    /** A trap as the LibOS saw it. */
    public record Trap(String kind, Object domain, long cause, long value, long pc, long a0, long a7) {}

    /** What a system call does; return false to fall back to the default handling. */
    @FunctionalInterface
    public interface SyscallHandler {
        boolean handle(Cpu cpu) throws KernelException;
    }

    public static final int SYS_EXIT = 93;

    public Kernel kernel;
    public final List<Long> ready = new CopyOnWriteArrayList<>();
    public final List<Trap> traps = new CopyOnWriteArrayList<>();
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<Long> exits = new CopyOnWriteArrayList<>();
    public final List<Long> alarms = new CopyOnWriteArrayList<>();
    public final List<Integer> interrupts = new CopyOnWriteArrayList<>();
    public final List<RevocationRequest> revocationRequests = new CopyOnWriteArrayList<>();
    public final List<Loss> losses = new CopyOnWriteArrayList<>();
    public final List<Throwable> failures = new CopyOnWriteArrayList<>();
    public volatile SyscallHandler onSyscall = cpu -> false;
    public volatile SyscallHandler onFault = cpu -> false;
    public volatile int slicesStarted, slicesEnded;

    private Trap record(String kind, Cpu cpu) {
        Trap t = new Trap(kind, cpu.domainTag(), cpu.cause(), cpu.value(), cpu.pc(), cpu.x(10), cpu.x(17));
        traps.add(t);
        return t;
    }

    @Override
    public void syscall(Cpu cpu) {
        record("syscall", cpu);
        try {
            if (onSyscall.handle(cpu)) return;
        } catch (KernelException e) {
            throw new IllegalStateException(e);
        }
        if (cpu.x(17) == SYS_EXIT) {
            exits.add(cpu.x(10));
            ready.remove(handleOf(cpu));
            cpu.idle();
            return;
        }
        cpu.setX(10, -38);   // ENOSYS, as a LibOS would say it
        cpu.setPc(cpu.pc() + 4);
    }

    /** The handle of the domain that trapped: {@link Guest} tags each domain with a holder of it. */
    public static Long handleOf(Cpu cpu) { return ((Guest.Holder) cpu.domainTag()).handle; }

    @Override
    public void pageFault(Cpu cpu) {
        record("pageFault", cpu);
        try {
            if (onFault.handle(cpu)) return;
        } catch (KernelException e) {
            throw new IllegalStateException(e);
        }
        ready.remove(handleOf(cpu));
        cpu.idle();
    }

    @Override
    public void exception(Cpu cpu) {
        record("exception", cpu);
        ready.remove(handleOf(cpu));
        cpu.idle();
    }

    @Override
    public void sliceStarted(Cpu cpu) {
        slicesStarted++;
        List<Long> candidates = new ArrayList<>(ready);
        for (long d : candidates) {
            try {
                cpu.run(d);
                return;
            } catch (KernelException e) {
                events.add("run failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void sliceEnded(Cpu cpu) { slicesEnded++; }

    @Override
    public void interrupt(Cpu cpu, int irq) { interrupts.add(irq); }

    @Override
    public void alarm(Cpu cpu, long alarm) { alarms.add(alarm); }

    @Override
    public void revocationRequested(RevocationRequest request) { revocationRequests.add(request); }

    @Override
    public void lost(Loss loss) { losses.add(loss); }

    @Override
    public void failed(Object domainTag, Throwable error) { failures.add(error); }
}
