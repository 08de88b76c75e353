package org.feuerbird.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.feuerbird.libos.Run;

/**
 * {@code feuerbird run [--image FILE] [--memory SIZE] [-c COMMAND]}: options, the default
 * image, and the host terminal around the boot (raw while the guest owns the console, always
 * restored).
 */
final class Boot {
    static final String USAGE = "usage: feuerbird run [--image FILE] [--memory SIZE] [-c COMMAND]";

    private Boot() { }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path image = null;
        String memory = null, command = null;
        boolean trace = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            if (a.startsWith("--") && eq > 0) value = a.substring(eq + 1);
            switch (name) {
                case "--image", "--memory", "-c" -> {
                    if (value == null) {
                        if (i + 1 == args.length) {
                            err.println("feuerbird run: " + name + " needs " + (name.equals("-c") ? "a command" : name.equals("--image") ? "a file" : "a size"));
                            err.println(USAGE);
                            return 2;
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--image" -> image = Path.of(value);
                        case "--memory" -> memory = value;
                        default -> command = value;
                    }
                }
                case "--trace" -> trace = true;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    out.println("  --image FILE   the root image, a newc cpio archive (default: user/build/rootfs.cpio,");
                    out.println("                 built by: make -C user busybox rootfs)");
                    out.println("  --memory SIZE  the board's RAM, e.g. 256M or 1G (default 256M)");
                    out.println("  -c COMMAND     run one shell command in the booted system; exit with its status");
                    out.println("  --trace        print every system call (as feuerbird exec --trace does)");
                    return 0;
                }
                default -> {
                    err.println("feuerbird run: " + (a.startsWith("-") ? "unknown option " : "unexpected argument ") + a);
                    err.println(USAGE);
                    return 2;
                }
            }
        }
        long bytes = Run.DEFAULT_MEMORY;
        if (memory != null) {
            bytes = Run.parseMemory(memory, err);
            if (bytes < 0) return 2;
        }
        if (image == null) image = defaultImage();
        if (!Files.isRegularFile(image)) {
            err.println("feuerbird run: image " + image + ": " + (Files.exists(image) ? "not a file" : "not found")
                + "; build it with: make -C user busybox rootfs (./feuerbird does this itself)");
            return 2;
        }
        // A Console exists even for redirected stdio since JDK 22; isTerminal says whether it is one.
        boolean console = System.console() != null && System.console().isTerminal();
        var opts = new Run.Options(image, bytes, command, System.in, out, err, console, out == System.out, trace);
        // Interactive on a terminal: the guest's console terminal does echo and line editing, so
        // the host terminal goes raw for the run (and ^C becomes a key for the guest).
        if (command != null || !console) return Run.run(opts);
        RawTerminal raw = RawTerminal.enter(err);
        try {
            // A raw terminal does not return the carriage at a newline: our own messages
            // ("feuerbird: power off") say it themselves. The guest's output goes through its
            // line discipline (ONLCR) and the UART, not this stream.
            PrintStream messages = new PrintStream(new CarriageReturns(err), true, java.nio.charset.StandardCharsets.UTF_8);
            return Run.run(new Run.Options(image, bytes, command, System.in, out, messages, console, out == System.out, trace));
        } finally {
            if (raw != null) raw.restore();
        }
    }

    /** user/build/rootfs.cpio of the checkout: the launcher names it (feuerbird.home), else the working directory's. */
    static Path defaultImage() {
        String home = System.getProperty("feuerbird.home");
        return (home != null ? Path.of(home) : Path.of("")).resolve("user/build/rootfs.cpio");
    }

    /**
     * The host terminal in raw mode (no echo, no signals from ^C, byte by byte), so that every
     * key reaches the guest; the settings before are saved with {@code stty -g} and restored by
     * {@link #restore}, and by a shutdown hook if the JVM ends another way.
     */
    static final class RawTerminal {
        private final String saved;
        private final Thread hook;
        private boolean restored;

        private RawTerminal(String saved) {
            this.saved = saved;
            this.hook = new Thread(this::restoreQuietly, "feuerbird-terminal-restore");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /** Puts the terminal in raw mode, or returns null (with a note) if stty cannot. */
        static RawTerminal enter(PrintStream err) {
            try {
                String saved = stty("-g").strip();
                if (saved.isEmpty()) return null;
                RawTerminal t = new RawTerminal(saved);
                stty("raw", "-echo");
                return t;
            } catch (IOException e) {
                err.println("feuerbird: cannot put the terminal in raw mode (" + e.getMessage() + "); ^C ends FeuerBird");
                return null;
            }
        }

        synchronized void restore() {
            if (restored) return;
            restoreQuietly();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it restores the terminal itself.
            }
        }

        private synchronized void restoreQuietly() {
            if (restored) return;
            restored = true;
            try {
                stty(saved);
            } catch (IOException ignored) {
                // Nothing more can be done for a terminal that is gone.
            }
        }

        /** Runs stty with the controlling terminal as its input (stty works on its stdin). */
        private static String stty(String... args) throws IOException {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "stty";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("stty " + String.join(" ", args) + " failed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            return text;
        }
    }

    /** Writes CR LF for every LF, for messages printed while the host terminal is raw. */
    static final class CarriageReturns extends java.io.FilterOutputStream {
        CarriageReturns(java.io.OutputStream out) { super(out); }

        @Override
        public void write(int b) throws java.io.IOException {
            if (b == '\n') out.write('\r');
            out.write(b);
        }
    }
}
