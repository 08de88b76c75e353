package org.feuerbird.libos;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trace} prints strace's lines: user/tests/trace_calls runs with tracing on, its
 * stdin held back until its read of stdin has shown as unfinished, and the trace is
 * compared line by line (addresses that vary are taken from the lines that report them).
 */
class TraceTest {
    @TempDir Path root;

    /** stdin that gives "typed\n" only once the trace shows the read waiting for it. */
    static final class HeldInput extends InputStream {
        final CountDownLatch release = new CountDownLatch(1);
        private final byte[] data = "typed\n".getBytes(StandardCharsets.US_ASCII);
        private int at;

        @Override
        public int read() throws IOException {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return at < data.length ? data[at++] : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            int c = read();
            if (c < 0) return -1;
            b[off] = (byte) c;
            int n = 1;
            while (n < len && at < data.length) b[off + n++] = data[at++];
            return n;
        }
    }

    /** Captures stderr and releases stdin when the blocked read's line appears. */
    static final class Watch extends OutputStream {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private final HeldInput in;

        Watch(HeldInput in) { this.in = in; }

        @Override
        public synchronized void write(int b) {
            all.write(b);
            if (b == '\n' && all.toString(StandardCharsets.UTF_8).contains("read(0,  <unfinished ...>")) in.release.countDown();
        }
    }

    @Test
    void traceShowsCallsErrorsABlockedReadASignalAndTheExit() throws Exception {
        Path program = Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "tests", "trace_calls");
        assertTrue(Files.isExecutable(program), program + " is missing: build with 'make -C user'");
        Files.copy(program, root.resolve("trace_calls"));
        Path data = Files.writeString(root.resolve("data.txt"), "hello\n");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r--r--"));
        HeldInput in = new HeldInput();
        Watch err = new Watch(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Exec.run(new Exec.Options(root, true, List.of("/trace_calls"), PosixDifferentialTest.env(), root, in,
            new PrintStream(out, true), new PrintStream(err, true), false, Exec.MEMORY));
        String trace = err.all.toString(StandardCharsets.UTF_8);
        assertEquals(3, exit, trace);
        assertEquals("typed\n", out.toString(StandardCharsets.UTF_8));
        List<String> lines = trace.lines().toList();
        assertTrue(lines.getFirst().matches("brk\\(NULL\\) {31}= 0x[0-9a-f]+"), lines.getFirst());
        int from = lines.indexOf("openat(AT_FDCWD, \"data.txt\", O_RDONLY|O_CLOEXEC) = 3");
        assertTrue(from > 0, trace);
        Matcher mmap = Pattern.compile("mmap\\(NULL, 8192, PROT_READ\\|PROT_WRITE, MAP_PRIVATE\\|MAP_ANONYMOUS, -1, 0\\) = (0x[0-9a-f]+)")
            .matcher(lines.get(from + 5));
        assertTrue(mmap.matches(), lines.get(from + 5));
        Matcher handler = Pattern.compile("rt_sigaction\\(SIGALRM, \\{sa_handler=(0x[0-9a-f]+), sa_mask=\\[\\], sa_flags=0\\}, NULL, 8\\) = 0")
            .matcher(lines.get(from + 10));
        assertTrue(handler.matches(), lines.get(from + 10));
        assertEquals(List.of(
            "openat(AT_FDCWD, \"data.txt\", O_RDONLY|O_CLOEXEC) = 3",
            "fstat(3, {st_mode=S_IFREG|0644, st_size=6, ...}) = 0",
            "read(3, \"hello\\n\", 64)                  = 6",
            "close(3)                                = 0",
            "openat(AT_FDCWD, \"missing\", O_RDONLY)   = -1 ENOENT (No such file or directory)",
            mmap.group(0),
            "munmap(" + mmap.group(1) + ", 8192)              = 0",
            "read(0,  <unfinished ...>",
            "<... read resumed>\"typed\\n\", 64)        = 6",
            "write(1, \"typed\\n\", 6)                  = 6",
            handler.group(0),
            "getpid()                                = 1",
            "kill(1, SIGALRM)                        = 0",
            "--- SIGALRM {si_signo=SIGALRM, si_code=SI_USER, si_pid=1, si_uid=0} ---",
            "rt_sigreturn({mask=[]})                 = 0",
            "syscall_999(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)",
            "exit_group(3)                           = ?",
            "+++ exited with 3 +++"), lines.subList(from, lines.size()));
    }

    @Test
    void aWriteShowsItsDataShortenedAndAFaultKillsWithTheSignalShown() throws Exception {
        Path program = Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "tests", "hello");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Exec.run(new Exec.Options(Path.of("/"), true, List.of(program.toString(), "a", "b"),
            PosixDifferentialTest.env(), Path.of("").toAbsolutePath(), InputStream.nullInputStream(),
            new PrintStream(out, true), new PrintStream(err, true), false, Exec.MEMORY));
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(42, exit);
        assertTrue(lines.contains("write(1, \"argc=3\\nargv[1]=a\\nargv[2]=b\\npi=3.\"..., 80) = 80"), String.join("\n", lines));
        assertEquals(List.of("exit_group(42)                          = ?", "+++ exited with 42 +++"),
            lines.subList(lines.size() - 2, lines.size()));

        Path segv = Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "tests", "sig_segv");
        err.reset();
        Exec.run(new Exec.Options(Path.of("/"), true, List.of(segv.toString()), PosixDifferentialTest.env(),
            Path.of("").toAbsolutePath(), InputStream.nullInputStream(), new PrintStream(out, true),
            new PrintStream(err, true), false, Exec.MEMORY));
        String trace = err.toString(StandardCharsets.UTF_8);
        assertTrue(Pattern.compile("--- SIGSEGV \\{si_signo=SIGSEGV, si_code=SEGV_(MAPERR|ACCERR), si_addr=(NULL|0x[0-9a-f]+)\\} ---")
            .matcher(trace).find(), trace);
    }
}
