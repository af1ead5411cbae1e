package io.metastream.ingest;

import io.metastream.domain.Split;

/**
 * Assigns each persona to train or held-out from a salted hash of its id alone: the same persona gets the
 * same split on every record, partition, restart and machine, so a held-out persona can never leak into
 * training. Changing the salt or the fraction reshuffles personas — treat both as part of the data version.
 */
public final class PersonaSplitter {
    private final double heldOutFraction;
    private final String salt;

    /**
     * @param heldOutFraction share of personas held out, in [0, 1]
     * @param salt            mixes the hash so different deployments can draw different held-out sets
     */
    public PersonaSplitter(double heldOutFraction, String salt) {
        if (!(heldOutFraction >= 0 && heldOutFraction <= 1)) {
            throw new IllegalArgumentException("heldOutFraction must be in [0, 1], got " + heldOutFraction);
        }
        if (salt == null || salt.isEmpty()) {
            throw new IllegalArgumentException("salt is required (any fixed string, e.g. \"metastream-split-v1\")");
        }
        this.heldOutFraction = heldOutFraction;
        this.salt = salt;
    }

    public Split splitOf(String personaId) {
        if (personaId == null || personaId.isBlank()) {
            throw new IllegalArgumentException("personaId is required");
        }
        return StableHash.unit(salt, personaId) < heldOutFraction ? Split.HELD_OUT : Split.TRAIN;
    }

    public double heldOutFraction() {
        return heldOutFraction;
    }
}
