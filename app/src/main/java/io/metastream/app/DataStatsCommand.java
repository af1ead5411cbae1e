package io.metastream.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.metastream.domain.data.DataStats;
import io.metastream.domain.data.OnError;
import io.metastream.domain.data.PersonaData;
import io.metastream.domain.data.Problem;
import io.metastream.domain.data.ReadOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code metastream data stats FILE}: format, dialogues, examples, personas, examples per persona. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Count dialogues, examples and personas of a data file (format detected).")
final class DataStatsCommand implements Callable<Integer> {

    private static final int PROBLEMS_SHOWN = 10;

    @Parameters(index = "0", paramLabel = "FILE", description = "A ParlAI .txt, Hugging Face .json or SPC .csv file.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--on-error", defaultValue = "fail", paramLabel = "fail|skip",
            description = "At malformed input: stop with its line number, or skip it and count it."
                    + " Default: ${DEFAULT-VALUE}.")
    OnError onError;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Inputs.requireReadableFile(spec, file);
        PersonaData data = PersonaData.open(file, ReadOptions.defaults().withOnError(onError).withCandidates(0));
        DataStats stats = data.stats();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(stats.toJson());
        } else {
            printTable(out, stats);
        }
        printProblems(spec.commandLine().getErr(), data.problems());
        return 0;
    }

    private void printTable(PrintWriter out, DataStats s) {
        out.printf(Locale.ROOT, "file                  %s%n", file);
        out.printf(Locale.ROOT, "format                %s%n", s.format());
        out.printf(Locale.ROOT, "dialogues             %,d%n", s.dialogues());
        out.printf(Locale.ROOT, "examples              %,d%n", s.examples());
        out.printf(Locale.ROOT, "personas              %,d%n", s.personas());
        out.printf(Locale.ROOT, "examples per persona  min %,d / median %s / max %,d%n", s.minPerPersona(),
                s.medianPerPersona() == Math.rint(s.medianPerPersona())
                        ? String.format(Locale.ROOT, "%,d", (long) s.medianPerPersona())
                        : String.format(Locale.ROOT, "%,.1f", s.medianPerPersona()),
                s.maxPerPersona());
        out.printf(Locale.ROOT, "skipped (malformed)   %,d%n", s.problems());
    }

    private static void printProblems(PrintWriter err, List<Problem> problems) {
        problems.stream().limit(PROBLEMS_SHOWN).forEach(p -> err.println("skipped " + p));
        if (problems.size() > PROBLEMS_SHOWN) {
            err.printf("... and %d more skipped%n", problems.size() - PROBLEMS_SHOWN);
        }
        err.flush();
    }
}
