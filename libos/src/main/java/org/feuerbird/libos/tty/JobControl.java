package org.feuerbird.libos.tty;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.signal.Sig;
import org.feuerbird.libos.signal.SigInfo;

/**
 * Process groups as job control sees them: signalling a group, whether a group is orphaned,
 * and what a process's end does to its session's terminal and to groups it orphans (POSIX).
 */
public final class JobControl {
    private JobControl() {}

    /** The live processes. Input interrupts may come on another hart than the one changing the table: retry a torn copy. */
    private static List<Process> live(PosixLibOS os) {
        for (int i = 0; ; i++) {
            try {
                return List.copyOf(os.processes().values()).stream().filter(q -> !q.isZombie()).toList();
            } catch (java.util.ConcurrentModificationException e) {
                if (i == 100) return List.of();
            }
        }
    }

    /** Sends {@code sig} from the system to every live process of group {@code pgid}. */
    public static void signalGroup(PosixLibOS os, int pgid, int sig) {
        if (pgid <= 0) return;
        for (Process q : live(os)) if (q.pgid == pgid) os.signals().send(q, SigInfo.kernel(sig), null);
    }

    /** The session of group {@code pgid}, or -1 if no live process is in it. */
    public static int sessionOf(PosixLibOS os, int pgid) {
        for (Process q : live(os)) if (q.pgid == pgid) return q.sid;
        return -1;
    }

    /**
     * Whether group {@code pgid} is (or, without {@code leaving}, will be) orphaned: no member
     * has a parent in another group of the same session. Children of the first process count
     * as having no such parent, as Linux counts children of init.
     */
    public static boolean orphaned(PosixLibOS os, int pgid, Process leaving) {
        for (Process q : live(os)) {
            if (q.pgid != pgid || q == leaving) continue;
            Process parent = q.parent;
            if (parent == null || parent == leaving || parent.isZombie() || parent.pid == 1) continue;
            if (parent.pgid != pgid && parent.sid == q.sid) return false;
        }
        return true;
    }

    private static boolean hasStopped(PosixLibOS os, int pgid) {
        for (Process q : live(os)) if (q.pgid == pgid && q.signals.stopped()) return true;
        return false;
    }

    /**
     * Process {@code p} is ending. A session leader's terminal hangs up: its foreground group
     * gets SIGHUP and SIGCONT, and the terminal belongs to no session. A group that its end
     * orphans and that has stopped members gets SIGHUP then SIGCONT, so it is not stopped
     * forever with nobody left to continue it.
     */
    public static void processEnding(PosixLibOS os, Process p) {
        if (p.sid == p.pid) {
            Tty tty = os.controllingTty(p);
            if (tty != null) tty.hangup();
        }
        Set<Integer> groups = new LinkedHashSet<>();
        Process parent = p.parent;
        if (parent != null && parent.pgid != p.pgid && parent.sid == p.sid) groups.add(p.pgid);
        for (Process c : p.children) if (!c.isZombie() && c.pgid != p.pgid && c.sid == p.sid) groups.add(c.pgid);
        for (int g : groups) {
            if (orphaned(os, g, p) && hasStopped(os, g)) {
                signalGroup(os, g, Sig.SIGHUP);
                signalGroup(os, g, Sig.SIGCONT);
            }
        }
    }
}
