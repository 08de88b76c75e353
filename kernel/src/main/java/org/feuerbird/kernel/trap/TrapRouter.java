package org.feuerbird.kernel.trap;

import org.feuerbird.kernel.api.Cpu;
import org.feuerbird.kernel.api.Upcalls;

/**
 * Forwards a domain's trap to its LibOS as the upcall its cause calls for. The kernel does
 * not look at system-call numbers or fault addresses: the hardware's report goes up as is.
 */
public final class TrapRouter {
    private TrapRouter() {}

    public static final int ECALL_FROM_U = 8;
    public static final int FETCH_PAGE_FAULT = 12, LOAD_PAGE_FAULT = 13, STORE_PAGE_FAULT = 15;

    /** What kind of upcall a trap cause gets. */
    public enum Kind { SYSCALL, PAGE_FAULT, EXCEPTION }

    public static Kind kind(long cause) {
        if (cause == ECALL_FROM_U) return Kind.SYSCALL;
        if (cause == FETCH_PAGE_FAULT || cause == LOAD_PAGE_FAULT || cause == STORE_PAGE_FAULT) return Kind.PAGE_FAULT;
        return Kind.EXCEPTION;
    }

    /**
     * Makes the upcall. Returns null, or what the LibOS threw: the caller stops the domain
     * and reports it, so a LibOS bug never unwinds the hart's loop.
     */
    public static Throwable forward(Upcalls libos, Cpu cpu, long cause) {
        try {
            if (cause == ECALL_FROM_U) libos.syscall(cpu);
            else if (cause == FETCH_PAGE_FAULT || cause == LOAD_PAGE_FAULT || cause == STORE_PAGE_FAULT) libos.pageFault(cpu);
            else libos.exception(cpu);
            return null;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError e && !(t instanceof StackOverflowError)) throw e;
            return t;
        }
    }
}
