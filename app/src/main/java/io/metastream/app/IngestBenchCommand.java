package io.metastream.app;

import io.metastream.app.bench.IngestBenchmark;
import io.metastream.domain.serde.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code metastream bench ingest}: the ingest service's speed against the raw broker, measured in one run. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Measure, in one run on an in-process Kafka broker: Kafka's own producer then consumer over "
                + "N records (the raw rate), then the real ingest topology (exactly-once, the code the service runs) "
                + "over the same N records, for each stream-thread count and each number of examples per persona. "
                + "Reports records/s, the ratio to raw, CPU ms per 1,000 records (stream threads alone, and the whole "
                + "process including the broker), changelog and output bytes per input byte, and the load average "
                + "before and after (other load on the machine skews every figure: run it idle). Medians over the "
                + "repeats, after one untimed warm-up run. About a minute per configuration on 2 cores."})
final class IngestBenchCommand implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "50000", description = "Records per run (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "Stream-thread counts to run (default ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--examples-per-persona", split = ",", defaultValue = "50,250",
            description = "Examples each persona gets; personas = records / this (default ${DEFAULT-VALUE}).")
    List<Integer> perPersona;

    @Option(names = "--repeat", defaultValue = "3", description = "Runs per configuration; medians (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        IngestBenchmark.Result r = IngestBenchmark.run(new IngestBenchmark.Options(records, threads, perPersona, repeat),
                err);
        if (json) {
            out.println(Json.mapper().writeValueAsString(r));
            return 0;
        }
        out.printf("ingest benchmark: %,d records of %.0f B, %d partitions, %d processors, load average %s before, "
                + "%s after (1/5/15 min)%n", r.records(), r.recordBytes(), r.partitions(), r.processors(),
                r.loadBefore(), r.loadAfter());
        out.printf("raw broker (Kafka producer, then consumer): produce %,.0f/s, consume %,.0f/s, produce->consume "
                + "%,.0f records/s%n", r.raw().produceRecordsPerSecond(), r.raw().consumeRecordsPerSecond(),
                r.raw().recordsPerSecond());
        out.printf("%-8s %-10s %-9s %-11s %-8s %-15s %-16s %-15s %-13s%n", "threads", "ex/persona", "personas",
                "records/s", "x raw", "stream cpu ms/k", "process cpu ms/k", "changelog B/B", "output B/B");
        for (IngestBenchmark.Run run : r.runs()) {
            out.printf("%-8d %-10d %-9d %-11.0f %-8.3f %-15.1f %-16.1f %-15.2f %-13.2f%n", run.threads(),
                    run.examplesPerPersona(), run.personas(), run.recordsPerSecond(), run.ratioToRaw(),
                    run.streamCpuMsPer1000(), run.processCpuMsPer1000(), run.changelogBytesPerInputByte(),
                    run.outputBytesPerInputByte());
        }
        out.println("records/s: input records folded per second once ingest consumes (start-up excluded); x raw: that "
                + "over produce->consume; cpu ms/k: CPU milliseconds per 1,000 records; B/B: bytes written to the "
                + "changelogs / task topics per byte of input (log sizes on disk, uncompressed).");
        return 0;
    }
}
