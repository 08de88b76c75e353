package org.feuerbird.hardware.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential tests: every program of {@code user/hwtest} (built into
 * {@code user/build/hwtest} by {@code make -C user}) runs on the board and under
 * {@code qemu-riscv64-static}; standard output and exit status must be identical.
 *
 * <p>The programs print every operation with its operands and result (integer, mul/div,
 * atomics, float and double in every rounding mode with the flags, compressed code, CSRs),
 * so a difference names the instruction and operands that disagree.
 */
class DifferentialTest {
    static final long BUDGET = 2_000_000_000L;

    static Path buildDir(String sub) {
        String dir = System.getProperty("feuerbird.user.build", "../user/build");
        return Path.of(dir, sub);
    }

    @TestFactory
    Stream<DynamicTest> programsAgreeWithQemu() throws IOException {
        Path dir = buildDir("hwtest");
        assertTrue(Files.isDirectory(dir), dir + " is missing: build the guest programs with 'make -C user' (./feuerbird test does)");
        List<Path> programs;
        try (Stream<Path> s = Files.list(dir)) {
            programs = s.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).sorted().toList();
        }
        assertTrue(programs.size() >= 10, "expected the hwtest programs in " + dir + ", found " + programs);
        return programs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> compare(p)));
    }

    private static void compare(Path program) throws Exception {
        Reference ref = qemu(program);
        GuestRunner.Result board = GuestRunner.run(program, BUDGET);
        assertNull(board.failure(), () -> program + " failed on the board: " + board.failure());
        String expected = new String(ref.stdout, StandardCharsets.UTF_8);
        assertEquals(firstDifference(expected, board.out()), "", program + ": first differing line");
        assertEquals(expected, board.out(), program + ": stdout differs");
        assertEquals(ref.exit, board.exitCode(), program + ": exit status differs");
    }

    record Reference(int exit, byte[] stdout) { }

    static Reference qemu(Path program) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("qemu-riscv64-static", program.toString())
            .redirectErrorStream(false).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "qemu-riscv64-static did not finish " + program);
        return new Reference(p.exitValue(), out.toByteArray());
    }

    /** The first line where two outputs differ, as "expected | actual", or "" if none. */
    static String firstDifference(String expected, String actual) {
        String[] a = expected.split("\n", -1), b = actual.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end>", y = i < b.length ? b[i] : "<end>";
            if (!x.equals(y)) return "line " + (i + 1) + ": qemu '" + x + "' | board '" + y + "'";
        }
        return "";
    }
}
