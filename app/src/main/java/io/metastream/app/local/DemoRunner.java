package io.metastream.app.local;

import io.metastream.control.StatusView;
import io.metastream.control.StatusView.VersionRow;
import io.metastream.control.client.ControlClientException;
import io.metastream.domain.Algorithm;
import io.metastream.domain.ConversationExample;
import io.metastream.domain.PromotionDecision;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Drives a running {@link LocalPipeline}: streams the waves of conversations (plus a few malformed records, to
 * show the rejected topic), waits for every trainer's rounds and their evaluations while printing progress,
 * promotes the best version through the control API, and returns the summary.
 */
public final class DemoRunner {
    private final LocalPipeline pipeline;
    private final DemoData data;
    private final int rounds;
    private final Duration timeout;
    private final PrintWriter out;
    private final long started = System.nanoTime();
    private final ConversationFeed feed;

    public DemoRunner(LocalPipeline pipeline, DemoData data, int rounds, Duration timeout, PrintWriter out) {
        this.pipeline = pipeline;
        this.data = data;
        this.rounds = rounds;
        this.timeout = timeout;
        this.out = out;
        this.feed = new ConversationFeed(pipeline.bootstrapServers(), LocalPipeline.TOPICS);
    }

    public DemoSummary run() throws InterruptedException {
        int published = 0;
        int badRecords = feed.publishBadRecords();
        String lastTable = "";
        int seenCheckpoints = 0;
        int seenEvaluations = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        StatusView status = null;
        while (true) {
            if (published < data.waves().size() && everyTrainerHas(status, published)) {
                List<ConversationExample> wave = data.waves().get(published);
                feed.publish(wave);
                published++;
                say("published wave %d/%d: %d conversations (%s)", published, data.waves().size(), wave.size(),
                        published == 1 ? data.heldOutPersonas() + " held-out personas and "
                                + data.trainPersonasPerWave() + " new train personas"
                                : data.trainPersonasPerWave() + " new train personas");
            }
            pipeline.checkChildren();
            status = pipeline.controlClient().status();
            int checkpoints = status.versions().size();
            int evaluations = (int) rows(status).stream().filter(r -> r.hits1Mean() != null).count();
            if (checkpoints != seenCheckpoints || evaluations != seenEvaluations) {
                seenCheckpoints = checkpoints;
                seenEvaluations = evaluations;
                say("%d checkpoint(s), %d evaluation(s)", checkpoints, evaluations);
                String table = DemoTable.render(status);
                if (!table.equals(lastTable)) {
                    out.println(table);
                    lastTable = table;
                }
            } else {
                progressDot();
            }
            if (done(status)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo did not finish within " + timeout + " (" + checkpoints
                        + " checkpoints, " + evaluations + " evaluations); see the logs in " + pipeline.logDir());
            }
            Thread.sleep(2_000);
        }
        Optional<PromotionDecision> promotion = promoteBest(status);
        StatusView finalStatus = pipeline.controlClient().status();
        out.println(DemoTable.render(finalStatus));
        return new DemoSummary(finalStatus, promotion.orElse(null), rejectedCount(), badRecords,
                Duration.ofNanos(System.nanoTime() - started), pipeline.artifactDir(), pipeline.logDir(),
                pipeline.metricsPorts(), pipeline.controlUri().toString());
    }

    private static List<VersionRow> rows(StatusView s) {
        List<VersionRow> all = new ArrayList<>(s.versions());
        all.addAll(s.references());
        return all;
    }

    private boolean everyTrainerHas(StatusView status, int checkpoints) {
        if (checkpoints == 0) {
            return true;
        }
        if (status == null) {
            return false;
        }
        for (Algorithm a : pipeline.trainers().keySet()) {
            long n = status.versions().stream().filter(r -> r.algorithm() == a).count();
            if (n < checkpoints) {
                return false;
            }
        }
        return true;
    }

    /** Each trainer's first {@code rounds} checkpoints are evaluated (a stream may bring an extra round). */
    private boolean done(StatusView status) {
        if (!everyTrainerHas(status, rounds)) {
            return false;
        }
        for (Algorithm a : pipeline.trainers().keySet()) {
            boolean evaluated = status.versions().stream().filter(r -> r.algorithm() == a).limit(rounds)
                    .allMatch(r -> r.hits1Mean() != null);
            if (!evaluated) {
                return false;
            }
        }
        return true;
    }

    private Optional<PromotionDecision> promoteBest(StatusView status) {
        Optional<VersionRow> best = status.versions().stream()
                .filter(r -> Boolean.TRUE.equals(r.passed()) && r.hits1Mean() != null)
                .max(Comparator.comparingDouble(VersionRow::hits1Mean));
        if (best.isEmpty()) {
            say("no version passed the gate; nothing promoted");
            return Optional.empty();
        }
        VersionRow row = best.get();
        String reason = String.format("demo: best few-shot hits@1 (%.1f%%) on the held-out personas",
                100 * row.hits1Mean());
        try {
            PromotionDecision d = pipeline.controlClient().promote(row.version(), reason, false);
            say("promotion of %s %s", row.version(), d.outcome() == PromotionDecision.Outcome.ACCEPTED
                    ? "accepted" : "refused: " + d.refusal());
            return Optional.of(d);
        } catch (ControlClientException e) {
            say("promotion of %s refused: %s", row.version(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Records on the rejected topic (read_committed: Kafka Streams writes it in transactions). */
    private long rejectedCount() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(LocalPipeline.TOPICS.rejected()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            return countRecords(c, parts);
        }
    }

    private static long countRecords(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts) {
        c.assign(parts);
        c.seekToBeginning(parts);
        Map<TopicPartition, Long> end = c.endOffsets(parts);
        long n = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            n += c.poll(Duration.ofMillis(300)).count();
            boolean atEnd = parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
            if (atEnd) {
                break;
            }
        }
        return n;
    }

    private int dots;

    private void progressDot() {
        dots++;
        if (dots % 15 == 0) {
            say("working… (trainers and evaluator logs in %s)", pipeline.logDir());
        }
    }

    private void say(String format, Object... args) {
        long s = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        out.printf("[%02d:%02d] %s%n", s / 60, s % 60, String.format(format, args));
        out.flush();
    }
}
