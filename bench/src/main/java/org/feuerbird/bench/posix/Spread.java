package org.feuerbird.bench.posix;

import java.util.Arrays;
import java.util.List;

/** Median, minimum and maximum of a metric's values over the runs on one platform. */
public record Spread(double median, double min, double max, int runs) {
    public static Spread of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Spread(median, v[0], v[n - 1], n);
    }
}
