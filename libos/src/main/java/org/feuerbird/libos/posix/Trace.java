package org.feuerbird.libos.posix;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.posix.trace.Call;
import org.feuerbird.libos.posix.trace.SigInfoText;
import org.feuerbird.libos.posix.trace.SignalNames;
import org.feuerbird.libos.posix.trace.SyscallNames;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.signal.SigInfo;

/**
 * {@code --trace}: every system call, signal and exit on stderr in strace's format. A call's
 * input arguments are decoded when it enters (before an execve replaces the memory they live
 * in), its output arguments when it returns. A call that blocks shows as strace shows it
 * when another line comes between: {@code read(0,  <unfinished ...>} now and
 * {@code <... read resumed>"x\n", 10) = 2} when it completes. Lines carry
 * {@code [pid N]} while more than one thread exists. Tracing never fails a call: what cannot
 * be decoded is shown raw.
 */
public final class Trace {
    /** strace's column for "= result" (its -a default). */
    private static final int COLUMN = 40;

    private final PrintStream out;
    private final PosixLibOS os;
    /** Calls entered and not yet returned, per thread. */
    private final Map<Task, Pending> pending = new HashMap<>();

    private static final class Pending {
        final long nr;
        final List<String> args;
        final boolean more;
        boolean unfinished;

        Pending(long nr, List<String> args, boolean more) {
            this.nr = nr;
            this.args = args;
            this.more = more;
        }
    }

    public Trace(PrintStream out, PosixLibOS os) {
        this.out = out;
        this.os = os;
    }

    /** A call enters (or enters again after its thread slept in it: then it is still the same call). */
    public synchronized void enter(Args a) {
        try {
            Pending p = pending.get(a.task());
            if (p != null && p.nr == a.nr() && p.unfinished) return;
            Call.Entry e = Call.entry(a);
            pending.put(a.task(), new Pending(a.nr(), e.args(), e.more()));
        } catch (RuntimeException e) {
            pending.remove(a.task());
        }
    }

    /** A call returns {@code result}. */
    public synchronized void done(Args a, long result, PosixLibOS unused) {
        Pending p = take(a);
        Call c = Call.exit(a, result, p.args.size());
        finish(a.task(), p, c.args(), c.resultText());
    }

    /** The thread sleeps in the call; it ends with {@link #done} (or {@link #restarted}) later. */
    public synchronized void blocked(Args a) {
        Pending p = pending.get(a.task());
        if (p == null || p.unfinished) return;
        p.unfinished = true;
        String sep = p.args.isEmpty() || !p.more ? "" : ", ";
        print(a.task(), name(p.nr) + "(" + String.join(", ", p.args) + sep + " <unfinished ...>");
    }

    /** A signal with a handler cut the call short; it runs again after the handler (SA_RESTART). */
    public synchronized void restarted(Args a) {
        Pending p = take(a);
        Call c = Call.exit(a, -512, p.args.size());
        finish(a.task(), p, c.args(), "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
    }

    /** exit or exit_group: the call does not return; the thread (and maybe its process) is gone. */
    public synchronized void exited(Args a) {
        Task t = a.task();
        finish(t, take(a), List.of(), "?");
        Process p = t.process;
        int code = p.isZombie() ? (p.waitStatus >> 8) & 0xff : a.i(0) & 0xff;
        if (p.isZombie()) abandon(p, t);
        print(t, "+++ exited with " + code + " +++");
    }

    /** A signal is taken by a thread (before its handler runs or its default action acts). */
    public synchronized void signal(Task t, SigInfo si) {
        print(t, "--- " + SignalNames.name(si.signo()) + " "
            + SigInfoText.of(si.signo(), si.code(), si.word16(), si.word24()) + " ---");
    }

    /** A process is ended by a signal. */
    public synchronized void killed(Process p, int sig) {
        if (p.isZombie() || p.tasks.isEmpty()) return;
        Task first = p.tasks.getFirst();
        abandon(p, null);
        print(first, "+++ killed by " + SignalNames.name(sig) + " +++");
    }

    /** The calls that the threads of an ending process were in never return: "= ?". */
    private void abandon(Process p, Task except) {
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().process != p || e.getKey() == except) continue;
            it.remove();
            Pending pd = e.getValue();
            if (pd.unfinished) line(e.getKey(), "<... " + name(pd.nr) + " resumed> <unfinished ...>)", "?");
            else line(e.getKey(), name(pd.nr) + "(" + String.join(", ", pd.args) + ")", "?");
        }
    }

    private Pending take(Args a) {
        Pending p = pending.remove(a.task());
        if (p == null || p.nr != a.nr()) {
            Call.Entry e = Call.entry(a);
            p = new Pending(a.nr(), e.args(), e.more());
        }
        return p;
    }

    private void finish(Task t, Pending p, List<String> rest, String result) {
        StringBuilder line = new StringBuilder();
        if (p.unfinished) {
            line.append("<... ").append(name(p.nr)).append(" resumed>").append(String.join(", ", rest)).append(')');
        } else {
            line.append(name(p.nr)).append('(').append(String.join(", ", p.args));
            if (!p.args.isEmpty() && !rest.isEmpty()) line.append(", ");
            line.append(String.join(", ", rest)).append(')');
        }
        line(t, line.toString(), result);
    }

    /** A call's line: "= result" at strace's column (the [pid N] prefix counts), or one space after. */
    private void line(Task t, String call, String result) {
        StringBuilder s = new StringBuilder(prefix(t)).append(call).append(' ');
        while (s.length() < COLUMN) s.append(' ');
        out.println(s.append("= ").append(result));
    }

    private void print(Task t, String body) {
        out.println(prefix(t) + body);
    }

    /** "[pid    12] " while more than one thread is alive (the one ending counts), as strace -f. */
    private String prefix(Task t) {
        int live = 0;
        for (Process p : os.processes().values()) live += p.tasks.size();
        if (!t.process.tasks.contains(t)) live++;
        return live > 1 ? String.format("[pid %5d] ", t.tid) : "";
    }

    /** "openat", or syscall_999 for a number Linux does not use. */
    static String name(long nr) {
        String n = SyscallNames.name(nr);
        if (n != null) return n;
        return nr >= 0 && nr <= Integer.MAX_VALUE ? "syscall_" + nr : "syscall_0x" + Long.toHexString(nr);
    }
}
