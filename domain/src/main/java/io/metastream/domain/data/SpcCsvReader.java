package io.metastream.domain.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Synthetic-Persona-Chat CSV ({@code user 1 personas,user 2 personas,Best Generated Conversation}). Each
 * side of a conversation is a persona unit (unit {@code 2·row + side − 1}); every turn with at least one
 * previous turn is an example for the side that speaks it, with all previous turns as context.
 */
final class SpcCsvReader implements FormatReader {
    static final String USER1 = "user 1 personas";
    static final String USER2 = "user 2 personas";
    static final String CONVERSATION = "best generated conversation";

    @Override
    public void read(Path file, String source, Problems problems, DialogueSink sink) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CsvParser csv = new CsvParser(in)) {
            try {
                List<String> header = csv.next();
                int[] columns = columns(header, problems);
                int row = 0;
                List<String> record;
                while ((record = csv.next()) != null) {
                    if (record.size() == 1 && record.get(0).isBlank()) {
                        continue;
                    }
                    row(record, row++, csv, columns, source, problems, sink);
                }
            } catch (CsvParser.CsvFormatException e) {
                problems.report(e.line(), e.getMessage() + ", reading stops here");
            }
        }
    }

    private static int[] columns(List<String> header, Problems problems) throws MalformedInputException {
        List<String> names = new ArrayList<>();
        for (String h : header == null ? List.<String>of() : header) {
            names.add(DataFormat.stripBom(h).strip().toLowerCase(Locale.ROOT));
        }
        int[] columns = {names.indexOf(USER1), names.indexOf(USER2), names.indexOf(CONVERSATION)};
        for (int c : columns) {
            if (c < 0) {
                throw problems.fatal(1, "the CSV header must name the columns 'user 1 personas',"
                        + " 'user 2 personas' and 'Best Generated Conversation', found " + names);
            }
        }
        return columns;
    }

    private static void row(List<String> record, int row, CsvParser csv, int[] columns, String source,
                            Problems problems, DialogueSink sink) throws MalformedInputException {
        long line = csv.recordLine();
        String dialogueId = source + "#" + row;
        int needed = Math.max(columns[0], Math.max(columns[1], columns[2])) + 1;
        if (csv.malformation() != null) {
            problems.report(line, "row " + row + " is not valid CSV: " + csv.malformation());
            return;
        }
        if (record.size() < needed) {
            problems.report(line, "row " + row + " has " + record.size() + " fields, expected " + needed);
            return;
        }
        sink.dialogue(dialogueId);
        // An empty or one-turn conversation (row 510 of the SPC test split is empty) is well-formed: it
        // simply holds no example.
        List<SpcTurns.Turn> turns = SpcTurns.parse(record.get(columns[2]));
        boolean[] known = new boolean[3];
        for (int side = 1; side <= 2; side++) {
            List<String> facts = facts(record.get(columns[side - 1]));
            if (facts.isEmpty()) {
                problems.report(line, "row " + row + " has an empty 'user " + side + " personas' cell;"
                        + " its user " + side + " turns are skipped");
            } else {
                known[side] = true;
                sink.persona(2 * row + side - 1, facts);
            }
        }
        List<String> context = new ArrayList<>();
        for (int k = 0; k < turns.size(); k++) {
            SpcTurns.Turn t = turns.get(k);
            if (k > 0 && known[t.speaker()]) {
                sink.example(new RawExample(2 * row + t.speaker() - 1, dialogueId, k - 1, "user" + t.speaker(),
                        List.copyOf(context), t.text(), List.of(), line));
            }
            context.add(t.text());
        }
    }

    private static List<String> facts(String cell) {
        List<String> facts = new ArrayList<>();
        for (String f : cell.split("\\R")) {
            if (!f.isBlank()) {
                facts.add(f.strip());
            }
        }
        return facts;
    }
}
