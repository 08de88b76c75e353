package org.feuerbird.libos;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Programs of user/tty on the board's console terminal: the test types on the UART's input
 * (as a person at the console would, the host terminal being raw) and reads what the guest's
 * line discipline and the program send back. qemu-user has no terminal of ours, so the
 * expected transcripts here are what Linux's n_tty gives.
 */
class TerminalProgramsTest {
    static final long WAIT_SECONDS = 60;

    /** The console's output as it comes, for waiting on prompts. */
    static final class Screen extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() { return bytes.toString(StandardCharsets.ISO_8859_1); }

        /** Waits (generously) until the output ends with {@code prompt}. */
        synchronized void await(String prompt) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!text().endsWith(prompt)) {
                long left = end - System.nanoTime();
                if (left <= 0) fail("no prompt " + show(prompt) + "; the console shows:\n" + show(text()));
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** One program on the console: type into it, wait for its prompts, get its exit. */
    static final class Console implements AutoCloseable {
        final Screen screen = new Screen();
        final PipedOutputStream keyboard = new PipedOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit;

        Console(String name) throws IOException {
            Path program = Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "tty", name);
            assertTrue(Files.isExecutable(program), program + " is missing: build with 'make -C user'");
            PipedInputStream in = new PipedInputStream(keyboard, 4096);
            PrintStream out = new PrintStream(screen, true);
            PrintStream errs = new PrintStream(err, true);
            exit = CompletableFuture.supplyAsync(() -> Exec.run(new Exec.Options(Path.of("/"), false, List.of(program.toString()),
                PosixDifferentialTest.env(), Path.of("").toAbsolutePath(), in, out, errs, true, Exec.MEMORY, false, true)),
                r -> Thread.ofPlatform().daemon().start(r));
        }

        Console type(String keys) throws IOException {
            keyboard.write(keys.getBytes(StandardCharsets.ISO_8859_1));
            keyboard.flush();
            return this;
        }

        void await(String prompt) throws InterruptedException { screen.await(prompt); }

        int exit() throws Exception {
            try {
                return exit.get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return fail("the program did not end; the console shows:\n" + show(screen.text()));
            }
        }

        @Override
        public void close() throws IOException { keyboard.close(); }
    }

    static String show(String s) {
        return s.replace("\r", "\\r").replace("\b", "\\b").replace("\u001b", "\\e");
    }

    @Test
    void canonicalInputWithEditingEofAndEcho() throws Exception {
        try (Console c = new Console("tty_canon")) {
            c.await("edit> ");
            c.type("hwlo\u007f\u007f\u007fello wrold\u0017world\r");
            c.await("eof> ");
            c.type("half\u0004");
            c.await("partial: 4 [half]\r\n");
            c.type("\u0004");
            c.await("password> ");
            c.type("secret\r");
            assertEquals(0, c.exit(), c.err.toString());
            assertEquals("""
                isatty 1 1 1, ttyname /dev/console
                lflag 105073 iflag 2400 oflag 5 VERASE 127 VMIN 1
                sid 1 pgrp 1 tcgetpgrp 1
                winsize 24 x 80
                edit> hwlo\b \b\b \b\b \bello wrold\b \b\b \b\b \b\b \b\b \bworld
                edited: 12 [hello world|]
                eof> halfpartial: 4 [half]
                at start: 0 []
                password> quiet: 7 [secret|]
                via /dev/tty
                /dev/tty opened, /dev/console opened
                FIONREAD 0, unknown ioctl: Inappropriate ioctl for device
                bye
                """.replace("\n", "\r\n"), c.screen.text(), () -> show(c.screen.text()));
        }
    }

    @Test
    void rawModeVminVtimePollAndWindowSize() throws Exception {
        try (Console c = new Console("tty_raw")) {
            c.await("raw> ");
            c.type("a\r\u0003\u007fq");
            c.await("poll> ");
            c.type("x");   // one byte: two could come in two interrupts, and the read take only the first
            c.await("min3> ");
            c.type("1");
            c.type("23");
            c.await("cooked again> ");
            c.type("ok\r");
            assertEquals(0, c.exit(), c.err.toString());
            assertEquals("raw> 61 0d 03 7f 71 \r\n"
                + "poll now: 0\r\n"
                + "poll> poll: 1 revents 1\r\n"
                + "read 1\r\n"
                + "VTIME read with nothing typed: 0\r\n"
                + "min3> VMIN 3 read 3 [123]\r\n"
                + "winsize now 50 x 132, SIGWINCH 1\r\n"
                + "cooked again> ok\r\n"
                + "line 3\r\n", c.screen.text(), () -> show(c.screen.text()));
        }
    }

    @Test
    void jobControlSignalsStopsAndBackgroundAccess() throws Exception {
        try (Console c = new Console("tty_jobs")) {
            c.await("type ^C> ");
            c.type("\u0003");
            c.await("type ^Z> ");
            c.type("\u001a");
            c.await("type a line> ");
            c.type("hello\r");
            assertEquals(0, c.exit(), c.err.toString());
            assertEquals("""
                shell: pgrp 2, foreground 2, session 1
                sleeper in the foreground: yes
                type ^C> ^C
                foreground job killed by INT
                background job killed by TERM
                type ^Z> ^Z
                reader stopped by TSTP
                reader continued; type a line> hello
                reader got hello
                reader exited 0
                background reader stopped by TTIN
                background read, SIGTTIN ignored: -1 Input/output error
                background writer under TOSTOP stopped by TTOU
                writer wrote
                writer exited 0
                tcsetpgrp to no group: No such process
                after setsid: /dev/tty No such device or address, TIOCSCTTY on the console Operation not permitted
                TIOCGSID 1
                shell exited 0
                """.replace("\n", "\r\n"), c.screen.text(), () -> show(c.screen.text()));
        }
    }

    @Test
    void hangUpsOfOrphanedStoppedJobsAndOfTheForegroundJob() throws Exception {
        try (Console c = new Console("tty_hangup")) {
            assertEquals(0, c.exit(), c.err.toString());
            assertEquals("""
                shell: job 1 stopped by STOP; shell exits
                job 1 got SIGHUP
                job 1 continued, parent now 1
                first process reaped its job 1: exited 7
                TIOCNOTTY: ok
                job 2 got SIGHUP
                job 2 exited 5
                tcgetpgrp after: -1 Inappropriate ioctl for device
                /dev/tty after: No such device or address
                new session: TIOCSCTTY ok, foreground its own, /dev/tty opened
                TIOCSCTTY by the first process after: ok
                """.replace("\n", "\r\n"), c.screen.text(), () -> show(c.screen.text()));
        }
    }
}
