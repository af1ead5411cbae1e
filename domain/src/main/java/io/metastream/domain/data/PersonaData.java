package io.metastream.domain.data;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.DomainValidationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One persona-conversation data file, read in streaming passes so files larger than memory work.
 * {@link #open} runs pass 1 (format, persona identity, a bounded reservoir of replies for distractors, and
 * when distractors are drawn a bounded filter of every persona's own replies, which they must avoid);
 * {@link #forEach} runs pass 2 and streams examples with their persona ids and candidate sets.
 */
public final class PersonaData {
    private final Path file;
    private final ReadOptions options;
    private final DataFormat format;
    private final String source;
    private final Problems problems;
    private final PersonaClusters clusters = new PersonaClusters();
    private final CandidatePool pool;

    private PersonaData(Path file, ReadOptions options, DataFormat format, int poolCapacity) {
        this.file = file;
        this.options = options;
        this.format = format;
        this.source = sourceName(file);
        this.problems = new Problems(file, options.onError());
        this.pool = new CandidatePool(poolCapacity, options.seed());
    }

    /** Detects the format and runs the identity pass; under FAIL throws at the first malformed input. */
    public static PersonaData open(Path file, ReadOptions options) throws IOException {
        return open(file, options, CandidatePool.DEFAULT_CAPACITY);
    }

    static PersonaData open(Path file, ReadOptions options, int poolCapacity) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options (use ReadOptions.defaults())");
        PersonaData data = new PersonaData(file, options, DataFormat.detect(file), poolCapacity);
        data.identityPass();
        return data;
    }

    public DataFormat format() {
        return format;
    }

    public Path file() {
        return file;
    }

    /** The label written into every example's {@code source}: the file name without its extension. */
    public String source() {
        return source;
    }

    /** Distinct personas found in pass 1. */
    public int personas() {
        return clusters.personas();
    }

    /** Streams every valid example in file order, with persona id, persona facts and candidates. */
    public void forEach(Consumer<ConversationExample> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        examplePass(true, sink);
    }

    /** Everything skipped so far under {@link OnError#SKIP}, in file order, each once. */
    public List<Problem> problems() {
        return problems.list();
    }

    /** Counts from a pass over the file (without building candidates). */
    public DataStats stats() throws IOException {
        long[] dialogues = {0};
        Map<String, Long> perPersona = new HashMap<>();
        ExampleBuilder builder = new ExampleBuilder(false,
                e -> perPersona.merge(e.personaId(), 1L, Long::sum), () -> dialogues[0]++);
        FormatReader.of(format).read(file, source, problems, builder);
        List<Long> counts = new ArrayList<>(perPersona.values());
        counts.sort(null);
        long examples = counts.stream().mapToLong(Long::longValue).sum();
        int n = counts.size();
        double median = n == 0 ? 0 : n % 2 == 1 ? counts.get(n / 2) : (counts.get(n / 2 - 1) + counts.get(n / 2)) / 2.0;
        return new DataStats(format, dialogues[0], examples, n, n == 0 ? 0 : counts.get(0), median,
                n == 0 ? 0 : counts.get(n - 1), problems.size());
    }

    private void identityPass() throws IOException {
        FormatReader.of(format).read(file, source, problems, new DialogueSink() {
            @Override
            public void dialogue(String dialogueId) {
            }

            @Override
            public void persona(int unit, List<String> facts) {
                clusters.add(unit, facts);
            }

            @Override
            public void example(RawExample raw) throws MalformedInputException {
                // Validate now so problems surface at open(), and rejected replies never become distractors.
                if (toExample(raw, "unresolved", List.of(), List.of()) != null) {
                    pool.offer(raw.reply(), raw.unit());
                }
            }
        });
        clusters.resolve();
        pool.resolve(clusters, options.candidates() >= 2 ? ownReplies() : new OwnReplies(0));
    }

    /** Pass 1b, only when distractors are drawn: every (persona, reply) of the file. */
    private OwnReplies ownReplies() throws IOException {
        OwnReplies own = new OwnReplies(pool.offered());
        FormatReader.of(format).read(file, source, problems, new DialogueSink() {
            @Override
            public void dialogue(String dialogueId) {
            }

            @Override
            public void persona(int unit, List<String> facts) {
            }

            @Override
            public void example(RawExample raw) {
                own.add(clusters.personaOf(raw.unit()), raw.reply());
            }
        });
        return own;
    }

    private void examplePass(boolean withCandidates, Consumer<ConversationExample> sink) throws IOException {
        FormatReader.of(format).read(file, source, problems, new ExampleBuilder(withCandidates, sink, () -> { }));
    }

    /** Pass-2 sink: resolves persona ids and candidates and validates into domain records. */
    private final class ExampleBuilder implements DialogueSink {
        private final boolean withCandidates;
        private final Consumer<ConversationExample> out;
        private final Runnable onDialogue;
        private final Map<Integer, List<String>> factsByUnit = new HashMap<>();

        ExampleBuilder(boolean withCandidates, Consumer<ConversationExample> out, Runnable onDialogue) {
            this.withCandidates = withCandidates;
            this.out = out;
            this.onDialogue = onDialogue;
        }

        @Override
        public void dialogue(String dialogueId) {
            factsByUnit.clear();
            onDialogue.run();
        }

        @Override
        public void persona(int unit, List<String> facts) {
            factsByUnit.put(unit, facts);
        }

        @Override
        public void example(RawExample raw) throws MalformedInputException {
            String personaId = clusters.personaOf(raw.unit());
            List<String> candidates = raw.candidates();
            if (withCandidates && candidates.isEmpty() && options.candidates() >= 2) {
                candidates = pool.candidatesFor(exampleId(raw), raw.reply(), personaId, options.candidates());
            }
            ConversationExample e = toExample(raw, personaId, candidates, factsByUnit.getOrDefault(raw.unit(), List.of()));
            if (e != null) {
                out.accept(e);
            }
        }
    }

    /** The domain record, or null after reporting why the exchange is not a valid example. */
    private ConversationExample toExample(RawExample raw, String personaId, List<String> candidates,
                                          List<String> facts) throws MalformedInputException {
        List<String> context = raw.context();
        if (context.size() > options.maxContextTurns()) {
            context = context.subList(context.size() - options.maxContextTurns(), context.size());
        }
        try {
            return new ConversationExample(exampleId(raw), personaId, raw.dialogueId(), raw.turn(), context,
                    raw.reply(), candidates, facts, source);
        } catch (DomainValidationException e) {
            problems.report(raw.line(), "turn " + raw.turn() + " of dialogue " + raw.dialogueId()
                    + " is not a valid example: " + e.getMessage());
            return null;
        }
    }

    private String exampleId(RawExample raw) {
        return ConversationExample.idFor(source, raw.dialogueId(), Integer.toString(raw.turn()), raw.side());
    }

    static String sourceName(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "data" : name.toString();
        int dot = s.indexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }
}
