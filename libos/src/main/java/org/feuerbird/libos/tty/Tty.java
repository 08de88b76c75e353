package org.feuerbird.libos.tty;

import java.util.ArrayList;
import java.util.List;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.Sys;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.sched.Blocked;
import org.feuerbird.libos.sched.WaitQueue;
import org.feuerbird.libos.signal.Sig;

/**
 * A terminal: its line discipline and settings, window size, the session it controls and
 * that session's foreground process group. Input comes from its driver ({@link #receive},
 * on whatever thread the device interrupt is served); reads and writes come from system
 * calls and never block a hart: a reader that must wait is parked on {@link #waiters}.
 * A process's controlling terminal is the one whose session is the process's session.
 */
public final class Tty {
    public static final int O_NOCTTY = 0400;

    private final PosixLibOS os;
    private final String name;
    private final long rdev;
    private final TtyDriver driver;
    final LineDiscipline ld = new LineDiscipline();
    private int rows = 24, columns = 80;
    /** The session it is the controlling terminal of, and that session's foreground group; 0: none. */
    private int session, foreground;
    /** Kernel time the latest input byte arrived (VTIME's inter-byte timer). */
    private long lastArrival;
    /** Readers, pollers and writers held by ^S wait here for input or a change. */
    public final WaitQueue waiters = new WaitQueue();

    public Tty(PosixLibOS os, String name, long rdev, TtyDriver driver) {
        this.os = os;
        this.name = name;
        this.rdev = rdev;
        this.driver = driver;
    }

    public String name() { return name; }

    public long rdev() { return rdev; }

    public synchronized int session() { return session; }

    public synchronized int foreground() { return foreground; }

    public synchronized int[] windowSize() { return new int[] {rows, columns}; }

    /** A new window size (TIOCSWINSZ, or the boot code from the host's terminal); the foreground group gets SIGWINCH if it changed. */
    public void setWindowSize(int newRows, int newColumns) {
        int fg;
        synchronized (this) {
            if (rows == newRows && columns == newColumns) return;
            rows = newRows;
            columns = newColumns;
            fg = foreground;
        }
        JobControl.signalGroup(os, fg, Sig.SIGWINCH);
    }

    /** Makes this the controlling terminal of {@code p}'s session, {@code p}'s group in the foreground. */
    public synchronized void control(Process p) {
        session = p.sid;
        foreground = p.pgid;
    }

    synchronized void setForeground(int pgid) { foreground = pgid; }

    /** The session ends or lets go of it: the foreground group gets SIGHUP and SIGCONT; no session owns it any more. */
    public void hangup() {
        int fg;
        synchronized (this) {
            fg = foreground;
            session = 0;
            foreground = 0;
        }
        JobControl.signalGroup(os, fg, Sig.SIGHUP);
        JobControl.signalGroup(os, fg, Sig.SIGCONT);
        waiters.wakeAll();
    }

    /**
     * Opened by {@code p} (without O_NOCTTY): a session leader without a controlling terminal
     * gets this one, if no other session has it, as on Linux.
     */
    public void opened(Process p, int flags) {
        if ((flags & O_NOCTTY) != 0 || p.sid != p.pid || os.controllingTty(p) != null) return;
        synchronized (this) {
            if (session == 0) {
                session = p.sid;
                foreground = p.pgid;
            }
        }
    }

    // ---- input from the device ----

    /** Bytes the device received: through the line discipline, echo back out, signals to the foreground group, readers woken. */
    public void receive(byte[] b, int off, int len) {
        List<Integer> signals = new ArrayList<>(1);
        byte[] echo;
        int fg;
        synchronized (this) {
            for (int i = 0; i < len; i++) {
                int sig = ld.receive(b[off + i]);
                if (sig != 0) signals.add(sig);
            }
            echo = ld.takeEcho();
            fg = foreground;
            lastArrival = os.kernel().now();
        }
        if (echo.length > 0) driver.transmit(echo, 0, echo.length);
        for (int sig : signals) JobControl.signalGroup(os, fg, sig);
        waiters.wakeAll();
    }

    // ---- system calls ----

    /**
     * Linux's check before a background process uses its terminal: a caller whose group is not
     * in the foreground gets {@code sig} (SIGTTIN for reads, SIGTTOU for writes under TOSTOP and
     * for changing settings) sent to its group, and its call runs again once the group is
     * continued. If the caller ignores or blocks the signal, a write goes on and a read fails
     * with EIO; an orphaned group cannot be stopped, so it gets EIO.
     */
    void checkBackground(Task t, int sig) throws SyscallException, Blocked {
        if (t == null) return;
        Process p = t.process;
        int fg;
        synchronized (this) {
            if (session == 0 || session != p.sid) return;
            fg = foreground;
        }
        if (fg == 0 || p.pgid == fg) return;
        boolean ignored = (os.signals().blocked(t) & Sig.bit(sig)) != 0 || p.signals.action(sig).handler() == Sig.SIG_IGN;
        if (ignored) {
            if (sig == Sig.SIGTTIN) throw new SyscallException(Errno.EIO);
            return;
        }
        if (JobControl.orphaned(os, p.pgid, null)) throw new SyscallException(Errno.EIO);
        JobControl.signalGroup(os, p.pgid, sig);
        // ERESTARTSYS: the signal now pending stops the caller (or runs its handler); the call then runs again.
        throw new Blocked(t.signals.wakeups, () -> false);
    }

    /**
     * read(2): canonical mode gives at most one line (0 for ^D at a line's start); otherwise
     * VMIN and VTIME decide. {@code t} null: no job control and no waiting (EAGAIN instead).
     */
    public int read(Task t, byte[] dst, int off, int len, boolean nonblocking) throws SyscallException, Blocked {
        checkBackground(t, Sig.SIGTTIN);
        long now = os.kernel().now();
        long deadline;
        synchronized (this) {
            deadline = readDeadline(t, len, now);
            if (deadline < 0) {
                int n = ld.read(dst, off, len);
                return Math.max(n, 0);
            }
        }
        if (nonblocking || t == null) throw new SyscallException(Errno.EAGAIN);
        waiters.add(t.signals.wakeups::wakeAll);
        if (deadline > 0) os.timedWait().arm(t, now);
        final long until = deadline;
        throw new Blocked(t.signals.wakeups, () -> {
            long at = os.kernel().now();
            synchronized (this) {
                return readDeadline(null, len, at) >= 0 && (until == 0 || at < until) && !os.signals().wouldInterrupt(t);
            }
        });
    }

    /** -1: a read returns now; else the time it may wait until (0: no bound). Fixes VTIME deadlines in {@code t}'s call state. */
    private long readDeadline(Task t, int len, long now) {
        Termios tm = ld.termios;
        if (tm.canonical()) return ld.lineReady() || len == 0 ? -1 : 0;
        int min = tm.cc[Termios.VMIN] & 0xff, time = tm.cc[Termios.VTIME] & 0xff;
        long timeNanos = time * 100_000_000L;
        long callStart = now;
        if (t != null && min == 0 && time > 0) callStart = os.timedWait().deadline(t, Sys.READ, now + timeNanos) - timeNanos;
        long d = LineDiscipline.nonCanonicalWait(min, time, ld.readable(), len, callStart, lastArrival, now);
        if (t != null && d > 0 && min > 0) {
            // The inter-byte timer moves with each byte: the call's deadline is set anew.
            os.timedWait().end(t);
            os.timedWait().deadline(t, Sys.READ, d);
        }
        return d;
    }

    /** write(2): through output processing to the device; a background writer under TOSTOP gets SIGTTOU. */
    public int write(Task t, byte[] src, int off, int len, boolean nonblocking) throws SyscallException, Blocked {
        if ((ld.termios.lflag & Termios.TOSTOP) != 0) checkBackground(t, Sig.SIGTTOU);
        byte[] out;
        synchronized (this) {
            if (ld.outputStopped()) {
                if (nonblocking || t == null) throw new SyscallException(Errno.EAGAIN);
                waiters.add(t.signals.wakeups::wakeAll);
                throw new Blocked(t.signals.wakeups, () -> {
                    synchronized (this) {
                        return ld.outputStopped() && !os.signals().wouldInterrupt(t);
                    }
                });
            }
            out = ld.processOutput(src, off, len);
        }
        driver.transmit(out, 0, out.length);
        return len;
    }

    /** Bytes a read could take now (FIONREAD). */
    public synchronized int readable() { return ld.readable(); }

    /** poll's view: readable per the mode, writable unless output is stopped. */
    public synchronized int pollEvents() {
        int ev = ld.outputStopped() ? 0 : org.feuerbird.libos.fs.OpenFile.POLLOUT;
        if (ld.pollReadable()) ev |= org.feuerbird.libos.fs.OpenFile.POLLIN;
        return ev;
    }

    public synchronized byte[] termios() { return ld.termios.toBytes(); }

    /** TCSETS*: new settings ({@code flush}: TCSETSF drops pending input first); a mode change may release readers. */
    public void setTermios(byte[] raw, boolean flush) {
        synchronized (this) {
            if (flush) ld.flushInput();
            ld.setTermios(raw);
        }
        waiters.wakeAll();
    }

    public synchronized void flushInput() { ld.flushInput(); }

    public void setOutputStopped(boolean stopped) {
        synchronized (this) {
            ld.setOutputStopped(stopped);
        }
        waiters.wakeAll();
    }

    @Override
    public String toString() { return "tty " + name; }
}
