package io.metastream.app;

import io.metastream.domain.Topics;
import io.metastream.domain.serde.Json;
import io.metastream.learning.adapt.AdapterLineage;
import io.metastream.learning.adapt.Readaptation;
import io.metastream.learning.adapt.Registry;
import io.metastream.runtime.ServiceConfig;
import io.metastream.store.ArtifactIntegrityException;
import io.metastream.store.ArtifactStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code metastream readapt}: re-adapt registered persona adapters on a new base; {@code register} adds one. */
@Command(name = "readapt", mixinStandardHelpOptions = true, subcommands = ReadaptCommand.Register.class,
        description = {"Re-adapt every persona adapter of a registry on a new base, in batches of personas, and write "
                + "each new adapter to --out/<persona>/ with registration.json (so --out is the registry for the next "
                + "base) and lineage.json: old adapter digest, old and new base digests, examples digests, and the "
                + "persona's hits@1 before (the old adapter ported unchanged onto the new base) and after.",
                "",
                "A registry is a directory with one subdirectory per persona: a PEFT adapter (adapter_config.json, "
                        + "adapter_model.safetensors, optional metastream_head.safetensors) plus registration.json "
                        + "{persona_id, examples, base_digest, optional query_examples}; 'metastream readapt "
                        + "register' creates one from 'metastream adapt' output.",
                "",
                "Resumable: run it again after a crash and finished personas are not redone. A registration with a "
                        + "missing or corrupt adapter or examples file is reported with the reason and skipped.",
                "",
                "Settings (--set KEY=VALUE): batch_personas (personas per adapter bank, default 16), seed (default "
                        + "1), and the few-shot options (rank, alpha, lr, batch, tasks_per_step, scorer, "
                        + "context_len, candidate_len, ...).",
                "",
                "Service mode (--follow --store DIR --out DIR): follows the production pointer the control service "
                        + "moves on every promotion and rollback (Kafka: --bootstrap, --topic-prefix) and, whenever "
                        + "production becomes V, re-adapts the registry onto the store's V into --out/V/ (from the "
                        + "last completely re-adapted registry, --out/FOLLOWED, else --registry). Runs until "
                        + "stopped; restart it after a crash and finished personas are not redone. With "
                        + "--metrics-port it serves /metrics (metastream_readapt_*) and /health/ready, ready once "
                        + "it has read the pointer.",
                "",
                "Exit status: 0 when every registered persona has an adapter for the new base, 1 when one was "
                        + "skipped or failed (the others are written), 2 for a wrong command line."})
final class ReadaptCommand implements Callable<Integer> {

    @Option(names = "--registry", paramLabel = "DIR", description = "The registry of persona adapters.")
    Path registry;

    @Option(names = "--base", paramLabel = "DIR", description = "The new base (Hugging Face layout, with MANIFEST.sha256).")
    Path base;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the new adapters go (one subdirectory per persona; reused to resume).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting (repeatable; see Settings).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--follow", description = "Service mode: re-adapt whenever production changes (see above).")
    boolean follow;

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "${env:METASTREAM_ARTIFACT_DIR}",
            description = "With --follow: the artifact store of the bases (default: $METASTREAM_ARTIFACT_DIR).")
    Path store;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "${env:METASTREAM_BOOTSTRAP_SERVERS}",
            description = "With --follow: Kafka (default: $METASTREAM_BOOTSTRAP_SERVERS).")
    String bootstrap;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "${env:METASTREAM_TOPIC_PREFIX:-metastream.}",
            description = "With --follow: the topic prefix (default: $METASTREAM_TOPIC_PREFIX or metastream.).")
    String topicPrefix;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${env:METASTREAM_METRICS_PORT}",
            description = "With --follow: serve /metrics and /health/* on this port, 0 = any free port (default: "
                    + "$METASTREAM_METRICS_PORT, else none).")
    String metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST",
            defaultValue = "${env:METASTREAM_METRICS_HOST:-" + ServiceConfig.DEFAULT_METRICS_HOST + "}",
            description = "With --metrics-port: the address it binds (default: $METASTREAM_METRICS_HOST or "
                    + ServiceConfig.DEFAULT_METRICS_HOST + ").")
    String metricsHost;

    @Option(names = "--json", description = "Print one JSON summary object on stdout (progress goes to stderr).")
    boolean json;

    @Option(names = "--unverified", description = "Accept a --base without MANIFEST.sha256 (a foreign checkpoint).")
    boolean unverified;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (follow) {
            return follow();
        }
        for (var o : List.of(Map.entry("--registry", Optional.ofNullable(registry)),
                Map.entry("--base", Optional.ofNullable(base)), Map.entry("--out", Optional.ofNullable(out)))) {
            if (o.getValue().isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Missing required option: '" + o.getKey() + "'");
            }
        }
        AdaptCommands.requireDir(registry, "--registry");
        String digest = baseDigest(base, "--base", unverified);
        Map<String, String> options = checkedOptions();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err);
        Readaptation.Summary s = Readaptation.run(new Readaptation.Request(registry, base, digest, out, options),
                new Readaptation.Listener() {
                    @Override
                    public void started(int toDo, int alreadyDone, int rejected) {
                        bar.log(String.format(Locale.ROOT, "re-adapting %d personas on %s (%d already done, %d "
                                + "skipped)", toDo, base, alreadyDone, rejected));
                    }

                    @Override
                    public void batch(int index, int batches, int personas) {
                        bar.phase(String.format(Locale.ROOT, "batch %d/%d: %d personas in one adapter bank", index,
                                batches, personas));
                    }

                    @Override
                    public void step(long done, long total) {
                        bar.step(done, total);
                    }

                    @Override
                    public void finished(int done, int toDo, Readaptation.PersonaResult r) {
                        bar.log(String.format(Locale.ROOT, "%d/%d personas done (%s: %s)", done, toDo, r.name(),
                                r.status() == Readaptation.Status.FAILED ? "failed: " + r.reason()
                                        : r.status().name().toLowerCase(Locale.ROOT)));
                    }
                });
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(Json.mapper().writeValueAsString(jsonSummary(s)));
        } else {
            for (Readaptation.PersonaResult r : s.personas()) {
                stdout.println(line(r));
            }
            stdout.printf(Locale.ROOT, "%d registered: %d re-adapted, %d already done, %d skipped, %d failed; "
                    + "adapters in %s%n", s.registered(), s.readapted(), s.alreadyDone(), s.rejected(), s.failed(), out);
        }
        stdout.flush();
        return s.rejected() + s.failed() == 0 ? 0 : CliErrors.EXIT_FAILURE;
    }

    /** The --set settings and the device, checked before anything runs. */
    private Map<String, String> checkedOptions() {
        Map<String, String> options = new LinkedHashMap<>(settings);
        options.put("device", device.value());
        try {
            Readaptation.checkOptions(options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return options;
    }

    /** {@code --follow}: one re-adaptation per production change, until the process is stopped. */
    private Integer follow() throws Exception {
        for (var o : List.of(Map.entry("--registry", Optional.ofNullable(registry)),
                Map.entry("--store", Optional.ofNullable(store)), Map.entry("--out", Optional.ofNullable(out)),
                Map.entry("--bootstrap", Optional.ofNullable(bootstrap).filter(b -> !b.isBlank())))) {
            if (o.getValue().isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Missing required option with --follow: '"
                        + o.getKey() + "'");
            }
        }
        AdaptCommands.requireDir(registry, "--registry");
        AdaptCommands.requireDir(store, "--store");
        Map<String, String> options = checkedOptions();
        OptionalInt port = metricsPort();
        String host = metricsHost();
        // security settings (METASTREAM_KAFKA_*) as every service takes them; the bootstrap from the command line
        Properties kafka = new ServiceConfig(System.getenv()).kafkaOverrides();
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ReadaptService service = ReadaptService.start(kafka, new Topics(topicPrefix), new ArtifactStore(store),
                registry, out, options, host, port)) {
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                service.stop();
                try {
                    main.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            err.printf("following production (topic prefix %s); re-adapted registries go to %s/<version>%n",
                    topicPrefix, out);
            service.opsAddress().ifPresent(a -> err.printf("metrics and health at http://%s/metrics, "
                    + "/health/ready, /health/live%n", a));
            err.flush();
            service.run(f -> {
                Readaptation.Summary s = f.summary();
                for (Readaptation.PersonaResult r : s.personas()) {
                    stdout.println(line(r));
                }
                stdout.printf(Locale.ROOT, "production %s: %d registered: %d re-adapted, %d already done, "
                        + "%d skipped, %d failed; adapters in %s (from %s)%n", f.version(), s.registered(),
                        s.readapted(), s.alreadyDone(), s.rejected(), s.failed(), out.resolve(f.version()),
                        f.source());
                stdout.flush();
            }, err);
            return 0; // stopped
        }
    }

    /** {@code --metrics-port}: empty when unset (no ops server). */
    private OptionalInt metricsPort() {
        if (metricsPort == null || metricsPort.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            int p = Integer.parseInt(metricsPort.strip());
            if (p >= 0 && p <= 65_535) {
                return OptionalInt.of(p);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "--metrics-port (default $METASTREAM_METRICS_PORT): "
                + "expected a port in [0, 65535] (0 = any free port), got '" + metricsPort + "'");
    }

    /** {@code --metrics-host}, checked as every service checks {@value ServiceConfig#METRICS_HOST}. */
    private String metricsHost() {
        ServiceConfig c = new ServiceConfig(Map.of(ServiceConfig.METRICS_HOST, metricsHost));
        String host = c.metricsHost();
        if (!c.errors().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--metrics-host: " + c.errors().get(0));
        }
        return host;
    }

    /** The base's artifact digest, verified against its manifest unless the user vouches for a foreign one. */
    static String baseDigest(Path dir, String option, boolean unverified) throws java.io.IOException {
        AdaptCommands.requireVerified(dir, option, unverified);
        try {
            return ArtifactStore.verifyDirectory(dir);
        } catch (ArtifactIntegrityException e) {
            return ArtifactStore.digestDirectory(dir); // --unverified and no manifest: the digest it would have
        }
    }

    private static String line(Readaptation.PersonaResult r) {
        String status = r.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (r.lineage().isEmpty()) {
            return String.format(Locale.ROOT, "%-24s %-12s %s", r.name(), status, r.reason());
        }
        AdapterLineage l = r.lineage().get();
        return String.format(Locale.ROOT, "%-24s %-12s hits@1 before %s -> after %s (on %d %s)%s", r.name(), status,
                fmt(l.beforeHits1()), fmt(l.afterHits1()), l.scoredExamples(), l.scoredOn().replace('_', ' '),
                l.beforeNote() == null ? "" : "; " + l.beforeNote());
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static Map<String, Object> jsonSummary(Readaptation.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("registered", s.registered());
        m.put("readapted", s.readapted());
        m.put("already_done", s.alreadyDone());
        m.put("skipped", s.rejected());
        m.put("failed", s.failed());
        m.put("personas", s.personas().stream().map(r -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", r.name());
            p.put("status", r.status().name().toLowerCase(Locale.ROOT));
            r.lineage().ifPresent(l -> p.put("lineage", l));
            if (!r.reason().isEmpty()) {
                p.put("reason", r.reason());
            }
            return p;
        }).toList());
        return m;
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Add a persona adapter written by 'metastream adapt' to a registry: copies its PEFT files to "
                    + "--registry/<persona>/ and writes registration.json pointing at the examples where they are.")
    static final class Register implements Callable<Integer> {
        @Option(names = "--registry", required = true, paramLabel = "DIR", description = "The registry (created if absent).")
        Path registry;

        @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "The adapter ('adapt --out').")
        Path adapter;

        @Option(names = "--examples", required = true, paramLabel = "FILE",
                description = "The support examples it was adapted on ('adapt --examples').")
        Path examples;

        @Option(names = "--queries", paramLabel = "FILE",
                description = "Held-out examples of the persona to measure before/after on (default: the support examples).")
        Path queries;

        @Option(names = "--base", required = true, paramLabel = "DIR", description = "The base it was adapted on.")
        Path base;

        @Option(names = "--persona", description = "The persona, when the examples file holds several.")
        String persona;

        @Option(names = "--replace", description = "Replace the persona's existing registration.")
        boolean replace;

        @Option(names = "--unverified",
                description = "Accept a --base or --adapter without MANIFEST.sha256 (a foreign checkpoint).")
        boolean unverified;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            AdaptCommands.requireVerified(adapter, "--adapter", unverified);
            String digest = baseDigest(base, "--base", unverified);
            for (Path f : queries == null ? List.of(examples) : List.of(examples, queries)) {
                if (!Files.isRegularFile(f)) {
                    throw new IllegalArgumentException("no such examples file: " + f);
                }
            }
            Path dir = Registry.register(registry, adapter, examples, Optional.ofNullable(queries), persona, digest,
                    replace);
            spec.commandLine().getOut().printf("registered %s (base %s)%n", dir, digest.substring(0, 12));
            return 0;
        }
    }
}
