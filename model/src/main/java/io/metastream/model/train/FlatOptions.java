package io.metastream.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of flat string options with defaults; unknown keys and bad values are all reported
 * together in one error naming each option.
 */
public final class FlatOptions {

  private final Map<String, String> values;
  private final Set<String> known = new TreeSet<>();
  private final List<String> errors = new ArrayList<>();

  public FlatOptions(Map<String, String> values) {
    this.values = values == null ? Map.of() : Map.copyOf(values);
  }

  public int integer(String key, int def, int min) {
    known.add(key);
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    try {
      int i = Integer.parseInt(v.trim());
      if (i < min) {
        errors.add(key + "=" + v + " must be >= " + min);
      }
      return i;
    } catch (NumberFormatException e) {
      errors.add(key + "=" + v + " is not an integer");
      return def;
    }
  }

  public double decimal(String key, double def, double min, double max) {
    known.add(key);
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (!(d >= min && d <= max)) {
        errors.add(key + "=" + v + " must be in [" + min + ", " + max + "]");
      }
      return d;
    } catch (NumberFormatException e) {
      errors.add(key + "=" + v + " is not a number");
      return def;
    }
  }

  public String text(String key, String def, String... allowed) {
    known.add(key);
    String v = values.getOrDefault(key, def);
    if (allowed.length > 0 && !List.of(allowed).contains(v)) {
      errors.add(key + "=" + v + " must be one of " + List.of(allowed));
      return def;
    }
    return v;
  }

  public boolean flag(String key, boolean def) {
    known.add(key);
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    if (!v.equals("true") && !v.equals("false")) {
      errors.add(key + "=" + v + " must be true or false");
    }
    return Boolean.parseBoolean(v);
  }

  /** Marks keys read elsewhere (e.g. by a caller that shares the map) as known. */
  public void allow(String... keys) {
    known.addAll(List.of(keys));
  }

  /** Fails with every problem found, and the list of valid keys if one was unknown. */
  public void check(String what) {
    for (String k : new TreeSet<>(values.keySet())) {
      if (!known.contains(k)) {
        errors.add("unknown option '" + k + "' (valid: " + known + ")");
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid " + what + " options: " + String.join("; ", errors));
    }
  }
}
