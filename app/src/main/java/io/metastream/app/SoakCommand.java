package io.metastream.app;

import io.metastream.app.local.DemoData;
import io.metastream.app.local.LocalPipeline;
import io.metastream.app.local.PipelineRecords;
import io.metastream.app.local.PipelineSettings;
import io.metastream.broker.BrokerConfig;
import io.metastream.broker.LocalBroker;
import io.metastream.app.local.SoakReport;
import io.metastream.app.local.SoakRunner;
import io.metastream.domain.Algorithm;
import io.metastream.ingest.IngestConfig;
import io.metastream.ingest.PersonaSplitter;
import io.metastream.domain.paired.PromotionPolicy;
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

/** {@code metastream soak}: the pipeline crashed on purpose, many times, then checked for loss and duplication. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Run the local pipeline (real broker, ingest, control, one trainer and the evaluator in their "
                + "own JVMs) with a stream of conversation waves, kill the trainer with SIGKILL at a random point "
                + "of a round and restart it, kill the evaluator likewise, then check that the checkpoints' offset "
                + "ranges tile every partition (no task lost or double-counted), that every version directory "
                + "verifies against its manifest, and that no evaluation was published twice. Exit 0 when all hold."},
        footer = {"%nExample:%n  metastream soak --trainer-kills 20 --evaluator-kills 5 --model tiny"})
final class SoakCommand implements Callable<Integer> {
    @Option(names = "--trainer-kills", defaultValue = "20", description = "Trainer kills (default ${DEFAULT-VALUE}).")
    int trainerKills;

    @Option(names = "--evaluator-kills", defaultValue = "5", description = "Evaluator kills (default ${DEFAULT-VALUE}).")
    int evaluatorKills;

    @Option(names = "--model", defaultValue = "tiny", description = "Base model (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--personas-per-round", defaultValue = "3",
            description = "New train personas per wave (default ${DEFAULT-VALUE}).")
    int perRound;

    @Option(names = "--epochs", defaultValue = "40",
            description = "Trainer epochs per round: long enough for a kill to land inside (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Default ./metastream-data/soak-<time>.")
    Path workDir;

    @Option(names = "--timeout", defaultValue = "PT50M", description = "Give up after this long (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--seed", defaultValue = "11", description = "Seed of the data, the kill points and the services.")
    long seed;

    @Option(names = "--check-only", description = "Only run the checks on the broker data and artifacts an earlier "
            + "soak left in --work-dir (for a run that did not finish).")
    boolean checkOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (trainerKills < 0 || evaluatorKills < 0 || perRound < 2 || epochs < 1) {
            throw new IllegalArgumentException("--trainer-kills and --evaluator-kills ≥ 0, --personas-per-round ≥ 2 "
                    + "and --epochs ≥ 1 are required");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = (workDir != null ? workDir : Path.of("metastream-data",
                "soak-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath();
        Files.createDirectories(work.resolve("logs"));
        System.setProperty("org.slf4j.simpleLogger.logFile", work.resolve("logs").resolve("soak.log").toString());
        if (checkOnly) {
            if (workDir == null) {
                throw new IllegalArgumentException("--check-only needs the --work-dir of the earlier run");
            }
            try (LocalBroker broker = LocalBroker.start(BrokerConfig.builder().setDataDir(work.resolve("kafka")).build())) {
                SoakReport r = SoakRunner.check(new PipelineRecords(broker.bootstrapServers()), work.resolve("artifacts"),
                        Algorithm.LORA_ML, 0, 0, 0, 0, Duration.ZERO, out);
                out.println(r.summary());
                out.flush();
                return r.passed() ? 0 : 1;
            }
        }
        int rounds = trainerKills + 1;
        PersonaSplitter splitter = new PersonaSplitter(0.2, IngestConfig.DEFAULT_SALT);
        DemoData data = DemoData.load(null, perRound * rounds, 2, 24, rounds, splitter, seed);
        Map<String, String> trainer = Map.of("model", model, "epochs", Integer.toString(epochs), "batch", "4",
                "scorer", "bi");
        Map<String, String> evaluator = Map.of("steps", "2", "scorer", "bi");
        // a round after all but one of a wave's personas (a persona may fall short of the minimum query size)
        PipelineSettings settings = new PipelineSettings(work, List.of(Algorithm.LORA_ML),
                Math.max(1, data.trainPersonasPerWave() - 1), 0.2, 6, 2, 2, null, trainer, evaluator,
                List.of("-Xmx1g", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"), 0, seed,
                PromotionPolicy.defaults());
        out.printf("Metastream soak: %d rounds, %d trainer kills, %d evaluator kills, model %s; work dir %s%n", rounds,
                trainerKills, evaluatorKills, model, work);
        out.flush();
        SoakReport report;
        try (LocalPipeline pipeline = LocalPipeline.start(settings)) {
            Thread hook = new Thread(pipeline::close, "metastream-soak-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            report = new SoakRunner(pipeline, data, trainerKills, evaluatorKills, seed, timeout, out).run();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        out.println(report.summary());
        out.flush();
        return report.passed() ? 0 : 1;
    }
}
