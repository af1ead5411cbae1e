package io.metastream.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.metastream.domain.data.SyntheticConfig;
import io.metastream.domain.data.SyntheticPersonas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metastream data generate}: a synthetic persona-conversation file in ParlAI form. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a synthetic persona-conversation file (ParlAI text with 20 candidates per example).",
                "Personas genuinely differ: each reply states a fact its persona holds."})
final class DataGenerateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "File to write (parents created).")
    Path out;

    @Mixin
    SyntheticOptions size;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SyntheticConfig config;
        try {
            config = size.config();
        } catch (IllegalArgumentException e) {
            throw Options.invalid(spec, e.getMessage());
        }
        SyntheticPersonas personas = new SyntheticPersonas(config);
        personas.writeParlai(out);
        long dialogues = (long) config.personas() * config.dialoguesPerPersona();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "wrote %s: %,d personas, %,d dialogues, %,d examples (seed %d)%n", out,
                config.personas(), dialogues, dialogues * config.turnsPerDialogue(), config.seed());
        return 0;
    }
}
