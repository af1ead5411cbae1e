package io.metastream.domain.data;

import java.util.Objects;

/**
 * How to read a data file.
 *
 * @param onError         fail at the first malformed input, or skip and list it
 * @param candidates      size N of the candidate set built for files without candidates (gold + N-1
 *                        distractors); 0 builds none. Files that carry candidates keep theirs.
 * @param seed            seed of distractor sampling (with the example id, so sets do not depend on order)
 * @param maxContextTurns keep at most this many most recent turns of context (the query is always kept)
 */
public record ReadOptions(OnError onError, int candidates, long seed, int maxContextTurns) {
    public static final int DEFAULT_CANDIDATES = 20;
    public static final long DEFAULT_SEED = 42L;
    /** The same bound {@link io.metastream.domain.ConversationExample} enforces. */
    public static final int DEFAULT_MAX_CONTEXT_TURNS = io.metastream.domain.Checks.MAX_TURNS;

    public ReadOptions {
        Objects.requireNonNull(onError, "onError is required (FAIL or SKIP)");
        if (candidates == 1 || candidates < 0) {
            throw new IllegalArgumentException("candidates must be 0 (none) or at least 2, was " + candidates);
        }
        if (maxContextTurns < 1 || maxContextTurns > io.metastream.domain.Checks.MAX_TURNS) {
            throw new IllegalArgumentException("maxContextTurns must be in [1, "
                    + io.metastream.domain.Checks.MAX_TURNS + "], was " + maxContextTurns);
        }
    }

    /** FAIL on malformed input, 20 candidates, seed 42, up to 256 context turns. */
    public static ReadOptions defaults() {
        return new ReadOptions(OnError.FAIL, DEFAULT_CANDIDATES, DEFAULT_SEED, DEFAULT_MAX_CONTEXT_TURNS);
    }

    public ReadOptions withOnError(OnError value) {
        return new ReadOptions(value, candidates, seed, maxContextTurns);
    }

    public ReadOptions withCandidates(int value) {
        return new ReadOptions(onError, value, seed, maxContextTurns);
    }

    public ReadOptions withSeed(long value) {
        return new ReadOptions(onError, candidates, value, maxContextTurns);
    }

    public ReadOptions withMaxContextTurns(int value) {
        return new ReadOptions(onError, candidates, seed, value);
    }
}
