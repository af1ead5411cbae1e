package io.metastream.app.local;

import io.metastream.domain.ConversationExample;
import io.metastream.domain.Split;
import io.metastream.domain.data.PersonaData;
import io.metastream.domain.data.ReadOptions;
import io.metastream.domain.data.SyntheticConfig;
import io.metastream.domain.data.SyntheticPersonas;
import io.metastream.ingest.PersonaSplitter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's stream of conversations, cut into waves of personas: the held-out personas and the first train
 * personas arrive first, later waves bring new train personas (each wave should trigger a meta-update round).
 */
public record DemoData(String description, List<List<ConversationExample>> waves, int trainPersonasPerWave,
        int heldOutPersonas) {

    /**
     * @param file            a data file, or null for the synthetic generator
     * @param personas        train personas to stream (the largest of the file's, or generated)
     * @param heldOut         held-out personas to stream (the evaluator freezes its set from them)
     * @param perPersona      examples per persona at most
     * @param rounds          number of waves of train personas
     * @param splitter        the ingest's persona split (to know which personas are train)
     */
    public static DemoData load(Path file, int personas, int heldOut, int perPersona, int rounds,
            PersonaSplitter splitter, long seed) throws IOException {
        Map<String, List<ConversationExample>> byPersona = new LinkedHashMap<>();
        String description;
        if (file == null) {
            // enough generated personas that the split leaves the requested numbers on both sides
            int pool = Math.min(400, (int) Math.ceil((personas + heldOut) / Math.min(splitter.heldOutFraction(),
                    1 - splitter.heldOutFraction()) * 1.5));
            SyntheticConfig config = SyntheticConfig.defaults().withPersonas(pool).withSeed(seed);
            new SyntheticPersonas(config).examples().forEach(e -> add(byPersona, e, perPersona));
            description = "synthetic personas (seed " + seed + ")";
        } else {
            PersonaData data = PersonaData.open(file, ReadOptions.defaults().withSeed(seed));
            data.forEach(e -> add(byPersona, e, perPersona));
            description = file.getFileName() + " (" + data.format() + ")";
        }
        List<String> bySize = byPersona.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
                .map(Map.Entry::getKey).toList();
        List<String> train = pick(bySize, splitter, Split.TRAIN, personas);
        List<String> held = pick(bySize, splitter, Split.HELD_OUT, heldOut);
        if (train.size() < Math.max(rounds, personas) || held.size() < heldOut) {
            throw new IllegalArgumentException("the data has " + train.size() + " train and " + held.size()
                    + " held-out personas; asked for " + personas + " and " + heldOut + " (and at least one per round)");
        }
        int perWave = train.size() / rounds;
        List<List<ConversationExample>> waves = new ArrayList<>();
        for (int w = 0; w < rounds; w++) {
            List<ConversationExample> wave = new ArrayList<>();
            if (w == 0) {
                held.forEach(p -> wave.addAll(byPersona.get(p)));
            }
            int to = w == rounds - 1 ? train.size() : (w + 1) * perWave;
            train.subList(w * perWave, to).forEach(p -> wave.addAll(byPersona.get(p)));
            waves.add(List.copyOf(wave));
        }
        return new DemoData(description, waves, perWave, held.size());
    }

    private static List<String> pick(List<String> bySize, PersonaSplitter splitter, Split split, int n) {
        return bySize.stream().filter(p -> splitter.splitOf(p) == split).limit(n).sorted().toList();
    }

    private static void add(Map<String, List<ConversationExample>> byPersona, ConversationExample e, int cap) {
        List<ConversationExample> list = byPersona.computeIfAbsent(e.personaId(), k -> new ArrayList<>());
        if (list.size() < cap) {
            list.add(e);
        }
    }
}
