package org.feuerbird.libos.tty;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.feuerbird.libos.PosixLibOS;
import org.feuerbird.libos.fs.HostTerminal;
import org.feuerbird.libos.fs.OpenFile;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.proc.Task;
import org.feuerbird.libos.sched.Blocked;
import org.feuerbird.libos.signal.Sig;

/**
 * ioctl(2): the terminal requests on a {@link TtyFile}; on the host's terminal streams of
 * {@code feuerbird exec} the few it has always answered (settings and size read from the host
 * side); FIONREAD and FIONBIO on any file. Anything else is ENOTTY, as Linux says.
 */
public final class TtyIoctls {
    public static final int TCGETS = 0x5401, TCSETS = 0x5402, TCSETSW = 0x5403, TCSETSF = 0x5404, TCSBRK = 0x5409,
        TCXONC = 0x540A, TCFLSH = 0x540B, TIOCEXCL = 0x540C, TIOCNXCL = 0x540D, TIOCSCTTY = 0x540E, TIOCGPGRP = 0x540F,
        TIOCSPGRP = 0x5410, TIOCOUTQ = 0x5411, TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414, FIONREAD = 0x541B,
        FIONBIO = 0x5421, TIOCNOTTY = 0x5422, TIOCGETD = 0x5424, TIOCSETD = 0x5423, TCSBRKP = 0x5425, TIOCGSID = 0x5429;
    static final int O_NONBLOCK = 04000;

    private TtyIoctls() {}

    public static long ioctl(PosixLibOS os, Task t, OpenFile f, int req, long arg) throws SyscallException, Blocked {
        Process p = t.process;
        if (req == FIONBIO) {
            int on = p.user.readInt(arg);
            f.setFlags(on != 0 ? f.flags() | O_NONBLOCK : f.flags() & ~O_NONBLOCK);
            return 0;
        }
        if (f instanceof TtyFile tf) return terminal(os, t, tf.tty(), req, arg);
        if (req == FIONREAD) {
            p.user.writeInt(arg, f.available());
            return 0;
        }
        if (!f.isTerminal()) throw new SyscallException(Errno.ENOTTY);
        return hostTerminal(p, req, arg);
    }

    /** The host's terminal under {@code feuerbird exec}: its settings cannot be changed from here. */
    private static long hostTerminal(Process p, int req, long arg) throws SyscallException {
        switch (req) {
            case TIOCGWINSZ -> {
                int[] size = HostTerminal.size();
                p.user.write(arg, winsize(size[0], size[1]));
            }
            case TIOCGPGRP -> p.user.writeInt(arg, p.pgid);
            case TCGETS -> p.user.write(arg, org.feuerbird.libos.posix.Termios.defaults());
            default -> throw new SyscallException(Errno.EINVAL);
        }
        return 0;
    }

    private static byte[] winsize(int rows, int columns) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) rows).putShort((short) columns).array();
    }

    private static long terminal(PosixLibOS os, Task t, Tty tty, int req, long arg) throws SyscallException, Blocked {
        Process p = t.process;
        boolean mine = os.controllingTty(p) == tty;
        switch (req) {
            case TCGETS -> p.user.write(arg, tty.termios());
            case TCSETS, TCSETSW, TCSETSF -> {
                byte[] raw = p.user.read(arg, Termios.SIZE);
                tty.checkBackground(t, Sig.SIGTTOU);
                tty.setTermios(raw, req == TCSETSF);
            }
            case TCSBRK, TCSBRKP -> tty.checkBackground(t, Sig.SIGTTOU);   // output is never queued: drained already
            case TCXONC -> {
                if (arg < 0 || arg > 3) throw new SyscallException(Errno.EINVAL);
                tty.checkBackground(t, Sig.SIGTTOU);
                if (arg == 0) tty.setOutputStopped(true);
                else if (arg == 1) tty.setOutputStopped(false);
            }
            case TCFLSH -> {
                if (arg < 0 || arg > 2) throw new SyscallException(Errno.EINVAL);
                tty.checkBackground(t, Sig.SIGTTOU);
                if (arg != 1) tty.flushInput();
            }
            case TIOCGPGRP -> {
                if (!mine) throw new SyscallException(Errno.ENOTTY);
                p.user.writeInt(arg, tty.foreground());
            }
            case TIOCSPGRP -> {
                try {
                    tty.checkBackground(t, Sig.SIGTTOU);
                } catch (SyscallException e) {
                    throw e.errno == Errno.EIO ? new SyscallException(Errno.ENOTTY) : e;
                }
                if (!mine || tty.session() != p.sid) throw new SyscallException(Errno.ENOTTY);
                int pgid = p.user.readInt(arg);
                if (pgid < 0) throw new SyscallException(Errno.EINVAL);
                int sid = JobControl.sessionOf(os, pgid);
                if (sid < 0) throw new SyscallException(Errno.ESRCH);
                if (sid != p.sid) throw new SyscallException(Errno.EPERM);
                tty.setForeground(pgid);
            }
            case TIOCSCTTY -> {
                if (p.sid == p.pid && tty.session() == p.sid) return 0;
                if (p.sid != p.pid || os.controllingTty(p) != null) throw new SyscallException(Errno.EPERM);
                // Another session's terminal may be taken only by force (arg 1), which root may use; guests run as root.
                if (tty.session() != 0 && arg != 1) throw new SyscallException(Errno.EPERM);
                tty.control(p);
            }
            case TIOCNOTTY -> {
                if (!mine) throw new SyscallException(Errno.ENOTTY);
                // Only a session leader's giving up is modelled: the terminal follows the session, not each process.
                if (p.sid == p.pid) tty.hangup();
            }
            case TIOCGSID -> {
                if (!mine) throw new SyscallException(Errno.ENOTTY);
                p.user.writeInt(arg, tty.session());
            }
            case TIOCGWINSZ -> {
                int[] size = tty.windowSize();
                p.user.write(arg, winsize(size[0], size[1]));
            }
            case TIOCSWINSZ -> {
                ByteBuffer b = ByteBuffer.wrap(p.user.read(arg, 8)).order(ByteOrder.LITTLE_ENDIAN);
                tty.setWindowSize(b.getShort() & 0xffff, b.getShort() & 0xffff);
            }
            case FIONREAD -> p.user.writeInt(arg, tty.readable());
            case TIOCOUTQ -> p.user.writeInt(arg, 0);
            case TIOCGETD -> p.user.writeInt(arg, 0);   // N_TTY
            case TIOCSETD -> {
                if (p.user.readInt(arg) != 0) throw new SyscallException(Errno.EINVAL);
            }
            case TIOCEXCL, TIOCNXCL -> { }
            default -> throw new SyscallException(Errno.ENOTTY);
        }
        return 0;
    }
}
