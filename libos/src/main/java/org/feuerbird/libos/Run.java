package org.feuerbird.libos;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.libos.fs.Cpio;
import org.feuerbird.libos.fs.FdTable;
import org.feuerbird.libos.fs.HostInput;
import org.feuerbird.libos.fs.HostStream;
import org.feuerbird.libos.fs.TmpFs;
import org.feuerbird.libos.posix.Errno;
import org.feuerbird.libos.posix.ProcessCalls;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.Process;

/**
 * {@code feuerbird run}: boots a whole system. The board and the kernel, the POSIX LibOS with
 * a tmpfs root unpacked from a newc cpio image (an initramfs), and /sbin/init as process 1.
 * Interactive, init starts a login-free shell on the console; with a command, init runs it
 * with {@code sh -c} on the host's stdio and the run ends with its status. docs/BOOT.md.
 */
public final class Run {
    /** RAM of the board when --memory is not given. */
    public static final long DEFAULT_MEMORY = 256L << 20;
    /** Below 16M there is no room for init, a shell and a pipeline; 64G is far beyond what a Java heap backs. */
    public static final long MIN_MEMORY = 16L << 20, MAX_MEMORY = 64L << 30;
    /** The init program, as Linux's kernel looks for it. */
    public static final String INIT = "/sbin/init";
    /** How many times a reboot from inside boots the image again before the run gives up (a reboot loop). */
    static final int MAX_BOOTS = 16;

    /**
     * What to boot. {@code command} null means interactive (the shell on the console);
     * {@code hostStdio} says the streams are the JVM's own descriptors 0, 1 and 2.
     */
    public record Options(Path image, long memory, String command, InputStream in, PrintStream out, PrintStream err,
                          boolean terminal, boolean hostStdio, boolean trace) {}

    private Run() {}

    /**
     * Boots and runs until the system ends; returns the run's status: poweroff and halt 0,
     * init's exit status, 128+N when a signal N killed init; with a command, its status.
     */
    public static int run(Options o) {
        byte[] image;
        try {
            image = Files.readAllBytes(o.image());
        } catch (NoSuchFileException e) {
            o.err().println("feuerbird: image " + o.image() + ": no such file (build it with: make -C user busybox rootfs)");
            return 2;
        } catch (IOException | OutOfMemoryError e) {
            o.err().println("feuerbird: image " + o.image() + ": cannot read: " + e.getMessage());
            return 2;
        }
        // One reader of the host's input for the whole run: after a reboot the next system
        // must get the bytes, not a reader thread left over from the first.
        AtomicReference<Kernel> current = new AtomicReference<>();
        HostInput input = new HostInput(o.in(), () -> {
            Kernel k = current.get();
            if (k != null) k.kick();
        });
        for (int boot = 1; ; boot++) {
            Outcome r = bootOnce(o, image, input, current);
            if (r.restart && o.command() == null && boot < MAX_BOOTS) {
                o.err().println("feuerbird: reboot");
                continue;
            }
            if (r.restart) o.err().println("feuerbird: reboot" + (o.command() != null ? " (the run ends: -c runs one command)" : " (too many reboots)"));
            return r.status;
        }
    }

    private record Outcome(int status, boolean restart) {}

    private static Outcome bootOnce(Options o, byte[] image, HostInput input, AtomicReference<Kernel> current) {
        // tmpfs holds its bytes in the LibOS's heap, bounded like Linux's default: half the RAM.
        TmpFs root = new TmpFs(0x1b, o.memory() / 2);
        Cpio.Summary unpacked;
        try {
            unpacked = Cpio.unpack(image, root);
        } catch (Cpio.BadImage e) {
            o.err().println("feuerbird: image " + o.image() + ": bad initramfs: " + e.getMessage());
            return new Outcome(2, false);
        }
        PosixLibOS os = new PosixLibOS(root, o.trace() ? o.err() : null);
        // Interactive: the keys reach the board's console UART through a view of the one host
        // reader, closed with this boot so that the next boot's UART gets what follows.
        boolean onConsole = o.command() == null;
        MachineSpec spec = MachineSpec.of(o.memory());
        HostInput.View keys = onConsole ? input.stream() : null;
        if (onConsole) spec = new MachineSpec(spec.ramBytes(), spec.harts(), spec.slicesPerHart(), spec.sliceNanos(), null, keys, o.out());
        try (keys; Exokernel exo = Exokernel.boot(spec)) {
            Kernel k = exo.createLibOS("posix", os, o.memory() / 4096);
            os.attach(k);
            exo.giveAllSlices(k);
            input.waiters.wakeAll();   // readers of the system before a reboot are gone
            current.set(k);
            List<String> argv = o.command() == null ? List.of(INIT) : List.of(INIT, "-c", o.command());
            ProcessCalls.Program init;
            try {
                init = os.table.process().loadProgram(null, "/", INIT, argv, 0);
            } catch (SyscallException e) {
                o.err().println("feuerbird: image " + o.image() + ": cannot start " + INIT + ": " + Errno.message(e.errno));
                return new Outcome(2, false);
            }
            FdTable fds = new FdTable();
            // The console. Interactive, init's fds 0..2 are one description of the console terminal (not yet
            // anyone's controlling terminal: init gives it to the shell's session with
            // TIOCSCTTY), and the cli puts the host terminal in raw mode.
            // With a command the host streams stay, as for exec, so that pipes work.
            if (onConsole) {
                org.feuerbird.libos.tty.Tty console = Console.attach(exo, k, os);
                if (o.terminal()) {
                    int[] size = org.feuerbird.libos.fs.HostTerminal.size();
                    console.setWindowSize(size[0], size[1]);
                }
                fds.install(Console.open(console), false);
                fds.dupTo(0, 1, false);
                fds.dupTo(0, 2, false);
            } else {
                os.stdin = input;
                int[] host = o.hostStdio() ? new int[] {0, 1, 2} : new int[] {-1, -1, -1};
                fds.install(new HostStream("/dev/console", null, os.stdin, o.terminal(), 0).onHostFd(host[0]), false);
                fds.install(new HostStream("/dev/console", o.out(), null, o.terminal(), 1).onHostFd(host[1]), false);
                fds.install(new HostStream("/dev/console", o.err(), null, o.terminal(), 1).onHostFd(host[2]), false);
            }
            List<String> envp = new ArrayList<>(List.of("HOME=/", "TERM=" + term(), "PATH=/sbin:/usr/sbin:/bin:/usr/bin"));
            if (o.command() == null) {
                // CR LF as the console's ONLCR ends lines: the host terminal is raw meanwhile.
                o.out().printf("FeuerBird: exokernel on a %d MiB RV64GC board (1 hart), POSIX LibOS (Linux riscv64 ABI), root %s (%d files)\r\n",
                    o.memory() >> 20, o.image().getFileName(), unpacked.files() + unpacked.links() + unpacked.hardLinks());
                o.out().flush();
            }
            Process p = os.table.process().create(null, init.elf(), init.argv(), envp, init.exe(), "/", fds);
            os.init = p;
            os.scheduler.makeRunnable(p.tasks.getFirst());
            exo.runHart(0, os::finished);
            if (os.failure != null) {
                o.err().println("feuerbird: the POSIX LibOS failed: " + os.failure);
                return new Outcome(125, false);
            }
            PosixLibOS.Shutdown why = os.shutdownReason();
            if (why != null) {
                return switch (why) {
                    case POWER_OFF -> {
                        o.err().println("feuerbird: power off");
                        yield new Outcome(0, false);
                    }
                    case HALT -> {
                        o.err().println("feuerbird: halted");
                        yield new Outcome(0, false);
                    }
                    case RESTART -> new Outcome(0, true);
                };
            }
            if (p.waitStatus == null) {
                o.err().println("feuerbird: the run ended without init ending");
                return new Outcome(125, false);
            }
            int status = p.waitStatus;
            if ((status & 0x7f) != 0) {
                int sig = status & 0x7f;
                o.err().println("feuerbird: init killed: " + Exec.signalName(sig));
                return new Outcome(128 + sig, false);
            }
            int code = (status >> 8) & 0xff;
            // -c adds nothing of its own: the command's status is the answer.
            if (o.command() == null) o.err().println("feuerbird: init exited with status " + code);
            return new Outcome(code, false);
        } catch (KernelException | SyscallException e) {
            o.err().println("feuerbird: cannot boot: " + e.getMessage());
            return new Outcome(125, false);
        }
    }

    private static String term() {
        String t = System.getenv("TERM");
        return t == null || t.isEmpty() || t.equals("dumb") ? "vt100" : t;
    }

    /**
     * Parses a memory size: bytes, or a number with K, M, G (powers of 1024; an optional
     * trailing B or iB). Returns -1 and says why on {@code err} when it is not a size the board takes.
     */
    public static long parseMemory(String s, PrintStream err) {
        String t = s.trim().toUpperCase(java.util.Locale.ROOT);
        if (t.endsWith("IB")) t = t.substring(0, t.length() - 2);
        else if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) t = t.substring(0, t.length() - 1);
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                default -> { }
            }
        }
        if (unit != 1) t = t.substring(0, t.length() - 1);
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            err.println("feuerbird run: --memory " + s + ": not a size (e.g. 256M, 1G)");
            return -1;
        }
        if (n <= 0 || n > MAX_MEMORY / unit) {
            err.println("feuerbird run: --memory " + s + ": must be between 16M and 64G");
            return -1;
        }
        long bytes = n * unit;
        if (bytes < MIN_MEMORY || bytes > MAX_MEMORY) {
            err.println("feuerbird run: --memory " + s + ": must be between 16M and 64G");
            return -1;
        }
        if ((bytes & 4095) != 0) {
            err.println("feuerbird run: --memory " + s + ": must be a multiple of 4K");
            return -1;
        }
        return bytes;
    }
}
