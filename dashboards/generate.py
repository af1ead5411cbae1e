#!/usr/bin/env python3
"""Writes dashboards/metastream.json, the Grafana dashboard of a Metastream deployment (schemaVersion 39:
Grafana 10.4 to 11.2 write it; later Grafana versions migrate it on load).

The dashboard is generated rather than hand-edited so that every panel has a title, a description and a
unit, grid positions never overlap, and PromQL stays readable. Edit the panel list below, then run
`python3 dashboards/generate.py` and commit both files; `dashboards/verify.sh` checks every expression
against a real Prometheus scraping a real run.

Conventions: counters are never plotted raw: throughput is rate(x_total[$__rate_interval]) per second, rare
events (rejections, outcomes, decisions) are increase(x_total[$__rate_interval]), the events in each window;
every tag value is registered at start, so those panels show zeros rather than nothing. $__rate_interval is
Grafana's window of at least four scrape intervals, so panels keep working at any scrape interval (a fixed
[1m] is empty at a 30 s scrape). Kafka panels take rate() of Kafka's own *_total counters, never its
ready-made *_rate gauges (which the services do not export).
"""
import json
import pathlib
import sys

DS = {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}
SVC = 'service=~"$service"'
WIDTH = 24


def target(expr, legend, ref):
    return {"datasource": DS, "expr": expr, "legendFormat": legend, "refId": ref, "range": True}


def panel(title, description, unit, targets, kind="timeseries", width=8, height=8, **extra):
    """A panel: targets is a list of (expr, legend) pairs."""
    p = {
        "type": kind,
        "title": title,
        "description": description,
        "datasource": DS,
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "targets": [target(e, l, chr(ord("A") + i)) for i, (e, l) in enumerate(targets)],
        "_w": width,
        "_h": height,
    }
    if kind == "timeseries":
        p["fieldConfig"]["defaults"]["custom"] = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10,
                                                  "showPoints": "never", "spanNulls": True}
        p["options"] = {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                        "tooltip": {"mode": "multi", "sort": "desc"}}
    elif kind == "stat":
        p["options"] = stat_options()
    for key, value in extra.items():
        if key == "defaults":
            p["fieldConfig"]["defaults"].update(value)
        else:
            p[key] = value
    return p


def stat_options(color_mode="value", graph_mode="area", text_mode="auto"):
    return {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
            "colorMode": color_mode, "graphMode": graph_mode, "textMode": text_mode, "justifyMode": "auto",
            "orientation": "auto"}


def flag(off, on):
    """Field defaults of a 0/1 stat: the value shown as text, red or green."""
    return {"mappings": [{"type": "value", "options": {
        "0": {"text": off, "color": "red", "index": 0},
        "1": {"text": on, "color": "green", "index": 1}}}],
        "thresholds": {"mode": "absolute", "steps": [{"color": "red", "value": None},
                                                      {"color": "green", "value": 1}]}}


def stat(title, description, unit, targets, **extra):
    return panel(title, description, unit, targets, kind="stat", width=extra.pop("width", 6),
                 height=extra.pop("height", 5), **extra)


RATE = "suffix: records/s"
WINDOW = "[$__rate_interval]"
PER_WINDOW = "suffix: / window"

ROWS = [
    ("Services", [
        stat("Targets up", "Prometheus' own `up` for every Metastream scrape target: 1 = the last scrape of "
             "/metrics succeeded, 0 = the service is down or unreachable.", "none",
             [('up{job=~"$job"}', "{{job}} {{instance}}")], width=24, height=4, defaults=flag("DOWN", "UP"),
             options=stat_options("background", "none", "value_and_name")),
    ]),
    ("Ingest", [
        panel("Records consumed / s", "Conversation records read from the conversations topic by ingest, per "
              "second (valid and rejected alike).", RATE,
              [("sum by (instance) (rate(metastream_ingest_consumed_records_total[$__rate_interval]))", "{{instance}}")]),
        panel("Rejected records by reason", "Records sent to the rejected topic per window, by the validator's "
              "reason (a bounded enum, lower case). Anything above zero means producers send bad data: read "
              "the rejected topic.", PER_WINDOW,
              [("sum by (reason) (increase(metastream_ingest_rejected_records_total" + WINDOW + "))",
                "{{reason}}")]),
        panel("Tasks emitted by split", "Persona task revisions written per window, by split: train feeds the "
              "trainers, held_out only the evaluator.", PER_WINDOW,
              [("sum by (split) (increase(metastream_ingest_emitted_tasks_total" + WINDOW + "))", "{{split}}")]),
        panel("Dropped examples (duplicates, over capacity)", "Examples ingest dropped per window: duplicate = "
              "already seen (exactly-once de-duplication), over_capacity = the persona's task is full.",
              PER_WINDOW,
              [("sum by (cause) (increase(metastream_ingest_dropped_examples_total" + WINDOW + "))", "{{cause}}")]),
        panel("Kafka Streams records processed / s", "Records processed per second by each Kafka Streams thread "
              "of ingest: rate() of Kafka's process-total counter.", RATE,
              [("sum by (instance, thread_id) (rate(kafka_stream_thread_process_total" + WINDOW + "))",
                "{{thread_id}}")],
              width=16),
    ]),
    ("Trainer", [
        panel("Rounds by outcome", "Meta-update rounds per window, per trainer instance and outcome "
              "(published, non_finite, failed). Only `published` rounds produce a checkpoint.", PER_WINDOW,
              [("sum by (instance, outcome) (increase(metastream_trainer_rounds_total" + WINDOW + "))",
                "{{instance}} {{outcome}}")]),
        panel("Round duration", "Wall time of a meta-update round: mean since start and the recent maximum "
              "(Micrometer's max decays to 0 a few minutes after the last round).", "s",
              [("sum by (instance) (metastream_trainer_round_duration_seconds_sum) / sum by (instance) "
                "(metastream_trainer_round_duration_seconds_count)", "mean {{instance}}"),
               ("max by (instance) (metastream_trainer_round_duration_seconds_max)", "max {{instance}}")]),
        panel("Last round loss", "Final training loss of each trainer's last round (empty before the first "
              "round). A jump or NaN points at a bad batch or learning rate.", "none",
              [("max by (instance) (metastream_trainer_last_loss)", "{{instance}}")]),
        panel("Task pool", "Persona tasks held by each trainer: the whole replay pool, and the new tasks "
              "still waiting for their first round (a round is due every N new tasks).", "short",
              [("max by (instance) (metastream_trainer_pool_size_tasks)", "pool {{instance}}"),
               ("max by (instance) (metastream_trainer_pool_new_tasks)", "new {{instance}}")]),
        panel("Tasks consumed by result", "Persona task records read per second, by what the trainer did with "
              "them: added, replaced (newer version), stale, held_out (refused), invalid.", "suffix: tasks/s",
              [("sum by (instance, result) (rate(metastream_trainer_tasks_consumed_total" + WINDOW + "))",
                "{{instance}} {{result}}")]),
        panel("Last published version", "Number of the last checkpoint version each trainer published.",
              "none", [("max by (instance) (metastream_trainer_last_version)", "{{instance}}")]),
    ]),
    ("Evaluator", [
        panel("Last hits@1", "Few-shot hits@1 among 20 candidates (chance = 5%) of the last evaluated "
              "checkpoint on the frozen held-out personas.", "percentunit",
              [("max by (instance) (metastream_evaluator_last_hits1_ratio)", "{{instance}}")],
              defaults={"min": 0, "max": 1}),
        panel("Evaluations by outcome", "Checkpoint events handled per window, by outcome: passed, failed_gate, "
              "non_finite, refused_artifact, duplicate, error.", PER_WINDOW,
              [("sum by (outcome) (increase(metastream_evaluator_checkpoints_total" + WINDOW + "))",
                "{{outcome}}")]),
        panel("Evaluation duration", "Wall time of the few-shot adaptation protocol for one checkpoint: mean "
              "since start and the recent maximum.", "s",
              [("sum by (instance) (metastream_evaluator_evaluation_duration_seconds_sum) / sum by (instance) "
                "(metastream_evaluator_evaluation_duration_seconds_count)", "mean {{instance}}"),
               ("max by (instance) (metastream_evaluator_evaluation_duration_seconds_max)", "max {{instance}}")]),
        panel("Refused artifacts by problem", "Checkpoint artifacts the evaluator refused to load per window "
              "(digest mismatch, missing or extra file, unreadable ...). Any non-zero value needs a look.",
              PER_WINDOW,
              [("sum by (problem) (increase(metastream_evaluator_artifacts_refused_total" + WINDOW + "))",
                "{{problem}}")]),
        panel("Evaluation set size", "Held-out personas in the frozen, versioned evaluation set.", "short",
              [("max by (instance) (metastream_evaluator_evalset_personas)", "{{instance}}")]),
        panel("Zero-shot hits@1", "Hits@1 of the last evaluated checkpoint on the same held-out queries before "
              "any adaptation step: the gap to the last hits@1 is what few-shot adaptation adds.", "percentunit",
              [("max by (instance) (metastream_evaluator_zero_shot_hits1_ratio)", "{{instance}}")],
              defaults={"min": 0, "max": 1}),
        panel("Paired hits@1 delta vs reference (95% CI)", "Mean per-query hits@1 difference of the last "
              "evaluated checkpoint against each reference (production, base) on the same held-out queries, "
              "with its paired 95% confidence interval. The gate promotes only when the lower bound clears "
              "the margin.", "percentunit",
              [("max by (reference) (metastream_evaluator_paired_delta_ratio)", "delta vs {{reference}}"),
               ("max by (reference) (metastream_evaluator_paired_ci_low_ratio)", "CI low vs {{reference}}"),
               ("max by (reference) (metastream_evaluator_paired_ci_high_ratio)", "CI high vs {{reference}}")],
              width=12),
        panel("Flips vs reference", "Share of held-out queries the last checkpoint gets wrong where the "
              "reference was right (negative flips) and right where it was wrong (positive flips).",
              "percentunit",
              [("max by (reference) (metastream_evaluator_negative_flips_ratio)", "negative vs {{reference}}"),
               ("max by (reference) (metastream_evaluator_positive_flips_ratio)", "positive vs {{reference}}")],
              width=12, defaults={"min": 0, "max": 1}),
        panel("Production's adapters ported: hits@1", "Production's kept per-persona adapters scored as they are "
              "on the last evaluated checkpoint (no retraining), beside production with those same adapters on "
              "the same queries, and the paired difference. Empty when the evaluation ported none.",
              "percentunit",
              [("max by (instance) (metastream_evaluator_portability_ported_hits1_ratio)", "ported {{instance}}"),
               ("max by (instance) (metastream_evaluator_portability_production_hits1_ratio)",
                "production {{instance}}"),
               ("max by (instance) (metastream_evaluator_portability_delta_ratio)", "delta {{instance}}")],
              width=8),
        panel("Ported adapters: answers lost", "Share of production's correct answers its adapters lose when "
              "ported as they are onto the last evaluated checkpoint (negative flips; what "
              "METASTREAM_PROMOTION_MAX_PORTED_LOSS_SHARE bounds when set).", "percentunit",
              [("max by (instance) (metastream_evaluator_portability_negative_flips_ratio)", "lost {{instance}}")],
              width=8, defaults={"min": 0, "max": 1}),
        panel("Personas by portability verdict", "Held-out personas whose production adapter is portable to "
              "the last evaluated checkpoint as it is, and those that need re-adapting (metastream readapt).",
              "short",
              [("max by (verdict) (metastream_evaluator_portability_personas)", "{{verdict}}")], width=8),
    ]),
    ("Promotion", [
        panel("Decisions by action and outcome", "Promotion and rollback decisions recorded in the ledger "
              "per window, by action, outcome and whether an operator forced the gate.", PER_WINDOW,
              [("sum by (action, outcome, forced) (increase(metastream_control_decisions_total" + WINDOW + "))",
                "{{action}} {{outcome}} forced={{forced}}")]),
        panel("Refusals by reason", "Promotions and rollbacks the gate refused per window, by reason.",
              PER_WINDOW,
              [("sum by (reason) (increase(metastream_control_refusals_total" + WINDOW + "))", "{{reason}}")]),
        panel("Control API requests by outcome", "Requests to the control HTTP API per second, by outcome "
              "(ok, bad_request, unauthorized, forbidden, not_found, method_not_allowed, conflict, too_large, "
              "timeout). Sustained unauthorized or forbidden means a misconfigured or hostile client.",
              "reqps",
              [("sum by (outcome) (rate(metastream_control_requests_total" + WINDOW + "))", "{{outcome}}")]),
        stat("Ledger entries", "Entries in the append-only promotion ledger (every decision, accepted or "
             "refused).", "short", [("max(metastream_control_ledger_entries)", "entries")]),
        stat("Production marker in sync", "1 when the PRODUCTION marker file names the ledger's production "
             "version; 0 means serving may load the wrong version (control retries the write).", "none",
             [("min(metastream_control_marker_in_sync)", "in sync")], defaults=flag("OUT OF SYNC", "IN SYNC")),
        stat("Known checkpoint versions", "Checkpoint versions the control service has seen on the "
             "checkpoints topic (candidates for promotion).", "short",
             [("max(metastream_control_checkpoint_versions)", "versions")]),
        stat("Production history depth", "Production versions in the history that rollbacks can unwind.",
             "short", [("max(metastream_control_production_history_depth)", "depth")]),
    ]),
    ("Re-adaptation", [
        panel("Re-adaptation progress", "Personas done over personas to do in the running re-adaptation of the "
              "registered user adapters onto a new production (metastream readapt --follow); it stays at the last "
              "run's value in between. Empty before the first run.", "percentunit",
              [("max by (instance) (metastream_readapt_progress_ratio)", "{{instance}}")],
              defaults={"min": 0, "max": 1}),
        panel("Personas by status (last run)", "Registered personas of the last re-adaptation: readapted, "
              "already_done (a resumed run), skipped (a missing or corrupt registration: read the follower's "
              "output for the reason), failed (its batch failed; re-adapted from its old adapter next time).",
              "short", [("max by (status) (metastream_readapt_personas)", "{{status}}")]),
        panel("Hits@1 before and after re-adaptation", "Mean hits@1 of the last run's personas on their scored "
              "examples: before = the old adapter ported unchanged onto the new base, after = re-adapted on it. "
              "The gap is what re-adapting saves the users.", "percentunit",
              [("max by (when) (metastream_readapt_hits1_ratio)", "{{when}}")], defaults={"min": 0, "max": 1}),
        panel("Re-adaptations by outcome", "Re-adaptations onto a new production per window: complete (every "
              "persona has an adapter for it), incomplete (one skipped or failed), error (none ran: the "
              "production base is missing or corrupt).", PER_WINDOW,
              [("sum by (outcome) (increase(metastream_readapt_runs_total" + WINDOW + "))", "{{outcome}}")]),
        panel("Last re-adaptation duration", "Wall time of the last re-adaptation that ran.", "s",
              [("max by (instance) (metastream_readapt_last_run_duration_seconds)", "{{instance}}")]),
        stat("Registry in sync with production", "1 when the complete re-adapted registry is production's; 0 "
             "while the follower is behind (re-adapting, or the last run incomplete or failed).", "none",
             [("min(metastream_readapt_in_sync)", "in sync")], width=4, height=8, defaults=flag("BEHIND", "IN SYNC")),
        stat("Followed version", "The production version whose re-adapted registry is complete "
             "(<out>/FOLLOWED): its adapters are in <out>/<version>/.", "none",
             [("max by (version) (metastream_readapt_followed_info)", "{{version}}")], width=4, height=8,
             options=stat_options("none", "none", "name")),
    ]),
    ("Kafka clients", [
        panel("Consumer lag (max)", "Largest lag, in records, of any partition a consumer reads, per service "
              "and client. Growing lag means the service falls behind its input topic.", "short",
              [(f"max by (service, client_id) (kafka_consumer_fetch_manager_records_lag_max{{{SVC}}})",
                "{{service}} {{client_id}}")]),
        panel("Records consumed / s", "Records fetched per second by each consumer (rate of Kafka's own "
              "records-consumed-total).", RATE,
              [(f"sum by (service, client_id) "
                f"(rate(kafka_consumer_fetch_manager_records_consumed_total{{{SVC}}}{WINDOW}))",
                "{{service}} {{client_id}}")]),
        panel("Producer records sent / s", "Records sent per second by each producer (rate of Kafka's own "
              "record-send-total), and failed sends.", RATE,
              [(f"sum by (service, client_id) (rate(kafka_producer_record_send_total{{{SVC}}}{WINDOW}))",
                "sent {{service}} {{client_id}}"),
               (f"sum by (service, client_id) (rate(kafka_producer_record_error_total{{{SVC}}}{WINDOW}))",
                "errors {{service}} {{client_id}}")]),
    ]),
    ("JVM", [
        panel("Heap used", "JVM heap in use (all heap pools) per service instance. Ingest and control share "
              "one JVM in local mode.", "bytes",
              [(f'sum by (service, instance) (jvm_memory_used_bytes{{area="heap", {SVC}}})',
                "{{service}} {{instance}}")]),
        panel("GC pause time", "Fraction of wall time spent in GC pauses per service instance (rate of "
              "pause seconds).", "percentunit",
              [(f"sum by (service, instance) (rate(jvm_gc_pause_seconds_sum{{{SVC}}}{WINDOW}))",
                "{{service}} {{instance}}")]),
        panel("Live threads", "Live JVM threads per service instance; steady growth means a thread leak.",
              "short", [(f"max by (service, instance) (jvm_threads_live_threads{{{SVC}}})",
                         "{{service}} {{instance}}")]),
    ]),
]


def layout():
    """Rows with their panels below them, packed left to right, top to bottom."""
    panels, y, next_id = [], 0, 1
    for title, row_panels in ROWS:
        panels.append({"type": "row", "title": title, "collapsed": False, "id": next_id,
                       "gridPos": {"h": 1, "w": WIDTH, "x": 0, "y": y}, "panels": []})
        next_id += 1
        y += 1
        x, line_height = 0, 0
        for p in row_panels:
            w, h = p.pop("_w"), p.pop("_h")
            if x + w > WIDTH:
                x, y, line_height = 0, y + line_height, 0
            p["id"] = next_id
            p["gridPos"] = {"h": h, "w": w, "x": x, "y": y}
            next_id += 1
            x += w
            line_height = max(line_height, h)
            panels.append(p)
        y += line_height
    return panels


def dashboard():
    return {
        "uid": "metastream-overview",
        "title": "Metastream",
        "description": "Streaming continual retraining: ingest, trainers, evaluator, promotion, "
                       "re-adaptation, Kafka clients, JVM. Source: dashboards/generate.py; verified by "
                       "dashboards/verify.sh.",
        "tags": ["metastream", "kafka", "ml"],
        "schemaVersion": 39,
        "version": 1,
        "editable": True,
        "graphTooltip": 1,
        "time": {"from": "now-30m", "to": "now"},
        "refresh": "30s",
        "timezone": "browser",
        "annotations": {"list": []},
        "links": [],
        "templating": {"list": [
            {"name": "DS_PROMETHEUS", "label": "Prometheus", "type": "datasource", "query": "prometheus",
             "hide": 0, "refresh": 1, "regex": "", "current": {}, "options": []},
            {"name": "service", "label": "Service", "type": "query", "datasource": DS,
             "query": {"query": "label_values(jvm_threads_live_threads, service)", "refId": "service"},
             "definition": "label_values(jvm_threads_live_threads, service)", "refresh": 2, "sort": 1,
             "multi": True, "includeAll": True, "allValue": ".*",
             "current": {"text": "All", "value": "$__all"}, "hide": 0, "options": []},
            {"name": "job", "label": "Scrape jobs (regex)", "type": "textbox", "query": "metastream.*",
             "current": {"text": "metastream.*", "value": "metastream.*"}, "hide": 0,
             "description": "Regex of the Prometheus job names that scrape Metastream services"},
        ]},
        "panels": layout(),
    }


def problems(dash):
    """What a dashboard lacks: every panel needs a title, a description, a unit and at least one target."""
    out = []
    for p in dash["panels"]:
        if p["type"] == "row":
            continue
        for key in ("title", "description"):
            if not p.get(key):
                out.append(f"panel {p.get('id')} '{p.get('title')}' has no {key}")
        if not p.get("fieldConfig", {}).get("defaults", {}).get("unit"):
            out.append(f"panel {p.get('id')} '{p.get('title')}' has no unit")
        if not p.get("targets") or not all(t.get("expr") for t in p["targets"]):
            out.append(f"panel {p.get('id')} '{p.get('title')}' has a missing or empty target expression")
    return out


if __name__ == "__main__":
    out = pathlib.Path(__file__).resolve().parent / "metastream.json"
    text = json.dumps(dashboard(), indent=2) + "\n"
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        # verify.sh: the committed JSON must be what this script generates, and complete
        issues = problems(json.loads(out.read_text()))
        if out.read_text() != text:
            issues.append(f"{out.name} is not what generate.py produces: run python3 dashboards/generate.py")
        for issue in issues:
            print("dashboard check: " + issue, file=sys.stderr)
        sys.exit(1 if issues else 0)
    out.write_text(text)
    print(f"wrote {out}")
