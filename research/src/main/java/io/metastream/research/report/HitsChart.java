package io.metastream.research.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Grouped bar chart of hits@1 (one group per method, one bar per rank) with +- s.e. error bars and
 * a dashed chance line, drawn by JFreeChart off screen (no display needed).
 */
public final class HitsChart {
    /** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x555555),
    };
    static final Color CHANCE = new Color(0xB00020);
    private static final Color GRID = new Color(0xDDDDDD);

    private HitsChart() {
    }

    /** The chart as PNG bytes. */
    public static byte[] png(List<AggregatedRow> byMethodRank, ChartSpec spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeBufferedImageAsPNG(out, render(byMethodRank, spec));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the chart as PNG", e);
        }
        return out.toByteArray();
    }

    /** Draws the per-(method, rank) aggregates of an {@link ExperimentReport}. */
    public static BufferedImage render(List<AggregatedRow> byMethodRank, ChartSpec spec) {
        if (byMethodRank.isEmpty()) {
            throw new IllegalArgumentException("nothing to chart: no aggregated rows");
        }
        List<Integer> ranks = List.copyOf(new TreeSet<>(byMethodRank.stream().map(AggregatedRow::rank).toList()));
        // series = ranks (ascending, one colour each), categories = methods in report order
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (int rank : ranks) {
            for (AggregatedRow r : byMethodRank) {
                if (r.rank() == rank) {
                    data.add(100 * r.hits1().mean(), 100 * r.hits1().se(), rankName(rank), r.method());
                }
            }
        }
        double highest = 100 * spec.chance();
        for (AggregatedRow r : byMethodRank) {
            highest = Math.max(highest, 100 * (r.hits1().mean() + r.hits1().se()));
        }
        int fontSize = Math.max(11, Math.min(spec.width() / 60, spec.height() / 36));

        StatisticalBarRenderer bars = new StatisticalBarRenderer();
        bars.setBarPainter(new StandardBarPainter()); // flat fills, no gradient or shadow
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setItemMargin(0.06);
        bars.setErrorIndicatorPaint(Color.BLACK);
        bars.setErrorIndicatorStroke(new BasicStroke(1.4f));
        for (int i = 0; i < ranks.size(); i++) {
            bars.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT))));
        bars.setDefaultItemLabelFont(font(Font.PLAIN, fontSize * 0.8));
        bars.setDefaultItemLabelsVisible(true);
        // inside the foot of the bar, clear of the error bar around its top
        bars.setDefaultItemLabelPaint(Color.WHITE);
        bars.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.INSIDE6, TextAnchor.BOTTOM_CENTER));
        bars.setItemLabelAnchorOffset(fontSize * 0.4);

        CategoryAxis x = new CategoryAxis("method");
        x.setLabelFont(font(Font.PLAIN, fontSize * 1.05));
        x.setTickLabelFont(font(Font.PLAIN, fontSize));
        NumberAxis y = new NumberAxis("hits@1 (%), mean ± s.e.");
        y.setLabelFont(font(Font.PLAIN, fontSize * 1.05));
        y.setTickLabelFont(font(Font.PLAIN, fontSize));
        y.setRange(0, Math.min(100, Math.max(1, highest * 1.15)));

        CategoryPlot plot = new CategoryPlot(data, x, y, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.addRangeMarker(chanceMarker(spec.chance(), fontSize));

        JFreeChart chart = new JFreeChart(spec.title(), font(Font.BOLD, fontSize * 1.35), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setItemFont(font(Font.PLAIN, fontSize * 0.9));
        return chart.createBufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_INT_RGB, null);
    }

    private static ValueMarker chanceMarker(double chance, int fontSize) {
        ValueMarker m = new ValueMarker(100 * chance);
        m.setPaint(CHANCE);
        m.setAlpha(1f); // markers are translucent by default
        m.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 6f}, 0f));
        m.setLabel("chance " + label(100 * chance) + "%");
        m.setLabelFont(font(Font.ITALIC, fontSize * 0.85));
        m.setLabelPaint(CHANCE);
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 200)); // legible where it crosses a bar
        return m;
    }

    private static Font font(int style, double size) {
        return new Font(Font.SANS_SERIF, style, (int) Math.round(size));
    }

    private static String rankName(int rank) {
        return rank == 0 ? "no adapter" : "rank " + rank;
    }

    private static String label(double v) {
        return v == Math.rint(v) ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }
}
