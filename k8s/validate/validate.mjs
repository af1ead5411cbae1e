// Validates every manifest in k8s/ : core and apps objects against the Kubernetes OpenAPI schemas
// (kubernetes-models), PodMonitor against the Prometheus Operator CRD schema, Strimzi resources against
// the fields their CRDs require, and cross-references (config maps, secrets, claims, container args and
// every METASTREAM_* variable must exist in the product). Exits non-zero with one line per problem.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as monitoring from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";

const here = dirname(fileURLToPath(import.meta.url));
const k8sDir = join(here, "..");
const repo = join(k8sDir, "..");
const problems = [];
const objects = [];

for (const file of readdirSync(k8sDir).filter((f) => f.endsWith(".yaml")).sort()) {
  const docs = parseAllDocuments(readFileSync(join(k8sDir, file), "utf8"));
  for (const doc of docs) {
    if (doc.errors.length) {
      problems.push(`${file}: YAML error: ${doc.errors[0].message}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj) objects.push({ file, obj });
  }
}

const models = {
  "v1/Namespace": core.Namespace,
  "v1/ConfigMap": core.ConfigMap,
  "v1/Secret": core.Secret,
  "v1/Service": core.Service,
  "v1/PersistentVolumeClaim": core.PersistentVolumeClaim,
  "apps/v1/Deployment": apps.Deployment,
  "monitoring.coreos.com/v1/PodMonitor": monitoring.PodMonitor,
};

// Fields Strimzi's v1beta2 CRDs require (KRaft with node pools).
const strimzi = {
  Kafka: (s) => [s?.kafka?.listeners?.length > 0 || "spec.kafka.listeners is required",
    !s?.zookeeper || "ZooKeeper is gone in Kafka 4: remove spec.zookeeper"],
  KafkaNodePool: (s) => [Number.isInteger(s?.replicas) || "spec.replicas is required",
    s?.roles?.length > 0 || "spec.roles is required", !!s?.storage?.type || "spec.storage.type is required"],
  KafkaTopic: (s) => [Number.isInteger(s?.partitions) || "spec.partitions is required",
    Number.isInteger(s?.replicas) || "spec.replicas is required"],
};

const where = (o) => `${o.file}: ${o.obj.kind} ${o.obj.metadata?.name ?? "?"}`;
for (const o of objects) {
  const { apiVersion, kind } = o.obj;
  const key = `${apiVersion}/${kind}`;
  if (models[key]) {
    try {
      new models[key](o.obj).validate();
    } catch (e) {
      problems.push(`${where(o)}: ${e.message.split("\n")[0]}`);
    }
  } else if (apiVersion === "kafka.strimzi.io/v1beta2" && strimzi[kind]) {
    if (!o.obj.metadata?.labels?.["strimzi.io/cluster"] && kind !== "Kafka") {
      problems.push(`${where(o)}: needs the strimzi.io/cluster label`);
    }
    for (const r of strimzi[kind](o.obj.spec)) if (r !== true) problems.push(`${where(o)}: ${r}`);
  } else {
    problems.push(`${where(o)}: unknown kind ${key}`);
  }
  if (kind !== "Namespace" && o.obj.metadata?.namespace !== "metastream") {
    problems.push(`${where(o)}: must be in namespace metastream`);
  }
}

// Cross-references.
const named = (kind) => new Set(objects.filter((o) => o.obj.kind === kind).map((o) => o.obj.metadata.name));
const configMaps = named("ConfigMap"), secrets = named("Secret"), claims = named("PersistentVolumeClaim");
const javaSources = [];
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (f === "node_modules" || f === "target" || f.startsWith(".")) continue;
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".java") && p.includes(join("src", "main"))) javaSources.push(readFileSync(p, "utf8"));
  }
};
walk(repo);
const allJava = javaSources.join("\n");
const knownVariable = (name) => allJava.includes(`"${name}"`) ||
  ["METASTREAM_LEARN_", "METASTREAM_KAFKA_"].some((p) => name.startsWith(p) && allJava.includes(`"${p}"`));
const subcommands = new Set(["ingest", "trainer", "evaluator", "control", "readapt"]);

for (const o of objects.filter((x) => x.obj.kind === "ConfigMap" || x.obj.kind === "Secret")) {
  for (const name of Object.keys({ ...o.obj.data, ...o.obj.stringData })) {
    if (name.startsWith("METASTREAM_") && !knownVariable(name)) {
      problems.push(`${where(o)}: ${name} is not read by any service`);
    }
  }
}
for (const o of objects.filter((x) => x.obj.kind === "Deployment")) {
  const spec = o.obj.spec.template.spec;
  for (const c of spec.containers) {
    for (const e of c.envFrom ?? []) {
      if (e.configMapRef && !configMaps.has(e.configMapRef.name)) problems.push(`${where(o)}: no ConfigMap ${e.configMapRef.name}`);
      if (e.secretRef && !secrets.has(e.secretRef.name)) problems.push(`${where(o)}: no Secret ${e.secretRef.name}`);
    }
    for (const e of c.env ?? []) {
      if (e.name.startsWith("METASTREAM_") && !knownVariable(e.name)) problems.push(`${where(o)}: ${e.name} is not read by any service`);
    }
    if (!subcommands.has(c.args?.[0])) problems.push(`${where(o)}: container args must start with a service subcommand`);
    // readapt is a one-shot command unless it follows production
    if (c.args?.[0] === "readapt" && !c.args.includes("--follow")) problems.push(`${where(o)}: readapt runs as a service only with --follow`);
    // the images of the Dockerfile: a container that asks for a GPU runs the CUDA one, the others the CPU one
    const gpu = c.resources?.limits?.["nvidia.com/gpu"] !== undefined;
    const image = /^ghcr\.io\/metastream\/metastream:[\w.]+?(-cuda)?$/.exec(c.image ?? "");
    if (!image) problems.push(`${where(o)}: image ${c.image} is not ghcr.io/metastream/metastream:<version>[-cuda]`);
    else if (gpu !== (image[1] === "-cuda")) problems.push(`${where(o)}: ${gpu ? "asks for a GPU but runs the CPU image" : "runs the CUDA image without asking for a GPU"}`);
    const mounts = new Set((c.volumeMounts ?? []).map((m) => m.name));
    for (const m of mounts) if (!(spec.volumes ?? []).some((v) => v.name === m)) problems.push(`${where(o)}: mount ${m} has no volume`);
  }
  for (const v of spec.volumes ?? []) {
    if (v.persistentVolumeClaim && !claims.has(v.persistentVolumeClaim.claimName)) problems.push(`${where(o)}: no claim ${v.persistentVolumeClaim.claimName}`);
  }
  const sel = o.obj.spec.selector.matchLabels;
  for (const [k, v] of Object.entries(sel)) {
    if (o.obj.spec.template.metadata.labels[k] !== v) problems.push(`${where(o)}: selector ${k}=${v} does not match the pod labels`);
  }
}

// Every topic of the catalogue (io.metastream.domain.Topics) is declared, with the right cleanup policy.
const catalogue = readFileSync(join(repo, "domain/src/main/java/io/metastream/domain/Topics.java"), "utf8");
const declared = new Map(objects.filter((o) => o.obj.kind === "KafkaTopic")
  .map((o) => [o.obj.spec.topicName, o.obj.spec.config?.["cleanup.policy"] ?? "delete"]));
const compactedMethods = (catalogue.match(/compacted\(\) \{[^}]*?List\.of\(([\s\S]*?)\);/) ?? [, ""])[1];
for (const m of catalogue.matchAll(/public String (\w+)\(\) \{\s*return prefix \+ "([^"]+)";/g)) {
  const [, method, suffix] = m;
  const name = "metastream." + suffix;
  const policy = compactedMethods.includes(method + "()") ? "compact" : "delete";
  if (!declared.has(name)) problems.push(`02-topics.yaml: topic ${name} of the catalogue is not declared`);
  else if (declared.get(name) !== policy) problems.push(`02-topics.yaml: topic ${name} must have cleanup.policy ${policy}`);
}

if (problems.length) {
  for (const p of problems) console.error(`k8s: ${p}`);
  console.error(`${objects.length} objects, ${problems.length} problems`);
  process.exit(1);
}
console.log(`k8s: ${objects.length} objects valid (${[...new Set(objects.map((o) => o.obj.kind))].join(", ")})`);
