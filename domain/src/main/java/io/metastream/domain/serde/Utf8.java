package io.metastream.domain.serde;

import io.metastream.domain.DomainValidationException;
import io.metastream.domain.RejectReason;
import io.metastream.domain.Text;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Strict UTF-8 both ways. {@code String.getBytes(UTF_8)} (and Kafka's {@code StringSerializer}) writes a lone
 * surrogate as {@code ?}, so {@code "p\ud800"} and {@code "p?"} become the same key; {@code new String(bytes,
 * UTF_8)} silently replaces malformed bytes. Both are refused here instead.
 */
public final class Utf8 {
    private static final Serde<String> SERDE = new Serde<>() {
        @Override
        public Serializer<String> serializer() {
            return (topic, s) -> {
                if (s == null) {
                    return null;
                }
                try {
                    return encode(s);
                } catch (DomainValidationException e) {
                    throw new SerializationException(e.getMessage(), e);
                }
            };
        }

        @Override
        public Deserializer<String> deserializer() {
            return (topic, b) -> {
                if (b == null) {
                    return null;
                }
                try {
                    return decode(b);
                } catch (DomainValidationException e) {
                    throw new SerializationException(e.getMessage(), e);
                }
            };
        }
    };

    private Utf8() {
    }

    /** The UTF-8 bytes of well-formed text; a lone surrogate is refused as {@code MALFORMED_TEXT}. */
    public static byte[] encode(String s) {
        int lone = Text.loneSurrogate(s);
        if (lone >= 0) {
            throw new DomainValidationException(RejectReason.MALFORMED_TEXT,
                    "text has a lone surrogate at index " + lone + " and has no UTF-8 form");
        }
        return s.getBytes(StandardCharsets.UTF_8); // lossless now: every surrogate is half of a pair
    }

    /** Decodes strict UTF-8; malformed or overlong bytes and encoded surrogates are refused as {@code NOT_UTF8}. */
    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DomainValidationException(RejectReason.NOT_UTF8, "bytes are not valid UTF-8 (" + e + ")");
        }
    }

    /** A Kafka serde for strings (keys, store keys) that refuses what it cannot carry losslessly. */
    public static Serde<String> serde() {
        return SERDE;
    }
}
