package org.feuerbird.libos.signal;

/** One entry of a process's signal table: the kernel's struct sigaction on riscv64 (no sa_restorer). */
public record SigAction(long handler, long flags, long mask) {
    public static final SigAction DEFAULT = new SigAction(Sig.SIG_DFL, 0, 0);

    /** Whether a signal with this action is thrown away on arrival (SIG_IGN, or a default that ignores). */
    public boolean ignores(int sig) {
        return handler == Sig.SIG_IGN || handler == Sig.SIG_DFL && Sig.defaultAction(sig) == Sig.Default.IGNORE;
    }

    public boolean catches() { return handler != Sig.SIG_DFL && handler != Sig.SIG_IGN; }
}
