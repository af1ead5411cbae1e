package io.metastream.domain.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * ParlAI FB-dialog text ({@code *_self_original.txt}), with or without candidates. A line is
 * {@code <number> <text>}; number 1 starts a dialogue; {@code your persona: …} lines (no TAB) hold the
 * speaker's persona; exchanges are {@code query\treply} or {@code query\treply\t<reward>\tc1|c2|…}.
 * {@code partner's persona:} lines (the "both" views) describe the other speaker and are ignored.
 * A dialogue's first query {@code __SILENCE__} (ConvAI2 train: the persona speaks first) is not a turn
 * and is dropped from every context; when it would leave the context empty it stays as the only turn.
 * Duplicate candidates on a line are dropped (the set must be distinct); the gold must be among them.
 */
final class ParlaiReader implements FormatReader {
    private static final String YOUR_PERSONA = "your persona:";
    private static final String PARTNER_PERSONA = "partner's persona:";
    static final String SIDE = "self";

    @Override
    public void read(Path file, String source, Problems problems, DialogueSink sink) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Dialogue d = null;
            int dialogues = 0;
            long lineNo = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1) {
                    line = DataFormat.stripBom(line);
                }
                if (line.isBlank()) {
                    continue;
                }
                int space = line.indexOf(' ');
                int number = space > 0 ? parseNumber(line.substring(0, space)) : -1;
                if (number < 1) {
                    problems.report(lineNo, "expected '<line number> <text>' as in ParlAI FB-dialog text");
                    continue;
                }
                if (number == 1) {
                    d = new Dialogue(source + "#" + dialogues, dialogues, lineNo);
                    dialogues++;
                    sink.dialogue(d.id);
                } else if (d == null) {
                    problems.report(lineNo, "line number " + number + " before the first dialogue (number 1)");
                    continue;
                } else if (d.skipping) {
                    continue;
                } else if (number != d.lastNumber + 1) {
                    d.skipping = true;
                    problems.report(lineNo, "line number " + number + " does not follow " + d.lastNumber
                            + ": the rest of the dialogue starting at line " + d.startLine + " is skipped");
                    continue;
                }
                d.lastNumber = number;
                line(line.substring(space + 1), lineNo, d, problems, sink);
            }
        }
    }

    private static void line(String text, long lineNo, Dialogue d, Problems problems, DialogueSink sink)
            throws MalformedInputException {
        if (text.indexOf('\t') < 0) {
            if (text.startsWith(YOUR_PERSONA)) {
                String fact = text.substring(YOUR_PERSONA.length()).strip();
                if (fact.isEmpty()) {
                    problems.report(lineNo, "empty 'your persona:' line");
                } else {
                    d.facts.add(fact);
                }
                return;
            }
            if (text.startsWith(PARTNER_PERSONA)) {
                return;
            }
        }
        int turn = d.exchanges++;
        String[] f = text.split("\t", -1);
        if (f.length < 2 || f[0].isBlank() || f[1].isBlank()) {
            problems.report(lineNo, "exchange line needs a query and a reply: 'query<TAB>reply'"
                    + " or 'query<TAB>reply<TAB><TAB>cand1|…|candN'");
            return;
        }
        if (d.facts.isEmpty()) {
            d.skipping = true;
            problems.report(lineNo, "the dialogue starting at line " + d.startLine
                    + " has no 'your persona:' lines before its first exchange, so its persona is unknown");
            return;
        }
        if (!d.declared) {
            d.declared = true;
            sink.persona(d.unit, List.copyOf(d.facts));
        }
        String query = f[0].strip();
        String reply = f[1].strip();
        List<String> candidates = f.length >= 4 && !f[3].isBlank() ? candidates(f[3]) : List.of();
        if (!candidates.isEmpty() && !candidates.contains(reply)) {
            problems.report(lineNo, "the reply is not among the line's candidates");
            addTurns(d, query, reply);
            return;
        }
        boolean silentStart = d.history.isEmpty() && RawExample.isSilence(query);
        List<String> context = new ArrayList<>(d.history);
        if (!silentStart) {
            context.add(query);
        } else if (context.isEmpty()) {
            context.add(RawExample.SILENCE);
        }
        addTurns(d, query, reply);
        sink.example(new RawExample(d.unit, d.id, turn, SIDE, List.copyOf(context), reply, candidates, lineNo));
    }

    private static void addTurns(Dialogue d, String query, String reply) {
        if (!(d.history.isEmpty() && RawExample.isSilence(query))) {
            d.history.add(query);
        }
        d.history.add(reply);
    }

    /** Candidates as given, trimmed, duplicates dropped (ParlAI files occasionally repeat one). */
    private static List<String> candidates(String field) {
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (String c : field.split("\\|")) {
            if (!c.isBlank()) {
                set.add(c.strip());
            }
        }
        return List.copyOf(set);
    }

    private static int parseNumber(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(s);
    }

    private static final class Dialogue {
        final String id;
        final int unit;
        final long startLine;
        final List<String> facts = new ArrayList<>();
        final List<String> history = new ArrayList<>();
        int lastNumber = 1;
        int exchanges;
        boolean declared;
        boolean skipping;

        Dialogue(String id, int unit, long startLine) {
            this.id = id;
            this.unit = unit;
            this.startLine = startLine;
        }
    }
}
