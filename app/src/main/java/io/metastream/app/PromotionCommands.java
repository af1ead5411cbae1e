package io.metastream.app;

import io.metastream.control.StatusView;
import io.metastream.control.client.ControlClient;
import io.metastream.domain.PromotionDecision;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Operator commands that talk to the control service's HTTP API (METASTREAM_CONTROL_URL / _TOKEN). */
final class PromotionCommands {
    private static final String FOOTER = "%nThe control service is found at METASTREAM_CONTROL_URL (default "
            + ControlClient.DEFAULT_URL + ") and authenticated with the bearer token in METASTREAM_CONTROL_TOKEN.";

    private PromotionCommands() {
    }

    static String describe(PromotionDecision d) {
        String head = d.outcome() == PromotionDecision.Outcome.ACCEPTED ? "accepted" : "refused";
        return head + ": " + d.action().name().toLowerCase() + " " + d.version()
                + (d.previousVersion() == null ? "" : " (production was " + d.previousVersion() + ")")
                + (d.forced() ? " [forced]" : "")
                + (d.refusal() == null ? "" : " — " + d.refusal());
    }

    // no standard help mixin here: its --version would clash with the --version of the checkpoint to promote
    @Command(name = "promote", footer = FOOTER,
            description = "Promote a checkpoint version to production. The gate requires a passing evaluation that "
                    + "beats production by the configured margin, unless --force is given. Every request is recorded "
                    + "in the promotion ledger.")
    static final class Promote implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--version", required = true, description = "Checkpoint version to promote, e.g. lora-ml-v0003.")
        String version;

        @Option(names = "--reason", required = true, description = "Why (recorded in the ledger).")
        String reason;

        @Option(names = "--force", description = "Bypass the evaluation gate (the reason is recorded as forced).")
        boolean force;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PromotionDecision d = ControlClient.fromEnvironment(System.getenv()).promote(version, reason, force);
            spec.commandLine().getOut().println(describe(d));
            return 0;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, footer = FOOTER,
            description = "Return production to the version it had before the current one (recorded in the ledger).")
    static final class Rollback implements Callable<Integer> {
        @Option(names = "--reason", required = true, description = "Why (recorded in the ledger).")
        String reason;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PromotionDecision d = ControlClient.fromEnvironment(System.getenv()).rollback(reason);
            spec.commandLine().getOut().println(describe(d));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, footer = FOOTER,
            description = "Show checkpoints, their evaluations, production and the latest ledger entries.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--json", description = "Print one JSON object instead of a table.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StatusView view = ControlClient.fromEnvironment(System.getenv()).status();
            spec.commandLine().getOut().println(json ? view.toJson() : view.toTable());
            return 0;
        }
    }
}
