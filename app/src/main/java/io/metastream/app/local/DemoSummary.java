package io.metastream.app.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metastream.control.StatusView;
import io.metastream.control.StatusView.VersionRow;
import io.metastream.domain.PromotionDecision;
import io.metastream.domain.serde.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** What a demo run produced, for the closing lines and {@code --json}. */
public record DemoSummary(StatusView status, PromotionDecision promotion, long rejected, int badRecordsSent,
        Duration elapsed, Path artifactDir, Path logDir, Map<String, Integer> metricsPorts, String controlUrl) {

    public long evaluations() {
        return status.versions().stream().filter(r -> r.hits1Mean() != null).count()
                + status.references().stream().filter(r -> r.hits1Mean() != null).count();
    }

    public long promotions() {
        return status.recentDecisions().stream()
                .filter(d -> d.outcome() == PromotionDecision.Outcome.ACCEPTED).count();
    }

    public String toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("checkpoints", status.versions().size());
        root.put("evaluations", evaluations());
        root.put("promotions", promotions());
        root.put("rejected", rejected);
        root.put("production_version", status.production());
        ObjectNode versions = root.putObject("versions");
        for (VersionRow r : status.versions()) {
            row(versions.putObject(r.version()), r).put("algorithm", r.algorithm().name())
                    .put("parent", r.parentVersion());
        }
        for (VersionRow r : status.references()) {
            row(versions.putObject(r.version()), r).put("algorithm", "NONE");
        }
        root.put("elapsed_seconds", elapsed.toSeconds());
        root.put("artifacts", artifactDir.toString());
        root.put("logs", logDir.toString());
        root.put("control_url", controlUrl);
        ObjectNode ports = root.putObject("metrics_ports");
        metricsPorts.forEach(ports::put);
        try {
            return Json.mapper().writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode row(ObjectNode n, VersionRow r) {
        if (r.hits1Mean() != null) {
            n.put("hits1_mean", r.hits1Mean()).put("hits1_se", r.hits1Se());
        } else {
            n.putNull("hits1_mean");
        }
        if (r.deltaToProduction() != null) {
            n.put("delta_to_production", r.deltaToProduction());
        }
        if (r.passed() != null) {
            n.put("passed", r.passed());
        }
        n.put("production", r.production());
        return n;
    }
}
