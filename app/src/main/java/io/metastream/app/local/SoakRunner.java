package io.metastream.app.local;

import io.metastream.control.StatusView;
import io.metastream.control.client.ControlClientException;
import io.metastream.domain.Algorithm;
import io.metastream.domain.Checkpoint;
import io.metastream.domain.Evaluation;
import io.metastream.store.ArtifactIntegrityException;
import io.metastream.store.ArtifactStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Crashes a running {@link LocalPipeline} on purpose and checks what survived: one wave of conversations per round,
 * the trainer killed ({@code kill -9}) at a random point of the round and restarted, the evaluator killed likewise
 * every few rounds; then the checkpoints' lineage, every version's manifest and the evaluations are checked.
 */
public final class SoakRunner {
    private final LocalPipeline pipeline;
    private final DemoData data;
    private final int trainerKills;
    private final int evaluatorKills;
    private final Random random;
    private final Duration timeout;
    private final PrintWriter out;
    private final long started = System.nanoTime();
    private final ConversationFeed feed;
    private final PipelineRecords records;
    private int statusRetries;

    /** @param data one wave per round: at least {@code trainerKills + 1} waves (the first round is not killed) */
    public SoakRunner(LocalPipeline pipeline, DemoData data, int trainerKills, int evaluatorKills, long seed,
            Duration timeout, PrintWriter out) {
        if (data.waves().size() < trainerKills + 1) {
            throw new IllegalArgumentException(data.waves().size() + " waves for " + trainerKills + " trainer kills");
        }
        if (pipeline.trainers().size() != 1) {
            throw new IllegalArgumentException("the soak runs one trainer");
        }
        this.pipeline = pipeline;
        this.data = data;
        this.trainerKills = trainerKills;
        this.evaluatorKills = evaluatorKills;
        this.random = new Random(seed);
        this.timeout = timeout;
        this.out = out;
        this.feed = new ConversationFeed(pipeline.bootstrapServers(), LocalPipeline.TOPICS);
        this.records = new PipelineRecords(pipeline.bootstrapServers());
    }

    public SoakReport run() throws Exception {
        ChildService trainer = pipeline.trainers().values().iterator().next();
        ChildService evaluator = pipeline.evaluator();
        long deadline = System.nanoTime() + timeout.toNanos();
        int killsDone = 0;
        int killsMidRound = 0;
        int evaluatorKillsDone = 0;
        long roundNanos = 0;
        int every = evaluatorKills == 0 ? Integer.MAX_VALUE : Math.max(1, trainerKills / evaluatorKills);
        for (int w = 0; w < data.waves().size(); w++) {
            int before = checkpointCount();
            long t0 = System.nanoTime();
            feed.publish(data.waves().get(w));
            if (w == 0) {
                waitFor(deadline, () -> checkpointCount() > before, "the first round");
                roundNanos = System.nanoTime() - t0;
                say("round 1 took %d s without a kill; later rounds are killed within that time", roundNanos / 1_000_000_000);
                continue;
            }
            if (killsDone < trainerKills) {
                // a random point between the wave's arrival and the expected end of its round
                Thread.sleep((long) (roundNanos / 1_000_000 * (0.2 + 0.75 * random.nextDouble())));
                boolean midRound = checkpointCount() == before;
                trainer.crash();
                killsDone++;
                killsMidRound += midRound ? 1 : 0;
                say("kill -9 trainer #%d (%s)", killsDone, midRound ? "mid-round" : "after its checkpoint");
                trainer.restart();
            }
            if (evaluatorKillsDone < evaluatorKills && w % every == 0) {
                Thread.sleep((long) (roundNanos / 1_000_000 * random.nextDouble() * 0.5));
                evaluator.crash();
                evaluatorKillsDone++;
                say("kill -9 evaluator #%d", evaluatorKillsDone);
                evaluator.restart();
            }
            waitFor(deadline, () -> checkpointCount() > before, "round " + (w + 1) + " after the restart");
        }
        waitFor(deadline, this::quiet, "every checkpoint evaluated");
        return check(killsDone, killsMidRound, evaluatorKillsDone);
    }

    private SoakReport check(int kills, int midRound, int evaluatorKillsDone) throws IOException {
        Algorithm algorithm = pipeline.trainers().keySet().iterator().next();
        return check(records, pipeline.artifactDir(), algorithm, kills, midRound, evaluatorKillsDone, statusRetries,
                Duration.ofNanos(System.nanoTime() - started), out);
    }

    /**
     * The soak's checks on what a pipeline left in its topics and store (also usable on the broker data and
     * artifacts of an earlier run).
     */
    public static SoakReport check(PipelineRecords records, java.nio.file.Path artifactDir, Algorithm algorithm,
            int kills, int midRound, int evaluatorKillsDone, int statusRetries, Duration wallTime, PrintWriter out)
            throws IOException {
        List<Checkpoint> checkpoints = records.checkpoints();
        Lineage lineage = Lineage.of(checkpoints, LocalPipeline.TOPICS.personaTasks());
        String group = "metastream-trainer-" + PipelineSettings.versionPrefix(algorithm).replaceAll("-$", "");
        Map<Integer, Long> committed = records.committed(group, LocalPipeline.TOPICS.personaTasks());
        long unaccounted = lineage.unaccounted(committed); // consumed but in no checkpoint, or the reverse
        ArtifactStore store = new ArtifactStore(artifactDir);
        Map<String, String> published = new HashMap<>();
        checkpoints.forEach(c -> published.put(c.version(), c.sha256()));
        int partial = 0;
        for (String v : store.versions()) {
            try {
                String sha = published.get(v);
                if (sha == null) {
                    throw new ArtifactIntegrityException(ArtifactIntegrityException.Problem.UNREADABLE,
                            v + " is in the store but no checkpoint names it");
                }
                store.verify(v, sha);
            } catch (ArtifactIntegrityException e) {
                partial++;
                out.printf("partial or orphan version: %s%n", e.getMessage());
            }
        }
        // a published version no longer on disk was removed whole by retention (METASTREAM_RETAIN_VERSIONS),
        // not left partial: a partial directory is one on disk that does not verify
        long retired = published.keySet().stream().filter(v -> !store.path(v).toFile().isDirectory()).count();
        out.printf("%d published versions retired by retention, %d on disk checked%n", retired,
                published.size() - retired);
        Map<String, Integer> evaluations = new HashMap<>();
        for (Evaluation e : records.evaluations()) {
            evaluations.merge(e.version() + "@" + e.evalSetVersion(), 1, Integer::sum);
        }
        long duplicates = evaluations.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        return new SoakReport(kills, midRound, evaluatorKillsDone, checkpoints.size(), lineage.lost() + unaccounted,
                lineage.doubled(), partial, duplicates, evaluations.size(),
                statusRetries, wallTime);
    }

    /** Every checkpoint has an evaluation. */
    private boolean quiet() {
        pipeline.checkChildren();
        StatusView s = status();
        return !s.versions().isEmpty() && s.versions().stream().allMatch(r -> r.hits1Mean() != null);
    }

    private int checkpointCount() {
        return status().versions().size();
    }

    /** The control API's status; a slow answer on a starved machine is retried (and counted), not fatal. */
    private StatusView status() {
        for (int attempt = 1; ; attempt++) {
            try {
                return pipeline.controlClient().status();
            } catch (ControlClientException e) {
                statusRetries++;
                if (attempt == 10) {
                    throw e;
                }
                say("status not answered (%s); retrying", e.getMessage());
            }
        }
    }

    private void waitFor(long deadline, BooleanSupplier condition, String what) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            pipeline.checkChildren();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("soak: no " + what + " within " + timeout + "; logs in "
                        + pipeline.logDir());
            }
            Thread.sleep(500);
        }
    }

    private void say(String format, Object... args) {
        long s = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        out.printf("[%02d:%02d] %s%n", s / 60, s % 60, String.format(format, args));
        out.flush();
    }
}
