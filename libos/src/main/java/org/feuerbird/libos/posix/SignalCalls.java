package org.feuerbird.libos.posix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.sched.Blocked;
import org.feuerbird.libos.signal.Sig;
import org.feuerbird.libos.signal.SigAction;
import org.feuerbird.libos.signal.SigInfo;
import org.feuerbird.libos.signal.Signals;

/** The signal system calls: actions, masks, waiting, the alternate stack, sending, returning from a handler. */
public final class SignalCalls {
    static final int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    private final PosixLibOS os;

    SignalCalls(PosixLibOS os) { this.os = os; }

    private Signals signals() { return os.signals(); }

    private static ByteBuffer le(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN); }

    private static void checkSetSize(long size) throws SyscallException {
        if (size != 8) throw new SyscallException(Errno.EINVAL);
    }

    /** rt_sigaction(sig, act, oldact, sigsetsize): the kernel's struct is {handler, flags, mask}, 24 bytes. */
    long rtSigaction(Args a) throws SyscallException {
        int sig = a.i(0);
        checkSetSize(a.a3());
        if (!Sig.valid(sig) || (sig == Sig.SIGKILL || sig == Sig.SIGSTOP) && a.a1() != 0) throw new SyscallException(Errno.EINVAL);
        Process p = a.task().process;
        SigAction act = null;
        if (a.a1() != 0) {
            ByteBuffer b = le(p.user.read(a.a1(), 24));   // read before oldact is written: they may be the same
            act = new SigAction(b.getLong(0), b.getLong(8), b.getLong(16));
        }
        SigAction old = signals().action(p, sig, null);
        if (a.a2() != 0) {
            p.user.write(a.a2(), ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(old.handler()).putLong(old.flags()).putLong(old.mask()).array());
        }
        if (act != null) signals().action(p, sig, act);
        return 0;
    }

    long rtSigprocmask(Args a) throws SyscallException {
        checkSetSize(a.a3());
        Task t = a.task();
        long old = signals().blocked(t);
        long set = 0;
        if (a.a1() != 0) {
            if (a.i(0) < SIG_BLOCK || a.i(0) > SIG_SETMASK) throw new SyscallException(Errno.EINVAL);
            set = t.process.user.readLong(a.a1());
        }
        if (a.a2() != 0) t.process.user.writeLong(a.a2(), old);
        if (a.a1() != 0) {
            signals().setBlocked(t, switch (a.i(0)) {
                case SIG_BLOCK -> old | set;
                case SIG_UNBLOCK -> old & ~set;
                default -> set;
            });
        }
        return 0;   // newly unblocked pending signals are delivered on the way out
    }

    long rtSigpending(Args a) throws SyscallException {
        if (a.a1() > 8 || a.a1() < 0) throw new SyscallException(Errno.EINVAL);
        byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(signals().pending(a.task())).array();
        a.task().process.user.write(a.a0(), b, 0, (int) a.a1());
        return 0;
    }

    /** rt_sigsuspend: waits with a temporary mask until a signal acts; always EINTR. */
    long rtSigsuspend(Args a) throws SyscallException, Blocked {
        checkSetSize(a.a1());
        Task t = a.task();
        long mask = t.process.user.readLong(a.a0());
        signals().replaceMaskForWait(t, mask);
        if (signals().wouldInterrupt(t)) throw new SyscallException(Errno.EINTR);
        throw new Blocked(t.signals.wakeups, () -> !signals().wouldInterrupt(t));
    }

    /**
     * rt_sigreturn: the registers saved in the frame at sp come back whole. The common
     * return path then writes the result to a0 and advances the pc by 4, so the restored
     * pc is set 4 lower and the restored a0 is the result: together they land exactly on
     * the saved state.
     */
    long rtSigreturn(Args a) throws SyscallException {
        Task t = a.task();
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        try {
            os.kernel().getContext(t.domain, ctx);
        } catch (KernelException e) {
            throw new SyscallException(Errno.EFAULT, e.getMessage());
        }
        try {
            signals().sigreturn(t, ctx);
        } catch (SyscallException e) {
            signals().fault(t, SigInfo.kernel(Sig.SIGSEGV));   // a frame it cannot read: SIGSEGV, as Linux
            return a.a0();
        }
        ctx[Kernel.CONTEXT_PC] -= 4;
        try {
            os.kernel().setContext(t.domain, ctx);
        } catch (KernelException e) {
            throw new SyscallException(Errno.EFAULT, e.getMessage());
        }
        return ctx[10];
    }

    /** sigaltstack(ss, old_ss): stack_t is {ss_sp, ss_flags (int), ss_size}, 24 bytes. */
    long sigaltstack(Args a) throws SyscallException {
        Task t = a.task();
        long sp = a.cpu().x(2);
        long[] old = signals().altStack(t, sp);
        if (a.a0() != 0) {
            ByteBuffer b = le(t.process.user.read(a.a0(), 24));
            long base = b.getLong(0), size = b.getLong(16);
            int flags = b.getInt(8);
            if (signals().onAltStack(t, sp)) throw new SyscallException(Errno.EPERM);
            int mode = flags & ~Sig.SS_AUTODISARM;
            if (mode != 0 && mode != Sig.SS_ONSTACK && mode != Sig.SS_DISABLE) throw new SyscallException(Errno.EINVAL);
            if (mode == Sig.SS_DISABLE) {
                signals().setAltStack(t, 0, 0, Sig.SS_DISABLE);
            } else {
                if (size < Sig.MINSIGSTKSZ) throw new SyscallException(Errno.ENOMEM);
                signals().setAltStack(t, base, size, flags);
            }
        }
        if (a.a1() != 0) {
            t.process.user.write(a.a1(), ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(old[0]).putInt((int) old[1]).putInt(0).putLong(old[2]).array());
        }
        return 0;
    }

    /** kill(pid, sig): a process, the caller's group (0), every process but init and the caller (-1), or group -pid. */
    long kill(Args a) throws SyscallException {
        int pid = a.i(0), sig = a.i(1);
        if (sig < 0 || sig > Sig.NSIG) throw new SyscallException(Errno.EINVAL);
        Task self = a.task();
        SigInfo si = SigInfo.user(sig, Sig.SI_USER, self.process.pid);
        if (pid > 0) {
            Process p = os.process(pid);
            if (p == null) throw new SyscallException(Errno.ESRCH);
            signals().send(p, si, self);
            return 0;
        }
        int group = pid == 0 ? self.process.pgid : -pid;
        boolean any = false;
        for (Process p : java.util.List.copyOf(os.processes().values())) {
            boolean hit = pid == -1 ? p.pid != 1 && p != self.process : p.pgid == group;
            if (!hit) continue;
            any = true;
            signals().send(p, si, self);
        }
        if (!any) throw new SyscallException(Errno.ESRCH);
        return 0;
    }

    long tkill(Args a) throws SyscallException {
        return toThread(a, -1, a.i(0), a.i(1));
    }

    long tgkill(Args a) throws SyscallException {
        if (a.i(0) <= 0) throw new SyscallException(Errno.EINVAL);
        return toThread(a, a.i(0), a.i(1), a.i(2));
    }

    private long toThread(Args a, int tgid, int tid, int sig) throws SyscallException {
        if (tid <= 0 || sig < 0 || sig > Sig.NSIG) throw new SyscallException(Errno.EINVAL);
        for (Process p : java.util.List.copyOf(os.processes().values())) {
            if (tgid > 0 && p.pid != tgid) continue;
            for (Task t : java.util.List.copyOf(p.tasks)) {
                if (t.tid != tid) continue;
                if (sig == Sig.SIGKILL && p != a.task().process) os.signals().send(p, SigInfo.kernel(sig), a.task());
                else signals().sendThread(t, SigInfo.user(sig, Sig.SI_TKILL, a.task().process.pid));
                return 0;
            }
        }
        throw new SyscallException(Errno.ESRCH);
    }
}
