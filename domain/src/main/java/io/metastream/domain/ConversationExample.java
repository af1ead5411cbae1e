package io.metastream.domain;

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
        String source) {

    public ConversationExample {
        Checks.text(exampleId, "exampleId");
        Checks.text(personaId, "personaId");
        Checks.text(dialogueId, "dialogueId");
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
        Checks.text(source, "source");
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
                personaFacts, source);
    }

    /** A copy assigned to another persona id (identity is resolved after reading). */
    public ConversationExample withPersonaId(String newPersonaId) {
        return new ConversationExample(exampleId, newPersonaId, dialogueId, turn, context, reply, candidates,
                personaFacts, source);
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
