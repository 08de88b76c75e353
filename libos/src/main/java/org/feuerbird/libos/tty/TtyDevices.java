package org.feuerbird.libos.tty;

import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.fs.DevFs;
import org.feuerbird.libos.fs.OpenFile;
import org.feuerbird.libos.proc.Process;

/** The LibOS's terminals as devfs shows them: /dev/console and /dev/tty. */
public final class TtyDevices implements DevFs.Terminals {
    private final PosixLibOS os;

    public TtyDevices(PosixLibOS os) { this.os = os; }

    /** Opening the console may make it the controlling terminal of a session leader without one. */
    @Override
    public OpenFile console(Process p, int flags) {
        Tty c = os.console();
        if (c == null) return null;
        c.opened(p, flags);
        return new TtyFile(c, "/dev/console", flags);
    }

    @Override
    public OpenFile controlling(Process p, int flags) {
        Tty c = os.controllingTty(p);
        return c == null ? null : new TtyFile(c, "/dev/tty", flags);
    }
}
