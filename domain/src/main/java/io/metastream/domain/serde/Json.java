package io.metastream.domain.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.metastream.domain.DomainValidationException;
import io.metastream.domain.RejectReason;
import io.metastream.domain.Text;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one JSON mapper for every record on every topic and file, and for the control API's bodies. Strict on
 * purpose, since a lenient parser turns a producer's bug into silently wrong data:
 * <ul>
 *   <li>trailing tokens after the value, duplicate keys, and unknown fields are errors (unknown fields: every
 *       topic name carries a schema version, so a new field comes with a new topic version rather than being
 *       dropped unseen by an old reader; a misspelt optional field is refused instead of lost);
 *   <li>no scalar coercion: a boolean or number is not a text, {@code 3.9} or {@code "3"} is not an integer, a
 *       number is not an enum;
 *   <li>bytes must be strict UTF-8 without a byte-order mark: Jackson alone would accept UTF-16 and UTF-32
 *       and skip a BOM, so {@link #read(byte[], Class)} decodes first.
 * </ul>
 * Read bytes with {@link #read(byte[], Class)} / {@link #readTree(byte[])}: their failures carry a bounded
 * {@link RejectReason}.
 */
public final class Json {
    private static final ObjectMapper MAPPER = build();
    private static final ObjectMapper STREAMING = MAPPER.copy().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper build() {
        JsonMapper m = JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(instants())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        // A JSON boolean or number never becomes a text (Jackson's default would turn `true` into "true").
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Boolean,
                CoercionInputShape.Integer, CoercionInputShape.Float}) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return m;
    }

    /**
     * Strict UTF-8 bytes (no BOM) holding exactly one JSON value of {@code type}.
     *
     * @throws DomainValidationException with the reason: {@code NOT_UTF8}, {@code DUPLICATE_KEY},
     *                                    {@code TRAILING_DATA}, {@code WRONG_TYPE}, {@code UNKNOWN_FIELD}, a
     *                                    validation reason of the record, or {@code UNDESERIALIZABLE}
     */
    public static <T> T read(byte[] bytes, Class<T> type) {
        String text = text(bytes);
        try {
            return MAPPER.readValue(text, type);
        } catch (IOException | RuntimeException e) {
            throw classify(e, text);
        }
    }

    /**
     * A parser for readers that walk one large document value by value (a dataset file): the same strict
     * settings, except that reading one value inside it must not demand the end of the input. The caller
     * checks for trailing data at the end.
     */
    public static JsonParser streamingParser(java.io.Reader in) throws IOException {
        return STREAMING.createParser(in);
    }

    /** Like {@link #read} for a tree (e.g. a request body). */
    public static JsonNode readTree(byte[] bytes) {
        String text = text(bytes);
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new DomainValidationException(RejectReason.UNDESERIALIZABLE, "no JSON value");
            }
            return node;
        } catch (IOException | RuntimeException e) {
            throw classify(e, text);
        }
    }

    private static String text(byte[] bytes) {
        if (bytes == null) {
            throw new DomainValidationException(RejectReason.MISSING_FIELD, "no bytes to read");
        }
        String text = Utf8.decode(bytes);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw new DomainValidationException(RejectReason.NOT_UTF8, "starts with a byte-order mark");
        }
        // JSON text never holds a raw NUL (in strings it must be escaped): these are UTF-16 or UTF-32 bytes.
        if (text.indexOf('\u0000') >= 0) {
            throw new DomainValidationException(RejectReason.NOT_UTF8, "has NUL bytes (UTF-16 or UTF-32?)");
        }
        return text;
    }

    /** Whether {@code text} starts with one complete JSON value followed by something else. */
    private static boolean hasTrailingData(String text) {
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            int end = (int) p.currentLocation().getCharOffset();
            return end > 0 && end <= text.length() && !text.substring(end).isBlank();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The bounded reason of a Jackson or validation failure. */
    static DomainValidationException classify(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DomainValidationException d) {
                return d;
            }
        }
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
        message = Text.printable(message);
        RejectReason reason;
        if (e instanceof UnrecognizedPropertyException) {
            reason = RejectReason.UNKNOWN_FIELD;
        } else if (message.startsWith("Duplicate field") || message.startsWith("Duplicate key")) {
            reason = RejectReason.DUPLICATE_KEY;
        } else if (message.startsWith("Missing required creator property") || message.startsWith("Cannot map `null`")) {
            reason = RejectReason.MISSING_FIELD;
        } else if (message.startsWith("Trailing token") || hasTrailingData(text)) {
            reason = RejectReason.TRAILING_DATA;
        } else if (e instanceof InvalidFormatException || (e instanceof MismatchedInputException
                && !(e instanceof ValueInstantiationException) && message.startsWith("Cannot"))) {
            reason = RejectReason.WRONG_TYPE;
        } else {
            reason = RejectReason.UNDESERIALIZABLE;
        }
        return new DomainValidationException(reason, message);
    }

    // ISO-8601 instants without pulling in the JSR-310 module (one less dependency to converge).
    private static SimpleModule instants() {
        SimpleModule m = new SimpleModule("instants");
        m.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        m.addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (!p.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                    return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
                }
                try {
                    return Instant.parse(p.getText());
                } catch (DateTimeParseException e) {
                    throw new DomainValidationException(RejectReason.INVALID_VALUE,
                            "not an ISO-8601 instant: " + Text.printable(p.getText()));
                }
            }
        });
        return m;
    }
}
