package io.metastream.research.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Grouped bar chart of hits@1 (one group per method, one bar per rank) with +- s.e. error bars and
 * a dashed chance line, drawn with Java2D so reports need no plotting library or display.
 */
public final class HitsChart {
    /** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x555555),
    };
    private static final Color GRID = new Color(0xDDDDDD);
    private static final Color CHANCE = new Color(0xB00020);

    private HitsChart() {
    }

    /** The chart as PNG bytes. */
    public static byte[] png(List<AggregatedRow> byMethodRank, ChartSpec spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(render(byMethodRank, spec), "png", out);
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
        BufferedImage image = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, spec.width(), spec.height());
            new Layout(byMethodRank, spec, g).draw();
        } finally {
            g.dispose();
        }
        return image;
    }

    /** One drawing: the geometry derived from the data and the image size. */
    private static final class Layout {
        private final List<AggregatedRow> rows;
        private final ChartSpec spec;
        private final Graphics2D g;
        private final List<String> methods = new ArrayList<>();
        private final List<Integer> ranks;
        private final int fontSize;
        private final double left;
        private final double top;
        private final double plotW;
        private final double plotH;
        private final double yMax;
        private final double yStep;

        Layout(List<AggregatedRow> rows, ChartSpec spec, Graphics2D g) {
            this.rows = rows;
            this.spec = spec;
            this.g = g;
            rows.stream().map(AggregatedRow::method).distinct().forEach(methods::add);
            ranks = new ArrayList<>(new TreeSet<>(rows.stream().map(AggregatedRow::rank).toList()));
            fontSize = Math.max(11, Math.min(spec.width() / 60, spec.height() / 36));
            left = fontSize * 5.5;
            top = fontSize * 3.2;
            plotW = spec.width() - left - fontSize * 1.5;
            plotH = spec.height() - top - fontSize * 4.5;
            double highest = spec.chance() * 100;
            for (AggregatedRow r : rows) {
                highest = Math.max(highest, 100 * (r.hits1().mean() + r.hits1().se()));
            }
            yStep = niceStep(highest * 1.1);
            yMax = Math.max(yStep, Math.ceil(highest * 1.1 / yStep) * yStep);
        }

        void draw() {
            drawGridAndAxes();
            drawBars();
            drawChanceLine();
            drawLegend();
            drawTitleAndLabels();
        }

        private double y(double percent) {
            return top + plotH * (1 - percent / yMax);
        }

        private void drawGridAndAxes() {
            g.setFont(font(Font.PLAIN, 1.0));
            FontMetrics fm = g.getFontMetrics();
            for (double v = 0; v <= yMax + 1e-9; v += yStep) {
                double yy = y(v);
                g.setColor(GRID);
                g.draw(new Line2D.Double(left, yy, left + plotW, yy));
                g.setColor(Color.DARK_GRAY);
                String label = label(v);
                g.drawString(label, (float) (left - fontSize * 0.5 - fm.stringWidth(label)), (float) (yy + fm.getAscent() / 2.5));
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.2f));
            g.draw(new Line2D.Double(left, top, left, top + plotH));
            g.draw(new Line2D.Double(left, top + plotH, left + plotW, top + plotH));
        }

        private void drawBars() {
            double groupW = plotW / methods.size();
            int maxBars = 1;
            for (String m : methods) {
                maxBars = Math.max(maxBars, barsOf(m).size());
            }
            double barW = groupW * 0.8 / maxBars;
            g.setFont(font(Font.PLAIN, 1.0));
            FontMetrics fm = g.getFontMetrics();
            for (int gi = 0; gi < methods.size(); gi++) {
                List<AggregatedRow> bars = barsOf(methods.get(gi));
                double center = left + groupW * (gi + 0.5);
                double x0 = center - barW * bars.size() / 2;
                for (int b = 0; b < bars.size(); b++) {
                    drawBar(bars.get(b), x0 + b * barW, barW);
                }
                g.setColor(Color.BLACK);
                String name = methods.get(gi);
                g.drawString(name, (float) (center - fm.stringWidth(name) / 2.0), (float) (top + plotH + fontSize * 1.5));
            }
        }

        private void drawBar(AggregatedRow r, double x, double w) {
            double mean = 100 * r.hits1().mean();
            double se = 100 * r.hits1().se();
            double inset = w * 0.06;
            g.setColor(colorOf(r.rank()));
            g.fill(new Rectangle2D.Double(x + inset, y(mean), w - 2 * inset, y(0) - y(mean)));
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.4f));
            double cx = x + w / 2;
            double cap = Math.min(w * 0.18, fontSize * 0.6);
            double hi = y(Math.min(yMax, mean + se));
            double lo = y(Math.max(0, mean - se));
            g.draw(new Line2D.Double(cx, hi, cx, lo));
            g.draw(new Line2D.Double(cx - cap, hi, cx + cap, hi));
            g.draw(new Line2D.Double(cx - cap, lo, cx + cap, lo));
            g.setFont(font(Font.PLAIN, 0.8));
            FontMetrics fm = g.getFontMetrics();
            String value = String.format(Locale.ROOT, "%.1f", mean);
            if (fm.stringWidth(value) < w) {
                g.drawString(value, (float) (cx - fm.stringWidth(value) / 2.0), (float) (hi - fontSize * 0.3));
            }
        }

        private void drawChanceLine() {
            double yy = y(100 * spec.chance());
            g.setColor(CHANCE);
            g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
            g.draw(new Line2D.Double(left, yy, left + plotW, yy));
            g.setFont(font(Font.ITALIC, 0.85));
            String label = "chance " + label(100 * spec.chance()) + "%";
            FontMetrics fm = g.getFontMetrics();
            double lx = left + plotW - fm.stringWidth(label) - fontSize * 0.3;
            double ly = yy - fontSize * 0.3;
            // a light backdrop keeps the label legible where it crosses a bar
            g.setColor(new Color(255, 255, 255, 200));
            g.fill(new Rectangle2D.Double(lx - 2, ly - fm.getAscent(), fm.stringWidth(label) + 4, fm.getAscent() + 2));
            g.setColor(CHANCE);
            g.drawString(label, (float) lx, (float) ly);
            g.setStroke(new BasicStroke(1f));
        }

        private void drawLegend() {
            g.setFont(font(Font.PLAIN, 0.9));
            FontMetrics fm = g.getFontMetrics();
            String heading = "LoRA rank";
            int textW = fm.stringWidth(heading);
            for (int rank : ranks) {
                textW = Math.max(textW, fm.stringWidth(rankName(rank)) + fontSize * 2);
            }
            double lineH = fm.getHeight();
            double boxW = textW + fontSize * 1.2;
            double boxH = lineH * (ranks.size() + 1) + fontSize * 0.6;
            double bx = left + plotW - boxW - fontSize * 0.5;
            double by = top + fontSize * 0.5;
            g.setColor(new Color(255, 255, 255, 230));
            g.fill(new Rectangle2D.Double(bx, by, boxW, boxH));
            g.setColor(Color.GRAY);
            g.draw(new Rectangle2D.Double(bx, by, boxW, boxH));
            g.setColor(Color.BLACK);
            double tx = bx + fontSize * 0.6;
            double ty = by + fontSize * 0.3 + fm.getAscent();
            g.drawString(heading, (float) tx, (float) ty);
            for (int i = 0; i < ranks.size(); i++) {
                double ly = ty + lineH * (i + 1);
                g.setColor(colorOf(ranks.get(i)));
                g.fill(new Rectangle2D.Double(tx, ly - fm.getAscent() * 0.85, fontSize * 1.2, fm.getAscent() * 0.85));
                g.setColor(Color.BLACK);
                g.drawString(rankName(ranks.get(i)), (float) (tx + fontSize * 1.8), (float) ly);
            }
        }

        private void drawTitleAndLabels() {
            g.setColor(Color.BLACK);
            g.setFont(font(Font.BOLD, 1.35));
            FontMetrics fm = g.getFontMetrics();
            g.drawString(spec.title(), (float) ((spec.width() - fm.stringWidth(spec.title())) / 2.0), (float) (fontSize * 2.0));
            g.setFont(font(Font.PLAIN, 1.05));
            fm = g.getFontMetrics();
            String x = "method";
            g.drawString(x, (float) (left + (plotW - fm.stringWidth(x)) / 2), (float) (spec.height() - fontSize * 1.0));
            String yLabel = "hits@1 (%), mean ± s.e.";
            AffineTransform saved = g.getTransform();
            g.translate(fontSize * 1.6, top + (plotH + fm.stringWidth(yLabel)) / 2);
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, 0f, 0f);
            g.setTransform(saved);
        }

        private List<AggregatedRow> barsOf(String method) {
            return rows.stream().filter(r -> r.method().equals(method)).toList();
        }

        private Color colorOf(int rank) {
            return PALETTE[ranks.indexOf(rank) % PALETTE.length];
        }

        private Font font(int style, double scale) {
            return new Font(Font.SANS_SERIF, style, (int) Math.round(fontSize * scale));
        }
    }

    private static String rankName(int rank) {
        return rank == 0 ? "no adapter" : "rank " + rank;
    }

    /** A 1-2-2.5-5 step giving at most about 8 gridlines up to {@code top} percent. */
    static double niceStep(double top) {
        double[] steps = {1, 2, 2.5, 5, 10, 20, 25, 50};
        for (double s : steps) {
            if (top / s <= 8) {
                return s;
            }
        }
        return 100;
    }

    private static String label(double v) {
        return v == Math.rint(v) ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }
}
