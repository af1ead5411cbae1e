#!/usr/bin/env bash
# Verifies dashboards/metastream.json against a real Prometheus scraping a real Metastream run:
#  1. installs Debian's prometheus package if /usr/bin/prometheus is missing (needs root);
#  2. runs `metastream demo --model tiny` (real KRaft broker, ingest, control, evaluator, two trainers) with
#     its metrics on fixed ports BASE..BASE+4;
#  3. runs its own Prometheus (temp storage, 127.0.0.1:<free port>, scrape every 2 s) over those ports and the
#     follower's (BASE+5);
#  4. registers two persona adapters (adapted on the demo's pretrained base) and runs `metastream readapt
#     --follow` against the demo's broker and store, its metrics on BASE+5;
#  5. once the demo has printed its summary (if it promoted nothing, promotes its best version with --force
#     and a reason, so the follower has a production to follow), the follower has re-adapted onto production
#     and every target has been scraped a few times, queries /api/v1/query for EVERY panel target expression
#     of the dashboard and fails, listing them, on any expression that returns no series (or only NaN);
#  6. stops Prometheus, the follower and the demo, whatever happens.
#
# Usage: dashboards/verify.sh   (env: METRICS_PORT_BASE=9500, LINGER=600, KEEP_TMP=1 keeps the temp dir,
#                                DASHBOARD=<file> checks another dashboard JSON)
set -euo pipefail

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
ROOT="$(dirname "$HERE")"
DASHBOARD="${DASHBOARD:-$HERE/metastream.json}"   # override only to check another dashboard file
BASE="${METRICS_PORT_BASE:-9500}"
LINGER="${LINGER:-600}"        # the demo keeps its services up this long after its summary; we stop it sooner
SCRAPES=5                      # scrapes of every target to wait for after the demo's summary
TMP="$(mktemp -d /tmp/metastream-verify.XXXXXX)"
PROM_PID=""
DEMO_PID=""
FOLLOW_PID=""

log() { printf '[verify %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

stop() {
    local pid="$1" name="$2"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
    log "$name did not stop within 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    stop "$PROM_PID" prometheus
    stop "$FOLLOW_PID" "metastream readapt --follow"
    stop "$DEMO_PID" "metastream demo"  # its shutdown hook stops the trainer and evaluator JVMs and the broker
    if [[ "${KEEP_TMP:-0}" == 1 || $rc -ne 0 ]]; then log "logs kept in $TMP"; else rm -rf "$TMP"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Polls "$@" every second until it succeeds; gives up after $1 seconds with message $2.
wait_for() {
    local timeout="$1" what="$2"; shift 2
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        (( SECONDS < deadline )) || die "timed out after ${timeout}s waiting for $what"
        sleep 1
    done
}

# --- prerequisites --------------------------------------------------------------------------------------
for tool in java python3 curl; do
    command -v "$tool" >/dev/null || die "'$tool' not found: install it (Debian: apt-get install -y $tool)"
done
[[ -f "$DASHBOARD" ]] || die "$DASHBOARD not found (run python3 dashboards/generate.py)"
if [[ "$DASHBOARD" == "$HERE/metastream.json" ]]; then
    python3 "$HERE/generate.py" --check || die "the dashboard is incomplete or stale (see above)"
fi
if [[ ! -x /usr/bin/prometheus ]]; then
    [[ $(id -u) -eq 0 ]] || die "/usr/bin/prometheus missing: run as root or apt-get install -y prometheus first"
    log "installing Debian's prometheus package"
    # policy-rc.d exit 101 keeps the package's own service from starting (we run our own instance)
    own_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
    fi
    install_rc=0
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus) >"$TMP/apt.log" 2>&1 \
        || install_rc=$?
    [[ $own_policy -eq 1 ]] && rm -f /usr/sbin/policy-rc.d
    [[ $install_rc -eq 0 ]] || die "apt-get install prometheus failed; see $TMP/apt.log"
fi

PORTS=()
for i in 0 1 2 3 4 5; do PORTS+=($((BASE + i))); done
for p in "${PORTS[@]}"; do
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/"; then
        die "port $p is already serving something (another demo?): stop it or set METRICS_PORT_BASE"
    fi
done
PROM_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PROM="http://127.0.0.1:$PROM_PORT"

# --- Prometheus config: one job per service, the demo's fixed ports (see LocalPipeline), the follower's ----
cat >"$TMP/prometheus.yml" <<EOF
global:
  scrape_interval: 2s
  scrape_timeout: 2s
  evaluation_interval: 2s
scrape_configs:
  - job_name: metastream-ingest
    static_configs: [{targets: ["127.0.0.1:${PORTS[0]}"], labels: {component: ingest}}]
  - job_name: metastream-control
    static_configs: [{targets: ["127.0.0.1:${PORTS[1]}"], labels: {component: control}}]
  - job_name: metastream-evaluator
    static_configs: [{targets: ["127.0.0.1:${PORTS[2]}"], labels: {component: evaluator}}]
  - job_name: metastream-trainer
    static_configs:
      - {targets: ["127.0.0.1:${PORTS[3]}"], labels: {component: trainer-lora-ml}}
      - {targets: ["127.0.0.1:${PORTS[4]}"], labels: {component: trainer-sr}}
  - job_name: metastream-readapt
    static_configs: [{targets: ["127.0.0.1:${PORTS[5]}"], labels: {component: readapt}}]
EOF
if command -v promtool >/dev/null; then
    promtool check config "$TMP/prometheus.yml" >&2 || die "promtool rejects the generated config"
fi

# --- run ---------------------------------------------------------------------------------------------
log "starting metastream demo (tiny model) with metrics on ports ${PORTS[*]}; output in $TMP/demo.*"
"$ROOT/metastream" demo --model tiny --rounds 2 --metrics-port-base "$BASE" --linger "$LINGER" --json \
    --work-dir "$TMP/demo" >"$TMP/demo.json" 2>"$TMP/demo.log" &
DEMO_PID=$!

log "starting prometheus on $PROM"
/usr/bin/prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/tsdb" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >"$TMP/prometheus.log" 2>&1 &
PROM_PID=$!
wait_for 60 "prometheus to be ready (see $TMP/prometheus.log)" curl -sf "$PROM/-/ready"

# --- the re-adaptation follower: a registry of two personas adapted on the demo's pretrained base ----------
demo_started() {
    kill -0 "$DEMO_PID" 2>/dev/null || die "the demo exited early; see $TMP/demo.log"
    grep -q '^broker ' "$TMP/demo.log"
}
wait_for 600 "the demo's broker (see $TMP/demo.log)" demo_started
BROKER="$(sed -n 's/^broker \([^;]*\);.*/\1/p' "$TMP/demo.log" | head -n 1)"
PRETRAINED="$TMP/demo/pretrained"
log "registering two persona adapters adapted on $PRETRAINED; output in $TMP/registry.log"
python3 - "$TMP/examples" <<'PY'
import json, os, sys
os.makedirs(sys.argv[1], exist_ok=True)
facts = {"verify-p1": ["i have two dogs", "i love hiking"], "verify-p2": ["i play the cello", "i live by the sea"]}
others = ["the sky is blue", "i like cars", "tea is better than coffee"]
for persona, said in facts.items():
    with open(os.path.join(sys.argv[1], persona + ".jsonl"), "w") as f:
        for i in range(8):
            reply = f"{said[i % 2]} {i}"
            f.write(json.dumps({"exampleId": f"{persona}-e{i}", "personaId": persona, "dialogueId": f"d{i}",
                                "turn": 0, "context": ["tell me about yourself"], "reply": reply,
                                "candidates": [reply] + others, "source": "verify"}) + "\n")
PY
for persona in verify-p1 verify-p2; do
    "$ROOT/metastream" adapt --base "$PRETRAINED" --examples "$TMP/examples/$persona.jsonl" \
        --out "$TMP/adapters/$persona" --rank 2 >>"$TMP/registry.log" 2>&1 || die "adapt failed; see $TMP/registry.log"
    "$ROOT/metastream" readapt register --registry "$TMP/registry" --adapter "$TMP/adapters/$persona" \
        --examples "$TMP/examples/$persona.jsonl" --base "$PRETRAINED" >>"$TMP/registry.log" 2>&1 \
        || die "readapt register failed; see $TMP/registry.log"
done
log "starting metastream readapt --follow (broker $BROKER) with metrics on port ${PORTS[5]}; output in $TMP/readapt.*"
"$ROOT/metastream" readapt --follow --registry "$TMP/registry" --store "$TMP/demo/artifacts" --out "$TMP/readapt" \
    --bootstrap "$BROKER" --topic-prefix metastream. --metrics-port "${PORTS[5]}" --metrics-host 127.0.0.1 \
    >"$TMP/readapt.out" 2>"$TMP/readapt.log" &
FOLLOW_PID=$!

demo_summarised() {
    kill -0 "$DEMO_PID" 2>/dev/null || die "the demo exited early; see $TMP/demo.log"
    [[ -s "$TMP/demo.json" ]]
}
log "waiting for the demo's summary (broker, pipeline, rounds, evaluations, promotion; about a minute)"
wait_for 900 "the demo's summary (see $TMP/demo.log)" demo_summarised
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("demo:", s["checkpoints"], "checkpoints,",
  s["evaluations"], "evaluations,", s["promotions"], "promotions; metrics ports", s["metrics_ports"])' \
    "$TMP/demo.json" >&2

# a production for the follower: the demo's own promotion, else its best version promoted by force, with a reason
PRODUCTION="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["production_version"] or "")' \
    "$TMP/demo.json")"
if [[ -z "$PRODUCTION" ]]; then
    PRODUCTION="$(python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))["versions"]
best = max((n for n in v if v[n]["algorithm"] != "NONE"), key=lambda n: v[n].get("hits1_mean") or 0)
print(best)' "$TMP/demo.json")"
    log "the demo promoted nothing; promoting $PRODUCTION by force so the follower has a production to follow"
    METASTREAM_CONTROL_URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["control_url"])' \
        "$TMP/demo.json")" \
    METASTREAM_CONTROL_TOKEN="$(sed -n 's/.*METASTREAM_CONTROL_TOKEN=\([0-9a-f]*\).*/\1/p' "$TMP/demo.log" | head -n 1)" \
        "$ROOT/metastream" promote --version "$PRODUCTION" --force \
        --reason "dashboards/verify.sh: a production for the re-adaptation follower" >&2 \
        || die "promoting $PRODUCTION failed"
fi
followed() {
    kill -0 "$FOLLOW_PID" 2>/dev/null || die "the follower exited early; see $TMP/readapt.log"
    curl -sf -o "$TMP/readapt.metrics" "http://127.0.0.1:${PORTS[5]}/metrics" \
        && grep -Eq '^metastream_readapt_runs_total\{outcome="(complete|incomplete)"[^}]*\} [1-9]' "$TMP/readapt.metrics"
}
log "waiting for the follower to re-adapt the registry onto production $PRODUCTION"
wait_for 600 "the follower's re-adaptation onto $PRODUCTION (see $TMP/readapt.log)" followed
sed 's/^/  readapt: /' "$TMP/readapt.out" >&2

# every target up, then SCRAPES more scrape intervals so rate() windows have several samples
targets_up() {
    curl -sf "$PROM/api/v1/targets?state=active" | python3 -c '
import json, sys
t = json.load(sys.stdin)["data"]["activeTargets"]
sys.exit(0 if len(t) == 6 and all(x["health"] == "up" for x in t) else 1)'
}
wait_for 60 "all 6 scrape targets up (see $PROM/targets)" targets_up
sleep $((SCRAPES * 2 + 1))

# --- check every panel expression ------------------------------------------------------------------------
log "querying every panel target of $DASHBOARD"
python3 - "$DASHBOARD" "$PROM" <<'PY'
import json, math, sys, urllib.parse, urllib.request

dashboard_file, prom = sys.argv[1], sys.argv[2]
dash = json.load(open(dashboard_file))

def variables():
    """Values to substitute for the dashboard's template variables: 'All' becomes its allValue."""
    out = {}
    for v in dash.get("templating", {}).get("list", []):
        if v["type"] == "datasource":
            continue
        value = v.get("current", {}).get("value", v.get("query"))
        if value in ("$__all", ["$__all"]):
            value = v.get("allValue", ".*")
        out[v["name"]] = value if isinstance(value, str) else "|".join(value)
    # Grafana's $__rate_interval is max(4 x scrape interval, step + scrape interval): 4 x 2 s here, plus one
    # scrape of margin so a window always holds enough samples for rate()
    out["__rate_interval"] = "10s"
    return out

def substitute(expr, values):
    for name in sorted(values, key=len, reverse=True):
        expr = expr.replace("${" + name + "}", values[name]).replace("$" + name, values[name])
    if "$" in expr:
        raise ValueError("unresolved variable in " + expr)
    return expr

def panels(items):
    for p in items:
        if p.get("type") == "row":
            yield from panels(p.get("panels", []))
        else:
            yield p

def query(expr):
    url = prom + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=30) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise ValueError(body.get("error", "query failed"))
    return body["data"]["result"]

values = variables()
total, good, failures = 0, 0, []
for p in panels(dash["panels"]):
    total += 1
    problems = []
    for t in p.get("targets", []):
        expr = substitute(t["expr"], values)
        try:
            result = query(expr)
        except Exception as e:  # a bad expression is a failure of this panel, not of the script
            problems.append(f"{expr}  -> error: {e}")
            continue
        finite = [s for s in result if not math.isnan(float(s["value"][1]))]
        if not result:
            problems.append(f"{expr}  -> no series")
        elif not finite:
            problems.append(f"{expr}  -> {len(result)} series, all NaN")
        else:
            print(f"  ok   {p['title']:<46} {len(result):>3} series  {expr}")
    if problems:
        failures.append((p["title"], problems))
    else:
        good += 1
for title, problems in failures:
    for pr in problems:
        print(f"  FAIL {title}: {pr}")
print(f"{good}/{total} panels return data")
sys.exit(0 if good == total else 1)
PY
