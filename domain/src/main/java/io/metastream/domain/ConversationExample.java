package io.metastream.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;

/**
 * One (context → reply) exchange spoken by a persona: the unit that flows on the conversations topic.
 *
 * @param exampleId    stable id, unique per example (see {@link #idFor}); the de-duplication key
 * @param personaId    the persona that speaks the reply; the task key
 * @param dialogueId   the conversation this exchange comes from
 * @param turn         index of the exchange within the dialogue, from 0
 * @param context      previous turns, oldest first; the last is the query being answered
 * @param reply        the gold reply
 * @param candidates   optional answer candidates (empty = none); when present they contain the gold reply
 * @param personaFacts optional persona sentences (never model input; kept for analysis and identity)
 * @param source       where the example came from (e.g. {@code convai2}, {@code spc}, {@code synthetic})
 * @param droppedTurns how many of the oldest context turns were cut to keep the context within a byte cap
 *                     (0, the default, is not written to JSON, so untruncated examples keep their format)
 */
public record ConversationExample(
        String exampleId,
        String personaId,
        String dialogueId,
        int turn,
        List<String> context,
        String reply,
        List<String> candidates,
        List<String> personaFacts,
        String source,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int droppedTurns) {

    public ConversationExample {
        Checks.identifier(exampleId, "exampleId");
        Checks.identifier(personaId, "personaId");
        Checks.identifier(dialogueId, "dialogueId");
        Checks.nonNegative(turn, "turn");
        context = Checks.texts(Checks.present(context, "context"), "context");
        if (context.isEmpty()) {
            throw new DomainValidationException(RejectReason.MISSING_FIELD, "context needs at least one turn");
        }
        if (context.size() > Checks.MAX_TURNS) {
            throw new DomainValidationException(RejectReason.TOO_MANY_TURNS,
                    "context has " + context.size() + " turns, more than " + Checks.MAX_TURNS);
        }
        Checks.text(reply, "reply");
        candidates = Checks.texts(candidates, "candidates");
        if (!candidates.isEmpty()) {
            if (candidates.size() < 2) {
                throw new DomainValidationException(RejectReason.TOO_FEW_CANDIDATES,
                        "candidates need at least 2 entries when present");
            }
            if (!candidates.contains(reply)) {
                throw new DomainValidationException(RejectReason.CANDIDATES_WITHOUT_GOLD,
                        "candidates must contain the gold reply");
            }
            if (new HashSet<>(candidates).size() != candidates.size()) {
                throw new DomainValidationException(RejectReason.DUPLICATE_CANDIDATES, "candidates must be distinct");
            }
        }
        personaFacts = Checks.texts(personaFacts, "personaFacts");
        Checks.identifier(source, "source");
        Checks.nonNegative(droppedTurns, "droppedTurns");
    }

    /** The JSON creator: {@code droppedTurns} may be absent (0); every other primitive must be present. */
    @JsonCreator
    static ConversationExample fromJson(@JsonProperty("exampleId") String exampleId,
            @JsonProperty("personaId") String personaId, @JsonProperty("dialogueId") String dialogueId,
            @JsonProperty(value = "turn", required = true) int turn, @JsonProperty("context") List<String> context,
            @JsonProperty("reply") String reply, @JsonProperty("candidates") List<String> candidates,
            @JsonProperty("personaFacts") List<String> personaFacts, @JsonProperty("source") String source,
            @JsonProperty("droppedTurns") Integer droppedTurns) {
        return new ConversationExample(exampleId, personaId, dialogueId, turn, context, reply, candidates, personaFacts,
                source, droppedTurns == null ? 0 : droppedTurns);
    }

    /** An example with its whole context (nothing dropped). */
    public ConversationExample(String exampleId, String personaId, String dialogueId, int turn, List<String> context,
            String reply, List<String> candidates, List<String> personaFacts, String source) {
        this(exampleId, personaId, dialogueId, turn, context, reply, candidates, personaFacts, source, 0);
    }

    /**
     * A copy whose context keeps only the most recent turns that fit in {@code maxBytes} of UTF-8 (the last
     * turn, the query, is always kept); the dropped turns are added to {@link #droppedTurns}. This copy when
     * nothing has to go.
     */
    public ConversationExample keepRecentContext(int maxBytes) {
        int bytes = 0;
        int keep = 0;
        for (int i = context.size() - 1; i >= 0; i--) {
            bytes += Utf8Length.of(context.get(i));
            if (keep > 0 && bytes > maxBytes) {
                break;
            }
            keep++;
        }
        if (keep == context.size()) {
            return this;
        }
        return new ConversationExample(exampleId, personaId, dialogueId, turn,
                context.subList(context.size() - keep, context.size()), reply, candidates, personaFacts, source,
                droppedTurns + context.size() - keep);
    }

    /** The query this example answers: the most recent context turn. */
    public String query() {
        return context.get(context.size() - 1);
    }

    public boolean hasCandidates() {
        return !candidates.isEmpty();
    }

    /** A copy with the given candidate set (which must contain the gold reply). */
    public ConversationExample withCandidates(List<String> newCandidates) {
        return new ConversationExample(exampleId, personaId, dialogueId, turn, context, reply, newCandidates,
                personaFacts, source, droppedTurns);
    }

    /** A copy assigned to another persona id (identity is resolved after reading). */
    public ConversationExample withPersonaId(String newPersonaId) {
        return new ConversationExample(exampleId, newPersonaId, dialogueId, turn, context, reply, candidates,
                personaFacts, source, droppedTurns);
    }

    /** Stable example id: the first 16 bytes of sha256 over the parts, hex encoded. */
    public static String idFor(String... parts) {
        return digest(parts).substring(0, 32);
    }

    static String digest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1f);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
