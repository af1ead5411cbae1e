package io.metastream.app;

import io.metastream.app.bench.ReadaptBenchmark;
import io.metastream.model.bench.BenchResult;
import io.metastream.model.bench.ModelBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metastream bench}: measured speed of this machine and of our training steps. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (measurements, not tests).",
        subcommands = {BenchCommand.Model.class, IngestBenchCommand.class, BenchCommand.Readapt.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "model", mixinStandardHelpOptions = true,
            description = {"Time, in one run and through the services' own classes, the steps the services take "
                    + "on MiniLM, each against this machine's float32 matrix-multiply peak measured in the same run "
                    + "with the same threads (mfu = achieved FLOP/s / peak): retrain_step (a LoRA-ML round step, "
                    + "trainable base), fewshot_step (the evaluator's step, frozen base), fewshot_bank_speedup "
                    + "(8 held-out personas in one batched step against 8 per-persona steps) and score_throughput "
                    + "(ranking queries with 20 candidates, forward only); a profile of the retrain step; CPU time "
                    + "beside wall time and the machine's load before and after, so other load shows. Takes a few "
                    + "minutes on 2 cores."})
    static final class Model implements Callable<Integer> {
        @Option(names = "--steps", defaultValue = "3", description = "Timed repeats of every step (default ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--threads", defaultValue = "0",
                description = "PyTorch intra-op threads for the peak and the steps alike; 0 = one per processor "
                        + "(default). On a busy machine 1 thread often beats 2.")
        int threads;

        @Mixin
        DeviceOption device;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Options.requireAtLeast(spec, "--steps", steps, 1);
            Options.requireAtLeast(spec, "--threads", threads, 0);
            ModelBenchmark.Options o = ModelBenchmark.Options.defaults().withSteps(steps).withThreads(threads)
                    .withDevice(device.resolve());
            if (!json) {
                spec.commandLine().getErr().println("benchmarking (peak matmul, retrain step, few-shot step, "
                        + "few-shot bank, scoring, profile)…");
            }
            BenchResult r = ModelBenchmark.run(o);
            spec.commandLine().getOut().println(r.toJson());
            return 0;
        }
    }
    @Command(name = "readapt", mixinStandardHelpOptions = true,
            description = {"Personas re-adapted per minute by 'metastream readapt' (old adapter ported and scored, "
                    + "fresh adapter trained, new adapter written with its lineage) with personas batched in one "
                    + "adapter bank (--batch-personas 16) against one at a time (1), in one run on one registry of "
                    + "the --data file's largest personas; runs interleaved, medians over --repeat, load average "
                    + "before and after. Minutes on MiniLM: run it on an idle machine."})
    static final class Readapt implements Callable<Integer> {
        @Option(names = "--data", required = true, paramLabel = "FILE",
                description = "Examples (JSONL or any supported data file), e.g. Synthetic-Persona-Chat test.")
        Path data;

        @Option(names = "--model", defaultValue = "minilm", description = "minilm | tiny | a directory (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--personas", defaultValue = "32", description = "Personas (default ${DEFAULT-VALUE}).")
        int personas;

        @Option(names = "--support", defaultValue = "16", description = "Support examples each (default ${DEFAULT-VALUE}).")
        int support;

        @Option(names = "--query", defaultValue = "8", description = "Query examples each (default ${DEFAULT-VALUE}).")
        int query;

        @Option(names = "--batch-personas", split = ",", defaultValue = "16,1",
                description = "batch_personas values; speed-ups are against the first (default ${DEFAULT-VALUE}).")
        List<Integer> batchPersonas;

        @Option(names = "--repeat", defaultValue = "1", description = "Runs per configuration (default ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A few-shot option (rank, steps, lr, ...).")
        Map<String, String> settings = new LinkedHashMap<>();

        @Mixin
        DeviceOption device;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(data)) {
                throw new IllegalArgumentException("--data: no such file: " + data);
            }
            Map<String, String> few = new LinkedHashMap<>(settings);
            few.put("device", device.value());
            ReadaptBenchmark.Result r;
            Path work = Files.createTempDirectory("metastream-bench-readapt");
            try {
                ReadaptBenchmark.Options o;
                try {
                    o = new ReadaptBenchmark.Options(model, data, personas, support, query, batchPersonas, repeat,
                            few);
                    io.metastream.learning.adapt.AdaptOptions.parse(few);
                } catch (IllegalArgumentException e) {
                    throw Options.invalid(spec, e.getMessage());
                }
                r = ReadaptBenchmark.run(o, work);
            } finally {
                io.metastream.store.ArtifactStore.deleteDirectory(work);
            }
            if (json) {
                spec.commandLine().getOut().println(r.json());
            } else {
                for (ReadaptBenchmark.Config c : r.configs()) {
                    spec.commandLine().getOut().printf(Locale.ROOT, "batch_personas=%-3d %8.1f personas/min "
                            + "(median %.1f s for %d personas) x%.2f%n", c.batchPersonas(), c.personasPerMinute(),
                            c.medianSeconds(), r.personas(), r.speedupOverFirst().get("batch_personas="
                                    + c.batchPersonas()));
                }
                spec.commandLine().getOut().printf("load before %s, after %s%n", r.loadBefore(), r.loadAfter());
            }
            return 0;
        }
    }
}
