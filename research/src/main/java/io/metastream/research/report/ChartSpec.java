package io.metastream.research.report;

import java.util.Objects;

/**
 * Size and labels of the hits@1 chart.
 *
 * @param width  image width in pixels, 320..4000
 * @param height image height in pixels, 240..4000
 * @param title  the title drawn above the plot
 * @param chance the chance level of hits@1 as a fraction (1/20 = 0.05 for 20 candidates), drawn dashed
 */
public record ChartSpec(int width, int height, String title, double chance) {
    public ChartSpec {
        Objects.requireNonNull(title, "title");
        if (width < 320 || height < 240 || width > 4000 || height > 4000) {
            throw new IllegalArgumentException("chart size must be within 320x240..4000x4000, got " + width + "x" + height);
        }
        if (!(chance >= 0 && chance < 1)) {
            throw new IllegalArgumentException("chance must be a fraction in [0, 1), got " + chance);
        }
    }

    /** 960 x 540, chance 5% (hits@1 among 20 candidates). */
    public static ChartSpec defaults(String title) {
        return new ChartSpec(960, 540, title, 0.05);
    }
}
