package io.metastream.app;

import io.metastream.research.linear.LinearTheoryConfig;
import io.metastream.research.linear.LinearTheoryResult;
import io.metastream.research.linear.LinearTheorySuite;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metastream linear}: the paper's linear setting, exact and deterministic — the correctness anchor. */
@Command(name = "linear", mixinStandardHelpOptions = true,
        description = {"Reproduce the linear theory of arXiv 2410.22264: tasks M*_t = A* + U_t U_tᵀ, standard "
                + "retraining (SR) vs LoRA meta-learning (alternating gradient descent), then rank-k fine-tuning on a "
                + "new task.", "Prints sr_error_rank (= k·T predicted), ml_base_error (≈ 0 for T ≥ 3), ml_error_rank "
                + "(≤ 2k for T = 2), ft_loss_ml and ft_loss_sr."})
final class LinearCommand implements Callable<Integer> {
    @Option(names = "--dim", defaultValue = "10", description = "Dimension d (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--tasks", defaultValue = "3", description = "Retraining tasks T (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--rank", defaultValue = "1", description = "Task rank k (default ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--samples", defaultValue = "5000", description = "Samples per retraining task n (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--ft-samples", defaultValue = "100", description = "Fine-tuning samples n' (default ${DEFAULT-VALUE}).")
    int ftSamples;

    @Option(names = "--noise", defaultValue = "0.1", description = "Noise standard deviation σ (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object (otherwise a short report).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LinearTheoryConfig config = LinearTheoryConfig.builder().optDim(dim).optTasks(tasks).optRank(rank)
                .optSamples(samples).optFtSamples(ftSamples).optNoise(noise).optSeed(seed).build();
        LinearTheoryResult r = LinearTheorySuite.run(config);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(r.toJson());
        } else {
            out.printf("linear setting: d=%d, T=%d, k=%d, n=%d, n'=%d, sigma=%s, seed=%d%n", dim, tasks, rank, samples,
                    ftSamples, noise, seed);
            out.printf("  rank(Â_SR − A*)          = %d   (theory: k·T = %d)%n", r.srErrorRank(), rank * tasks);
            out.printf("  ‖Â_ML − A*‖²_F            = %.3g%n", r.mlBaseError());
            out.printf("  rank(Â_ML − A*)          = %d%n", r.mlErrorRank());
            out.printf("  fine-tuned test loss, ML = %.3g%n", r.ftLossMl());
            out.printf("  fine-tuned test loss, SR = %.3g   (SR/ML = %.3g)%n", r.ftLossSr(), r.ftLossSr() / r.ftLossMl());
        }
        return 0;
    }
}
