package io.metastream.model.bench;

import java.util.Map;

/** Test access to the package-private trace summary. */
public final class OpProfileAccess {
  private OpProfileAccess() {}

  public static Map<String, Object> summarise(String trace) {
    return OpProfile.summarise(trace);
  }
}
