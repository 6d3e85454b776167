package org.weft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart, as SVG, of Weft's speed over each peer's (Weft ÷ runtime, higher is better for Weft),
 * with a line at 1 where they are even: the picture of a summary table's ratio column, written beside
 * {@code summary.md} as {@code ratios.svg}. Immutable.
 *
 * @param title what was measured
 * @param bars  one per ratio, in table order
 */
public record RatioChart(String title, List<Bar> bars) {
    private static final int LABEL_WIDTH = 360, PLOT_WIDTH = 420, BAR_HEIGHT = 18, GAP = 6, TOP = 40, BOTTOM = 30;

    /** One ratio: what it compares and its value. */
    public record Bar(String label, double ratio) {
    }

    public RatioChart {
        bars = List.copyOf(bars);
    }

    /** The chart of a micro table's ratios; no bars if no peer ran. */
    public static RatioChart of(RatioTable table) {
        List<Bar> bars = new ArrayList<>();
        for (RatioTable.Row r : table.rows())
            if (!Double.isNaN(r.weftRatio()))
                bars.add(new Bar(r.workload() + ": Weft ÷ " + r.runtime() + ", " + r.threads() + " threads", r.weftRatio()));
        return new RatioChart("Weft ÷ runtime, tasks per second (weft bench micro)", bars);
    }

    /** The chart of a linear algebra table's ratios; no bars if no peer ran. */
    public static RatioChart of(LinalgTable table) {
        List<Bar> bars = new ArrayList<>();
        for (LinalgTable.Row r : table.rows())
            if (!Double.isNaN(r.weftRatio()))
                bars.add(new Bar(r.bench() + " n=" + r.n() + ": Weft ÷ " + r.label(), r.weftRatio()));
        return new RatioChart("Weft ÷ runtime, GFLOP/s (weft bench linalg)", bars);
    }

    /** Writes the chart to {@code ratios.svg} in {@code folder} and returns its path, or returns null (and writes nothing) if it has no bars. */
    public java.nio.file.Path writeTo(java.nio.file.Path folder) throws java.io.IOException {
        if (bars.isEmpty()) return null;
        return java.nio.file.Files.writeString(folder.resolve("ratios.svg"), svg());
    }

    /** The SVG document. */
    public String svg() {
        double max = 1;
        for (Bar b : bars) if (Double.isFinite(b.ratio)) max = Math.max(max, b.ratio);
        max *= 1.1;
        int height = TOP + bars.size() * (BAR_HEIGHT + GAP) + BOTTOM, width = LABEL_WIDTH + PLOT_WIDTH + 60;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n", width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", escape(title)));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = TOP + i * (BAR_HEIGHT + GAP);
            double w = Double.isFinite(b.ratio) ? PLOT_WIDTH * b.ratio / max : 0;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL_WIDTH - 8, y + 13, escape(b.label)));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    LABEL_WIDTH, y, w, BAR_HEIGHT, b.ratio >= 1 ? "#4c9a5f" : "#d9822b"));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", LABEL_WIDTH + w + 4, y + 13, RatioTable.ratio(b.ratio)));
        }
        double even = LABEL_WIDTH + PLOT_WIDTH / max;
        int bottom = TOP + bars.size() * (BAR_HEIGHT + GAP);
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>%n", even, TOP - 6, even, bottom));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">1 = even; longer bars: Weft faster</text>%n", even, bottom + 16));
        return s.append("</svg>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
