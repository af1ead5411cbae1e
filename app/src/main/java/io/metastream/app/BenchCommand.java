package io.metastream.app;

import io.metastream.model.bench.BenchResult;
import io.metastream.model.bench.ModelBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metastream bench}: measured speed of this machine and of our training steps. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (measurements, not tests).",
        subcommands = {BenchCommand.Model.class, IngestBenchCommand.class})
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
}
