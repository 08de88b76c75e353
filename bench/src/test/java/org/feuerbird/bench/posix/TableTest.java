package org.feuerbird.bench.posix;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.feuerbird.bench.kernel.KernelBench;
import org.junit.jupiter.api.Test;

/** The suite's one table: POSIX rows compare three platforms, kernel rows stand alone with their targets. */
class TableTest {
    private static String[] row(String table, String metric) {
        return Arrays.stream(table.split("\n")).filter(l -> l.startsWith("| " + metric + " "))
            .findFirst().orElseThrow(() -> new AssertionError("no row " + metric + " in\n" + table))
            .split("\\|");
    }

    @Test
    void kernelRowsHaveTheirTargetAndNoComparison() {
        Results r = new Results();
        for (double v : new double[] {16.0, 15.0, 17.0}) {
            r.add(Results.KERNEL, Platform.FEUERBIRD, new Figure("kernel: capability check", "ns", v, 3));
        }
        r.add("null_syscall", Platform.FEUERBIRD, new Figure("null_syscall", "ns", 150, 10));
        r.add("null_syscall", Platform.NATIVE, new Figure("null_syscall", "ns", 75, 10));
        String table = Table.render(r, new KernelBench.Clock(2.0, "test"));
        String[] k = row(table, "kernel: capability check");
        assertEquals("< 100", k[3].strip(), "the kernel benchmark's target");
        assertEquals("16.0 (15.0–17.0)", k[4].strip(), "median (min–max) of the iterations");
        assertEquals("32", k[5].strip(), "cycles at 2 GHz");
        assertEquals("—", k[6].strip(), "no qemu counterpart, not a failure");
        assertEquals("—", k[7].strip());
        String[] n = row(table, "null_syscall");
        assertEquals("failed", n[6].strip(), "a POSIX program without a qemu figure failed there");
        assertEquals("2.00×", n[9].strip());
    }
}
