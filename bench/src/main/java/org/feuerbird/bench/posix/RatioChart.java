package org.feuerbird.bench.posix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * {@code --plot FILE.png}: FeuerBird/qemu and FeuerBird/native per metric as grouped bars, on a
 * logarithmic axis because the ratios run from about 1 to several hundred. A bar above 1 means
 * FeuerBird takes longer.
 */
public final class RatioChart {
    private RatioChart() {}

    public static void write(Path file, Results results, String title) throws IOException {
        List<String> names = new ArrayList<>();
        List<Double> qemu = new ArrayList<>(), nat = new ArrayList<>();
        for (Results.Metric m : results.metrics()) {
            double q = m.slowdown(Platform.QEMU), n = m.slowdown(Platform.NATIVE);
            if (Double.isNaN(q) || Double.isNaN(n)) continue;   // a platform failed: nothing to draw
            names.add(m.name());
            qemu.add(q);
            nat.add(n);
        }
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(600).title(title)
            .xAxisTitle("metric").yAxisTitle("times longer than the other (log)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        // XChart's bars start at the axis minimum; with none set it takes 0, which a log axis
        // refuses. A power of ten below the smallest ratio, so that no bar is left out (FeuerBird
        // is 20 times faster than qemu at some things).
        double smallest = 0.5;
        for (List<Double> series : List.of(qemu, nat)) for (double r : series) smallest = Math.min(smallest, r);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.addSeries("FeuerBird / qemu-user", names, qemu);
        chart.addSeries("FeuerBird / native", names, nat);
        String name = file.toString();
        String base = name.toLowerCase().endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        // XChart appends the extension itself.
        BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
    }
}
