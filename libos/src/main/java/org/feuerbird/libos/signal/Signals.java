package org.feuerbird.libos.signal;

import java.util.List;
import java.util.function.ObjIntConsumer;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.time.TimedWait;

/**
 * Sending and delivering signals. Sending only records the signal and wakes a thread that
 * can take it; the action happens in the receiving thread at its next return to user mode
 * (after a system call, when the scheduler picks it, after a fault), as on Linux: a handler
 * gets a frame on its stack, a default action ends, stops or ignores. A thread asleep in a
 * system call is woken; its call, running again, finds the signal and ends with EINTR or
 * restarts after the handler (SA_RESTART).
 */
public final class Signals {
    /** What a signal does to a blocked system call ({@link #interruption}). */
    public enum Interruption { NONE, EINTR, RESTART }

    private final PosixLibOS os;
    private final ObjIntConsumer<Process> kill;
    private final TimedWait waits;

    public Signals(PosixLibOS os, ObjIntConsumer<Process> kill, TimedWait waits) {
        this.os = os;
        this.kill = kill;
        this.waits = waits;
    }

    // ---- sending ----

    /**
     * Sends a signal to a process. {@code sender} is the thread that sends (null for the
     * system): SIGKILL from outside the process ends it at once, even stopped.
     */
    public void send(Process p, SigInfo si, Task sender) {
        if (p.isZombie() || si.signo() == 0) return;
        int sig = si.signo();
        if (sig == Sig.SIGKILL && (sender == null || sender.process != p)) {
            kill.accept(p, Sig.SIGKILL);
            return;
        }
        ProcessSignals ps = p.signals;
        Task wake;
        synchronized (ps) {
            if (!prepare(p, sig)) return;
            // A process-directed signal goes to a thread that does not block it, if any.
            wake = null;
            for (Task t : p.tasks) {
                if ((t.signals.blocked & Sig.bit(sig)) == 0) {
                    wake = t;
                    break;
                }
            }
            if (wake == null && ps.actions[sig].ignores(sig)) return;
            ps.shared.add(si);
        }
        if (wake != null) wake(wake);
    }

    /** Sends a signal to one thread (tkill, tgkill, faults of that thread). */
    public void sendThread(Task t, SigInfo si) {
        Process p = t.process;
        if (p.isZombie() || si.signo() == 0) return;
        int sig = si.signo();
        ProcessSignals ps = p.signals;
        synchronized (ps) {
            if (!prepare(p, sig)) return;
            if ((t.signals.blocked & Sig.bit(sig)) == 0 && ps.actions[sig].ignores(sig)) return;
            t.signals.pending.add(si);
        }
        wake(t);
    }

    /** The job-control side effects of sending; false if the signal goes no further. */
    private boolean prepare(Process p, int sig) {
        ProcessSignals ps = p.signals;
        if (sig == Sig.SIGCONT) {
            discardEverywhere(p, Sig.bit(Sig.SIGSTOP) | Sig.bit(Sig.SIGTSTP) | Sig.bit(Sig.SIGTTIN) | Sig.bit(Sig.SIGTTOU));
            if (ps.stopped) cont(p);
        } else if (Sig.isStop(sig)) {
            discardEverywhere(p, Sig.bit(Sig.SIGCONT));
        }
        return true;
    }

    private static void discardEverywhere(Process p, long set) {
        p.signals.shared.discard(set);
        for (Task t : p.tasks) t.signals.pending.discard(set);
    }

    /** Wakes a thread that may now have a signal to take (not while its process is stopped). */
    private void wake(Task t) {
        t.signals.wakeups.wakeAll();
        if (t.state == Task.State.BLOCKED && !t.process.signals.stopped) os.wake(t);
    }

    /** The exit path of a process: SIGCHLD for its parent, with how it ended. */
    public void childEnded(Process child, int waitStatus) {
        Process parent = child.parent;
        if (parent == null) return;
        int sig = waitStatus & 0x7f;
        SigInfo si = sig == 0 ? SigInfo.child(Sig.CLD_EXITED, child.pid, (waitStatus >> 8) & 0xff)
            : SigInfo.child((waitStatus & 0x80) != 0 ? Sig.CLD_DUMPED : Sig.CLD_KILLED, child.pid, sig);
        send(parent, si, null);
    }

    // ---- job control ----

    private void stop(Process p, int sig) {
        ProcessSignals ps = p.signals;
        synchronized (ps) {
            if (ps.stopped) return;
            ps.stopped = true;
            ps.unreportedStop = sig;
            ps.unreportedContinue = false;
        }
        for (Task t : List.copyOf(p.tasks)) os.scheduler().block(t);
        notifyParent(p, Sig.CLD_STOPPED, sig);
    }

    private void cont(Process p) {
        ProcessSignals ps = p.signals;
        ps.stopped = false;
        ps.unreportedStop = 0;
        ps.unreportedContinue = true;
        // Every thread runs again; one that slept in a call runs it again and sleeps anew if it must.
        for (Task t : p.tasks) os.wake(t);
        notifyParent(p, Sig.CLD_CONTINUED, Sig.SIGCONT);
    }

    private void notifyParent(Process p, int code, int sig) {
        Process parent = p.parent;
        if (parent == null) return;
        parent.childEvents.wakeAll();
        if ((parent.signals.action(Sig.SIGCHLD).flags() & Sig.SA_NOCLDSTOP) == 0) send(parent, SigInfo.child(code, p.pid, sig), null);
    }

    // ---- delivery ----

    /** Whether a signal that would act (not blocked, not ignored) waits for {@code t}. */
    public boolean wouldInterrupt(Task t) {
        ProcessSignals ps = t.process.signals;
        synchronized (ps) {
            long ready = (t.signals.pending.mask() | ps.shared.mask()) & ~t.signals.blocked;
            for (long r = ready; r != 0; r &= r - 1) {
                int sig = Long.numberOfTrailingZeros(r) + 1;
                if (!ps.actions[sig].ignores(sig)) return true;
            }
            return t.signals.forced != null;
        }
    }

    /**
     * A system call of {@code t} is about to sleep. If a signal would act, the call does not
     * sleep: it fails with EINTR, or (SA_RESTART, or a default action that stops or ends
     * the process) runs again once the signal has been dealt with. NONE: sleep. A call
     * that is not {@code restartsAfterHandler} fails with EINTR whenever a handler runs.
     */
    public Interruption interruption(Task t, boolean restartsAfterHandler) {
        ProcessSignals ps = t.process.signals;
        ThreadSignals ts = t.signals;
        synchronized (ps) {
            long ready = (ts.pending.mask() | ps.shared.mask()) & ~ts.blocked;
            for (long r = ready; r != 0; r &= r - 1) {
                int sig = Long.numberOfTrailingZeros(r) + 1;
                SigAction act = ps.actions[sig];
                if (act.ignores(sig)) {
                    ts.pending.discard(Sig.bit(sig));
                    ps.shared.discard(Sig.bit(sig));
                    continue;
                }
                waits.end(t);
                ts.inCall = false;
                boolean restart = !act.catches() || (restartsAfterHandler && (act.flags() & Sig.SA_RESTART) != 0);
                return restart ? Interruption.RESTART : Interruption.EINTR;
            }
            ts.inCall = true;
            return Interruption.NONE;
        }
    }

    /** A system call of {@code t} completed: its wait is over; delivers what is pending. */
    public boolean returnFromCall(Task t) {
        t.signals.inCall = false;
        if (t.signals.waitNr != 0) waits.end(t);
        return deliver(t);
    }

    /**
     * Delivers {@code t}'s pending signals before it runs on in user mode: each caught one
     * gets a frame (the last one delivered runs first, as on Linux). Returns false if the
     * thread cannot run now (its process ended or stopped): the caller picks another.
     */
    public boolean deliver(Task t) {
        ProcessSignals ps = t.process.signals;
        ThreadSignals ts = t.signals;
        if (ts.inCall) return true;   // asleep in a call: the call itself will see the signal
        if (!ps.stopped && ts.forced == null && ts.savedMask == null
            && ((ts.pending.mask() | ps.shared.mask()) & ~ts.blocked) == 0) return true;
        long[] ctx = new long[Kernel.CONTEXT_SIZE];
        try {
            os.kernel().getContext(t.domain, ctx);
        } catch (KernelException e) {
            return true;   // running on another hart: it takes its signals at its own next trap
        }
        boolean framed = false;
        for (int n = 0; n <= Sig.NSIG; n++) {
            if (ps.stopped) {
                os.scheduler().block(t);
                if (framed) setContext(t, ctx);
                return false;
            }
            SigInfo si;
            SigAction act;
            synchronized (ps) {
                si = ts.forced;
                ts.forced = null;
                if (si == null) si = ts.pending.take(~ts.blocked);
                if (si == null) si = ps.shared.take(~ts.blocked);
                if (si == null) break;
                act = ps.actions[si.signo()];
            }
            int sig = si.signo();
            if (os.trace() != null) os.trace().signal(t, si);   // [trace]
            if (act.handler() == Sig.SIG_IGN) continue;
            if (act.handler() == Sig.SIG_DFL) {
                switch (Sig.defaultAction(sig)) {
                    case IGNORE, CONTINUE -> { continue; }
                    case STOP -> {
                        if (framed) setContext(t, ctx);
                        stop(t.process, sig);
                        return false;
                    }
                    default -> {
                        kill.accept(t.process, sig);
                        return false;
                    }
                }
            }
            if (!pushFrame(t, ctx, si, act)) {
                kill.accept(t.process, Sig.SIGSEGV);   // no room for the frame: Linux forces SIGSEGV
                return false;
            }
            framed = true;
        }
        synchronized (ps) {
            if (ts.savedMask != null) {
                ts.blocked = ts.savedMask;   // no handler took the mask a sigsuspend replaced: back now
                ts.savedMask = null;
            }
        }
        if (framed) setContext(t, ctx);
        return true;
    }

    private void setContext(Task t, long[] ctx) {
        try {
            os.kernel().setContext(t.domain, ctx);
        } catch (KernelException e) {
            kill.accept(t.process, Sig.SIGSEGV);   // cannot happen for a thread of ours; never leave it half-delivered
        }
    }

    /** Builds a handler's frame on the thread's stack and points its registers at the handler. */
    private boolean pushFrame(Task t, long[] ctx, SigInfo si, SigAction act) {
        ProcessSignals ps = t.process.signals;
        ThreadSignals ts = t.signals;
        int sig = si.signo();
        long sp = ctx[2];
        boolean onAlt = onAltStack(ts, sp);
        if ((act.flags() & Sig.SA_ONSTACK) != 0 && ts.altSize != 0 && !onAlt) sp = ts.altSp + ts.altSize;
        long frame = (sp - SignalFrame.SIZE) & ~15L;
        if (onAlt && !onAltStack(ts, frame)) return false;   // the alternate stack overflowed
        long mask;
        synchronized (ps) {
            mask = ts.savedMask != null ? ts.savedMask : ts.blocked;
            ts.savedMask = null;
        }
        int ssFlags = ts.altSize == 0 ? Sig.SS_DISABLE : onAlt ? Sig.SS_ONSTACK : 0;
        byte[] bytes = SignalFrame.build(ctx, si, ts.altSp, ssFlags, ts.altSize, mask);
        try {
            SigreturnPage.ensure(t.process.memory);
            t.process.user.write(frame, bytes);
        } catch (SyscallException e) {
            return false;
        }
        ctx[2] = frame;
        ctx[1] = SigreturnPage.ADDRESS;
        ctx[10] = sig;
        ctx[11] = frame;
        ctx[12] = frame + SignalFrame.UC;
        ctx[Kernel.CONTEXT_PC] = act.handler();
        synchronized (ps) {
            long add = act.mask() | ((act.flags() & Sig.SA_NODEFER) != 0 ? 0 : Sig.bit(sig));
            ts.blocked = (ts.blocked | add) & ~Sig.UNBLOCKABLE;
            if ((act.flags() & Sig.SA_RESETHAND) != 0) ps.actions[sig] = new SigAction(Sig.SIG_DFL, act.flags() & ~Sig.SA_RESETHAND, act.mask());
        }
        return true;
    }

    static boolean onAltStack(ThreadSignals ts, long sp) {
        return ts.altSize != 0 && sp > ts.altSp && sp - ts.altSp <= ts.altSize;
    }

    /**
     * A fault of {@code t} (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE): delivered before
     * anything else; if the signal is blocked or ignored the process ends, as Linux does.
     */
    public void fault(Task t, SigInfo si) {
        ProcessSignals ps = t.process.signals;
        int sig = si.signo();
        synchronized (ps) {
            if ((t.signals.blocked & Sig.bit(sig)) != 0 || ps.actions[sig].handler() == Sig.SIG_IGN) {
                ps.actions[sig] = SigAction.DEFAULT;
                t.signals.blocked &= ~Sig.bit(sig);
            }
            t.signals.forced = si;
        }
    }

    /**
     * rt_sigreturn: restores the registers, mask and alternate stack saved in the frame at
     * the thread's sp into {@code ctx}. Throws EFAULT if the frame cannot be read.
     */
    public void sigreturn(Task t, long[] ctx) throws SyscallException {
        byte[] frame = t.process.user.read(ctx[2], SignalFrame.SIZE);
        long sp = ctx[2];
        long mask = SignalFrame.restore(frame, ctx);
        long[] st = SignalFrame.stack(frame);
        ProcessSignals ps = t.process.signals;
        ThreadSignals ts = t.signals;
        synchronized (ps) {
            ts.blocked = mask & ~Sig.UNBLOCKABLE;
            // The handler may have changed uc_stack; apply it as sigaltstack would (errors ignored).
            if (!onAltStack(ts, sp)) {
                if ((st[1] & Sig.SS_DISABLE) != 0) {
                    ts.altSp = 0;
                    ts.altSize = 0;
                } else if (st[2] >= Sig.MINSIGSTKSZ) {
                    ts.altSp = st[0];
                    ts.altSize = st[2];
                }
            }
        }
    }

    // ---- the calls' view of the state ----

    public long blocked(Task t) {
        synchronized (t.process.signals) {
            return t.signals.blocked;
        }
    }

    public void setBlocked(Task t, long mask) {
        synchronized (t.process.signals) {
            t.signals.blocked = mask & ~Sig.UNBLOCKABLE;
        }
    }

    /** Replaces the mask for a sigsuspend-like wait, remembering the old one (once per call). */
    public void replaceMaskForWait(Task t, long mask) {
        synchronized (t.process.signals) {
            if (t.signals.savedMask == null) t.signals.savedMask = t.signals.blocked;
            t.signals.blocked = mask & ~Sig.UNBLOCKABLE;
        }
    }

    /** The wait ended without a signal: the mask it replaced comes back at once. */
    public void restoreMaskAfterWait(Task t) {
        synchronized (t.process.signals) {
            if (t.signals.savedMask != null) t.signals.blocked = t.signals.savedMask;
            t.signals.savedMask = null;
        }
    }

    public long pending(Task t) {
        synchronized (t.process.signals) {
            return (t.signals.pending.mask() | t.process.signals.shared.mask()) & t.signals.blocked;
        }
    }

    /** rt_sigaction: installs {@code act} (or just reads with null); returns the old action. */
    public SigAction action(Process p, int sig, SigAction act) {
        ProcessSignals ps = p.signals;
        synchronized (ps) {
            SigAction old = ps.actions[sig];
            if (act != null) {
                ps.actions[sig] = new SigAction(act.handler(), act.flags(), act.mask() & ~Sig.UNBLOCKABLE);
                // POSIX: setting a pending signal to be ignored discards it.
                if (ps.actions[sig].ignores(sig)) discardEverywhere(p, Sig.bit(sig));
            }
            return old;
        }
    }

    /** sigaltstack's view: {ss_sp, ss_flags, ss_size} as seen from stack pointer {@code sp}. */
    public long[] altStack(Task t, long sp) {
        ThreadSignals ts = t.signals;
        synchronized (t.process.signals) {
            int flags = ts.altSize == 0 ? Sig.SS_DISABLE : onAltStack(ts, sp) ? Sig.SS_ONSTACK : 0;
            return new long[] {ts.altSp, flags | (ts.altFlags & Sig.SS_AUTODISARM), ts.altSize};
        }
    }

    public void setAltStack(Task t, long spBase, long size, int flags) {
        ThreadSignals ts = t.signals;
        synchronized (t.process.signals) {
            ts.altSp = spBase;
            ts.altSize = size;
            ts.altFlags = flags;
        }
    }

    public boolean onAltStack(Task t, long sp) {
        synchronized (t.process.signals) {
            return onAltStack(t.signals, sp);
        }
    }

    // ---- ITIMER_REAL ----

    /** Arms (or with 0 disarms) the process's real-time interval timer; returns the old {remaining, interval}. */
    public long[] setRealTimer(Process p, long valueNanos, long intervalNanos) {
        ProcessSignals ps = p.signals;
        long[] old = realTimer(p);
        synchronized (ps) {
            os.clock().cancel(ps.realAlarm);
            ps.realAlarm = 0;
            ps.realDeadline = 0;
            ps.realInterval = intervalNanos;
            if (valueNanos > 0) armReal(p, os.kernel().now() + valueNanos);
        }
        return old;
    }

    public long[] realTimer(Process p) {
        ProcessSignals ps = p.signals;
        synchronized (ps) {
            long left = ps.realDeadline == 0 ? 0 : Math.max(ps.realDeadline - os.kernel().now(), 1000);
            return new long[] {left, ps.realInterval};
        }
    }

    private void armReal(Process p, long deadline) {
        ProcessSignals ps = p.signals;
        ps.realDeadline = deadline;
        ps.realAlarm = os.clock().schedule(deadline - os.kernel().now(), () -> realExpired(p, deadline));
    }

    private void realExpired(Process p, long deadline) {
        ProcessSignals ps = p.signals;
        synchronized (ps) {
            if (ps.realDeadline != deadline || p.isZombie()) return;
            ps.realAlarm = 0;
            ps.realDeadline = 0;
            if (ps.realInterval > 0) armReal(p, Math.max(deadline + ps.realInterval, os.kernel().now()));
        }
        send(p, SigInfo.kernel(Sig.SIGALRM), null);
    }
}
