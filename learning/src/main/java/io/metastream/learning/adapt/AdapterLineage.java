package io.metastream.learning.adapt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.metastream.domain.Checks;
import io.metastream.domain.serde.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a re-adapted persona adapter came from ({@value #FILE}, beside it): the old adapter's
 * artifact digest, the base it was trained on and the new one, the examples' digests, the persona's
 * hits@1 before (the old adapter ported unchanged onto the new base) and after re-adaptation, and
 * the options. Both scores are measured on the same examples: the registration's held-out query
 * examples when it names any ({@value #ON_QUERY}), else its support examples ({@value #ON_SUPPORT}:
 * then "after" is a training score), else none ({@value #ON_NONE}: examples without candidates).
 *
 * @param beforeHits1 null when not measured; {@code beforeNote} says why
 */
public record AdapterLineage(@JsonProperty("persona_id") String personaId,
    @JsonProperty("old_adapter_digest") String oldAdapterDigest,
    @JsonProperty("old_base_digest") String oldBaseDigest,
    @JsonProperty("new_base_digest") String newBaseDigest,
    @JsonProperty("examples_digest") String examplesDigest,
    @JsonProperty("query_examples_digest") @JsonInclude(JsonInclude.Include.NON_NULL)
    String queryExamplesDigest,
    @JsonProperty("scored_on") String scoredOn,
    @JsonProperty("scored_examples") int scoredExamples,
    @JsonProperty("before_hits1") Double beforeHits1,
    @JsonProperty("before_note") @JsonInclude(JsonInclude.Include.NON_NULL) String beforeNote,
    @JsonProperty("after_hits1") Double afterHits1,
    @JsonProperty("options") Map<String, String> options) {

  public static final String FILE = "lineage.json";
  public static final String ON_QUERY = "query_examples";
  public static final String ON_SUPPORT = "support_examples";
  public static final String ON_NONE = "none";

  public AdapterLineage {
    Checks.identifier(personaId, "persona_id");
    Checks.sha256(oldAdapterDigest, "old_adapter_digest");
    Checks.sha256(oldBaseDigest, "old_base_digest");
    Checks.sha256(newBaseDigest, "new_base_digest");
    Checks.sha256(examplesDigest, "examples_digest");
    if (queryExamplesDigest != null) {
      Checks.sha256(queryExamplesDigest, "query_examples_digest");
    }
    if (!scoredOn.equals(ON_QUERY) && !scoredOn.equals(ON_SUPPORT) && !scoredOn.equals(ON_NONE)) {
      throw new IllegalArgumentException("scored_on must be " + ON_QUERY + ", " + ON_SUPPORT
          + " or " + ON_NONE + ", was " + scoredOn);
    }
    if (beforeHits1 != null) {
      Checks.unitInterval(beforeHits1, "before_hits1");
    }
    if (afterHits1 != null) {
      Checks.unitInterval(afterHits1, "after_hits1");
    }
    options = new TreeMap<>(Checks.present(options, "options"));
  }

  public void write(Path dir) throws IOException {
    Files.write(dir.resolve(FILE), Json.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(this));
  }

  /** The lineage in {@code dir}, empty when there is none or it does not parse. */
  public static Optional<AdapterLineage> read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readValue(Files.readString(file, StandardCharsets.UTF_8),
          AdapterLineage.class));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
