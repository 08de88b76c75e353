package org.feuerbird.libos.posix;

import java.nio.charset.StandardCharsets;
import org.feuerbird.libos.PosixLibOS;

/** The calls that act on the whole system rather than a process: reboot(2) and sethostname(2). */
public final class SystemCalls {
    static final int MAGIC1 = 0xfee1dead;
    /** The second magic numbers Linux accepts (dates of Linus Torvalds's and his daughters' birthdays). */
    static final int[] MAGIC2 = {672274793, 85072278, 369367448, 537993216};
    static final int CMD_RESTART = 0x01234567, CMD_HALT = 0xCDEF0123, CMD_POWER_OFF = 0x4321FEDC;
    static final int CMD_CAD_ON = 0x89ABCDEF, CMD_CAD_OFF = 0, CMD_RESTART2 = 0xA1B2C3D4;
    private static final int HOST_NAME_MAX = 64;
    private final PosixLibOS os;
    /** Ctrl-Alt-Del handling; there is no such key combination here, but the flag is kept as Linux does. */
    private boolean cadOn = true;

    SystemCalls(PosixLibOS os) { this.os = os; }

    /**
     * reboot(2): with the right magic, power off, halt and restart end the run (the caller
     * never returns, as on Linux); CAD_ON/CAD_OFF only set the flag. The guest runs as root,
     * so CAP_SYS_BOOT is always held.
     */
    long reboot(Args a) throws SyscallException, TaskExit {
        int magic2 = a.i(1);
        boolean ok = false;
        for (int m : MAGIC2) ok |= m == magic2;
        if (a.i(0) != MAGIC1 || !ok) throw new SyscallException(Errno.EINVAL);
        switch (a.i(2)) {
            case CMD_CAD_ON -> cadOn = true;
            case CMD_CAD_OFF -> cadOn = false;
            case CMD_POWER_OFF -> end(PosixLibOS.Shutdown.POWER_OFF);
            case CMD_HALT -> end(PosixLibOS.Shutdown.HALT);
            case CMD_RESTART -> end(PosixLibOS.Shutdown.RESTART);
            case CMD_RESTART2 -> {
                a.task().process.user.readString(a.a3(), 256);   // the command text must be readable (EFAULT)
                end(PosixLibOS.Shutdown.RESTART);
            }
            default -> throw new SyscallException(Errno.EINVAL);   // kexec, suspend: not here
        }
        return 0;
    }

    private void end(PosixLibOS.Shutdown why) throws TaskExit {
        os.shutdown(why);
        throw new TaskExit();
    }

    boolean cadOn() { return cadOn; }

    long sethostname(Args a) throws SyscallException {
        long len = a.a1();
        if (len < 0 || len > HOST_NAME_MAX) throw new SyscallException(Errno.EINVAL);
        byte[] b = a.task().process.user.read(a.a0(), (int) len);
        os.setHostname(new String(b, StandardCharsets.UTF_8));
        return 0;
    }
}
