package io.metastream.app;

import io.metastream.model.bench.BenchResult;
import io.metastream.model.bench.ModelBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
            description = {"Measure, in one run, this machine's float32 matrix-multiply peak and the MiniLM LoRA "
                    + "training step of the cross-encoder and the bi-encoder: tokens/s, achieved FLOP/s and their "
                    + "ratio to the peak (mfu); and the adapter-bank step over T tasks against T separate per-task "
                    + "steps (bank_speedup). Reports CPU time beside wall time (mfu_cpu), so other load on the machine "
                    + "shows. Takes a few minutes on 2 cores."})
    static final class Model implements Callable<Integer> {
        @Option(names = "--steps", defaultValue = "3", description = "Timed steps per scorer (default ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--rows", defaultValue = "32", description = "Examples per step (default ${DEFAULT-VALUE}).")
        int rows;

        @Option(names = "--seq-len", defaultValue = "64", description = "Tokens per example (default ${DEFAULT-VALUE}).")
        int seqLen;

        @Option(names = "--threads", defaultValue = "0",
                description = "PyTorch intra-op threads for the peak and the steps alike; 0 = one per processor "
                        + "(default). On a busy machine 1 thread often beats 2.")
        int threads;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ModelBenchmark.Options d = ModelBenchmark.Options.defaults();
            ModelBenchmark.Options o = new ModelBenchmark.Options(d.matmulSize(), d.matmulRepeats(), rows, seqLen,
                    steps, d.tasks(), d.rank(), d.trainBase(), d.seed()).withThreads(threads);
            if (!json) {
                spec.commandLine().getErr().println("benchmarking (peak matmul, cross-encoder, bi-encoder, adapter "
                        + "bank)…");
            }
            BenchResult r = ModelBenchmark.run(o);
            spec.commandLine().getOut().println(r.toJson());
            return 0;
        }
    }
}
