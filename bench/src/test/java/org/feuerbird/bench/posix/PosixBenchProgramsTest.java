package org.feuerbird.bench.posix;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every program of {@code feuerbird bench} runs under {@code feuerbird exec} with two iterations
 * and prints only well-formed figures. A check that the instrument works, not a measurement:
 * no value is compared with anything, and the whole suite takes seconds.
 */
class PosixBenchProgramsTest {
    static Path build() {
        return Path.of(System.getProperty("feuerbird.user.build", "../user/build"));
    }

    @TestFactory
    Stream<DynamicTest> programsPrintFigures() {
        assertTrue(Files.isDirectory(build().resolve("posixbench")),
            build().resolve("posixbench") + " is missing: build the guest programs with 'make -C user' (./feuerbird test does)");
        return Program.ALL.stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
            Platform.Output out = Platform.FEUERBIRD.run(build(), p.name(), 2);
            assertEquals(0, out.exit(), p.name() + " failed; stderr: " + out.stderr());
            String[] lines = out.stdout().strip().split("\n");
            assertTrue(lines.length >= 1 && !lines[0].isEmpty(), p.name() + " printed nothing");
            for (String line : lines) {
                assertTrue(Figure.LINE.matcher(line).matches(), p.name() + ": not a figure: '" + line + "'");
            }
            assertTrue(Figure.parse(out.stdout()).stream().allMatch(f -> f.iterations() >= 2), p.name() + ": iterations not passed on");
            if (p.name().equals("file_open")) {
                // Both file systems: the host directory ($TMPDIR or /tmp, hostfs) and /dev/shm (FeuerBird's tmpfs).
                assertEquals(java.util.List.of("file_open", "file_open_tmpfs"),
                    Figure.parse(out.stdout()).stream().map(Figure::metric).toList(), "stderr: " + out.stderr());
            }
        }));
    }
}
