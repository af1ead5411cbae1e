package io.metastream.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A persona's few-shot task: support examples to adapt on and query examples to measure on.
 *
 * @param taskId     stable id of the task (persona id plus split; revisions share it)
 * @param personaId  the persona
 * @param split      train or held-out
 * @param revision   how many times this task has been updated (0 for the first version)
 * @param support    examples to learn from
 * @param query      examples to evaluate on (disjoint from support)
 * @param sources    offsets of the conversation records folded into this revision
 */
public record PersonaTask(
        String taskId,
        String personaId,
        Split split,
        long revision,
        List<ConversationExample> support,
        List<ConversationExample> query,
        List<OffsetRange> sources) {

    public PersonaTask {
        Checks.text(taskId, "taskId");
        Checks.identifier(personaId, "personaId");
        Checks.present(split, "split");
        Checks.nonNegative(revision, "revision");
        support = Checks.elements(support, "support");
        query = Checks.elements(query, "query");
        sources = sources == null ? List.of() : Checks.elements(sources, "sources");
        if (support.isEmpty()) {
            throw new DomainValidationException(RejectReason.MISSING_FIELD, "support needs at least one example");
        }
        Set<String> ids = new HashSet<>();
        for (ConversationExample e : support) {
            checkMember(e, personaId);
            ids.add(e.exampleId());
        }
        for (ConversationExample e : query) {
            checkMember(e, personaId);
            if (!ids.add(e.exampleId())) {
                throw new DomainValidationException(RejectReason.INCONSISTENT,
                        "example " + e.exampleId() + " is in support and query, or twice");
            }
        }
    }

    private static void checkMember(ConversationExample e, String personaId) {
        if (!e.personaId().equals(personaId)) {
            throw new DomainValidationException(RejectReason.INCONSISTENT,
                    "example " + e.exampleId() + " belongs to persona " + e.personaId() + ", not " + personaId);
        }
    }

    public static String taskIdFor(String personaId, Split split) {
        return personaId + (split == Split.TRAIN ? "" : "~held-out");
    }

    public int size() {
        return support.size() + query.size();
    }
}
