package io.metastream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.WithNull;

/** Whatever a producer sends, a record either builds or refuses with a DomainValidationException. */
class HostileValidationPropertyTest {

    @Property(tries = 300)
    void conversationExampleRefusesOnlyWithDomainValidation(@ForAll("hostile") String id, @ForAll("hostile") String persona,
            @ForAll("hostile") String dialogue, @ForAll int turn, @ForAll("hostileList") List<String> context,
            @ForAll("hostile") String reply, @ForAll("hostileList") List<String> candidates,
            @ForAll("hostileList") List<String> facts, @ForAll("hostile") String source) {
        assertOnlyDomainValidation(() -> new ConversationExample(id, persona, dialogue, turn, context, reply, candidates,
                facts, source));
    }

    @Property(tries = 200)
    void personaTaskRefusesOnlyWithDomainValidation(@ForAll("hostile") String task, @ForAll("hostile") String persona,
            @ForAll @WithNull Split split, @ForAll long revision, @ForAll("hostileExamples") List<ConversationExample> support,
            @ForAll("hostileExamples") List<ConversationExample> query) {
        assertOnlyDomainValidation(() -> new PersonaTask(task, persona, split, revision, support, query,
                java.util.Arrays.asList(new OffsetRange("t", 0, 0, 1), null)));
    }

    @Property(tries = 200)
    void checkpointRefusesOnlyWithDomainValidation(@ForAll("hostile") String version, @ForAll("hostile") String parent,
            @ForAll @WithNull Algorithm algorithm, @ForAll("hostile") String uri, @ForAll("hostile") String sha,
            @ForAll("hostileList") List<String> tasks, @ForAll("hostileMap") Map<String, String> config,
            @ForAll("hostileDouble") double loss, @ForAll("hostileInstant") Instant at) {
        assertOnlyDomainValidation(() -> new Checkpoint(version, parent, algorithm, uri, sha, tasks, null, config, 1L,
                loss, at));
    }

    @Property(tries = 200)
    void evaluationRefusesOnlyWithDomainValidation(@ForAll("hostile") String version, @ForAll("hostile") String sha,
            @ForAll("hostileDouble") double hits, @ForAll("hostileDouble") double se, @ForAll("hostileDouble") double mrr,
            @ForAll("hostileScores") Map<String, Double> perPersona, @ForAll("hostileDouble") double delta,
            @ForAll("hostileInstant") Instant at) {
        assertOnlyDomainValidation(() -> new Evaluation(version, sha, "set", hits, se, mrr, 0.1, perPersona, null,
                delta, true, at));
    }

    @Property(tries = 200)
    void offsetRangeAndPromotionDecisionRefuseOnlyWithDomainValidation(@ForAll("hostile") String text,
            @ForAll int partition, @ForAll long from, @ForAll long to, @ForAll @WithNull PromotionDecision.Outcome outcome,
            @ForAll("hostile") String refusal, @ForAll("hostile") String sha, @ForAll("hostileInstant") Instant at) {
        assertOnlyDomainValidation(() -> new OffsetRange(text, partition, from, to));
        assertOnlyDomainValidation(() -> new PromotionDecision(text, PromotionDecision.Action.PROMOTE, text, null, text,
                text, false, outcome, refusal, null, sha, at));
    }

    private static void assertOnlyDomainValidation(Runnable construct) {
        try {
            construct.run();
        } catch (RuntimeException e) {
            assertThat(e).as("only DomainValidationException may escape").isInstanceOf(DomainValidationException.class);
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12), Arbitraries.of("", " ", "\t\n", "a".repeat(9_000),
                "\u0000", "ok", "a".repeat(64))).injectNull(0.15);
    }

    @Provide
    Arbitrary<List<String>> hostileList() {
        return hostile().list().ofMaxSize(300).injectNull(0.1);
    }

    @Provide
    Arbitrary<Map<String, String>> hostileMap() {
        return Arbitraries.maps(hostile(), hostile()).ofMaxSize(3).map(m -> (Map<String, String>) m).injectNull(0.1);
    }

    @Provide
    Arbitrary<Double> hostileDouble() {
        return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, -0.0, 1.0000001, -1e-300));
    }

    @Provide
    Arbitrary<Map<String, Double>> hostileScores() {
        return Arbitraries.maps(hostile(), hostileDouble().injectNull(0.2)).ofMaxSize(3).injectNull(0.1);
    }

    @Provide
    Arbitrary<Instant> hostileInstant() {
        return Arbitraries.of(Instant.EPOCH, Instant.MIN, Instant.MAX).injectNull(0.3);
    }

    @Provide
    Arbitrary<List<ConversationExample>> hostileExamples() {
        return Arbitraries.oneOf(DomainArbitraries.example("p").list().ofMaxSize(3),
                DomainArbitraries.example().list().ofMaxSize(2)).injectNull(0.1)
                .map(l -> l == null || l.isEmpty() || l.size() > 2 ? l : withNull(l));
    }

    private static List<ConversationExample> withNull(List<ConversationExample> l) {
        List<ConversationExample> out = new java.util.ArrayList<>(l);
        out.add(null);
        return out;
    }
}
