package io.metastream.research.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HitsChartTest {

    @Test
    void pngDecodesAtTheRequestedSizeWithDrawnContent() throws Exception {
        ExperimentReport report = ExperimentReport.of(ExperimentReportTest.fixedRows());

        byte[] png = HitsChart.png(report.byMethodRank(), new ChartSpec(640, 400, "hits@1", 0.05));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(400);
        int white = 0xFFFFFF;
        int drawn = 0;
        int firstRankColour = 0;
        int chanceRed = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                drawn += rgb != white ? 1 : 0;
                firstRankColour += rgb == (HitsChart.PALETTE[0].getRGB() & 0xFFFFFF) ? 1 : 0;
                chanceRed += rgb == 0xB00020 ? 1 : 0;
            }
        }
        assertThat(drawn).isGreaterThan(640 * 400 / 20);
        // rank 1's bar (20% +- 10%) is a solid block of the first palette colour
        assertThat(firstRankColour).isGreaterThan(500);
        assertThat(chanceRed).isGreaterThan(100);
    }

    @Test
    void higherMeanDrawsTallerBar() {
        ExperimentReport report = ExperimentReport.of(java.util.List.of(
                new ResultRow("a", 1, 0, "p1", 0.2, 0.3), new ResultRow("b", 1, 0, "p1", 0.6, 0.7)));

        BufferedImage image = HitsChart.render(report.byMethodRank(), new ChartSpec(600, 400, "t", 0.05));

        int colour = HitsChart.PALETTE[0].getRGB() & 0xFFFFFF;
        assertThat(columnHeight(image, image.getWidth() * 3 / 4 - 10, colour))
                .isGreaterThan(2 * columnHeight(image, image.getWidth() / 4 + 10, colour));
    }

    @Test
    void rejectsTooSmallImageAndEmptyData() {
        assertThatThrownBy(() -> new ChartSpec(100, 100, "t", 0.05)).hasMessageContaining("chart size");
        assertThatThrownBy(() -> HitsChart.render(java.util.List.of(), ChartSpec.defaults("t")))
                .hasMessageContaining("nothing to chart");
    }

    private static int columnHeight(BufferedImage image, int x, int colour) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            count += (image.getRGB(x, y) & 0xFFFFFF) == colour ? 1 : 0;
        }
        return count;
    }
}
