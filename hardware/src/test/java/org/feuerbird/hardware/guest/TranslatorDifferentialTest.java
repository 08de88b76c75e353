package org.feuerbird.hardware.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The translator against the interpreter: every program of {@code user/hwtest} and the quick
 * benchmarks run once with translation off and once with it forced on at a threshold of one
 * taken jump (so nearly every block is entered through translated code); standard output,
 * exit status, failure and the number of retired instructions must be identical, and the
 * translated run must have spent instructions in translated code.
 */
class TranslatorDifferentialTest {

    @TestFactory
    Stream<DynamicTest> translatedRunsEqualInterpretedRuns() throws IOException {
        Path hwtest = DifferentialTest.buildDir("hwtest");
        Path bench = DifferentialTest.buildDir("bench");
        assertTrue(Files.isDirectory(hwtest), hwtest + " is missing: build the guest programs with 'make -C user'");
        List<Path> programs;
        try (Stream<Path> s = Files.list(hwtest)) {
            programs = s.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).sorted().toList();
        }
        Stream<Path> benches = Stream.of("crc32", "sieve", "qsort", "imatmul", "dmatmul", "addloop", "loadloop")
            .map(n -> bench.resolve(n + "-quick"));
        return Stream.concat(programs.stream(), benches)
            .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> compare(p)));
    }

    private static void compare(Path program) throws Exception {
        GuestRunner.Result interpreted = GuestRunner.run(program, DifferentialTest.BUDGET, 0);
        GuestRunner.Result translated = GuestRunner.run(program, DifferentialTest.BUDGET, 1);
        assertNull(interpreted.failure(), interpreted.failure());
        assertEquals(0, interpreted.translated());
        assertEquals(interpreted.failure(), translated.failure());
        assertEquals(interpreted.exitCode(), translated.exitCode());
        String first = DifferentialTest.firstDifference(interpreted.out(), translated.out());
        assertEquals("", first, "interpreted vs translated (shown as qemu | board): " + first);
        assertEquals(new String(interpreted.stderr()), new String(translated.stderr()));
        assertEquals(interpreted.instructions(), translated.instructions(), "retired instructions");
        assertTrue(translated.translated() > 0, "nothing ran translated");
        assertEquals(0, org.feuerbird.hardware.cpu.Hart.translationFailures(), "failed translations");
    }
}
