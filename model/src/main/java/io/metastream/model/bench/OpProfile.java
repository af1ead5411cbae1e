package io.metastream.model.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import io.metastream.domain.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a step's engine time goes: runs it under PyTorch's profiler and groups each operator's
 * self time (its duration less that of the operators it called) into matmul, GELU, LayerNorm,
 * dropout, softmax, copies, optimizer and other. Also counts the top-level operators, which is
 * about the number of engine (JNI) calls of the step.
 */
final class OpProfile {

  private OpProfile() {}

  /** Shares of self time by group, and the top-level operator count, of {@code step}. */
  static Map<String, Object> of(Runnable step) throws IOException {
    Path trace = Files.createTempFile("metastream-profile", ".json");
    try {
      JniUtils.startProfile(false, false, false);
      try {
        step.run();
      } finally {
        JniUtils.stopProfile(trace.toString());
      }
      return summarise(Files.readString(trace));
    } finally {
      Files.deleteIfExists(trace);
    }
  }

  private record Event(String name, double ts, double dur, String tid) {}

  static Map<String, Object> summarise(String json) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable engine profile: " + e.getMessage(), e);
    }
    JsonNode events = root.isArray() ? root : root.path("traceEvents");
    Map<String, List<Event>> byThread = new TreeMap<>();
    for (JsonNode o : events) {
      if (!o.has("dur") || !o.has("ts") || (o.has("ph") && !"X".equals(o.get("ph").asText()))) {
        continue;
      }
      String tid = o.has("tid") ? o.get("tid").asText() : "0";
      byThread.computeIfAbsent(tid, k -> new ArrayList<>()).add(new Event(
          o.get("name").asText(), o.get("ts").asDouble(), o.get("dur").asDouble(), tid));
    }
    Map<String, Double> groups = new LinkedHashMap<>();
    for (String g : new String[] {"matmul", "gelu", "layer_norm", "dropout", "softmax", "copies",
        "optimizer", "other"}) {
      groups.put(g, 0.0);
    }
    Map<String, Double> other = new java.util.HashMap<>();
    double total = 0;
    long topLevel = 0;
    for (List<Event> list : byThread.values()) {
      list.sort(Comparator.comparingDouble(Event::ts).thenComparing(
          Comparator.comparingDouble(Event::dur).reversed()));
      Deque<double[]> stack = new ArrayDeque<>(); // {end, childTime, index}
      double[] self = new double[list.size()];
      for (int i = 0; i < list.size(); i++) {
        Event e = list.get(i);
        while (!stack.isEmpty() && stack.peek()[0] <= e.ts()) {
          stack.pop();
        }
        if (stack.isEmpty()) {
          topLevel++;
        } else {
          self[(int) stack.peek()[2]] -= e.dur();
        }
        self[i] += e.dur();
        stack.push(new double[] {e.ts() + e.dur(), 0, i});
      }
      for (int i = 0; i < list.size(); i++) {
        double s = Math.max(0, self[i]);
        String g = group(list.get(i).name());
        groups.merge(g, s, Double::sum);
        if (g.equals("other")) {
          other.merge(list.get(i).name(), s, Double::sum);
        }
        total += s;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Double> shares = new LinkedHashMap<>();
    for (var g : groups.entrySet()) {
      shares.put(g.getKey(), total > 0 ? round(g.getValue() / total) : 0.0);
    }
    out.put("self_time_share", shares);
    Map<String, Double> topOther = new LinkedHashMap<>();
    double sum = total;
    other.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(8).forEach(e -> topOther.put(e.getKey(), sum > 0 ? round(e.getValue() / sum) : 0));
    out.put("largest_other_ops", topOther);
    out.put("engine_ops_per_step", topLevel);
    out.put("profiled_ms", round(total / 1000));
    return out;
  }

  static String group(String op) {
    String n = op.toLowerCase(Locale.ROOT);
    if (n.contains("mm") || n.contains("matmul") || n.contains("linear") || n.contains("addmm")) {
      return "matmul";
    }
    if (n.contains("gelu")) {
      return "gelu";
    }
    if (n.contains("layer_norm")) {
      return "layer_norm";
    }
    if (n.contains("dropout") || n.contains("bernoulli")) {
      return "dropout";
    }
    if (n.contains("softmax")) {
      return "softmax";
    }
    if (n.contains("copy") || n.contains("contiguous") || n.contains("clone") || n.equals("aten::to")
        || n.contains("_to_copy") || n.contains("cat") || n.contains("stack")) {
      return "copies";
    }
    if (n.contains("addcdiv") || n.contains("addcmul") || n.contains("adam") || n.contains("lerp")) {
      return "optimizer";
    }
    return "other";
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
