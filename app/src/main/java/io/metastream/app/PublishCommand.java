package io.metastream.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.metastream.broker.DataDirs;
import io.metastream.app.publish.ExampleSource;
import io.metastream.app.publish.FileSource;
import io.metastream.app.publish.KafkaTopics;
import io.metastream.app.publish.PublishJob;
import io.metastream.app.publish.PublishReport;
import io.metastream.app.publish.SyntheticSource;
import io.metastream.broker.BrokerConfig;
import io.metastream.broker.LocalBroker;
import io.metastream.domain.Topics;
import io.metastream.domain.data.OnError;
import io.metastream.domain.data.ReadOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metastream publish}: conversations from a file or the generator onto the conversations topic. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish conversation examples to Kafka, keyed by persona id (JSON, idempotent producer,"
                + " acks=all).",
                "Progress goes to stderr about once a second; the counts to stdout at the end."})
final class PublishCommand implements Callable<Integer> {

    static final String SYNTHETIC = "synthetic";
    static final String EMBEDDED = "embedded";

    @Option(names = "--source", required = true, paramLabel = "FILE|synthetic",
            description = "A data file (ParlAI, Hugging Face JSON, SPC CSV) or 'synthetic' for generated personas.")
    String source;

    @Option(names = "--bootstrap", defaultValue = "localhost:9092", paramLabel = "HOST:PORT|embedded",
            description = "Kafka to publish to, or 'embedded' to start a local broker for this run."
                    + " Default: ${DEFAULT-VALUE}.")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Topic to publish to; created if missing. Default: the catalogue's conversations topic.")
    String topic;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
            description = "Partitions if the topic has to be created. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--on-error", defaultValue = "fail", paramLabel = "fail|skip",
            description = "At malformed input in FILE: stop, or skip it and count it. Default: ${DEFAULT-VALUE}.")
    OnError onError;

    @Option(names = "--candidates", defaultValue = "20", paramLabel = "N",
            description = "Candidate set size built for files without candidates (0 = none). Default: ${DEFAULT-VALUE}.")
    int candidates;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "With --bootstrap embedded: keep the broker's data here (default: a temporary dir).")
    Path dataDir;

    @Mixin
    SyntheticOptions synthetic;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Options.requireAtLeast(spec, "--partitions", partitions, 1);
        String targetTopic = topic != null ? topic : Topics.DEFAULT.conversations();
        ExampleSource examples = openSource();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        err.println("publishing " + examples.describe() + " to " + targetTopic);
        err.flush();
        try (EmbeddedOrRemote kafka = EmbeddedOrRemote.connect(bootstrap, dataDir, partitions, err)) {
            var settings = new PublishJob.Settings(kafka.bootstrapServers(), targetTopic, partitions, Duration.ofSeconds(1));
            PublishReport report = new PublishJob(settings, err, System::nanoTime).run(examples);
            long inTopic;
            try (KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers())) {
                inTopic = topics.recordCount(targetTopic);
            }
            printReport(out, report, targetTopic, kafka.bootstrapServers(), inTopic);
            return report.totalFailedSends() == 0 ? 0 : CliErrors.EXIT_FAILURE;
        }
    }

    private ExampleSource openSource() throws IOException {
        if (source.equals(SYNTHETIC)) {
            try {
                return new SyntheticSource(synthetic.config());
            } catch (IllegalArgumentException e) {
                throw Options.invalid(spec, e.getMessage());
            }
        }
        List<String> misplaced = synthetic.generatorOnlyOptionsGiven();
        if (!misplaced.isEmpty()) {
            throw Options.invalid(spec, String.join(", ", misplaced) + " only apply to --source synthetic");
        }
        Path file = Path.of(source);
        Inputs.requireReadableFile(spec, file);
        ReadOptions options;
        try {
            options = ReadOptions.defaults().withOnError(onError).withCandidates(candidates)
                    .withSeed(synthetic.seed != null ? synthetic.seed : ReadOptions.DEFAULT_SEED);
        } catch (IllegalArgumentException e) {
            throw Options.invalid(spec, "Invalid value for option '--candidates': " + e.getMessage());
        }
        return FileSource.open(file, options);
    }

    private static void printReport(PrintWriter out, PublishReport report, String topic, String bootstrap, long inTopic) {
        out.printf(Locale.ROOT, "published %,d examples to %s at %s%n", report.published(), topic, bootstrap);
        out.printf(Locale.ROOT, "rejected  %,d%n", report.totalRejected());
        report.rejectedByCount().forEach((reason, n) -> out.printf(Locale.ROOT, "  %,8d  %s%n", n, reason));
        out.printf(Locale.ROOT, "topic %s now holds %,d records%n", topic, inTopic);
        out.flush();
    }

    /** The Kafka a run publishes to: a given address, or a broker started (and stopped) for this run. */
    private record EmbeddedOrRemote(String bootstrapServers, LocalBroker broker, Path tempDir) implements AutoCloseable {

        static EmbeddedOrRemote connect(String bootstrap, Path dataDir, int partitions, PrintWriter err)
                throws IOException {
            if (!bootstrap.equals(EMBEDDED)) {
                return new EmbeddedOrRemote(bootstrap, null, null);
            }
            Path tempDir = dataDir == null ? Files.createTempDirectory("metastream-embedded-") : null;
            Path dir = dataDir != null ? dataDir : tempDir;
            LocalBroker broker = LocalBroker.start(BrokerConfig.builder().setDataDir(dir)
                    .optDefaultPartitions(partitions).build());
            err.println("started embedded Kafka broker at " + broker.bootstrapServers() + " (data dir " + dir + ")");
            err.flush();
            return new EmbeddedOrRemote(broker.bootstrapServers(), broker, tempDir);
        }

        @Override
        public void close() throws IOException {
            if (broker != null) {
                broker.close();
            }
            if (tempDir != null) {
                DataDirs.delete(tempDir);
            }
        }
    }
}
