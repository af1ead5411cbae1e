package io.metastream.app;

import java.util.ArrayList;
import java.util.List;

import io.metastream.domain.data.SyntheticConfig;
import picocli.CommandLine.Option;

/** The size of a synthetic data set; shared by {@code data generate} and {@code publish --source synthetic}. */
final class SyntheticOptions {

    private static final SyntheticConfig DEFAULTS = SyntheticConfig.defaults();

    @Option(names = "--personas", paramLabel = "N",
            description = "Synthetic personas. Default: 40.")
    Integer personas;

    @Option(names = "--dialogues-per-persona", paramLabel = "N",
            description = "Dialogues each synthetic persona speaks in. Default: 4.")
    Integer dialoguesPerPersona;

    @Option(names = "--turns-per-dialogue", paramLabel = "N",
            description = "Exchanges per synthetic dialogue. Default: 6.")
    Integer turnsPerDialogue;

    @Option(names = "--facts-per-persona", paramLabel = "N",
            description = "Facts each synthetic persona holds (at least 2). Default: 4.")
    Integer factsPerPersona;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed: of the synthetic generator (default 7), or of distractor sampling for files"
                    + " without candidates (default 42). Same seed, same data.")
    Long seed;

    /** The configuration, defaults filled in; validation errors name the field. */
    SyntheticConfig config() {
        return new SyntheticConfig(
                personas != null ? personas : DEFAULTS.personas(),
                dialoguesPerPersona != null ? dialoguesPerPersona : DEFAULTS.dialoguesPerPersona(),
                turnsPerDialogue != null ? turnsPerDialogue : DEFAULTS.turnsPerDialogue(),
                factsPerPersona != null ? factsPerPersona : DEFAULTS.factsPerPersona(),
                seed != null ? seed : DEFAULTS.seed());
    }

    /** Options given that only make sense for the synthetic source (all but {@code --seed}). */
    List<String> generatorOnlyOptionsGiven() {
        List<String> given = new ArrayList<>();
        if (personas != null) {
            given.add("--personas");
        }
        if (dialoguesPerPersona != null) {
            given.add("--dialogues-per-persona");
        }
        if (turnsPerDialogue != null) {
            given.add("--turns-per-dialogue");
        }
        if (factsPerPersona != null) {
            given.add("--facts-per-persona");
        }
        return given;
    }
}
