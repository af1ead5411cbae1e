package io.metastream.domain.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A bounded, seeded reservoir sample of a file's replies (with the unit that spoke each), and the
 * builder of N-way candidate sets: the gold plus distractors drawn from OTHER personas' replies, never
 * a text the example's own persona also says anywhere in the file ({@link OwnReplies}). The
 * random stream of a set is seeded by the options' seed mixed with the example id, so a set does not
 * depend on the order in which examples are read or requested.
 */
final class CandidatePool {
    /** Enough variety for distractors while keeping a huge file's pool to a few tens of MB. */
    static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final long seed;
    private final SplittableRandom reservoirRandom;
    private final List<String> replies = new ArrayList<>();
    private final List<Integer> units = new ArrayList<>();
    private String[] personas;
    private OwnReplies own;
    private long offered;

    CandidatePool(int capacity, long seed) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.seed = seed;
        this.reservoirRandom = new SplittableRandom(seed);
    }

    /** Algorithm R: every reply offered so far has the same chance to be in the pool. */
    void offer(String reply, int unit) {
        offered++;
        if (replies.size() < capacity) {
            replies.add(reply);
            units.add(unit);
            return;
        }
        long j = reservoirRandom.nextLong(offered);
        if (j < capacity) {
            replies.set((int) j, reply);
            units.set((int) j, unit);
        }
    }

    /** {@code own}: every (persona, reply) of the file, so no persona gets its own text as a distractor. */
    void resolve(PersonaClusters clusters, OwnReplies own) {
        this.own = own;
        personas = new String[units.size()];
        for (int i = 0; i < personas.length; i++) {
            personas[i] = clusters.personaOf(units.get(i));
        }
    }

    int size() {
        return replies.size();
    }

    /** How many replies were offered (the file's reply count after pass 1). */
    long offered() {
        return offered;
    }

    /**
     * Up to {@code n} distinct candidates containing the gold at a seeded position; fewer when the pool
     * holds fewer distinct replies of other personas, and an empty list when it holds none.
     */
    List<String> candidatesFor(String exampleId, String gold, String personaId, int n) {
        if (personas == null) {
            throw new IllegalStateException("resolve() the pool before sampling");
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ idBits(exampleId));
        LinkedHashSet<String> picked = new LinkedHashSet<>();
        int size = replies.size();
        for (int attempt = 0; attempt < 30 * n && picked.size() < n - 1 && size > 0; attempt++) {
            tryAdd(random.nextInt(size), gold, personaId, picked);
        }
        // Rejection sampling failed (a tiny pool, or one dominated by this persona): scan from a seeded start.
        int start = size == 0 ? 0 : random.nextInt(size);
        for (int k = 0; k < size && picked.size() < n - 1; k++) {
            tryAdd((start + k) % size, gold, personaId, picked);
        }
        if (picked.isEmpty()) {
            return List.of();
        }
        List<String> set = new ArrayList<>(picked);
        set.add(random.nextInt(set.size() + 1), gold);
        return List.copyOf(set);
    }

    private void tryAdd(int i, String gold, String personaId, LinkedHashSet<String> picked) {
        String r = replies.get(i);
        if (!personas[i].equals(personaId) && !TextKey.of(r).equals(TextKey.of(gold))
                && !own.mightContain(personaId, r)) {
            picked.add(r);
        }
    }

    private static long idBits(String exampleId) {
        long h = 1125899906842597L;
        for (int i = 0; i < exampleId.length(); i++) {
            h = 31 * h + exampleId.charAt(i);
        }
        return h;
    }
}
