package io.metastream.app;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Option checks that picocli's types cannot express; failures read like parse errors. */
final class Options {

    private Options() {
    }

    static void requireAtLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '" + option + "': must be at least " + min + ", was " + value);
        }
    }

    static ParameterException invalid(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
