package org.feuerbird.libos;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.feuerbird.kernel.api.Exokernel;
import org.feuerbird.kernel.api.Kernel;
import org.feuerbird.kernel.api.KernelException;
import org.feuerbird.kernel.api.MachineSpec;
import org.feuerbird.libos.fs.FdTable;
import org.feuerbird.libos.fs.HostFs;
import org.feuerbird.libos.fs.HostInput;
import org.feuerbird.libos.fs.HostStream;
import org.feuerbird.libos.posix.SyscallException;
import org.feuerbird.libos.proc.ElfImage;
import org.feuerbird.libos.proc.Process;

/**
 * {@code feuerbird exec}: boots the board and the kernel, starts the POSIX LibOS, and runs one
 * RISC-V Linux program the way {@code qemu-riscv64-static} does, with the host's stdio,
 * environment and working directory, under a host directory as its root.
 */
public final class Exec {
    /** RAM of the board that exec boots. */
    public static final long MEMORY = 512L << 20;

    /**
     * What to run and with what; {@code memory} is the board's RAM in bytes; {@code hostStdio}
     * says the streams are the JVM's own descriptors 0, 1 and 2. {@code console}: {@code in}
     * and {@code out} are the board's console UART instead, and the program runs with its
     * stdio on the console terminal, as a session leader with that controlling terminal
     * ({@code err} then only carries feuerbird's own messages).
     */
    public record Options(Path root, boolean trace, List<String> argv, Map<String, String> env, Path hostCwd,
                          InputStream in, PrintStream out, PrintStream err, boolean terminal, long memory, boolean hostStdio,
                          boolean console) {
        public Options(Path root, boolean trace, List<String> argv, Map<String, String> env, Path hostCwd,
                       InputStream in, PrintStream out, PrintStream err, boolean terminal, long memory, boolean hostStdio) {
            this(root, trace, argv, env, hostCwd, in, out, err, terminal, memory, hostStdio, false);
        }

        /** Streams that are not the JVM's own stdio (tests, embedding). */
        public Options(Path root, boolean trace, List<String> argv, Map<String, String> env, Path hostCwd,
                       InputStream in, PrintStream out, PrintStream err, boolean terminal, long memory) {
            this(root, trace, argv, env, hostCwd, in, out, err, terminal, memory, false, false);
        }
    }

    private Exec() {}

    /** Runs the program; returns the exit status a shell would report (128+N for signal N). */
    public static int run(Options o) {
        HostFs fs;
        try {
            fs = new HostFs(o.root());
        } catch (IOException e) {
            o.err().println("feuerbird: root " + o.root() + ": " + e.getMessage());
            return 125;
        }
        String program = o.argv().get(0);
        String cwd = guestCwd(fs, o.hostCwd());
        byte[] image;
        String exe;
        try {
            HostFs.Resolved r = fs.resolve(cwd, program, true);
            if (!Files.exists(r.host())) {
                o.err().println("feuerbird: " + program + ": No such file or directory");
                return 127;
            }
            if (Files.isDirectory(r.host())) {
                o.err().println("feuerbird: " + program + ": Is a directory");
                return 126;
            }
            image = Files.readAllBytes(r.host());
            exe = r.guest();
        } catch (SyscallException e) {
            o.err().println("feuerbird: " + program + ": " + org.feuerbird.libos.posix.Errno.message(e.errno));
            return e.errno == org.feuerbird.libos.posix.Errno.ENOENT ? 127 : 126;
        } catch (IOException e) {
            o.err().println("feuerbird: " + program + ": " + e.getMessage());
            return 126;
        }
        ElfImage elf;
        try {
            elf = ElfImage.parse(image, org.feuerbird.libos.proc.Loader.PIE_BASE);
        } catch (ElfImage.NotExecutable e) {
            o.err().println("feuerbird: " + program + ": cannot execute: " + e.getMessage());
            return 126;
        }
        PosixLibOS os = new PosixLibOS(fs, o.trace() ? o.err() : null);
        MachineSpec spec = MachineSpec.of(o.memory());
        if (o.console()) spec = new MachineSpec(spec.ramBytes(), spec.harts(), spec.slicesPerHart(), spec.sliceNanos(), null, o.in(), o.out());
        try (Exokernel exo = Exokernel.boot(spec)) {
            Kernel k = exo.createLibOS("posix", os, o.memory() / 4096);
            os.attach(k);
            exo.giveAllSlices(k);
            FdTable fds = new FdTable();
            org.feuerbird.libos.tty.Tty console = null;
            if (o.console()) {
                // One description on the console terminal, shared by fds 0 to 2 as init's are on Linux.
                console = Console.attach(exo, k, os);
                fds.install(Console.open(console), false);
                fds.dupTo(0, 1, false);
                fds.dupTo(0, 2, false);
            } else {
                os.stdin = new HostInput(o.in(), k::kick);
                // With the host's own stdio (the command line), stat shows what each really is.
                int[] host = o.hostStdio() ? new int[] {0, 1, 2} : new int[] {-1, -1, -1};
                fds.install(new HostStream("/dev/stdin", null, os.stdin, o.terminal(), 0).onHostFd(host[0]), false);
                fds.install(new HostStream("/dev/stdout", o.out(), null, o.terminal(), 1).onHostFd(host[1]), false);
                fds.install(new HostStream("/dev/stderr", o.err(), null, o.terminal(), 1).onHostFd(host[2]), false);
            }
            List<String> envp = new ArrayList<>();
            o.env().forEach((key, v) -> envp.add(key + "=" + v));
            Process init = os.table.process().create(null, elf, o.argv(), envp, exe, cwd, fds);
            os.init = init;
            if (console != null) Console.control(console, init);   // init is its own session's leader
            os.scheduler.makeRunnable(init.tasks.getFirst());
            exo.runHart(0, os::finished);
            if (os.failure != null) {
                o.err().println("feuerbird: the POSIX LibOS failed: " + os.failure);
                return 125;
            }
            int status = init.waitStatus;
            if ((status & 0x7f) != 0) {
                int sig = status & 0x7f;
                o.err().println(signalName(sig));
                return 128 + sig;
            }
            return (status >> 8) & 0xff;
        } catch (KernelException | SyscallException e) {
            o.err().println("feuerbird: cannot start " + program + ": " + e.getMessage());
            return 125;
        }
    }

    /** The guest's working directory: the host's, if it lies inside the root, else "/". */
    static String guestCwd(HostFs fs, Path hostCwd) {
        try {
            Path real = hostCwd.toRealPath();
            if (!real.startsWith(fs.root())) return "/";
            String rel = fs.root().relativize(real).toString();
            return rel.isEmpty() ? "/" : "/" + rel;
        } catch (IOException e) {
            return "/";
        }
    }

    /** What a shell prints for a process killed by a signal. */
    public static String signalName(int sig) {
        return switch (sig) {
            case 1 -> "Hangup";
            case 2 -> "Interrupt";
            case 3 -> "Quit";
            case 4 -> "Illegal instruction";
            case 5 -> "Trace/breakpoint trap";
            case 6 -> "Aborted";
            case 7 -> "Bus error";
            case 8 -> "Floating point exception";
            case 9 -> "Killed";
            case 11 -> "Segmentation fault";
            case 13 -> "Broken pipe";
            case 14 -> "Alarm clock";
            case 15 -> "Terminated";
            default -> "Killed by signal " + sig;
        };
    }
}
