package io.metastream.domain.data;

/**
 * Shape of a synthetic persona-conversation data set.
 *
 * @param personas            number of personas
 * @param dialoguesPerPersona dialogues each persona speaks in
 * @param turnsPerDialogue    exchanges (query, reply) per dialogue
 * @param factsPerPersona     topics a persona holds one fact about (at least 2, the persona identity rule)
 * @param seed                everything generated is a function of this seed and the other fields
 */
public record SyntheticConfig(int personas, int dialoguesPerPersona, int turnsPerDialogue, int factsPerPersona,
                              long seed) {
    public SyntheticConfig {
        positive(personas, "personas");
        positive(dialoguesPerPersona, "dialoguesPerPersona");
        positive(turnsPerDialogue, "turnsPerDialogue");
        if (factsPerPersona < 2 || factsPerPersona > FactBank.topics().size()) {
            throw new IllegalArgumentException("factsPerPersona must be in [2, " + FactBank.topics().size()
                    + "] (two shared facts identify a persona), was " + factsPerPersona);
        }
    }

    /** 40 personas × 4 dialogues × 6 exchanges, 4 facts each, seed 7. */
    public static SyntheticConfig defaults() {
        return new SyntheticConfig(40, 4, 6, 4, 7L);
    }

    public SyntheticConfig withPersonas(int value) {
        return new SyntheticConfig(value, dialoguesPerPersona, turnsPerDialogue, factsPerPersona, seed);
    }

    public SyntheticConfig withSeed(long value) {
        return new SyntheticConfig(personas, dialoguesPerPersona, turnsPerDialogue, factsPerPersona, value);
    }

    private static void positive(int v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + v);
        }
    }
}
