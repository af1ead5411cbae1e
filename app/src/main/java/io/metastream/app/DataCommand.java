package io.metastream.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code metastream data}: look at and make persona-conversation files. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Inspect persona-conversation files (ParlAI text, Hugging Face JSON, Synthetic-Persona-Chat CSV)"
                + " or generate a synthetic one.",
        subcommands = {DataStatsCommand.class, DataGenerateCommand.class})
final class DataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw Options.invalid(spec, "Missing subcommand: use 'data stats FILE' or 'data generate --out FILE'");
    }
}
