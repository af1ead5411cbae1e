package io.metastream.app;

import io.metastream.control.ControlApp;
import io.metastream.evaluator.EvaluatorApp;
import io.metastream.ingest.IngestApp;
import io.metastream.learning.adapt.FewShotProtocol;
import io.metastream.learning.retrain.NeuralRetrainer;
import io.metastream.trainer.TrainerApp;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The long-running services, one per subcommand. Each reads its configuration from the environment
 * ({@code METASTREAM_*}, see the README's configuration table), serves {@code /metrics} and
 * {@code /health/*}, and stops gracefully on SIGTERM / Ctrl-C. On Kubernetes each is its own Deployment.
 */
final class ServiceCommands {
    private static final String ENV_FOOTER = "%nConfiguration comes from METASTREAM_* environment variables; "
            + "see the README's configuration table.";

    private ServiceCommands() {
    }

    /** Set by the local pipeline: a child service exits when the process that started it is gone. */
    static final String PARENT_PID = "METASTREAM_PARENT_PID";

    /**
     * Blocks until the service stops, closing it once on SIGTERM / Ctrl-C (or when its parent dies). A service
     * that stopped on a fatal error exits 1 and says why in one line, so a supervisor sees a failure.
     */
    static int serve(String name, AutoCloseable service, Awaitable await, Supplier<Optional<Throwable>> failure,
            PrintWriter err) throws Exception {
        watchParent(System.getenv(PARENT_PID));
        Thread hook = new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("metastream: error while stopping: " + e.getMessage());
            }
        }, "metastream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        await.await();
        Optional<Throwable> fatal = failure.get();
        if (fatal.isPresent()) {
            err.println("metastream: " + name + " stopped on a fatal error: " + CliErrors.describe(fatal.get()));
            err.flush();
            return CliErrors.EXIT_FAILURE; // the shutdown hook closes what is left at exit
        }
        return 0;
    }

    /** A killed demo or test must not leave orphan trainers behind: poll the parent, exit when it is gone. */
    static void watchParent(String pid) {
        if (pid == null || pid.isBlank()) {
            return;
        }
        long parent = Long.parseLong(pid.trim());
        Thread t = new Thread(() -> {
            while (ProcessHandle.of(parent).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("metastream: parent process " + parent + " is gone; stopping");
            System.exit(0);
        }, "metastream-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    @FunctionalInterface
    interface Awaitable {
        void await() throws Exception;
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true, footer = ENV_FOOTER,
            description = "Run the Kafka Streams ingest: validate conversations, split train/held-out by persona, "
                    + "build persona tasks (exactly-once).")
    static final class Ingest implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            IngestApp.Running running = IngestApp.run(System.getenv());
            // a stream that died on its own is a failure for the supervisor: non-zero, one line saying why
            return serve("ingest", running, running::awaitTermination,
                    () -> running.failure().map(IllegalStateException::new), spec.commandLine().getErr());
        }
    }

    @Command(name = "trainer", mixinStandardHelpOptions = true, footer = ENV_FOOTER,
            description = "Run the trainer: pool persona tasks and meta-update the base every N new tasks or T "
                    + "minutes (LoRA-ML by default), writing verified checkpoints.")
    static final class Trainer implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            TrainerApp app = TrainerApp.run(System.getenv(), new NeuralRetrainer());
            return serve("trainer", app, app::await, app::failure, spec.commandLine().getErr());
        }
    }

    @Command(name = "evaluator", mixinStandardHelpOptions = true, footer = ENV_FOOTER,
            description = "Run the evaluator: few-shot LoRA adaptation of every checkpoint on the frozen held-out "
                    + "persona set, compared with production.")
    static final class Evaluator implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            EvaluatorApp app = EvaluatorApp.run(System.getenv(), new FewShotProtocol());
            return serve("evaluator", app, app::await, app::failure, spec.commandLine().getErr());
        }
    }

    @Command(name = "control", mixinStandardHelpOptions = true, footer = ENV_FOOTER,
            description = "Run the promotion control service: the gate, the append-only ledger, the production "
                    + "pointer and the authenticated HTTP API used by 'promote', 'rollback' and 'status'.")
    static final class Control implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ControlApp app = ControlApp.run(System.getenv());
            return serve("control", app, app::await, app::failure, spec.commandLine().getErr());
        }
    }
}
