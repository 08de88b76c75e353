package org.feuerbird.bench.posix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.feuerbird.bench.kernel.KernelBench;

/**
 * {@code feuerbird bench}: runs the POSIX benchmark programs of user/posixbench on FeuerBird,
 * on qemu-riscv64-static and natively, several times each, and prints one table of medians,
 * spreads, the seed's targets and the ratios.
 *
 * <p>Each program first runs on FeuerBird unmeasured for two seconds (once under --quick), so
 * that the JIT has compiled the interpreter, the translator's regions and the LibOS before any
 * figure counts (a program also warms up inside itself).
 * The runs then alternate between the platforms, so that a change in the machine's load
 * falls on all three alike. Nothing here judges the figures: a program that fails on a
 * platform leaves its cells empty and makes the exit status 1.
 *
 * <p>The whole suite (no PROGRAM named) ends with the kernel's JMH benchmarks ({@link
 * KernelBench}), shorter under {@code --quick}; their rows ("kernel: …") join the same table
 * with FeuerBird's column only. {@code --no-kernel} leaves them out.
 *
 * <pre>usage: PosixBench [--quick] [--runs N] [--json FILE] [--plot FILE.png] [--no-kernel] [PROGRAM...]</pre>
 */
public final class PosixBench {
    /** How long FeuerBird runs each program unmeasured before the measured runs (full size). */
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static final int MAX_WARM_UP_RUNS = 50;

    public static void main(String[] args) throws Exception {
        boolean quick = false, kernel = true;
        int runs = -1;
        Path json = null, plot = null;
        List<Program> chosen = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                case "--plot" -> plot = Path.of(args[++i]);
                case "--no-kernel" -> kernel = false;
                default -> {
                    String name = args[i];
                    Program p = Program.ALL.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                    if (p == null) usage();
                    chosen.add(p);
                }
            }
        }
        if (!chosen.isEmpty()) kernel = false;   // one program asked for: not a minute of JMH besides
        if (chosen.isEmpty()) chosen = Program.ALL;
        if (runs < 0) runs = quick ? 3 : 5;
        if (runs < 1) usage();
        Path build = Path.of(System.getProperty("feuerbird.user.build", "user/build"));
        for (Program p : chosen) {
            for (Path f : List.of(build.resolve("posixbench").resolve(p.name()), build.resolve("posixbench-native").resolve(p.name()))) {
                if (!Files.isExecutable(f)) {
                    System.err.println("missing " + f + ": build it with 'make -C user'");
                    System.exit(1);
                }
            }
        }

        KernelBench.Clock clock = KernelBench.nominalClock();
        Results results = new Results();
        boolean ok = true;
        for (Program p : chosen) {
            long n = p.iterations(quick);
            System.err.printf("feuerbird bench: %s (%,d iterations, %d runs)%n", p.name(), n, runs);
            // Warm-up on FeuerBird: unmeasured runs until HotSpot has had WARM_UP_NANOS with the
            // program (one run in --quick). A single run of a cheap program ended before the
            // compiler was done, and the first measured runs came out several times slower.
            long warmStart = System.nanoTime();
            for (int w = 0; w < (quick ? 1 : MAX_WARM_UP_RUNS); w++) {
                Platform.Output warm = Platform.FEUERBIRD.run(build, p.name(), n);
                if (warm.exit() != 0) {
                    System.err.printf("  warm-up on FeuerBird failed: exit %d%n%s", warm.exit(), warm.stderr());
                    break;
                }
                if (System.nanoTime() - warmStart >= WARM_UP_NANOS) break;
            }
            for (int r = 0; r < runs; r++) {
                for (Platform platform : Platform.values()) {
                    Platform.Output out = platform.run(build, p.name(), n);
                    List<Figure> figures = Figure.parse(out.stdout());
                    if (out.exit() != 0 || figures.isEmpty()) {
                        System.err.printf("  %s on %s failed: exit %d%n%s", p.name(), platform.label, out.exit(), out.stderr());
                        ok = false;
                        continue;
                    }
                    for (Figure f : figures) results.add(p.name(), platform, f);
                }
            }
        }

        if (kernel) {
            KernelBench.Settings s = quick ? KernelBench.Settings.QUICK : KernelBench.Settings.FULL;
            System.err.printf("feuerbird bench: the kernel's JMH benchmarks (%d warm-up and %d measured iterations of %s s each)%n",
                s.warmups(), s.measurements(), Table.number(s.measureSeconds()));
            try {
                for (KernelBench.Measured m : KernelBench.measure(s, List.of(), false)) {
                    for (double v : m.iterations()) results.add(Results.KERNEL, Platform.FEUERBIRD, new Figure(m.title(), "ns", v, m.iterations().size()));
                }
            } catch (org.openjdk.jmh.runner.RunnerException e) {
                System.err.println("  the kernel benchmarks failed: " + e.getMessage());
                ok = false;
            }
        }

        System.out.printf("POSIX benchmarks (user/posixbench), %s, median of %d runs per platform; "
            + "cycles at the nominal clock %s.%n", quick ? "quick" : "full size", runs, clock.describe());
        if (kernel) {
            System.out.println("Rows \"kernel: …\" are the kernel's JMH benchmarks (bench --kernel describes them): the median"
                + " of the measured iterations' ns/op; they have no Linux counterpart.");
        }
        System.out.println("Ratios are how many times longer FeuerBird takes (for MB/s and other rates: the inverse"
            + " ratio of the rates); above 1 means FeuerBird is slower.");
        System.out.println();
        System.out.print(Table.render(results, clock));
        if (json != null) {
            JsonReport.write(json, results, clock, quick, runs);
            System.out.println("\nraw figures: " + json);
        }
        if (plot != null) {
            RatioChart.write(plot, results, "FeuerBird beside qemu-user and native (" + (quick ? "quick" : "full") + ")");
            System.out.println("chart: " + plot);
        }
        System.exit(ok ? 0 : 1);
    }

    private static void usage() {
        List<String> names = Program.ALL.stream().map(Program::name).toList();
        System.err.println("usage: feuerbird bench [--quick] [--runs N] [--json FILE] [--plot FILE.png] [--no-kernel] ["
            + String.join("|", names) + "...]");
        System.err.println("       feuerbird bench --mips [--quick] [--runs N] [NAME...]   (guest MIPS of the interpreter)");
        System.err.println("       feuerbird bench --kernel [JMH options] [REGEX...]        (the kernel's JMH benchmarks)");
        System.exit(2);
    }
}
