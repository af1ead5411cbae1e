package io.metastream.app.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Metastream service in its own JVM ({@code metastream <service>}). The trainer and the evaluator must run in
 * separate processes: DJL's PyTorch gradient collector is process-global. Output goes to a log file.
 */
public final class ChildService implements AutoCloseable {
    private final String name;
    private final Path log;
    private final List<String> command;
    private final Map<String, String> env;
    private Process process;

    private ChildService(String name, List<String> command, Map<String, String> env, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /**
     * Starts {@code metastream <subcommand>} with this JVM's classpath and the given extra environment.
     *
     * @param name       a label for logs and errors, e.g. {@code trainer-sr}
     * @param subcommand the service subcommand
     * @param env        environment added to this process's environment
     * @param logDir     where {@code <name>.log} is written (appended across restarts)
     * @param jvmOptions extra JVM options, e.g. {@code -Xmx3g}
     */
    public static ChildService start(String name, String subcommand, Map<String, String> env, Path logDir,
            List<String> jvmOptions) throws IOException {
        return start(name, subcommand, List.of(), env, logDir, jvmOptions);
    }

    /**
     * Starts {@code metastream <subcommand> <arguments...>}: a command configured by its options rather than by
     * the environment, such as {@code readapt --follow}. Otherwise as {@link #start(String, String, Map, Path,
     * List)}; a {@link #restart()} runs the same arguments again.
     *
     * @param arguments the subcommand's arguments, passed as they are
     */
    public static ChildService start(String name, String subcommand, List<String> arguments, Map<String, String> env,
            Path logDir, List<String> jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add("io.metastream.app.Metastream");
        cmd.add(subcommand);
        cmd.addAll(arguments);
        Files.createDirectories(logDir);
        ChildService child = new ChildService(name, cmd, env, logDir.resolve(name + ".log"));
        child.launch();
        return child;
    }

    /** The real classpath: surefire/failsafe hide it behind a manifest-only booter jar. */
    static String classPath() {
        String tested = System.getProperty("surefire.test.class.path");
        return tested != null && !tested.isBlank() ? tested : System.getProperty("java.class.path");
    }

    private void launch() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        // the child exits when this process is gone, even after a SIGKILL of the demo or test
        pb.environment().put("METASTREAM_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        process = pb.start();
    }

    /** Starts the same service again after it stopped (crash recovery in tests and demos). */
    public void restart() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    /** Kills the process without letting it clean up (SIGKILL): simulates a crash. */
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** The last lines of the log, for error messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Graceful stop (SIGTERM runs the service's shutdown hook), then a kill after the grace period. */
    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
