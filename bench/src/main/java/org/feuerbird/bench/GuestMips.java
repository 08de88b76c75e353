package org.feuerbird.bench;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.feuerbird.hardware.guest.GuestRunner;

/**
 * The interpreter's speed in millions of guest instructions per second (retired
 * instructions / wall time) on CPU-bound programs of our own ({@code user/bench}), beside
 * {@code qemu-riscv64-static} running the same binaries.
 *
 * <p>Each program runs once to warm the JIT, then {@code --runs} times; the table gives the
 * median and the spread. The instruction count is the board's own (exact); qemu's MIPS is
 * that count over qemu's wall time, since both execute the same instructions. A program
 * whose checksum is wrong on the board fails the whole benchmark.
 *
 * <p>{@code --interpret} turns the hart's translator off, to measure the interpreter alone.
 *
 * <pre>usage: GuestMips [--quick] [--runs N] [--interpret] [NAME...]</pre>
 */
public final class GuestMips {
    /** The workloads of the board issue's bar, then two micro-loops that isolate dispatch and loads. */
    private static final List<String> ALL = List.of("crc32", "sieve", "qsort", "imatmul", "dmatmul", "addloop", "loadloop");

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        int runs = 5;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                // The interpreter alone: the hart's bytecode translator off (see docs/HARDWARE.md).
                case "--interpret" -> System.setProperty("feuerbird.jit", "false");
                default -> {
                    if (args[i].startsWith("-") || !ALL.contains(args[i])) {
                        System.err.println("usage: feuerbird bench --mips [--quick] [--runs N] [--interpret] [" + String.join("|", ALL) + "...]");
                        System.exit(2);
                    }
                    names.add(args[i]);
                }
            }
        }
        if (names.isEmpty()) names = ALL;
        Path dir = Path.of(System.getProperty("feuerbird.user.build", "user/build"), "bench");
        System.out.printf("%-9s %14s %22s %22s %8s%n", "program", "instructions", "board MIPS (min/med/max)",
            "qemu MIPS (min/med/max)", "board/qemu");
        boolean ok = true;
        for (String name : names) {
            Path program = dir.resolve(quick ? name + "-quick" : name);
            if (!Files.isExecutable(program)) {
                System.err.println("missing " + program + ": build it with 'make -C user'");
                System.exit(1);
            }
            double[] board = new double[runs];
            long instructions = 0;
            for (int r = -1; r < runs; r++) {
                GuestRunner.Result res = GuestRunner.run(program, Long.MAX_VALUE);
                if (res.failure() != null || res.exitCode() != 0 || !res.out().contains(" ok")) {
                    System.err.printf("%s failed on the board: %s exit %d%n%s", name, res.failure(), res.exitCode(), res.out());
                    ok = false;
                    break;
                }
                instructions = res.instructions();
                if (r >= 0) board[r] = res.instructions() * 1e3 / res.nanos();
            }
            double[] qemu = new double[runs];
            for (int r = 0; r < runs; r++) qemu[r] = instructions * 1e3 / qemuNanos(program);
            Arrays.sort(board);
            Arrays.sort(qemu);
            System.out.printf("%-9s %14d %22s %22s %8.2f%n", name, instructions, spread(board), spread(qemu),
                median(board) / median(qemu));
        }
        System.exit(ok ? 0 : 1);
    }

    private static String spread(double[] sorted) {
        return String.format("%.0f / %.0f / %.0f", sorted[0], median(sorted), sorted[sorted.length - 1]);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long qemuNanos(Path program) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("qemu-riscv64-static", program.toString())
            .redirectInput(new File("/dev/null")).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(new ByteArrayOutputStream());
        }
        if (p.waitFor() != 0) throw new IllegalStateException("qemu-riscv64-static failed on " + program);
        return System.nanoTime() - start;
    }
}
