package org.feuerbird.bench.posix;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line a benchmark program prints: {@code metric=NAME unit=UNIT value=X iterations=N}.
 * Unit "ns" is time per operation (lower is better); a unit ending in "/s" is a throughput
 * (higher is better).
 */
public record Figure(String metric, String unit, double value, long iterations) {
    /** The whole line, anchored: anything else on stdout is not a figure. */
    public static final Pattern LINE =
        Pattern.compile("^metric=([a-z0-9_]+) unit=(\\S+) value=([0-9]+(?:\\.[0-9]+)?) iterations=([0-9]+)$");

    /** The figures in a program's standard output, in order; lines that are not figures are skipped. */
    public static List<Figure> parse(String stdout) {
        List<Figure> figures = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                figures.add(new Figure(m.group(1), m.group(2), Double.parseDouble(m.group(3)), Long.parseLong(m.group(4))));
            }
        }
        return figures;
    }

    /** Whether a larger value means faster. */
    public boolean higherIsBetter() {
        return higherIsBetter(unit);
    }

    public static boolean higherIsBetter(String unit) {
        return unit.endsWith("/s");
    }
}
