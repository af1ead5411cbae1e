package io.metastream.app;

import io.metastream.learning.adapt.AdaptCommandCore;
import io.metastream.learning.adapt.AdaptOptions;
import io.metastream.learning.adapt.ScoreCore;
import io.metastream.store.ArtifactIntegrityException;
import io.metastream.store.ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Users' entry points: adapt a base to one persona, and rank candidates with a base (and an adapter). */
final class AdaptCommands {
    private AdaptCommands() {
    }

    static void requireDir(Path dir, String option) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + ": no such directory: " + dir);
        }
    }

    /**
     * Verifies a base or adapter directory against its {@code MANIFEST.sha256} before anything loads it. A
     * directory without a manifest (a foreign Hugging Face checkpoint) is loaded only with {@code --unverified}.
     */
    static void requireVerified(Path dir, String option, boolean unverified) {
        requireDir(dir, option);
        try {
            ArtifactStore.verifyDirectory(dir);
        } catch (ArtifactIntegrityException e) {
            if (unverified && e.problem() == ArtifactIntegrityException.Problem.MISSING_MANIFEST) {
                return; // the user vouches for a directory that never had a manifest
            }
            String hint = e.problem() == ArtifactIntegrityException.Problem.MISSING_MANIFEST
                    ? "; pass --unverified to load a foreign checkpoint without one"
                    : "; the files changed since they were written: restore them or re-export";
            throw new IllegalArgumentException(option + " " + dir + " failed verification: " + e.getMessage() + hint, e);
        }
    }

    static double requireFinite(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalStateException(what + " is " + value + ": the weights are corrupt or training diverged");
        }
        return value;
    }

    @Command(name = "adapt", mixinStandardHelpOptions = true,
            description = "Fine-tune a fresh LoRA adapter for one persona from a few examples on a frozen base, and "
                    + "write it in the PEFT layout (adapter_config.json + adapter_model.safetensors).")
    static final class Adapt implements Callable<Integer> {
        @Option(names = "--base", required = true, paramLabel = "DIR",
                description = "Base model in Hugging Face layout (a Metastream checkpoint or your own BERT/RoBERTa).")
        Path base;

        @Option(names = "--examples", required = true, paramLabel = "FILE",
                description = "The persona's examples: JSONL of ConversationExample, or any supported data file.")
        Path examples;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the adapter is written.")
        Path out;

        @Option(names = "--persona", description = "Which persona, when the file holds several.")
        String persona;

        @Option(names = "--rank", defaultValue = "8", description = "LoRA rank (default ${DEFAULT-VALUE}).")
        int rank;

        @Option(names = "--steps", defaultValue = "" + AdaptOptions.DEFAULT_STEPS,
                description = "Optimizer steps (the budget; epochs over the examples follow), default ${DEFAULT-VALUE}.")
        int steps;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        DeviceOption device;
        @Option(names = "--unverified",
                description = "Load a --base that has no MANIFEST.sha256 (a foreign Hugging Face checkpoint).")
        boolean unverified;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            requireVerified(base, "--base", unverified);
            if (!Files.isRegularFile(examples)) {
                throw new IllegalArgumentException("--examples: no such file: " + examples);
            }
            Map<String, String> o = new LinkedHashMap<>();
            o.put("rank", Integer.toString(rank));
            o.put("steps", Integer.toString(steps));
            o.put("seed", Long.toString(seed));
            o.put("device", device.value());
            if (persona != null) {
                o.put("persona", persona);
            }
            AdaptCommandCore.Result r = AdaptCommandCore.adapt(base, examples, out, o);
            requireFinite(r.finalLoss(), "the adapter's final loss");
            ArtifactStore.writeManifest(r.adapterDir()); // so that score can verify what it loads
            spec.commandLine().getOut().printf("adapter for persona %s (rank %d, %d examples, final loss %.4f) "
                    + "written to %s%n", r.personaId(), r.rank(), r.examples(), r.finalLoss(), r.adapterDir());
            return 0;
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = "Rank candidate replies to a context with a base model and, optionally, a persona adapter.")
    static final class Score implements Callable<Integer> {
        @Option(names = "--base", required = true, paramLabel = "DIR", description = "Base model (Hugging Face layout).")
        Path base;

        @Option(names = "--adapter", paramLabel = "DIR", description = "A PEFT adapter written by 'adapt'.")
        Path adapter;

        @Option(names = "--context", required = true, arity = "1..*",
                description = "Context turns, oldest first (repeat the option or give several).")
        List<String> context;

        @Option(names = "--candidates", required = true, arity = "2..*", description = "Candidate replies.")
        List<String> candidates;

        @Mixin
        DeviceOption device;
        @Option(names = "--unverified",
                description = "Load a --base or --adapter that has no MANIFEST.sha256 (a foreign checkpoint).")
        boolean unverified;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            requireVerified(base, "--base", unverified);
            if (adapter != null) {
                requireVerified(adapter, "--adapter", unverified);
            }
            List<ScoreCore.Scored> ranked = ScoreCore.score(base, Optional.ofNullable(adapter), context, candidates,
                    Map.of("device", device.value()));
            for (ScoreCore.Scored s : ranked) {
                requireFinite(s.score(), "the score of '" + s.candidate() + "'");
            }
            int i = 1;
            for (ScoreCore.Scored s : ranked) {
                spec.commandLine().getOut().printf("%2d. %8.4f  %s%n", i++, s.score(), s.candidate());
            }
            return 0;
        }
    }
}
