package org.feuerbird.bench.posix;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every value measured, by metric (in the order first seen) and platform, one per run. */
public final class Results {
    /** The "program" of the kernel's JMH rows: they run on FeuerBird's kernel only, with no Linux counterpart. */
    public static final String KERNEL = "kernel (JMH)";

    /** One metric's unit, the program that printed it, and its values per platform. */
    public record Metric(String name, String program, String unit, long iterations, Map<Platform, List<Double>> values) {
        /** A kernel benchmark: qemu-user and native have nothing to compare, rather than a failed run. */
        public boolean feuerbirdOnly() { return program.equals(KERNEL); }

        /** Median and spread on a platform, or null if it gave no value there. */
        public Spread spread(Platform p) {
            List<Double> v = values.get(p);
            return v == null || v.isEmpty() ? null : Spread.of(v);
        }

        /**
         * How many times longer FeuerBird takes than {@code other} (medians; above 1: slower),
         * whatever the unit; NaN if either is missing.
         */
        public double slowdown(Platform other) {
            Spread f = spread(Platform.FEUERBIRD), o = spread(other);
            if (f == null || o == null) return Double.NaN;
            return Figure.higherIsBetter(unit) ? o.median() / f.median() : f.median() / o.median();
        }
    }

    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    public void add(String program, Platform platform, Figure f) {
        Metric m = metrics.computeIfAbsent(f.metric(),
            k -> new Metric(k, program, f.unit(), f.iterations(), new EnumMap<>(Platform.class)));
        m.values().computeIfAbsent(platform, k -> new ArrayList<>()).add(f.value());
    }

    public List<Metric> metrics() {
        return List.copyOf(metrics.values());
    }
}
