package org.feuerbird.hardware.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The benchmark programs of {@code user/bench} (their small {@code -quick} builds) compute the
 * right answer on the board: each checks its result against a checksum derived from a native
 * host build of the same C source, so this evidence owes nothing to qemu.
 */
class BenchmarkProgramsTest {

    @TestFactory
    Stream<DynamicTest> quickBenchmarksPassTheirOwnChecks() {
        Path dir = DifferentialTest.buildDir("bench");
        assertTrue(Files.isDirectory(dir), dir + " is missing: build the guest programs with 'make -C user'");
        return Stream.of("crc32", "sieve", "qsort", "imatmul", "dmatmul").map(name ->
            DynamicTest.dynamicTest(name, () -> {
                GuestRunner.Result r = GuestRunner.run(dir.resolve(name + "-quick"), DifferentialTest.BUDGET);
                assertNull(r.failure(), r.failure());
                assertTrue(r.out().contains("checksum ") && r.out().contains(" ok"), r.out());
                assertEquals(0, r.exitCode(), r.out());
                // The program's own rdinstret count of its kernel is at most what the board retired.
                long guestCount = Long.parseLong(r.out().replaceAll("(?s).*instret (\\d+).*", "$1"));
                assertTrue(guestCount > 0 && guestCount <= r.instructions(), r.out());
            }));
    }
}
