package io.metastream.domain.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.metastream.domain.serde.Json;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hugging Face PersonaChat JSON: {@code {"<split>":[{"personality":[…],"utterances":[{"history":[…],
 * "candidates":[…, gold]}]}]}}. Streamed with Jackson's {@link JsonParser}: only one dialogue is held as a
 * tree at a time. The gold reply is the last candidate, as in the published file. A JSON syntax error
 * ends the file (there is no safe place to resume), under SKIP too.
 */
final class HfJsonReader implements FormatReader {
    static final String SIDE = "self";

    @Override
    public void read(Path file, String source, Problems problems, DialogueSink sink) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser p = Json.streamingParser(in)) {
            try {
                readSplits(p, source, problems, sink);
                if (p.nextToken() != null) {
                    problems.report(line(p), "trailing data after the JSON object of splits");
                }
            } catch (JsonProcessingException e) {
                long line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
                problems.report(line, "not valid JSON, reading stops here: " + e.getOriginalMessage());
            }
        }
    }

    private static void readSplits(JsonParser p, String source, Problems problems, DialogueSink sink)
            throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            problems.report(line(p), "expected a JSON object of splits, e.g. {\"train\":[…],\"valid\":[…]}");
            return;
        }
        int[] unit = {0};
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String split = p.currentName();
            if (p.nextToken() != JsonToken.START_ARRAY) {
                problems.report(line(p), "split '" + split + "' must be an array of dialogues");
                p.skipChildren();
                continue;
            }
            int index = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                long line = line(p);
                if (t != JsonToken.START_OBJECT) {
                    problems.report(line, "split '" + split + "' entry " + index + " is not a dialogue object");
                    p.skipChildren();
                } else {
                    JsonNode dialogue = p.readValueAsTree();
                    String id = source + "#" + split + "/" + index;
                    sink.dialogue(id);
                    dialogue(dialogue, id, unit[0]++, line, problems, sink);
                }
                index++;
            }
        }
    }

    private static void dialogue(JsonNode d, String id, int unit, long line, Problems problems, DialogueSink sink)
            throws MalformedInputException {
        List<String> facts = strings(d.get("personality"));
        if (facts == null || facts.isEmpty()) {
            problems.report(line, "dialogue " + id + " needs a non-empty 'personality' array of sentences");
            return;
        }
        JsonNode utterances = d.get("utterances");
        if (utterances == null || !utterances.isArray()) {
            problems.report(line, "dialogue " + id + " needs an 'utterances' array");
            return;
        }
        sink.persona(unit, facts);
        for (int turn = 0; turn < utterances.size(); turn++) {
            JsonNode u = utterances.get(turn);
            List<String> history = strings(u.get("history"));
            List<String> candidates = strings(u.get("candidates"));
            if (history == null || candidates == null || candidates.isEmpty()) {
                problems.report(line, "dialogue " + id + " utterance " + turn
                        + " needs a 'history' array and a non-empty 'candidates' array (gold last)");
                continue;
            }
            String reply = candidates.get(candidates.size() - 1);
            List<String> context = new ArrayList<>();
            for (int i = 0; i < history.size(); i++) {
                if (!(i == 0 && RawExample.isSilence(history.get(i)))) {
                    context.add(history.get(i));
                }
            }
            if (context.isEmpty()) {
                context.add(RawExample.SILENCE);
            }
            List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(candidates));
            sink.example(new RawExample(unit, id, turn, SIDE, List.copyOf(context), reply, distinct, line));
        }
    }

    /** The array's strings, stripped; null when the node is missing, not an array or holds a non-string. */
    private static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>(node.size());
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                return null;
            }
            out.add(n.asText().strip());
        }
        return out;
    }

    private static long line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
