package io.metastream.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Salted SHA-256 of an id, for decisions that must be the same on every machine, JVM and restart
 * (String.hashCode is stable too, but too weak to give a fair fraction over similar ids).
 */
final class StableHash {
    private static final double TWO_POW_63 = 0x1p63;

    private StableHash() {
    }

    /** A 63-bit non-negative value; uniform over ids. */
    static long of(String salt, String id) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f);
            sha.update(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong() >>> 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** A value in [0, 1), uniform over ids. */
    static double unit(String salt, String id) {
        return of(salt, id) / TWO_POW_63;
    }
}
