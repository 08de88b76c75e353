package org.feuerbird.kernel.api;

/**
 * What a LibOS implements so the kernel can hand it the events of its domains and
 * resources. Every upcall runs on the thread of the hart where the event happened, and must
 * not block it: a LibOS parks guest threads, never the hart (DESIGN.md section 4).
 *
 * <p>A LibOS that throws from an upcall does not take the kernel down: the kernel reports
 * it through {@link #failed}, and the domain that was being served is stopped.
 */
public interface Upcalls {
    /** A domain executed {@code ecall}; its registers are the arguments ({@link Cpu#x}). */
    void syscall(Cpu cpu);

    /**
     * A domain touched a page it may not: {@link Cpu#cause()} is the fetch (12), load (13)
     * or store (15) page fault, {@link Cpu#value()} the address.
     */
    void pageFault(Cpu cpu);

    /** Any other exception of a domain: illegal instruction, misaligned or access faults, ebreak. */
    void exception(Cpu cpu);

    /**
     * One of this LibOS's slices began on a hart: choose what runs in it with
     * {@link Cpu#run}, or leave the hart idle until the next event.
     */
    void sliceStarted(Cpu cpu);

    /** The timer ended this LibOS's slice; the domain that ran is saved and off the hart. */
    default void sliceEnded(Cpu cpu) {}

    /** An interrupt line this LibOS attached fired; {@link Kernel#completeInterrupt} re-arms it. */
    default void interrupt(Cpu cpu, int irq) {}

    /** An alarm set with {@link Kernel#setAlarm} is due. */
    default void alarm(Cpu cpu, long alarm) {}

    /**
     * Visible revocation: the kernel asks for resources back (frames to free until the LibOS
     * holds at most the new quota, or slices). If they are not returned by the deadline the
     * kernel takes them and reports them through {@link #lost}.
     */
    default void revocationRequested(RevocationRequest request) {}

    /** The abort protocol took resources by force; their handles are dead. */
    default void lost(Loss loss) {}

    /** An upcall of this LibOS threw; the domain it served (if any) was stopped. */
    default void failed(Object domainTag, Throwable error) {}
}
