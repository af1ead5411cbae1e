package io.metastream.app;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks on input files before any work, with the path in the message. */
final class Inputs {

    private Inputs() {
    }

    static void requireReadableFile(CommandSpec spec, Path file) {
        if (!Files.exists(file)) {
            throw new ParameterException(spec.commandLine(), "No such file: " + file.toAbsolutePath());
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), "Not a readable file: " + file.toAbsolutePath());
        }
    }
}
