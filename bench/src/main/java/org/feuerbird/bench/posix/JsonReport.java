package org.feuerbird.bench.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.feuerbird.bench.kernel.KernelBench;

/**
 * {@code --json FILE}: every raw value per metric and platform, with the summary the table was
 * made from, so that later runs can be compared by a script. Written by hand: the shape is
 * small and fixed, and the bench module needs no JSON library for it.
 */
public final class JsonReport {
    private JsonReport() {}

    public static void write(Path file, Results results, KernelBench.Clock clock, boolean quick, int runs) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        sb.append("  \"clock_ghz\": ").append(clock.ghz()).append(",\n");
        sb.append("  \"clock_source\": ").append(str(clock.source())).append(",\n");
        sb.append("  \"cpus\": ").append(Runtime.getRuntime().availableProcessors()).append(",\n");
        sb.append("  \"quick\": ").append(quick).append(",\n");
        sb.append("  \"runs\": ").append(runs).append(",\n");
        sb.append("  \"metrics\": [\n");
        List<Results.Metric> metrics = results.metrics();
        for (int i = 0; i < metrics.size(); i++) {
            Results.Metric m = metrics.get(i);
            sb.append("    {\"metric\": ").append(str(m.name()))
              .append(", \"program\": ").append(str(m.program()))
              .append(", \"unit\": ").append(str(m.unit()))
              .append(", \"iterations\": ").append(m.iterations())
              .append(", \"target_cycles\": ").append(Targets.cycles(m.name()))
              .append(",\n     \"values\": {");
            int j = 0;
            for (Map.Entry<Platform, List<Double>> e : m.values().entrySet()) {
                if (j++ > 0) sb.append(", ");
                sb.append(str(e.getKey().label)).append(": ").append(e.getValue());
            }
            sb.append("},\n     \"median\": {");
            j = 0;
            for (Platform p : m.values().keySet()) {
                if (j++ > 0) sb.append(", ");
                sb.append(str(p.label)).append(": ").append(m.spread(p).median());
            }
            sb.append("},\n     \"feuerbird_over_qemu\": ").append(num(m.slowdown(Platform.QEMU)))
              .append(", \"feuerbird_over_native\": ").append(num(m.slowdown(Platform.NATIVE)))
              .append('}').append(i + 1 < metrics.size() ? "," : "").append('\n');
        }
        sb.append("  ]\n}\n");
        Files.writeString(file, sb);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "null" : Double.toString(v);
    }

    private static String str(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
