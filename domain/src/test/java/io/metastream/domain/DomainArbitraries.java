package io.metastream.domain;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of VALID domain records (for round trips); hostile values live in the validation properties. */
public final class DomainArbitraries {
    private DomainArbitraries() {
    }

    /** Non-blank text of printable characters, including quotes, commas, non-ASCII and line breaks. */
    public static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', 'ß', '中', '\n', '"', '\\', '\t')
                .ofMinLength(1).ofMaxLength(24).filter(s -> !s.isBlank());
    }

    /** Identifiers: printable, non-ASCII included, no line breaks or tabs (those are refused in ids). */
    public static Arbitrary<String> id() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', 'ß', '中', '"', '\\', '\ud83d')
                .ofMinLength(1).ofMaxLength(24).map(s -> s.replace("\ud83d", "\ud83d\ude00")).filter(s -> !s.isBlank());
    }

    public static Arbitrary<String> sha() {
        return Arbitraries.strings().withChars("0123456789abcdef".toCharArray()).ofLength(64);
    }

    public static Arbitrary<Instant> instant() {
        return Combinators.combine(Arbitraries.longs().between(0, 32_503_680_000L), Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
    }

    public static Arbitrary<Double> unit() {
        return Arbitraries.doubles().between(0, 1);
    }

    public static Arbitrary<ConversationExample> example(String personaId) {
        Arbitrary<List<String>> context = text().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<String>> distractors = text().list().ofMaxSize(4).uniqueElements();
        return Combinators.combine(id(), Arbitraries.integers().between(0, 500), context, text(), distractors,
                        text().list().ofMaxSize(3), id())
                .as((id, turn, ctx, reply, others, facts, source) -> {
                    List<String> candidates = others.contains(reply) || others.isEmpty() ? List.of()
                            : java.util.stream.Stream.concat(others.stream(), java.util.stream.Stream.of(reply)).toList();
                    return new ConversationExample(id, personaId, "d-" + id, turn, ctx, reply, candidates, facts, source);
                });
    }

    public static Arbitrary<ConversationExample> example() {
        return id().flatMap(DomainArbitraries::example);
    }

    public static Arbitrary<OffsetRange> offsetRange() {
        return Combinators.combine(text(), Arbitraries.integers().between(0, 100), Arbitraries.longs().between(0, 1L << 40),
                Arbitraries.longs().between(0, 1000)).as((t, p, from, n) -> new OffsetRange(t, p, from, from + n));
    }

    public static Arbitrary<PersonaTask> personaTask() {
        return id().flatMap(persona -> Combinators.combine(Arbitraries.of(Split.class), Arbitraries.longs().between(0, 99),
                example(persona).list().ofMinSize(1).ofMaxSize(3).uniqueElements(ConversationExample::exampleId),
                offsetRange().list().ofMaxSize(2)).as((split, rev, examples, sources) -> {
                    int half = (examples.size() + 1) / 2;
                    return new PersonaTask(PersonaTask.taskIdFor(persona, split), persona, split, rev,
                            examples.subList(0, half), examples.subList(half, examples.size()), sources);
                }));
    }

    public static Arbitrary<Checkpoint> checkpoint() {
        return Combinators.combine(text(), text().injectNull(0.3), Arbitraries.of(Algorithm.class), text(), sha(),
                        text().list().ofMaxSize(3), offsetRange().list().ofMaxSize(2),
                        Arbitraries.maps(text(), text()).ofMaxSize(3))
                .flatAs((v, parent, alg, uri, sha, tasks, ranges, config) -> Combinators.combine(Arbitraries.longs(),
                        Arbitraries.doubles().between(-1e6, 1e6), instant())
                        .as((seed, loss, at) -> new Checkpoint(v, parent, alg, uri, sha, tasks, ranges, config, seed, loss, at)));
    }

    public static Arbitrary<Evaluation> evaluation() {
        return Combinators.combine(text(), sha(), text(), unit(), Arbitraries.doubles().between(0, 1), unit(), unit(),
                        Arbitraries.maps(text(), unit()).ofMaxSize(3))
                .flatAs((v, sha, set, h, se, mrr, zero, per) -> Combinators.combine(text().injectNull(0.5),
                        Arbitraries.doubles().between(-1, 1).injectNull(0.5), Arbitraries.of(true, false), instant())
                        .as((prod, delta, passed, at) -> new Evaluation(v, sha, set, h, se, mrr, zero, per, prod, delta, passed, at)));
    }

    public static Arbitrary<PromotionDecision> promotionDecision() {
        return Combinators.combine(text(), Arbitraries.of(PromotionDecision.Action.class), text(), text().injectNull(0.5),
                        text(), text(), Arbitraries.of(true, false), Arbitraries.of(PromotionDecision.Outcome.class))
                .flatAs((id, action, v, prev, actor, reason, forced, outcome) -> Combinators.combine(text(),
                        text().injectNull(0.5), sha().injectNull(0.5), instant())
                        .as((refusal, evalDigest, sha, at) -> new PromotionDecision(id, action, v, prev, actor, reason, forced,
                                outcome, outcome == PromotionDecision.Outcome.REFUSED ? refusal : null, evalDigest, sha, at)));
    }
}
