package io.metastream.model.encoder;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Where the arrays live: {@value #VARIABLE} = {@code auto | cpu | gpu[:N]}. {@code auto} picks
 * GPU 0 when the engine sees one, else the CPU. Create every manager with the parsed device
 * ({@code NDManager.newBaseManager(device)}): arrays are born in their manager's device, so none
 * ends up elsewhere.
 */
public final class Devices {

  /** The environment variable (and option) naming the device. */
  public static final String VARIABLE = "METASTREAM_DEVICE";

  private Devices() {}

  /** Parses {@code value} as named by {@value #VARIABLE}. */
  public static Device parse(String value) {
    return parse(value, VARIABLE);
  }

  /**
   * Parses {@code value}; errors name {@code source} (the variable or CLI option it came from).
   * A GPU that the engine does not see is refused here, not at the first array.
   */
  public static Device parse(String value, String source) {
    String v = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
    int gpus = Engine.getInstance().getGpuCount();
    if (v.equals("auto") || v.isEmpty()) {
      return gpus > 0 ? Device.gpu(0) : Device.cpu();
    }
    if (v.equals("cpu")) {
      return Device.cpu();
    }
    if (v.equals("gpu") || v.startsWith("gpu:")) {
      int n;
      try {
        n = v.equals("gpu") ? 0 : Integer.parseInt(v.substring(4));
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0) {
        throw new IllegalArgumentException(source + "=" + value + " is not a device: use auto, "
            + "cpu, gpu or gpu:N with N >= 0");
      }
      if (n >= gpus) {
        throw new IllegalArgumentException(source + "=" + value + ": the "
            + Engine.getInstance().getEngineName() + " engine sees " + gpus + " GPU(s) on this "
            + "machine; use cpu or auto, or run a CUDA build of the engine on a GPU host");
      }
      return Device.gpu(n);
    }
    throw new IllegalArgumentException(source + "=" + value + " is not a device: use auto, cpu, "
        + "gpu or gpu:N");
  }

  /** Why {@code value} is not a usable device (for configuration checks), or empty if it is. */
  public static java.util.Optional<String> problem(String value) {
    try {
      parse(value);
      return java.util.Optional.empty();
    } catch (IllegalArgumentException e) {
      return java.util.Optional.of(e.getMessage());
    }
  }

  /** {@code options} with {@code device} set under the learning option key {@code device}. */
  public static java.util.Map<String, String> withDevice(java.util.Map<String, String> options,
      String device) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>(options);
    out.put("device", device);
    return out;
  }
}
