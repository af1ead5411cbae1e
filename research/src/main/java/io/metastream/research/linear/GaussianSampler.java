package io.metastream.research.linear;

import java.util.SplittableRandom;

/**
 * Seeded standard normal draws: {@link SplittableRandom} for uniforms and the Box-Muller
 * transform for normals, so a seed gives the same numbers on every JVM (unlike relying on
 * {@code Random.nextGaussian}'s implementation, which is free to change).
 */
public final class GaussianSampler {
    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    public GaussianSampler(long seed) {
        this(new SplittableRandom(seed));
    }

    private GaussianSampler(SplittableRandom random) {
        this.random = random;
    }

    /** An independent stream; each consumer of randomness gets its own so changes stay local. */
    public GaussianSampler split() {
        return new GaussianSampler(random.split());
    }

    /** The next N(0, 1) draw. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        // 1 - u keeps the log argument in (0, 1]
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        double angle = 2.0 * Math.PI * u2;
        spare = radius * Math.sin(angle);
        hasSpare = true;
        return radius * Math.cos(angle);
    }
}
