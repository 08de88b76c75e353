package org.feuerbird.libos;

import org.feuerbird.kernel.api.CapType;
import org.feuerbird.kernel.api.Device;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.Rights;
import org.feuerbird.libos.fs.OpenFile;
import org.feuerbird.libos.proc.Process;
import org.feuerbird.libos.tty.Tty;
import org.feuerbird.libos.tty.TtyFile;
import org.feuerbird.libos.tty.UartConsole;

/**
 * Boot wiring of the console terminal: the boot code gives the POSIX LibOS the board's
 * console UART (IO and INTERRUPT capabilities), and the LibOS's console driver and terminal
 * take it from there (/dev/console; the first program's stdio).
 */
public final class Console {
    /** /dev/console's device number (5, 1). */
    public static final long RDEV = (5 << 8) | 1;
    static final int O_RDWR = 2;

    private Console() {}

    /**
     * Gives {@code os} (running as {@code k}) the board's console and returns its terminal,
     * registered as /dev/console. Call after {@code createLibOS} and before the harts run.
     */
    public static Tty attach(Exokernel exo, Kernel k, PosixLibOS os) throws KernelException {
        Device d = exo.devices().stream().filter(x -> x.name().equals("console")).findFirst()
            .orElseThrow(() -> new IllegalStateException("the board has no console"));
        long io = exo.give(k, CapType.IO, d.base(), d.base() + d.size(), Rights.READ | Rights.WRITE);
        long line = exo.give(k, CapType.INTERRUPT, d.irq(), d.irq() + 1, Rights.CONTROL);
        UartConsole uart = new UartConsole(k, io, line, d.base());
        Tty tty = new Tty(os, "console", RDEV, uart);
        os.addTty(tty, true);
        os.onInterrupt(d.irq(), uart::interrupt);
        uart.start(tty);
        return tty;
    }

    /** A new read-write description of the terminal, for a process's fds 0 to 2 (install it three times, or dup). */
    public static OpenFile open(Tty tty) {
        return new TtyFile(tty, "/dev/console", O_RDWR);
    }

    /** Makes {@code tty} the controlling terminal of {@code leader}'s session, its group in the foreground. */
    public static void control(Tty tty, Process leader) {
        tty.control(leader);
    }
}
