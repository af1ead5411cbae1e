package io.metastream.learning.schedule;

import java.util.SplittableRandom;

/**
 * Which task a training step uses when tasks interleave round-robin: every epoch visits each of
 * {@code tasks} tasks exactly once, in an order that is either 0..tasks-1 or a seeded shuffle
 * drawn afresh for each epoch. Random access: the order of any epoch is a pure function of
 * (seed, epoch), so a trainer resumed from a checkpoint at step s continues the same sequence.
 *
 * @param tasks   number of tasks, at least 1
 * @param shuffle whether each epoch's order is a seeded permutation
 * @param seed    the seed of the permutations (ignored when not shuffling)
 */
public record RoundRobinSchedule(int tasks, boolean shuffle, long seed) {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    public RoundRobinSchedule {
        if (tasks < 1) {
            throw new IllegalArgumentException("a round-robin schedule needs at least 1 task, got " + tasks);
        }
    }

    /** A shuffled schedule: the usual choice for training. */
    public static RoundRobinSchedule shuffled(int tasks, long seed) {
        return new RoundRobinSchedule(tasks, true, seed);
    }

    /** The fixed order 0, 1, ..., tasks-1, repeated. */
    public static RoundRobinSchedule inOrder(int tasks) {
        return new RoundRobinSchedule(tasks, false, 0L);
    }

    /** The epoch that step {@code step} (0-based) belongs to. */
    public long epochOf(long step) {
        requireNonNegative(step, "step");
        return step / tasks;
    }

    /** The task index used by step {@code step} (0-based). */
    public int taskAt(long step) {
        return epochOrder(epochOf(step))[(int) (step % tasks)];
    }

    /** The order in which epoch {@code epoch} visits the tasks: a permutation of 0..tasks-1. */
    public int[] epochOrder(long epoch) {
        requireNonNegative(epoch, "epoch");
        int[] order = new int[tasks];
        for (int i = 0; i < tasks; i++) {
            order[i] = i;
        }
        if (shuffle) {
            // one generator per (seed, epoch); SplittableRandom mixes its seed, so nearby seeds are fine
            SplittableRandom random = new SplittableRandom(seed * GOLDEN + epoch);
            for (int i = tasks - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }
}
