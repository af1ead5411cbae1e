package io.metastream.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Copies named weights into an initialised {@link Encoder}, checking names and shapes. */
public final class EncoderWeights {

  private EncoderWeights() {}

  /**
   * Copies every encoder parameter from {@code source} (keys without model prefix) in place.
   * Extra keys are ignored (e.g. a pooler); a missing key or a wrong shape is refused with the
   * tensor's name, before anything is written.
   */
  public static void copyInto(Encoder encoder, Map<String, NDArray> source, String origin) {
    List<String> missing = new ArrayList<>();
    for (var e : encoder.arrays().entrySet()) {
      NDArray src = source.get(e.getKey());
      if (src == null) {
        missing.add(e.getKey());
      } else if (!src.getShape().equals(e.getValue().getShape())) {
        throw new IllegalArgumentException("tensor '" + e.getKey() + "' in " + origin
            + " has shape " + src.getShape() + " but the encoder config expects "
            + e.getValue().getShape() + "; check config.json against the weights");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(origin + " lacks " + missing.size()
          + " encoder tensors, e.g. " + new TreeSet<>(missing).first()
          + "; is it a BERT/RoBERTa checkpoint of the configured size?");
    }
    encoder.arrays().forEach((name, dst) -> copy(source.get(name), dst));
  }

  /** Deep copies of every base parameter (for Reptile: copy, adapt, move toward). */
  public static Map<String, NDArray> snapshot(Encoder encoder, ai.djl.ndarray.NDManager manager) {
    Map<String, NDArray> out = new java.util.LinkedHashMap<>();
    encoder.arrays().forEach((name, a) -> {
      NDArray copy = a.duplicate();
      copy.attach(manager);
      copy.setName(name);
      out.put(name, copy);
    });
    return out;
  }

  /** Writes a snapshot back into the encoder (in place). */
  public static void restore(Encoder encoder, Map<String, NDArray> snapshot) {
    copyInto(encoder, snapshot, "snapshot");
  }

  /**
   * Moves every base weight a fraction of the way toward {@code target}:
   * {@code W <- W + fraction * (target - W)} (Reptile's outer step). Scratch goes to
   * {@code scratch}.
   */
  public static void moveToward(Encoder encoder, Map<String, NDArray> target, float fraction,
      ai.djl.ndarray.NDManager scratch) {
    try (ai.djl.ndarray.NDManager tmp = scratch.newSubManager()) {
      for (var e : encoder.arrays().entrySet()) {
        NDArray w = e.getValue();
        NDArray t = target.get(e.getKey());
        if (t == null) {
          throw new IllegalArgumentException("target lacks tensor '" + e.getKey() + "'");
        }
        tmp.tempAttachAll(w, t);
        copy(w.add(t.sub(w).mul(fraction)), w);
      }
    }
  }

  /** In-place native copy (keeps the destination array, its gradient flag and its manager). */
  public static void copy(NDArray src, NDArray dst) {
    // DJL records gradients only inside a GradientCollector, but PyTorch's grad mode is per thread
    // and starts enabled on threads DJL did not set up (a service's loop thread), where an in-place
    // write into a weight is refused: outside a collector it is off, as on DJL's own thread
    JniUtils.setGradMode(false);
    dst.set(new NDIndex("..."), src.toType(dst.getDataType(), false));
  }
}
