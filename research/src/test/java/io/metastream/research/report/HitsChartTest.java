package io.metastream.research.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HitsChartTest {

    @Test
    void pngDecodesAtTheRequestedSizeWithABarPerMethodAndRankAndTheChanceLine() throws Exception {
        ExperimentReport report = ExperimentReport.of(ExperimentReportTest.fixedRows());

        byte[] png = HitsChart.png(report.byMethodRank(), new ChartSpec(640, 400, "hits@1", 0.05));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(400);
        // lora-ml has ranks 1 and 4, sr only rank 4: rank 1 is the first colour, rank 4 the second
        assertThat(bars(image, HitsChart.PALETTE[0].getRGB())).hasSize(1);
        assertThat(bars(image, HitsChart.PALETTE[1].getRGB())).hasSize(2);
        assertThat(count(image, HitsChart.CHANCE.getRGB())).isGreaterThan(100);
    }

    @Test
    void barHeightsFollowTheMeansInMethodOrder() {
        ExperimentReport report = ExperimentReport.of(List.of(
                new ResultRow("a", 1, 0, "p1", 0.2, 0.3), new ResultRow("b", 1, 0, "p1", 0.6, 0.7),
                new ResultRow("c", 1, 0, "p1", 0.4, 0.5)));

        BufferedImage image = HitsChart.render(report.byMethodRank(), new ChartSpec(600, 400, "t", 0.05));

        List<Bar> bars = bars(image, HitsChart.PALETTE[0].getRGB());
        assertThat(bars).hasSize(3);
        // left to right a (20%), b (60%), c (40%): heights proportional to the means
        assertThat(bars.get(1).height()).isGreaterThan(bars.get(2).height());
        assertThat(bars.get(2).height()).isGreaterThan(bars.get(0).height());
        assertThat((double) bars.get(1).height() / bars.get(0).height()).isBetween(2.7, 3.3);
    }

    @Test
    void rejectsTooSmallImageAndEmptyData() {
        assertThatThrownBy(() -> new ChartSpec(100, 100, "t", 0.05)).hasMessageContaining("chart size");
        assertThatThrownBy(() -> HitsChart.render(List.of(), ChartSpec.defaults("t")))
                .hasMessageContaining("nothing to chart");
    }

    /** A run of adjacent columns holding a colour, with the tallest run of that colour within it. */
    record Bar(int left, int right, int height) {
    }

    /**
     * The bars of one colour, left to right: runs of at least 4 adjacent columns in which the colour
     * fills a vertical run of at least 10 pixels (the legend's swatch is smaller, so it does not count).
     */
    private static List<Bar> bars(BufferedImage image, int argb) {
        int colour = argb & 0xFFFFFF;
        List<Bar> bars = new ArrayList<>();
        int start = -1;
        int height = 0;
        for (int x = 0; x <= image.getWidth(); x++) {
            int run = x < image.getWidth() ? longestRun(image, x, colour) : 0;
            if (run >= 10) {
                start = start < 0 ? x : start;
                height = Math.max(height, run);
            } else if (start >= 0) {
                if (x - start >= 4) {
                    bars.add(new Bar(start, x - 1, height));
                }
                start = -1;
                height = 0;
            }
        }
        return bars;
    }

    private static int longestRun(BufferedImage image, int x, int colour) {
        int best = 0;
        int run = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            run = (image.getRGB(x, y) & 0xFFFFFF) == colour ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    private static int count(BufferedImage image, int argb) {
        int colour = argb & 0xFFFFFF;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == colour ? 1 : 0;
            }
        }
        return n;
    }
}
