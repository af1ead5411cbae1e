package io.metastream.app;

import io.metastream.domain.paired.PromotionPolicy;
import ai.djl.ndarray.NDManager;
import io.metastream.app.local.DemoData;
import io.metastream.app.local.DemoRunner;
import io.metastream.app.local.DemoSummary;
import io.metastream.app.local.LocalPipeline;
import io.metastream.app.local.PipelineSettings;
import io.metastream.domain.Algorithm;
import io.metastream.ingest.IngestConfig;
import io.metastream.ingest.PersonaSplitter;
import io.metastream.model.weights.BaseModel;
import io.metastream.store.ArtifactStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metastream demo}: the whole pipeline on this machine, with one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline locally: a real Kafka broker (KRaft), ingest, one trainer per "
                + "algorithm and the evaluator (each in its own JVM), and the promotion service. Streams persona "
                + "conversations in waves, shows each meta-update round and its few-shot evaluation on held-out "
                + "personas side by side, promotes the best version through the audited promotion path, and "
                + "shuts everything down (Ctrl-C too)."},
        footer = {"%nExamples:%n  metastream demo%n  metastream demo --model tiny --rounds 3 --json%n"
                + "  metastream demo --data ../shared/data/persona/convai2_valid_self_original_no_cands.txt"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "FILE",
            description = "Persona conversations (ParlAI, Hugging Face JSON or Synthetic-Persona-Chat CSV); "
                    + "default: the built-in synthetic persona generator.")
    Path data;

    @Option(names = "--rounds", defaultValue = "2", description = "Meta-update rounds per trainer (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--personas", defaultValue = "16",
            description = "Train personas to stream, spread over the rounds (default ${DEFAULT-VALUE}).")
    int personas;

    @Option(names = "--examples-per-persona", defaultValue = "24",
            description = "Conversations per persona at most (default ${DEFAULT-VALUE}).")
    int perPersona;

    @Option(names = "--model", defaultValue = "minilm",
            description = "Base model: minilm (real pretrained MiniLM-L6, offline) or tiny (random, for smoke tests). "
                    + "Default ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--algorithms", split = ",", defaultValue = "LORA_ML,SR",
            description = "One trainer per algorithm, side by side: LORA_ML, SR, REPTILE, LAST_LAYER_ML, NONE "
                    + "(default ${DEFAULT-VALUE}).")
    List<Algorithm> algorithms;

    @Option(names = "--eval-personas", defaultValue = "4",
            description = "Held-out personas in the frozen evaluation set (default ${DEFAULT-VALUE}).")
    int evalPersonas;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the broker data, artifacts and logs go (default ./metastream-data/demo-<time>).")
    Path workDir;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "Give up after this long (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--linger", defaultValue = "0",
            description = "Keep the services (and their /metrics) running this many seconds after the summary.")
    int linger;

    @Option(names = "--metrics-port-base", defaultValue = "0",
            description = "First metrics port (ingest, control, evaluator, trainers follow); 0 = free ports.")
    int metricsPortBase;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the data and every service (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON summary object on stdout (progress goes to stderr).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || personas < 2 || evalPersonas < 1 || perPersona < 4) {
            throw new IllegalArgumentException("--rounds ≥ 1, --personas ≥ 2, --eval-personas ≥ 1 and "
                    + "--examples-per-persona ≥ 4 are required");
        }
        if (data != null && !Files.isRegularFile(data)) {
            throw new IllegalArgumentException("no such data file: " + data);
        }
        PrintWriter progress = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        Path work = workDir != null ? workDir : Path.of("metastream-data",
                "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        // the in-process broker and clients log retriable noise: keep the terminal for progress, logs in a file
        Files.createDirectories(work.resolve("logs"));
        System.setProperty("org.slf4j.simpleLogger.logFile", work.resolve("logs").resolve("demo.log").toString());
        double heldOut = 0.2;
        PersonaSplitter splitter = new PersonaSplitter(heldOut, IngestConfig.DEFAULT_SALT);
        DemoData stream = DemoData.load(data, personas, evalPersonas, perPersona, rounds, splitter, seed);
        progress.printf("Metastream demo: %s, model %s, algorithms %s, %d rounds; work dir %s%n", stream.description(),
                model, algorithms, rounds, work.toAbsolutePath());
        progress.flush();
        Path reference = exportPretrained(work.resolve("pretrained"));
        PipelineSettings settings = new PipelineSettings(work.toAbsolutePath(), algorithms,
                Math.max(1, stream.trainPersonasPerWave() * 3 / 4), heldOut, 6, 3, evalPersonas, reference,
                trainerOptions(), evaluatorOptions(), List.of("-Xmx3g", "-Dai.djl.pytorch.num_threads=1",
                        "-Dai.djl.pytorch.num_interop_threads=1"), metricsPortBase, seed, PromotionPolicy.defaults());
        try (LocalPipeline pipeline = LocalPipeline.start(settings)) {
            Thread hook = new Thread(pipeline::close, "metastream-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            progress.printf("broker %s; control API %s (token in the summary); metrics ports %s%n",
                    pipeline.bootstrapServers(), pipeline.controlUri(), pipeline.metricsPorts());
            DemoSummary summary = new DemoRunner(pipeline, stream, rounds, timeout, progress).run();
            printSummary(summary, pipeline, progress);
            if (json) {
                spec.commandLine().getOut().println(summary.toJson());
                spec.commandLine().getOut().flush();
            }
            if (linger > 0) {
                progress.printf("services stay up for %d s (metrics at %s)%n", linger, summary.metricsPorts());
                progress.flush();
                Thread.sleep(linger * 1000L);
            }
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        progress.println("stopped: broker, ingest, trainers, evaluator and control are shut down.");
        progress.flush();
        return 0;
    }

    private Path exportPretrained(Path dir) throws Exception {
        if (Files.exists(dir.resolve(ArtifactStore.MANIFEST_FILE))) {
            return dir.toAbsolutePath();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            BaseModel.load(model, manager, seed, null).export(dir);
        }
        ArtifactStore.writeManifest(dir); // the evaluator verifies the reference base before it scores it
        return dir.toAbsolutePath();
    }

    private Map<String, String> trainerOptions() {
        return Map.of("model", model, "epochs", "1", "max_examples_per_task", "16", "scorer", "bi",
                "lr", "5e-5", "task_lr", "1e-3");
    }

    private Map<String, String> evaluatorOptions() {
        return Map.of("steps", "3", "scorer", "bi", "tasks_per_step", "4");
    }

    private static void printSummary(DemoSummary s, LocalPipeline p, PrintWriter out) {
        out.println();
        out.printf("done in %d s: %d checkpoints, %d evaluations, %d promotion(s), %d records rejected "
                        + "(%d malformed sent on purpose); production: %s%n",
                s.elapsed().toSeconds(), s.status().versions().size(), s.evaluations(), s.promotions(), s.rejected(),
                s.badRecordsSent(), s.status().production() == null ? "none" : s.status().production());
        out.printf("  artifacts (Hugging Face layout, sha256 manifests): %s%n", s.artifactDir());
        out.printf("  promotion ledger: topic %s; status: METASTREAM_CONTROL_URL=%s METASTREAM_CONTROL_TOKEN=%s "
                + "metastream status%n", LocalPipeline.TOPICS.promotionLedger(), s.controlUrl(), p.controlToken());
        out.printf("  service logs: %s%n", s.logDir());
        out.printf("  metrics (Prometheus text at http://localhost:<port>/metrics): %s%n", s.metricsPorts());
        out.flush();
    }
}
