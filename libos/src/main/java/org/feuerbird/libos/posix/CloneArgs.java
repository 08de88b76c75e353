package org.feuerbird.libos.posix;

/**
 * What clone and clone3 ask for, in one shape: the flags, the signal the parent gets at the
 * child's end, the child's stack pointer (0: the caller's), its thread pointer, and where
 * the new thread id goes (parent's and child's words) or is cleared at exit.
 */
public record CloneArgs(long flags, int exitSignal, long stack, long tls, long parentTid, long childTid) {
    public static final long CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800;
    public static final long CLONE_PIDFD = 0x1000, CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000, CLONE_THREAD = 0x10000;
    public static final long CLONE_NEWNS = 0x20000, CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000;
    public static final long CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_DETACHED = 0x400000;
    public static final long CLONE_UNTRACED = 0x800000, CLONE_CHILD_SETTID = 0x1000000;
    /** Namespaces, cgroups, ptrace, pidfds, io: not offered here. */
    static final long UNSUPPORTED = 0x2000 | CLONE_PIDFD | CLONE_NEWNS | 0x02000000L | 0x04000000L | 0x08000000L
        | 0x10000000L | 0x20000000L | 0x40000000L | 0x80000000L | 0x200000000L;

    public boolean has(long flag) { return (flags & flag) != 0; }

    /** clone(flags, stack, parent_tid, tls, child_tid): riscv64's argument order. */
    static CloneArgs ofClone(Args a) {
        return new CloneArgs(a.a0() & ~0xffL & 0xffffffffL, (int) (a.a0() & 0xff), a.a1(), a.a3(), a.a2(), a.a4());
    }

    /** clone3(struct clone_args *, size): the stack is given as base and size. */
    static CloneArgs ofClone3(Args a) throws SyscallException {
        long size = a.a1();
        if (size < 64 || size > 4096) throw new SyscallException(Errno.EINVAL);
        byte[] b = a.task().process.user.read(a.a0(), (int) size);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        // Fields past the ones known must be zero, as Linux requires of a newer caller.
        for (int i = 88; i + 8 <= b.length; i += 8) if (bb.getLong(i) != 0) throw new SyscallException(Errno.E2BIG);
        long flags = bb.getLong(0), childTid = bb.getLong(16), parentTid = bb.getLong(24), exitSignal = bb.getLong(32);
        long stack = bb.getLong(40), stackSize = bb.getLong(48), tls = bb.getLong(56);
        long setTidSize = b.length >= 80 ? bb.getLong(72) : 0;
        if (exitSignal > 64 || (exitSignal & 0xff) != exitSignal || (flags & 0xff) != 0 || setTidSize != 0) throw new SyscallException(Errno.EINVAL);
        if ((stack == 0) != (stackSize == 0)) throw new SyscallException(Errno.EINVAL);
        return new CloneArgs(flags, (int) exitSignal, stack == 0 ? 0 : stack + stackSize, tls, parentTid, childTid);
    }
}
