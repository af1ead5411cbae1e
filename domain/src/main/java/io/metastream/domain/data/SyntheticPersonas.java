package io.metastream.domain.data;

import io.metastream.domain.ConversationExample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Synthetic persona conversations for machines without data. Each persona holds one fact for a few
 * topics; every query asks about one of them and the reply states THAT persona's fact, so a model can
 * only answer well after learning the persona from its support examples (persona text is recorded in
 * {@code personaFacts} but is not model input). Any two personas share at most one fact, so reading a
 * written file back finds exactly the configured personas. Candidate sets hold the gold and distractors
 * from other personas' facts, about half on the query's topic (hard negatives). Fully determined by
 * the config.
 */
public final class SyntheticPersonas {
    public static final String SOURCE = "synthetic";
    private static final int CANDIDATES = ReadOptions.DEFAULT_CANDIDATES;
    private static final int MAX_ATTEMPTS = 2_000;

    private final SyntheticConfig config;
    private final List<Persona> personas;
    private final List<List<Integer>> heldValues;

    /** A persona: for each held topic (index into the bank) its value (index into the topic's values). */
    private record Persona(String id, Map<Integer, Integer> facts, List<String> sentences) {
    }

    public SyntheticPersonas(SyntheticConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config (use SyntheticConfig.defaults())");
        this.personas = makePersonas(config);
        this.heldValues = heldValues(personas);
    }

    public SyntheticConfig config() {
        return config;
    }

    /** Persona id → its persona sentences, in generation order. */
    public Map<String, List<String>> personaFacts() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        personas.forEach(p -> out.put(p.id(), p.sentences()));
        return out;
    }

    /** All examples, dialogue by dialogue; dialogues go round-robin over personas so any prefix mixes them. */
    public Stream<ConversationExample> examples() {
        int dialogues = config.personas() * config.dialoguesPerPersona();
        return IntStream.range(0, dialogues).boxed().flatMap(g -> dialogue(g).stream());
    }

    /** Writes ParlAI with-candidates text ({@code your persona:} lines, then {@code q\tr\t\tc1|…|c20}). */
    public void writeParlai(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            int dialogues = config.personas() * config.dialoguesPerPersona();
            for (int g = 0; g < dialogues; g++) {
                List<ConversationExample> examples = dialogue(g);
                int n = 1;
                for (String fact : personas.get(g % config.personas()).sentences()) {
                    w.write(n++ + " your persona: " + fact + "\n");
                }
                for (ConversationExample e : examples) {
                    w.write(n++ + " " + e.query() + "\t" + e.reply() + "\t\t" + String.join("|", e.candidates()) + "\n");
                }
            }
        }
    }

    private List<ConversationExample> dialogue(int g) {
        Persona p = personas.get(g % config.personas());
        SplittableRandom random = new SplittableRandom(mix(config.seed(), 1_000_003L * g + 17));
        List<Integer> topics = new ArrayList<>(p.facts().keySet());
        int start = random.nextInt(topics.size());
        String dialogueId = SOURCE + "#" + g;
        List<String> history = new ArrayList<>();
        List<ConversationExample> out = new ArrayList<>();
        for (int turn = 0; turn < config.turnsPerDialogue(); turn++) {
            int topic = topics.get((start + turn) % topics.size());
            FactBank.Topic t = FactBank.topics().get(topic);
            String query = t.questions().get(random.nextInt(t.questions().size()));
            String reply = t.reply(random.nextInt(t.replies().size()), p.facts().get(topic));
            List<String> context = new ArrayList<>(history);
            context.add(query);
            out.add(new ConversationExample(ConversationExample.idFor(SOURCE, dialogueId, Integer.toString(turn),
                    ParlaiReader.SIDE), p.id(), dialogueId, turn, context, reply, candidates(p, topic, reply, random),
                    p.sentences(), SOURCE));
            history.add(query);
            history.add(reply);
        }
        return out;
    }

    /** Gold + hard negatives (same topic, another value) + replies on other topics; none states p's facts. */
    private List<String> candidates(Persona p, int topic, String gold, SplittableRandom random) {
        int hard = (CANDIDATES - 1) / 2;
        List<Integer> otherTopics = new ArrayList<>();
        for (int t = 0; t < FactBank.topics().size(); t++) {
            if (t != topic) {
                otherTopics.add(t);
            }
        }
        List<String> set = new ArrayList<>(distractors(p, List.of(topic), random).subList(0, hard));
        set.addAll(distractors(p, otherTopics, random).subList(0, CANDIDATES - 1 - hard));
        set.add(random.nextInt(set.size() + 1), gold);
        return set;
    }

    /**
     * Every reply on the topics with a value the persona does not hold, in seeded random order, values other
     * personas hold first (so distractors are, where possible, what other personas actually say).
     */
    private List<String> distractors(Persona p, List<Integer> topics, SplittableRandom random) {
        List<String> held = new ArrayList<>();
        List<String> unheld = new ArrayList<>();
        for (int topic : topics) {
            FactBank.Topic t = FactBank.topics().get(topic);
            Integer own = p.facts().get(topic);
            for (int v = 0; v < t.values().size(); v++) {
                if (own != null && own == v) {
                    continue;
                }
                List<String> target = heldValues.get(topic).contains(v) ? held : unheld;
                for (int r = 0; r < t.replies().size(); r++) {
                    target.add(t.reply(r, v));
                }
            }
        }
        shuffle(held, random);
        shuffle(unheld, random);
        held.addAll(unheld);
        return held;
    }

    private static void shuffle(List<String> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            java.util.Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    /**
     * Random personas, each accepted only if none of its fact pairs is already used: then any two personas
     * share at most one fact, so the ≥ 2 shared sentences identity rule keeps them apart when read back.
     */
    private static List<Persona> makePersonas(SyntheticConfig config) {
        SplittableRandom random = new SplittableRandom(config.seed());
        Set<Long> usedPairs = new HashSet<>();
        List<Persona> out = new ArrayList<>();
        int topicCount = FactBank.topics().size();
        for (int i = 0; i < config.personas(); i++) {
            Map<Integer, Integer> facts = null;
            for (int attempt = 0; attempt < MAX_ATTEMPTS && facts == null; attempt++) {
                Map<Integer, Integer> candidate = new LinkedHashMap<>();
                while (candidate.size() < config.factsPerPersona()) {
                    int topic = random.nextInt(topicCount);
                    candidate.putIfAbsent(topic, random.nextInt(FactBank.topics().get(topic).values().size()));
                }
                List<Long> pairs = pairs(candidate);
                if (pairs.stream().noneMatch(usedPairs::contains)) {
                    usedPairs.addAll(pairs);
                    facts = candidate;
                }
            }
            if (facts == null) {
                throw new IllegalArgumentException("cannot make " + config.personas() + " personas with "
                        + config.factsPerPersona() + " facts each that pairwise share at most one fact;"
                        + " lower personas or factsPerPersona");
            }
            List<String> sentences = new ArrayList<>();
            facts.forEach((topic, value) -> sentences.add(FactBank.topics().get(topic).fact(value)));
            out.add(new Persona(PersonaIdentity.idFor(sentences), Collections.unmodifiableMap(facts),
                    List.copyOf(sentences)));
        }
        return List.copyOf(out);
    }

    private static List<Long> pairs(Map<Integer, Integer> facts) {
        List<Long> codes = new ArrayList<>();
        facts.forEach((topic, value) -> codes.add(topic * 1_000L + value));
        codes.sort(null);
        List<Long> pairs = new ArrayList<>();
        for (int a = 0; a < codes.size(); a++) {
            for (int b = a + 1; b < codes.size(); b++) {
                pairs.add(codes.get(a) * 1_000_000L + codes.get(b));
            }
        }
        return pairs;
    }

    private static List<List<Integer>> heldValues(List<Persona> personas) {
        List<List<Integer>> out = new ArrayList<>();
        for (int topic = 0; topic < FactBank.topics().size(); topic++) {
            LinkedHashSet<Integer> values = new LinkedHashSet<>();
            for (Persona p : personas) {
                Integer v = p.facts().get(topic);
                if (v != null) {
                    values.add(v);
                }
            }
            out.add(List.copyOf(values));
        }
        return out;
    }

    private static long mix(long seed, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
