package org.feuerbird.libos;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every program of user/tests runs under {@code feuerbird exec} (in this JVM) and under
 * {@code qemu-riscv64-static}, with the same arguments, environment, stdin and working
 * directory; standard output and exit status must be identical.
 */
class PosixDifferentialTest {
    static final long MEMORY = 128L << 20;

    static Path testsDir() {
        return Path.of(System.getProperty("feuerbird.user.build", "../user/build"), "tests");
    }

    /** The source directory, for the optional .args and .stdin companions. */
    static Path sourceDir() {
        return Path.of(System.getProperty("feuerbird.user.build", "../user/build")).resolveSibling("tests");
    }

    @TestFactory
    Stream<DynamicTest> programsAgreeWithQemu() throws IOException {
        Path dir = testsDir();
        assertTrue(Files.isDirectory(dir), dir + " is missing: build the guest programs with 'make -C user' (./feuerbird test does)");
        List<Path> programs;
        try (Stream<Path> s = Files.list(dir)) {
            programs = s.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).sorted().toList();
        }
        assertFalse(programs.isEmpty(), "no test programs in " + dir);
        return programs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> compare(p)));
    }

    /** What one run produced. */
    record Outcome(int exit, String stdout, String stderr) {}

    static List<String> args(Path program) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        Path file = sourceDir().resolve(program.getFileName() + ".args");
        if (Files.exists(file)) argv.addAll(Files.readAllLines(file));
        return argv;
    }

    static byte[] stdin(Path program) throws IOException {
        Path file = sourceDir().resolve(program.getFileName() + ".stdin");
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    /** A fixed environment, the same for both runs, so no host variable leaks into outputs. */
    static Map<String, String> env() {
        Map<String, String> e = new TreeMap<>();
        e.put("PATH", "/usr/bin:/bin");
        e.put("HOME", "/root");
        e.put("LANG", "C");
        e.put("FEUERBIRD_TEST", "1");
        return e;
    }

    static Outcome feuerbird(Path program) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = Exec.run(new Exec.Options(Path.of("/"), false, args(program), env(), Path.of("").toAbsolutePath(),
            new ByteArrayInputStream(stdin(program)), new PrintStream(out, true), new PrintStream(err, true), false, MEMORY));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Outcome qemu(Path program) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(QemuBinfmt.prefix());   // so that guest execve works under qemu
        cmd.add("qemu-riscv64-static");
        cmd.addAll(args(program));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env());
        Path in = Files.createTempFile("feuerbird-stdin", "");
        try {
            Files.write(in, stdin(program));
            pb.redirectInput(in.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
            HostProcess.Result r = HostProcess.run(pb, 120, "qemu-riscv64-static " + program);
            return new Outcome(r.exit(), new String(r.stdout(), StandardCharsets.UTF_8), "");
        } finally {
            Files.deleteIfExists(in);
        }
    }

    private static void compare(Path program) throws Exception {
        Outcome ref = qemu(program);
        Outcome ours = feuerbird(program);
        assertEquals(firstDifference(ref.stdout(), ours.stdout()), "", program + ": first differing line; stderr: " + ours.stderr());
        assertEquals(ref.stdout(), ours.stdout(), program + ": stdout differs");
        assertEquals(ref.exit(), ours.exit(), program + ": exit status differs; stderr: " + ours.stderr());
    }

    static String firstDifference(String expected, String actual) {
        String[] a = expected.split("\n", -1), b = actual.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end>", y = i < b.length ? b[i] : "<end>";
            if (!x.equals(y)) return "line " + (i + 1) + ": qemu '" + x + "' | feuerbird '" + y + "'";
        }
        return "";
    }
}
