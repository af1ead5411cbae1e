package io.metastream.app;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code metastream} command line. One jar runs every part of the pipeline: the local demo, the services
 * (one per Kubernetes Deployment), the operator's promotion commands, data tools, experiments and benchmarks.
 */
@Command(name = "metastream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Streaming continual retraining of a base language model with LoRA meta-learning.",
        subcommands = {DemoCommand.class, BrokerCommand.class, DataCommand.class, PublishCommand.class,
                ServiceCommands.Ingest.class, ServiceCommands.Trainer.class, ServiceCommands.Evaluator.class,
                ServiceCommands.Control.class, PromotionCommands.Promote.class, PromotionCommands.Rollback.class,
                PromotionCommands.Status.class, LinearCommand.class, ExperimentCommand.class,
                AdaptCommands.Adapt.class, AdaptCommands.Score.class, ReadaptCommand.class, BenchCommand.class, SoakCommand.class,
                CommandLine.HelpCommand.class})
public final class Metastream implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces of errors (for bug reports).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // no subcommand: show what there is
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line on stdout/stderr; tests use {@link #newCommandLine(PrintWriter, PrintWriter)}. */
    public static CommandLine newCommandLine() {
        return configure(new CommandLine(new Metastream()));
    }

    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = newCommandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli;
    }

    private static CommandLine configure(CommandLine cli) {
        CliErrors errors = new CliErrors();
        return cli.setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true);
    }
}
