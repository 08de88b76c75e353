package org.feuerbird.bench.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the kernel's JMH benchmarks and prints each one's time per op, the same in cycles of
 * the host's nominal clock, and the seed's target in cycles. The targets are for reading
 * the figures; nothing here fails because of them.
 *
 * <pre>usage: KernelBench [-f FORKS] [-wi N] [-w SECONDS] [-i N] [-r SECONDS] [REGEX...]</pre>
 * Defaults: 1 fork, 3 warm-up and 5 measured iterations of 1 s each, every benchmark of this
 * package. A REGEX selects benchmarks by name, as JMH's own command line does.
 */
public final class KernelBench {
    /** The seed's targets in cycles, by benchmark (class.method); 0: the seed sets none. */
    private static final Map<String, Long> TARGETS = Map.of(
        "CapabilityCheckBench.check", 100L,
        "IpcRoundTripBench.callReply", 1_000L,
        "ContextSwitchBench.yieldSwitch", 2_000L,
        "FrameMapBench.allocMap", 200L,
        "FrameMapBench.allocMapUnmapFree", 0L,
        "NullSyscallBench.ecall", 500L);
    /** Table order: cheapest mechanism first, as the seed lists them. */
    private static final List<String> ORDER = List.of("CapabilityCheckBench.check", "NullSyscallBench.ecall",
        "IpcRoundTripBench.callReply", "ContextSwitchBench.yieldSwitch", "FrameMapBench.allocMap",
        "FrameMapBench.allocMapUnmapFree");

    public static void main(String[] args) throws RunnerException {
        int forks = 1, warmups = 3, measurements = 5;
        double warmupSeconds = 1, measureSeconds = 1;
        List<String> includes = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-f" -> forks = Integer.parseInt(args[++i]);
                    case "-wi" -> warmups = Integer.parseInt(args[++i]);
                    case "-w" -> warmupSeconds = Double.parseDouble(args[++i]);
                    case "-i" -> measurements = Integer.parseInt(args[++i]);
                    case "-r" -> measureSeconds = Double.parseDouble(args[++i]);
                    case "-h", "--help" -> throw new IllegalArgumentException();
                    default -> {
                        if (args[i].startsWith("-")) throw new IllegalArgumentException();
                        includes.add(args[i]);
                    }
                }
            }
        } catch (RuntimeException e) {   // a bad number, a missing value, an unknown option
            System.err.println("usage: feuerbird bench --kernel [-f FORKS] [-wi N] [-w SECONDS] [-i N] [-r SECONDS] [REGEX...]");
            System.exit(2);
        }

        List<Measured> results = measure(new Settings(forks, warmups, warmupSeconds, measurements, measureSeconds), includes, true);

        Clock clock = nominalClock();
        System.out.println();
        System.out.println("Kernel benchmarks; cycles at the nominal clock: " + clock.describe());
        System.out.printf("%-34s %18s %12s %14s%n", "benchmark", "ns/op", "cycles/op", "target cycles");
        for (Measured r : results) {
            String err = Double.isNaN(r.error()) ? "" : String.format(" ± %.1f", r.error());
            String cycles = clock.ghz > 0 ? String.format("%.0f", r.ns() * clock.ghz) : "?";
            String targetText = r.targetCycles() == 0 ? "-" : "< " + String.format("%,d", r.targetCycles());
            System.out.printf("%-34s %18s %12s %14s%n", r.name(), String.format("%.1f", r.ns()) + err, cycles, targetText);
        }
        System.out.println("(ns/op ± the 99.9% confidence half-width JMH reports"
            + (results.stream().anyMatch(r -> r.name().equals("FrameMapBench.allocMapUnmapFree"))
                ? "; allocMapUnmapFree is the whole cycle, for which the seed sets no target)" : ")"));
    }

    /** How long JMH measures: forks, warm-up and measured iterations and their lengths in seconds. */
    public record Settings(int forks, int warmups, double warmupSeconds, int measurements, double measureSeconds) {
        /** The command's defaults: 1 fork, 3 warm-up and 5 measured iterations of 1 s. */
        public static final Settings FULL = new Settings(1, 3, 1, 5, 1);
        /** For {@code bench --quick}: 2 warm-up and 3 measured iterations of half a second. */
        public static final Settings QUICK = new Settings(1, 2, 0.5, 3, 0.5);
    }

    /**
     * One benchmark's result: "Class.method", JMH's score (mean ns/op) and its 99.9 %
     * confidence half-width, each measured iteration's ns/op, and the seed's target in
     * cycles (0: none).
     */
    public record Measured(String name, double ns, double error, List<Double> iterations, long targetCycles) {
        /** What the benchmark measures, for a table row: "kernel: capability check". */
        public String title() { return "kernel: " + TITLES.getOrDefault(name, name); }
    }

    private static final Map<String, String> TITLES = Map.of(
        "CapabilityCheckBench.check", "capability check",
        "NullSyscallBench.ecall", "null system call",
        "IpcRoundTripBench.callReply", "IPC round trip",
        "ContextSwitchBench.yieldSwitch", "context switch",
        "FrameMapBench.allocMap", "frame alloc+map",
        "FrameMapBench.allocMapUnmapFree", "alloc+map+unmap+free");

    /** The seed's targets by row title ("kernel: capability check"), for the suite's table. */
    public static Map<String, Long> targetsByTitle() {
        Map<String, Long> out = new java.util.HashMap<>();
        TARGETS.forEach((name, cycles) -> out.put("kernel: " + TITLES.getOrDefault(name, name), cycles));
        return out;
    }

    /**
     * Runs the benchmarks of this package ({@code includes}: regexes on their names; empty:
     * all), in table order; {@code verbose}: with JMH's own report on standard output.
     */
    public static List<Measured> measure(Settings s, List<String> includes, boolean verbose) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
            .forks(s.forks())
            .warmupIterations(s.warmups())
            .warmupTime(TimeValue.milliseconds(Math.round(s.warmupSeconds() * 1000)))
            .measurementIterations(s.measurements())
            .measurementTime(TimeValue.milliseconds(Math.round(s.measureSeconds() * 1000)))
            // JMH 1.37 reads fields through sun.misc.Unsafe, which JDK 25 warns about in every fork.
            .jvmArgsAppend("--sun-misc-unsafe-memory-access=allow")
            .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
        // Benchmark names are fully qualified; anchor on this package so nothing else runs.
        String pkg = Pattern.quote(KernelBench.class.getPackageName() + ".");
        if (includes.isEmpty()) options.include("^" + pkg);
        for (String regex : includes) options.include("^" + pkg + ".*(" + regex + ")");
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Measured> out = new ArrayList<>();
        for (RunResult r : results) {
            Result<?> p = r.getPrimaryResult();
            List<Double> its = new ArrayList<>();
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) its.add(i.getPrimaryResult().getScore());
            }
            out.add(new Measured(name(r), p.getScore(), p.getScoreError(), its, TARGETS.getOrDefault(name(r), 0L)));
        }
        out.sort((a, b) -> Integer.compare(rank(a.name()), rank(b.name())));
        return out;
    }

    /** "Class.method" of a result's fully qualified benchmark name. */
    private static String name(RunResult r) {
        String full = r.getParams().getBenchmark();
        int method = full.lastIndexOf('.');
        int cls = full.lastIndexOf('.', method - 1);
        return full.substring(cls + 1);
    }

    private static int rank(String name) {
        int i = ORDER.indexOf(name);
        return i < 0 ? ORDER.size() : i;
    }

    /** The host's nominal clock in GHz (0: unknown) and where it was read. */
    public record Clock(double ghz, String source) {
        public String describe() {
            return ghz > 0 ? String.format("%.2f GHz (%s)", ghz, source) : "unknown (" + source + "), cycles not shown";
        }
    }

    /**
     * The nominal clock: the "@ 2.60GHz" of the model name if the CPU names one (its base
     * frequency), else "cpu MHz" (what the kernel last saw, or a VM's fixed figure).
     */
    public static Clock nominalClock() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return new Clock(0, "no /proc/cpuinfo");
        }
        Pattern model = Pattern.compile("^model name\\s*:.*@\\s*([0-9.]+)\\s*GHz", Pattern.CASE_INSENSITIVE);
        Pattern mhz = Pattern.compile("^cpu MHz\\s*:\\s*([0-9.]+)");
        for (String line : lines) {
            Matcher m = model.matcher(line);
            if (m.find()) return new Clock(Double.parseDouble(m.group(1)), "/proc/cpuinfo model name");
        }
        for (String line : lines) {
            Matcher m = mhz.matcher(line);
            if (m.find()) return new Clock(Double.parseDouble(m.group(1)) / 1000, "/proc/cpuinfo cpu MHz");
        }
        return new Clock(0, "neither model name nor cpu MHz in /proc/cpuinfo");
    }
}
