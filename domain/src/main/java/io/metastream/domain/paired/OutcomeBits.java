package io.metastream.domain.paired;

import io.metastream.domain.Checks;
import io.metastream.domain.DomainValidationException;
import io.metastream.domain.RejectReason;
import java.util.Base64;
import java.util.List;

/**
 * One (held-out persona, seed)'s per-query hits@1 outcomes, stored compactly with an evaluation so any two
 * versions evaluated on the same frozen set can be compared query by query. Bit {@code i} of
 * {@code correct} is the i-th query example's hit after adaptation; of {@code zeroShot}, before any
 * adaptation step (empty when the protocol did not measure it). Bits are little-endian within bytes, base64
 * encoded: a persona with 40 queries costs about 8 characters per seed, so even thousands of personas stay far
 * below Kafka's 1 MiB message limit.
 *
 * @param task     the task id of the held-out persona
 * @param seed     the protocol seed
 * @param queries  how many query examples (bits)
 * @param correct  base64 bitset, {@code ceil(queries / 8)} bytes
 * @param zeroShot base64 bitset of the same length, or empty
 */
public record OutcomeBits(String task, long seed, int queries, String correct, String zeroShot) {
    /** Far above any real task (the ingest cap is a few hundred examples), far below the message limit. */
    public static final int MAX_QUERIES = 1 << 16;

    public OutcomeBits {
        Checks.text(task, "task");
        if (queries < 1 || queries > MAX_QUERIES) {
            throw new DomainValidationException(RejectReason.INVALID_VALUE, "queries must be in [1, " + MAX_QUERIES
                    + "], was " + queries);
        }
        Checks.present(correct, "correct");
        zeroShot = zeroShot == null ? "" : zeroShot;
        decode(correct, queries, "correct");
        if (!zeroShot.isEmpty()) {
            decode(zeroShot, queries, "zeroShot");
        }
    }

    public static OutcomeBits of(String task, long seed, List<Boolean> correct, List<Boolean> zeroShot) {
        if (!zeroShot.isEmpty() && zeroShot.size() != correct.size()) {
            throw new IllegalArgumentException("task " + task + ": " + correct.size() + " outcomes but "
                    + zeroShot.size() + " zero-shot outcomes");
        }
        return new OutcomeBits(task, seed, correct.size(), encode(correct), zeroShot.isEmpty() ? "" : encode(zeroShot));
    }

    public boolean[] correctBits() {
        return decode(correct, queries, "correct");
    }

    /** Empty when zero-shot outcomes were not measured. */
    public boolean[] zeroShotBits() {
        return zeroShot.isEmpty() ? new boolean[0] : decode(zeroShot, queries, "zeroShot");
    }

    static String encode(List<Boolean> bits) {
        byte[] bytes = new byte[(bits.size() + 7) / 8];
        for (int i = 0; i < bits.size(); i++) {
            if (bits.get(i)) {
                bytes[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static boolean[] decode(String base64, int queries, String field) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new DomainValidationException(RejectReason.INVALID_VALUE, field + " is not base64");
        }
        if (bytes.length != (queries + 7) / 8) {
            throw new DomainValidationException(RejectReason.INCONSISTENT, field + " holds " + bytes.length
                    + " bytes, " + queries + " queries need " + (queries + 7) / 8);
        }
        boolean[] out = new boolean[queries];
        for (int i = 0; i < bytes.length * 8; i++) {
            boolean set = (bytes[i >>> 3] & (1 << (i & 7))) != 0;
            if (i >= queries && set) {
                throw new DomainValidationException(RejectReason.INCONSISTENT, field + " sets a bit past its "
                        + queries + " queries");
            }
            if (i < queries) {
                out[i] = set;
            }
        }
        return out;
    }
}
