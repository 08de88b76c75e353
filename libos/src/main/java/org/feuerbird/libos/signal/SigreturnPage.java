package org.feuerbird.libos.signal;

import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.vm.ProcessMemory;
import org.feuerbird.libos.vm.Vma;

/**
 * Where a handler returns to. Linux riscv64 has no sa_restorer: the kernel points ra at
 * rt_sigreturn in its vDSO, and glibc relies on that. FeuerBird has no vDSO, so each process
 * gets one read-execute page holding just {@code li a7, 139; ecall}, mapped at the top of
 * the user half (above the stack, where nothing else goes) the first time a handler runs.
 */
public final class SigreturnPage {
    public static final long ADDRESS = ProcessMemory.STACK_TOP;
    /** addi a7, zero, 139 (0x08b00893); ecall (0x00000073), little-endian. */
    private static final byte[] CODE = {(byte) 0x93, 0x08, (byte) 0xb0, 0x08, 0x73, 0x00, 0x00, 0x00};

    private SigreturnPage() {}

    /** Maps the page into {@code mem} unless it is there (execve gives a fresh address space). */
    static void ensure(ProcessMemory mem) throws SyscallException {
        Vma v = mem.find(ADDRESS);
        if (v != null && "[sigreturn]".equals(v.name())) return;
        mem.add(new Vma(ADDRESS, ADDRESS + ProcessMemory.PAGE, Vma.PROT_READ | Vma.PROT_EXEC, false, CODE, 0, CODE.length, "[sigreturn]"));
    }
}
