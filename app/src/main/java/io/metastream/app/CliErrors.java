package io.metastream.app;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr, {@code metastream: <message>}, plus a hint where to get
 * help; stack traces only with {@code --verbose}. Exit codes: 2 for a wrong command line, 1 for a
 * failure while running.
 */
final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("metastream: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
        if (ex instanceof ParameterException pe) {
            // a command validating its own options after parsing
            return handleParseException(pe, parseResult.originalArgs().toArray(String[]::new));
        }
        PrintWriter err = cli.getErr();
        err.println("metastream: " + describe(ex));
        if (isVerbose(cli)) {
            ex.printStackTrace(err);
        } else {
            err.println("Run '" + cli.getCommandSpec().qualifiedName() + " --verbose ...' to see the stack trace.");
        }
        err.flush();
        return EXIT_FAILURE;
    }

    /** The message a user can act on: the outermost one, plus the root cause's when it says more. */
    static String describe(Throwable ex) {
        String first = null;
        String deepest = null;
        for (Throwable t = ex; t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                deepest = oneLine(t.getMessage());
                first = first == null ? deepest : first;
            }
        }
        if (first == null) {
            return ex.getClass().getSimpleName();
        }
        // wrappers such as "Failed to create new KafkaAdminClient" hide the actionable part: add it
        return first.contains(deepest) ? first : first + ": " + deepest;
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static boolean isVerbose(CommandLine cli) {
        CommandLine root = cli;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root.getCommand() instanceof Metastream m && m.verbose;
    }
}
