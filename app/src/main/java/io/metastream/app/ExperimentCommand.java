package io.metastream.app;

import io.metastream.domain.Algorithm;
import io.metastream.research.experiment.Experiment;
import io.metastream.research.experiment.ExperimentConfig;
import io.metastream.research.experiment.ExperimentProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code metastream experiment}: the paper's protocol offline, on files. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Run the paper's protocol offline: retrain a base on the personas of one file with each "
                + "method (LoRA-ML, SR, Reptile, last-layer-ML, no retraining), then measure few-shot LoRA "
                + "adaptation (hits@1 among 20 candidates, MRR, after the last step, mean ± s.e.; zero-shot; the "
                + "adaptation gain and every method-vs-method difference paired query by query, with 95%% "
                + "intervals and flips) on the personas of another file (disjoint, checked).",
                "Writes report.md, report.csv, report.json, hits1.png and runs.json (provenance of every run) "
                        + "into --out."},
        footer = {"%nPresets: quick (MiniLM bi-encoder, LoRA-ML/SR/none, rank 8, 8 evaluation personas, 1 seed: a "
                + "smoke run), powered (32 evaluation personas, 2 seeds: sees a 4-point paired gap, ≤ 90 min on 2 "
                + "idle CPU cores) and paper (the paper's hyper-parameters: cross-encoder, 5 methods, ranks 1-16, "
                + "5 seeds; for a GPU). --train = --eval evaluates on the next-largest personas of that file "
                + "(a tuning split that never touches evaluation personas).",
                "%nExample:%n  metastream experiment --preset quick "
                        + "--train ../shared/data/persona/synthetic_persona_chat_test.csv "
                        + "--eval ../shared/data/persona/convai2_valid_self_original_no_cands.txt --out results/quick",
                "%nSettings (--set KEY=VALUE): a preset field (trainPersonas, examplesPerTrainPersona, "
                        + "evalPersonas, support, query, retrainEpochs, retrainMaxSteps, adaptSteps, adaptLr, "
                        + "retrainLr, negatives, methods, ranks, seeds, scorer, model), or a retraining option as "
                        + "retrain.KEY or a few-shot option as adapt.KEY (e.g. retrain.task_lr=1e-3, adapt.batch=4)."})
final class ExperimentCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "quick", description = "quick | powered | paper (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Retraining personas (any supported format).")
    Path train;

    @Option(names = "--eval", required = true, paramLabel = "FILE", description = "Evaluation personas (unseen in --train).")
    Path eval;

    @Option(names = "--out", defaultValue = "metastream-data/experiment", paramLabel = "DIR",
            description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--methods", split = ",", description = "Override: LORA_ML,SR,REPTILE,LAST_LAYER_ML,NONE.")
    List<Algorithm> methods;

    @Option(names = "--ranks", split = ",", description = "Override: few-shot LoRA ranks, e.g. 1,4,8.")
    List<Integer> ranks;

    @Option(names = "--seeds", split = ",", description = "Override: seeds, e.g. 1,2,3.")
    List<Long> seeds;

    @Option(names = "--scorer", description = "Override: bi | cross.")
    String scorer;

    @Option(names = "--model", description = "Override: minilm | tiny | a Hugging Face directory.")
    String model;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a preset setting (repeatable; see Settings below). --methods, --ranks, --seeds, "
                    + "--scorer, --model and --device win over --set.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Where the arrays of retraining and few-shot adaptation live: auto | cpu | gpu[:N] "
                    + "(default: METASTREAM_DEVICE, else auto, which picks a GPU when the engine reports one).")
    String device;

    @Option(names = "--json", description = "Print one JSON summary object on stdout (progress goes to stderr).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (Path f : List.of(train, eval)) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("no such data file: " + f);
            }
        }
        ExperimentConfig c;
        try {
            c = config();
        } catch (IllegalArgumentException e) {
            // a bad --set or option value is a wrong command line, not a failed run
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        var progressOut = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        ProgressBar bar = new ProgressBar(progressOut);
        bar.log("experiment " + preset + ": " + c.methods() + ", ranks " + c.ranks() + ", seeds " + c.seeds() + ", "
                + c.scorer() + "-encoder on " + c.model());
        Experiment.Result r = new Experiment().run(c, new ExperimentProgress() {
            @Override
            public void phase(String name, int index, int total) {
                bar.phase("phase " + index + "/" + total + ": " + name);
            }

            @Override
            public void step(long done, long total) {
                bar.step(done, total);
            }

            @Override
            public void log(String message) {
                bar.log(message);
            }
        });
        if (json) {
            spec.commandLine().getOut().println(r.report().json());
        } else {
            progressOut.println(r.report().markdownTable());
            progressOut.printf("%.0f s; wrote %s%n", r.seconds(), r.files());
        }
        return 0;
    }

    /** The preset with --set, then the typed options, then --device applied. */
    ExperimentConfig config() {
        Map<String, String> o = new LinkedHashMap<>(settings);
        if (methods != null) {
            o.put("methods", methods.stream().map(Enum::name).collect(Collectors.joining(",")));
        }
        if (ranks != null) {
            o.put("ranks", ranks.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (seeds != null) {
            o.put("seeds", seeds.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (scorer != null) {
            o.put("scorer", scorer);
        }
        if (model != null) {
            o.put("model", model);
        }
        if (device != null) {
            // read by the retrainer and the few-shot protocol as their "device" option
            o.put("retrain.device", device);
            o.put("adapt.device", device);
        }
        return ExperimentConfig.preset(preset, train, eval, out).withOverrides(o);
    }
}
