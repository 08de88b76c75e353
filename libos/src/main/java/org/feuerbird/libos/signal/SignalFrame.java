package org.feuerbird.libos.signal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.feuerbird.kernel.api.Kernel;

/**
 * The Linux riscv64 signal frame (struct rt_sigframe) that a handler finds on its stack and
 * rt_sigreturn reads back. Sizes and offsets were checked against the riscv64 headers
 * (asm/ucontext.h, asm/sigcontext.h, asm/ptrace.h) with offsetof/sizeof under qemu:
 *
 * <pre>
 *    0  siginfo_t info                      128
 *  128  struct ucontext uc                  960
 *         +0   uc_flags                       8
 *         +8   uc_link                        8
 *         +16  uc_stack {ss_sp, ss_flags, ss_size}  24
 *         +40  uc_sigmask (8) + padding to 1024 bits  128
 *         +176 uc_mcontext (16-aligned)      784
 *                +0   sc_regs: pc, x1..x31          256
 *                +256 sc_fpregs (union, q-size)     528: d.f[32] (u64), d.fcsr (u32), rest zero
 * 1088  total (the frame's address is 16-aligned)
 * </pre>
 */
public final class SignalFrame {
    public static final int UC = 128, UC_STACK = UC + 16, UC_SIGMASK = UC + 40, MCONTEXT = UC + 176;
    public static final int REGS = MCONTEXT, FPREGS = MCONTEXT + 256, FCSR = FPREGS + 256, SIZE = MCONTEXT + 784;

    private SignalFrame() {}

    /** The frame for a handler interrupting the registers {@code ctx} (a kernel context array). */
    static byte[] build(long[] ctx, SigInfo info, long stackSp, int stackFlags, long stackSize, long mask) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, info.encode());
        b.putLong(UC_STACK, stackSp).putInt(UC_STACK + 8, stackFlags).putLong(UC_STACK + 16, stackSize);
        b.putLong(UC_SIGMASK, mask);
        b.putLong(REGS, ctx[Kernel.CONTEXT_PC]);
        for (int r = 1; r < 32; r++) b.putLong(REGS + 8 * r, ctx[r]);
        for (int r = 0; r < 32; r++) b.putLong(FPREGS + 8 * r, ctx[32 + r]);
        b.putInt(FCSR, (int) ctx[Kernel.CONTEXT_FCSR]);
        return b.array();
    }

    /** What rt_sigreturn restores: registers into {@code ctx}; returns the saved mask. */
    static long restore(byte[] frame, long[] ctx) {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        ctx[Kernel.CONTEXT_PC] = b.getLong(REGS);
        for (int r = 1; r < 32; r++) ctx[r] = b.getLong(REGS + 8 * r);
        for (int r = 0; r < 32; r++) ctx[32 + r] = b.getLong(FPREGS + 8 * r);
        ctx[Kernel.CONTEXT_FCSR] = b.getInt(FCSR) & 0xffL;   // frm and fflags are the only fcsr bits
        return b.getLong(UC_SIGMASK);
    }

    /** uc_stack as the handler may have changed it: {ss_sp, ss_flags, ss_size}. */
    static long[] stack(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        return new long[] {b.getLong(UC_STACK), b.getInt(UC_STACK + 8), b.getLong(UC_STACK + 16)};
    }
}
