package io.metastream.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus naming rules every service's {@code /metrics} must keep, checked on a scrape (text
 * exposition format). Returns every violation, so a test failure lists them all:
 * <ul>
 *   <li>no unit or word twice in a row ({@code _seconds_seconds}); in {@code metastream_*} names no
 *       word twice at all ({@code tasks_consumed_tasks_total}). Micrometer's own JVM meters
 *       ({@code jvm_threads_live_threads}) keep their standard names;
 *   <li>counters end in {@code _total}, once; nothing else ends in {@code _total};
 *   <li>base units only: no {@code _ms}, {@code _milliseconds}, {@code _percent}, ...;
 *       {@code metastream_*} ratios (hits@1, deltas, flips, confidence bounds) end in
 *       {@code _ratio};
 *   <li>no ready-made {@code _rate} series (use {@code rate()}), no {@code kafka_version} label;
 *   <li>{@code metastream_*} label values are lower case; no label value anywhere looks like a
 *       UUID (a per-process id makes new series on every restart).
 * </ul>
 */
public final class MetricNaming {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern UUID = Pattern.compile(
            "(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> NON_BASE_UNITS = Set.of("ms", "milliseconds", "microseconds",
            "nanoseconds", "minutes", "hours", "kilobytes", "megabytes", "kb", "mb", "percent");
    private static final Set<String> RATIO_WORDS = Set.of("hits1", "delta", "flips", "low", "high", "fraction",
            "share", "accuracy");
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_created");

    private MetricNaming() {
    }

    /** Every rule violation in {@code exposition}, one line each (empty when it keeps them all). */
    public static List<String> violations(String exposition) {
        Map<String, String> types = new HashMap<>();
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.substring(7).trim().split("\\s+");
                if (p.length == 2) {
                    types.put(p[0], p[1]);
                }
            }
        }
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                out.add("unparseable sample line: " + line);
                continue;
            }
            String name = m.group(1);
            if (seen.add(name)) {
                checkName(name, type(name, types), out);
            }
            if (m.group(3) != null) {
                checkLabels(name, m.group(3), out);
            }
        }
        return out;
    }

    private static String type(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return types.get(sample);
        }
        for (String suffix : List.of("_total", "_bucket", "_count", "_sum", "_max", "_created")) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return types.get(sample.substring(0, sample.length() - suffix.length()));
            }
        }
        return "untyped";
    }

    private static void checkName(String name, String type, List<String> out) {
        String stem = name;
        for (String s : SUFFIXES) {
            if (!"counter".equals(type) && stem.endsWith(s)) {
                stem = stem.substring(0, stem.length() - s.length());
            }
        }
        boolean ours = name.startsWith("metastream_");
        if ("counter".equals(type) && !name.endsWith("_total")) {
            out.add(name + ": a counter must end in _total");
        }
        if (!"counter".equals(type) && name.endsWith("_total")) {
            out.add(name + ": only counters end in _total (type " + type + ")");
        }
        if (name.indexOf("_total") != name.lastIndexOf("_total")) {
            out.add(name + ": _total more than once");
        }
        List<String> words = Arrays.asList(stem.replaceFirst("_total$", "").split("_"));
        for (int i = 1; i < words.size(); i++) {
            if (words.get(i).equals(words.get(i - 1))) {
                out.add(name + ": '" + words.get(i) + "' twice in a row");
            }
        }
        if (ours && new HashSet<>(words).size() != words.size()) {
            out.add(name + ": a word repeated (a unit named twice?)");
        }
        for (String w : words) {
            if (NON_BASE_UNITS.contains(w)) {
                out.add(name + ": '" + w + "' is not a base unit: use seconds, bytes or _ratio");
            }
        }
        if (ours && words.stream().anyMatch(RATIO_WORDS::contains) && !stem.endsWith("_ratio")) {
            out.add(name + ": a ratio must end in _ratio");
        }
        if (name.endsWith("_rate")) {
            out.add(name + ": a ready-made rate; export the counter and use rate()");
        }
    }

    private static void checkLabels(String name, String labels, List<String> out) {
        Matcher l = LABEL.matcher(labels);
        while (l.find()) {
            String key = l.group(1);
            String value = l.group(2);
            if (key.equals("kafka_version")) {
                out.add(name + ": label kafka_version (constant per build; multiplies series)");
            }
            if (UUID.matcher(value).find()) {
                out.add(name + ": label " + key + "=\"" + value + "\" holds a UUID (new series every restart)");
            }
            if (name.startsWith("metastream_") && !value.equals(value.toLowerCase(java.util.Locale.ROOT))) {
                out.add(name + ": label " + key + "=\"" + value + "\" is not lower case");
            }
        }
    }
}
