package io.metastream.domain.data;

import java.nio.charset.StandardCharsets;

/**
 * Which (persona, reply) pairs a file holds, as a Bloom filter over the replies' {@link TextKey}s: a
 * persona's distractors must not be replies that persona itself gives anywhere in the file (generic
 * replies such as "that's great!" are spoken by many personas). Bounded memory whatever the file size; a
 * false positive only makes the candidate builder draw another distractor.
 */
final class OwnReplies {
    /** 16 bits per reply (about 0.05% false positives at 11 hashes), at most 32 MiB. */
    private static final long MAX_BITS = 1L << 28;
    private static final int HASHES = 11;

    private final long[] bits;
    private final long size;

    OwnReplies(long expectedReplies) {
        long wanted = Math.max(1024, Math.min(MAX_BITS, expectedReplies * 16));
        this.bits = new long[(int) ((wanted + 63) / 64)];
        this.size = (long) bits.length * 64;
    }

    void add(String personaId, String reply) {
        long h = hash(personaId, reply);
        for (int i = 0; i < HASHES; i++) {
            long bit = index(h, i);
            bits[(int) (bit >>> 6)] |= 1L << bit;
        }
    }

    boolean mightContain(String personaId, String reply) {
        long h = hash(personaId, reply);
        for (int i = 0; i < HASHES; i++) {
            long bit = index(h, i);
            if ((bits[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    private long index(long h, int i) {
        long h2 = mix(h ^ 0x9E3779B97F4A7C15L) | 1;
        return Math.floorMod(h + i * h2, size);
    }

    private static long hash(String personaId, String reply) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (personaId + '\u001f' + TextKey.of(reply)).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /** The SplitMix64 finaliser: spreads FNV's low-entropy high bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
