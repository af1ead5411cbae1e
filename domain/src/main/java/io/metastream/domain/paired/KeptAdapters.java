package io.metastream.domain.paired;

import io.metastream.domain.Checks;

/**
 * The per-persona few-shot adapters an evaluation trained, kept beside it in the artifact store (one PEFT
 * directory per task of the frozen set, sealed by a manifest) so a later base can be scored with them as they are.
 *
 * @param sha256   digest of the sealed adapters directory (its manifest)
 * @param seed     the protocol seed the adapters were trained with: their outcomes are that seed's
 * @param personas how many per-persona adapters it holds
 */
public record KeptAdapters(String sha256, long seed, int personas) {
    public KeptAdapters {
        Checks.sha256(sha256, "sha256");
        Checks.nonNegative(personas, "personas");
    }
}
