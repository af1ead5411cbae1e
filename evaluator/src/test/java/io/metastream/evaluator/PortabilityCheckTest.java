package io.metastream.evaluator;

import static io.metastream.evaluator.HeldOut.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastream.domain.Evaluation;
import io.metastream.domain.PersonaTask;
import io.metastream.domain.paired.KeptAdapters;
import io.metastream.domain.paired.PortabilityReport;
import io.metastream.domain.paired.PortabilityVerdict;
import io.metastream.domain.paired.PromotionPolicy;
import io.metastream.learning.adapt.Portability;
import io.metastream.learning.adapt.Registry;
import io.metastream.learning.api.AdaptationResult;
import io.metastream.learning.api.QueryOutcomes;
import io.metastream.store.ArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortabilityCheckTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final EvaluationSet set = EvaluationSet.freeze(List.of(task("p1", 0), task("p2", 0), task("p3", 0)), 3);
    private final Gate gate = new Gate(PromotionPolicy.defaults());
    /** Ported hits per task (20 queries): how many of the first ones the ported adapter gets right. */
    private final Map<String, Integer> portedRight = new java.util.HashMap<>();
    private final List<String> scored = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;
    ArtifactStore store;
    AdapterShelf shelf;

    @BeforeEach
    void store() {
        store = new ArtifactStore(dir.resolve("store"));
        shelf = new AdapterShelf(store);
    }

    private static List<Boolean> firstRight(int right) {
        List<Boolean> bits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bits.add(i < right);
        }
        return bits;
    }

    /** Production: 10 of 20 right for every persona under seed 7, its adapters kept. */
    private Evaluation production(String version) throws Exception {
        List<QueryOutcomes> outcomes = new ArrayList<>();
        for (PersonaTask t : set.tasks()) {
            outcomes.add(new QueryOutcomes(t.taskId(), 7, firstRight(10), List.of()));
        }
        AdaptationResult r = new AdaptationResult(0.5, 0.01, 0.5, 0.1, Map.of(), outcomes);
        Evaluation e = gate.judge(version, "a".repeat(64), set, r, Optional.empty(), Optional.empty(),
                Optional.empty(), NOW).orElseThrow();
        return e.with(keep(version), null);
    }

    private KeptAdapters keep(String version) throws Exception {
        try (AdapterShelf.StagingDir staging = shelf.staging()) {
            for (PersonaTask t : set.tasks()) {
                Path a = Files.createDirectories(staging.dir().resolve(Registry.directoryName(t.taskId())));
                Files.writeString(a.resolve("adapter_model.safetensors"), "weights of " + t.taskId());
            }
            AdapterShelf.Kept k = shelf.keep(version, staging.dir()).orElseThrow();
            return new KeptAdapters(k.sha256(), 7, k.personas());
        }
    }

    private final PortabilityCheck.Porter porter = (base, adapters, options) -> {
        List<Portability.Outcome> out = new ArrayList<>();
        for (Portability.Ported p : adapters) {
            String task = p.task().taskId();
            scored.add(task);
            assertThat(p.adapterDir()).isDirectory();
            Integer right = portedRight.get(task);
            out.add(right == null ? new Portability.Outcome(task, List.of(), Optional.of("adapter " + p.adapterDir()
                    + " does not load: no tensor lora_A"))
                    : new Portability.Outcome(task, firstRight(right), Optional.empty()));
        }
        return out;
    };

    private PortabilityReport port(Evaluation production) throws Exception {
        return new PortabilityCheck(shelf, porter, PortabilityVerdict.defaults())
                .port(Optional.of(production), dir.resolve("candidate"), set, Map.of()).orElseThrow();
    }

    @Test
    void judgesEveryPersonasPortedAdapterAgainstProductionWithIt() throws Exception {
        portedRight.putAll(Map.of("p1~held-out", 10, "p2~held-out", 5, "p3~held-out", 12));
        PortabilityReport r = port(production("v1"));
        assertThat(r.productionVersion()).isEqualTo("v1");
        assertThat(r.personas()).extracting(PortabilityReport.Persona::verdict)
                .containsExactly("portable", "re-adapt", "portable");
        assertThat(r.negativeFlips()).isEqualTo(5);
        assertThat(r.productionCorrect()).isEqualTo(30);
        assertThat(r.portedHits1()).isEqualTo(27 / 60.0);
        assertThat(scored).hasSize(3);
    }

    @Test
    void aCorruptKeptAdapterMakesOnlyItsPersonaReAdaptWithTheReason() throws Exception {
        portedRight.putAll(Map.of("p1~held-out", 10, "p2~held-out", 10, "p3~held-out", 10));
        Evaluation production = production("v1");
        Files.writeString(shelf.path("v1").resolve(Registry.directoryName("p2~held-out"))
                .resolve("adapter_model.safetensors"), "tampered");
        PortabilityReport r = port(production);
        assertThat(r.personas()).extracting(PortabilityReport.Persona::verdict)
                .containsExactly("portable", "re-adapt", "portable");
        assertThat(r.personas().get(1).reason()).contains("fails verification").contains("changed");
        assertThat(scored).containsExactly("p1~held-out", "p3~held-out");
    }

    @Test
    void anAdapterThatDoesNotLoadOnTheCandidateIsReAdaptWithTheLoadersReason() throws Exception {
        portedRight.putAll(Map.of("p1~held-out", 10, "p2~held-out", 10));
        PortabilityReport r = port(production("v1"));
        assertThat(r.personas().get(2).verdict()).isEqualTo("re-adapt");
        assertThat(r.personas().get(2).reason()).contains("does not load");
        assertThat(r.negativeFlips()).isEqualTo(10);
    }

    @Test
    void nothingToPortWithoutKeptAdaptersOrProduction() throws Exception {
        Evaluation withoutAdapters = production("v1").with(null, null);
        PortabilityCheck check = new PortabilityCheck(shelf, porter, PortabilityVerdict.defaults());
        assertThat(check.port(Optional.of(withoutAdapters), dir, set, Map.of())).isEmpty();
        assertThat(check.port(Optional.empty(), dir, set, Map.of())).isEmpty();
        assertThat(scored).isEmpty();
    }

    @Test
    void aCoreThatKeepsNoAdaptersKeepsNothing() throws Exception {
        try (AdapterShelf.StagingDir staging = shelf.staging()) {
            assertThat(shelf.keep("v1", staging.dir())).isEmpty();
        }
        assertThat(shelf.path("v1")).doesNotExist();
        shelf.cleanStaging();
        assertThat(dir.resolve("store").resolve(AdapterShelf.DIR)).isEmptyDirectory();
    }

    @Test
    void retentionKeepsTheNewestSetsAndProductions() throws Exception {
        for (String v : List.of("v1", "v2", "v3", "v4")) {
            keep(v);
        }
        assertThat(shelf.retain(2, Optional.of("v1"))).containsExactly("v2");
        assertThat(shelf.path("v1")).isDirectory();
        assertThat(shelf.path("v2")).doesNotExist();
        assertThat(shelf.path("v4")).isDirectory();
        assertThat(store.versions()).isEmpty(); // kept adapters are never listed as versions
    }
}
