package org.feuerbird.libos.signal;

/**
 * A process's signal state: the actions its threads share, the signals sent to the process
 * as a whole, job-control state, and its ITIMER_REAL. This object is also the monitor that
 * guards the signal state of the process and of all its threads.
 */
public final class ProcessSignals {
    final SigAction[] actions = new SigAction[Sig.NSIG + 1];
    final PendingSignals shared = new PendingSignals();
    /** Stopped by SIGSTOP and friends; its threads run again on SIGCONT. */
    volatile boolean stopped;
    /**
     * For wait4: the stop signal not yet reported to a WUNTRACED waiter (0: none), and a
     * continue not yet reported to a WCONTINUED waiter.
     */
    public int unreportedStop;
    public boolean unreportedContinue;
    /** ITIMER_REAL: the kernel alarm armed for it (0: none), its deadline and its interval. */
    long realAlarm, realDeadline, realInterval;

    public ProcessSignals() {
        java.util.Arrays.fill(actions, SigAction.DEFAULT);
    }

    public synchronized SigAction action(int sig) { return actions[sig]; }

    public boolean stopped() { return stopped; }

    /** Signals pending for the process as a whole (/proc/PID/status's ShdPnd). */
    public synchronized long sharedPending() { return shared.mask(); }

    /** fork: the child has the parent's actions (and nothing pending, no timers). */
    public synchronized void copyActionsFrom(ProcessSignals parent) {
        synchronized (parent) {
            System.arraycopy(parent.actions, 0, actions, 0, actions.length);
        }
    }

    /** execve: caught signals go back to their default; ignored ones stay ignored. */
    public synchronized void resetForExec() {
        for (int i = 1; i <= Sig.NSIG; i++) {
            if (actions[i].catches()) actions[i] = SigAction.DEFAULT;
            else actions[i] = new SigAction(actions[i].handler(), 0, 0);
        }
    }
}
