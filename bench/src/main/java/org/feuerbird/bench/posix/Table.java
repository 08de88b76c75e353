package org.feuerbird.bench.posix;

import java.util.ArrayList;
import java.util.List;
import org.feuerbird.bench.kernel.KernelBench;

/**
 * The table {@code feuerbird bench} prints, as Markdown (readable in a terminal, pasteable into
 * docs/PERFORMANCE.md): per metric the seed's target, FeuerBird's median with its min–max and
 * in cycles at the host's nominal clock, qemu-user's and native's medians, and the ratios.
 */
public final class Table {
    private Table() {}

    public static String render(Results results, KernelBench.Clock clock) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "unit", "seed target (cycles)", "FeuerBird median (min–max)", "FeuerBird cycles",
            "qemu-user median (min–max)", "native median (min–max)", "FeuerBird/qemu", "FeuerBird/native"});
        for (Results.Metric m : results.metrics()) {
            long target = Targets.cycles(m.name());
            Spread fb = m.spread(Platform.FEUERBIRD);
            boolean time = m.unit().equals("ns");
            rows.add(new String[] {
                m.name(),
                m.unit(),
                target > 0 ? String.format("< %,d", target) : "—",
                cell(fb),
                time && fb != null && clock.ghz() > 0 ? String.format("%,.0f", fb.median() * clock.ghz()) : "—",
                m.feuerbirdOnly() ? "—" : cell(m.spread(Platform.QEMU)),
                m.feuerbirdOnly() ? "—" : cell(m.spread(Platform.NATIVE)),
                ratio(m.slowdown(Platform.QEMU)),
                ratio(m.slowdown(Platform.NATIVE))});
        }
        int[] width = new int[rows.getFirst().length];
        for (String[] r : rows)
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < rows.size(); row++) {
            String[] r = rows.get(row);
            sb.append('|');
            for (int i = 0; i < r.length; i++) {
                // Names and units left, numbers right.
                String fmt = i < 2 ? " %-" + width[i] + "s |" : " %" + width[i] + "s |";
                sb.append(String.format(fmt, r[i]));
            }
            sb.append('\n');
            if (row == 0) {
                sb.append('|');
                for (int i = 0; i < r.length; i++) sb.append(i < 2 ? "-".repeat(width[i] + 2) : "-".repeat(width[i] + 1) + ":").append('|');
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String cell(Spread s) {
        if (s == null) return "failed";
        return number(s.median()) + " (" + number(s.min()) + "–" + number(s.max()) + ")";
    }

    /** Three significant digits or whole numbers, so that columns stay narrow. */
    static String number(double v) {
        if (v >= 1000) return String.format("%,.0f", v);
        if (v >= 100) return String.format("%.0f", v);
        if (v >= 10) return String.format("%.1f", v);
        return String.format("%.2f", v);
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "—" : number(r) + "×";
    }
}
